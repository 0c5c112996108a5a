"""The top-level package: its exports, version and ``analyze``; settings overlaying."""

from __future__ import annotations
import __future__

import json
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest

import propscan
from propscan.config import ENV_VAR, load_settings
from propscan.errors import BlockedAddressError, ConfigError, FetchError, InputError
from propscan.ingest import IngestOptions

ARTICLE = (
    "Council approves the harbour sale\n"
    "\n"
    "The council voted on Tuesday to sell the old harbour to a developer.\n"
    "Critics called the mayor a shameless traitor who would sell his own mother.\n"
)


def test_all_matches_the_public_names() -> None:
    public = {
        name
        for name, value in vars(propscan).items()
        if not name.startswith("_") and not isinstance(value, ModuleType | __future__._Feature)
    }
    assert set(propscan.__all__) == public | {"__version__"}
    assert len(propscan.__all__) == len(set(propscan.__all__))
    for name in propscan.__all__:
        assert hasattr(propscan, name), name


def test_version_is_the_installed_distribution_version() -> None:
    assert propscan.__version__ == metadata.version("propscan")


def test_library_logger_has_a_null_handler() -> None:
    import logging

    handlers = logging.getLogger("propscan").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["path-string", "path", "text"])
def test_analyze(article_path: Path, kind: str) -> None:
    source = {"path-string": str(article_path), "path": article_path, "text": ARTICLE}[kind]
    analysis = propscan.analyze(source)
    assert isinstance(analysis, propscan.Analysis)
    assert analysis.document.text == ARTICLE
    expected_source = None if kind == "text" else str(article_path)
    assert analysis.document.metadata.source == expected_source
    assert all(isinstance(s, propscan.Fragment) for s in analysis.spans)
    assert all(isinstance(s, propscan.SentenceScore) for s in analysis.sentences)
    assert len(analysis.sentences) == len(analysis.document.article_sentences)
    assert isinstance(analysis.summary, propscan.Summary)
    assert analysis.summary.fragments == len(analysis.spans)
    payload = json.loads(analysis.to_json())
    assert payload["document"]["text"] == ARTICLE
    assert propscan.Analysis.from_json(payload).to_dict() == analysis.to_dict()


def test_analyze_refuses_a_missing_path_instead_of_analysing_its_name() -> None:
    for typo in ("artcle.txt", "news/article 12.html", "data/a1"):
        with pytest.raises(InputError, match="no such file") as info:
            propscan.analyze(typo)
        assert "analyze_text" in str(info.value) and repr(typo) in str(info.value)
    # Text that does not look like a path is still text.
    assert propscan.analyze("Hello world.").document.text == "Hello world."


def test_analyze_text_takes_any_string_as_the_article() -> None:
    analysis = propscan.analyze_text("artcle.txt")
    assert analysis.document.text == "artcle.txt"
    assert analysis.document.metadata.source is None
    with pytest.raises(InputError, match="must be a str"):
        propscan.analyze_text(b"bytes")  # type: ignore[arg-type]


