"""The terminal report: a readable, optionally coloured text rendering of one analysis.

It is drawn with rich into a string, so the same function serves a TTY (colour) and a pipe
(plain text). Article text is hostile: it only ever enters rich as ``Text`` objects (never as
markup), with control characters made visible so an article cannot drive the terminal.
Without colour, each fragment is marked at both ends with its number and technique code,
``[[3:LOAD|fragment|3:LOAD]]``, so overlapping, nested and crossing fragments read truthfully
(see :func:`marked_article`); the legend explains the codes, and the table of strongest
fragments gives the same numbers.
"""

from __future__ import annotations

import io
import re

from rich import box
from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from propscan.analysis import Analysis, Fragment
from propscan.quote_kinds import OTHER, kind_counts
from propscan.report.segments import describe, occurring, one_line, pieces, strongest
from propscan.report.statements import actor_views, check_worthy, quantity_label
from propscan.report.wording import voice_details, voice_label
from propscan.voice import QUOTE

WIDTH = 100

# Short codes marking fragments in plain output; readable at a glance, unlike numbers.
CODES: dict[str, str] = {
    "Appeal_to_Authority": "AUTH",
    "Appeal_to_fear-prejudice": "FEAR",
    "Bandwagon,Reductio_ad_hitlerum": "BAND",
    "Black-and-White_Fallacy": "BW",
    "Causal_Oversimplification": "CAUSE",
    "Doubt": "DOUBT",
    "Exaggeration,Minimisation": "EXAG",
    "Flag-Waving": "FLAG",
    "Loaded_Language": "LOAD",
    "Name_Calling,Labeling": "NAME",
    "Repetition": "REP",
    "Slogans": "SLOGAN",
    "Thought-terminating_Cliches": "CLICHE",
    "Whataboutism,Straw_Men,Red_Herring": "WHAT",
}

# C0 controls other than tab and newline, DEL, and C1 controls: an article must not be able to
# send escape sequences to the reader's terminal. Shown as Unicode control pictures (or U+FFFD).
# Then the invisible characters that reorder or hide what the reader sees: the bidirectional
# embeddings, overrides, isolates and marks (U+202E shows "gnp.exe" as "exe.png"), the line
# and paragraph separators and the interlinear annotation marks. Shown as <U+XXXX>.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufff9-\ufffb]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd" if code <= 0x9F else f"<U+{code:04X}>"


def safe(text: str) -> Text:
    """Article text as a rich ``Text``: no markup interpretation, no control characters, no
    bidirectional controls."""
    return Text(_CONTROL.sub(_visible, text))


def code(name: str) -> str:
    """The short code of a technique in plain output."""
    return CODES.get(name) or re.sub(r"[^A-Z]", "", name.upper())[:6] or "?"


def _style(name: str) -> Style:
    return Style(color="black", bgcolor=describe(name).colour)


def fragment_number(index: int) -> int:
    """The number a fragment is shown with: its position in ``Analysis.spans``, from 1."""
    return index + 1


def opening_marker(index: int, fragment: Fragment) -> str:
    """The marker before the first character of ``analysis.spans[index]``."""
    return f"[[{fragment_number(index)}:{code(fragment.technique)}|"


def closing_marker(index: int, fragment: Fragment) -> str:
    """The marker after the last character of ``analysis.spans[index]``."""
    return f"|{fragment_number(index)}:{code(fragment.technique)}]]"


def _markers(analysis: Analysis) -> tuple[dict[int, str], dict[int, str]]:
    """Closing and opening markers by offset.

    At one offset the fragments that end there close before those that start there open, so
    adjacent fragments read ``[[1:X|a|1:X]][[2:Y|b|2:Y]]``. Fragments that end together close
    innermost (latest opened) first, and fragments that start together open outermost (longest)
    first, so nested fragments nest in the text as they do in the article; crossing fragments
    cannot nest, and their numbers say which marker is whose.
    """
    ends: dict[int, list[tuple[int, Fragment]]] = {}
    starts: dict[int, list[tuple[int, Fragment]]] = {}
    for index, fragment in enumerate(analysis.spans):
        ends.setdefault(fragment.end, []).append((index, fragment))
        starts.setdefault(fragment.start, []).append((index, fragment))
    closing = {
        offset: "".join(
            closing_marker(i, f) for i, f in sorted(items, key=lambda x: (-x[1].start, -x[0]))
        )
        for offset, items in ends.items()
    }
    opening = {
        offset: "".join(
            opening_marker(i, f) for i, f in sorted(items, key=lambda x: (-x[1].end, x[0]))
        )
        for offset, items in starts.items()
    }
    return closing, opening


