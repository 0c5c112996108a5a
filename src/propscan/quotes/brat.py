"""Reading and writing attributions in the brat standoff form of PolNeAR.

A PolNeAR ``.ann`` file has text-bound rows ``T<n>\\t<Type> <start> <end>[;<start> <end>...]\\t
<text>`` of the types ``Source``, ``Cue`` and ``Content`` (a discontinuous span lists its
fragments separated by ``;`` and its text joins them with one space), an ``Attribution``
trigger row on the cue's offsets, and an event row
``E<n>\\tAttribution:T<trigger> Content:T<c> Cue:T<q> Source:T<s>`` tying them together.
Offsets are characters of the text file as read (UTF-8, byte-order mark and ``\\r\\n`` kept).
Other rows (``Discard``, ``Discuss``, notes) are ignored when reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from propscan.errors import LabelFormatError, PropscanError

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: its content, cue and source as fragment lists (empty when absent)."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()


def _fragments(offsets: str, where: str) -> Fragments:
    try:
        frags = tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))
    except ValueError:
        raise LabelFormatError(f"{where}: bad offsets {offsets!r}") from None
    if any(not 0 <= s <= e for s, e in frags):
        raise LabelFormatError(f"{where}: offsets {offsets!r} are not 0 <= start <= end")
    return frags


def parse_ann(text: str, name: str = "<ann>") -> list[Attribution]:
    """The attributions of one ``.ann`` file's text.

    Raises:
        LabelFormatError: A text-bound row with unreadable offsets.
    """
    bound: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        where = f"{name}:{number}"
        if cols[0].startswith("T"):
            kind, _, offsets = cols[1].partition(" ")
            if kind in ("Source", "Cue", "Content", "Attribution"):
                bound[cols[0]] = (kind, _fragments(offsets, where))
        elif cols[0].startswith("E"):
            args = dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg)
            events.append(args)
    out = []
    for args in events:
        roles = {
            role: bound[ref][1]
            for role, ref in args.items()
            if role in ("Source", "Cue", "Content") and ref in bound
        }
        if roles.get("Content"):
            out.append(Attribution(roles["Content"], roles.get("Cue", ()), roles.get("Source", ())))
    return out


def read_ann(path: str | Path) -> list[Attribution]:
    """The attributions of one ``.ann`` file."""
    return parse_ann(Path(path).read_text(encoding="utf-8"), str(path))


def read_folder(folder: str | Path) -> Iterator[tuple[str, str, str, list[Attribution]]]:
    """(annotation file stem, article name, article text, attributions) for every ``.ann``
    in ``folder/attributions`` whose ``folder/text/NAME.txt`` exists, by file name.

    PolNeAR names annotation files ``NAME_ANNOTATOR.ann``, one per annotator. Texts are
    decoded as they are (no newline translation): the offsets count the file's characters.
    """
    root = Path(folder)
    texts: dict[str, str] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name not in texts:
            path = root / "text" / f"{name}.txt"
            if not path.is_file():
                continue
            texts[name] = path.read_bytes().decode("utf-8")
        yield ann.stem, name, texts[name], read_ann(ann)


def read_parts(
    folders: Iterable[str | Path],
) -> list[list[tuple[str, str, str, list[Attribution]]]]:
    """:func:`read_folder` of each folder (PolNeAR's train and dev: the shipped cue models
    learn from both, folded part by part). An article named in two folders is an error,
    since its annotations would count twice."""
    seen: dict[str, Path] = {}
    parts = []
    for folder in map(Path, folders):
        part = list(read_folder(folder))
        for _, name, _, _ in part:
            if name in seen and seen[name] != folder:
                raise PropscanError(f"{name}: in both {seen[name]} and {folder}")
            seen[name] = folder
        parts.append(part)
    return parts


def read_folders(
    folders: Iterable[str | Path],
) -> Iterator[tuple[str, str, str, list[Attribution]]]:
    """The items of :func:`read_parts`, one folder after another."""
    for part in read_parts(folders):
        yield from part


def _row_text(text: str, frags: Fragments) -> str:
    # brat's own convention: fragments joined by a space; a newline would break the row.
    joined = " ".join(text[s:e] for s, e in frags)
    return joined.replace("\r", " ").replace("\n", " ")


def format_ann(text: str, attributions: Iterable[Attribution]) -> str:
    """The ``.ann`` text for ``attributions`` over ``text``, rows in the PolNeAR order.

    Each attribution gives its Source, Cue and Content rows, then the ``Attribution`` trigger
    row (on the cue's offsets, or the content's when there is no cue) and the event. One with
    no source gets an ``Attribution-no-source`` trigger and event, as in PolNeAR.
    """
    lines: list[str] = []
    t = 0

    def bound(kind: str, frags: Fragments) -> str:
        nonlocal t
        t += 1
        offsets = ";".join(f"{s} {end}" for s, end in frags)
        lines.append(f"T{t}\t{kind} {offsets}\t{_row_text(text, frags)}")
        return f"T{t}"

    for e, attribution in enumerate(attributions, 1):
        refs: list[str] = []
        if attribution.source:
            refs.append(f"Source:{bound('Source', attribution.source)}")
        cue = attribution.cue
        if cue:
            refs.append(f"Cue:{bound('Cue', cue)}")
        refs.append(f"Content:{bound('Content', attribution.content)}")
        kind = "Attribution" if attribution.source else "Attribution-no-source"
        trigger = bound(kind, cue or attribution.content[:1])
        # Roles in alphabetical order (Content, Cue, Source), as most PolNeAR event rows have.
        lines.append(f"E{e}\t{kind}:{trigger} {' '.join(sorted(refs))}")
    return "".join(line + "\n" for line in lines)
