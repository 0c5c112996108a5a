"""Text the models cannot read gets a note and no fragments, not invented ones."""

from __future__ import annotations

from pathlib import Path

import pytest

import propscan
from propscan.labels import read_article_texts
from propscan.language import NOT_ENGLISH, readable_note

GERMAN = (
    "Der Bundestag hat am Dienstag ein neues Gesetz beschlossen, das die Rechte der Mieter "
    "stärkt und die Mieten in großen Städten begrenzen soll. Die Opposition kritisierte den "
    "Entwurf scharf und sprach von einem Skandal, der das Land spalten werde."
)
RUSSIAN = (
    "Россия и Сирия заявили, что примут только капитуляцию повстанцев и согласятся на "
    "прекращение огня, когда все боевики покинут город. Представитель Кремля предупредил, "
    "что все оставшиеся будут считаться связанными с террористами."
)
TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train" / "articles"


@pytest.mark.parametrize("text", [GERMAN, RUSSIAN])
def test_other_languages_get_a_note_and_no_fragments(text: str) -> None:
    result = propscan.analyze(text)
    assert result.spans == ()
    assert result.summary.notes == (NOT_ENGLISH,)
    assert result.summary.score == 0.0
    assert propscan.Analysis.from_json(result.to_json()).summary.notes == (NOT_ENGLISH,)


def test_text_without_letters_gets_a_note() -> None:
    result = propscan.analyze("12 34 56 -- !!! ?? 78.9 % 100")
    assert result.spans == ()
    assert result.summary.notes and "no letters" in result.summary.notes[0]


def test_english_news_passes(demo_text: str) -> None:
    assert readable_note(demo_text) is None
    assert propscan.analyze(demo_text).summary.notes == ()


@pytest.mark.skipif(not TRAIN.is_dir(), reason="needs ../shared/data/ptc")
def test_every_training_article_reads_as_english() -> None:
    texts = read_article_texts(TRAIN)
    assert [aid for aid, text in texts.items() if readable_note(text) is not None] == []