def marked_article(analysis: Analysis, colour: bool) -> Text:
    """The article text: with colour, each piece in its innermost fragment's colour; without,
    each fragment between its numbered, labelled markers (an opening and a closing one)."""
    closing, opening = _markers(analysis) if not colour else ({}, {})
    out = Text()
    furniture_noted = False
    for piece in pieces(analysis):
        out.append(closing.get(piece.start, ""))
        if piece.furniture and not furniture_noted and piece.text.strip():
            out.append("\n(site furniture, not analysed)\n", style="italic dim")
            furniture_noted = True
        out.append(opening.get(piece.start, ""))
        body = safe(piece.text)
        if piece.primary is not None and colour:
            body.stylize(_style(piece.primary.technique))
        elif piece.furniture:
            body.stylize("dim")
        out.append_text(body)
    out.append(closing.get(len(analysis.document.text), ""))
    return out


def _header(analysis: Analysis) -> Text:
    meta = analysis.document.metadata
    out = Text()
    out.append_text(safe(analysis.document.title or "(untitled)"))
    out.stylize("bold")
    for label, value in (
        ("source", meta.source),
        ("url", meta.url),
        ("date", meta.date),
        ("author", meta.author),
        ("model", analysis.model),
    ):
        if value:
            out.append(f"\n{label}: ", style="dim")
            out.append_text(safe(value))
    return out


def _score(analysis: Analysis) -> Text:
    s = analysis.summary
    out = Text()
    out.append(f"Propaganda score: {s.score:.0%}", style="bold")
    out.append(f" in the author's voice {voice_details(s.author)}")
    if s.quoted.sentences:
        out.append(f"\nQuoted speech: {s.quoted.score:.0%}")
        out.append(f" {voice_details(s.quoted)}")
    out.append(
        f"\n{s.fragments:,} fragment{'' if s.fragments == 1 else 's'} "
        f"({s.author.fragments:,} in the author's voice, {s.quoted.fragments:,} quoted), "
        f"{s.fragments_per_1000_words:,.2f} per 1,000 words ({s.words:,} words)"
    )
    for note in s.notes:
        start = len(out)
        out.append_text(safe(f"\nNote: {note}"))
        out.stylize("bold yellow", start)
    return out


def _legend(analysis: Analysis, colour: bool) -> Text:
    found = occurring(analysis)
    if not found:
        return Text("No propaganda techniques found.", style="italic")
    out = Text()
    out.append("Techniques found:", style="bold")
    for name, count in found:
        out.append("\n  ")
        if colour:
            out.append("    ", style=Style(bgcolor=describe(name).colour))
        else:
            out.append(f"{code(name):<6}")
        out.append(" ")
        out.append_text(safe(describe(name).label))
        out.append(f"  {count}", style="bold")
        quoted = analysis.summary.quoted.counts.get(name, 0)
        if quoted:
            out.append(f" ({count - quoted} author's, {quoted} quoted)", style="dim")
    if not colour:
        out.append(
            "\nIn the text, fragment 3 of technique LOAD reads [[3:LOAD|…|3:LOAD]].", style="dim"
        )
    return out


def _explanation(fragment: Fragment) -> Text:
    out = safe(f"“{one_line(fragment.text)}”")
    if fragment.voice == QUOTE:
        start = len(out)
        out.append_text(safe(f"  ({one_line(voice_label(fragment), 50)})"))
        out.stylize("italic", start)
    why = describe(fragment.technique).definition
    if fragment.cues:
        why = f"{why} cues: {', '.join(fragment.cues)}".strip()
    if why:
        out.append("\n")
        start = len(out)
        out.append_text(safe(why))
        out.stylize("dim", start)
    return out


def _section(name: str, shown: int, total: int, detail: str = "") -> Table:
    """A table of the report titled ``name (shown of total; detail)``, which says below it
    how many rows ``top`` left out."""
    left_out = total - shown
    return Table(
        title=f"{name} ({shown} of {total}{'; ' + detail if detail else ''})",
        caption=f"{left_out} more not listed (--top sets how many each table lists)"
        if left_out
        else None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption_justify="left",
    )


