"""Proxy measures of propscan.actors, and its speed.

No named-entity gold exists here, so these are proxies, and they say so:

- recall proxy: of PolNeAR dev's gold attribution ``Source`` spans that are named (they start
  with a capital letter and are not a pronoun), the share that overlaps one of our mentions;
- precision proxy: of our person and organisation mentions, the share that lies inside a gold
  Source span. Sources are a small part of what an article names, so this is a floor on
  precision, not an estimate of it; the share that is at least capitalised is printed beside it,
  and only says our mentions are names of some kind;
- names across a corpus: over every PTC and PolNeAR text, the organisation names that are
  another organisation name's initials ("EU" beside "European Union"), so that
  a corpus counts one actor twice, and the person names that hold a day, month or holiday
  word ("New Year", "Election Day"), none of which is a person; each with the number of
  articles they occur in; and the person names the corpus report gives another name of the
  same person (``propscan.actors.corpus.person_aliases``: "Obama" -> "Barack Obama");
- names that name no one, by class, with their article counts: a US legislator's party and
  state ("D-CA"), an organisation name closing on a title ("Fox News Chairman"), a body's
  common word alone ("Department", "TV"), a word in capitals that is a dateline's place or a
  section's head ("WASHINGTON", "ABSTRACT"), a person that is a place ("Northern
  California"), and one article naming the same word as an organisation and as a group
  ("Government" beside "government"); the lists are the benchmark's own, not the rules';
- speed: articles a second for ``find_actors`` (no fragments, no quotes) on PTC's 90
  unlabelled test articles.

Run: ``.venv/bin/python benchmarks/actors_eval.py``.
"""

from __future__ import annotations

import bisect
import re
import sys
import time
from collections import Counter
from pathlib import Path

from propscan.actors import find_actors, find_mentions
from propscan.actors.corpus import person_aliases
from propscan.actors.lexicon import PRONOUNS, country_aliases, is_title, places
from propscan.document import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"
PTC_TEST = SHARED / "data" / "ptc" / "unlabelled-test"