def test_analyze_file(article_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (article_path, str(article_path)):
        analysis = propscan.analyze_file(path)
        assert analysis.document.text == ARTICLE
        assert analysis.document.metadata.source == str(article_path)
    with pytest.raises(InputError, match="no such file"):
        propscan.analyze_file(tmp_path / "artcle.txt")
    with pytest.raises(InputError, match="is a URL"):
        propscan.analyze_file("https://example.org/a.txt")
    with pytest.raises(InputError, match="10 bytes"):
        propscan.analyze_file(article_path, max_bytes=10)
    with pytest.raises(InputError, match="10 bytes"):
        propscan.analyze(article_path, max_bytes=10)
    with pytest.raises(ConfigError, match="max_bytes"):
        propscan.analyze_file(article_path, max_bytes=0)
    (tmp_path / "-").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert propscan.analyze_file("-").document.text == ARTICLE  # a file, not stdin


def test_analyze_url_checks_scheme_private_addresses_and_timeout() -> None:
    with pytest.raises(InputError, match="not an http"):
        propscan.analyze_url("ftp://example.org/a.txt")
    with pytest.raises(InputError, match="not an http"):
        propscan.analyze_url("article.txt")
    with pytest.raises(BlockedAddressError):
        propscan.analyze_url("http://127.0.0.1:9/article")
    for timeout in (0, -1, float("nan")):
        with pytest.raises(ConfigError, match="timeout"):
            propscan.analyze_url("http://127.0.0.1:9/article", timeout=timeout)
    # analyze() takes the same URL options.
    with pytest.raises(BlockedAddressError):
        propscan.analyze("http://127.0.0.1:9/article")
    with pytest.raises(FetchError) as refused:
        propscan.analyze("http://127.0.0.1:9/article", allow_private=True, timeout=2)
    assert not isinstance(refused.value, BlockedAddressError)
    # Allowed, the loopback address is fetched, and nothing listens on port 9.
    with pytest.raises(FetchError) as info:
        propscan.analyze_url("http://127.0.0.1:9/article", allow_private=True, timeout=2)
    assert not isinstance(info.value, BlockedAddressError)


def test_threshold_reaches_every_entry_point(article_path: Path) -> None:
    every = propscan.analyze_text(ARTICLE, threshold=0)
    assert every.spans, "the test article has fragments"
    lowest = min(f.confidence for f in every.spans)
    above = [f for f in every.spans if f.confidence > lowest]
    for analysis in (
        propscan.analyze(ARTICLE, threshold=lowest + 1e-6),
        propscan.analyze_text(ARTICLE, threshold=lowest + 1e-6),
        propscan.analyze_file(article_path, threshold=lowest + 1e-6),
    ):
        assert list(analysis.spans) == above
        assert analysis.summary.fragments == len(above)
    assert propscan.analyze_text(ARTICLE, threshold=1).spans == ()
    with pytest.raises(ConfigError, match="threshold"):
        propscan.analyze_text(ARTICLE, threshold=2)


def test_analyze_errors_are_propscan_errors(tmp_path: Path) -> None:
    with pytest.raises(propscan.PropscanError, match="empty"):
        propscan.analyze("   \n ")
    with pytest.raises(propscan.PropscanError, match="unknown model"):
        propscan.analyze(ARTICLE, model="no-such-model")


# -- settings: defaults, overlaid by a user file, overlaid by options ------------------------


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def _toml(tmp_path: Path, body: str, name: str = "settings.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults() -> None:
    settings = load_settings()
    assert settings.model == "accurate"
    assert settings.top == 10
    assert settings.ingest == IngestOptions()


def test_user_file_overlays_only_what_it_sets(tmp_path: Path) -> None:
    settings = load_settings(_toml(tmp_path, "[analyze]\ntop = 3\n\n[ingest]\ntimeout = 2.5\n"))
    defaults = load_settings()
    assert settings.top == 3
    assert settings.ingest.timeout == 2.5
    assert settings.model == defaults.model
    assert settings.ingest.max_bytes == defaults.ingest.max_bytes
    assert settings.ingest.allow_private == defaults.ingest.allow_private


def test_an_int_may_stand_for_a_float(tmp_path: Path) -> None:
    assert load_settings(_toml(tmp_path, "[ingest]\ntimeout = 5\n")).ingest.timeout == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[analyze]\ntop = "ten"\n', r"analyze.top = 'ten' should be a int"),
        ("[ingest]\nmax_bytes = 1.5\n", "ingest.max_bytes = 1.5 should be a int"),
        ("[ingest]\ntimeout = true\n", "ingest.timeout = True should be a float"),
        ('[ingest]\nallow_private = "yes"\n', "ingest.allow_private = 'yes' should be a bool"),
        ("[analyze]\nmodle = 'fast'\n", r"unknown key analyze.modle; known: model, top"),
        ("[output]\nformat = 'json'\n", r"unknown section \[output\]"),
        ("top = 3\n", r"unknown section \[top\]"),
        ("[analyze\n", "not valid TOML"),
    ],
    ids=[
        "str-for-int",
        "float-for-int",
        "bool-for-float",
        "str-for-bool",
        "key",
        "section",
        "top-level-key",
        "toml",
    ],
)
def test_bad_user_file_is_refused(tmp_path: Path, body: str, message: str) -> None:
    path = _toml(tmp_path, body)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_settings(tmp_path / "missing.toml")


def test_options_override_the_user_file(tmp_path: Path) -> None:
    path = _toml(tmp_path, "[analyze]\ntop = 3\nmodel = 'other'\n\n[ingest]\nmax_bytes = 100\n")
    settings = load_settings(path, top=7, max_bytes=200, model=None, timeout=None)
    assert settings.top == 7
    assert settings.ingest.max_bytes == 200
    assert settings.model == "other"  # None options leave the file's value
    assert settings.ingest.timeout == IngestOptions().timeout


def test_environment_variable_names_the_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(_toml(tmp_path, "[analyze]\ntop = 4\n")))
    assert load_settings().top == 4
    assert load_settings(top=6).top == 6
    # An explicit file replaces the one the environment names.
    explicit = _toml(tmp_path, "[ingest]\ntimeout = 1.0\n", "explicit.toml")
    settings = load_settings(explicit)
    assert settings.ingest.timeout == 1.0
    assert settings.top == 10


def test_environment_variable_reaches_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from propscan.cli import main

    monkeypatch.setenv(ENV_VAR, str(_toml(tmp_path, "[analyze]\nbogus = 1\n")))
    monkeypatch.setattr(sys, "argv", ["propscan", "demo"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("propscan: error: ") and "unknown key analyze.bogus" in err
