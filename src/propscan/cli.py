"""The ``propscan`` command: a thin layer over the library.

Every error a user can cause ends as one line on stderr and a non-zero exit (1 for bad input,
2 for bad usage); ``--debug`` shows the traceback instead. Output files are written whole or
not at all.
"""

from __future__ import annotations

import errno
import importlib
import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from propscan import __version__
from propscan.config import Settings, load_settings
from propscan.errors import ConfigError, PropscanError
from propscan.fileio import atomic_write

T = TypeVar("T")

DEMO_ARTICLE = "demo-article.txt"


class _State:
    debug = False


def progress(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr when it is a terminal; nothing when piped."""
    from rich.console import Console
    from rich.progress import track

    console = Console(stderr=True)
    yield from track(
        items,
        description=label,
        total=total,
        console=console,
        disable=not console.is_terminal,
        transient=True,
    )


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        atomic_write(output, text)


def _emit_pieces(pieces: Iterable[str], output: Path | None) -> None:
    """:func:`_emit` for text made a piece at a time, never held whole (a long article's JSON)."""
    if output is not None:
        atomic_write(output, pieces)
        return
    last = ""
    for piece in pieces:
        click.echo(piece, nl=False)
        last = piece or last
    if not last.endswith("\n"):
        click.echo("")


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    return load_settings(ctx.obj.get("config"), **overrides)


_model_option = click.option(
    "--model", "-m", default=None, help="accurate (the default), fast, or a model directory."
)
_output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (whole or not at all) instead of stdout.",
)


# Commands that live beside their library (one module each, for evaluation by anyone with
# the file formats), imported when named: importing them loads the claim model's and
# the quote finder's modules, which most commands never need.
_LAZY_COMMANDS = {
    "claims": ("propscan.claims.command", "claims_command"),
    "train-claims": ("propscan.claims.command", "train_claims_command"),
    "distil-labels": ("propscan.training.distill_command", "distil_labels_command"),
    "quotes": ("propscan.quotes.command", "quotes"),
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY_COMMANDS:
            module, attribute = _LAZY_COMMANDS[name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="propscan")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A TOML settings file overlaying the defaults (also $PROPSCAN_CONFIG).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, config: Path | None) -> None:
    """Find propaganda techniques in news articles, with exact character offsets."""
    _State.debug = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, format="propscan: %(message)s"
    )
    ctx.obj = {"config": config}


def _not_nan(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    # FloatRange lets "nan" through: it compares false with both bounds.
    if value is not None and value != value:
        raise click.BadParameter("nan is not a number from 0 to 1", ctx, param)
    return value


def _analyze_options(func: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--format",
                "-f",
                "fmt",
                type=click.Choice(["text", "json", "html", "tsv"]),
                default="text",
                show_default=True,
                help="Report format.",
            ),
            _output_option,
            _model_option,
            click.option(
                "--threshold",
                type=click.FloatRange(0, 1),
                default=None,
                callback=_not_nan,
                help="Leave out fragments with a calibrated confidence under this (0 shows them "
                "all; default: propscan.threshold.DEFAULT_THRESHOLD, see the README).",
            ),
            click.option(
                "--top",
                type=click.IntRange(min=0),
                default=None,
                help="How many rows each table of the text format lists: strongest fragments, "
                "check-worthy claims, quotes, actors (default 10).",
            ),
            click.option(
                "--colour/--no-colour",
                "--color/--no-color",
                default=None,
                help="Colour the text report (default: when stdout is a terminal).",
            ),
        ]
    ):
        func = option(func)
    return func


def _ingest_options(func: Any) -> Any:
    """The options of reading an input (size cap, fetch timeout, private addresses)."""
    for option in reversed(
        [
            click.option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=None,
                help="Largest input (file, page, article) accepted, in bytes (default 10 MB).",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0, min_open=True),
                default=None,
                help="Seconds allowed for each network operation of a URL fetch.",
            ),
            click.option(
                "--allow-private",
                is_flag=True,
                default=None,
                help="Allow URLs on private, loopback and link-local addresses.",
            ),
        ]
    ):
        func = option(func)
    return func


def _report(
    ctx: click.Context,
    source: str,
    settings: Settings,
    fmt: str,
    output: Path | None,
    colour: bool | None,
    threshold: float | None = None,
) -> None:
    from propscan.detectors import load_detector
    from propscan.ingest import load
    from propscan.pipeline import analyze_document
    from propscan.report import render

    # SOURCE is always a file, a URL or "-": never article text, which is what
    # pipeline.resolve() makes of a string naming no existing file (a missing path, "-").
    document = load(source, settings.ingest)
    analysis = analyze_document(document, load_detector(settings.model), threshold=threshold)
    if fmt == "json":
        from propscan.report.json_stream import iter_json

        _emit_pieces(iter_json(analysis), output)
        return
    if output is not None and colour is None:
        colour = False
    _emit(render(analysis, fmt, colour=colour, top=settings.top), output)