def _sources(ann: Path) -> list[tuple[int, int, str]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[1].startswith("Source "):
            continue
        offsets = parts[1].split(" ", 1)[1].replace(";", " ").split()
        spans.append((int(offsets[0]), int(offsets[-1]), parts[2]))
    return spans


def polnear() -> None:
    named = hit = ours = inside = capitalised = 0
    for ann in sorted((POLNEAR_DEV / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text = (POLNEAR_DEV / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        mentions = find_mentions(text)
        starts = [m.start for m, _ in mentions]
        sources = _sources(ann)
        for start, end, words in sources:
            first = words.split()[0].strip("\"“'(") if words.split() else ""
            if not first[:1].isupper() or first.lower() in PRONOUNS:
                continue
            named += 1
            i = bisect.bisect_left(starts, end)
            if any(mentions[j][0].end > start for j in range(max(0, i - 3), i)):
                hit += 1
        for span, kind in mentions:
            if kind not in {"person", "organisation"}:
                continue
            ours += 1
            inside += any(s <= span.start and span.end <= e for s, e, _ in sources)
            capitalised += span.text[:1].isupper()
    print(
        f"PolNeAR dev ({len(list((POLNEAR_DEV / 'attributions').glob('*.ann')))} annotation files)"
    )
    print(f"  recall proxy: {hit}/{named} named gold sources overlap a mention = {hit / named:.3f}")
    print(
        f"  precision floor: {inside}/{ours} person/organisation mentions inside a gold source"
        f" = {inside / ours:.3f}; capitalised: {capitalised / ours:.3f}"
    )


# Words no person's name holds (months left out: "Theresa May", "June Carter").
_TIME_WORDS = frozenset(
    """Day Eve Year Week Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas
    Easter Thanksgiving Halloween Ramadan""".split()
)


_PARTY_LABEL = re.compile(r"[DRI]-[A-Z]")
# A body's common word, which alone names no body in particular ("the Department's").
_COMMON_BODIES = frozenset(
    """Department Ministry Committee Commission Agency Office Bureau Council Court Assembly
    Board Authority Institute Foundation Center Centre Fund Group Network Service TV Media
    Radio Magazine""".split()
)
_COMPASS_WORDS = frozenset("North South East West Northern Southern Eastern Western".split())
# Heads of a page's sections that a text writes in capitals.
_SECTION_HEADS = frozenset("ABSTRACT UPDATE WATCH BREAKING CORRECTION EXCLUSIVE".split())


def _is_place(name: str) -> bool:
    return name in places() or name in country_aliases()


def _no_one(name: str, kind: str) -> str | None:
    """The class of a name that names no one, if it is one (see the module docstring)."""
    if _PARTY_LABEL.match(name):
        return "party-and-state labels"
    words = name.split()
    if (
        kind == "organisation"
        and len(words) > 1
        and is_title(words[-1])
        and not {"of", "for"} & set(words)  # "Department of Justice" is a name
    ):
        return "organisations closing on a title"
    if kind == "organisation" and name in _COMMON_BODIES:
        return "a body's common word alone"
    words_after = " ".join(words[1:])
    if kind == "person" and (
        _is_place(name) or (words[0] in _COMPASS_WORDS and _is_place(words_after))
    ):
        return "persons that are places"
    if name in _SECTION_HEADS or (name.isupper() and name.title() in places()):
        return "datelines and section heads in capitals"
    return None


def names() -> None:
    articles: Counter[tuple[str, str]] = Counter()
    no_one: Counter[tuple[str, str]] = Counter()
    texts = sorted(SHARED.glob("data/ptc/**/*.txt")) + sorted(
        SHARED.glob("data/polnear/*/text/*.txt")
    )
    for path in texts:
        doc = Document.create(path.read_text(encoding="utf-8"))
        kinds: dict[str, set[str]] = {}
        for actor in find_actors(doc, [], []):
            kinds.setdefault(actor.name.lower(), set()).add(actor.kind)
            if actor.kind in {"person", "organisation"}:
                articles[actor.name, actor.kind] += 1
            found = _no_one(actor.name, actor.kind)
            if found:
                no_one[found, actor.name] += 1
        for name, both in kinds.items():
            if {"organisation", "group"} <= both:
                no_one["an organisation and a group in one article", name] += 1
    by_initials: dict[str, list[str]] = {}
    for name, kind in articles:
        words = [w for w in name.split() if w[:1].isupper()]
        if kind != "organisation":
            continue
        if len(words) > 1:
            by_initials.setdefault("".join(w[0] for w in words), []).append(name)
    split = sorted(
        (articles[name, kind], name, by_initials[name.replace(".", "")])
        for name, kind in articles
        if name.replace(".", "") in by_initials and kind == "organisation"
    )
    timely = sorted(
        (n, name)
        for (name, kind), n in articles.items()
        if kind == "person" and any(w in _TIME_WORDS for w in name.split())
    )
    print(f"Names over {len(texts)} PTC and PolNeAR texts")
    print(
        f"  organisation acronyms named apart from their full name: {len(split)} names, "
        f"{sum(n for n, _, _ in split)} article-actors; most frequent: "
        + ", ".join(f"{a} ({n}) / {' / '.join(f)}" for n, a, f in split[::-1][:5])
    )
    print(
        f"  persons named with a day, month or holiday word: {len(timely)} names, "
        f"{sum(n for n, _ in timely)} article-actors; most frequent: "
        + ", ".join(f"{name} ({n})" for n, name in timely[::-1][:5])
    )
    people = {name: n for (name, kind), n in articles.items() if kind == "person"}
    aliases = person_aliases(people)
    for label, chosen in (
        ("surnames alone", {a: b for a, b in aliases.items() if " " not in a}),
        ("full-name variants", {a: b for a, b in aliases.items() if " " in a}),
    ):
        ranked = sorted(((people[a], a, b) for a, b in chosen.items()), reverse=True)
        print(
            f"  {label} given the corpus's name of the person (the report's actor table): "
            f"{len(chosen)} names, {sum(n for n, _, _ in ranked)} article-actors; most "
            "frequent: " + ", ".join(f"{a} ({n}) -> {b}" for n, a, b in ranked[:5])
        )
    single = sum(n for name, n in people.items() if " " not in name and name not in aliases)
    print(f"  surnames alone left as written: {single} article-actors")
    print("  names that name no one:")
    for label in sorted({label for label, _ in no_one}):
        ranked = sorted(((n, name) for (c, name), n in no_one.items() if c == label), reverse=True)
        print(
            f"    {label}: {len(ranked)} names, {sum(n for n, _ in ranked)} article-actors; "
            "most frequent: " + ", ".join(f"{name} ({n})" for n, name in ranked[:5])
        )


def speed() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(PTC_TEST.rglob("*.txt"))]
    docs = [Document.create(t) for t in texts]
    for doc in docs[:5]:  # warm the word lists
        find_actors(doc, [], [])
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for doc in docs:
            find_actors(doc, [], [])
        best = min(best, time.perf_counter() - start)
    chars = sum(len(t) for t in texts) / len(texts)
    print(
        f"PTC unlabelled-test: {len(docs)} articles (mean {chars:.0f} characters): "
        f"{len(docs) / best:.0f} articles/s, {1000 * best / len(docs):.2f} ms/article "
        f"(best of 3)"
    )


if __name__ == "__main__":
    if not POLNEAR_DEV.exists() or not PTC_TEST.exists():
        sys.exit(f"needs {POLNEAR_DEV} and {PTC_TEST}")
    polnear()
    names()
    speed()
