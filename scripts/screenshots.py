"""Refresh the screenshots in docs/screenshots/: the web page and the HTML report.

Both show the example article of the shared data (``../shared/examples/aleppo-article.txt``,
never copied into this repository) analysed with the default model. Needs Chromium and its
driver (Debian's ``chromium`` and ``chromium-driver``) and the dev extra (selenium, Pillow)::

    .venv/bin/python scripts/screenshots.py [ARTICLE]

The PNGs are reduced to 256 colours, which keeps each well under 300 KB.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from propscan.config import load_settings
from propscan.detectors import load_detector
from propscan.ingest import document_from_text
from propscan.pipeline import analyze_document
from propscan.report.html import render_html
from propscan.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "examples" / "aleppo-article.txt"
OUT = ROOT / "docs" / "screenshots"
SIZE = (1100, 1400)


def serve() -> tuple[str, uvicorn.Server, threading.Thread]:
    """The web app with the default settings on a free loopback port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(load_settings()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def save(driver: webdriver.Chrome, name: str) -> Path:
    """A screenshot of the window, quantised to 256 colours."""
    raw = OUT / f".{name}.raw.png"
    driver.save_screenshot(str(raw))
    target = OUT / name
    Image.open(raw).convert("RGB").quantize(colors=256).save(target, optimize=True)
    raw.unlink()
    return target


def main() -> None:
    article = Path(sys.argv[1]) if len(sys.argv) > 1 else ARTICLE
    text = article.read_text(encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    url, server, thread = serve()
    with tempfile.TemporaryDirectory() as tmp:
        driver = browser(str(Path(tmp) / "profile"))
        try:
            wait = WebDriverWait(driver, 120)
            driver.get(url + "/")
            box = driver.find_element(By.ID, "text")
            driver.execute_script("arguments[0].value = arguments[1];", box, text)
            driver.find_element(By.ID, "analyze").click()
            wait.until(lambda d: d.find_element(By.ID, "results").is_displayed())
            wait.until(lambda d: d.find_element(By.ID, "analyze").is_enabled())
            # A quoted fragment's details (its speaker), and its outline; else any fragment's.
            marks = driver.find_elements(By.CSS_SELECTOR, "#article mark.frag.on.quoted")
            marks = marks or driver.find_elements(By.CSS_SELECTOR, "#article mark.frag.on")
            if marks:
                marks[0].click()
            driver.execute_script("document.getElementById('results').scrollIntoView();")
            time.sleep(0.5)  # the filtered figures
            print(save(driver, "web.png"))

            # The HTML report of the same article, as `propscan analyze --format html` writes it.
            settings = load_settings()
            analysis = analyze_document(document_from_text(text), load_detector(settings.model))
            report = Path(tmp) / "report.html"
            report.write_text(render_html(analysis), encoding="utf-8")
            driver.get(report.as_uri())
            print(save(driver, "report.png"))
        finally:
            driver.quit()
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