@cli.command()
@click.argument("source")
@_analyze_options
@_ingest_options
@click.pass_context
def analyze(
    ctx: click.Context,
    source: str,
    fmt: str,
    output: Path | None,
    model: str | None,
    threshold: float | None,
    top: int | None,
    colour: bool | None,
    max_bytes: int | None,
    timeout: float | None,
    allow_private: bool | None,
) -> None:
    """Analyse one article: SOURCE is a text or HTML file, an http(s) URL, or - for stdin."""
    settings = _settings(
        ctx, model=model, top=top, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private
    )
    _report(ctx, source, settings, fmt, output, colour, threshold)


@cli.command()
@_analyze_options
@click.pass_context
def demo(
    ctx: click.Context,
    fmt: str,
    output: Path | None,
    model: str | None,
    threshold: float | None,
    top: int | None,
    colour: bool | None,
) -> None:
    """Analyse the example article bundled with propscan (written for the project)."""
    settings = _settings(ctx, model=model, top=top)
    path = resources.files("propscan") / "data" / DEMO_ARTICLE
    _report(ctx, str(path), settings, fmt, output, colour, threshold)


@cli.command()
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--task",
    type=click.Choice(["si", "full"]),
    default="full",
    show_default=True,
    help="si: 'ID START END' rows; full: 'ID TECHNIQUE START END' rows.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The predictions file (SemEval-2020 Task 11 TSV).",
)
@_model_option
@click.pass_context
def predict(
    ctx: click.Context, articles_dir: Path, task: str, output: Path, model: str | None
) -> None:
    """Predict fragments for every article<ID>.txt in ARTICLES_DIR."""
    from propscan.dataset import load_articles
    from propscan.detectors import load_detector
    from propscan.labels import LabelledSpan, write_spans

    settings = _settings(ctx, model=model)
    detector = load_detector(settings.model)
    documents = load_articles(articles_dir)
    spans = [
        LabelledSpan(aid, f.start, f.end, f.technique)
        for aid, doc in progress(documents.items(), "predicting", total=len(documents))
        for f in detector(doc).fragments
    ]
    write_spans(output, spans, with_technique=task == "full")
    click.echo(f"{len(spans)} fragments in {len(documents)} articles -> {output}", err=True)


@cli.command("classify-spans")
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("spans_file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The predictions file: 'ID TECHNIQUE START END', in the input's order.",
)
@_model_option
@click.pass_context
def classify_spans(
    ctx: click.Context, articles_dir: Path, spans_file: Path, output: Path, model: str | None
) -> None:
    """Give one technique to each span of SPANS_FILE (the TC task)."""
    from collections import defaultdict

    from propscan.dataset import load_articles
    from propscan.detectors import load_detector
    from propscan.labels import LabelledSpan, check_spans_fit, read_spans, write_spans

    settings = _settings(ctx, model=model)
    detector = load_detector(settings.model)
    spans = read_spans(spans_file)
    documents = load_articles(articles_dir)
    check_spans_fit(spans, {aid: d.text for aid, d in documents.items()}, str(spans_file))
    rows: dict[str, list[int]] = defaultdict(list)
    for index, span in enumerate(spans):
        rows[span.article_id].append(index)
    labelled: list[LabelledSpan | None] = [None] * len(spans)
    for aid, indices in progress(rows.items(), "classifying", total=len(rows)):
        positions = [(spans[i].start, spans[i].end) for i in indices]
        for i, (technique, _) in zip(
            indices, detector.classify(documents[aid], positions), strict=True
        ):
            labelled[i] = LabelledSpan(aid, spans[i].start, spans[i].end, technique)
    write_spans(
        output, [s for s in labelled if s is not None], with_technique=True, keep_order=True
    )
    click.echo(f"{len(spans)} spans classified -> {output}", err=True)


@cli.command("eval")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--split",
    "part",
    type=click.Choice(["all", "train", "dev"]),
    default="all",
    show_default=True,
    help="Which part of the fixed train/dev split to score.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_model_option
