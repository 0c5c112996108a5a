"""The corpus report and exports keep the author's voice apart from quoted speech (issue 15).

Figures are checked against the stored analyses themselves (``analyses``), so they hold
whatever the shipped model finds; articles stored before schema version 3 (no voices) are
read on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from propscan.article_score import estimate_share
from propscan.corpus.export import COLUMNS, analyses, export
from propscan.corpus.report import ReportData, gather, write_report
from propscan.corpus.sources import ArticleInput, digest
from propscan.corpus.store import Store, open_store
from propscan.corpus.worker import ArticleResult, analyze_item
from propscan.ingest import IngestOptions
from propscan.taxonomy import TECHNIQUE_NAMES

pytest.importorskip("matplotlib")

# Texts in which the fast model finds fragments in the author's voice and in a direct quotation.
TEXTS = [
    'The senator spoke on Monday. "These shameless traitors will destroy our great nation '
    'overnight," he said. Heavy rain closed the coast road for three hours.\n',
    "Critics called the mayor a shameless traitor who would sell his own mother. "
    '"We will vote on the budget next week," the mayor said.\n',
    "Every true patriot knows this is a disaster for our great nation!\n"
    "Opponents warned it would destroy every small business in the country overnight.\n",
    "Heavy rain closed the coast road for three hours on Monday.\n",
]
OUTLETS = ["Gazette", "Herald", "Courier"]


def _result(article_id: str, text: str, outlet: str) -> ArticleResult:
    item = ArticleInput(article_id, f"test:{article_id}", "text", text, digest(text),
                        title=f"Story {article_id}", outlet=outlet)  # fmt: skip
    found = analyze_item(item, "fast", IngestOptions())
    assert isinstance(found, ArticleResult)
    return found


def _fill(store: Store, n: int = 12) -> None:
    with store.writing():
        for i in range(n):
            store.put_result(_result(f"a{i:02d}", TEXTS[i % 4], OUTLETS[i % 3]), 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData, list[dict[str, Any]]]:
    """The report's figures and the stored analyses they come from."""
    path = tmp_path_factory.mktemp("voices") / "r.db"
    with open_store(path) as store:
        _fill(store)
        return gather(store), list(analyses(store, "fast"))


