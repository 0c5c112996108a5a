"""Merge mentions into actors, and link them to their labels, fragments and quotes.

Merging, within one article:

- persons: a one-word name joins the full name it is part of ("Obama" and "Mr. Obama" join
  "Barack Obama"; "Assad" joins "Bashar al-Assad"; with two Clintons, the one named most
  recently before it); full names with the same first and last word are one person ("Donald
  J. Trump", "Donald Trump"), named without the middle initial;
- "the president" joins the one person the article gives the title "President" to;
- organisations: the same name, or an acronym the article defines ("United Nations (UN)"),
  knows ("UN", "U.N."), or that spells the initials of a name it uses; one a small alias table
  knows (lexicon._ORG_ALIASES) takes the table's name in every article ("EU" alone is named
  "European Union"), so a corpus, which groups actors by name, counts it once;
- countries: every name, short form and demonym of one country ("US", "American", "the United
  States");
- groups: the same noun; a bare "regime" joins the one country the article names before that
  noun ("the Syrian regime", then "The regime began an offensive").

A technique fragment targets the actor it overlaps, else the actor mentioned nearest to it in
its sentence; an actor after "their" or "its" hands it to the owner named before in the
sentence ("these nations when their terrorists were killing"), and whataboutism goes to the
first actor of its sentence, the one charged with hypocrisy.
A quote belongs to the actor its source overlaps, else the one its speaker names.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import cache

from propscan.actors import lexicon
from propscan.actors.labels import labels_of
from propscan.actors.mentions import Mention, name_parts, plain_spaces, scan, surname
from propscan.analysis import Actor, Fragment, Quote, Span
from propscan.document import Document
from propscan.quote_kinds import OTHER

# Techniques whose fragments are about someone; slogans, clichés and repetition are not.
UNTARGETED = frozenset({"Slogans", "Thought-terminating_Cliches", "Repetition"})
# Techniques aimed at the first actor of their sentence, whatever they overlap: whataboutism
# charges its subject with hypocrisy ("Where were these nations when their terrorists ...?").
SUBJECT_TARGETED = frozenset({"Whataboutism,Straw_Men,Red_Herring"})
# A possessive right before a mention: "their terrorists" belong to someone named before.
_POSSESSOR = re.compile(r"(?<![\w-])(?:[Tt]heir|[Ii]ts) $")
# Techniques whose fragment text is itself a label of its target.
LABELLING = frozenset({"Name_Calling,Labeling"})
MAX_LABEL_WORDS = 6
_DEFINITION = re.compile(r" ?\(([A-Z][A-Z.&]{1,9})\)")
_THE_TITLE = re.compile(r"(?<![\w-])[Tt]he ([a-z][a-z-]+)(?![\w-])")
_POSSESSIVE = re.compile(r"['’]s$")
_TITLE_WORD = re.compile(r"[a-z][a-z-]+")
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
# "regime" after a country's name or demonym ("the Syrian regime", "Iran's regime"). A bare
# "the government", "the military" or "the administration" is as often the reader's own
# country's, unnamed, as the one a demonym gave it once.
_REGIME_AFTER = re.compile(r"(?:['’]s)?[ \u00a0]+regime\b")


def find_actors(
    doc: Document, fragments: Sequence[Fragment], quotes: Sequence[Quote]
) -> list[Actor]:
    """The actors of ``doc``'s article text, most mentioned first (then first mentioned).

    ``Actor.fragments`` and ``Actor.quotes`` are indices into ``fragments`` and ``quotes``.
    """
    text = doc.text
    mentions = scan(text, doc.article_end)
    keys = _merge(text, mentions)
    if "" in keys:
        named = [(m, k) for m, k in zip(mentions, keys, strict=True) if k]
        mentions, keys = [m for m, _ in named], [k for _, k in named]
    mentions = _title_aliases(text, doc.article_end, mentions, keys)
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention, key in zip(mentions, keys, strict=True):
        by_key[key].append(mention)
    order = sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0].span.start))
    index = {key: i for i, key in enumerate(order)}
    labels: list[dict[int, Span]] = [{} for _ in order]
    for mention, key in zip(mentions, keys, strict=True):
        found = labels_of(text, mention)
        if found:
            own = labels[index[key]]
            for label in found:
                own.setdefault(label.start, label)
    targeted: list[list[int]] = [[] for _ in order]
    speakers = _speaker_keys(mentions, keys, fragments, quotes)
    for f, actor in _fragment_targets(doc, mentions, keys, fragments, speakers):
        targeted[index[actor]].append(f)
        frag = fragments[f]
        # A name-calling fragment is a label when it reads as one ("sewage rats", "a gang of
        # professional complainers"); a longer one is a clause about someone, not a name, and
        # so is one with a comma, or one where a country's word only modifies another noun
        # ("growing Canadian fanbase" is no name for Canada).
        if (
            frag.technique in LABELLING
            and len(frag.text.split()) <= MAX_LABEL_WORDS
            and "," not in frag.text
            and not _modifies(frag, by_key[actor] if actor.startswith("country:") else ())
        ):
            labels[index[actor]].setdefault(frag.start, Span(frag.start, frag.end, frag.text))
    quoted: list[list[int]] = [[] for _ in order]
    for q, actor in _quote_speakers(text, mentions, keys, quotes):
        quoted[index[actor]].append(q)
    actors = []
    for i, key in enumerate(order):
        own = labels[i]
        actors.append(
            Actor(
                _name(key, by_key[key]),
                key.partition(":")[0],
                tuple([m.span for m in by_key[key]]),
                tuple([own[s] for s in sorted(own)]) if own else (),
                tuple(sorted(set(targeted[i]))) if targeted[i] else (),
                tuple(sorted(set(quoted[i]))) if quoted[i] else (),
            )
        )
    return actors


def _merge(text: str, mentions: list[Mention]) -> list[str]:
    """The actor key of each mention ("" for one that names no one)."""
    full_names: dict[str, list[tuple[int, str]]] = defaultdict(list)  # word -> (start, key)
    org_names: dict[str, str] = {}  # initials or defined acronym -> key
    heads: dict[str, set[str]] = defaultdict(set)  # "Army" -> keys of "Syrian Army", ...
    # (first name in full, surname, suffix) -> (middle names, key) of the persons so named:
    # "Donald J. Trump" and "Donald Trump" are one person, "Bill Barr" and "William Barr"
    # too, "George W. Bush" and "George H.W. Bush" two, and so are "Donald Trump Jr" and
    # "Donald Trump".
    first_last: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    aliases: dict[str, str] = {}  # a full name's key -> the key of the same person
    regimes: set[str] = set()  # keys of the countries named before "regime" ("Syrian regime")
    for m in mentions:
        if m.kind == "country":
            if _REGIME_AFTER.match(text, m.span.end):
                regimes.add(m.key)
            continue
        if m.kind != "person" and m.kind != "organisation":
            continue
        words = m.span.text.split()
        if m.kind == "person" and len(words) > 1:
            parts, middle = name_parts(m.span.text)
            key = aliases.get(m.key) or _same_person(first_last[parts], middle, m.key)
            aliases[m.key] = key
            for word in words:
                full_names[word].append((m.span.start, key))
                plain = lexicon.ARTICLE_PREFIX.sub("", word)  # "al-Assad" is "Assad"
                if plain != word:
                    full_names[plain].append((m.span.start, key))
        elif m.kind == "organisation" and len(words) > 1:
            initials = "".join(w[0] for w in words if w[0].isupper())
            org_names.setdefault(initials, m.key)
            heads[words[-1]].add(m.key)
            if words[1] in ("of", "for"):
                heads[words[0]].add(m.key)  # "the Department" after "Department of Justice"
            definition = _DEFINITION.match(text, m.span.end)
            if definition:
                org_names[definition.group(1).replace(".", "")] = m.key
    keys = []
    for m in mentions:
        key = m.key
        kind = m.kind
        if kind == "person":
            name = m.span.text
            key = aliases.get(key, key)
            if " " not in name and name in full_names:
                candidates = full_names[name]
                before = [c for c in candidates if c[0] < m.span.start]
                key = (before or candidates)[-1 if before else 0][1]
        elif kind == "organisation" or kind == "group":
            name = m.span.text
            bare = name.replace(".", "") if kind == "organisation" else None
            if bare is not None and bare in org_names:
                key = org_names[bare]
            else:
                head = heads.get(name.title())
                if head is not None and len(head) == 1:
                    # "the Army" or "the army" after "the Syrian Army"
                    key = next(iter(head))
                elif kind == "group" and name.lower() == "regime" and len(regimes) == 1:
                    # "the regime" where the article writes "the Syrian regime" and no other
                    # country's: that country's (a corpus counts Syria once).
                    key = next(iter(regimes))
                elif name in lexicon.COMMON_BODIES:
                    key = ""  # "the Committee" of no committee named, or of two: no one
        keys.append(key)
    return keys


def _same_person(named: list[tuple[str, str]], middle: str, key: str) -> str:
    """The key of a person of ``named`` whose middle names agree with ``middle`` (the same, or
    one of them has none); else ``key``, added to ``named``."""
    for other, other_key in named:
        if not middle or not other or middle == other:
            return other_key
    named.append((middle, key))
    return key


def _title_aliases(text: str, end: int, mentions: list[Mention], keys: list[str]) -> list[Mention]:
    """Add "the president" as a mention of the one person titled President; updates ``keys``."""
    holders: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys, strict=True):
        if m.kind == "person" and m.title is not None:
            holders[m.title.text.lower().rstrip(".").split()[-1]].add(key)
    unique = {title: next(iter(k)) for title, k in holders.items() if len(k) == 1}
    if not unique:
        return mentions
    starts = [m.span.start for m in mentions]
    merged = list(zip(mentions, keys, strict=True))
    for start, stop, word in _the_titles(text, end, unique):
        i = bisect.bisect_left(starts, start)
        if (i < len(mentions) and mentions[i].span.start < stop) or (
            i > 0 and mentions[i - 1].span.end > start
        ):
            continue
        span = Span(start, stop, text[start:stop])
        merged.append((Mention(span, "person", unique[word]), unique[word]))
    merged.sort(key=lambda pair: pair[0].span.start)
    keys[:] = [k for _, k in merged]
    return [m for m, _ in merged]


def _the_titles(text: str, end: int, titles: Collection[str]) -> list[tuple[int, int, str]]:
    """The matches of :data:`_THE_TITLE` in ``text[:end]`` whose word is one of ``titles``.

    Each title is searched for on its own (a literal search, 3 times faster than running
    :data:`_THE_TITLE` over the text); a hit is a match of :data:`_THE_TITLE` unless a match
    "the the" covers it, which only a hit right after "the " can be: then the slow way.
    """
    hits = []
    for title in titles:
        if not _TITLE_WORD.fullmatch(title):
            continue  # never the word of a _THE_TITLE match
        for match in _title_pattern(title).finditer(text, 0, end):
            start = match.start() - 1
            if start < 0 or text[start] not in "Tt":
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue  # a word that ends in "the"
            if text[start - 4 : start] in ("the ", "The "):
                return [
                    (m.start(), m.end(), m.group(1))
                    for m in _THE_TITLE.finditer(text, 0, end)
                    if m.group(1) in titles
                ]
            hits.append((start, match.end(), title))
    hits.sort()
    return hits


@cache
def _title_pattern(title: str) -> re.Pattern[str]:
    return re.compile(rf"he {re.escape(title)}(?![\w-])")


def _modifies(fragment: Fragment, mentions: Sequence[Mention]) -> bool:
    """Whether one of ``mentions`` lies inside ``fragment`` before its last word: a modifier
    of the phrase's head, not the head ("Canadian" in "growing Canadian fanbase")."""
    return any(fragment.start <= m.span.start and m.span.end < fragment.end - 1 for m in mentions)


