"""The contract every registered detector meets, run over each of them; the pipeline's offsets.

Like scikit-learn's ``parametrize_with_checks``: a new entry in ``DETECTORS`` is tested here
without writing a test for it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import propscan
from propscan.analysis import Analysis
from propscan.detectors import DETECTORS, Detector, load_detector, packaged_model_dir
from propscan.detectors.base import MAX_CUES, STOPWORDS
from propscan.document import Document
from propscan.errors import MissingExtraError, ModelError
from propscan.ingest import document_from_text
from propscan.models.manifest import MANIFEST
from propscan.taxonomy import TECHNIQUE_NAMES

DEMO_TEXT = (resources.files("propscan") / "data" / "demo-article.txt").read_text(encoding="utf-8")
_SENTENCE = (
    "Sentence {i} says the corrupt elite will stop at nothing to destroy our great nation, "
    "and every true patriot must rise up now."
)
# An article that ends a little after 40% of the text; everything after it is a comment section.
_FURNITURE_TEXT = (
    "Shocking betrayal by the council\n\n"
    "The traitors in the council have sold us out again, as everyone knows.\n"
    "Only a fool would believe a single word these crooks say about the harbour.\n"
    "Leave a Reply\n"
    "Your email address will not be published. Required fields are marked *\n"
    + "".join(f"Commenter {i} wrote that these liars are a disgrace.\n" for i in range(3))
)
# Texts at the edges of what a detector must take: (id, text).
TEXTS = {
    "demo": DEMO_TEXT,
    "punctuation-only": "?!... --- !!! ;;; (( )) “ ” …",
    "one-word": "Traitors",
    "furniture-after-40%": _FURNITURE_TEXT,
    "200-sentences": "Long read\n\n" + " ".join(_SENTENCE.format(i=i) for i in range(200)) + "\n",
    "unicode-emoji-rtl": (
        "Les élites corrompues 😡 détruisent notre pays !\n"
        "هذا هو الخطاب الذي يدمر أمتنا العظيمة.\n"
        "Шокирующая правда: они лгут нам каждый день! 🇺🇸🔥 Wake up, people!\n"
        "Zero\u200bwidth and combining cafe\u0301 text.\n"
    ),
    "crlf": (
        "Minister defends tax\r\n\r\nThe minister said the tax was fair.\r\n"
        "Critics say this outrageous tax will destroy every family in the country!\r\n"
    ),
    "bom": "\ufeffTitle with a mark\n\nThe shameless liars in Congress have betrayed you again!\n",
}

NAMES = list(DETECTORS)
# Inputs that take the large model seconds to a minute each (it runs the accurate model's code
# with an encoder 16 times slower): it is tested on them with -m slow, and on the others always.
_HEAVY = {"200-sentences", "200-KB-article", "50k-character-line"}


@pytest.fixture(autouse=True)
def _large_takes_heavy_inputs_only_when_slow(request: pytest.FixtureRequest) -> None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("named") != "large":
        return
    heavy = {callspec.params.get("doc"), callspec.params.get("name")} & _HEAVY
    if heavy and "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("slow: the large model on a heavy input; opt in with -m slow")


@pytest.fixture(scope="module", params=NAMES)
def named(request: pytest.FixtureRequest) -> tuple[str, Detector]:
    name = request.param
    try:
        return name, load_detector(name)
    except MissingExtraError as exc:  # a detector whose optional dependencies are not installed
        pytest.skip(str(exc))
    except ModelError as exc:
        # An optional detector whose model is not installed in this checkout; the default
        # detector's model always ships, so it never gets here.
        if name != NAMES[0] and not (packaged_model_dir(name) / MANIFEST).exists():
            pytest.skip(str(exc))
        raise


@pytest.fixture(scope="module", params=list(TEXTS), ids=list(TEXTS))
def doc(request: pytest.FixtureRequest) -> Document:
    return document_from_text(TEXTS[request.param])


def test_registry_is_not_empty_and_default_is_first() -> None:
    assert NAMES
    assert load_detector(None).name == NAMES[0]


def test_fragments_address_the_article_text(named: tuple[str, Detector], doc: Document) -> None:
    name, detector = named
    detection = detector(doc)
    for f in detection.fragments:
        assert 0 <= f.start < f.end <= doc.article_end
        assert doc.text[f.start : f.end] == f.text
        assert f.technique in TECHNIQUE_NAMES
        assert 0.0 <= f.confidence <= 1.0
        assert f.detector == name
        assert all(isinstance(cue, str) and cue for cue in f.cues)
        # Cues explain a fragment to a reader: words of it, no function words.
        assert len(f.cues) <= MAX_CUES
        assert all(cue in f.text and cue.lower() not in STOPWORDS for cue in f.cues)
    assert 0.0 <= detection.flag_threshold <= 1.0


def test_sentence_scores_one_per_article_sentence(
    named: tuple[str, Detector], doc: Document
) -> None:
    scores = named[1](doc).sentence_scores
    assert len(scores) == len(doc.article_sentences)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_classify_answers_every_span(named: tuple[str, Detector], doc: Document) -> None:
    detector = named[1]
    spans = [(s.start, s.end) for s in doc.sentences] + [(0, len(doc.text)), (0, 1)]
    labels = detector.classify(doc, spans)
    assert len(labels) == len(spans)
    for technique, probability in labels:
        assert technique in TECHNIQUE_NAMES
        assert 0.0 <= probability <= 1.0
    assert detector.classify(doc, []) == []


def test_results_are_deterministic(named: tuple[str, Detector], doc: Document) -> None:
    detector = named[1]
    first, second = detector(doc), detector(doc)
    assert first == second
    if first.claim_probabilities is None:
        assert second.claim_probabilities is None
    else:
        assert np.array_equal(first.claim_probabilities, second.claim_probabilities)
    spans = [(s.start, s.end) for s in doc.sentences]
    assert detector.classify(doc, spans) == detector.classify(doc, spans)


def test_furniture_text_really_has_furniture() -> None:
    doc = document_from_text(_FURNITURE_TEXT)
    assert doc.article_end == _FURNITURE_TEXT.index("Leave a Reply")
    assert doc.article_end > 0.4 * len(_FURNITURE_TEXT)


def test_demo_article_has_fragments(named: tuple[str, Detector]) -> None:
    assert named[1](document_from_text(DEMO_TEXT)).fragments


# -- the pipeline, on arbitrary text ---------------------------------------------------------

_WORDS = st.sampled_from(
    "the a corrupt elite traitor nation patriot will destroy everyone knows Mr. Dr. U.S. "
    "never always shocking truth lies 2020 3.5 don't so-called café 😡 مرحبا".split()
)
_PUNCT = st.sampled_from([*".,;:!?\"'“”‘’()[]-—…", "...", "?!"])
_SPACE = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\r\n", "\t", "\ufeff", "\u00a0"])
ARTICLE_LIKE = st.lists(st.one_of(_WORDS, _WORDS, _PUNCT, _SPACE), max_size=120).map("".join)
ANY_TEXT = st.text(max_size=300)


def _check(analysis: Analysis) -> None:
    text = analysis.document.text
    for item in (*analysis.spans, *analysis.sentences):
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
    for span in analysis.spans:
        assert span.end <= analysis.document.article_end
    assert sum(analysis.summary.counts.values()) == len(analysis.spans)


@settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.one_of(ARTICLE_LIKE, ANY_TEXT))
def test_analyze_any_text_keeps_offsets_and_round_trips(text: str) -> None:
    if not text.replace("\ufeff", "").strip():
        return  # blank text is refused
    analysis = propscan.analyze_text(text)  # any string, even one that looks like a path
    assert analysis.document.text == text
    _check(analysis)
    assert Analysis.from_json(analysis.to_json()).to_dict() == analysis.to_dict()


def test_analyze_text_longer_than_a_file_name() -> None:
    # Regression: a one-line text over 255 characters made Path.is_file() raise ENAMETOOLONG.
    text = "The corrupt elite lies. " + "x" * 300
    assert propscan.analyze(text).document.text == text


# -- the example article propscan exists for -------------------------------------------------


def test_aleppo_example(shared_dir: Path) -> None:
    path = shared_dir / "examples" / "aleppo-article.txt"
    if not path.is_file():
        pytest.skip(f"no example article at {path}")
    analysis = propscan.analyze(str(path))
    _check(analysis)
    text = analysis.document.text
    furniture = text.index("\nLeave a Reply") + 1
    assert analysis.document.article_end <= furniture
    assert all(f.end <= furniture for f in analysis.spans)
    assert len(analysis.spans) >= 10
    assert analysis.summary.fragments == len(analysis.spans)
    assert sum(analysis.summary.counts.values()) == len(analysis.spans)
    # The attributions that are acts, not words anyone said, are told apart.
    kinds = {q.cue.text: q.kind for q in analysis.quotes if q.cue}
    assert kinds["launched an attack against"] == kinds["refuse"] == "other"
    for cue in ("explains", "claims", "demanded", "affirmed", "warned", "According to"):
        assert kinds[cue] == "speech", cue
    assert all(q.kind == "speech" for q in analysis.quotes if q.direct)


# -- inputs far beyond one window --------------------------------------------------------------

_HUGE_TEXTS = {
    # Hundreds of KB: hundreds of encoder windows, every offset still exact.
    "200-KB-article": "Long read\n\n"
    + "\n\n".join(
        " ".join(_SENTENCE.format(i=i) for i in range(p, p + 8)) for p in range(0, 1600, 8)
    ),
    # One line of 50,000 characters, no sentence end: a sentence longer than any window.
    "50k-character-line": " ".join(["the corrupt elite lies"] * 2200)[:50_000],
    # One 50,000-character "word": the tokenizer gives up on it, the detector must not.
    "50k-character-word": "a" * 50_000,
}


@pytest.mark.parametrize("name", list(_HUGE_TEXTS))
def test_huge_inputs_keep_offsets(named: tuple[str, Detector], name: str) -> None:
    doc = document_from_text(_HUGE_TEXTS[name])
    detection = named[1](doc)
    for f in detection.fragments:
        assert doc.text[f.start : f.end] == f.text
        assert 0 <= f.start < f.end <= doc.article_end
    assert len(detection.sentence_scores) == len(doc.article_sentences)


def test_accurate_fragments_of_one_technique_never_overlap(demo_text: str) -> None:
    from propscan.ingest import document_from_text

    doc = document_from_text(demo_text)
    fragments = load_detector("accurate")(doc).fragments
    assert fragments
    for i, a in enumerate(fragments):
        for b in fragments[i + 1 :]:
            if a.technique == b.technique:
                assert a.end <= b.start or b.end <= a.start, (a, b)


def test_accurate_mixes_in_its_fast_helper(demo_text: str) -> None:
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel

    directory = packaged_model_dir("accurate")
    model = AccurateModel.load(directory)
    # The shipped weight is the one training tuned, and it is in use.
    assert 0.0 < model.helper_weight < 1.0
    assert model.helper_weight == model.manifest.parameters["choice"]["helper_weight"]
    doc = document_from_text(demo_text)
    mixed = AccurateDetector.from_model(model, directory)(doc).fragments
    model.helper_weight = 0.0
    alone = AccurateDetector.from_model(model, directory)(doc).fragments
    assert mixed != alone


def test_accurate_decodes_from_its_block_shift(demo_text: str) -> None:
    """The block shift moves what is decoded, never the sentence scores: a reference far below
    every block's reading raises each block (more or longer fragments), one far above lowers
    it; the shipped shift is the one training chose."""
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel
    from propscan.models.decode import BlockShift

    directory = packaged_model_dir("accurate")
    model = AccurateModel.load(directory)
    chosen = model.manifest.parameters["choice"].get("shift", {"weight": 0.0, "reference": 0.0})
    assert model.shift == BlockShift(**chosen)
    doc = document_from_text(demo_text)

    def detect(shift: BlockShift) -> tuple[int, list[float]]:
        model.shift = shift
        detection = AccurateDetector.from_model(model, directory)(doc)
        covered = sum(f.end - f.start for f in detection.fragments)
        return covered, detection.sentence_scores

    plain, scores = detect(BlockShift())
    raised, raised_scores = detect(BlockShift(1.0, -10.0))
    lowered, lowered_scores = detect(BlockShift(1.0, 10.0))
    assert lowered < plain < raised
    assert raised_scores == scores == lowered_scores


def test_shipped_model_files_fit_the_repository_budget() -> None:
    # Every committed model file stays in every clone's history: the shipped models together
    # stay within 150 MB (issue 17). Work folders (".NAME.work") are not shipped.
    root = packaged_model_dir(NAMES[0]).parent
    shipped = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")]
    total = sum(f.stat().st_size for d in shipped for f in d.rglob("*") if f.is_file())
    assert {"accurate", "fast", "claims"} <= {d.name for d in shipped}
    assert total <= 150_000_000, f"{total / 1e6:.1f} MB of shipped models"
