"""The result of analysing one article, and its versioned JSON form.

The JSON form has the same fields as the objects and round-trips through
:meth:`Analysis.from_json`; its schema is documented in ``docs/json-schema.md`` and named by
``SCHEMA`` so readers can refuse versions they do not know.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from functools import cache
from math import isfinite
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from propscan.article_score import estimate_share
from propscan.document import Document, Metadata, Segment
from propscan.errors import InputError, OffsetError
from propscan.quote_kinds import quote_kind
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.voice import AUTHOR, QUOTE, VOICES, QuoteCover

# Version 2 added voices (the author's and quoted speech), the sentences' flags and the score's
# interval; version 1 files are refused with a message saying so.
SCHEMA = "propscan.analysis/2"


@dataclass(frozen=True, slots=True)
class Fragment:
    """A fragment of the text that uses a technique.

    ``confidence`` is calibrated on articles the model never saw: about the share of
    fragments of that confidence that overlap one the annotators marked with that technique
    (a model shipped without a calibration gives its raw score, the probability that the
    fragment is propaganda times the probability of the technique). ``cues`` are the words
    that weighed most in the decision, so a reader can check it.

    ``voice`` says whose words these are (see :mod:`propscan.voice`): ``"author"``, or
    ``"quote"`` for a direct quotation, with ``quote`` its index into ``Analysis.quotes`` and
    ``speaker`` that quote's speaker (``None`` when the article does not say who spoke).
    """

    start: int
    end: int
    text: str
    technique: str
    confidence: float
    detector: str
    cues: tuple[str, ...] = ()
    voice: str = AUTHOR
    quote: int | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """A sentence of the article text with its propaganda score in [0, 1].

    ``flagged`` is the model's verdict on the sentence as a whole (its score reaches the
    model's threshold); a sentence that holds a fragment counts as flagged in the summary too.
    ``voice`` is ``"quote"`` when at least half the sentence is inside direct quotations.
    """

    start: int
    end: int
    text: str
    score: float
    flagged: bool = False
    voice: str = AUTHOR


# A ``[start, end)`` slice of the document text with the text it covers: the Document's own
# segment type, under the name the statement detectors' results use.
Span = Segment


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the article states, as structured data.

    ``value`` is the number as written (``"350,000"`` gives 350000.0; ``"80 percent"`` gives
    80.0 with unit ``"percent"``); ``unit`` is the unit or what is counted (``"people"``,
    ``"percent"``, ``"$"``), ``None`` when the text does not say; ``comparison`` is the
    qualifying word (``"over"``, ``"almost"``, ``"at least"``), ``None`` when there is none.
    """

    start: int
    end: int
    text: str
    value: float | None
    unit: str | None = None
    comparison: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One article sentence as a claim, in ClaimBuster's three classes.

    ``verdict`` is 1 for a check-worthy factual claim, 0 for an unimportant factual statement,
    -1 for a non-factual sentence (opinion, question, exhortation); ``score`` is the 0..1
    check-worthiness, the probability of class 1 with news's class balance, of which
    ``verdict`` is the likeliest class (:func:`propscan.claims.model.decide`).
    """

    start: int
    end: int
    text: str
    verdict: int
    score: float
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said (or thought) what: an attribution's source, cue and content.

    ``direct`` is true for a quotation in quotation marks, or set off as a paragraph of its
    own after "X said:" (a web page's blockquote). ``speaker`` is the source resolved
    to the fullest name the article gives for it (``"he"`` or ``"Peskov"`` becomes
    ``"Dmitri Peskov"``), ``None`` when no source was found. ``kind`` says whether it
    reports speech, thought or something else (:mod:`propscan.quote_kinds`).
    """

    content: Span
    cue: Span | None
    source: Span | None
    speaker: str | None
    direct: bool

    @property
    def kind(self) -> str:
        """``speech``, ``thought`` or ``other``, read off the cue (derived, never stored, so
        it always agrees with the cue a reader sees)."""
        return quote_kind(self.cue.text if self.cue else None, self.direct)


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, country or group the article mentions.

    ``kind`` is one of ``person``, ``organisation``, ``country``, ``group``. ``mentions`` are
    the places it is named; ``labels`` the words the article uses to describe it (epithets,
    appositions); ``fragments`` the technique fragments aimed at it, as indices into
    ``Analysis.spans``; ``quotes`` the indices into ``Analysis.quotes`` it is the speaker of;
    ``used`` the fragments in its own quoted words (never counted as aimed at it).
    """

    name: str
    kind: str
    mentions: tuple[Span, ...]
    labels: tuple[Span, ...] = ()
    fragments: tuple[int, ...] = ()
    quotes: tuple[int, ...] = ()
    used: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class VoiceSummary:
    """The figures of one voice: the author's own words, or the direct quotations.

    ``score`` estimates the share of that voice's sentences that hold propaganda, from the
    ``flagged`` of its ``sentences`` the model flags (see :mod:`propscan.article_score`):
    few sentences give a score near the typical article's and a wide ``score_low`` ..
    ``score_high`` interval (the central 90%). ``counts`` are its fragments by technique.
    """

    score: float
    score_low: float
    score_high: float
    sentences: int
    flagged: int
    fragments: int
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class Summary:
    """Article-level figures.

    ``score`` is the author's score, ``author.score``: how much of what the article says in its
    own voice is propaganda (0..1); ``quoted`` holds the same figures for the direct
    quotations. ``counts`` and ``fragments`` count both voices.
    """

    score: float
    counts: dict[str, int]
    fragments_per_1000_words: float
    words: int
    fragments: int
    author: VoiceSummary
    quoted: VoiceSummary
    # Why the result deserves less trust, e.g. a text that is not English prose.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """What propscan found in one article; every offset refers to ``document.text``."""

    document: Document
    spans: tuple[Fragment, ...]
    sentences: tuple[SentenceScore, ...]
    summary: Summary
    model: str
    # Issue 6's producers, each kept as its own group (they overlap the technique spans).
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = self.document.text
        for item in self._addressed():
            if (
                not 0 <= item.start < item.end <= len(text)
                or text[item.start : item.end] != item.text
            ):
                raise OffsetError(f"[{item.start}, {item.end}) does not address {item.text!r}")
        for actor in self.actors:
            if any(not 0 <= i < len(self.spans) for i in actor.fragments) or any(
                not 0 <= i < len(self.quotes) for i in actor.quotes
            ):
                raise OffsetError(f"actor {actor.name!r} points past the fragments or quotes")
        voices = {f.voice for f in self.spans} | {s.voice for s in self.sentences}
        for voice in voices - set(VOICES):
            raise InputError(f"unknown voice {voice!r}; expected one of {VOICES}")
        for f in self.spans:
            if (f.voice == QUOTE) != (f.quote is not None) or not (
                f.quote is None or 0 <= f.quote < len(self.quotes)
            ):
                raise OffsetError(f"fragment {f.text!r} points at no quote, or at one past them")

    def _addressed(self) -> Iterator[Fragment | SentenceScore | Span | Claim | Quantity]:
        """Every item of the analysis that carries offsets into the text."""
        yield from self.spans
        yield from self.sentences
        for claim in self.claims:
            yield claim
            yield from claim.quantities
        for quote in self.quotes:
            yield from (s for s in (quote.content, quote.cue, quote.source) if s is not None)
        for actor in self.actors:
            yield from actor.mentions
            yield from actor.labels

    @classmethod
    def build(
        cls,
        document: Document,
        spans: Sequence[Fragment],
        sentences: Sequence[SentenceScore],
        model: str,
        flag_threshold: float,
        notes: tuple[str, ...] = (),
        claims: Sequence[Claim] = (),
        quotes: Sequence[Quote] = (),
        actors: Sequence[Actor] = (),
        *,
        scored: bool = True,
    ) -> Analysis:
        """Assemble an analysis: the fragments in text order, every fragment and sentence with
        its voice, the sentences scoring ``flag_threshold`` or more flagged, the actors' own
        quoted words apart from what is aimed at them, the summary.

        ``actors`` point into ``spans`` as given. ``scored=False`` says the model could not
        read the text (see the ``notes``): its scores are then 0, with no interval, rather than
        a typical article's.
        """
        ordered = sorted(
            range(len(spans)), key=lambda i: (spans[i].start, spans[i].end, spans[i].technique)
        )
        cover = QuoteCover.of([q.content if q.direct else None for q in quotes])
        voiced = tuple(_voiced(spans[i], cover, quotes) for i in ordered)
        voiced_sentences = tuple(
            replace(
                s,
                flagged=s.score >= flag_threshold,
                voice=QUOTE if cover.quoted(s.start, s.end) else AUTHOR,
            )
            for s in sentences
        )
        return cls(
            document,
            voiced,
            voiced_sentences,
            summarize(document, voiced, voiced_sentences, notes, scored=scored),
            model,
            claims=tuple(claims),
            quotes=tuple(quotes),
            actors=_with_voices(renumbered(actors, ordered), voiced),
        )

    def keeping(self, kept: Sequence[int]) -> Analysis:
        """This analysis with only the fragments at the indices ``kept``, in that order; the
        actors and the summary are worked out again."""
        if list(kept) == list(range(len(self.spans))):
            return self  # e.g. no fragments at all, as in a text the model could not read
        spans = tuple(self.spans[i] for i in kept)
        return replace(
            self,
            spans=spans,
            summary=summarize(self.document, spans, self.sentences, self.summary.notes),
            actors=_with_voices(renumbered(self.actors, kept), spans),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (see ``docs/json-schema.md``)."""
        doc = self.document
        return {
            "schema": SCHEMA,
            "model": self.model,
            "document": {
                "text": doc.text,
                "metadata": asdict(doc.metadata),
                "article_end": doc.article_end,
            },
            "summary": {**asdict(self.summary), "notes": list(self.summary.notes)},
            "spans": [json_item(s) for s in self.spans],
            "sentences": [json_item(s) for s in self.sentences],
            "claims": [json_item(c) for c in self.claims],
            "quotes": [json_item(q) for q in self.quotes],
            "actors": [json_item(a) for a in self.actors],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The analysis as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, data: str | dict[str, Any]) -> Analysis:
        """Read an analysis back from :meth:`to_json` output, validating every offset."""
        try:
            raw = json.loads(data) if isinstance(data, str) else data
            if raw.get("schema") != SCHEMA:
                raise InputError(
                    f"unknown schema {raw.get('schema')!r}; expected {SCHEMA!r} "
                    "(analyse the article again with this version of propscan)"
                )
            d = raw["document"]
            document = Document.create(
                d["text"], Metadata(**_known(Metadata, d["metadata"])), article_end=d["article_end"]
            )
            spans = tuple(
                Fragment(**{**_known(Fragment, s), "cues": tuple(s.get("cues", ()))})
                for s in raw["spans"]
            )
            sentences = tuple(SentenceScore(**_known(SentenceScore, s)) for s in raw["sentences"])
            summary_raw = _known(Summary, raw["summary"])
            summary = Summary(
                **{
                    **summary_raw,
                    "author": VoiceSummary(**_known(VoiceSummary, summary_raw["author"])),
                    "quoted": VoiceSummary(**_known(VoiceSummary, summary_raw["quoted"])),
                    "notes": tuple(summary_raw.get("notes", ())),
                }
            )
            # Fields added in 0.2 (issue 6): absent from older files, read as empty.
            claims = tuple(_claim(c) for c in raw.get("claims", ()))
            quotes = tuple(_quote(q) for q in raw.get("quotes", ()))
            actors = tuple(_actor(a) for a in raw.get("actors", ()))
            analysis = cls(document, spans, sentences, summary, raw["model"], claims, quotes,
                           actors)  # fmt: skip
            _check_types(analysis, Analysis, "analysis")
            return analysis
        except (ValueError, KeyError, TypeError, AttributeError, OffsetError) as exc:
            raise InputError(f"malformed analysis JSON: {exc}") from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _check_types(value: Any, hint: Any, where: str) -> None:
    """Raise ``TypeError`` naming ``where`` if ``value`` does not have the type ``hint``.

    The dataclasses do not check their fields, and the JSON may come from anyone (an analysis
    posted back to the web API): a confidence given as a string would only fail later, deep in
    filtering or rendering.
    """
    origin = get_origin(hint)
    if hint is Any:
        return
    if origin in (Union, UnionType):
        if not any(_fits(value, option, where) for option in get_args(hint)):
            raise TypeError(f"{where}: {_shown(value)} is not {_name(hint)}")
        return
    if isinstance(hint, type) and is_dataclass(hint):
        if not isinstance(value, hint):  # None, where a quote has no cue, say
            raise TypeError(f"{where}: {_shown(value)} is not {_name(hint)}")
        for name, field_hint in _hints(hint).items():
            _check_types(getattr(value, name), field_hint, f"{where}.{name}")
        return
    if origin is tuple:
        item = get_args(hint)[0]
        for i, element in enumerate(value):
            _check_types(element, item, f"{where}[{i}]")
        return
    if origin is dict:
        key, item = get_args(hint)
        for k, v in value.items():
            _check_types(k, key, f"{where} key")
            _check_types(v, item, f"{where}[{k!r}]")
        return
    if not _scalar_fits(value, hint):
        raise TypeError(f"{where}: {_shown(value)} is not {_name(hint)}")


