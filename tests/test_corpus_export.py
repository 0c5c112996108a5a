"""Exporting stored results: JSONL, CSV, Parquet, SemEval TSV; and the corpus report."""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import pytest

from propscan.analysis import Analysis
from propscan.corpus.export import COLUMNS, analyses, export
from propscan.corpus.phrases import normalise
from propscan.corpus.report import write_report
from propscan.corpus.sources import ArticleInput, digest
from propscan.corpus.store import Store, StoreError, open_store
from propscan.corpus.worker import ArticleResult, analyze_item
from propscan.document import Document
from propscan.errors import ConfigError
from propscan.ingest import IngestOptions
from propscan.taxonomy import TECHNIQUE_NAMES

TEXTS = [
    "Critics called the mayor a shameless traitor who would sell his own mother.\n"
    "Every true patriot knows this is a disaster for our great nation!\n",
    "Heavy rain closed the coast road for three hours on Monday.\n",
    "Opponents warned it would destroy every small business in the country overnight.\n"
    "This reckless plan is a disgusting betrayal of everything our town stands for.\n",
]
HOSTILE = "<script>alert('x')</script>"
PLOTS = ["heatmap.png", "index.html", "loaded-phrases.png", "rates.png", "scores.png",
         "techniques.png", "trend.png"]  # fmt: skip

# The in-process runner is the `run` fixture of tests/conftest.py; it returns a CliResult.
Run = Callable[..., Any]


def _result(article_id: str, text: str, **meta: str | None) -> ArticleResult:
    item = ArticleInput(article_id, f"test:{article_id}", "text", text, digest(text), **meta)
    found = analyze_item(item, "fast", IngestOptions())
    assert isinstance(found, ArticleResult)
    return found


def store_sentences(text: str) -> tuple[object, ...]:
    return Document.create(text).article_sentences


def fill(store: Store, dates: bool = True) -> None:
    with store.writing():
        for i in range(9):
            date = f"2024-{1 + i % 3:02d}-10" if dates else None
            store.put_result(
                _result(f"article{100 + i}", TEXTS[i % 3], outlet=["Gazette", "Herald"][i % 2],
                        title=f"Story {i}", date=date, url=f"https://example.org/{i}"),
                1,
            )  # fmt: skip
    store.put_failure("broken", "fast", 1, "in.jsonl:4", "in.jsonl:4: malformed JSON")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "r.db")
    fill(opened)
    return opened


