"""The REST API and the page's HTTP side, through the real app (in process and on uvicorn)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import propscan.web.service
from propscan import threshold as display
from propscan.config import Settings, load_settings
from propscan.detectors import DEFAULT_MODEL, load_detector
from propscan.document import Document
from propscan.ingest import document_from_text
from propscan.pipeline import analyze_document
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.web.app import create_app
from propscan.web.middleware import CSP

HOSTILE = (
    "Breaking: <script>alert(1)</script> news\n"
    '\n<img src=x onerror="window.__pwned=1"> and " onmouseover="x\n'
    'Read <a href="javascript:alert(1)">this</a> now. </textarea><textarea>\n'
    "The corrupt elite will destroy every true patriot in this great nation!\n"
)
PUBLIC = {"news.example": ["93.184.216.34"], "evil.example": ["10.0.0.7"]}


def expected(text: str, model: str = "fast", threshold: float | None = None) -> dict[str, Any]:
    """What ``propscan analyze --format json --model MODEL`` gives for ``text``."""
    document = document_from_text(text)
    return analyze_document(document, load_detector(model), threshold=threshold).to_dict()


def fake_resolve(host: str) -> list[str]:
    try:
        return PUBLIC[host]
    except KeyError:
        raise OSError(f"Name or service not known: {host}") from None


def one_line_detail(response: httpx.Response) -> str:
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail and "\n" not in detail and "Traceback" not in detail
    return detail


# --- the page, static files, docs -------------------------------------------------------------


def test_page_has_a_strict_csp_and_no_inline_code(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    page = response.text
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="static/app.js" defer>']
    inline = r"\sstyle\s*=|\son[a-z]+\s*=|<style|(src|href)\s*=\s*\"?(https?:)?//"
    assert not re.search(inline, page, re.IGNORECASE)


def test_static_files_and_the_local_docs(client: TestClient) -> None:
    for path, kind in (("/static/app.js", "javascript"), ("/static/style.css", "text/css")):
        response = client.get(path)
        assert response.status_code == 200 and kind in response.headers["content-type"]
        assert response.headers["content-security-policy"] == CSP
    assert "innerHTML" not in client.get("/static/app.js").text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "static/docs.js" in docs.text
    assert not re.search(r"(src|href)=\"https?://", docs.text)
    spec = client.get("/openapi.json").json()
    for path in ("/v1/analyze", "/v1/analyze/batch", "/v1/techniques", "/v1/report.html"):
        assert path in spec["paths"]
    assert client.get("/example.txt").text.startswith("Harbour Bill")
    assert client.get("/static/../app.py").status_code == 404


def test_healthz_and_techniques(client: TestClient) -> None:
    assert client.get("/healthz").json() == {
        "status": "ok",
        "model": "fast",
        "version": propscan.__version__,
    }
    techniques = client.get("/v1/techniques").json()
    assert [t["name"] for t in techniques] == list(TECHNIQUE_NAMES)
    for t in techniques:
        assert {"name", "label", "definition", "example", "colour"} <= t.keys()
        assert re.fullmatch(r"#[0-9a-f]{6}", t["colour"])


# --- analysis ---------------------------------------------------------------------------------


def test_analyze_gives_the_cli_json(client: TestClient, demo_text: str) -> None:
    response = client.post("/v1/analyze", json={"text": demo_text})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert data == expected(demo_text)
    assert data["schema"] == "propscan.analysis/2" and data["spans"]


def test_the_default_app_serves_the_default_model(demo_text: str) -> None:
    with TestClient(create_app(load_settings())) as default:
        assert default.get("/healthz").json()["model"] == DEFAULT_MODEL == "accurate"
        response = default.post("/v1/analyze", json={"text": demo_text})
        assert response.status_code == 200
        assert response.json() == expected(demo_text, DEFAULT_MODEL)


def test_threshold_and_techniques_filter_the_fragments(client: TestClient, demo_text: str) -> None:
    full = expected(demo_text)
    confidences = sorted(s["confidence"] for s in full["spans"])
    threshold = confidences[len(confidences) // 2]
    data = client.post("/v1/analyze", json={"text": demo_text, "threshold": threshold}).json()
    assert data["spans"] == [s for s in full["spans"] if s["confidence"] >= threshold]
    assert data["summary"]["fragments"] == len(data["spans"]) < len(full["spans"])
    assert data["summary"]["score"] == full["summary"]["score"]
    name = full["spans"][0]["technique"]
    only = client.post("/v1/analyze", json={"text": demo_text, "techniques": [name]}).json()
    assert only["spans"] and {s["technique"] for s in only["spans"]} == {name}
    assert only["summary"]["counts"][name] == len(only["spans"])
    assert sum(only["summary"]["counts"].values()) == len(only["spans"])


def test_analyze_html(client: TestClient, demo_text: str) -> None:
    title, *paragraphs = [p for p in demo_text.split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"
    data = client.post("/v1/analyze", json={"html": page}).json()
    assert "Port Alder" in data["document"]["text"] and data["spans"]


def test_hostile_text_comes_back_intact_and_is_escaped_in_the_report(client: TestClient) -> None:
    data = client.post("/v1/analyze", json={"text": HOSTILE}).json()
    assert data["document"]["text"] == HOSTILE
    response = client.post("/v1/report.html", json={"text": HOSTILE})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "attachment" in response.headers["content-disposition"]
    report = response.text
    for raw in ("<script>", "<img src=x", 'href="javascript:', "</textarea>", '" onmouseover="'):
        assert raw not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "&lt;/textarea&gt;" in report


def test_report_from_an_analysis_follows_its_filters(client: TestClient, demo_text: str) -> None:
    full = expected(demo_text)
    kept = full["spans"][0]["technique"]
    body = {"analysis": full, "techniques": [kept]}
    report = client.post("/v1/report.html", json=body).text
    assert report.count('<tr id="f') == sum(s["technique"] == kept for s in full["spans"])
    broken = {**full, "spans": [{**full["spans"][0], "end": 10**6}]}
    response = client.post("/v1/report.html", json={"analysis": broken})
    assert response.status_code == 400
    one_line_detail(response)


def test_batch_reports_errors_per_item(client: TestClient, demo_text: str) -> None:
    items = [{"text": demo_text}, {"text": "   "}, {"url": "http://127.0.0.1/"}, {"text": "Hi."}]
    response = client.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert results[0]["analysis"] == expected(demo_text)
    assert results[1]["error"]["status"] == 400 and "empty" in results[1]["error"]["detail"]
    assert results[2]["error"]["status"] == 403
    assert results[3]["analysis"]["document"]["text"] == "Hi."


@pytest.mark.parametrize("items", [[], [{"text": "x"}] * 33])
def test_batch_size_is_bounded(client: TestClient, items: list[dict[str, str]]) -> None:
    response = client.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 422
    assert "items" in one_line_detail(response)


def test_claims_judge_each_sentence_as_the_library_does(client: TestClient) -> None:
    from propscan.claims import check_sentences

    sentences = ["Over 350,000 people have been killed in Syria.", "Obama lies.", HOSTILE]
    for model in ("fast", "accurate"):
        response = client.post("/v1/claims", json={"sentences": sentences, "model": model})
        assert response.status_code == 200
        found = [(c["verdict"], c["score"]) for c in response.json()["claims"]]
        assert found == check_sentences(sentences, model)
    # The server's model (fast here) by default.
    response = client.post("/v1/claims", json={"sentences": sentences})
    assert [c["verdict"] for c in response.json()["claims"]] == [
        v for v, _ in check_sentences(sentences, "fast")
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"sentences": []}', "sentences"),
        ('{"sentences": ["x"], "model": "huge"}', "unknown model 'huge'"),
        ('{"sentences": "One sentence."}', "sentences"),
        ('{"sentences": ["a", 42]}', "sentences"),
        ('{"sentences": ["a"], "threshold": 0.5}', "threshold: unknown field"),
        (json.dumps({"sentences": ["a"] * 2001}), "sentences"),
    ],
)
def test_bad_claims_bodies_get_422_with_one_line(client: TestClient, body: str, words: str) -> None:
    response = client.post("/v1/claims", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert words in one_line_detail(response)


# --- client errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{bad json", "malformed JSON"),
        ("", "JSON object"),
        ("[1, 2]", "JSON object"),
        ("{}", "exactly one of text, html, url"),
        ('{"text": "a", "url": "https://news.example/"}', "exactly one of"),
        ('{"text": "a", "colour": "red"}', "colour: unknown field"),
        ('{"text": 42}', "text:"),
        ('{"text": "a", "threshold": 2}', "threshold:"),
        ('{"text": "a", "techniques": ["Lies"]}', "unknown technique 'Lies'"),
        ('{"text": "a", "model": "huge"}', "unknown model 'huge'"),
    ],
)
def test_bad_bodies_get_422_with_one_line(client: TestClient, body: str, words: str) -> None:
    response = client.post(
        "/v1/analyze", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert words in one_line_detail(response)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type_gets_415(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/analyze", content=b'{"text": "a"}', headers=headers)
    assert response.status_code == 415
    assert "application/json" in one_line_detail(response)


def test_bodies_over_the_cap_get_413(settings: Settings) -> None:
    with TestClient(create_app(settings, max_body_bytes=1000)) as small:
        big = {"text": "word " * 400}
        response = small.post("/v1/analyze", json=big)
        assert response.status_code == 413
        assert "1000 bytes" in one_line_detail(response)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed size counts
            yield b'{"text": "'
            for _ in range(20):
                yield b"x" * 100
            yield b'"}'

        streamed = small.post(
            "/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
        )
        assert "content-length" not in streamed.request.headers
        assert streamed.status_code == 413
        assert small.post("/v1/analyze", json={"text": "Fine."}).status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("http://127.0.0.1/", 403),
        ("http://169.254.169.254/latest/meta-data/", 403),
        ("http://[::1]:8000/", 403),
        ("http://10.1.2.3/admin", 403),
        ("http://evil.example/", 403),
        ("file:///etc/passwd", 400),
        ("ftp://news.example/a.txt", 400),
        ("/etc/passwd", 400),
        ("-", 400),
        ("http://no-such-host.example/", 400),
    ],
)
def test_refused_urls_get_a_clear_4xx(settings: Settings, url: str, status: int) -> None:
    with TestClient(create_app(settings, resolve=fake_resolve)) as test_client:
        response = test_client.post("/v1/analyze", json={"url": url})
    assert response.status_code == status
    detail = one_line_detail(response)
    assert "root:" not in detail  # never the content of a local file


def _mock_site(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/article":
        page = "<html><body><article><p>The corrupt elite lied to every patriot again.</p>"
        page += "<p>Every true patriot knows it is a disaster for the nation.</p></article>"
        return httpx.Response(200, html=page + "</body></html>")
    if request.url.path == "/to-intranet":
        return httpx.Response(302, headers={"location": "http://evil.example/secret"})
    if request.url.path == "/huge":
        return httpx.Response(200, text="x" * 5000, headers={"content-type": "text/plain"})
    raise httpx.ReadTimeout("slow", request=request)


def test_url_fetches_go_through_the_safe_fetcher(settings: Settings) -> None:
    app = create_app(
        settings,
        max_body_bytes=2000,
        transport=httpx.MockTransport(_mock_site),
        resolve=fake_resolve,
    )
    with TestClient(app) as test_client:
        ok = test_client.post("/v1/analyze", json={"url": "https://news.example/article"})
        assert ok.status_code == 200
        assert ok.json()["document"]["metadata"]["url"] == "https://news.example/article"
        refused = {
            "/to-intranet": (403, "10.0.0.7"),
            "/huge": (400, "size cap"),
            "/slow": (400, "timed out"),
        }
        for path, (status, words) in refused.items():
            response = test_client.post("/v1/analyze", json={"url": f"https://news.example{path}"})
            assert response.status_code == status
            assert words in one_line_detail(response)


# --- the API key ------------------------------------------------------------------------------


def test_api_key_guards_the_api_routes_only(settings: Settings) -> None:
    with TestClient(create_app(settings, api_key="s3cret")) as test_client:
        body = {"text": "Take back control!"}
        for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": "s3cret "}):
            response = test_client.post("/v1/analyze", json=body, headers=headers)
            assert response.status_code == 401
            assert "API key" in one_line_detail(response)
        for content, kind in ((b"{bad", "application/json"), (b"{}", "text/plain")):
            response = test_client.post(
                "/v1/analyze", content=content, headers={"content-type": kind}
            )
            assert response.status_code == 401  # before any look at the body
        assert test_client.get("/v1/techniques").status_code == 401
        assert test_client.get("/metrics").status_code == 401
        good = {"X-API-Key": "s3cret"}
        assert test_client.post("/v1/analyze", json=body, headers=good).status_code == 200
        assert test_client.get("/metrics", headers=good).status_code == 200
        for path in ("/", "/healthz", "/static/app.js", "/docs", "/openapi.json"):
            assert test_client.get(path).status_code == 200


# --- the queue, errors inside, metrics ------------------------------------------------------


def test_a_full_queue_answers_503_with_retry_after(settings: Settings, blocking: Any) -> None:
    app = create_app(settings, workers=1, max_pending=0)
    with TestClient(app) as test_client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(test_client.post, "/v1/analyze", json={"text": "Take back control!"})
        assert blocking.started.wait(30)
        busy = test_client.post("/v1/analyze", json={"text": "Another one."})
        assert busy.status_code == 503
        assert busy.headers["retry-after"].isdigit()
        assert "busy" in one_line_detail(busy)
        blocking.release.set()
        assert first.result(timeout=30).status_code == 200
        assert test_client.post("/v1/analyze", json={"text": "Now it fits."}).status_code == 200


def test_unexpected_errors_show_no_traceback(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(doc: Document, detector: object) -> None:
        raise RuntimeError("secret internals at /srv/propscan")

    monkeypatch.setattr(propscan.web.service, "analyze_document", broken)
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.post("/v1/analyze", json={"text": "Take back control!"})
        assert response.status_code == 500
        assert "secret" not in one_line_detail(response)
        batch = test_client.post("/v1/analyze/batch", json={"items": [{"text": "a"}]})
        assert batch.json()["results"][0]["error"] == {"status": 500, "detail": "internal error"}


def test_metrics_count_requests_latency_and_errors(settings: Settings) -> None:
    with TestClient(create_app(settings)) as test_client:
        test_client.post("/v1/analyze", json={"text": "Take back control!"})
        test_client.post("/v1/analyze", json={})
        test_client.get("/no/such/page")
        response = test_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'propscan_http_requests_total{method="POST",route="/v1/analyze",status="200"} 1.0' in text
    )
    assert 'propscan_http_errors_total{route="/v1/analyze",status="422"} 1.0' in text
    assert 'propscan_http_errors_total{route="other",status="404"} 1.0' in text
    assert (
        'propscan_http_request_duration_seconds_bucket{le="+Inf",route="/v1/analyze"} 2.0' in text
    )
    assert "propscan_analyses_admitted 0.0" in text


# --- on a real server -------------------------------------------------------------------------


def test_sixteen_concurrent_clients_get_correct_answers(
    settings: Settings, demo_text: str, serve: Callable[..., Any]
) -> None:
    paragraphs = [p for p in demo_text.split("\n\n") if p.strip()]
    texts = ["\n\n".join(paragraphs[: 2 + i % (len(paragraphs) - 1)]) for i in range(16)]
    answers = {text: expected(text) for text in set(texts)}

    with serve(create_app(settings)) as base:

        def ask(text: str) -> tuple[int, dict[str, Any]]:
            with httpx.Client(base_url=base, timeout=60) as http:
                response = http.post("/v1/analyze", json={"text": text})
                return response.status_code, json.loads(response.content)

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(ask, texts))
    for text, (status, data) in zip(texts, results, strict=True):
        assert status == 200
        assert data == answers[text]


# --- hostile values, and what a 500 still looks like -------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/analyze", '{"text": "abc \\ud800 traitor"}'),
        ("/v1/analyze", '{"html": "<p>abc \\udfff</p>"}'),
        ("/v1/analyze", '{"url": "https://news.example/\\ud800"}'),
        ("/v1/analyze", '{"text": "a", "model": "\\ud800"}'),
        ("/v1/analyze", '{"text": "a", "techniques": ["\\ud800"]}'),
        ("/v1/analyze", '{"text": "a", "\\ud800": 1}'),
        ("/v1/analyze/batch", '{"items": [{"text": "fine"}, {"text": "\\ud800"}]}'),
        ("/v1/claims", '{"sentences": ["fine", "abc \\ud800"]}'),
        ("/v1/report.html", '{"text": "abc \\ud800 traitor"}'),
        ("/v1/report.html", '{"analysis": {"schema": "\\ud800", "spans": [{"x": "\\udc00"}]}}'),
    ],
)
def test_lone_surrogates_get_422_with_one_line(client: TestClient, path: str, body: str) -> None:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid Unicode" in one_line_detail(response)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


WRONG = ["x", None, [], {}, True, -1, 10**30, 0.5]


def test_a_posted_analysis_with_wrong_values_gets_400_not_500(client: TestClient) -> None:
    analysis = client.post("/v1/analyze", json={"text": HOSTILE}).json()
    paths = list(_leaves(analysis))
    assert len(paths) > 50 and any(p[-1] == "confidence" for p in paths)
    statuses: set[int] = set()
    for path in paths:
        for wrong in WRONG:
            body = json.dumps({"analysis": _replaced(analysis, path, wrong)})
            response = client.post(
                "/v1/report.html", content=body, headers={"content-type": "application/json"}
            )
            statuses.add(response.status_code)
            assert response.status_code in (200, 400, 422), (path, wrong, response.text)
            if response.status_code != 200:
                one_line_detail(response)
    assert statuses == {200, 400}
    for field in ("confidence", "score"):
        broken = json.loads(json.dumps(analysis))
        target = broken["spans"][0] if field == "confidence" else broken["summary"]
        target[field] = "0.9"
        response = client.post("/v1/report.html", json={"analysis": broken})
        assert response.status_code == 400
        assert f"{field}: '0.9' is not a finite number" in one_line_detail(response)


@pytest.mark.parametrize(
    ("body", "words"),
    [(b'{"text": "caf\xe9"}', "not UTF-8"), (b"[" * 100_000, "nested too deeply")],
)
def test_bodies_that_are_not_json_get_422(client: TestClient, body: bytes, words: str) -> None:
    response = client.post(
        "/v1/analyze", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert words in one_line_detail(response)


def test_a_500_has_the_security_headers_and_keeps_the_connection(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, serve: Any
) -> None:
    import http.client
    from urllib.parse import urlsplit

    def broken(doc: Document, detector: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(propscan.web.service, "analyze_document", broken)
    with serve(create_app(settings)) as base:
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            body = json.dumps({"text": "Take back control!"})
            connection.request("POST", "/v1/analyze", body, {"content-type": "application/json"})
            first = connection.getresponse()
            assert first.status == 500
            assert "secret" not in first.read().decode()
            assert first.getheader("content-security-policy") == CSP
            assert first.getheader("x-content-type-options") == "nosniff"
            sock = connection.sock
            connection.request("GET", "/healthz")  # on the same connection
            second = connection.getresponse()
            assert second.status == 200 and json.loads(second.read())["status"] == "ok"
            assert connection.sock is sock
        finally:
            connection.close()


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/docs", "/static/app.js", "/v1/techniques", "/openapi.json"]
)
def test_head_is_answered_wherever_get_is(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["x-content-type-options"] == "nosniff"


def test_head_on_a_post_route_is_405_and_the_key_still_guards(settings: Settings) -> None:
    with TestClient(create_app(settings, api_key="s3cret")) as test_client:
        assert test_client.head("/metrics").status_code == 401
        assert test_client.head("/metrics", headers={"X-API-Key": "s3cret"}).status_code == 200
        response = test_client.head("/v1/analyze", headers={"X-API-Key": "s3cret"})
        assert response.status_code == 405 and response.content == b""


def test_a_refused_private_url_does_not_send_the_client_to_a_cli_flag(settings: Settings) -> None:
    with TestClient(create_app(settings, resolve=fake_resolve)) as test_client:
        response = test_client.post("/v1/analyze", json={"url": "http://evil.example/x"})
    assert response.status_code == 403
    assert one_line_detail(response) == (
        "http://evil.example/x: host resolves to private address 10.0.0.7, which this server "
        "does not fetch"
    )


def test_url_fetches_are_not_fooled_by_dns_rebinding(settings: Settings, rebinding: Any) -> None:
    with TestClient(create_app(settings)) as test_client:  # the real resolver and transport
        response = test_client.post("/v1/analyze", json={"url": rebinding.url})
    assert response.status_code == 200, response.text
    assert response.json()["document"]["text"].startswith("The corrupt elite")
    assert len(rebinding.public) == 1 and rebinding.internal == []


# --- models, the display threshold and filtering an analysis --------------------------------


def test_models_lists_the_choices_and_the_default_threshold(client: TestClient) -> None:
    data = client.get("/v1/models").json()
    assert data["default"] == "fast"  # the settings of these tests
    assert data["models"][0] == "fast" and "accurate" in data["models"]
    assert 0.0 <= data["threshold"] <= 1.0


@pytest.mark.parametrize("value", ["-0.01", "1.01", "NaN", "Infinity", '"0.5"', "true", "[0.5]"])
@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/report.html", "/v1/filter"])
def test_threshold_outside_0_to_1_gets_422(client: TestClient, path: str, value: str) -> None:
    source = '"analysis": {}' if path == "/v1/filter" else '"text": "a"'
    response = client.post(
        path,
        content=f'{{{source}, "threshold": {value}}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "threshold:" in one_line_detail(response)


def test_threshold_bounds_are_accepted(client: TestClient, demo_text: str) -> None:
    full = client.post("/v1/analyze", json={"text": demo_text, "threshold": 0}).json()
    assert full["spans"] and full["spans"] == expected(demo_text, threshold=0)["spans"]
    top = client.post("/v1/analyze", json={"text": demo_text, "threshold": 1}).json()
    assert top["spans"] == [s for s in full["spans"] if s["confidence"] >= 1]
    null = client.post("/v1/analyze", json={"text": demo_text, "threshold": None}).json()
    assert null == client.post("/v1/analyze", json={"text": demo_text}).json()


def test_filter_keeps_the_fragments_asked_for_and_sums_them_up_again(
    client: TestClient, demo_text: str
) -> None:
    full = client.post("/v1/analyze", json={"text": demo_text, "threshold": 0}).json()
    confidences = sorted(s["confidence"] for s in full["spans"])
    threshold = confidences[len(confidences) // 2]
    response = client.post("/v1/filter", json={"analysis": full, "threshold": threshold})
    assert response.status_code == 200
    data = response.json()
    # The same as analysing with that threshold, summary and actors included.
    assert (
        data == client.post("/v1/analyze", json={"text": demo_text, "threshold": threshold}).json()
    )
    assert data["summary"]["fragments"] == len(data["spans"]) < len(full["spans"])
    name = full["spans"][0]["technique"]
    only = client.post(
        "/v1/filter", json={"analysis": full, "threshold": 0, "techniques": [name]}
    ).json()
    assert only["spans"] and {s["technique"] for s in only["spans"]} == {name}
    bad = client.post("/v1/filter", json={"analysis": {"schema": "x"}, "threshold": 0})
    assert bad.status_code == 400


def test_the_display_threshold_is_the_default(
    client: TestClient, demo_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = client.post("/v1/analyze", json={"text": demo_text, "threshold": 0}).json()
    confidences = sorted(s["confidence"] for s in everything["spans"])
    assert client.get("/v1/models").json()["threshold"] == display.DEFAULT_THRESHOLD
    # A default that falls among the demo's fragments, whatever the shipped value is.
    default = confidences[len(confidences) // 2]
    monkeypatch.setattr(display, "DEFAULT_THRESHOLD", default)
    assert client.get("/v1/models").json()["threshold"] == default
    kept = [s for s in everything["spans"] if s["confidence"] >= default]
    assert 0 < len(kept) < len(everything["spans"])
    answer = client.post("/v1/analyze", json={"text": demo_text}).json()
    assert answer["spans"] == kept and answer["summary"]["fragments"] == len(kept)
    # The HTML report of a fresh analysis, and the filter, default to it as well.
    page = client.post("/v1/report.html", json={"text": demo_text}).text
    assert page.count('<tr id="f') == len(kept)
    page = client.post("/v1/report.html", json={"text": demo_text, "threshold": 0}).text
    assert page.count('<tr id="f') == len(everything["spans"])
    assert client.post("/v1/filter", json={"analysis": everything}).json()["spans"] == kept
