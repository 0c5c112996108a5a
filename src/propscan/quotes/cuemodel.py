"""A learnt cue detector: which occurrences of a cue-like word introduce an attribution.

A word such as "say", "show" or "support" is an attribution cue in some contexts only
("Studies show that …" vs "the show"). For every token whose lowercased text starts a gold
cue at least :data:`MIN_VOCAB` times in PolNeAR train, a logistic regression over sparse
context features (the word, its neighbours, whether a subject-like token precedes it and
"that", a comma or a quotation mark follows, its place in the sentence) gives the
probability that it starts a cue. It was trained with scikit-learn (L1, liblinear) on the
840 train articles, one example per candidate token, labelled by whether any annotator
file marks a cue starting there. Inference is plain Python: the packaged weights file
``propscan/data/quote-cue-model.txt`` holds the bias, the vocabulary and the non-negligible
feature weights. Regenerate it with::

    .venv/bin/python -m propscan.quotes.cuemodel ../shared/data/polnear/train \\
        -o src/propscan/data/quote-cue-model.txt

(Newell, Margolin, Ruths, "An Attribution Relations Corpus for Political News", LREC 2018.)
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from propscan.fileio import atomic_write
from propscan.quotes.brat import read_folder

Token = tuple[int, int, str]
# A word must start a gold cue at least this often in train, and in at least this share of
# its occurrences, to be a candidate.
MIN_VOCAB = 3
MIN_RATE = 0.03
# Weights smaller than this in absolute value are left out of the packaged file.
MIN_WEIGHT = 0.02
_QUOTES = frozenset("“”\"‘’'«»")
_SUBJECTS = frozenset("he she they i we it who which officials experts polls studies".split())
# Auxiliaries that start cues ("has argued", "is warning") as often as they do not ("have
# used chemical weapons"): for these the main verb after them is a feature of its own.
AUXILIARIES = frozenset("has have had is are was were did does do would will".split())
# Words skipped between an auxiliary and its main verb (adverbs of -ly aside).
_BETWEEN = frozenset(
    "not n't also long never repeatedly often already previously since just still widely "
    "been being now even then later once first".split()
)


def main_verb(low: list[str], i: int) -> str:
    """The word after the auxiliary ``low[i]`` past adverbs (``has also detailed`` ->
    ``detailed``), or ``</s>``."""
    j = i + 1
    while j < len(low) and (low[j] in _BETWEEN or (len(low[j]) > 4 and low[j].endswith("ly"))):
        j += 1
    return low[j] if j < len(low) else "</s>"


@cache
def speech_verbs() -> frozenset[str]:
    """The one-word cues of the lexicon (:func:`propscan.quotes.lexicon.cues`), lowercased
    with ``'`` apostrophes."""
    from propscan.quotes.lexicon import cues

    return frozenset(c for c in cues() if " " not in c)


def _low(word: str) -> str:
    return word.lower().replace("’", "'")


def features(tokens: list[Token], i: int, quoted: bool) -> list[str]:
    """The sparse features of token ``i`` of a sentence (``quoted``: it holds a quote mark)."""
    w = _low(tokens[i][2])
    prev = _low(tokens[i - 1][2]) if i > 0 else "<s>"
    prev2 = _low(tokens[i - 2][2]) if i > 1 else "<s>"
    nxt = _low(tokens[i + 1][2]) if i + 1 < len(tokens) else "</s>"
    nxt2 = _low(tokens[i + 2][2]) if i + 2 < len(tokens) else "</s>"
    prev_raw = tokens[i - 1][2] if i > 0 else ""
    left = len(tokens) - i
    out = [
        "w=" + w,
        "p=" + prev,
        "n=" + nxt,
        "wn=" + w + "|" + nxt,
        "pw=" + prev + "|" + w,
        "p2=" + prev2,
        "n2=" + nxt2,
        "pcap=" + str(prev_raw[:1].isupper()),
        "psubj=" + str(prev in _SUBJECTS),
        "nq=" + str(nxt in _QUOTES or nxt in (",", ":", "that")),
        "pos=" + ("0" if i == 0 else "1" if i < 3 else "m"),
        "left=" + ("1" if left < 3 else "2" if left < 6 else "m"),
        "q=" + str(quoted),
        "wq=" + w + "|" + str(quoted),
        "cap=" + str(tokens[i][2][:1].isupper()),
    ]
    if w in AUXILIARIES:
        main = main_verb([_low(t[2]) for t in tokens], i)
        out += ["m=" + main, "mcue=" + str(main in speech_verbs())]
    return out


