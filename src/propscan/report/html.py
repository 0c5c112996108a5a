"""The HTML report: one self-contained, offline HTML5 file for one analysis.

No external resources and no script; a Content-Security-Policy forbids remote loads anyway.
Everything derived from the article goes through :func:`html.escape` with ``quote=True``.
Overlapping fragments are rendered by cutting the text into segments at every boundary
(:func:`propscan.report.segments.pieces`): each segment is one ``<mark>`` listing the
fragments that cover it, so markup never has to nest or cross. A segment of a fragment in
quoted speech has a dashed underline (class ``quoted``); the figures, the legend and the tables
keep the author's voice apart from quoted speech.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from propscan.analysis import Analysis, Fragment
from propscan.quote_kinds import kind_counts
from propscan.report.segments import Piece, describe, occurring, pieces, slug
from propscan.report.statements import actor_views, check_worthy, quantity_label
from propscan.report.wording import (
    KIND_MEANING,
    SCORE_MEANING,
    quoted,
    short_title,
    voice_details,
    voice_label,
)
from propscan.taxonomy import TECHNIQUES
from propscan.voice import QUOTE

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_BASE_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; background: #fff; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; color: #555; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.figures { font-size: 1.1rem; }
ul.legend { list-style: none; padding: 0; }
ul.legend li { margin: .2rem 0; }
.tag { display: inline-block; min-width: 2.6em; margin-right: .4em; padding: 0 .3em;
       border: 1px solid #888; border-radius: 3px; color: #000; text-align: center;
       font: 700 .7rem/1.5 system-ui, sans-serif; letter-spacing: .03em; }
.article { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ddd;
           padding: 1rem; font-family: Georgia, serif; }
.article mark { color: #000; border-radius: 2px; }
.article mark.multi { border-bottom-width: 3px; border-bottom-style: solid; }
/* Quoted speech: a dashed underline, apart from the solid border of a second technique. */
.article mark.quoted, .quoted-key { text-decoration: underline dashed #333;
  text-decoration-thickness: 1.5px; text-underline-offset: .22em; }
/* The code of each fragment ending here: generated content, so the article text stays
   exactly the text (copying it takes no labels), yet it is shown and read out. */
.article mark[data-label]::after { content: attr(data-label); margin-left: .2em;
  padding: 0 .15em; font: 700 .62em/1 system-ui, sans-serif; letter-spacing: .03em;
  vertical-align: .2em; border-left: 1px solid rgba(0, 0, 0, .35);
  display: inline-block; } /* an inline block takes no underline from its mark */
.furniture { color: #999; }
.furniture::before { content: "(site furniture, not analysed)"; display: block;
                     font-style: italic; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #ddd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td.voice { max-width: 11rem; overflow-wrap: anywhere; font-size: .9em; }
.def { color: #555; font-size: .9em; }
tr.other td { color: #777; }
table.legend td.def { font-size: .85em; }
"""


def _e(value: object, quote: bool = True) -> str:
    return html.escape(str(value), quote=quote)


def _code(name: str) -> str:
    """The short code of a technique (a stand-in made from its name when it has none)."""
    return describe(name).code or re.sub(r"[^A-Z]", "", name.upper())[:6] or "?"


def _tag(name: str) -> str:
    """A technique's code on its colour, as the highlights' labels show it."""
    label = _e(describe(name).label)
    return f'<span class="tag t-{slug(name)}" title="{label}">{_e(_code(name))}</span>'


def _css(analysis: Analysis) -> str:
    names = {t.name for t in TECHNIQUES} | {f.technique for f in analysis.spans}
    rules = [_BASE_CSS]
    for name in sorted(names):
        colour = describe(name).colour
        rules.append(
            f".t-{slug(name)} {{ background: {colour}; }} "
            f".u-{slug(name)} {{ border-bottom-color: {colour}; }}"
        )
    return "\n".join(rules)


def _tooltip(fragments: tuple[Fragment, ...]) -> str:
    lines = []
    for f in fragments:
        info = describe(f.technique)
        line = f"{info.label} ({f.confidence:.2f})"
        if f.voice == QUOTE:
            line += f", {voice_label(f)}"
        if info.definition:
            line += f": {info.definition}"
        if f.cues:
            line += f" cues: {', '.join(f.cues)}"
        lines.append(line)
    return "\n".join(lines)


