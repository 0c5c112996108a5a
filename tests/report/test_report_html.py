"""The HTML report: self-contained, escaped, and faithful to the article text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from propscan.analysis import Actor, Analysis, Fragment, Span
from propscan.document import Document, Metadata
from propscan.report import render
from propscan.report.html import CSP, render_article
from propscan.report.segments import slug
from propscan.report.wording import SCORE_MEANING
from propscan.taxonomy import TECHNIQUE_NAMES, technique

# Every element the report itself writes; anything else came from the article.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "dl", "dt", "dd", "p",
    "strong", "em", "ul", "li", "span", "div", "mark", "table", "thead", "tbody", "tr", "th",
    "td", "br",
}  # fmt: skip


class Page(HTMLParser):
    """Collects the tags of a page and the text inside each ``<mark>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[dict[str, str | None]] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self._mark: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.append(dict(attrs))
        if tag == "mark":
            self._mark, self._text = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark, "".join(self._text)))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def test_article_markup_is_escaped_everywhere(hostile: Analysis) -> None:
    out = render(hostile, "html")
    assert "<script" not in out.lower()
    assert "<img" not in out.lower()
    assert html.escape("<script>alert(1)</script>") in out
    assert html.escape('"><img src=x onerror=alert(1)>', quote=True) in out
    assert html.escape('<img src=x onerror=alert("t")>', quote=True) in out
    page = parse(out)
    assert set(page.tags) <= ALLOWED_TAGS
    assert not any("onerror" in attrs or "src" in attrs for attrs in page.attributes)


def test_speaker_names_are_escaped_everywhere(voiced: Analysis) -> None:
    speaker = voiced.quotes[0].speaker or ""
    out = render(voiced, "html")
    assert "<img" not in out.lower() and "<script" not in out.lower() and "<i>" not in out
    # In the fragment table, the quotes and actors tables, and the highlights' tooltips.
    assert out.count(html.escape(speaker, quote=True)) >= 5
    page = parse(out)
    assert set(page.tags) <= ALLOWED_TAGS
    assert not any("onerror" in attrs or "src" in attrs for attrs in page.attributes)
    titles = [a["title"] or "" for a, _ in page.marks]
    assert any(f"quoted — {speaker}" in title for title in titles)


