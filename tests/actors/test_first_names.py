"""The gender first names give (propscan.actors.first_names): hand lists and the US census."""

from __future__ import annotations

from pathlib import Path

from propscan.actors.first_names import first_name_gender, gendered, main
from propscan.quotes import find_quotes_in_text

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "propscan" / "data" / "first-names.txt"


def test_a_name_one_sex_bears_far_more_often_gives_its_gender() -> None:
    male = {"Milton": 0.08, "Terry": 0.311, "Alex": 0.115, "Kristian": 0.0}
    female = {"Milton": 0.001, "Terry": 0.08, "Alex": 0.002, "Kristian": 0.003, "Rachel": 0.242}
    # Terry: both sexes; Alex: one news gives both; Kristian: too rare to trust.
    assert gendered(male, female) == {"Milton": "m", "Rachel": "f"}


def test_the_census_adds_to_the_hand_lists_which_win() -> None:
    assert first_name_gender("Rachel") == "f"  # the census's
    assert first_name_gender("Milton") == "m"
    assert first_name_gender("Ann") == "f"  # the hand list's
    assert first_name_gender("Alex") is None and first_name_gender("Kristian") is None


def test_the_packaged_file_is_the_census_derivation(tmp_path: Path) -> None:
    out = tmp_path / "first-names.txt"
    main(["-o", str(out)])  # from the census files of the names package (dev extra)
    assert out.read_text(encoding="utf-8") == PACKAGED.read_text(encoding="utf-8")


def test_she_skips_a_man_the_census_names() -> None:
    text = (
        "Rachel Berg runs the shelter. Milton Baker, a neighbour, said the street was quiet.\n\n"
        "Asked about the money, she said it had run out."
    )
    quotes = find_quotes_in_text(text)
    assert [q.speaker for q in quotes if q.source and q.source.text == "she"] == ["Rachel Berg"]


def test_a_modal_opening_a_question_is_no_first_name() -> None:
    from propscan.actors.first_names import opening_first_name

    assert opening_first_name("Bill") and opening_first_name("Hope")
    assert not opening_first_name("Will") and not opening_first_name("Before")
