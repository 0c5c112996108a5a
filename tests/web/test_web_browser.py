"""The page in headless Chromium (Debian's chromium and chromium-driver), driven by Selenium.

Skipped when Chromium or its driver is not installed (``.ci/run`` installs both). The server is
the real app on uvicorn; nothing is mocked.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from propscan.config import Settings
from propscan.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
    pytest.skip("needs Chromium: apt-get install chromium chromium-driver", allow_module_level=True)
pytest.importorskip("selenium")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

INJECTION = (
    'Breaking news <img src=x onerror="window.__pwned=1"> from the capital\n\n'
    "<script>window.__pwned=1</script> The corrupt elite will destroy every true patriot!\n"
    '<a href="javascript:window.__pwned=1">Read more</a> </textarea><b>bold</b>\n'
)
VISIBLE_MARKS = "#article mark.frag.on"


@pytest.fixture(scope="module")
def base_url(settings: Settings, serve: Callable[..., Any]) -> Iterator[str]:
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    # Browser console messages, to catch Content-Security-Policy violations and script errors.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            # Both downloads follow a request to the server, so the second one is "automatic".
            "profile.default_content_setting_values.automatic_downloads": 1,
        },
    )
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 30) -> Any:
    return WebDriverWait(driver, seconds).until(condition)


def analyze_text(driver: WebDriver, base_url: str, text: str) -> None:
    """Open the page, paste ``text``, press Analyze and wait for the result."""
    driver.get(base_url + "/")
    box = driver.find_element(By.ID, "text")
    driver.execute_script("arguments[0].value = arguments[1];", box, text)
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    wait(driver, lambda d: d.find_element(By.ID, "analyze").is_enabled())
    assert not driver.find_element(By.ID, "progress").is_displayed()


def console_errors(driver: WebDriver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def visible_marks(driver: WebDriver) -> list[Any]:
    return driver.find_elements(By.CSS_SELECTOR, VISIBLE_MARKS)


def marks_showing(driver: WebDriver, technique: str) -> int:
    return sum(
        technique in (m.get_attribute("data-visible") or "").split() for m in visible_marks(driver)
    )


def test_demo_article_is_highlighted(
    driver: WebDriver, base_url: str, demo_text: str, tmp_path: Path
) -> None:
    console_errors(driver)
    analyze_text(driver, base_url, demo_text)
    marks = visible_marks(driver)
    assert marks
    assert driver.find_element(By.ID, "article").get_attribute("textContent") == demo_text
    colours = {m.value_of_css_property("background-color") for m in marks}
    assert "rgba(0, 0, 0, 0)" not in colours
    assert driver.find_element(By.ID, "score").text.startswith("Propaganda score")
    assert driver.find_elements(By.CSS_SELECTOR, "#sentences li .bar")
    marks[0].click()
    details = driver.find_element(By.ID, "details-body").text
    assert "Confidence" in details
    assert driver.find_element(By.ID, "error").is_displayed() is False
    assert console_errors(driver) == []

    # The page can be captured (the README's screenshots come from scripts/screenshots.py).
    assert driver.save_screenshot(str(tmp_path / "web.png"))


def test_claims_quotes_and_actors_are_listed(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    claims = driver.find_elements(By.CSS_SELECTOR, "#claims li.claim")
    assert claims
    scores = [float(c.find_element(By.CSS_SELECTOR, ".claim-score").text) for c in claims]
    assert scores == sorted(scores, reverse=True)
    quotes = driver.find_elements(By.CSS_SELECTOR, "#quotes li.quote")
    speakers = {q.find_element(By.CSS_SELECTOR, ".quote-speaker").text for q in quotes}
    assert "Ivo Brandt" in speakers and any("Mara Vell" in s for s in speakers)
    actors = driver.find_element(By.ID, "actors").text
    assert "Mara Vell" in actors and "quoted" in actors
    assert console_errors(driver) == []


def test_offsets_hold_beyond_the_basic_plane_and_furniture_is_marked(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    # Emoji are one code point (the API's unit) but two UTF-16 units (JavaScript's).
    text = "\U0001f600\U0001f4f0 " + demo_text.replace("council", "council \U0001f3db\ufe0f")
    text += "\nShare this article\nRelated stories\nComments\n"
    analyze_text(driver, base_url, text)
    assert driver.find_element(By.ID, "article").get_attribute("textContent").endswith("Comments\n")
    spans = [s["text"] for s in every_fragment(driver, text)["spans"]]
    marks = driver.find_elements(By.CSS_SELECTOR, "#article mark.frag")
    assert marks
    for mark in marks:
        piece = mark.get_attribute("textContent")
        for index in (mark.get_attribute("data-fragments") or "").split():
            assert piece in spans[int(index)]
    furniture = driver.find_element(By.CSS_SELECTOR, "#article .furniture")
    assert "Share this article" in furniture.text and "not analysed" in furniture.text


def test_progress_shows_while_analyzing(driver: WebDriver, base_url: str, demo_text: str) -> None:
    driver.get(base_url + "/")
    # Hold every request back a little, so the in-between state can be seen.
    driver.execute_script(
        "const f = window.fetch; window.fetch = (...a) => "
        "new Promise((r) => setTimeout(() => r(f(...a)), 1000));"
    )
    driver.execute_script("document.getElementById('text').value = arguments[0];", demo_text)
    driver.find_element(By.ID, "analyze").click()
    assert driver.find_element(By.ID, "progress").is_displayed()
    assert not driver.find_element(By.ID, "analyze").is_enabled()
    assert driver.find_element(By.ID, "input-form").get_attribute("aria-busy") == "true"
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    assert not driver.find_element(By.ID, "progress").is_displayed()


def test_legend_hides_and_shows_a_technique(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    driver.find_element(By.ID, "threshold").send_keys(Keys.HOME)  # every fragment
    before = len(visible_marks(driver))
    button = driver.find_element(By.CSS_SELECTOR, "#legend button")
    technique = button.get_attribute("data-technique")
    assert technique and marks_showing(driver, technique) > 0
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert marks_showing(driver, technique) == 0
    assert len(visible_marks(driver)) < before
    button.send_keys(Keys.ENTER)  # the keyboard works too
    assert button.get_attribute("aria-pressed") == "true"
    assert len(visible_marks(driver)) == before


def test_slider_hides_weak_fragments(driver: WebDriver, base_url: str, demo_text: str) -> None:
    analyze_text(driver, base_url, demo_text)
    before = len(visible_marks(driver))
    slider = driver.find_element(By.ID, "threshold")
    driver.execute_script(
        "arguments[0].value = '0.5'; arguments[0].dispatchEvent(new Event('input'));", slider
    )
    middle = len(visible_marks(driver))
    assert middle < before
    assert driver.find_element(By.ID, "threshold-value").text == "0.50"
    slider.send_keys(Keys.END)
    assert len(visible_marks(driver)) <= middle
    assert driver.find_element(By.ID, "threshold-value").text == "1.00"


def test_keyboard_reaches_fragments_and_their_details(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    assert driver.switch_to.active_element.get_attribute("id") == "results-heading"
    buttons = driver.find_elements(By.CSS_SELECTOR, "#legend button")
    driver.execute_script("arguments[0].focus();", buttons[-1])
    driver.switch_to.active_element.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.tag_name == "mark" and "on" in (focused.get_attribute("class") or "")
    assert "Confidence" in driver.find_element(By.ID, "details-body").text


def test_script_injection_does_not_run(driver: WebDriver, base_url: str, tmp_path: Path) -> None:
    analyze_text(driver, base_url, INJECTION)
    assert driver.execute_script("return window.__pwned;") is None
    article = driver.find_element(By.ID, "article")
    assert article.get_attribute("textContent") == INJECTION
    assert not article.find_elements(By.CSS_SELECTOR, "img, script, a, b, textarea")
    assert "<script>window.__pwned=1</script>" in article.text
    # The statement panels show article text as text too.
    panels = [driver.find_element(By.ID, i) for i in ("claims", "quotes", "actors")]
    assert not any(p.find_elements(By.CSS_SELECTOR, "img, script, a, b") for p in panels)

    # The same article uploaded as a .txt file.
    upload = tmp_path / "hostile.txt"
    upload.write_text(INJECTION, encoding="utf-8")
    driver.get(base_url + "/")
    driver.find_element(By.CSS_SELECTOR, 'input[name="source"][value="file"]').click()
    driver.find_element(By.ID, "file").send_keys(str(upload))
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    assert driver.execute_script("return window.__pwned;") is None
    assert driver.find_element(By.ID, "article").get_attribute("textContent") == INJECTION
    for mark in visible_marks(driver)[:3]:
        mark.click()
    assert driver.execute_script("return window.__pwned;") is None
    assert not driver.find_elements(By.CSS_SELECTOR, "#details-body img, #details-body script")


def test_downloads_follow_the_filters(
    driver: WebDriver, base_url: str, demo_text: str, downloads: Path
) -> None:
    analyze_text(driver, base_url, demo_text)
    button = driver.find_element(By.CSS_SELECTOR, "#legend button")
    hidden = button.get_attribute("data-technique")
    button.click()
    driver.find_element(By.ID, "download-json").click()
    driver.find_element(By.ID, "download-html").click()
    json_file = downloads / "propscan-analysis.json"
    html_file = downloads / "propscan-report.html"
    wait(driver, lambda d: json_file.is_file() and html_file.is_file())
    data = json.loads(json_file.read_text(encoding="utf-8"))
    assert data["schema"] == "propscan.analysis/2" and data["document"]["text"] == demo_text
    assert data["spans"] and all(s["technique"] != hidden for s in data["spans"])
    assert data["summary"]["fragments"] == len(data["spans"])
    report = html_file.read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert report.count('<tr id="f') == len(data["spans"])


def test_bad_input_shows_an_error(driver: WebDriver, base_url: str) -> None:
    driver.get(base_url + "/")
    driver.find_element(By.CSS_SELECTOR, 'input[name="source"][value="url"]').click()
    url = driver.find_element(By.ID, "url")
    url.send_keys("http://127.0.0.1/")
    driver.find_element(By.ID, "analyze").click()
    error = wait(driver, lambda d: d.find_element(By.ID, "error").is_displayed() and d)
    assert "private address" in error.find_element(By.ID, "error").text
    assert not driver.find_element(By.ID, "results").is_displayed()


def test_docs_page_lists_the_api(driver: WebDriver, base_url: str) -> None:
    console_errors(driver)  # forget the messages of earlier tests
    driver.get(base_url + "/docs")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#routes .route"))
    routes = driver.find_element(By.ID, "routes").text
    assert "/v1/analyze" in routes and "/v1/analyze/batch" in routes
    assert console_errors(driver) == []


def test_title_is_cut_at_a_word_with_an_ellipsis(driver: WebDriver, base_url: str) -> None:
    words = "The United States has been arming and training terrorist groups in Syria".split()
    first_line = " ".join(words[i % len(words)] for i in range(45))  # over 250 characters
    assert len(first_line) > 250
    analyze_text(driver, base_url, first_line + "\n\nThe second paragraph says more.\n")
    title = driver.find_element(By.ID, "doc-title").text
    assert title.endswith("…") and len(title) <= 100
    stem = title[:-1]
    assert first_line.startswith(stem) and first_line[len(stem)] == " "  # not mid-word
    # The whole line is still in the article.
    assert first_line in driver.find_element(By.ID, "article").get_attribute("textContent")


def test_failed_analysis_clears_the_previous_results(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    assert visible_marks(driver)
    driver.find_element(By.CSS_SELECTOR, 'input[name="source"][value="url"]').click()
    driver.find_element(By.ID, "url").send_keys("http://127.0.0.1/")
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "error").is_displayed())
    assert "private address" in driver.find_element(By.ID, "error").text
    assert not driver.find_element(By.ID, "results").is_displayed()
    assert driver.find_element(By.ID, "article").get_attribute("textContent") == ""
    assert driver.find_element(By.ID, "doc-title").get_attribute("textContent") == ""
    # A new analysis brings the results back, with no error left over.
    driver.find_element(By.CSS_SELECTOR, 'input[name="source"][value="text"]').click()
    driver.execute_script("document.getElementById('text').value = arguments[0];", demo_text)
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    assert not driver.find_element(By.ID, "error").is_displayed()


def test_model_can_be_chosen(driver: WebDriver, base_url: str, demo_text: str) -> None:
    driver.get(base_url + "/")
    select = driver.find_element(By.ID, "model")
    wait(driver, lambda d: len(select.find_elements(By.TAG_NAME, "option")) > 1)
    options = {o.get_attribute("value"): o for o in select.find_elements(By.TAG_NAME, "option")}
    assert {"fast", "accurate"} <= options.keys()
    assert options["fast"].is_selected() and "default" in options["fast"].text  # the server's
    options["accurate"].click()
    driver.execute_script("document.getElementById('text').value = arguments[0];", demo_text)
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed(), seconds=120)
    meta = driver.find_element(By.ID, "meta").text
    assert "accurate" in meta and "fast" not in meta


def outline(mark: Any) -> tuple[str, float]:
    return mark.value_of_css_property("outline-style"), float(
        mark.value_of_css_property("outline-width").removesuffix("px")
    )


def test_selected_fragment_is_outlined(driver: WebDriver, base_url: str, demo_text: str) -> None:
    analyze_text(driver, base_url, demo_text)
    marks = visible_marks(driver)
    assert all(outline(m)[0] == "none" for m in marks)
    marks[0].click()
    style, width = outline(marks[0])
    assert style == "solid" and width >= 2
    assert marks[0].get_attribute("aria-current") == "true"
    # Every piece of the fragment is outlined, and nothing else.
    index = (marks[0].get_attribute("data-fragments") or "").split()[0]
    selected = driver.find_elements(By.CSS_SELECTOR, "#article mark.selected")
    assert marks[0] in selected
    assert all(index in (m.get_attribute("data-fragments") or "").split() for m in selected)
    # From the keyboard: the next fragment takes the outline.
    marks[0].send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.tag_name == "mark" and focused != marks[0]
    focused.send_keys(Keys.ENTER)
    assert "selected" in (focused.get_attribute("class") or "")
    assert outline(focused)[0] == "solid" and outline(focused)[1] >= 2


def test_highlights_carry_their_technique_code(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    codes = {
        t["name"]: t["code"]
        for t in driver.execute_script("return fetch('v1/techniques').then((r) => r.json());")
    }
    spans = every_fragment(driver, demo_text)["spans"]
    slider = driver.find_element(By.ID, "threshold")
    driver.execute_script(
        "arguments[0].value = '0'; arguments[0].dispatchEvent(new Event('input'));", slider
    )
    labelled = {}
    for mark in visible_marks(driver):
        label = mark.get_attribute("data-label")
        if label:
            shown = driver.execute_script(
                "return getComputedStyle(arguments[0], '::after').content;", mark
            )
            assert shown == f'"{label}"'  # drawn on the page, after the fragment
            for i in (mark.get_attribute("data-fragments") or "").split():
                labelled.setdefault(int(i), label)
    assert len(labelled) == len(spans)
    for i, span in enumerate(spans):
        assert codes[span["technique"]] in labelled[i].split()
    # The labels are not text: the article reads (and copies) as it was.
    assert driver.find_element(By.ID, "article").get_attribute("textContent") == demo_text


def test_actor_list_does_not_double_quotation_marks(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    driver.get(base_url + "/")
    # The answer is made to hold a fragment that starts with the article's own quotation mark
    # and is aimed at the first actor; the filter endpoint echoes it back.
    driver.execute_script(
        "const f = window.fetch; window.fetch = (url, options) => {"
        " if (url === 'v1/filter') return Promise.resolve(new Response("
        "   JSON.stringify(JSON.parse(options.body).analysis)));"
        " if (url !== 'v1/analyze') return f(url, options);"
        " return f(url, options).then((r) => r.json()).then((a) => {"
        "   a.spans[0].text = '\u201cThere can be no impunity'; a.actors[0].fragments = [0];"
        "   return new Response(JSON.stringify(a)); }); };"
    )
    driver.execute_script("document.getElementById('text').value = arguments[0];", demo_text)
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    actors = driver.find_element(By.ID, "actors").text
    assert "\u201cThere can be no impunity\u201d" in actors
    assert "\u201c\u201c" not in actors


def test_threshold_starts_at_the_default_and_zero_shows_everything(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    default = driver.execute_script("return fetch('v1/models').then((r) => r.json());")
    slider = driver.find_element(By.ID, "threshold")
    assert float(slider.get_attribute("value")) == pytest.approx(default["threshold"])
    total = len(every_fragment(driver, demo_text)["spans"])
    slider.send_keys(Keys.HOME)  # 0
    assert driver.find_element(By.ID, "threshold-value").text == "0.00"
    assert (
        driver.find_element(By.ID, "visible-count").text == f"Showing {total} of {total} fragments."
    )
    # The figures follow the slider: the server works out the summary of what is shown.
    driver.execute_script(
        "arguments[0].value = '0.5'; arguments[0].dispatchEvent(new Event('input'));"
        "arguments[0].dispatchEvent(new Event('change'));",
        slider,
    )
    kept = driver.execute_script(
        "return fetch('v1/filter', {method: 'POST', headers: {'Content-Type': "
        "'application/json'}, body: JSON.stringify({analysis: arguments[0], threshold: 0.5})})"
        ".then(r => r.json());",
        every_fragment(driver, demo_text),
    )
    n = kept["summary"]["fragments"]
    assert n < total
    wait(
        driver,
        lambda d: d.find_element(By.ID, "fragment-figures").text.startswith(f"{n} fragment"),
    )


def every_fragment(driver: WebDriver, text: str) -> dict[str, Any]:
    """The analysis of ``text`` with every fragment (threshold 0), as the page gets it."""
    analysis: dict[str, Any] = driver.execute_script(
        "return fetch('v1/analyze', {method: 'POST', headers: {'Content-Type': "
        "'application/json'}, body: JSON.stringify({text: arguments[0], threshold: 0})})"
        ".then(r => r.json());",
        text,
    )
    return analysis


def percent(x: float) -> str:
    """As the page writes a share (JavaScript's Math.round: halves go up)."""
    return f"{int(x * 100 + 0.5)}%"


def voice_label(span: dict[str, Any]) -> str:
    if span["voice"] != "quote":
        return "author"
    return f"quoted — {span['speaker']}" if span["speaker"] else "quoted, speaker unknown"


def test_voice_toggle_filters_highlights_legend_and_list_on_the_page(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    console_errors(driver)  # forget the messages of earlier tests
    analyze_text(driver, base_url, demo_text)
    spans = every_fragment(driver, demo_text)["spans"]
    quoted = {i for i, s in enumerate(spans) if s["voice"] == "quote"}
    author = set(range(len(spans))) - quoted
    assert quoted and author  # the demo has both
    driver.find_element(By.ID, "threshold").send_keys(Keys.HOME)  # every fragment
    # From here on, no request may leave the page: the toggle works on what it has.
    driver.execute_script(
        "window.__calls = 0; const f = window.fetch;"
        "window.fetch = (...a) => { window.__calls++; return f(...a); };"
    )

    def check(voice: str, expected: set[int]) -> None:
        items = driver.find_elements(By.CSS_SELECTOR, "#fragments li.fragment")
        assert {int(li.get_attribute("data-fragment") or -1) for li in items} == expected
        for mark in visible_marks(driver):
            indices = {int(i) for i in (mark.get_attribute("data-fragments") or "").split()}
            assert indices & expected  # a highlight shows a fragment of the chosen voice
        hidden = driver.find_elements(By.CSS_SELECTOR, "#article mark.frag:not(.on)")
        for mark in hidden:
            indices = {int(i) for i in (mark.get_attribute("data-fragments") or "").split()}
            assert not indices & expected
        counts = [
            int(c.text) for c in driver.find_elements(By.CSS_SELECTOR, "#legend button .count")
        ]
        assert sum(counts) == len(expected)
        splits = [s.text for s in driver.find_elements(By.CSS_SELECTOR, "#legend .split")]
        assert all(splits) if voice == "all" else not any(splits)
        assert driver.find_element(By.ID, "visible-count").text == (
            f"Showing {len(expected)} of {len(spans)} fragments."
        )

    check("all", author | quoted)
    split = driver.find_element(By.CSS_SELECTOR, "#legend .split").text
    assert re.fullmatch(r"\(\d+ author's, \d+ quoted\)", split)
    driver.find_element(By.CSS_SELECTOR, 'input[name="voice"][value="quote"]').click()
    check("quote", quoted)
    # From the keyboard: the arrow keys move along the radio group.
    driver.switch_to.active_element.send_keys(Keys.LEFT)
    assert driver.switch_to.active_element.get_attribute("value") == "author"
    check("author", author)
    driver.switch_to.active_element.send_keys(Keys.LEFT)
    check("all", author | quoted)
    labels = driver.find_element(By.ID, "voice-filter").text
    assert f"Author's voice ({len(author)})" in labels
    assert f"Quoted speech ({len(quoted)})" in labels
    assert driver.execute_script("return window.__calls;") == 0
    assert console_errors(driver) == []


def test_quoted_fragments_are_underlined_with_dashes_on_the_page(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    spans = every_fragment(driver, demo_text)["spans"]
    driver.find_element(By.ID, "threshold").send_keys(Keys.HOME)
    style = "return getComputedStyle(arguments[0]).textDecorationStyle + ' ' + getComputedStyle(arguments[0]).textDecorationLine;"  # noqa: E501
    dashed = 0
    for mark in visible_marks(driver):
        indices = [int(i) for i in (mark.get_attribute("data-fragments") or "").split()]
        in_quote = any(spans[i]["voice"] == "quote" for i in indices)
        decoration = driver.execute_script(style, mark)
        assert (decoration == "dashed underline") == in_quote, (mark.text, decoration)
        dashed += in_quote
    assert dashed
    # The hints say what the dashes mean, drawn the same way.
    keys = driver.find_elements(By.CSS_SELECTOR, ".quoted-key")
    assert keys and all(driver.execute_script(style, k) == "dashed underline" for k in keys)
    assert "underlined with dashes" in driver.find_element(By.ID, "voice-hint").text


def test_figures_give_each_voice_its_score_and_interval(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    summary = every_fragment(driver, demo_text)["summary"]
    author, quoted = summary["author"], summary["quoted"]
    slider = driver.find_element(By.ID, "threshold")
    driver.execute_script(
        "arguments[0].value = '0'; arguments[0].dispatchEvent(new Event('input'));"
        "arguments[0].dispatchEvent(new Event('change'));",
        slider,
    )
    wait(
        driver,
        lambda d: d.find_element(By.ID, "fragment-figures").text.startswith(
            f"{summary['fragments']} fragments"
        ),
    )
    assert (
        driver.find_element(By.ID, "score").text == f"Propaganda score: {percent(author['score'])}"
    )
    assert driver.find_element(By.ID, "figures").text == (
        f"in the author's voice (90% interval: {percent(author['score_low'])}–"
        f"{percent(author['score_high'])}), {author['flagged']} of {author['sentences']} "
        "sentences flagged"
    )
    assert driver.find_element(By.ID, "quoted-figures").text == (
        f"Quoted speech: {percent(quoted['score'])} (90% interval: {percent(quoted['score_low'])}"
        f"–{percent(quoted['score_high'])}), {quoted['flagged']} of {quoted['sentences']} "
        "sentences flagged"
    )
    assert (
        f"({author['fragments']} in the author's voice, {quoted['fragments']} quoted)"
        in driver.find_element(By.ID, "fragment-figures").text
    )
    meaning = driver.find_element(By.ID, "score-hint").text
    assert "estimated share of that voice's sentences" in meaning and "90% interval" in meaning


UNATTRIBUTED_QUOTE = (
    '\n\n\n\n"Nobody in this town was ever asked what it wanted, and nobody ever will be."\n'
)


def test_fragments_say_whose_voice_in_the_list_and_details(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    # Every quote of the demo has its speaker: a closing one that no one is said to have
    # spoken, set apart from them, gives a quoted fragment without one.
    text = demo_text + UNATTRIBUTED_QUOTE
    analyze_text(driver, base_url, text)
    spans = every_fragment(driver, text)["spans"]
    assert any(s["speaker"] for s in spans) and any(
        s["voice"] == "quote" and not s["speaker"] for s in spans
    )
    driver.find_element(By.ID, "threshold").send_keys(Keys.HOME)
    for item in driver.find_elements(By.CSS_SELECTOR, "#fragments li.fragment"):
        span = spans[int(item.get_attribute("data-fragment") or -1)]
        assert item.find_element(By.CSS_SELECTOR, ".fragment-voice").text == voice_label(span)
    named = next(i for i, s in enumerate(spans) if s["speaker"])
    mark = next(
        m
        for m in visible_marks(driver)
        if (m.get_attribute("data-fragments") or "").split()[0] == str(named)
    )
    mark.click()
    details = driver.find_element(By.ID, "details-body").text
    assert f"Voice: quoted — {spans[named]['speaker']}" in details
    assert f"quoted — {spans[named]['speaker']}" in (mark.get_attribute("title") or "")


def test_actors_list_techniques_used_apart_from_aimed_at(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    analyze_text(driver, base_url, demo_text)
    analysis = every_fragment(driver, demo_text)
    spans = analysis["spans"]
    speaker = next(a for a in analysis["actors"] if a["used"] and not a["fragments"])
    items = driver.find_elements(By.CSS_SELECTOR, "#actors li.actor")
    item = next(i for i in items if i.find_element(By.TAG_NAME, "strong").text == speaker["name"])
    assert not item.find_elements(By.CSS_SELECTOR, ".actor-fragments.aimed")
    used = item.find_element(By.CSS_SELECTOR, ".actor-fragments.used").text
    for i in speaker["used"]:
        assert spans[i]["text"] in used
    assert "Techniques it uses, in its quoted words:" in item.text


# In the demo every fragment near an actor is in that actor's own words (a speaker is no
# target of their own words), so the fragments aimed at an actor are read on this text.
AIMED_TEXT = (
    "Harbour council vote\n\nThe so-called moderate rebels have fled like sewage rats. "
    "Councillor Mara Vell is a corrupt liar and a traitor to every family in Port Alder."
)


def test_actors_list_techniques_aimed_at_them(driver: WebDriver, base_url: str) -> None:
    analyze_text(driver, base_url, AIMED_TEXT)
    analysis = every_fragment(driver, AIMED_TEXT)
    spans = analysis["spans"]
    items = driver.find_elements(By.CSS_SELECTOR, "#actors li.actor")
    aimed_at = next(a for a in analysis["actors"] if a["fragments"])
    item = next(i for i in items if i.find_element(By.TAG_NAME, "strong").text == aimed_at["name"])
    aimed = item.find_element(By.CSS_SELECTOR, ".actor-fragments.aimed").text
    assert all(spans[i]["text"] in aimed for i in aimed_at["fragments"])
    assert "Techniques aimed at it:" in item.text


def test_speaker_names_from_the_article_show_as_text(
    driver: WebDriver, base_url: str, demo_text: str
) -> None:
    driver.get(base_url + "/")
    name = '<img src=x onerror="window.__pwned=1"><b>Ivo</b>'
    # The answer is made to name a hostile speaker for every quoted fragment and actor.
    driver.execute_script(
        "const f = window.fetch; window.fetch = (url, options) => {"
        " if (url === 'v1/filter') return Promise.resolve(new Response("
        "   JSON.stringify(JSON.parse(options.body).analysis)));"
        " if (url !== 'v1/analyze') return f(url, options);"
        " return f(url, options).then((r) => r.json()).then((a) => {"
        "   for (const s of a.spans) if (s.voice === 'quote') s.speaker = arguments[0];"
        "   for (const q of a.quotes) q.speaker = arguments[0];"
        "   for (const x of a.actors) x.name = arguments[0];"
        "   return new Response(JSON.stringify(a)); }); };",
        name,
    )
    driver.execute_script("document.getElementById('text').value = arguments[0];", demo_text)
    driver.find_element(By.ID, "analyze").click()
    wait(driver, lambda d: d.find_element(By.ID, "results").is_displayed())
    driver.find_element(By.ID, "threshold").send_keys(Keys.HOME)
    for mark in driver.find_elements(By.CSS_SELECTOR, "#article mark.frag.on.quoted"):
        mark.click()
    assert driver.execute_script("return window.__pwned;") is None
    assert f"quoted — {name}" in driver.find_element(By.ID, "fragments").text
    assert f"Voice: quoted — {name}" in driver.find_element(By.ID, "details-body").text
    assert name in driver.find_element(By.ID, "actors").text
    for panel in ("fragments", "details-body", "actors", "quotes", "article"):
        assert not driver.find_elements(By.CSS_SELECTOR, f"#{panel} img, #{panel} b")


def test_quoted_sentences_are_marked(driver: WebDriver, base_url: str, demo_text: str) -> None:
    analyze_text(driver, base_url, demo_text)
    sentences = every_fragment(driver, demo_text)["sentences"]
    items = driver.find_elements(By.CSS_SELECTOR, "#sentences li.sentence")
    assert len(items) == len(sentences)
    marked = [bool(i.find_elements(By.CSS_SELECTOR, ".sentence-voice")) for i in items]
    assert marked == [s["voice"] == "quote" for s in sentences]
    assert any(marked) and not all(marked)


def test_quotes_say_their_kind_and_can_be_filtered_by_it(driver: WebDriver, base_url: str) -> None:
    text = (
        "Ana Ruiz said the bridge is safe. Ben Ode believes the bridge will fall. "
        "Cy Dunn refused to sign the deal.\n"
    )
    analyze_text(driver, base_url, text)

    def shown() -> list[tuple[str, str]]:
        items = driver.find_elements(By.CSS_SELECTOR, "#quotes li.quote")
        return [(q.find_element(By.CSS_SELECTOR, ".quote-speaker").text,
                 q.find_element(By.CSS_SELECTOR, ".quote-kind").text) for q in items]  # fmt: skip

    assert shown() == [("Ana Ruiz", "speech"), ("Ben Ode", "thought"), ("Cy Dunn", "other")]
    heading = driver.find_element(By.ID, "quotes-heading").text
    assert heading.endswith("(3: 1 speech, 1 thought, 1 other)")
    kind = driver.find_element(By.ID, "quote-kind")
    for value, expected in [
        ("other", ["Cy Dunn"]),
        ("speech", ["Ana Ruiz"]),
        ("thought", ["Ben Ode"]),
    ]:
        kind.find_element(By.CSS_SELECTOR, f'option[value="{value}"]').click()
        assert [who for who, _ in shown()] == expected
    kind.find_element(By.CSS_SELECTOR, 'option[value="all"]').click()
    assert len(shown()) == 3
    assert console_errors(driver) == []
