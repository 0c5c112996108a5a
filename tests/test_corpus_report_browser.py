"""The corpus report in headless Chromium, on a small corpus of PTC articles in three outlets.

Skipped without Chromium and its driver (``.ci/run`` installs both) or without the shared PTC
data. The screenshot in docs/ is refreshed only on request (``PROPSCAN_SCREENSHOT=1``), so a
test run leaves the working tree as it found it.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
    pytest.skip("needs Chromium: apt-get install chromium chromium-driver", allow_module_level=True)
pytest.importorskip("selenium")
pytest.importorskip("matplotlib")

from PIL import Image  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "corpus-report.png"
OUTLETS = ("daily-post", "the-herald", "world-wire")
ARTICLES = 18
Run = Callable[..., Any]

# For each header cell, whether any word of it is drawn on more than one line (a word broken
# in the middle, as "D ou bt" was).
SPLIT_WORDS = """
const split = [];
for (const cell of document.querySelectorAll('th')) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(m[0]);
    }
  }
}
return split;
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--window-size=1100,900",
                     "--allow-file-access-from-files",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):  # fmt: skip
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def report(ptc_train: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report over 18 PTC articles: three made-up outlets, dated over six months."""
    from propscan.corpus.batch import BatchOptions, run_batch
    from propscan.corpus.report import write_report
    from propscan.corpus.store import open_store

    root = tmp_path_factory.mktemp("corpus")
    corpus = root / "corpus"
    names = sorted(p.name for p in (ptc_train / "articles").glob("article*.txt"))[:ARTICLES]
    for i, name in enumerate(names):
        folder = corpus / OUTLETS[i % 3]
        folder.mkdir(parents=True, exist_ok=True)
        # Dates from the file names; March has no articles (a gap in the trend).
        month = [1, 2, 4, 5, 6, 7][(i // 3) % 6]
        shutil.copy(ptc_train / "articles" / name, folder / f"2024-{month:02d}-15-{name}")
    with open_store(root / "r.db") as store:
        done = run_batch([corpus], store, BatchOptions(model="fast", workers=1))
        assert (done.analysed, done.failed) == (ARTICLES, 0)
        write_report(store, root / "report")
    return root / "report"


def test_report_reads_right_in_a_browser(driver: WebDriver, report: Path) -> None:
    driver.get((report / "index.html").as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == "propscan corpus report"
    images = driver.find_elements(By.TAG_NAME, "img")
    assert len(images) >= 5
    for image in images:
        assert driver.execute_script("return arguments[0].naturalWidth", image) > 0
    assert driver.execute_script(SPLIT_WORDS) == []
    # Articles are listed by the title of their first line, each with its own report.
    links = driver.find_elements(By.CSS_SELECTOR, "td a[href^='articles/']")
    assert len(links) == ARTICLES
    first = links[0].text
    assert first and not first.startswith(OUTLETS)  # a title, not the article id
    size = driver.get_window_size()
    target = SCREENSHOT if os.environ.get("PROPSCAN_SCREENSHOT") else report / "shot.png"
    driver.set_window_size(1100, 1400)
    # The statistics, below the list of articles.
    driver.execute_script("document.querySelectorAll('h2')[1].scrollIntoView()")
    png = driver.get_screenshot_as_png()
    driver.set_window_size(size["width"], size["height"])
    small = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64).save(small, "PNG", optimize=True)
    assert len(small.getvalue()) < 300_000
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(small.getvalue())
    links[0].click()
    assert first.rstrip("…") in driver.find_element(By.TAG_NAME, "h1").text or first in (
        driver.page_source
    )
    assert driver.find_elements(By.CSS_SELECTOR, "mark")  # its fragments, marked