def _speaker_keys(
    mentions: list[Mention],
    keys: list[str],
    fragments: Sequence[Fragment],
    quotes: Sequence[Quote],
) -> list[frozenset[str]]:
    """For each fragment, the actors who say it: those named in the source of a quote or
    reported speech whose content overlaps it. A speaker is no target of their own words
    ("Mara Vell called opponents of the plan “a gang of professional complainers”")."""
    starts = [m.span.start for m in mentions]
    said: list[tuple[int, int, frozenset[str]]] = []  # (content start, end, speakers)
    for quote in quotes:
        if quote.source is None:
            continue
        source = quote.source
        first = bisect.bisect_left(starts, source.start)
        found = frozenset(
            keys[i]
            for i in range(first, bisect.bisect_left(starts, source.end))
            if mentions[i].span.end <= source.end
        )
        if found:
            said.append((quote.content.start, quote.content.end, found))
    # Contents in text order; a fragment is checked against the few that start before its end,
    # so a long article with many quotes and fragments costs linear time, not their product.
    said.sort(key=lambda item: item[0])
    content_starts = [start for start, _, _ in said]
    out = []
    for frag in fragments:
        who: frozenset[str] = frozenset()
        k = bisect.bisect_left(content_starts, frag.end)
        for start, end, found in said[max(0, k - _CONTENTS_BACK) : k]:
            if start < frag.end and frag.start < end:
                who |= found
        out.append(who)
    return out