def _table(analysis: Analysis, top: int, colour: bool) -> Table | None:
    position = {id(f): i for i, f in enumerate(analysis.spans)}
    chosen = [(position[id(f)], f) for f in strongest(analysis, top)]
    if not chosen:
        return None
    table = _section("Strongest fragments", len(chosen), len(analysis.spans))
    table.add_column("#", justify="right", width=3)
    table.add_column("Technique", max_width=24)
    table.add_column("Conf.", justify="right", width=5)
    table.add_column("Fragment, and why")
    for index, fragment in chosen:
        label = safe(describe(fragment.technique).label)
        if colour:
            label.stylize(_style(fragment.technique))
        else:
            label.append(f" ({code(fragment.technique)})")
        table.add_row(
            str(fragment_number(index)),
            label,
            f"{fragment.confidence:.2f}",
            _explanation(fragment),
        )
    return table


def _claims(analysis: Analysis, top: int) -> Table | None:
    every = check_worthy(analysis)
    chosen = every[: max(top, 0)]
    if not chosen:
        return None
    table = _section("Check-worthy claims", len(chosen), len(every))
    table.add_column("Score", justify="right", width=5)
    table.add_column("Claim, and the numbers it states")
    for claim in chosen:
        body = safe(one_line(claim.text, 160))
        if claim.quantities:
            start = len(body)
            body.append_text(safe("\nnumbers: " + "; ".join(map(quantity_label, claim.quantities))))
            body.stylize("dim", start)
        table.add_row(f"{claim.score:.2f}", body)
    return table


def _quotes(analysis: Analysis, top: int) -> Table | None:
    shown = analysis.quotes[: max(top, 0)]
    if not shown:
        return None
    kinds = kind_counts(q.kind for q in analysis.quotes)
    table = _section("Quotes and attributions", len(shown), len(analysis.quotes), kinds)
    table.add_column("Who", max_width=24)
    table.add_column("Cue", max_width=14)
    table.add_column("Kind")
    table.add_column("What")
    for quote in shown:
        who = quote.speaker or (quote.source.text if quote.source else "(unknown)")
        cue = quote.cue.text if quote.cue else ""
        content = one_line(quote.content.text, 160)
        # An act or plan is not words a speaker can be held to: shown, but dimmed.
        style = "dim" if quote.kind == OTHER else None
        table.add_row(safe(one_line(who, 40)), safe(cue), quote.kind, safe(content), style=style)
    return table


def _actors(analysis: Analysis, top: int) -> Table | None:
    views = actor_views(analysis, max(top, 0))
    if not views:
        return None
    table = _section("Actors", len(views), len(analysis.actors))
    table.add_column("Actor", max_width=28)
    table.add_column("Named", justify="right", width=5)
    table.add_column("Quoted", justify="right", width=6)
    table.add_column("Described as, techniques aimed at it, and those it uses when quoted")
    for view in views:
        actor = view.actor
        name = safe(one_line(actor.name, 40))
        start = len(name)
        name.append_text(safe(f" ({actor.kind})"))
        name.stylize("dim", start)
        described = safe("; ".join(f"“{one_line(label, 40)}”" for label in view.labels[:6]))
        for technique, text in view.techniques[:4]:
            described.append("\n")
            start = len(described)
            described.append_text(safe(f"{describe(technique).label}: “{one_line(text, 60)}”"))
            described.stylize("dim", start)
        for technique, text in view.used[:4]:
            described.append("\n")
            start = len(described)
            described.append_text(safe(f"uses {describe(technique).label}: “{one_line(text, 60)}”"))
            described.stylize("dim italic", start)
        table.add_row(name, str(len(actor.mentions)), str(len(actor.quotes)), described)
    return table


def render_terminal(analysis: Analysis, *, colour: bool | None = None, top: int = 10) -> str:
    """The terminal report as a string.

    Args:
        analysis: The analysis to show.
        colour: ``True`` for ANSI colour, ``False`` for plain text, ``None`` to colour only
            when standard output is a terminal that supports it (rich's detection, which
            honours ``NO_COLOR`` and ``FORCE_COLOR``).
        top: How many rows each table lists: the most confident fragments, the check-worthy
            claims (highest score first), the quotes (in text order) and the actors (most
            mentioned first). Each table's title says how many of how many it lists.
    """
    if colour is None:
        probe = Console()
        colour = probe.color_system is not None and not probe.no_color
    console = Console(
        file=io.StringIO(),
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        no_color=not colour,
        width=WIDTH,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    parts: list[RenderableType] = [
        _header(analysis),
        Text(),
        _score(analysis),
        _legend(analysis, colour),
        Text(),
        marked_article(analysis, colour),
    ]
    for table in (
        _table(analysis, top, colour),
        _claims(analysis, top),
        _quotes(analysis, top),
        _actors(analysis, top),
    ):
        if table is not None:
            parts.extend([Text(), table])
    console.print(Group(*parts))
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()
