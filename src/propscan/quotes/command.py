"""``propscan quotes TEXT_DIR -o ANN_DIR``: attributions of every article as brat ``.ann`` files."""

from __future__ import annotations

from pathlib import Path

import click

from propscan.analysis import Quote
from propscan.detectors import load_detector
from propscan.errors import InputError
from propscan.fileio import atomic_write
from propscan.ingest import load
from propscan.quotes import find_quotes
from propscan.quotes.brat import Attribution, format_ann


def to_attributions(quotes: list[Quote]) -> list[Attribution]:
    """Quotes as brat attributions; parts of one quote (same cue and source) become one."""
    out: list[Attribution] = []
    keys: dict[tuple[int, int], int] = {}
    for quote in quotes:
        cue = ((quote.cue.start, quote.cue.end),) if quote.cue else ()
        source = ((quote.source.start, quote.source.end),) if quote.source else ()
        content = (quote.content.start, quote.content.end)
        if quote.cue and (quote.cue.start, quote.cue.end) in keys:
            index = keys[(quote.cue.start, quote.cue.end)]
            prev = out[index]
            out[index] = Attribution((*prev.content, content), prev.cue, prev.source)
            continue
        if quote.cue:
            keys[(quote.cue.start, quote.cue.end)] = len(out)
        out.append(Attribution((content,), cue, source))
    return out


def write_annotations(text_dir: Path, ann_dir: Path, model: str | None = None) -> int:
    """Write ``NAME.ann`` in ``ann_dir`` for every ``NAME.txt`` in ``text_dir``; the count.
    ``model``: the detector whose cue evidence the finder takes, as in its analysis (the
    default model's cue probe; ``fast``: the linear tagger alone).

    Raises:
        InputError: ``text_dir`` is missing or holds no ``.txt`` file, or a file is unreadable
            (binary, undecodable, empty).
    """
    if not text_dir.is_dir():
        raise InputError(f"{text_dir}: no such directory")
    files = sorted(p for p in text_dir.glob("*.txt") if p.is_file())
    if not files:
        raise InputError(f"{text_dir}: no .txt files in the directory")
    documents = [(path, load(str(path))) for path in files]  # all read before any is written
    try:
        ann_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{ann_dir}: cannot create the output directory: {exc}") from None
    detector = load_detector(model)
    for path, doc in documents:
        attributions = to_attributions(find_quotes(doc, detector(doc).cue_evidence))
        atomic_write(ann_dir / f"{path.stem}.ann", format_ann(doc.text, attributions))
    return len(documents)


@click.command("quotes")
@click.argument("text_dir", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "ann_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the NAME.ann files (created if missing).",
)
@click.option(
    "--model",
    "-m",
    default=None,
    help="The model whose analysis the quotes are taken from: accurate (the default: its "
    "encoder helps find reported speech), fast (quotes by the linear cue tagger alone), or a "
    "model directory.",
)
def quotes(text_dir: Path, ann_dir: Path, model: str | None) -> None:
    """Find quotes and attributions in every NAME.txt of TEXT_DIR; write NAME.ann (brat)."""
    count = write_annotations(text_dir, ann_dir, model)
    click.echo(f"wrote {count} .ann files to {ann_dir}", err=True)
