"""Text the models cannot read gets a note and no fragments, not invented ones."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import propscan
from propscan.labels import read_article_texts
from propscan.language import MIN_WORDS, NOT_ENGLISH, readable_note

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
    assert result.summary.author.score_high == 0.0  # no score at all, not a typical one
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


# Short texts (under MIN_WORDS words), where the share of English function words says nothing.
SHORT_OTHER = {
    "French, 17 words": (
        "Le gouvernement a annoncé mardi une réforme des retraites qui sera votée par le "
        "Parlement la semaine prochaine."
    ),
    "French": "Il ne faut pas croire tout ce que disent les médias.",
    "German": "Die Regierung hat am Dienstag ein neues Gesetz beschlossen, das Mieten begrenzt.",
    "Spanish": "El presidente dijo que el país no aceptará las condiciones de los acreedores.",
    "Italian": "Il governo ha approvato la nuova legge sulle pensioni che entrerà in vigore.",
    "Portuguese": "O presidente disse que o governo não vai aceitar as condições impostas.",
    "Dutch": "De regering heeft dinsdag een nieuwe wet aangenomen die de huren moet beperken.",
    "Russian": "Правительство объявило о новой реформе пенсий во вторник.",
    "Greek": "Η κυβέρνηση ανακοίνωσε νέα μεταρρύθμιση των συντάξεων την Τρίτη.",
    "Chinese": "政府周二宣布了新的养老金改革方案。",
    "Arabic": "أعلنت الحكومة يوم الثلاثاء عن إصلاح جديد لنظام التقاعد.",
}
# Short English, some full of foreign names and words.
SHORT_ENGLISH = [
    "Hello world.",
    "Take back control!",
    "Harbour Bill Passes as Critics Cry Foul",
    "Von der Leyen meets Macron in La Paz.",
    "Le Pen and de Gaulle: a French story.",
    "The UN and the EU agreed on Tuesday.",
    "Al Qaeda claims the attack in El Paso.",
    "Déjà vu at the café on Rue de la Paix.",
    "Des Moines, Iowa: turnout was high.",
    'J Street "Kapos" May Un-Endorse Dem Rep Over "Jewish Question"',
]


@pytest.mark.parametrize("language", list(SHORT_OTHER))
def test_short_texts_in_other_languages_get_the_note(language: str) -> None:
    text = SHORT_OTHER[language]
    assert readable_note(text) == NOT_ENGLISH


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_texts_get_no_note(text: str) -> None:
    assert readable_note(text) is None


def test_a_short_french_text_gets_no_fragments() -> None:
    result = propscan.analyze(SHORT_OTHER["French, 17 words"])
    assert result.spans == ()
    assert result.summary.notes == (NOT_ENGLISH,)


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (SHARED / "claimbuster").is_dir(), reason="needs ../shared/data")
def test_short_english_sentences_and_lines_get_no_note() -> None:
    # Every ClaimBuster sentence and every line of the PTC articles under MIN_WORDS words
    # (about 25,000 texts when written) reads as English.
    with (SHARED / "claimbuster" / "crowdsourced.csv").open(encoding="utf-8") as f:
        texts = [row["Text"] for row in csv.DictReader(f)]
    for path in sorted((SHARED / "ptc").glob("*/articles/*.txt")):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    short = [t for t in texts if 0 < len(re.findall(r"[^\W\d_]+", t)) < MIN_WORDS]
    assert len(short) > 10_000
    assert [t for t in short if readable_note(t) is not None] == []