def _segment(piece: Piece) -> str:
    text = _e(piece.text)
    primary = piece.primary
    if primary is None:
        return text
    classes = [f"t-{slug(primary.technique)}"]
    # A second technique under the first shows as a coloured underline.
    others = [f for f in piece.fragments[1:] if f.technique != primary.technique]
    if others:
        classes += ["multi", f"u-{slug(others[0].technique)}"]
    if any(f.voice == QUOTE for f in piece.fragments):
        classes.append("quoted")
    techniques = " ".join(dict.fromkeys(f.technique for f in piece.fragments))
    fragment_ids = " ".join(f"f{i}" for i in piece.indices)
    # Each fragment is labelled once, on its last piece.
    ending = dict.fromkeys(_code(f.technique) for f in piece.fragments if f.end == piece.end)
    label = f' data-label="{_e(" ".join(ending))}"' if ending else ""
    return (
        f'<mark class="{_e(" ".join(classes))}" data-techniques="{_e(techniques)}" '
        f'data-fragments="{fragment_ids}"{label} title="{_e(_tooltip(piece.fragments))}">'
        f"{text}</mark>"
    )


def render_article(analysis: Analysis) -> str:
    """The article text as HTML: one ``<mark>`` per covered segment, furniture in a span.

    Stripping the tags and unescaping the entities gives back ``document.text`` exactly.
    """
    out = []
    in_furniture = False
    for piece in pieces(analysis):
        if piece.furniture and not in_furniture:
            out.append('<span class="furniture">')
            in_furniture = True
        out.append(_segment(piece))
    if in_furniture:
        out.append("</span>")
    return "".join(out)


def _meta(analysis: Analysis) -> str:
    meta = analysis.document.metadata
    rows = [
        f"<dt>{label}</dt><dd>{_e(value)}</dd>"
        for label, value in (
            ("Source", meta.source),
            ("URL", meta.url),
            ("Date", meta.date),
            ("Author", meta.author),
            ("Model", analysis.model),
        )
        if value
    ]
    return f'<dl class="meta">{"".join(rows)}</dl>' if rows else ""


def _figures(analysis: Analysis) -> str:
    s = analysis.summary
    quoted_speech = (
        f"Quoted speech: {s.quoted.score:.0%} {voice_details(s.quoted)}"
        if s.quoted.sentences
        else "Quoted speech: no direct quotation found"
    )
    return (
        f'<p class="figures"><strong>Propaganda score: {s.score:.0%}</strong> in the '
        f"author's voice {voice_details(s.author)}<br>{quoted_speech}<br>"
        f"{s.fragments:,} fragment{'' if s.fragments == 1 else 's'} "
        f"({s.author.fragments:,} in the author's voice, {s.quoted.fragments:,} quoted), "
        f"{s.fragments_per_1000_words:,.2f} per 1,000 words ({s.words:,} words)</p>"
        f'<p class="def">{_e(SCORE_MEANING, quote=False)}</p>'
        + "".join(f'<p class="note">Note: {html.escape(note)}</p>' for note in s.notes)
    )


def _legend(analysis: Analysis) -> str:
    found = occurring(analysis)
    if not found:
        return "<p><em>No propaganda techniques found.</em></p>"
    in_quotes = Counter(f.technique for f in analysis.spans if f.voice == QUOTE)
    rows = [
        f"<tr><td>{_tag(name)}{_e(describe(name).label)}</td>"
        f'<td class="num">{count - in_quotes[name]}</td><td class="num">{in_quotes[name]}</td>'
        f'<td class="def">{_e(describe(name).definition)}</td></tr>'
        for name, count in found
    ]
    head = "".join(
        f"<th>{c}</th>" for c in ("Technique", "Author's voice", "Quoted speech", "What it is")
    )
    return (
        "<h2>Techniques found</h2>"
        '<p class="def">Fragments in quoted speech (inside a direct quotation) are '
        '<span class="quoted-key">underlined with dashes</span> in the article; the others are '
        "in the author's own voice.</p>"
        f'<table class="legend"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table>"
    )