@click.pass_context
def evaluate(
    ctx: click.Context, data_dir: Path, part: str, as_json: bool, model: str | None
) -> None:
    """Score a model on DATA_DIR (articles/, labels-tc/): SI F1, TC micro-F1, full-task F1."""
    from propscan.dataset import load_dataset
    from propscan.detectors import load_detector
    from propscan.evaluation import evaluate_detector
    from propscan.scoring import format_table

    settings = _settings(ctx, model=model)
    detector = load_detector(settings.model)
    articles = load_dataset(data_dir, part)  # type: ignore[arg-type]
    report = evaluate_detector(detector, articles, lambda a: progress(a, "scoring", len(articles)))
    if as_json:
        click.echo(
            json.dumps({"model": detector.name, "split": part, **report.to_dict()}, indent=2)
        )
    else:
        click.echo(f"model {detector.name}, {report.n_articles} articles ({part})")
        click.echo(format_table(report))


@cli.command()
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The model directory to write.",
)
@click.option(
    "--model",
    "kind",
    type=click.Choice(["fast", "accurate", "large"]),
    default="fast",
    show_default=True,
    help="Which model to train (large: the accurate recipe on MPNet-base).",
)
@click.option(
    "--folds",
    type=click.IntRange(min=2),
    default=3,
    show_default=True,
    help="Cross-validation folds (by article, near-duplicates together).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Go on from where an earlier, cut-off run stopped: its finished folds and epochs, "
    "and its last checkpoint (in .OUTPUT.work/).",
)
@click.option(
    "--device",
    type=click.Choice(["cpu", "cuda"]),
    default="cpu",
    show_default=True,
    help="Where the encoder of accurate and large trains.",
)
@click.option(
    "--checkpoint-minutes",
    type=click.FloatRange(min=0),
    default=15.0,
    show_default=True,
    help="Minutes between checkpoints within an epoch (accurate and large).",
)
@click.option(
    "--quantization",
    type=click.Choice(["dynamic-int8", "weight-int8", "weight-int4"]),
    default=None,
    help="How the exported encoder is quantized (accurate and large; default: the model's, "
    "dynamic-int8 for accurate, weight-int8 for large; see docs/models.md).",
)
@click.option(
    "--distil-from",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Teacher labels written by propscan distil-labels: their texts train beside the "
    "articles on the teacher's soft targets, each CV fold on its fold teacher's (accurate and "
    "large).",
)
@click.option(
    "--distil-weight",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="The loss weight of a teacher-labelled window against a gold one.",
)
def train(
    data_dir: Path,
    output: Path,
    kind: str,
    folds: int,
    resume: bool,
    device: str,
    checkpoint_minutes: float,
    quantization: str | None,
    distil_from: Path | None,
    distil_weight: float,
) -> None:
    """Cross-validate a model on DATA_DIR (articles/, labels-tc/), then train it on all of it.

    The tuned values (decoding thresholds, mixing weights, confidence calibration) are chosen
    on held-out folds; the figures printed, mean and spread over folds, go into the manifest.
    """
    logging.getLogger("propscan").setLevel(logging.INFO)
    if kind in ("accurate", "large"):
        from propscan.training.accurate import recipe, train_accurate

        options = recipe(
            kind,
            device=device,
            checkpoint_minutes=checkpoint_minutes,
            distill_from=None if distil_from is None else str(distil_from),
            distill_weight=distil_weight,
            **({"quantization": quantization} if quantization else {}),
        )
        model = train_accurate(data_dir, output, options, folds=folds, resume=resume)
        cv = model.manifest.cv["accurate"]
    else:
        if distil_from is not None:
            raise ConfigError(
                "--distil-from: only the accurate and large models learn from a teacher"
            )
        from propscan.training.fast import train_fast

        cv = train_fast(data_dir, output, folds=folds, resume=resume).manifest.cv["fast"]
    click.echo(f"model written to {output}; cross-validated F1, mean ± sd over {folds} folds:")
    for task in ("si_f1", "tc_f1", "full_f1"):
        figures = cv[task]
        click.echo(f"  {task[:-3].upper():<5} {figures['mean']:.4f} ± {figures['sd']:.4f}")


