"""Attributions the finder used to miss or cut wrongly (issue 15, recall): one invented sentence
per mechanism, with exact offsets."""

from __future__ import annotations

from propscan.quotes.finder import Found, find_attributions


def _pieces(text: str, found: Found) -> tuple[str | None, str | None, str]:
    def piece(span: tuple[int, int] | None) -> str | None:
        return None if span is None else text[span[0] : span[1]]

    return piece(found.source), piece(found.cue), text[found.content[0] : found.content[1]]


def test_an_opening_adverbial_before_source_and_cue_is_no_content() -> None:
    text = "Late on Friday, the harbour board said it would reopen the quay in May."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "the harbour board",
        "said",
        "it would reopen the quay in May",
    )


def test_a_listener_and_that_after_the_cue_open_the_content() -> None:
    text = "Pressed on the delays, the minister told the council that the bridge was safe."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("the minister", "told", "that the bridge was safe")


def test_content_before_source_and_cue_is_still_found() -> None:
    text = "The quay will reopen in May, the harbour board said on Friday."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("the harbour board", "said", "The quay will reopen in May")


def test_a_relative_clause_after_an_inverted_source_belongs_to_it() -> None:
    text = "The ferry timetable will not change this winter, said Lena Ortiz, who runs the port."
    (found,) = find_attributions(text)
    source, cue, content = _pieces(text, found)
    assert (source, cue) == ("Lena Ortiz, who runs the port", "said")
    assert content == "The ferry timetable will not change this winter"


def test_a_participle_after_the_content_does_not_invert_its_source() -> None:
    text = "The union is running a new radio spot this week, questioning the mayor's budget plan."
    sources = [_pieces(text, f)[0] for f in find_attributions(text)]
    assert "the mayor's budget plan" not in sources


def test_a_second_verb_of_the_subject_takes_the_subject_as_source() -> None:
    text = "The senator toured the mill on Monday and told workers that the plant would stay open."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("The senator", "told", "that the plant would stay open")


def test_a_name_keeps_its_source_across_a_party_parenthesis() -> None:
    text = "At a rally in the county fairground Rep. Ann Lee (D-OR) said the dam must be rebuilt."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("Rep. Ann Lee", "said", "the dam must be rebuilt")


def test_an_opening_conjunction_is_no_part_of_the_source() -> None:
    text = "Still the governor insists that the new tax will pay for the road."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "the governor",
        "insists",
        "that the new tax will pay for the road",
    )
