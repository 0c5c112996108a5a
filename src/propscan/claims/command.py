"""The ``propscan claims`` and ``propscan train-claims`` commands (registered in the CLI).

Thin layers over :mod:`propscan.claims`: errors are :class:`propscan.errors.PropscanError`,
which the CLI turns into one line on stderr and exit status 1; output is written whole or not
at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import click

from propscan.claims.csvio import iter_rows, write_verdicts
from propscan.claims.model import load_claim_model
from propscan.claims.sentences import CHUNK, check_sentences


@click.command("claims")
@click.argument("sentences", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write Sentence_id,Verdict,Score here (whole or not at all).",
)
@click.option(
    "--model",
    "-m",
    default=None,
    help="accurate (the default: the linear claim model averaged with the claims head on its "
    "encoder), fast (the linear claim model alone), large, or a model directory.",
)
@click.option(
    "--model-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A linear claim model directory (default: the one shipped with propscan).",
)
def claims_command(
    sentences: Path, output: Path, model: str | None, model_dir: Path | None
) -> None:
    """Check-worthiness of each sentence of SENTENCES.csv (columns Sentence_id,Text).

    Verdict 1 is a check-worthy factual claim, 0 an unimportant factual statement, -1 a
    non-factual sentence (ClaimBuster's classes); Score is the 0..1 check-worthiness. Each
    sentence is read and decided on its own, as ClaimBuster's debate sentences are; an
    article's analysis decides its sentences with the stricter decision chosen on news.
    """
    linear = load_claim_model(model_dir)
    counts = {1: 0, 0: 0, -1: 0}

    def verdicts() -> Iterator[tuple[str, int, float]]:
        # A chunk of rows at a time: memory stays flat however long the file is.
        rows = iter_rows(sentences, ("Sentence_id", "Text"))
        while chunk := list(islice(rows, CHUNK)):
            found = check_sentences([row["Text"] for row in chunk], model, linear)
            for row, (verdict, score) in zip(chunk, found, strict=True):
                counts[verdict] += 1
                yield row["Sentence_id"], verdict, score

    write_verdicts(output, verdicts())
    click.echo(
        f"{sum(counts.values())} sentences, {counts[1]} check-worthy, {counts[0]} unimportant "
        f"factual, {counts[-1]} non-factual -> {output}",
        err=True,
    )


@click.command("train-claims")
@click.argument("csv_path", metavar="CSV", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The model directory to write (without it, only --encoder-head's head is fitted, "
    "against the packaged claim model).",
)
@click.option("--no-baselines", is_flag=True, help="Skip training the comparison baselines.")
@click.option(
    "--encoder-head",
    "encoder",
    default=None,
    help="Also fit the claims head on this encoder model (accurate, large or a model "
    "directory; written into it).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the encoder's sentence vectors in this folder (a rerun encodes nothing).",
)
def train_claims_command(
    csv_path: Path,
    out_dir: Path | None,
    no_baselines: bool,
    encoder: str | None,
    cache: Path | None,
) -> None:
    """Train the claim model on a ClaimBuster CSV (Text, File_id, Verdict) and print dev figures.

    The dev part is every debate with sha256(File_id)[0] % 5 == 0; the figures of the
    baselines and of the model are printed as JSON and the model's go into its manifest. With
    --encoder-head, the claims head on that encoder model's hidden states is fitted too (after
    the linear model, which it is averaged with) and its figures printed; without --output,
    only the head is fitted, averaged with the packaged claim model (as after 'propscan train
    --model accurate' or '--model large', which write no head).
    """
    from propscan.claims.train import baseline_scores, load_claim_data, train_claims
    from propscan.errors import ConfigError

    def log(message: str) -> None:
        click.echo(message, err=True)

    if out_dir is None and encoder is None:
        raise ConfigError("train-claims: give --output, --encoder-head, or both")
    figures = {}
    model = None
    if out_dir is not None:
        model = train_claims(csv_path, out_dir, log=log)
        figures = {} if no_baselines else baseline_scores(load_claim_data(csv_path), log=log)
        figures["shipped_model"] = model.manifest.dev_scores["model"]
    if encoder is not None:
        from propscan.claims.encoder_head import encoder_dir, fit_head

        directory = encoder_dir(encoder)
        figures["encoder_head"] = fit_head(csv_path, directory, model, log=log, cache=cache)
    click.echo(json.dumps(figures, indent=2))