# How many contents starting before a fragment's end may still overlap it (contents rarely
# nest: a quote inside reported speech, or an attribution inside its content).
_CONTENTS_BACK = 8


def _fragment_targets(
    doc: Document,
    mentions: list[Mention],
    keys: list[str],
    fragments: Sequence[Fragment],
    speakers: Sequence[frozenset[str]],
) -> list[tuple[int, str]]:
    """(fragment index, actor key) for each fragment that targets an actor other than the
    ones who say it (``speakers``, per fragment)."""
    sentences = doc.article_sentences
    sentence_starts = [s.start for s in sentences]
    starts = [m.span.start for m in mentions]
    links = []
    for f, frag in enumerate(fragments):
        if frag.technique in UNTARGETED or frag.end > doc.article_end:
            continue
        s = bisect.bisect_right(sentence_starts, frag.start) - 1
        lo, hi = (sentences[s].start, sentences[s].end) if s >= 0 else (frag.start, frag.end)
        lo, hi = min(lo, frag.start), max(hi, frag.end)
        first = bisect.bisect_left(starts, lo)
        last = bisect.bisect_left(starts, hi)
        best: tuple[int, int] | None = None  # (distance, mention index)
        for i in range(first, last):
            span = mentions[i].span
            if span.end > hi or keys[i] in speakers[f]:
                continue
            if frag.technique in SUBJECT_TARGETED:
                best = (0, i)  # the first actor of the sentence
                break
            distance = max(0, span.start - frag.end, frag.start - span.end)
            if best is None or distance < best[0]:
                best = (distance, i)
        if best is None:
            continue
        i = best[1]
        if best[0] == 0 and _POSSESSOR.search(
            doc.text, max(lo, mentions[i].span.start - 6), mentions[i].span.start
        ):
            # "these nations when their terrorists were killing": aimed at the owner, the
            # nearest actor before the possessive in the sentence.
            owner = i - 1
            if owner >= first and keys[owner] not in speakers[f]:
                i = owner
        links.append((f, keys[i]))
    return links


