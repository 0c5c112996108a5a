"""``propscan distil-labels``: a teacher's soft labels of unlabelled news, for distillation
(:mod:`propscan.training.distill`)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from propscan.training.accurate import work_dir
from propscan.training.cv_accurate import FOLDS_FILE
from propscan.training.distill import DEFAULT_UNLABELLED, label_all


@click.command("distil-labels")
@click.argument("teacher", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The labels folder to write (default: distill/ in the teacher's work folder, "
    ".TEACHER.work/distill). Resumable: texts labelled there are kept.",
)
@click.option(
    "--teacher-cv",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The teacher's cross-validation folder (folds.json, foldK/epochN), whose fold exports "
    "label the texts for the student's folds (default: .TEACHER.work/cv where it exists).",
)
@click.option(
    "--unlabelled",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="A folder of .txt texts to label (repeatable; default: "
    + " and ".join(str(p) for p in DEFAULT_UNLABELLED)
    + ").",
)
@click.option(
    "--max-texts", type=click.IntRange(min=1), default=None, help="Label only the first N."
)
@click.option(
    "--folds-only",
    is_flag=True,
    help="Label with the fold exports only: the student's cross-validation can start; its "
    "final training needs a second run without this flag.",
)
@click.option(
    "--fold",
    "only_folds",
    type=click.IntRange(min=0),
    multiple=True,
    help="Label with this fold's export only (repeatable; implies --folds-only): the "
    "student's fold K can train before the other folds are labelled.",
)
def distil_labels_command(
    teacher: Path,
    output: Path | None,
    teacher_cv: Path | None,
    unlabelled: tuple[Path, ...],
    max_texts: int | None,
    folds_only: bool,
    only_folds: tuple[int, ...],
) -> None:
    """Label unlabelled texts with TEACHER (an accurate or large model directory) and with its
    cross-validation's fold exports, for ``propscan train --distil-from``."""
    logging.getLogger("propscan").setLevel(logging.INFO)
    if teacher_cv is None and (work_dir(teacher) / "cv" / FOLDS_FILE).is_file():
        teacher_cv = work_dir(teacher) / "cv"
    out = output or work_dir(teacher) / "distill"
    record = label_all(
        teacher,
        out,
        unlabelled or DEFAULT_UNLABELLED,
        teacher_cv,
        max_texts,
        folds_only,
        only_folds or None,
    )
    folds = len(record["folds"])
    if record["final"] is None:
        done = [str(k) for k, f in enumerate(record["folds"]) if f is not None]
        click.echo(
            f"{record['labelled']} of {record['texts']} texts labelled in {out} by the "
            f"teacher's fold exports {', '.join(done)} of {folds} (not yet by the final teacher)"
        )
        return
    click.echo(
        f"{record['labelled']} of {record['texts']} texts labelled in {out} by the final teacher"
        + (f" and its {folds} folds" if folds else " (no fold labels: no student CV)")
    )