@cli.command(name="cv")
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--work",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the fold models (kept: a second run trains only the missing folds).",
)
@click.option("--folds", type=click.IntRange(min=2), default=3, show_default=True)
@click.option("--epoch", type=click.IntRange(min=1), help="Score the folds' export of this epoch.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path))
def cross_validate(
    data_dir: Path, work: Path, folds: int, epoch: int | None, json_out: Path | None
) -> None:
    """Cross-validate the fast model and variants of the accurate one on DATA_DIR.

    Prints SI, TC and full-task F1 of each, mean ± sd over folds; the tuned values of each
    fold are chosen on the other folds' held-out articles.
    """
    from propscan.dataset import load_dataset
    from propscan.models.train_accurate import AccurateOptions
    from propscan.training.crossval import format_summary, run_cv

    logging.getLogger("propscan").setLevel(logging.INFO)
    record = run_cv(load_dataset(data_dir, "all"), work, folds, AccurateOptions(), epoch=epoch)
    click.echo(f"{record['articles']} articles, {folds} folds of {record['grouping']}")
    click.echo(format_summary(record["results"]), nl=False)
    if json_out is not None:
        atomic_write(json_out, json.dumps(record, indent=1) + "\n")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--api-key",
    envvar="PROPSCAN_API_KEY",
    default=None,
    help="Require this key (X-API-Key header) on API routes (also $PROPSCAN_API_KEY).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    help="Largest request body (and fetched page) accepted, in bytes (413 beyond).",
)
@click.option(
    "--max-pending",
    type=click.IntRange(min=0),
    default=32,
    show_default=True,
    help="Analyses that may wait for a worker before requests get 503.",
)
@click.option(
    "--max-in-flight",
    type=click.IntRange(min=1),
    default=6_000_000,  # ServerLimits.max_chars_in_flight
    show_default=True,
    help="Characters of articles being analysed or waiting, all requests together, before "
    "requests get 503 (a request is always taken when none is in flight).",
)
@_model_option
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    api_key: str | None,
    max_body: int,
    max_pending: int,
    max_in_flight: int,
    model: str | None,
) -> None:
    """Serve the web page and the REST API (model loaded once)."""
    from propscan.web.limits import ServerLimits
    from propscan.web.server import run

    run(
        _settings(ctx, model=model),
        host=host,
        port=port,
        api_key=api_key,
        max_body_bytes=max_body,
        max_pending=max_pending,
        limits=ServerLimits(max_chars_in_flight=max_in_flight),
    )


@cli.command()
def techniques() -> None:
    """List the 14 technique classes with their definitions."""
    from propscan.taxonomy import TECHNIQUES

    for t in TECHNIQUES:
        click.echo(f'{t.name}\n    {t.label}: {t.definition}\n    e.g. "{t.example}"')


class _ClosedOutput(io.RawIOBase):
    """Where standard output goes when the shell closed it (``>&-``).

    Python then sets ``sys.stdout`` to ``None``, and ``click.echo`` drops everything without a
    word: ``propscan analyze`` exited 0 with its report lost. Writing here fails instead.
    """

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "standard output is closed (write to a file with -o FILE)")