def _quote_speakers(
    text: str, mentions: list[Mention], keys: list[str], quotes: Sequence[Quote]
) -> list[tuple[int, str]]:
    """(quote index, actor key) for each quote whose source or speaker is an actor, of the
    quotes that report speech or thought: an act ("the rebels launched an attack against")
    is no quote of its agent's (:mod:`propscan.quote_kinds`)."""
    starts = [m.span.start for m in mentions]
    names: dict[str, str] | None = None  # built for the first quote that needs it
    links = []
    for q, quote in enumerate(quotes):
        if quote.kind == OTHER:
            continue
        key: str | None = None
        if quote.source is not None:
            source = quote.source
            i = bisect.bisect_left(starts, source.end) - 1
            while i >= 0 and mentions[i].span.end > source.start:
                key = keys[i]
                i -= 1
        if key is None and quote.speaker:
            if names is None:
                names = _names(mentions, keys)
            key = _resolve_name(quote.speaker, names)
        if key is not None:
            links.append((q, key))
    return links


def _names(mentions: list[Mention], keys: list[str]) -> dict[str, str]:
    """Lower-case names, keys and surnames -> the key of the actor they name first."""
    names: dict[str, str] = {}
    for m, mkey in zip(mentions, keys, strict=True):
        name = plain_spaces(m.span.text)
        names.setdefault(name.lower(), mkey)
        names.setdefault(mkey.partition(":")[2].lower(), mkey)
        if m.kind == "person":
            names.setdefault(surname(name).lower() if " " in name else name.lower(), mkey)
    return names


def _resolve_name(name: str, names: dict[str, str]) -> str | None:
    name = _POSSESSIVE.sub("", name.strip())
    words = [w for w in name.split() if not lexicon.is_title(w)]
    if not words:
        return None
    for form in (" ".join(words), words[-1]):
        if form.lower() in names:
            return names[form.lower()]
    country = lexicon.country_aliases().get(" ".join(words))
    return names.get(country.lower()) if country else None


def _name(key: str, mentions: list[Mention]) -> str:
    kind, _, value = key.partition(":")
    if kind in {"country", "group"}:
        return value
    if kind == "organisation" and value in lexicon.ORG_NAMES:
        return lexicon.ORG_NAMES[value]  # "EU" alone is named "European Union" too
    named = [plain_spaces(m.span.text) for m in mentions]
    named = [n for n in named if not n.lower().startswith("the ")]
    if kind == "person" and named:
        # The same in every article: "Donald Trump", not "Donald J. Trump" where both occur.
        return max(named, key=_person_name_rank)
    return max(named or [plain_spaces(mentions[0].span.text)], key=len)


def _person_name_rank(name: str) -> tuple[int, bool, int]:
    """Most words that are not initials, then none of them initials, then longest."""
    words = name.split()
    initials = sum(1 for w in words if _INITIAL.match(w))
    return len(words) - initials, not initials, len(name)
