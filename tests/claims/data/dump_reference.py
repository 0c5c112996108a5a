"""Reference outputs of the packaged claim model computed on the matrix path (scipy feature
matrix times the weights, quantities found per sentence), for claims_reference.json.

Run from the repository root after retraining the claim model:
python tests/claims/data/dump_reference.py tests/claims/data/claims_reference.json 400 12 "ABOUT"
"""

import json
import sys
from dataclasses import asdict
from importlib import resources
from pathlib import Path

import numpy as np

from propscan.analysis import Claim
from propscan.claims import load_claim_model
from propscan.claims.model import NEWS_OFFSETS, out_of_range
from propscan.claims.quantities import find_quantities
from propscan.claims.train import load_claim_data
from propscan.dataset import load_articles
from propscan.document import Document
from propscan.models.fast import softmax

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def r7(a):
    return np.round(np.asarray(a, dtype=np.float64), 7).tolist()


out = Path(sys.argv[1])
m = load_claim_model()


def probs(texts):
    if not texts:
        return softmax(m.weights.scores(m.featurizer.transform(["x"])))[:0]
    return softmax(m.weights.scores(m.featurizer.transform(texts)))


def claims(doc):
    segs = doc.article_sentences
    texts = [s.text for s in segs]
    found = [tuple(find_quantities(doc.text, s.start, s.end)) for s in segs]
    counts = [len(q) for q in found]
    p = softmax(m.weights.scores(m.featurizer.transform(texts, counts)))
    # Article sentences are decided as the model decides them: news offsets, short ones out.
    decided = m.decide(p, out_of_range(texts, counts), NEWS_OFFSETS["linear"])
    cl = [
        Claim(start=s.start, end=s.end, text=s.text, verdict=v, score=sc, quantities=q)
        for s, q, (v, sc) in zip(segs, found, decided, strict=True)
    ]
    return {"claims": [asdict(c) for c in cl], "probabilities": r7(p)}


demo = (resources.files("propscan") / "data" / "demo-article.txt").read_text(encoding="utf-8")
edge = [
    "",
    " ",
    "Thank you.",
    "?",
    "Over 350,000 people have been killed in Syria since 2011.",
    "I think that is a disgrace.",
    "Do you really believe that?",
    "We must act now!",
    "Unemployment rose to 9 percent last year, up from 7.5%.",
    "No one came; twenty-one did.",
    "Ünïcödé façade — “quoted” ’tis naïve 5€ £3.2bn ¥12 COVID19 F16 1990s 3rd.",
    "Istanbul \u212aELVIN ſ ı ten often someone FIVE hundred thousand",
    "a" * 300,
    "x y z " * 60,
    "😀 emoji 🇺🇸 and 12 more",
    "tab\there\nnewline 3m people",
]
data = {
    "about": sys.argv[4],
    "demo": claims(Document.create(demo)),
    "edge": r7(probs(edge)),
    "edge_sentences": edge,
}
dev = load_claim_data(SHARED / "data/claimbuster/crowdsourced.csv").part(dev=True)
data["claimbuster_dev"] = r7(probs(dev.texts[: int(sys.argv[2])]))
arts = load_articles(SHARED / "data/ptc/unlabelled-test/articles")


def no_text(r):
    for c in r["claims"]:
        del c["text"]
    return r


data["ptc"] = {
    aid: no_text(claims(doc)) for aid, doc in list(sorted(arts.items()))[: int(sys.argv[3])]
}
out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