def test_jsonl_lines_are_analyses(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert export(store, "jsonl", out) == 9
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [f"article{100 + i}" for i in range(9)]
    for record in records:
        analysis = Analysis.from_json(record)  # validates every offset
        assert analysis.document.metadata.source in ("Gazette", "Herald")
        assert analysis.summary.fragments == len(analysis.spans)
        assert len(analysis.claims) == len(analysis.sentences) > 0


@pytest.mark.parametrize(
    "table", ["articles", "fragments", "sentences", "failures", "claims", "quotes", "actors"]
)
def test_csv_tables(store: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    written = export(store, "csv", out, table=table)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == written
    assert list(rows[0]) == [c for c, _ in COLUMNS[table]]
    if table == "articles":
        assert written == 9
        for row in rows:
            assert sum(int(row[n]) for n in TECHNIQUE_NAMES) == int(row["fragments"])
    if table == "failures":
        assert rows[0]["article_id"] == "broken" and "malformed JSON" in rows[0]["error"]
    if table == "claims":
        assert written == sum(len(store_sentences(t)) for t in (TEXTS * 3)[:9])
        assert {row["verdict"] for row in rows} <= {"1", "0", "-1"}
    if table == "quotes":
        # A quote's kind is read off its cue in the article's text, as the JSON's is.
        articles = {a["id"]: a for a in analyses(store, "fast")}
        kinds = [articles[r["article_id"]]["quotes"][int(r["position"])]["kind"] for r in rows]
        assert [r["kind"] for r in rows] == kinds and "speech" in kinds
    if table in ("fragments", "sentences"):
        # Each row joins without a lookup: a fragment has its outlet, a sentence its text.
        articles = {a["id"]: a["document"] for a in analyses(store, "fast")}
        assert written > 0
        for row in rows:
            document = articles[row["article_id"]]
            start, end = int(row["start"]), int(row["end"])
            if table == "fragments":
                assert row["outlet"] == document["metadata"]["source"]
            else:
                assert row["text"] == document["text"][start:end] and row["text"].strip()


def test_one_article_is_read_alone(store: Store) -> None:
    every = {a["id"]: a for a in analyses(store, "fast")}
    for article_id in ("article100", "article104"):
        assert list(analyses(store, "fast", article_id=article_id)) == [every[article_id]]
    assert list(analyses(store, "fast", article_id="none")) == []


def test_parquet(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    assert export(store, "parquet", out) == 9
    table = pq.read_table(out)
    assert table.num_rows == 9
    assert table.column_names == [c for c, _ in COLUMNS["articles"]]
    assert table.column("outlet").to_pylist()[:2] == ["Gazette", "Herald"]
    fragments = tmp_path / "f.parquet"
    n = export(store, "parquet", fragments, table="fragments")
    assert pq.read_table(fragments).num_rows == n > 0
    with pytest.raises(ConfigError, match="parquet needs an output file"):
        export(store, "parquet", None)


def test_semeval_tsv(store: Store, tmp_path: Path) -> None:
    full, si = tmp_path / "full.tsv", tmp_path / "si.tsv"
    n = export(store, "full", full)
    assert export(store, "si", si) == n > 0
    full_rows = [line.split("\t") for line in full.read_text(encoding="utf-8").splitlines()]
    si_rows = [line.split("\t") for line in si.read_text(encoding="utf-8").splitlines()]
    assert {r[0] for r in full_rows} <= {str(100 + i) for i in range(9)}  # article<N> -> N
    assert all(r[1] in TECHNIQUE_NAMES and int(r[2]) < int(r[3]) for r in full_rows)
    assert [[r[0], r[2], r[3]] for r in full_rows] == si_rows


def test_several_models_need_a_choice(store: Store) -> None:
    with store.writing():
        store.put_result(replace(_result("article100", TEXTS[0]), model="other"), 2)
    with pytest.raises(ConfigError, match=r"several models \(fast, other\); pick one"):
        export(store, "csv", None)
    with pytest.raises(ConfigError, match="no results of model 'nope'"):
        export(store, "csv", None, model="nope")


def test_report_files_and_escaping(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    with open_store(tmp_path / "r.db") as store:
        fill(store)
        text = f"They are vile traitors. {HOSTILE} is what they want!\n"
        hostile = _result("evil", text, outlet=HOSTILE, title=f"<b>{HOSTILE}</b>",
                          url="javascript:alert(1)", date="2024-02-01")  # fmt: skip
        start = text.index(HOSTILE)
        fragment = (
            start,
            start + len(HOSTILE),
            "Loaded_Language",
            0.99,
            HOSTILE,
            "[]",
            "author",
            None,
            None,
        )
        actor = (
            0,
            HOSTILE,
            "group",
            1,
            0,
            '{"mentions":[],"labels":[],"fragments":[],"quotes":[]}',
        )
        with store.writing():
            store.put_result(
                replace(hostile, score=1.0, fragments=[fragment] * 3, actors=[actor]), 1
            )
        files = write_report(store, tmp_path / "report")
    report = tmp_path / "report"
    names = sorted(str(p.relative_to(report)) for p in files if p.parent == report)
    assert names == PLOTS
    for path in files:
        if path.suffix == ".png":
            assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page = (report / "index.html").read_text(encoding="utf-8")
    # Every listed article links to its own report, which exists and holds its text.
    links = re.findall(r'href="(articles/[^"]+)"', page)
    assert len(links) == 10 and len(set(links)) == 10
    assert {str(p.relative_to(report)) for p in files if p.parent != report} == set(links)
    evil = (report / links[0]).read_text(encoding="utf-8")
    assert links[0].startswith("articles/evil-") and "is what they want" in evil
    assert "<script" not in evil
    assert "<script" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;" in page  # the title, as text
    assert page.index("evil") < page.index("article100")  # the top article is listed first
    assert "Gazette" in page and "Herald" in page
    statements = page[page.index("Claims, quotes and actors by outlet") :]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; (group: 1 articles" in statements


def test_report_without_dates_says_so(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    with open_store(tmp_path / "r.db") as store:
        fill(store, dates=False)
        files = write_report(store, tmp_path / "report")
    assert "trend.png" not in {p.name for p in files} and "rates.png" in {p.name for p in files}
    assert "No article has a date" in (tmp_path / "report" / "index.html").read_text()


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_cli_export_and_report(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "r.db"
    with open_store(db) as store:
        fill(store)
    code, out, err = run("export", db, "--format", "full")
    assert code == 0 and err == "" and out.count("\n") > 0
    code, out, err = run("export", db, "-f", "csv", "-o", tmp_path / "a.csv")
    assert code == 0 and out == "" and err == f"9 rows -> {tmp_path / 'a.csv'}\n"
    code, _, err = run("export", db, "-f", "parquet")
    assert code == 1 and err == "propscan: error: parquet needs an output file (-o FILE)\n"
    code, _, err = run("export", tmp_path / "none.db")
    assert code == 1 and err == f"propscan: error: {tmp_path / 'none.db'}: no such database\n"
    code, _, err = run("report", db, "-o", tmp_path / "rep")
    assert code == 0 and "index.html" in err
    assert (tmp_path / "rep" / "index.html").is_file()


FORMULA = '=HYPERLINK("http://example.org/?"&A1,"Click")'


def test_csv_cells_cannot_run_as_formulas_and_a_bare_cr_stays_in_its_row(
    store: Store, tmp_path: Path
) -> None:
    titles = {"article100": FORMULA, "article101": "first\rsecond", "article102": "+1",
              "article103": "@SUM(A1)", "article104": "-2+3", "article105": "\tx"}  # fmt: skip
    with store.writing():
        for aid, title in titles.items():
            store.put_result(_result(aid, TEXTS[0], title=title, outlet="Gazette"), 2)
    out = tmp_path / "a.csv"
    assert export(store, "csv", out) == 9
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    assert len(read) == 10  # the header and nine articles: no row split at the bare CR
    by_id = {row[0]: dict(zip(read[0], row, strict=True)) for row in read[1:]}
    assert by_id["article100"]["title"] == "'" + FORMULA
    assert by_id["article101"]["title"] == "first\rsecond"
    assert by_id["article102"]["title"] == "'+1"
    assert by_id["article103"]["title"] == "'@SUM(A1)"
    assert by_id["article104"]["title"] == "'-2+3"
    assert by_id["article105"]["title"] == "'\tx"
    assert by_id["article106"]["title"] == "Story 6"
    assert all(float(row["score"]) >= 0 for row in by_id.values())  # numbers stay numbers


def test_semeval_ids_stay_one_field_and_cannot_run_as_formulas(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        with store.writing():
            store.put_result(_result("=1+1\tx\ny", TEXTS[0]), 1)
        out = tmp_path / "full.tsv"
        n = export(store, "full", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert n > 0 and len(lines) == n + 1 and lines[-1] == ""
    assert all(line.split("\t")[0] == "\\x3d1+1\\tx\\ny" for line in lines[:-1])


MATHTEXT = [r"$\undefinedmacro{x}$", "$x^$", "_hidden $a$"]


def test_report_labels_are_never_mathtext(tmp_path: Path, run: Run) -> None:
    pytest.importorskip("matplotlib")
    db = tmp_path / "r.db"
    with open_store(db) as store:
        fill(store)
        with store.writing():
            for i, outlet in enumerate(MATHTEXT):
                text = f"They are vile traitors. {outlet} is what they want!\n"
                found = _result(f"m{i}", text, outlet=outlet, title=outlet, date="2024-02-01")
                start = text.index(outlet)
                fragment = (
                    start,
                    start + len(outlet),
                    "Loaded_Language",
                    0.9,
                    outlet,
                    "[]",
                    "author",
                    None,
                    None,
                )
                # Three times: the phrase chart lists phrases found at least three times.
                store.put_result(replace(found, fragments=[fragment] * 3), 1)
    code, _, err = run("report", db, "-o", tmp_path / "rep")
    assert code == 0, err
    assert err.startswith("report written to") and "Traceback" not in err
    names = sorted(p.name for p in (tmp_path / "rep").iterdir() if p.is_file())
    assert names == PLOTS
    page = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    loaded = page[page.index("<h3>Loaded language by outlet") :]
    assert all(f"{html.escape(normalise(m), quote=True)} (3)" in loaded for m in MATHTEXT)


def test_a_failing_plot_leaves_no_report_behind(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    from propscan.corpus import plots

    def broken(*args: object) -> bytes:
        raise ValueError("cannot draw")

    monkeypatch.setattr(plots, "score_distributions", broken)  # the second plot
    with pytest.raises(ValueError, match="cannot draw"):
        write_report(store, tmp_path / "report")
    assert not (tmp_path / "report").exists()


def test_plot_labels_show_dollars_literally() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.text import Text

    from propscan.corpus.plots import label

    for text in ["$x^$", r"a\$b", "$$", "cost $5 or $6"]:
        shown, is_math = Text(text=label(text))._preprocess_math(label(text))
        assert (shown, is_math) == (text, False)


@pytest.mark.parametrize("table", ["claims", "quotes", "actors"])
def test_cli_exports_the_statement_tables(tmp_path: Path, run: Run, table: str) -> None:
    db = tmp_path / "r.db"
    with open_store(db) as store:
        fill(store)
        expected = export(store, "csv", tmp_path / "lib.csv", table=table)
    out = tmp_path / f"{table}.csv"
    code, _, err = run("export", db, "-f", "csv", "--table", table, "-o", out)
    assert code == 0 and err == f"{expected} rows -> {out}\n"
    assert out.read_bytes() == (tmp_path / "lib.csv").read_bytes()
    with out.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == [c for c, _ in COLUMNS[table]]


def test_cli_table_choices_are_the_export_tables() -> None:
    from propscan.cli import export as export_command
    from propscan.corpus.export import TABLES

    option = next(p for p in export_command.params if p.name == "table")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == TABLES


def _tied_results() -> list[ArticleResult]:
    """Articles whose fragments tie on (id, start, end, technique): duplicates that differ only
    in confidence or cues, and techniques whose order differs between collations."""
    results = []
    for i in range(6):
        found = _result(f"tie{i}", TEXTS[i % 3], outlet=["Gazette", "herald", "Herald"][i % 3],
                        title=f"Story {i}", date="2024-01-10")  # fmt: skip
        start, end = 0, TEXTS[i % 3].index(" ")
        text = TEXTS[i % 3][start:end]
        tied = [
            (start, end, "Loaded_Language", 0.75, text, '["a"]', "author", None, None),
            (start, end, "Loaded_Language", 0.5, text, '["b"]', "author", None, None),
            (start, end, "Loaded_Language", 0.5, text, '["a"]', "author", None, None),
            (start, end, "Name_Calling,Labeling", 0.5, text, "[]", "author", None, None),
            (start, end, "Name_Calling,Labeling", 0.5, text, "[]", "author", None, None),
            (start, end, "doubt", 0.5, text, "[]", "author", None, None),
        ]
        results.append(replace(found, fragments=[*found.fragments, *tied]))
    return results


def _fill_in_order(address: str, results: list[ArticleResult], reverse: bool) -> None:
    with open_store(address) as store:
        with store.writing():
            for result in reversed(results) if reverse else results:
                fragments = result.fragments[::-1] if reverse else result.fragments
                store.put_result(replace(result, fragments=fragments), 1)
        for article_id in ("z-broken", "broken") if reverse else ("broken", "z-broken"):
            store.put_failure(article_id, "fast", 1, "in.jsonl:4", "malformed JSON")


def _every_export(address: str, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    outputs = {}
    with open_store(address, create=False) as store:
        for fmt, table in [("jsonl", "articles"), ("si", "articles"), ("full", "articles"),
                           *[("csv", t) for t in COLUMNS]]:  # fmt: skip
            path = folder / f"{fmt}-{table}"
            export(store, fmt, path, table=table)
            outputs[path.name] = path.read_bytes()
    return outputs


def test_exports_are_byte_identical_across_stores_and_runs(
    tmp_path: Path, new_postgres_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("propscan.corpus.store.now", lambda: "2024-05-01T00:00:00+00:00")
    results = _tied_results()
    sqlite = str(tmp_path / "r.db")
    postgres = [new_postgres_database(), new_postgres_database()]
    _fill_in_order(sqlite, results, reverse=False)
    _fill_in_order(postgres[0], results, reverse=True)
    expected = _every_export(sqlite, tmp_path / "sqlite")
    assert len(expected) == 10 and all(expected.values())
    assert _every_export(postgres[0], tmp_path / "pg") == expected
    _fill_in_order(postgres[1], results, reverse=False)
    assert _every_export(postgres[1], tmp_path / "pg-again") == expected


def test_report_says_when_large_outlets_get_the_normal_approximation(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    from propscan.corpus import stats

    write_report(store, tmp_path / "resampled")
    assert "normal approximation" not in (tmp_path / "resampled" / "index.html").read_text()
    monkeypatch.setattr(stats, "LARGE", 3)  # Gazette has 5 articles, Herald 4
    write_report(store, tmp_path / "normal")
    assert "normal approximation" in (tmp_path / "normal" / "index.html").read_text()


def test_listed_articles_show_their_id_once(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    with store.writing():
        store.put_result(replace(_result("untitled", TEXTS[0], outlet="Gazette"), score=1.0), 1)
    write_report(store, tmp_path / "report")
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    table = page[: page.index("<h2>Techniques per 1,000 words")]
    assert ">untitled</a>" in table and "<span class='muted'>untitled</span>" not in table
    assert ">Story 0</a><br><span class='muted'>article100</span>" in table