def _by_outlet(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        found[record["document"]["metadata"]["source"]].append(record)
    return found


def test_rates_and_technique_counts_are_split_by_voice(
    corpus: tuple[ReportData, list[dict[str, Any]]],
) -> None:
    data, records = corpus
    spans = [s for r in records for s in r["spans"]]
    assert {s["voice"] for s in spans} == {"author", "quote"}, "the texts must give both voices"
    by_outlet = _by_outlet(records)
    for own, quoted in zip(data.rates, data.quoted_rates, strict=True):
        articles = by_outlet[own.outlet]
        words = sum(r["summary"]["words"] for r in articles)
        voices = Counter(s["voice"] for r in articles for s in r["spans"])
        assert (own.fragments, quoted.fragments, own.words) == (
            voices["author"], voices["quote"], words
        )  # fmt: skip
        # Both over the articles' words: the two rates add up to the rate of all fragments.
        assert own.rate + quoted.rate == pytest.approx(1000 * len(
            [s for r in articles for s in r["spans"]]) / words)  # fmt: skip
        group = data.groups[own.outlet]
        assert group.techniques == Counter(
            s["technique"] for r in articles for s in r["spans"] if s["voice"] == "author"
        )
        assert group.quoted_techniques == Counter(
            s["technique"] for r in articles for s in r["spans"] if s["voice"] == "quote"
        )
        for name in TECHNIQUE_NAMES:
            assert data.rate(own.outlet, name) == pytest.approx(
                1000 * group.techniques[name] / words
            )


def test_outlet_scores_are_means_of_the_articles_scores(
    corpus: tuple[ReportData, list[dict[str, Any]]],
) -> None:
    data, records = corpus
    by_outlet = _by_outlet(records)
    for author, quoted in zip(data.scores, data.quoted_scores, strict=True):
        articles = by_outlet[author.outlet]
        own = [r["summary"]["author"]["score"] for r in articles]
        # Quoted speech's score averages the articles that quote anyone, not the zeros of
        # those that do not.
        cited = [r["summary"]["quoted"]["score"] for r in articles
                 if r["summary"]["quoted"]["sentences"]]  # fmt: skip
        assert author.articles == len(own) and author.mean == pytest.approx(np.mean(own))
        assert author.low is not None and author.high is not None and author.mean is not None
        assert author.low <= author.mean <= author.high
        assert quoted.articles == len(cited)
        if cited:
            assert quoted.mean == pytest.approx(np.mean(cited))
        else:
            assert quoted.mean is None


def test_the_page_shows_both_voices_and_ranks_by_the_authors_score(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "r.db") as store:
        _fill(store)
        records = {r["id"]: r for r in analyses(store, "fast")}
        files = write_report(store, tmp_path / "report")
    names = {p.name for p in files}
    assert {"rates.png", "heatmap.png", "heatmap-quoted.png"} <= names
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<h2>The author's voice and quoted speech by outlet</h2>" in page
    assert "stored by an older propscan" not in page
    top = page[page.index("<h2>Articles to read first") : page.index("<h2>The author")]
    listed = re.findall(r"<span class='muted'>(a\d\d)</span>", top)
    assert sorted(listed) == sorted(records)
    scores = [records[a]["summary"]["author"]["score"] for a in listed]
    assert scores == sorted(scores, reverse=True)
    first = records[listed[0]]["summary"]["author"]
    interval = f"{first['score_low']:.0%} to {first['score_high']:.0%}"
    assert f'{first["score"]:.0%} <span class="muted">({interval})' in top[: top.index(listed[1])]
    rows = top.split("<tr>")[2:]
    for article, row in zip(listed, rows, strict=True):
        quoted = records[article]["summary"]["quoted"]["fragments"]
        assert (f"({quoted} quoted)" in row) == (quoted > 0)


def test_a_short_article_no_longer_tops_the_list(tmp_path: Path) -> None:
    """One flagged sentence of one was 100% and came first; its author's score is now the
    shrunk estimate, below a long article flagged in 40% of its sentences."""
    with open_store(tmp_path / "r.db") as store:
        _fill(store, 3)
        short, long = estimate_share(1, 1), estimate_share(12, 30)
        with store.writing():
            for aid, est, sentences, flagged in (("short", short, 1, 1), ("long", long, 30, 12)):
                voice = {"score": est.score, "score_low": est.low, "score_high": est.high,
                         "sentences": sentences, "flagged": flagged, "fragments": 0,
                         "counts": dict.fromkeys(TECHNIQUE_NAMES, 0)}  # fmt: skip
                quoted = {**voice, "score": 0.0, "score_low": 0.0, "score_high": 0.0,
                          "sentences": 0, "flagged": 0}  # fmt: skip
                found = _result(aid, TEXTS[3], "Gazette")
                voices = json.dumps({"author": voice, "quoted": quoted})
                store.put_result(replace(found, score=est.score, voices=voices), 1)
        top = [row[0] for row in store.top_articles("fast", 5)]
    assert short.score < long.score < 1.0
    assert top.index("long") < top.index("short")


def test_phrases_from_quoted_speech_are_marked(tmp_path: Path) -> None:
    text = 'He said: "The traitors lie." The traitors lie, we say.\n'
    quoted = text.index("The traitors")
    own = text.index("The traitors", quoted + 1)
    with open_store(tmp_path / "r.db") as store:
        _fill(store, 3)
        with store.writing():
            for i, voice in enumerate(["quote", "quote", "quote", "author", "author", "author"]):
                start = quoted if voice == "quote" else own
                fragment = (start, start + 11, "Name_Calling,Labeling", 0.9, "the traitors",
                            "[]", voice, 0 if voice == "quote" else None, None)  # fmt: skip
                found = _result(f"p{i}", text, "Gazette")
                store.put_result(replace(found, fragments=[fragment] * 2), 1)
            found = _result("q", text, "Herald")
            fragment = (quoted, quoted + 16, "Loaded_Language", 0.9, "the traitors lie", "[]",
                        "quote", 0, None)  # fmt: skip
            store.put_result(replace(found, fragments=[fragment] * 3), 1)
        data = gather(store)
        write_report(store, tmp_path / "report")
    [(phrase, total, _, cited)] = dict(data.phrases.by_technique(8))["Name_Calling,Labeling"]
    assert (phrase, total, cited) == ("the traitors", 12, 6)
    # The outlets' own loaded language leaves quoted speech out.
    assert data.phrases.by_outlet("Loaded_Language", 10) == {"Herald": [("the traitors lie", 3)]}
    assert data.phrases.by_outlet("Loaded_Language", 10, author=True) == {}
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    phrases = page[page.index("<h2>Most frequent phrases") :]
    assert "<q>the traitors</q> 12 (Gazette 12) <span class='quoted'>[6 quoted]</span>" in phrases
    assert "<q>the traitors lie</q> 3 (Herald 3) <span class='quoted'>[all quoted]</span>" in (
        phrases
    )


def test_articles_export_the_author_and_quoted_figures(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        _fill(store, 4)
        records = {r["id"]: r for r in analyses(store, "fast")}
        out = tmp_path / "a.csv"
        export(store, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [c for c, _ in COLUMNS["articles"]]
    assert names.index("author_score") == names.index("fragments_per_1000_words") + 1
    for row in rows:
        summary = records[row["article_id"]]["summary"]
        for voice in ("author", "quoted"):
            for key in ("score", "score_low", "score_high"):
                assert float(row[f"{voice}_{key}"]) == summary[voice][key]
            for key in ("sentences", "flagged", "fragments"):
                assert int(row[f"{voice}_{key}"]) == summary[voice][key]
        assert float(row["score"]) == summary["author"]["score"]


def test_articles_stored_without_voices_are_counted_and_listed_last(
    address: str, tmp_path: Path, raw_sql: Callable[[str, str], None]
) -> None:
    with open_store(address) as store:
        _fill(store, 6)
        with store.writing():  # the top article by its score, if it were ranked with the others
            store.put_result(replace(_result("old", TEXTS[1], "Gazette"), score=0.99), 1)
    # As a version-2 article reads once its store is upgraded: no voices, the author's voice.
    raw_sql(address, "UPDATE summaries SET voices = NULL WHERE article_id = 'old'")
    raw_sql(address, "UPDATE fragments SET voice = 'author', quote_position = NULL, speaker = NULL"
                     " WHERE article_id = 'old'")  # fmt: skip
    with open_store(address, create=False) as store:
        data = gather(store)
        write_report(store, tmp_path / "report")
        export(store, "csv", tmp_path / "a.csv")
        top = [row[0] for row in store.top_articles("fast", 10)]
    assert data.legacy == 1 and data.articles == 7
    assert top[-1] == "old"
    gazette = data.groups["Gazette"]
    assert len(gazette.scores) == len(gazette.words) - 1  # its old score is left out
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "1 of 7 articles were stored by an older propscan" in page and "--force" in page
    assert "stored without voices" in page
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["article_id"]: row for row in csv.DictReader(handle)}
    assert rows["old"]["author_score"] == rows["old"]["quoted_fragments"] == ""
    assert rows["old"]["score"] == "0.99" and rows["a00"]["author_score"] != ""
    pq = pytest.importorskip("pyarrow.parquet")
    with open_store(address, create=False) as store:
        export(store, "parquet", tmp_path / "a.parquet")
    table = pq.read_table(tmp_path / "a.parquet").to_pylist()
    old = next(row for row in table if row["article_id"] == "old")
    assert old["author_score"] is None and old["quoted_fragments"] is None


def test_a_version_2_store_gets_a_report(
    address: str,
    tmp_path: Path,
    raw_sql: Callable[[str, str], None],
    drop_voices: Callable[[str], None],
) -> None:
    with open_store(address) as store:
        _fill(store, 4)
    drop_voices(address)
    raw_sql(address, "UPDATE propscan_meta SET value = '2' WHERE key = 'schema_version'")
    with open_store(address, create=False) as store:
        assert store.schema_version == 2
        data = gather(store)
        files = write_report(store, tmp_path / "report")
        export(store, "csv", tmp_path / "a.csv")
    assert data.legacy == data.articles == 4
    assert all(r.fragments == 0 for r in data.quoted_rates)
    assert "heatmap-quoted.png" not in {p.name for p in files}
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "4 of 4 articles were stored by an older propscan" in page
    assert len(re.findall(r'href="articles/', page)) == 4  # each still gets its own page