def main() -> None:
    """Entry point: run the CLI, turning expected errors into one line and an exit code."""
    if sys.stdout is None:
        # write_through: a failed write leaves nothing pending for the flush at exit.
        sys.stdout = io.TextIOWrapper(_ClosedOutput(), encoding="utf-8", write_through=True)
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("propscan: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): not an error worth a message.
        sys.stderr.close()
        sys.exit(1)
    except (PropscanError, OSError) as exc:
        if _State.debug:
            raise
        message = str(exc) if isinstance(exc, PropscanError) else _os_error(exc)
        click.echo(f"propscan: error: {_clipped(message)}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("propscan: interrupted", err=True)
        sys.exit(130)


# Longest error line printed. Values are shortened where messages are made; this is the
# backstop (a 100,000-character file name in an OSError, say). The end says what went wrong,
# so the middle goes.
_MAX_MESSAGE = 1000


def _clipped(message: str) -> str:
    if len(message) <= _MAX_MESSAGE:
        return message
    cut = len(message) - _MAX_MESSAGE
    return (
        f"{message[: _MAX_MESSAGE * 3 // 4]}… ({cut:,} characters left out) …"
        + message[-(_MAX_MESSAGE // 4) :]
    )


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


# -- corpus mode ------------------------------------------------------------------------------

_db_argument = click.argument("db", metavar="DB")


def _rate_column() -> Any:
    """A progress column with the articles per second and the failures so far."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            rate = f"{speed:,.1f} articles/s" if speed else "-- articles/s"
            failed = task.fields.get("failed", 0)
            return Text(f"{rate}  failed: {failed}", style="red" if failed else "")

    return RateColumn()


def _batch_progress(total: int | None) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    return Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    )


def _cores() -> int:
    """The cores this process may run on."""
    import os

    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--db",
    required=True,
    help="Results database: an SQLite file (created if missing) or a postgresql:// URL.",
)
@_model_option
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores).",
)
@click.option("--force", is_flag=True, help="Analyse again articles already stored.")
@click.option(
    "--on-duplicate",
    type=click.Choice(["error", "skip", "replace"]),
    default="error",
    show_default=True,
    help="An id already stored (or seen) with different text: fail it, keep the old, or replace.",
)
@click.option(
    "--dask",
    metavar="local|tcp://HOST:PORT",
    default=None,
    help="Run on a Dask cluster: a new local one, or the scheduler at this address.",
)
@_ingest_options
@click.pass_context
def batch(
    ctx: click.Context,
    inputs: tuple[str, ...],
    db: str,
    model: str | None,
    workers: int | None,
    force: bool,
    on_duplicate: str,
    dask: str | None,
    max_bytes: int | None,
    timeout: float | None,
    allow_private: bool | None,
) -> int:
    """Analyse a corpus into a database, resumably: run the same command again to finish.

    INPUT is a folder of .txt/.html files (a sub-folder names the outlet), a JSONL or CSV
    file (id, text or html; optional title, url, source/outlet, date) or a file of URLs
    (.urls, or .txt whose first line is a URL). Articles already stored with the same model
    are skipped. Exits 1 if any article failed.
    """
    from propscan.corpus.batch import BatchOptions, run_batch
    from propscan.corpus.sources import count_inputs
    from propscan.corpus.store import open_store

    if dask is not None:
        from propscan.corpus.cluster import check_address

        check_address(dask)
    settings = _settings(
        ctx, model=model, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private
    )
    options = BatchOptions(
        model=settings.model,
        workers=workers or _cores(),
        force=force,
        on_duplicate=on_duplicate,  # type: ignore[arg-type]
        dask=dask,
        ingest=settings.ingest,
    )
    with open_store(db) as store, _batch_progress(None) as bar:
        total = count_inputs(inputs) if not bar.disable else None
        task = bar.add_task("analysing", total=total, failed=0)

        def advance(tally: Any) -> None:
            bar.update(task, completed=tally.done, failed=tally.failed)

        report = run_batch(inputs, store, options, on_progress=advance)
    click.echo(
        f"{report.analysed + report.skipped + report.failed} articles: {report.analysed} "
        f"analysed, {report.skipped} skipped (already stored), {report.failed} failed "
        f"(model {report.model}, run {report.run_id}, {store.name})",
        err=True,
    )
    shown = 50
    for article_id, origin, error in report.failures[:shown]:
        name = "" if article_id == origin else f"{article_id}: "
        click.echo(f"  failed {name}{error}", err=True)
    if len(report.failures) > shown:
        click.echo(
            f"  ... and {len(report.failures) - shown} more "
            f"(propscan export {db} --format csv --table failures)",
            err=True,
        )
    return 1 if report.failed else 0


@cli.command()
@_db_argument
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "si", "full"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one propscan.analysis/2 object a line; csv/parquet: one row per --table "
    "row; si/full: SemEval-2020 Task 11 TSV.",
)
@click.option(
    "--table",
    # propscan.corpus.export.TABLES, spelled out so that --help needs no corpus import.
    type=click.Choice(
        ["articles", "fragments", "sentences", "failures", "claims", "quotes", "actors"]
    ),
    default="articles",
    show_default=True,
    help="csv/parquet: which rows to write.",
)
@_output_option
@click.option("--model", "-m", default=None, help="Whose results (default: the only model).")
def export(db: str, fmt: str, table: str, output: Path | None, model: str | None) -> None:
    """Export the results stored in DB (an SQLite file or a postgresql:// URL)."""
    from propscan.corpus.export import export as run_export
    from propscan.corpus.store import open_store

    with open_store(db, create=False) as store:
        written = run_export(store, fmt, output, model=model, table=table)
    if output is not None:
        click.echo(f"{written} rows -> {output}", err=True)


@cli.command("report")
@_db_argument
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write index.html and the PNG plots into.",
)
@click.option("--model", "-m", default=None, help="Whose results (default: the only model).")
def corpus_report(db: str, output: Path, model: str | None) -> None:
    """Write an HTML report with plots, by outlet, of the results stored in DB."""
    from propscan.corpus.report import write_report
    from propscan.corpus.store import open_store

    with open_store(db, create=False) as store:
        files = write_report(store, output, model)
    plots = sum(1 for f in files if f.suffix == ".png")
    pages = len(files) - 1 - plots
    click.echo(f"report written to {files[0]} ({plots} plots, {pages} article pages)", err=True)
