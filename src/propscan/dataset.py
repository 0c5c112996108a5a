"""Labelled article folders laid out like PTC's ``train/``, and the fixed train/dev split."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from propscan.document import Document, Metadata
from propscan.errors import InputError
from propscan.ingest import document_from_text
from propscan.labels import LabelledSpan, check_spans_fit, read_article_texts, read_spans

Part = Literal["all", "train", "dev"]
PARTS: tuple[Part, ...] = ("all", "train", "dev")

# The dev split: an article is in dev when the first byte of the sha256 of its ID is divisible
# by 5 (about 20% of articles; 81 of the 371 PTC training articles). Hashing the ID, not listing
# files, keeps the split fixed whatever else is in the folder.
DEV_MODULUS = 5


def is_dev(article_id: str) -> bool:
    """Whether an article belongs to the dev part of the fixed split."""
    return hashlib.sha256(article_id.encode("utf-8")).digest()[0] % DEV_MODULUS == 0


@dataclass(frozen=True)
class Article:
    """One article of a labelled folder, with its gold spans (empty when unlabelled)."""

    id: str
    document: Document
    gold: tuple[LabelledSpan, ...]


def article_document(article_id: str, text: str, path: Path) -> Document:
    """The Document of a folder article (site furniture detection as for any text)."""
    return document_from_text(text, Metadata(source=str(path / f"article{article_id}.txt")))


def load_articles(articles_dir: Path) -> dict[str, Document]:
    """Every ``article<ID>.txt`` of a folder as a Document, by ID."""
    texts = read_article_texts(articles_dir)
    return {aid: article_document(aid, text, articles_dir) for aid, text in sorted(texts.items())}


def data_sha256(data_dir: Path) -> str:
    """sha256 over the articles and technique labels of ``data_dir``: what a model saw."""
    from propscan.models.manifest import hash_files

    return hash_files(
        [*(data_dir / "articles").glob("article*.txt"), *(data_dir / "labels-tc").glob("*.labels")]
    )


def load_dataset(data_dir: Path, part: Part = "all") -> list[Article]:
    """The articles of ``data_dir`` (``articles/`` and ``labels-tc/``) in one part of the split."""
    if part not in PARTS:
        raise InputError(f"unknown split part {part!r}; expected one of {', '.join(PARTS)}")
    articles_dir = data_dir / "articles"
    labels_dir = data_dir / "labels-tc"
    if not labels_dir.is_dir():
        raise InputError(f"{data_dir}: no labels-tc/ folder (expected articles/ and labels-tc/)")
    texts = read_article_texts(articles_dir)
    spans = read_spans(labels_dir, with_technique=True)
    check_spans_fit(spans, texts, str(labels_dir))
    by_article: dict[str, list[LabelledSpan]] = defaultdict(list)
    for span in spans:
        by_article[span.article_id].append(span)
    return [
        Article(aid, article_document(aid, texts[aid], articles_dir), tuple(by_article[aid]))
        for aid in sorted(texts)
        if part == "all" or (part == "dev") == is_dev(aid)
    ]
