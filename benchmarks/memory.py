"""Peak memory and time of one long article, by size and model (issue 14).

Each measurement runs ``propscan analyze FILE --format json -o OUT`` in a child process and
reads that child's own peak RSS from ``os.wait4``. Articles are built by repeating the PTC
training articles (one after another, a blank line between) up to the size asked for, in a
temporary folder; nothing is copied into the repository. ``--server`` measures
``propscan serve`` instead: its RSS before, at the peak of, and after one ``POST /v1/analyze``.

    .venv/bin/python benchmarks/memory.py                          # 0.25, 1, 4, 10 MB, both models
    .venv/bin/python benchmarks/memory.py --sizes 0.25,1 --models accurate
    .venv/bin/python benchmarks/memory.py --server --sizes 4.75 --models fast
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PTC = ROOT.parent / "shared" / "data" / "ptc" / "train" / "articles"
PROPSCAN = [sys.executable, "-m", "propscan"]


def build_article(size_mb: float, path: Path) -> int:
    """Write an article of about ``size_mb`` MB (UTF-8) to ``path``; its length in bytes."""
    target = int(size_mb * 1_000_000)
    articles = sorted(PTC.glob("*.txt"))
    if not articles:
        raise SystemExit(f"no PTC articles in {PTC}")
    parts: list[bytes] = []
    total = 0
    i = 0
    while total < target:
        data = articles[i % len(articles)].read_bytes().strip() + b"\n\n"
        parts.append(data)
        total += len(data)
        i += 1
    data = b"".join(parts)[:target].decode("utf-8", "ignore").encode("utf-8")
    path.write_bytes(data)
    return len(data)


def measure_cli(model: str, article: Path, out: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one ``propscan analyze``."""
    command = [*PROPSCAN, "analyze", str(article), "-m", model, "-f", "json", "-o", str(out),
               "--max-bytes", str(article.stat().st_size + 1)]  # fmt: skip
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, child.returncode


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) // 1024
    return values


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure_server(model: str, article: Path) -> dict[str, float]:
    """RSS of ``propscan serve`` before, at the peak of, and after one analysis of ``article``."""
    port = _free_port()
    body = json.dumps({"text": article.read_text(encoding="utf-8")}).encode("utf-8")
    command = [*PROPSCAN, "serve", "--model", model, "--port", str(port),
               "--max-body", str(len(body) + 1)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        # One small request first, so what is loaded on first use counts as "before".
        small = json.dumps({"text": "Take back control of our borders!"}).encode()
        _post(f"{base}/v1/analyze", small)
        before = _status(server.pid)
        start = time.perf_counter()
        answer = _post(f"{base}/v1/analyze", body)
        seconds = time.perf_counter() - start
        time.sleep(1)
        after = _status(server.pid)
        return {
            "seconds": seconds,
            "before": before["VmRSS"],
            "peak": after["VmHWM"],
            "after": after["VmRSS"],
            "answer_mb": len(answer) / 1e6,
        }
    finally:
        server.terminate()
        server.wait(30)


def _post(url: str, body: bytes) -> bytes:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=3600) as response:
        return bytes(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,1,4,10", help="article sizes in MB")
    parser.add_argument("--models", default="fast,accurate")
    parser.add_argument("--server", action="store_true", help="measure propscan serve")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = folder / "one.txt"
        one.write_bytes(sorted(PTC.glob("*.txt"))[0].read_bytes())
        for model in args.models.split(","):
            if args.server:
                print(f"model {model}: propscan serve, one POST /v1/analyze")
                print(" size MB  chars       time s  before MB  peak MB  after MB  answer MB")
            else:
                seconds, peak, _ = measure_cli(model, one, folder / "out.json")
                print(f"model {model}: propscan analyze -f json; one PTC article: {peak:.0f} MB")
                print(" size MB  chars       time s  peak RSS MB  over one article MB")
                base = peak
            for size in sizes:
                article = folder / f"article-{size}.txt"
                build_article(size, article)
                chars = len(article.read_text(encoding="utf-8"))
                if args.server:
                    r = measure_server(model, article)
                    print(f"{size:8.2f}  {chars:<10d} {r['seconds']:7.1f}  {r['before']:9.0f}  "
                          f"{r['peak']:7.0f}  {r['after']:8.0f}  {r['answer_mb']:9.1f}",
                          flush=True)  # fmt: skip
                    continue
                seconds, peak, code = measure_cli(model, article, folder / "out.json")
                failed = "" if code == 0 else f"  (exit status {code})"
                print(f"{size:8.2f}  {chars:<10d} {seconds:7.1f}  {peak:11.0f}  "
                      f"{peak - base:18.0f}{failed}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