def test_page_is_self_contained_with_a_csp(hostile: Analysis) -> None:
    out = render(hostile, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in out
    assert "default-src 'none'" in CSP and "style-src 'unsafe-inline'" in CSP
    assert "script-src" not in CSP
    head = out[: out.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<style>")
    # Nothing to load: no element of the page has a src or href attribute.
    assert not any({"src", "href"} & set(attrs) for attrs in parse(out).attributes)
    assert "white-space: pre-wrap" in out


def test_every_fragment_is_inside_marks(hostile: Analysis) -> None:
    page = parse(render(hostile, "html"))
    for i, span in enumerate(hostile.spans):
        covering = [
            (attrs, text)
            for attrs, text in page.marks
            if f"f{i}" in (attrs["data-fragments"] or "").split()
        ]
        # Segments cut at every boundary: a fragment's marks, in order, spell its text.
        assert "".join(text for _, text in covering) == span.text
        info = technique(span.technique)
        assert all(info.label in (attrs["title"] or "") for attrs, _ in covering)
        assert any(f"({span.confidence:.2f})" in (attrs["title"] or "") for attrs, _ in covering)
        assert any(info.definition in (attrs["title"] or "") for attrs, _ in covering)


def test_unoverlapped_fragment_is_one_escaped_mark(hostile: Analysis) -> None:
    out = render(hostile, "html")
    span = next(s for s in hostile.spans if s.technique == "Loaded_Language")
    assert re.search(rf"<mark [^>]*>{re.escape(html.escape(span.text))}</mark>", out)
    assert 'class="t-loaded-language"' in out


def test_overlaps_show_the_innermost_and_keep_the_outer(hostile: Analysis) -> None:
    page = parse(render(hostile, "html"))
    attrs = next(a for a, t in page.marks if t == "corrupt elite")
    assert (attrs["class"] or "").split()[0] == "t-name-calling-labeling"
    assert "u-appeal-to-fear-prejudice" in (attrs["class"] or "")
    assert attrs["data-techniques"] == "Name_Calling,Labeling Appeal_to_fear-prejudice"


def test_furniture_is_dimmed_and_metadata_escaped(hostile: Analysis) -> None:
    out = render(hostile, "html")
    furniture = hostile.document.text[hostile.document.article_end :]
    assert f'<span class="furniture">{html.escape(furniture)}</span>' in out
    assert "(site furniture, not analysed)" in out
    assert html.escape("https://example.org/a?b=<c>") in out
    assert "[red]Mallory[/]" in out


def legend_rows(page: str) -> dict[str, tuple[int, int]]:
    """Technique label -> (author's voice, quoted speech) counts, from the legend table."""
    legend = page[page.index('<table class="legend">') : page.index("</table>")]
    rows = re.findall(
        r'<tr><td><span class="tag[^>]*>[^<]*</span>([^<]*)</td>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>',
        legend,
    )
    return {html.unescape(label): (int(a), int(q)) for label, a, q in rows}


def test_legend_and_figures(hostile: Analysis) -> None:
    out = render(hostile, "html")
    found = {name: n for name, n in hostile.summary.counts.items() if n}
    assert legend_rows(out) == {technique(name).label: (n, 0) for name, n in found.items()}
    assert f"Propaganda score: {hostile.summary.score:.0%}</strong> in the author's voice" in out


def test_legend_counts_each_voice_apart(voiced: Analysis) -> None:
    out = render(voiced, "html")
    author, quoted = voiced.summary.author.counts, voiced.summary.quoted.counts
    expected = {
        technique(name).label: (author[name], quoted[name])
        for name in author
        if author[name] or quoted[name]
    }
    assert legend_rows(out) == expected
    # Name calling occurs in both voices, once each.
    assert expected[technique("Name_Calling,Labeling").label] == (1, 1)
    assert headings(out)["th"][:4] == ["Technique", "Author's voice", "Quoted speech", "What it is"]


def test_figures_give_each_voice_its_score_and_interval(voiced: Analysis) -> None:
    out = render(voiced, "html")
    author, quoted = voiced.summary.author, voiced.summary.quoted
    assert (author.flagged, author.sentences) != (quoted.flagged, quoted.sentences)
    assert (
        f"Propaganda score: {author.score:.0%}</strong> in the author's voice (90% interval: "
        f"{author.score_low:.0%}–{author.score_high:.0%}), {author.flagged} of "
        f"{author.sentences} sentences flagged"
    ) in out
    assert (
        f"Quoted speech: {quoted.score:.0%} (90% interval: {quoted.score_low:.0%}–"
        f"{quoted.score_high:.0%}), {quoted.flagged} of {quoted.sentences} sentences flagged"
    ) in out
    assert "6 fragments (3 in the author's voice, 3 quoted)" in out
    # What the score means, said under it.
    assert html.escape(SCORE_MEANING, quote=False) in out
    assert "estimated share of that voice's sentences" in SCORE_MEANING
    assert "wide interval" in SCORE_MEANING


def test_figures_say_when_there_is_no_quoted_speech(hostile: Analysis) -> None:
    assert hostile.summary.quoted.sentences == 0
    assert "Quoted speech: no direct quotation found" in render(hostile, "html")


def test_fragment_table_says_whose_voice(voiced: Analysis) -> None:
    speaker = voiced.quotes[0].speaker or ""
    out = render(voiced, "html")
    assert headings(out)["th"][4:8] == ["Technique", "Conf.", "Voice", "Text"]
    for i, f in enumerate(voiced.spans):
        row = re.search(rf'<tr id="f{i}">.*?</tr>', out)
        assert row
        voice = re.search(r'<td class="voice">([^<]*)</td>', row.group())
        assert voice
        if f.voice == "author":
            assert voice.group(1) == "author"
        elif f.speaker:
            assert html.unescape(voice.group(1)) == f"quoted — {speaker}"
        else:
            assert voice.group(1) == "quoted, speaker unknown"
    assert [f.voice for f in voiced.spans].count("quote") == 3
    assert sum(f.voice == "quote" and f.speaker is None for f in voiced.spans) == 1


def test_quoted_fragments_are_underlined_with_dashes(voiced: Analysis) -> None:
    out = render(voiced, "html")
    assert re.search(r"\.article mark\.quoted[^{]*\{[^}]*underline dashed", out)
    marks = parse(out).marks
    for attrs, _ in marks:
        indices = [int(i[1:]) for i in (attrs["data-fragments"] or "").split()]
        in_quote = any(voiced.spans[i].voice == "quote" for i in indices)
        assert ("quoted" in (attrs["class"] or "").split()) == in_quote
    assert any("quoted" in (a["class"] or "") for a, _ in marks)
    assert any("quoted" not in (a["class"] or "") for a, _ in marks)
    # The legend says what the dashes mean, drawn the same way.
    assert '<span class="quoted-key">underlined with dashes</span>' in out


def test_text_without_fragments_or_furniture(build: Callable[..., Analysis]) -> None:
    analysis = build("Calm & quiet.\n\nNothing here.", [])
    out = render(analysis, "html")
    assert "<mark" not in out and 'class="furniture"' not in out
    assert "No propaganda techniques found." in out
    assert render_article(analysis) == "Calm &amp; quiet.\n\nNothing here."


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    text = draw(st.text(min_size=1, max_size=80))
    document = Document.create(text, article_end=draw(st.integers(0, len(text))))
    fragments = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        name = draw(st.sampled_from([*TECHNIQUE_NAMES, "<Custom>&\"'"]))
        confidence = draw(st.floats(0, 1))
        fragments.append(Fragment(start, end, text[start:end], name, confidence, "h"))
    return Analysis.build(document, fragments, [], "m", 0.5)


TAG = re.compile(r"<[^>]*>")


@given(analyses())
def test_segments_reproduce_the_text_exactly(analysis: Analysis) -> None:
    article = render_article(analysis)
    assert html.unescape(TAG.sub("", article)) == analysis.document.text
    page = render(analysis, "html")
    assert article in page
    marks = parse(page).marks
    for i, span in enumerate(analysis.spans):
        covering = (t for a, t in marks if f"f{i}" in (a["data-fragments"] or "").split())
        assert "".join(covering) == span.text


def test_claims_quotes_and_actors_have_sections(hostile: Analysis) -> None:
    out = render(hostile, "html")
    worthy = sum(c.verdict == 1 for c in hostile.claims)
    assert f"Check-worthy claims ({worthy} of {len(hostile.claims)} sentences)" in out
    # The hostile quote's cue ("Click") is no verb of speech or thought: counted, and its row
    # marked, as another kind.
    assert "Quotes and attributions (1: 1 other)" in out
    assert '<tr id="q0" class="other">' in out and "<td>other, reported</td>" in out
    assert "Actors (1)" in out
    assert html.escape("<script>elite</script>") in out
    assert html.escape("<i>The corrupt elite</i> [bold]x[/]") in out
    # The strongest claim first, and its number with its unit, escaped.
    claims = out[out.index("Check-worthy claims") :]
    assert claims.index("0.91") < claims.index("0.55")
    assert html.escape("over 1 <b>") in claims


class Headings(HTMLParser):
    """The text of the ``<h1>``, the ``<title>`` and every table header cell of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, list[str]] = {"h1": [], "title": [], "th": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.text:
            self._open = tag
            self.text[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text[self._open][-1] += data


def headings(page: str) -> dict[str, list[str]]:
    parser = Headings()
    parser.feed(page)
    parser.close()
    return parser.text


LONG_FIRST_PARAGRAPH = (
    "The United States has been arming and training terrorist groups for a long time in "
    "Syria, including Aleppo. ISIS itself has received weapons and warnings from US sources."
)


def test_title_is_the_first_line_cut_at_a_word(build: Callable[..., Analysis]) -> None:
    analysis = build(LONG_FIRST_PARAGRAPH + "\n\nSecond paragraph.", [])
    out = render(analysis, "html")
    (title,) = headings(out)["h1"]
    assert title.endswith("…") and len(title) <= 100
    stem = title[:-1]
    assert LONG_FIRST_PARAGRAPH.startswith(stem)
    assert LONG_FIRST_PARAGRAPH[len(stem)] in " ,"  # cut between words, not inside one
    assert headings(out)["title"] == [f"propscan: {title}"]
    # The whole paragraph is still there, in the article.
    assert html.escape(LONG_FIRST_PARAGRAPH) in render_article(analysis)


def test_title_from_metadata_is_shortened_and_escaped(build: Callable[..., Analysis]) -> None:
    metadata = Metadata(title="<b>Short</b> & plain")
    out = render(build(LONG_FIRST_PARAGRAPH, [], metadata), "html")
    assert headings(out)["h1"] == ["<b>Short</b> & plain"]
    assert "<h1>&lt;b&gt;Short&lt;/b&gt; &amp; plain</h1>" in out


def test_every_fragment_carries_its_code_on_its_last_piece(hostile: Analysis) -> None:
    out = render(hostile, "html")
    assert "content: attr(data-label)" in out  # the label is shown, not only stored
    marks = parse(out).marks
    for i, span in enumerate(hostile.spans):
        covering = [a for a, _ in marks if f"f{i}" in (a["data-fragments"] or "").split()]
        last = covering[-1]
        assert technique(span.technique).code in (last["data-label"] or "").split()
        # The label also says what the code stands for, in the tooltip.
        assert technique(span.technique).label in (last["title"] or "")
    labels = sum(len((a.get("data-label") or "").split()) for a, _ in marks)
    assert labels == len(hostile.spans)


def test_legend_shows_each_code_on_its_colour(hostile: Analysis) -> None:
    out = render(hostile, "html")
    legend = out[out.index('<table class="legend">') : out.index("</table>")]
    for name, count in hostile.summary.counts.items():
        if count:
            t = technique(name)
            assert f'<span class="tag t-{slug(name)}" title="{html.escape(t.label)}">' in legend
            assert f">{t.code}</span>" in legend


def test_tables_show_no_offsets_or_detector(hostile: Analysis) -> None:
    out = render(hostile, "html")
    columns = headings(out)["th"]
    assert "Detector" not in columns and "Start" not in columns and "End" not in columns
    fragments = columns[columns.index("Conf.") - 1 :]
    assert fragments[:4] == ["Technique", "Conf.", "Voice", "Text"]
    assert "<td>test</td>" not in out  # the fixture's detector name
    # The offsets stay in the JSON.
    assert all({"start", "end", "detector"} <= s.keys() for s in hostile.to_dict()["spans"])


def test_actor_fragment_that_is_a_quotation_is_quoted_once(
    build: Callable[..., Analysis],
) -> None:
    text = "“There can be no impunity for those responsible,” the government said."
    analysis = build(text, [("“There can be no impunity", "Loaded_Language", 0.5)])
    mention = Span(text.index("government"), text.index(" said"), "government")
    actor = Actor("government", "organisation", (mention,), (), (0,), ())
    out = render(replace(analysis, actors=(actor,)), "html")
    actors = out[out.index("Actors (1)") :]
    assert "““" not in actors
    assert f"Loaded language: {html.escape('“There can be no impunity”')}" in actors


def test_actors_techniques_used_apart_from_aimed_at(voiced: Analysis) -> None:
    speaker = voiced.quotes[0].speaker or ""
    out = render(voiced, "html")
    columns = headings(out)["th"]
    assert "Described as, and techniques aimed at it" in columns
    assert "Techniques used by it, in its quoted words" in columns
    table = out[out.index("Actors (2)") :]
    rows = re.findall(
        r"<tr><td>(.*?)</td>.*?<td class=\"text\">(.*?)</td><td class=\"text\">(.*?)</td>", table
    )
    cells = {html.unescape(name): (aimed, used) for name, aimed, used in rows}
    aimed, used = cells[speaker]
    # The chairman's own words are techniques he uses, not ones aimed at him.
    assert aimed == ""
    assert html.escape("“traitors <script>alert(2)</script>”") in used
    assert "Appeal to fear or prejudice: “will burn us all”" in used
    aimed, used = cells["<b>mayor</b>"]
    assert "Loaded language: " in aimed and used == ""