def _fits(value: Any, hint: Any, where: str) -> bool:
    try:
        _check_types(value, hint, where)
    except TypeError:
        return False
    return True


def _scalar_fits(value: Any, hint: Any) -> bool:
    if hint is type(None):
        return value is None
    if hint is float:  # an integer is a number too; a boolean is not, nor NaN or infinity
        return isinstance(value, int | float) and not isinstance(value, bool) and isfinite(value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _name(hint: Any) -> str:
    names = {int: "an integer", float: "a finite number", str: "a string", bool: "a boolean",
             type(None): "null"}  # fmt: skip
    if get_origin(hint) in (Union, UnionType):
        return " or ".join(_name(h) for h in get_args(hint))
    return names.get(hint, getattr(hint, "__name__", str(hint)))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _known(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``raw`` that are fields of ``cls``: schema version 1 may gain fields."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in raw.items() if k in names}


def renumbered(actors: Sequence[Actor], order: Sequence[int]) -> tuple[Actor, ...]:
    """``actors`` pointing into fragments rearranged as ``order`` (old indices, in their new
    order); a fragment left out of ``order`` is dropped from every actor."""
    position = {old: new for new, old in enumerate(order)}
    return tuple(
        replace(a, fragments=tuple(sorted(position[i] for i in a.fragments if i in position)))
        for a in actors
    )


def json_lists(value: Any) -> Any:
    """``value`` with its tuples as lists, the form JSON gives back."""
    if isinstance(value, tuple | list):
        return [json_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: json_lists(v) for k, v in value.items()}
    return value


def json_item(item: Any) -> dict[str, Any]:
    """One item of an analysis's lists (a fragment, sentence, claim, quote or actor) in its
    JSON form: its fields with tuples as lists, and a quote's derived ``kind``."""
    out: dict[str, Any] = json_lists(asdict(item))
    if isinstance(item, Quote):
        out["kind"] = item.kind
    return out


def _span(raw: dict[str, Any] | None) -> Span | None:
    return None if raw is None else Span(**_known(Span, raw))


def _claim(raw: dict[str, Any]) -> Claim:
    quantities = tuple(Quantity(**_known(Quantity, q)) for q in raw.get("quantities", ()))
    return Claim(**{**_known(Claim, raw), "quantities": quantities})


def _quote(raw: dict[str, Any]) -> Quote:
    content = _span(raw["content"])
    if content is None:
        raise ValueError("a quote without content")
    return Quote(
        content=content,
        cue=_span(raw.get("cue")),
        source=_span(raw.get("source")),
        speaker=raw.get("speaker"),
        direct=bool(raw["direct"]),
    )


def _actor(raw: dict[str, Any]) -> Actor:
    return Actor(
        name=raw["name"],
        kind=raw["kind"],
        mentions=tuple(Span(**_known(Span, m)) for m in raw["mentions"]),
        labels=tuple(Span(**_known(Span, m)) for m in raw.get("labels", ())),
        fragments=tuple(int(i) for i in raw.get("fragments", ())),
        quotes=tuple(int(i) for i in raw.get("quotes", ())),
        used=tuple(int(i) for i in raw.get("used", ())),
    )


def _voiced(fragment: Fragment, cover: QuoteCover, quotes: Sequence[Quote]) -> Fragment:
    quote = cover.quote_of(fragment.start, fragment.end)
    if quote is None:
        return replace(fragment, voice=AUTHOR, quote=None, speaker=None)
    return replace(fragment, voice=QUOTE, quote=quote, speaker=quotes[quote].speaker)


def _with_voices(actors: Sequence[Actor], spans: Sequence[Fragment]) -> tuple[Actor, ...]:
    """``actors`` with the fragments in their own quotes as ``used``, not as aimed at them:
    Obama's own flag-waving is not aimed at Obama."""
    in_quote: dict[int, list[int]] = {}  # quote index -> its fragments, in text order
    for i, f in enumerate(spans):
        if f.quote is not None:
            in_quote.setdefault(f.quote, []).append(i)
    result = []
    for actor in actors:
        used = tuple(sorted(i for q in set(actor.quotes) for i in in_quote.get(q, ())))
        mine = set(used)
        aimed = tuple(i for i in actor.fragments if i not in mine)
        result.append(replace(actor, fragments=aimed, used=used))
    return tuple(result)


def summarize(
    document: Document,
    spans: Sequence[Fragment],
    sentences: Sequence[SentenceScore],
    notes: tuple[str, ...] = (),
    *,
    scored: bool = True,
) -> Summary:
    """The article-level figures of fragments and sentences that carry their voices
    (``scored=False``: of a text the model could not read, scored 0).

    A sentence counts as flagged when the model flags it or it holds a fragment: a reader who
    sees a highlight must see it counted.
    """
    words = len(document.article_text.split())
    holding = _holding_fragments(sentences, spans)
    flagged = [s.flagged or i in holding for i, s in enumerate(sentences)]
    author, quoted = (_voice_summary(v, spans, sentences, flagged, scored) for v in (AUTHOR, QUOTE))
    counts = Counter(f.technique for f in spans)
    return Summary(
        score=author.score,
        counts={name: counts.get(name, 0) for name in TECHNIQUE_NAMES},
        fragments_per_1000_words=round(1000 * len(spans) / words, 2) if words else 0.0,
        words=words,
        fragments=len(spans),
        author=author,
        quoted=quoted,
        notes=notes,
    )


def _voice_summary(
    voice: str,
    spans: Sequence[Fragment],
    sentences: Sequence[SentenceScore],
    flagged: Sequence[bool],
    scored: bool,
) -> VoiceSummary:
    own = [i for i, s in enumerate(sentences) if s.voice == voice]
    hits = sum(1 for i in own if flagged[i]) if scored else 0
    share = estimate_share(hits, len(own) if scored else 0)
    counts = Counter(f.technique for f in spans if f.voice == voice)
    return VoiceSummary(
        score=share.score,
        score_low=share.low,
        score_high=share.high,
        sentences=len(own),
        flagged=hits,
        fragments=sum(counts.values()),
        counts={name: counts.get(name, 0) for name in TECHNIQUE_NAMES},
    )


def _holding_fragments(sentences: Sequence[SentenceScore], spans: Sequence[Fragment]) -> set[int]:
    """The indices of the sentences (in text order, not overlapping) that a fragment overlaps.

    The accurate model also decodes fragments from each technique's own column, so a sentence
    may hold one and score under the threshold; a reader who sees it highlighted must see it
    counted as flagged too. By binary search: a long article has thousands of both.
    """
    starts = [s.start for s in sentences]
    holding: set[int] = set()
    for f in spans:
        i = max(bisect_right(starts, f.start) - 1, 0)
        while i < len(sentences) and sentences[i].start < f.end:
            if f.start < sentences[i].end:
                holding.add(i)
            i += 1
    return holding
