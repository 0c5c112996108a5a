"""The ``propscan`` command, run in-process through ``propscan.cli.main``.

Every error a user can cause must end as one line on stderr, ``propscan: error: ...`` naming the
input, a non-zero exit, no traceback, and no output file written (an existing one untouched).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from propscan import __version__
from propscan.analysis import Analysis
from propscan.detectors import packaged_model_dir
from propscan.errors import InputError
from propscan.taxonomy import TECHNIQUE_NAMES

# A short article written for these tests.
ARTICLE = (
    "Mayor unveils plan for the old harbour\n"
    "\n"
    "The mayor presented a plan on Monday to rebuild the old harbour district.\n"
    "Critics called it a reckless giveaway that would destroy the town forever.\n"
    "Every true patriot knows that only a fool would trust these corrupt politicians.\n"
)
DEMO_TEXT = (resources.files("propscan") / "data" / "demo-article.txt").read_text(encoding="utf-8")
# What a rich progress bar would leave on stderr: bar glyphs, carriage returns, escapes.
PROGRESS_MARKS = ("━", "\r", "\x1b", "%")

# The in-process runner is the `run` fixture of tests/conftest.py; it returns a CliResult.
Run = Callable[..., Any]


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _check_offsets(payload: dict[str, Any]) -> None:
    text = payload["document"]["text"]
    for item in [*payload["spans"], *payload["sentences"]]:
        assert text[item["start"] : item["end"]] == item["text"]


# -- the happy paths -------------------------------------------------------------------------


def test_demo_text(run: Run) -> None:
    result = run("demo")
    assert result.code == 0, result.err
    assert "Harbour Bill Passes" in result.out
    assert "\x1b[" not in result.out  # not a terminal: no colour
    assert result.err == ""


def test_top_help_says_what_it_cuts_and_the_output_says_how_much(run: Run) -> None:
    help_text = " ".join(run("analyze", "--help").out.split())
    assert "strongest fragments, check-worthy claims, quotes, actors" in help_text
    out = " ".join(run("demo", "--top", "1").out.split())
    assert re.search(r"Strongest fragments \(1 of (\d+)\) .* (\d+) more not listed", out)
    for title in ("Check-worthy claims", "Quotes and attributions", "Actors"):
        counts = re.search(rf"{title} \((\d+) of (\d+)[;)]", out)
        assert counts is not None, title
        assert int(counts.group(1)) == 1 and int(counts.group(2)) >= 1


def test_demo_json_offsets(run: Run) -> None:
    result = run("demo", "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["document"]["text"] == DEMO_TEXT
    assert payload["spans"]
    _check_offsets(payload)
    assert Analysis.from_json(payload).to_dict() == payload


def test_demo_html(run: Run) -> None:
    result = run("demo", "-f", "html")
    assert result.code == 0, result.err
    assert result.out.lstrip().lower().startswith("<!doctype html")
    assert "</html>" in result.out


def test_demo_tsv(run: Run) -> None:
    result = run("demo", "-f", "tsv")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header.split("\t")[:4] == ["ID", "TECHNIQUE", "START", "END"]
    assert rows
    for row in rows:
        fields = row.split("\t")
        assert fields[1] in TECHNIQUE_NAMES
        start, end = int(fields[2]), int(fields[3])
        assert 0 <= start < end <= len(DEMO_TEXT)


def test_analyze_file_to_output(run: Run, article_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("analyze", str(article_file), "-f", "json", "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["document"]["text"] == ARTICLE
    assert payload["document"]["metadata"]["source"] == str(article_file)
    _check_offsets(payload)
    Analysis.from_json(payload)


def test_analyze_stdin(run: Run) -> None:
    result = run("analyze", "-", "-f", "json", stdin=ARTICLE.encode("utf-8"))
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["document"]["text"] == ARTICLE
    assert payload["document"]["metadata"]["source"] == "<stdin>"
    _check_offsets(payload)


def test_closed_stdin_is_a_one_line_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python makes of `<&-`
    result = run("analyze", "-", "-m", "fast")
    assert (result.code, result.out) == (1, "")
    assert result.err == "propscan: error: <stdin>: standard input is closed\n"


def test_closed_stdout_is_a_one_line_error(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdout", None)  # what Python makes of `>&-`
    for fmt in ("text", "json"):
        result = run("analyze", "-", "-m", "fast", "-f", fmt, stdin=ARTICLE.encode("utf-8"))
        assert result.code == 1
        assert result.err == (
            "propscan: error: standard output is closed (write to a file with -o FILE)\n"
        )
    monkeypatch.setattr(sys, "stdout", None)
    out = tmp_path / "r.json"
    result = run("analyze", "-", "-m", "fast", "-o", out, stdin=ARTICLE.encode("utf-8"))
    assert result.code == 0 and out.is_file()


def test_huge_values_are_shortened_in_error_lines(run: Run) -> None:
    for length, reason in ((100_000, "not a valid URL (URL too long)"),
                           (60_000, "host resolves to private address 127.0.0.1")):  # fmt: skip
        url = "http://127.0.0.1/" + "a" * (length - 17)
        result = run("analyze", url, "-m", "fast")
        assert result.code == 1 and result.err.count("\n") == 1
        assert len(result.err) < 400
        assert result.err.startswith("propscan: error: http://127.0.0.1/aaa")
        assert f"({length - 200:,} more characters): {reason}" in result.err
    # A message made elsewhere is clipped in its middle, keeping what went wrong.
    result = run("analyze", "x" * 100_000, "-m", "fast")
    assert result.code == 1 and result.err.count("\n") == 1
    assert len(result.err) < 1100 and result.err.endswith("x: cannot read: File name too long\n")


def test_analyze_url_is_not_fooled_by_dns_rebinding(run: Run, rebinding: Any) -> None:
    result = run("analyze", rebinding.url, "-m", "fast", "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["document"]["text"].startswith("The corrupt elite")
    assert len(rebinding.public) == 1 and rebinding.internal == []


def test_techniques(run: Run) -> None:
    result = run("techniques")
    assert result.code == 0
    names = [line for line in result.out.splitlines() if line and not line.startswith(" ")]
    assert names == list(TECHNIQUE_NAMES)


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.code == 0
    assert result.out.strip() == f"propscan, version {__version__}"


# -- bad inputs ------------------------------------------------------------------------------

# Each case builds its inputs under tmp_path and gives (arguments, what the message must name,
# whether the command takes -o).
Case = Callable[[Path, Path], tuple[list[str], str, bool]]


def _file(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def _model_copy(tmp: Path, **changes: object) -> Path:
    model = tmp / "model"
    shutil.copytree(packaged_model_dir("fast"), model)
    manifest = json.loads((model / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(changes)
    (model / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return model


def _classify(tiny: Path, tmp: Path, rows: str) -> tuple[list[str], str, bool]:
    spans = _file(tmp, "spans.tsv", rows.encode())
    return ["classify-spans", str(tiny / "articles"), spans], spans, True


def _analyze(path: str) -> tuple[list[str], str, bool]:
    return ["analyze", path], path, True


CASES: dict[str, Case] = {
    "missing file": lambda t, _: _analyze(str(t / "missing.txt")),
    "empty file": lambda t, _: _analyze(_file(t, "empty.txt", b"")),
    "whitespace only": lambda t, _: _analyze(_file(t, "blank.txt", b" \n\t\r\n  \n")),
    "binary file": lambda t, _: _analyze(_file(t, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x01")),
    "over max-bytes": lambda t, _: (
        ["analyze", "--max-bytes", "50", _file(t, "big.txt", ARTICLE.encode())],
        "big.txt",
        True,
    ),
    "undecodable bytes": lambda t, _: _analyze(_file(t, "odd.txt", bytes(range(0x80, 0x100)) * 3)),
    "html without text": lambda t, _: _analyze(
        _file(t, "empty.html", b"<html><body><script>var a = 1;</script></body></html>")
    ),
    "directory": lambda t, _: _analyze(str(t)),
    "unknown model": lambda t, _: (
        ["analyze", "--model", "no-such-model", _file(t, "a.txt", ARTICLE.encode())],
        "no-such-model",
        True,
    ),
    "model without manifest": lambda t, _: (
        ["analyze", "--model", str(t), _file(t, "a.txt", ARTICLE.encode())],
        str(t),
        True,
    ),
    "corrupt manifest": lambda t, _: (
        [
            "analyze",
            "--model",
            str(Path(_file(t, "manifest.json", b'{"kind": ')).parent),
            _file(t, "a.txt", ARTICLE.encode()),
        ],
        "manifest.json",
        True,
    ),
    "wrong format_version": lambda t, _: (
        ["analyze", "-m", str(_model_copy(t, format_version=99)), _file(t, "a.txt", b"Hi there.")],
        str(t / "model"),
        True,
    ),
    "config with unknown key": lambda t, _: (
        [
            "--config",
            _file(t, "bad.toml", b"[analyze]\nbogus = 1\n"),
            "analyze",
            _file(t, "a.txt", ARTICLE.encode()),
        ],
        "bad.toml",
        True,
    ),
    "predict on a folder without articles": lambda t, _: (
        ["predict", str(t / "nothing")],
        str(t / "nothing"),
        True,
    ),
    "classify-spans malformed row": lambda t, tiny: _classify(tiny, t, "1001\t5\tten\n"),
    "classify-spans span outside its article": lambda t, tiny: _classify(
        tiny, t, "1001\t0\t10\n1002\t5\t99999\n"
    ),
    "classify-spans unknown article": lambda t, tiny: _classify(tiny, t, "4242\t0\t10\n"),
    "eval without labels-tc": lambda t, tiny: (
        ["eval", str(tiny / "articles")],
        str(tiny / "articles"),
        False,
    ),
    "private address URL": lambda t, _: _analyze("http://127.0.0.1:9/x"),
    "ftp URL": lambda t, _: _analyze("ftp://example.com/article.txt"),
}


@pytest.mark.parametrize("existing", [False, True], ids=["no-output", "existing-output"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_one_line(
    run: Run, tmp_path: Path, tiny_ptc: Path, case: str, existing: bool
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "nothing").mkdir()
    args, named, takes_output = CASES[case](work, tiny_ptc)
    out = tmp_path / "out.txt"
    if existing:
        out.write_text("keep me\n", encoding="utf-8")
    if takes_output:
        args = [*args, "-o", str(out)]
    result = run(*args)
    assert result.code != 0
    assert result.err.startswith("propscan: error: "), result.err
    assert result.err.count("\n") == 1, result.err
    assert named in result.err
    assert "Traceback" not in result.err + result.out
    if existing:
        assert out.read_text(encoding="utf-8") == "keep me\n"
    else:
        assert not out.exists()
    assert not list(tmp_path.glob(".out.txt.*")), "a temporary output file was left behind"


def test_output_in_a_missing_folder_names_the_output(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "out.json"
    result = run("demo", "-f", "json", "-o", str(out))
    assert result.code == 1
    assert result.err == f"propscan: error: {out}: No such file or directory\n"


def test_debug_reraises(run: Run, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        run("--debug", "analyze", str(tmp_path / "missing.txt"))


def test_debug_shows_traceback_from_the_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("propscan")
    if not script.exists():
        pytest.skip("the propscan console script is not installed next to this Python")
    missing = str(tmp_path / "missing.txt")
    plain = subprocess.run([script, "analyze", missing], capture_output=True, text=True)
    debug = subprocess.run([script, "--debug", "analyze", missing], capture_output=True, text=True)
    assert plain.returncode == 1
    assert plain.stderr == f"propscan: error: {missing}: no such file\n"
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr
    assert "InputError" in debug.stderr


# -- corpus commands -------------------------------------------------------------------------


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.name[len("article") : -len(".txt")]: p.read_bytes().decode("utf-8")
        for p in (folder / "articles").glob("article*.txt")
    }


@pytest.mark.parametrize(("task", "columns"), [("full", 4), ("si", 3)])
def test_predict(run: Run, tiny_ptc: Path, tmp_path: Path, task: str, columns: int) -> None:
    out = tmp_path / "pred.tsv"
    result = run("predict", str(tiny_ptc / "articles"), "--task", task, "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    assert not any(mark in result.err for mark in PROGRESS_MARKS), repr(result.err)
    assert result.err.strip().endswith(f"in 3 articles -> {out}")
    texts = _texts(tiny_ptc)
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows, "the tiny articles hold obvious propaganda: expected some fragments"
    for row in rows:
        fields = row.split("\t")
        assert len(fields) == columns
        start, end = int(fields[-2]), int(fields[-1])
        assert 0 <= start < end <= len(texts[fields[0]])
        if columns == 4:
            assert fields[1] in TECHNIQUE_NAMES


@pytest.mark.parametrize("template", ["three-column", "question-mark"])
def test_classify_spans(run: Run, tiny_ptc: Path, tmp_path: Path, template: str) -> None:
    texts = _texts(tiny_ptc)
    wanted = [
        ("1003", texts["1003"].index("destroy"), texts["1003"].index(" overnight")),
        ("1001", texts["1001"].index("a shameless"), texts["1001"].index(" who would")),
        ("1002", 0, 10),
        ("1001", texts["1001"].index("Every"), texts["1001"].index("!")),
        ("1001", 0, 10),
    ]
    mark = "" if template == "three-column" else "?\t"
    spans = tmp_path / "spans.tsv"
    spans.write_text("".join(f"{a}\t{mark}{s}\t{e}\n" for a, s, e in wanted), encoding="utf-8")
    out = tmp_path / "classified.tsv"
    result = run("classify-spans", str(tiny_ptc / "articles"), str(spans), "-o", str(out))
    assert result.code == 0, result.err
    assert not any(mark in result.err for mark in PROGRESS_MARKS), repr(result.err)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r[0], int(r[2]), int(r[3])) for r in rows] == wanted
    assert all(len(r) == 4 and r[1] in TECHNIQUE_NAMES for r in rows)


def test_eval_dev_json(run: Run, tiny_ptc: Path) -> None:
    result = run("eval", str(tiny_ptc), "--split", "dev", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["model"] == "accurate"  # the default
    assert report["split"] == "dev"
    assert report["n_articles"] == 1  # of the three tiny articles only 1003 is in dev
    for figures in (report["si"], report["tc"]["micro"], report["full"]["micro"]):
        assert 0.0 <= figures["f1"] <= 1.0
    assert report["tc"]["micro"]["n_gold"] == 1
