"""Latency and throughput of `propscan serve` for a ~5,000-character article.

Usage: python benchmarks/web_latency.py [--model fast] [--requests 100] [--clients 1 4]

Starts the real server (`python -m propscan serve`) in a subprocess on a free local port, sends
the article to POST /v1/analyze from 1 and then 4 concurrent clients (threads, each with its own
HTTP connection), `--requests` requests per client after a warm-up, and prints the p50 and p95
latency and the requests/s at each concurrency. The article is the shared example
(../shared/examples/aleppo-article.txt) cut to about 5,000 characters at a paragraph break, or
the bundled demo article repeated when the shared one is missing.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import httpx

SHARED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "aleppo-article.txt"
TARGET_CHARS = 5000
WARM_UP = 5


def article() -> str:
    """About 5,000 characters of news text, cut at a paragraph break."""
    if SHARED_ARTICLE.is_file():
        text = SHARED_ARTICLE.read_text(encoding="utf-8")
    else:
        demo = resources.files("propscan") / "data" / "demo-article.txt"
        text = "\n\n".join([demo.read_text(encoding="utf-8")] * 4)
    cut = text.rfind("\n", 0, TARGET_CHARS)
    return text[: cut if cut > TARGET_CHARS // 2 else TARGET_CHARS]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(model: str, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "propscan", "serve", "--port", str(port), "--model", model]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"the server exited: {error}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


def client(base: str, text: str, n: int) -> list[float]:
    """``n`` analyses over one connection; the latency of each, in seconds."""
    latencies = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for _ in range(n):
            start = time.perf_counter()
            response = http.post("/v1/analyze", json={"text": text})
            latencies.append(time.perf_counter() - start)
            response.raise_for_status()
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fast")
    parser.add_argument("--requests", type=int, default=100, help="requests per client")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()

    text = article()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.model, port)
    try:
        client(base, text, WARM_UP)
        print(f"model {args.model}, article of {len(text)} characters, {len(text.split())} words")
        print(f"{'clients':>7} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
        for clients in args.clients:
            start = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                runs = list(pool.map(lambda _: client(base, text, args.requests), range(clients)))
            wall = time.perf_counter() - start
            latencies = [x for run in runs for x in run]
            print(
                f"{clients:>7} {len(latencies):>8} {1000 * statistics.median(latencies):>8.1f} "
                f"{1000 * percentile(latencies, 95):>8.1f} {len(latencies) / wall:>8.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
