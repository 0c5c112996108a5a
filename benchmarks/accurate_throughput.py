"""Speed and memory of the accurate model on the 90 unlabelled PTC test articles.

Usage: python benchmarks/accurate_throughput.py [--model DIR] [--torch-checkpoint FILE]
                                                [--repeats 3] [--articles DIR] [--limit N]
                                                [--cue-tagger [DIR]]

Prints, in one run on the same token windows (interleaved, best of the repeats):
- the bare int8 ONNX encoder's throughput (tokens/s, articles/s): only `session.run`, fetching
  what the detector fetches (its cue probe's output too: the cue branch's logit);
- end-to-end prediction (reading, tokenizing, encoding, decoding, classifying) and its ratio
  to the bare encoder;
- with ``--torch-checkpoint`` (a state dict saved by `propscan train --model accurate` in its
  work folder; needs the train extra): the same fine-tuned model run through a plain
  transformers token-classification pipeline in torch, and the speed-up over it;
- model load time, and the peak RSS of a `propscan analyze` process on one article.

``--cue-tagger [DIR]``: the detector runs an encoder cue tagger for its quotes (default: the
installed one, which ``--model large`` runs; propscan.quotes.cuetagger); the bare figure then
counts the tagger's encoder passes too, and its share of the end-to-end time is printed. A
model whose graph has no cue branch (``large``) runs, without a tagger, the default model's
branch for its quotes, as ``propscan analyze`` does; the bare figure counts that pass too.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from propscan.dataset import article_document, load_articles
from propscan.detectors import packaged_model_dir, with_branch_cues
from propscan.detectors.accurate import AccurateDetector, BranchCues
from propscan.models.accurate import BATCH, AccurateModel
from propscan.models.windows import Encoded, SpecialIds, batch_inputs, encode, windows
from propscan.quotes.cuetagger import CueTagger, packaged_dir

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLES = SHARED / "data" / "ptc" / "unlabelled-test" / "articles"


def _bare_encoder(
    session: Any, specials: SpecialIds, encoded: list[Encoded], outputs: list[str]
) -> float:
    """An encoder session's own passes over the windows of ``encoded`` (``session.run``
    only), fetching ``outputs``."""
    start = time.perf_counter()
    for enc in encoded:
        ranges = list(windows(len(enc)))
        for first in range(0, len(ranges), BATCH):
            chunk = ranges[first : first + BATCH]
            ids, mask = batch_inputs(enc.ids, chunk, specials.cls, specials.sep, specials.pad)
            session.run(outputs, {"input_ids": ids, "attention_mask": mask})
    return time.perf_counter() - start


def _end_to_end(detector: AccurateDetector, paths: list[Path]) -> float:
    """Reading, segmenting, tokenizing, encoding, decoding, naming techniques, cues."""
    start = time.perf_counter()
    for path in paths:
        detector(
            article_document(path.stem[len("article") :], path.read_text("utf-8"), path.parent)
        )
    return time.perf_counter() - start


def _torch_pipeline(checkpoint: Path) -> Callable[[str], object]:
    """The fine-tuned weights in a stock transformers token-classification pipeline."""
    import torch
    import transformers

    from propscan.models.train_accurate import N_OUTPUTS, base_model_dir

    torch.set_num_threads(2)
    base = str(base_model_dir())
    network = transformers.AutoModelForTokenClassification.from_pretrained(
        base, num_labels=N_OUTPUTS
    )
    # The checkpoint holds propscan's network (encoder.*, token_head.*, span_head.*): its
    # encoder and token head go into the stock token-classification model, which then does
    # the same work per window as propscan's encoder pass plus token head.
    # Our own file: the trainer's resumable checkpoint keeps the network under "model", next to
    # the optimiser's state and the random generators' (not plain tensors, so not weights_only).
    saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    state = saved.get("model", saved)
    weights = {
        "bert." + key[len("encoder.") :]: value
        for key, value in state.items()
        if key.startswith("encoder.")
    }
    weights["classifier.weight"] = state["token_head.weight"]
    weights["classifier.bias"] = state["token_head.bias"]
    missing, unexpected = network.load_state_dict(weights, strict=False)
    # Every weight but the pooler's (which token classification has no use for) must load.
    left_out = [k for k in [*missing, *unexpected] if not k.startswith("bert.pooler.")]
    assert not left_out, left_out
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    tokenizer.model_max_length = 256
    return transformers.pipeline(  # type: ignore[no-any-return]
        "token-classification",
        model=network,
        tokenizer=tokenizer,
        device=-1,
        stride=64,
        # Windows of 256 tokens overlapping by 64, as propscan's; the pipeline needs an
        # aggregation strategy to join them.
        aggregation_strategy="simple",
    )


def _timed(work: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        work(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=packaged_model_dir("accurate"))
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--torch-checkpoint", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="The first N articles only.")
    parser.add_argument(
        "--cue-tagger",
        type=Path,
        nargs="?",
        const=packaged_dir(),
        default=None,
        help="Run an encoder cue tagger too (default: the installed one).",
    )
    args = parser.parse_args()

    # First, while this process is small: a child's peak RSS counts the pages it shares with
    # its parent when it is forked, so a child forked from a big process reads big.
    example = SHARED / "examples" / "aleppo-article.txt"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "propscan",
            "analyze",
            str(example),
            "--model",
            str(args.model),
            "--format",
            "json",
        ],
        check=True,
        capture_output=True,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    start = time.perf_counter()
    model = AccurateModel.load(args.model)
    load_s = time.perf_counter() - start
    if args.cue_tagger is not None and not (args.cue_tagger / "manifest.json").is_file():
        parser.error(f"--cue-tagger: no cue tagger in {args.cue_tagger}")
    tagger = None if args.cue_tagger is None else CueTagger.load(args.cue_tagger)
    # A model whose graph has no cue branch (large) reads its quotes' cues with the default
    # model's, as `propscan analyze --model large` does: one more encoder pass an article.
    detector = with_branch_cues(AccurateDetector.from_model(model, args.model, cue_tagger=tagger))
    cues = detector.cue_tagger
    branch = cues.detector if isinstance(cues, BranchCues) else None

    documents = dict(list(load_articles(args.articles).items())[: args.limit])
    paths = [args.articles / f"article{aid}.txt" for aid in documents]
    encoded = [model.encode(doc) for doc in documents.values()]
    specials = SpecialIds(model.cls_id, model.sep_id, model.pad_id)
    tokens = sum(len(e) for e in encoded)
    n = len(documents)
    texts = [doc.text[: doc.article_end] for doc in documents.values()]
    pipe = None if args.torch_checkpoint is None else _torch_pipeline(args.torch_checkpoint)
    # Interleaved, best of the repeats each: this machine's cores are shared with neighbours
    # (one run's figures here moved by a third between runs), and a neighbour's load hits
    # what runs at the same time alike.
    tagged = [] if tagger is None else [encode(tagger.tokenizer, d) for d in documents.values()]
    branched = [] if branch is None else [branch.model.encode(d) for d in documents.values()]
    # What the detector's pass fetches: the cue probe's output too (the cue branch's logit,
    # the layers under it), unless a tagger stands in for it.
    probe = detector.cue_probe if tagger is None else None
    fetched = ["hidden"] if probe is None else ["hidden", probe.output]
    bare = end_to_end = plain = cue_pass = float("inf")
    for _ in range(args.repeats):
        if tagger is not None:
            cue_pass = min(
                cue_pass, _bare_encoder(tagger.session, tagger.specials, tagged, ["hidden"])
            )
        if branch is not None and branch.cue_probe is not None:
            m = branch.model
            ids = SpecialIds(m.cls_id, m.sep_id, m.pad_id)
            fetch = [branch.cue_probe.output]
            cue_pass = min(cue_pass, _bare_encoder(m.session, ids, branched, fetch))
        bare = min(bare, _bare_encoder(model.session, specials, encoded, fetched))
        end_to_end = min(end_to_end, _end_to_end(detector, paths))
        if pipe is not None:
            plain = min(plain, _timed(pipe, texts))

    print(f"articles            {n} ({tokens} subword tokens)")
    print(f"model load          {load_s:.2f} s")
    if tagger is not None or branch is not None:
        what = "cue tagger encoder " if tagger is not None else "default's cue branch"
        print(f"{what}  {n / cue_pass:.2f} articles/s alone")
        bare += cue_pass
    print(f"bare int8 encoder   {tokens / bare:.0f} tokens/s, {n / bare:.2f} articles/s")
    print(
        f"end-to-end predict  {tokens / end_to_end:.0f} tokens/s, {n / end_to_end:.2f} articles/s"
        f" = {bare / end_to_end:.1%} of the bare encoder"
    )
    if pipe is not None:
        speedup = plain / end_to_end
        print(f"torch pipeline      {n / plain:.2f} articles/s; propscan is {speedup:.2f}x faster")

    print(f"peak RSS            {peak:.0f} MB (propscan analyze on one article)")


if __name__ == "__main__":
    main()