def spellings(word: str) -> list[str]:
    """The lowercased token texts that normalise to ``word`` (each ``'`` may be ``’``)."""
    out = [""]
    for ch in word:
        out = [o + c for o in out for c in ((ch, "’") if ch == "'" else (ch,))]
    return out


# A word's own weights when it has none: (w, wn by next word, pw by previous word, wq by quoted).
_NO_WORD: tuple[float, dict[str, float], dict[str, float], tuple[float, float]] = (
    0.0,
    {},
    {},
    (0.0, 0.0),
)


@dataclass(frozen=True)
class _Lookup:
    """The weights of :func:`features` by the values they are built from."""

    words: dict[str, tuple[float, dict[str, float], dict[str, float], tuple[float, float]]]
    p: dict[str, float]
    n: dict[str, float]
    p2: dict[str, float]
    n2: dict[str, float]
    pcap: tuple[float, float]
    psubj: tuple[float, float]
    nq: tuple[float, float]
    pos: tuple[float, float, float]
    left: tuple[float, float, float]
    q: tuple[float, float]
    cap: tuple[float, float]
    m: dict[str, float]
    mcue: tuple[float, float]

    @staticmethod
    def build(weights: dict[str, float]) -> _Lookup:
        def table(kind: str) -> dict[str, float]:
            prefix = kind + "="
            return {k[len(prefix) :]: v for k, v in weights.items() if k.startswith(prefix)}

        def flag(kind: str) -> tuple[float, float]:
            return (weights.get(f"{kind}=False", 0.0), weights.get(f"{kind}=True", 0.0))

        def three(kind: str, values: str) -> tuple[float, float, float]:
            a, b, c = (weights.get(f"{kind}={v}", 0.0) for v in values)
            return a, b, c

        # "wn=W|NEXT", "pw=PREV|W" and "wq=W|QUOTED" by the candidate word W (which holds no
        # "|": candidates are words).
        wn: dict[str, dict[str, float]] = {}
        for key, v in table("wn").items():
            w, _, nxt = key.partition("|")
            wn.setdefault(w, {})[nxt] = v
        pw: dict[str, dict[str, float]] = {}
        for key, v in table("pw").items():
            prev, _, w = key.rpartition("|")
            pw.setdefault(w, {})[prev] = v
        own = table("w")
        wq = table("wq")
        names = set(own) | set(wn) | set(pw) | {k.rpartition("|")[0] for k in wq}
        words = {
            w: (
                own.get(w, 0.0),
                wn.get(w, {}),
                pw.get(w, {}),
                (wq.get(w + "|False", 0.0), wq.get(w + "|True", 0.0)),
            )
            for w in names
        }
        return _Lookup(
            words,
            table("p"),
            table("n"),
            table("p2"),
            table("n2"),
            flag("pcap"),
            flag("psubj"),
            flag("nq"),
            three("pos", "01m"),
            three("left", "12m"),
            flag("q"),
            flag("cap"),
            table("m"),
            flag("mcue"),
        )


@dataclass(frozen=True)
class CueModel:
    """Candidate words, feature weights and bias of the cue detector."""

    vocab: frozenset[str]
    weights: dict[str, float]
    bias: float
    # A memo of :meth:`candidate` by raw token text.
    candidates: dict[str, bool] = field(default_factory=dict)
    # The lowercased token texts of the candidate words (``’`` or ``'`` in each apostrophe).
    lowered: frozenset[str] = field(init=False)
    # The weights arranged for :meth:`score`.
    lookup: _Lookup = field(init=False)

    def __post_init__(self) -> None:
        lowered = frozenset(v for w in self.vocab for v in spellings(w))
        object.__setattr__(self, "lowered", lowered)
        object.__setattr__(self, "lookup", _Lookup.build(self.weights))

    def candidate(self, word: str) -> bool:
        """Whether a token's raw text is a candidate word (the others score 0)."""
        known = self.candidates.get(word)
        if known is None:
            known = self.candidates[word] = _low(word) in self.vocab
        return known

    def probability(self, tokens: list[Token], i: int, quoted: bool) -> float:
        """The probability that token ``i`` starts a cue (0 for a non-candidate word)."""
        if not self.candidate(tokens[i][2]):
            return 0.0
        raw = [t[2] for t in tokens]
        return self.score(raw, [_low(w) for w in raw], i, quoted)

    def score(self, raw: list[str], low: list[str], i: int, quoted: bool) -> float:
        """:meth:`probability` of candidate token ``i`` of a sentence given as its token
        texts ``raw`` and their lowercased, apostrophe-normalised forms ``low``: the weights
        of :func:`features` looked up without building the feature strings and summed in
        the same order (so to the same float)."""
        t = self.lookup
        w = low[i]
        prev = low[i - 1] if i > 0 else "<s>"
        prev2 = low[i - 2] if i > 1 else "<s>"
        nxt = low[i + 1] if i + 1 < len(low) else "</s>"
        nxt2 = low[i + 2] if i + 2 < len(low) else "</s>"
        left = len(low) - i
        word = t.words.get(w, _NO_WORD)
        z = self.bias + sum(
            [
                word[0],
                t.p.get(prev, 0.0),
                t.n.get(nxt, 0.0),
                word[1].get(nxt, 0.0),
                word[2].get(prev, 0.0),
                t.p2.get(prev2, 0.0),
                t.n2.get(nxt2, 0.0),
                t.pcap[i > 0 and raw[i - 1][:1].isupper()],
                t.psubj[prev in _SUBJECTS],
                t.nq[nxt in _QUOTES or nxt in (",", ":", "that")],
                t.pos[0 if i == 0 else 1 if i < 3 else 2],
                t.left[0 if left < 3 else 1 if left < 6 else 2],
                t.q[quoted],
                word[3][quoted],
                t.cap[raw[i][:1].isupper()],
            ]
        )
        if w in AUXILIARIES:
            main = main_verb(low, i)
            z += t.m.get(main, 0.0) + t.mcue[main in speech_verbs()]
        return 1.0 / (1.0 + math.exp(-z))


