"""Fetching URLs through a mock transport and a fake resolver; one real local server."""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx
import pytest

from propscan.errors import BlockedAddressError, FetchError
from propscan.ingest import FetchedPage, IngestOptions, fetch

URL = "https://news.example/story"
HTML = b"<html><body><article><p>Some article text.</p></article></body></html>"
Handler = Callable[[httpx.Request], httpx.Response]


Resolve = Callable[[str], list[str]]


class Getter(Protocol):
    def __call__(
        self, handler: Handler, url: str = ..., options: IngestOptions | None = ...
    ) -> FetchedPage: ...


@pytest.fixture
def get(resolve: Resolve) -> Getter:
    """Fetch through a mock transport answering with ``handler``, and the fake resolver."""

    def get(handler: Handler, url: str = URL, options: IngestOptions | None = None) -> FetchedPage:
        transport = httpx.MockTransport(handler)
        return fetch(url, options or IngestOptions(), transport=transport, resolve=resolve)

    return get


def html_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=HTML, headers={"content-type": "text/html; charset=utf-8"})


def test_fetches_a_page(get: Getter) -> None:
    page = get(html_page)
    assert page == FetchedPage(URL, URL, HTML, "text/html", "utf-8")


def test_sends_the_user_agent(get: Getter) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        return html_page(request)

    get(handler, options=IngestOptions(user_agent="tester/1"))
    assert seen == ["tester/1"]


def test_follows_redirects_and_reports_the_final_url(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/story":
            return httpx.Response(301, headers={"location": "/moved"})
        if request.url.path == "/moved":
            return httpx.Response(302, headers={"location": "http://other.example/final"})
        return html_page(request)

    page = get(handler)
    assert page.url == URL
    assert page.final_url == "http://other.example/final"


def test_too_many_redirects(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "/again"})

    with pytest.raises(FetchError, match="too many redirects"):
        get(handler, options=IngestOptions(max_redirects=3))


def test_redirect_limit_is_exact(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        hop = int(request.url.params.get("hop", "0"))
        if hop < 2:
            return httpx.Response(302, headers={"location": f"/story?hop={hop + 1}"})
        return html_page(request)

    assert get(handler, options=IngestOptions(max_redirects=2)).final_url.endswith("hop=2")
    with pytest.raises(FetchError, match="too many redirects"):
        get(handler, options=IngestOptions(max_redirects=1))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
        "http://intranet.example/",
        "http://mixed.example/",
        "http://v6local.example/",
    ],
)
def test_private_addresses_are_refused(get: Getter, url: str) -> None:
    requested: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(request)
        return html_page(request)

    with pytest.raises(BlockedAddressError, match=r"resolves to private address .*--allow-private"):
        get(handler, url)
    assert requested == []


def test_private_addresses_are_allowed_on_request(get: Getter) -> None:
    page = get(html_page, "http://intranet.example/", IngestOptions(allow_private=True))
    assert page.content == HTML


def test_redirect_to_a_private_address_is_refused(get: Getter) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(f"{request.url} Host: {request.headers['host']}")
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/"})

    with pytest.raises(BlockedAddressError, match=r"169\.254\.169\.254.*redirected from"):
        get(handler)
    # Sent to the address that was checked, named in the Host header.
    assert requested == ["https://93.184.216.34/story Host: news.example"]


def test_redirect_to_a_bad_scheme_is_refused(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "file:///etc/passwd"})

    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        get(handler)


@pytest.mark.parametrize("url", ["ftp://news.example/a.txt", "file:///etc/passwd", "gopher://x/"])
def test_non_http_schemes_are_refused(get: Getter, url: str) -> None:
    with pytest.raises(FetchError, match=r"unsupported URL scheme .*\(allowed: http, https\)"):
        get(html_page, url)


def test_unresolvable_host(get: Getter) -> None:
    with pytest.raises(FetchError, match=r"could not resolve host 'nowhere\.example'"):
        get(html_page, "https://nowhere.example/")


def test_timeout(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match=r"timed out after 2\.5s"):
        get(handler, options=IngestOptions(timeout=2.5))


def test_slow_body_hits_the_overall_timeout(get: Getter, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 1000, 3))
    # sys.modules: the package attribute propscan.ingest.fetch is the function, not the module.
    module = sys.modules["propscan.ingest.fetch"]
    monkeypatch.setattr(module, "monotonic", lambda: float(next(clock)))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=iter([b"x"] * 100), headers={"content-type": "text/plain"}
        )

    with pytest.raises(FetchError, match=r"timed out after 10s"):
        get(handler)


