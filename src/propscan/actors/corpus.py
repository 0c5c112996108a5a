"""One name for a person across a corpus.

Within an article, mentions merge into actors (:mod:`propscan.actors.resolve`), but an
article that says only "Obama" never meets the "Barack Obama" of the next one, and one that
writes "Donald J. Trump" throughout is named so. Counted by name over a corpus, they are two
or three actors. :func:`person_aliases` gives such names the corpus's name for the person,
from nothing but the names and the number of articles each is used in:

- full names with the same first name (or its short form: "Bill" for "William") and
  surname, and no generational suffix apart ("Donald Trump Jr"), are one person when their
  middle names agree: the same, or absent ("Donald J. Trump" and "Donald Trump", "Hillary
  Rodham Clinton" and "Hillary Clinton"), unless the corpus holds two different middle
  names for them ("George W. Bush", "George H.W. Bush": then "George Bush" could be either,
  and all stay);
  they take the name used in the most articles;
- a surname alone is that full name when one person of the corpus bearing it is named in at
  least :data:`MIN_SHARE` of the articles that name any of them in full, and in at least
  :data:`MIN_ARTICLES` ("Obama": Barack Obama in 170 articles, Michelle Obama in 10; but
  "Clinton" stays, Bill Clinton being a sixth of the Clintons). A misattribution is the
  worst error a reader can be handed, so a close call keeps the name as written.

On the 1,385 PTC and PolNeAR texts (``benchmarks/actors_eval.py``), see docs/models.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from propscan.actors import lexicon
from propscan.actors.mentions import name_parts

# A surname alone becomes a full name used in at least this many articles...
MIN_ARTICLES = 3
# ...and in at least this share of the articles naming in full anyone with that surname.
MIN_SHARE = 0.9


def person_aliases(articles: Mapping[str, int]) -> dict[str, str]:
    """For person names and the number of articles each is an actor's name in, the names
    that stand for another: name -> the corpus's name of that person (see the module)."""
    aliases: dict[str, str] = {}
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    middle: dict[str, str] = {}
    for name in articles:
        if " " in name:
            parts, middle[name] = name_parts(name)
            groups[parts].append(name)
    for names in groups.values():
        middles = {middle[n] for n in names} - {""}
        if len(names) > 1 and len(middles) <= 1:
            main = max(names, key=lambda n: (articles[n], -len(n), n))
            aliases.update((n, main) for n in names if n != main)
    total: dict[str, int] = defaultdict(int)
    for name, n in articles.items():
        if len(name.split()) > 1:
            total[aliases.get(name, name)] += n
    bearers: dict[str, set[str]] = defaultdict(set)
    for name in total:
        words = name.split()
        if _is_title(words[0]):
            continue  # "Presidents Reagan": no first name
        for surname in {words[-1], lexicon.ARTICLE_PREFIX.sub("", words[-1])}:
            bearers[surname].add(name)
    for name in articles:
        if " " in name or name not in bearers:
            continue
        named = sorted(bearers[name], key=lambda n: (-total[n], n))
        first = named[0]
        if total[first] >= MIN_ARTICLES and total[first] >= MIN_SHARE * sum(
            total[n] for n in named
        ):
            aliases[name] = first
    return aliases


def _is_title(word: str) -> bool:
    """A title, or titles ("Presidents Reagan and Bush")."""
    return lexicon.is_title(word) or lexicon.is_title(word.rstrip(".")[:-1])