@cache
def model() -> CueModel:
    """The packaged cue detector."""
    raw = (resources.files("propscan") / "data" / "quote-cue-model.txt").read_text(encoding="utf-8")
    vocab: set[str] = set()
    weights: dict[str, float] = {}
    bias = 0.0
    for line in raw.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, value = line.split("\t")
        if kind == "B":
            bias = float(value)
        elif kind == "V":
            vocab.add(key)
        else:
            weights[key] = float(value)
    return CueModel(frozenset(vocab), weights, bias)


def sentences_of(text: str) -> list[list[Token]]:
    """The tokens of each sentence of ``text``, as the finder splits them."""
    from propscan.quotes.finder import paragraph_sentences, tokens_of

    return [tokens_of(text, s, e) for s, e in paragraph_sentences(text, len(text))]


def examples(train_dir: Path) -> tuple[list[list[str]], list[int], set[str]]:
    """(features, label) of every candidate token in a PolNeAR folder, and the vocabulary."""
    starts: dict[str, set[int]] = {}
    texts: dict[str, str] = {}
    for _, name, text, attributions in read_folder(train_dir):
        texts[name] = text
        mark = starts.setdefault(name, set())
        for a in attributions:
            if a.cue:
                mark.add(a.cue[0][0])
    counts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    split = {name: sentences_of(text) for name, text in texts.items()}
    for name, sents in split.items():
        for toks in sents:
            counts.update(_low(t[2]) for t in toks if t[0] in starts[name])
            seen.update(_low(t[2]) for t in toks)
    vocab = {
        w
        for w, n in counts.items()
        if n >= MIN_VOCAB and n >= MIN_RATE * seen[w] and any(c.isalpha() for c in w)
    }
    xs: list[list[str]] = []
    ys: list[int] = []
    for name, sents in split.items():
        for toks in sents:
            quoted = any(t[2] in _QUOTES for t in toks)
            for i, tok in enumerate(toks):
                if _low(tok[2]) in vocab:
                    xs.append(features(toks, i, quoted))
                    ys.append(int(tok[0] in starts[name]))
    return xs, ys, vocab


def train(train_dir: Path, c: float = 1.0) -> str:
    """The weights file text for a model trained on a PolNeAR folder (needs scikit-learn)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys, vocab = examples(train_dir)
    vec = DictVectorizer()
    matrix = vec.fit_transform([dict.fromkeys(x, 1) for x in xs]).tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    # liblinear shuffles its data: a fixed seed makes the shipped weights reproducible.
    clf = LogisticRegression(C=c, l1_ratio=1.0, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(matrix, ys)
    rows = [f"# PolNeAR train: {len(ys)} candidates, {sum(ys)} cues; see propscan.quotes.cuemodel"]
    rows.append(f"B\tbias\t{clf.intercept_[0]:.4f}")
    rows.extend(f"V\t{w}\t1" for w in sorted(vocab))
    for name, weight in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True):
        if abs(weight) >= MIN_WEIGHT:
            rows.append(f"W\t{name}\t{weight:.4f}")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Write the cue detector trained on a PolNeAR train folder (``text/``, ``attributions/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("-C", type=float, default=1.0, help="Inverse L1 strength.")
    args = parser.parse_args(argv)
    atomic_write(args.output, train(args.train_dir, args.C))


if __name__ == "__main__":
    main()
