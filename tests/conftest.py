"""Fixtures shared by every test: the shared data, the shipped detector, small PTC-like folders.

Tests marked ``slow`` are skipped unless selected with ``-m slow`` (or any ``-m`` expression
naming them), so the default run stays fast.
"""

from __future__ import annotations

import io
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from itertools import count
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from propscan.cli import _State, main
from propscan.config import ENV_VAR
from propscan.detectors import Detector, load_detector

# The shared data sit next to the repository: <repo>/../shared.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PTC_TRAIN = SHARED / "data" / "ptc" / "train"

# Three short articles written for these tests (not copied from anywhere), in the PTC layout:
# title, blank line, one sentence a line.
TINY_ARTICLES = {
    "1001": (
        "Council votes on the harbour plan\n"
        "\n"
        "The council voted on Tuesday to sell the old harbour to a developer.\n"
        "Critics called the mayor a shameless traitor who would sell his own mother.\n"
        "Every true patriot knows this is a disaster for our great nation!\n"
    ),
    "1002": (
        "Storm closes the coast road\n"
        "\n"
        "Heavy rain closed the coast road for three hours on Monday.\n"
        "Officials said the road would reopen once the water had drained away.\n"
    ),
    "1003": (
        "\ufeffMinister defends new tax\r\n"
        "\r\n"
        "The minister said the tax was fair.\r\n"
        "Opponents warned it would destroy every small business in the country overnight.\r\n"
    ),
}
# Gold spans of the tiny articles: (id, technique, substring).
TINY_LABELS = [
    ("1001", "Name_Calling,Labeling", "a shameless traitor"),
    ("1001", "Flag-Waving", "Every true patriot knows"),
    ("1003", "Exaggeration,Minimisation", "destroy every small business"),
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: opt in with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; tests needing it are skipped when it is missing."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared data at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def ptc_train(shared_dir: Path) -> Path:
    """The PTC training folder (articles/, labels-tc/)."""
    if not (PTC_TRAIN / "labels-tc").is_dir():
        pytest.skip(f"no PTC training data at {PTC_TRAIN}")
    return PTC_TRAIN


@pytest.fixture(scope="session")
def demo_text() -> str:
    """The example article bundled with propscan."""
    path = resources.files("propscan") / "data" / "demo-article.txt"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def detector() -> Detector:
    """The shipped fast detector, loaded once."""
    return load_detector("fast")


def _write_tiny(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "labels-tc").mkdir()
    for aid, text in TINY_ARTICLES.items():
        (root / "articles" / f"article{aid}.txt").write_bytes(text.encode("utf-8"))
    rows: dict[str, list[str]] = {aid: [] for aid in TINY_ARTICLES}
    for aid, technique, sub in TINY_LABELS:
        start = TINY_ARTICLES[aid].index(sub)
        rows[aid].append(f"{aid}\t{technique}\t{start}\t{start + len(sub)}\n")
    for aid, lines in rows.items():
        (root / "labels-tc" / f"article{aid}.labels").write_text("".join(lines), encoding="utf-8")
    return root


@pytest.fixture
def tiny_ptc(tmp_path: Path) -> Path:
    """A three-article folder laid out like PTC's train/, with hand-written texts and labels."""
    return _write_tiny(tmp_path / "tiny")


def _copy_ptc(source: Path, target: Path, ids: Iterable[str]) -> Path:
    (target / "articles").mkdir(parents=True)
    (target / "labels-tc").mkdir()
    for aid in ids:
        shutil.copyfile(
            source / "articles" / f"article{aid}.txt", target / "articles" / f"article{aid}.txt"
        )
        shutil.copyfile(
            source / "labels-tc" / f"article{aid}.labels",
            target / "labels-tc" / f"article{aid}.labels",
        )
    return target


@pytest.fixture
def copy_ptc(ptc_train: Path) -> Callable[[Path, Iterable[str]], Path]:
    """``copy_ptc(target, ids)``: copy some real training articles and labels at test time."""
    return lambda target, ids: _copy_ptc(ptc_train, target, ids)


class CliResult(NamedTuple):
    """What one in-process run of the command gave."""

    code: int
    out: str
    err: str


Run = Callable[..., CliResult]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*args, stdin=b"...")``: run the CLI in-process; the exit code and both streams."""
    monkeypatch.setattr(_State, "debug", False)
    monkeypatch.delenv(ENV_VAR, raising=False)

    def _run(*args: object, stdin: bytes | None = None) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["propscan", *map(str, args)])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


# -- a throwaway PostgreSQL server, for the corpus store's tests ------------------------------


def _pg_bindir() -> Path | None:
    candidates = [Path("/usr/local/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"))[::-1]]
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server of its own in a temporary folder, on a free port (trust auth)."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/local/bin or "
                    "/usr/lib/postgresql/*/bin; .ci/run installs them")  # fmt: skip
    pytest.importorskip("psycopg")
    base = Path(tempfile.mkdtemp(prefix="propscan-pg-"))
    os.chmod(base, 0o755)
    data = base / "data"
    data.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "nobody"
        os.chown(data, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
        prefix = ["runuser", "-u", user, "--"]
    port = _free_port()
    run: Callable[..., Any] = lambda *args: subprocess.run(  # noqa: E731
        [*prefix, *map(str, args)], check=True, capture_output=True, timeout=60
    )
    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(bindir / "pg_ctl", "-D", data, "-l", data / "server.log", "-o", options, "-w", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


_databases = count()


@pytest.fixture
def new_postgres_database(postgres_server: str) -> Callable[[], str]:
    """``new_postgres_database()``: the address of a fresh, empty database on the test server."""

    def create() -> str:
        import psycopg

        name = f"propscan_test_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return f"{postgres_server}/{name}"

    return create


@pytest.fixture(params=["sqlite", "postgresql"])
def address(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty corpus-store address of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "results.db")
    create: Callable[[], str] = request.getfixturevalue("new_postgres_database")
    return create()


def _raw_sql(address: str, sql: str) -> None:
    if address.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(address, autocommit=True) as conn:
            conn.execute(sql.encode())
    else:
        with sqlite3.connect(address) as conn:
            conn.execute(sql)
        conn.close()


# The columns schema version 3 of the corpus store added: the voices.
_VOICE_COLUMNS = {
    "fragments": ("voice", "quote_position", "speaker"),
    "sentences": ("flagged", "voice"),
    "summaries": ("voices",),
}


def _drop_voices(address: str) -> None:
    for table, columns in _VOICE_COLUMNS.items():
        for column in columns:
            _raw_sql(address, f"ALTER TABLE {table} DROP COLUMN {column}")


@pytest.fixture
def raw_sql() -> Callable[[str, str], None]:
    """``raw_sql(address, sql)``: run SQL on a store's database behind the store's back."""
    return _raw_sql


@pytest.fixture
def drop_voices() -> Callable[[str], None]:
    """``drop_voices(address)``: make a store's tables those of schema version 2, without the
    voices."""
    return _drop_voices


# -- DNS rebinding, on loopback only -----------------------------------------------------------

REBIND_HOST = "rebind.example"
# Stands for a public address: the fetcher is told it is one (it is loopback, so nothing ever
# leaves the machine). The rebinding resolver answers it first and 127.0.0.1 after.
FAKE_PUBLIC = "127.0.0.2"


class Rebinding(NamedTuple):
    """A host whose name resolves to a "public" server first and to an internal one after."""

    url: str  # http://rebind.example:PORT/article.txt
    public: list[str]  # Host headers of the requests the "public" server received
    internal: list[str]  # ... and the internal one (on 127.0.0.1): must stay empty
    lookups: list[str]  # the names resolved


def _recording_server(address: str, port: int, hits: list[str]) -> Any:
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.headers.get("Host", ""))
            body = REBIND_ARTICLE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return http.server.ThreadingHTTPServer((address, port), Handler)


REBIND_ARTICLE = (
    "The corrupt elite lied to every true patriot again, the council said on Tuesday.\n"
    "Opponents warned it would destroy every small business in the country overnight.\n"
)


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> Iterator[Rebinding]:
    """Two HTTP servers on one port, on 127.0.0.2 (taken for public) and 127.0.0.1, and a
    resolver (``socket.getaddrinfo``) that rebinds ``rebind.example`` from the first to the
    second after its first answer. Names other than IP literals are never looked up."""
    import importlib
    import ipaddress
    import threading

    # By its module object: the package's name ``fetch`` is the function.
    fetch_module = importlib.import_module("propscan.ingest.fetch")

    public: list[str] = []
    internal: list[str] = []
    servers = []
    try:
        servers.append(_recording_server(FAKE_PUBLIC, 0, public))
        port = servers[0].server_address[1]
        servers.append(_recording_server("127.0.0.1", port, internal))
    except OSError as exc:  # no 127.0.0.2 (not Linux), or the port is taken on 127.0.0.1
        for server in servers:
            server.server_close()
        pytest.skip(f"cannot serve on {FAKE_PUBLIC} and 127.0.0.1 on one port: {exc}")
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        lookups.append(name)
        if name == REBIND_HOST:
            host = FAKE_PUBLIC if lookups.count(REBIND_HOST) == 1 else "127.0.0.1"
        else:
            try:
                ipaddress.ip_address(name)
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "not in the test's resolver") from None
        return real_getaddrinfo(host, port, *args, **kwargs)

    real_is_blocked = fetch_module._is_blocked
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(
        fetch_module,
        "_is_blocked",
        lambda address: str(address) != FAKE_PUBLIC and real_is_blocked(address),
    )
    try:
        yield Rebinding(f"http://{REBIND_HOST}:{port}/article.txt", public, internal, lookups)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