def _table(analysis: Analysis) -> str:
    if not analysis.spans:
        return ""
    rows = []
    for i, f in enumerate(analysis.spans):
        info = describe(f.technique)
        cues = f'<br><span class="def">cues: {_e(", ".join(f.cues))}</span>' if f.cues else ""
        rows.append(
            f'<tr id="f{i}"><td>{_tag(f.technique)}{_e(info.label)}</td>'
            f'<td class="num">{f.confidence:.2f}</td><td class="voice">{_e(voice_label(f))}</td>'
            f'<td class="text">{_e(f.text)}{cues}</td></tr>'
        )
    # Offsets and the detector's name are in the JSON; a reader needs neither.
    return _section("Fragments", ("Technique", "Conf.", "Voice", "Text"), rows)


def _claims(analysis: Analysis) -> str:
    claims = check_worthy(analysis)
    if not claims:
        return ""
    rows = []
    for c in claims:
        numbers = "; ".join(quantity_label(q) for q in c.quantities)
        rows.append(
            f'<tr><td class="num">{c.score:.2f}</td>'
            f'<td class="text">{_e(c.text)}</td><td>{_e(numbers)}</td></tr>'
        )
    return _section(
        f"Check-worthy claims ({len(claims)} of {len(analysis.claims)} sentences)",
        ("Score", "Claim", "Numbers"),
        rows,
    )


def _quotes(analysis: Analysis) -> str:
    if not analysis.quotes:
        return ""
    rows = []
    for i, q in enumerate(analysis.quotes):
        source = q.source.text if q.source else ""
        rows.append(
            f'<tr id="q{i}" class="{q.kind}"><td>{_e(q.speaker or "")}</td><td>{_e(source)}</td>'
            f"<td>{_e(q.cue.text if q.cue else '')}</td>"
            f'<td class="text">{_e(q.content.text)}</td>'
            f"<td>{q.kind}, {'direct' if q.direct else 'reported'}</td></tr>"
        )
    kinds = kind_counts(q.kind for q in analysis.quotes)
    return (
        _section(
            f"Quotes and attributions ({len(analysis.quotes)}: {kinds})",
            ("Speaker", "Source", "Cue", "Content", "Kind"),
            rows,
        )
        + f'<p class="def">{_e(KIND_MEANING)}</p>'
    )


def _actors(analysis: Analysis) -> str:
    views = actor_views(analysis)
    if not views:
        return ""
    rows = []
    for view in views:
        a = view.actor
        labels = "; ".join(view.labels)
        aimed, used = (
            [f"{_tag(t)}{_e(describe(t).label)}: {_e(quoted(text))}" for t, text in ts]
            for ts in (view.techniques, view.used)
        )
        described = "<br>".join(([_e(labels)] if labels else []) + aimed)
        rows.append(
            f"<tr><td>{_e(a.name)}</td><td>{_e(a.kind)}</td>"
            f'<td class="num">{len(a.mentions)}</td><td class="num">{len(a.quotes)}</td>'
            f'<td class="text">{described}</td><td class="text">{"<br>".join(used)}</td></tr>'
        )
    return _section(
        f"Actors ({len(views)})",
        (
            "Actor",
            "Kind",
            "Named",
            "Quoted",
            "Described as, and techniques aimed at it",
            "Techniques used by it, in its quoted words",
        ),
        rows,
    )


def _section(title: str, columns: tuple[str, ...], rows: list[str]) -> str:
    """A titled table; ``rows`` are ``<tr>`` elements whose cells are escaped already."""
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    return (
        f"<h2>{_e(title)}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(analysis: Analysis) -> str:
    """The whole report as one self-contained HTML5 document."""
    title = short_title(analysis.document)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>propscan: {_e(title)}</title>",
            f"<style>{_css(analysis)}</style>",
            "</head>",
            "<body>",
            f"<h1>{_e(title)}</h1>",
            _meta(analysis),
            _figures(analysis),
            _legend(analysis),
            "<h2>Article</h2>",
            f'<div class="article">{render_article(analysis)}</div>',
            _table(analysis),
            _claims(analysis),
            _quotes(analysis),
            _actors(analysis),
            "</body>",
            "</html>",
            "",
        ]
    )
