"""One name for a person across a corpus: the aliases, and the report's actor table that
counts a person's names as one actor, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from propscan.actors.corpus import MIN_ARTICLES, person_aliases
from propscan.corpus.export import export
from propscan.corpus.report import gather, most_named
from propscan.corpus.sources import ArticleInput, digest
from propscan.corpus.store import open_store
from propscan.corpus.worker import ArticleResult, analyze_item
from propscan.ingest import IngestOptions


def test_full_names_with_agreeing_middle_names_take_the_most_used_one() -> None:
    aliases = person_aliases(
        {"Donald Trump": 670, "Donald J. Trump": 75, "Hillary Rodham Clinton": 18,
         "Hillary Clinton": 632, "George W. Bush": 61, "George H.W. Bush": 12, "George Bush": 4}
    )  # fmt: skip
    assert aliases == {
        "Donald J. Trump": "Donald Trump",
        "Hillary Rodham Clinton": "Hillary Clinton",
    }


def test_a_short_first_name_is_the_full_one_and_a_junior_another_person() -> None:
    aliases = person_aliases(
        {"William Barr": 22, "Bill Barr": 6, "William P. Barr": 2, "Joe Biden": 22,
         "Joseph R. Biden Jr": 9, "Donald Trump": 110, "Donald Trump Jr": 8,
         "Donald J. Trump Jr.": 1, "Robert Mueller": 29, "Robert S. Mueller III": 5}
    )  # fmt: skip
    assert aliases == {
        "Bill Barr": "William Barr",
        "William P. Barr": "William Barr",
        "Donald J. Trump Jr.": "Donald Trump Jr",
        "Robert S. Mueller III": "Robert Mueller",
    }


def test_a_surname_alone_becomes_the_person_who_all_but_owns_it() -> None:
    counts = {"Barack Obama": 168, "Barack Hussein Obama": 2, "Michelle Obama": 10, "Obama": 189,
              "Hillary Clinton": 632, "Bill Clinton": 111, "Clinton": 6, "Francis": 40,
              "Saint Francis": 1, "Reagan": 6, "Ronald Reagan": 34, "Presidents Reagan": 1,
              "Bashar al-Assad": 5, "Assad": 3}  # fmt: skip
    aliases = person_aliases(counts)
    assert aliases["Obama"] == "Barack Obama"  # 170 of 180 articles
    assert aliases["Barack Hussein Obama"] == "Barack Obama"
    assert aliases["Reagan"] == "Ronald Reagan"  # "Presidents Reagan" names no first name
    assert aliases["Assad"] == "Bashar al-Assad"
    assert "Clinton" not in aliases  # Bill Clinton is a sixth of the Clintons: left as written
    assert "Francis" not in aliases  # one article is too few to decide
    assert "Obama" not in person_aliases({"Barack Obama": MIN_ARTICLES - 1, "Obama": 9})


def test_most_named_counts_a_persons_names_as_one_actor() -> None:
    rows = [("G", "Barack Obama", "person", 3, 9, 1), ("G", "Obama", "person", 2, 2, 0),
            ("G", "Obama", "group", 4, 4, 0), ("G", "Syria", "country", 4, 8, 0)]  # fmt: skip
    assert most_named(rows, {"Obama": "Barack Obama"}, 3) == [
        ("Barack Obama", "person", 5, 11, 1),
        ("Syria", "country", 4, 8, 0),  # as many articles, more mentions
        ("Obama", "group", 4, 4, 0),  # not a person: its name is not an alias
    ]
    assert most_named(rows, {}, 1) == [("Syria", "country", 4, 8, 0)]


TEXTS = {
    **{f"full{i}": f"Barack Obama spoke in Ohio on day {i}. Obama said the vote would pass.\n"
       for i in range(MIN_ARTICLES)},
    "short": "Obama said on Monday that the vote would pass in the spring.\n",
}  # fmt: skip


def _result(article_id: str) -> ArticleResult:
    text = TEXTS[article_id]
    item = ArticleInput(article_id, f"test:{article_id}", "text", text, digest(text),
                        title=article_id, outlet="Gazette")  # fmt: skip
    found = analyze_item(item, "fast", IngestOptions())
    assert isinstance(found, ArticleResult)
    return found


def test_the_reports_actor_table_merges_a_persons_names(address: str) -> None:
    pytest.importorskip("matplotlib")
    with open_store(address) as store:
        with store.writing():
            for article_id in TEXTS:
                store.put_result(_result(article_id), 1)
        names = dict(store.person_articles("fast"))
        assert names == {"Barack Obama": MIN_ARTICLES, "Obama": 1}
        actors = gather(store).actors["Gazette"]
    people = [a for a in actors if a[1] == "person"]
    assert people[0][:3] == ("Barack Obama", "person", MIN_ARTICLES + 1)
    assert all(a[0] != "Obama" for a in people)


def test_the_actors_export_gives_the_corpus_name_beside_the_articles_own(
    address: str, tmp_path: Path
) -> None:
    with open_store(address) as store:
        with store.writing():
            for article_id in TEXTS:
                store.put_result(_result(article_id), 1)
        export(store, "csv", tmp_path / "actors.csv", table="actors")
    with (tmp_path / "actors.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "person"]
    assert {(r["article_id"], r["name"], r["corpus_name"]) for r in rows} == {
        *((f"full{i}", "Barack Obama", "Barack Obama") for i in range(MIN_ARTICLES)),
        ("short", "Obama", "Barack Obama"),
    }