def test_connection_refused(get: Getter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(FetchError, match=r"could not connect: .*Connection refused"):
        get(handler)


@pytest.mark.parametrize("status", [404, 403, 500, 503])
def test_http_error_status(get: Getter, status: int) -> None:
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        get(lambda request: httpx.Response(status, text="nope"))


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", ""])
def test_wrong_content_type(get: Getter, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    with pytest.raises(FetchError, match=r"unsupported content type .*allowed: text/html"):
        get(lambda request: httpx.Response(200, content=b"x", headers=headers))


@pytest.mark.parametrize("content_type", ["text/plain", "application/xhtml+xml", "TEXT/HTML"])
def test_accepted_content_types(get: Getter, content_type: str) -> None:
    page = get(
        lambda request: httpx.Response(200, content=b"x", headers={"content-type": content_type})
    )
    assert page.content_type == content_type.lower()
    assert page.charset is None


def test_body_over_the_cap_by_content_length(get: Getter) -> None:
    with pytest.raises(FetchError, match="body is 100 bytes, over the size cap of 10 bytes"):
        get(
            lambda request: httpx.Response(
                200, content=b"x" * 100, headers={"content-type": "text/plain"}
            ),
            options=IngestOptions(max_bytes=10),
        )


def test_streamed_body_over_the_cap_is_cut_off(get: Getter) -> None:
    produced: list[int] = []

    def chunks() -> Iterator[bytes]:
        for index in range(1000):
            produced.append(index)
            yield b"x" * 100

    def handler(request: httpx.Request) -> httpx.Response:
        # No Content-Length: the server streams a body of unknown length.
        return httpx.Response(200, content=chunks(), headers={"content-type": "text/plain"})

    with pytest.raises(FetchError, match="over the size cap of 1000 bytes"):
        get(handler, options=IngestOptions(max_bytes=1000))
    assert len(produced) < 20


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"Hello from a local server.\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/article.txt"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_real_local_server_is_refused_without_allow_private(local_server: str) -> None:
    with pytest.raises(BlockedAddressError, match=r"private address 127\.0\.0\.1"):
        fetch(local_server, IngestOptions(timeout=5))


def test_real_local_server_is_fetched_with_allow_private(local_server: str) -> None:
    page = fetch(local_server, IngestOptions(timeout=5, allow_private=True))
    assert page.content == b"Hello from a local server.\n"
    assert page.content_type == "text/plain"
    assert page.charset == "utf-8"


def test_connection_refused_on_a_real_closed_port() -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    server.server_close()
    with pytest.raises(FetchError, match="could not connect"):
        fetch(f"http://127.0.0.1:{port}/", IngestOptions(timeout=5, allow_private=True))


def test_a_blocked_address_error_survives_pickling() -> None:
    import pickle

    error = BlockedAddressError("http://x/", "10.0.0.1")
    again = pickle.loads(pickle.dumps(error))
    assert (again.target, again.address, str(again)) == ("http://x/", "10.0.0.1", str(error))
    assert "--allow-private" in str(again)


# --- DNS rebinding: the connection goes to the address that was checked --------------------


def test_a_rebinding_name_is_fetched_from_the_checked_address(rebinding: Any) -> None:
    page = fetch(rebinding.url, IngestOptions(timeout=5))
    assert page.content.startswith(b"The corrupt elite")
    assert page.final_url == rebinding.url
    port = rebinding.url.split(":")[2].split("/")[0]
    assert rebinding.public == [f"rebind.example:{port}"]
    assert rebinding.internal == []  # before: the second lookup sent it to 127.0.0.1
    assert rebinding.lookups.count("rebind.example") == 1


class Recording(httpx.BaseTransport):
    """Answers every request; records where it would have connected, and as whom."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.seen: list[tuple[str, str, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sni = request.extensions.get("sni_hostname")
        self.seen.append((request.url.host, request.headers["host"], sni))
        return self.handler(request)


def test_every_hop_is_pinned_with_host_header_and_sni(resolve: Resolve) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["host"] == "news.example":
            return httpx.Response(302, headers={"location": "http://other.example:8080/x"})
        return html_page(request)

    transport = Recording(handler)
    page = fetch(URL, IngestOptions(), transport=transport, resolve=resolve)
    assert page.final_url == "http://other.example:8080/x"
    assert transport.seen == [
        ("93.184.216.34", "news.example", "news.example"),  # https: SNI names the host
        ("93.184.216.35", "other.example:8080", None),
    ]


def test_a_refused_connection_tries_the_next_checked_address() -> None:
    tried: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if request.url.host == "2606:2800:220:1::1":
            raise httpx.ConnectError("unreachable", request=request)
        return html_page(request)

    def resolve(host: str) -> list[str]:
        return ["2606:2800:220:1::1", "93.184.216.34"]

    page = fetch(URL, IngestOptions(), transport=httpx.MockTransport(handler), resolve=resolve)
    assert page.content == HTML
    assert tried == ["2606:2800:220:1::1", "93.184.216.34"]
