"""Attributions the finder used to miss or cut wrongly (issue 15, recall): one invented sentence
per mechanism, with exact offsets."""

from __future__ import annotations

import pytest

from propscan.quotes import find_quotes_in_text
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
    # The parenthesis is the source's, as PolNeAR marks it (182 of 185 such sources).
    assert _pieces(text, found) == ("Rep. Ann Lee (D-OR)", "said", "the dam must be rebuilt")


def test_an_opening_conjunction_is_no_part_of_the_source() -> None:
    text = "Still the governor insists that the new tax will pay for the road."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "the governor",
        "insists",
        "that the new tax will pay for the road",
    )


def test_a_straight_opening_mark_closes_at_a_curly_one() -> None:
    # Edited copy mixes marks: "…,” said NAME. The quote ends at ”, not the paragraph end.
    text = '"The bridge is safe,” said Lena Ortiz, who runs the port. “We checked it.”'
    first, second = find_attributions(text)
    assert _pieces(text, first) == (
        "Lena Ortiz, who runs the port",
        "said",
        '"The bridge is safe,”',
    )
    assert _pieces(text, second)[2] == "“We checked it.”"


def test_a_curly_quote_nested_in_a_straight_one_stays_inside() -> None:
    text = 'He wrote: "They called it “a disgrace” on air," said Ortiz.'
    (found,) = [f for f in find_attributions(text) if f.direct]
    assert _pieces(text, found) == ("Ortiz", "said", '"They called it “a disgrace” on air,"')


def test_an_inverted_source_may_open_with_a_number_or_a_compound() -> None:
    for description in ("9/11 widow", "32-year-old nurse"):
        text = f"“The rules are unfair,” said {description} Ana Ruiz."
        (found,) = find_attributions(text)
        source = f"{description} Ana Ruiz"
        assert _pieces(text, found) == (source, "said", "“The rules are unfair,”")


def test_an_unattributed_quote_leaves_its_sentence_to_the_reported_rules() -> None:
    # The closing quote has no cue of its own; the sentence's speaker is still found.
    text = (
        "Harbour master Ana Ruiz said the board was “plainly wrong” when it said last week "
        "that under the new rules, “the quay will close for good.”"
    )
    reported = [f for f in find_attributions(text) if not f.direct]
    # The board's words, nested in hers, are an attribution of their own.
    assert [_pieces(text, f)[:2] for f in reported] == [
        ("Harbour master Ana Ruiz", "said"),
        ("it", "said"),
    ]
    assert _pieces(text, reported[0])[2].startswith("the board was “plainly wrong” when")


def test_a_quote_closing_on_its_comma_before_an_inverted_source() -> None:
    text = "This is “the worst season in a decade,” reported the Harbour Gazette."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "the Harbour Gazette",
        "reported",
        "This is “the worst season in a decade,”",
    )


def test_an_inverted_cue_before_a_colon_is_the_cue() -> None:
    text = "Said Ortiz: “The quay will reopen in May.”"
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("Ortiz", "Said", "“The quay will reopen in May.”")


def test_an_attribution_inside_its_content_gives_both_parts() -> None:
    text = "To reach the island in winter, the harbour master said, one should take the ferry."
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("the harbour master", "said", "To reach the island in winter"),
        ("the harbour master", "said", "one should take the ferry"),
    ]


def test_a_coordinated_cue_takes_the_subject_of_its_clause() -> None:
    text = "Last winter, the harbour master shook her head and said, “The quay stays shut.”"
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("the harbour master", "said", "“The quay stays shut.”")


def test_an_inverted_source_may_take_a_relative_clause() -> None:
    text = '"The board never asked us," said one former clerk who asked not to be named.'
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "one former clerk who asked not to be named",
        "said",
        '"The board never asked us,"',
    )


def test_reported_speech_before_a_quote_introduced_by_and() -> None:
    text = "The mayor noted that the quay had flooded twice, and added: “We will rebuild it.”"
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("The mayor", "noted", "that the quay had flooded twice"),
        ("The mayor", "added", "“We will rebuild it.”"),
    ]


def test_a_list_of_verbs_before_the_cue_keeps_the_nearest_subject() -> None:
    text = "Last month, when we asked, she looked up, frowned and said, “Not this year.”"
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("she", "said", "“Not this year.”")


def test_a_described_name_may_speak_before_its_cue_after_a_quote() -> None:
    text = '"The quay will reopen in May," spokesman Ana Ruiz said happily on the radio.'
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "spokesman Ana Ruiz",
        "said",
        '"The quay will reopen in May,"',
    )


def test_what_follows_an_unread_quote_is_no_reported_content() -> None:
    # No quote rule reads "harbour officials" as a source; "happily on the radio" is no content.
    text = '"The quay will reopen in May," harbour officials said happily on the radio.'
    assert all(f.direct for f in find_attributions(text))


def test_an_opening_adverbial_is_no_content_before_its_source() -> None:
    for opening in ("On Dec. 15", "In her speech", "Despite the storm"):
        text = f"{opening}, the harbour board announced a new timetable for the ferries."
        (found,) = find_attributions(text)
        assert _pieces(text, found) == (
            "the harbour board",
            "announced",
            "a new timetable for the ferries",
        )


def test_a_verb_and_its_object_are_no_inverted_cue_and_source() -> None:
    text = "Several harbour towns, including Oban and Mallaig, criticized the timetable."
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [
        ("Several harbour towns, including Oban and Mallaig,", "criticized")
    ]


def test_a_participle_after_a_circumstance_is_a_second_attribution() -> None:
    text = (
        '"The quay is safe," the mayor said at a meeting in Oban, adding that the ferries '
        "would run."
    )
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("the mayor", "said", '"The quay is safe,"'),
        ("the mayor", "adding", "that the ferries would run"),
    ]


def test_a_participle_after_an_appositive_is_no_part_of_the_source() -> None:
    text = (
        '"It is a fair plan," said Ana Ruiz, a former harbour master, referring to the '
        "board's timetable."
    )
    found = find_attributions(text)
    source = "Ana Ruiz, a former harbour master,"
    assert [_pieces(text, f) for f in found] == [
        (source, "said", '"It is a fair plan,"'),
        (source, "referring to", "the board's timetable"),
    ]


def test_a_relative_clause_with_a_cue_after_an_inverted_source() -> None:
    text = '"The plan is fair," said Ana Ruiz, who said the board had listened to the town.'
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("Ana Ruiz", "said", '"The plan is fair,"'),
        ("who", "said", "the board had listened to the town"),
    ]
    (_, second) = find_quotes_in_text(text)
    assert second.speaker == "Ana Ruiz"


def test_a_described_name_keeps_its_party_after_a_quote() -> None:
    text = '"The rules are clear," panel chairman Rep. Ana Ruiz (D-Ore.) said after the vote.'
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "panel chairman Rep. Ana Ruiz (D-Ore.)",
        "said",
        '"The rules are clear,"',
    )


def test_a_quote_closing_on_a_comma_inside_its_marks_before_cue_name_and_appositive() -> None:
    text = (
        'Both ports "saw the ferry as a lifeline for the islands," said Lena Ortiz, who ran the '
        "harbour board for a decade."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "Lena Ortiz, who ran the harbour board for a decade",
        "said",
        'Both ports "saw the ferry as a lifeline for the islands,"',
    )


def test_a_quote_a_colon_introduces_is_not_the_next_sentence_speakers() -> None:
    # "writing" is no cue of the lexicon: the quote keeps the sentence's introduction rather
    # than taking "Ana Ruiz said" from the next sentence, which is reported speech of its own;
    # the participle's source is the sentence's subject, not the name with its verb phrase.
    text = (
        "The harbour director, Tom Lee, reached out to the board, writing in an email: "
        "“We want the quay open by May.” Ana Ruiz said the board has yet to reply."
    )
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        (
            "The harbour director, Tom Lee,",
            "writing in an email:",
            "“We want the quay open by May.”",
        ),
        ("Ana Ruiz", "said", "the board has yet to reply"),
    ]


def test_a_cue_before_a_colon_takes_the_quote_after_it_whole() -> None:
    text = (
        "At the hearing, Lena Ortiz interjected: "
        '"It is just not true." She said the quay would cost more.'
    )
    found = find_attributions(text)
    assert ("Lena Ortiz", "interjected:", '"It is just not true."') in [
        _pieces(text, f) for f in found
    ]
    assert all(f.cue is not None for f in found)  # the quote is not also kept unattributed


def test_a_participle_after_an_opening_adverbial_takes_the_subject_after_it() -> None:
    text = (
        "But a few days later, Lena Ortiz reversed herself again, telling reporters that "
        "the quay would stay shut."
    )
    found = find_attributions(text)
    assert ("Lena Ortiz", "telling", "that the quay would stay shut") in [
        _pieces(text, f) for f in found
    ]


def test_an_auxiliary_and_adverb_before_a_cue_stay_out_of_the_source() -> None:
    text = "Lena Ortiz had previously said, “We will see,” when asked about the quay."
    found, question = find_attributions(text)
    assert _pieces(text, found) == ("Lena Ortiz", "said", "“We will see,”")
    assert _pieces(text, question) == (None, "asked about", "the quay")


def test_an_appositive_may_hold_a_quoted_title() -> None:
    text = "Tom Lee, host of the radio show “Harbour Talk,” suggested the quay could reopen in May."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "Tom Lee, host of the radio show “Harbour Talk,”",
        "suggested",
        "the quay could reopen in May",
    )


def test_a_time_between_a_name_with_its_appositive_and_the_cue_is_left_out() -> None:
    text = "Lena Ortiz, the harbour master, this past week announced a new timetable for the quay."
    (found,) = find_attributions(text)
    source, cue, content = _pieces(text, found)
    assert (source or "").rstrip(",") == "Lena Ortiz, the harbour master"
    assert (cue, content) == ("announced", "a new timetable for the quay")


def test_an_adverb_in_ly_before_the_cue_is_no_source() -> None:
    text = "The mayor, still stinging over the defeat, grudgingly agreed to reopen the quay in May."
    (found,) = find_attributions(text)
    source, _, content = _pieces(text, found)
    assert source == "The mayor, still stinging over the defeat,"
    assert content == "to reopen the quay in May"


def test_a_part_of_a_group_before_a_relative_cue_is_the_source_but_no_speaker() -> None:
    text = (
        "The plan angered the families of the crew, many of whom say the harbour board "
        "ignored the warnings."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "many of whom",
        "say",
        "the harbour board ignored the warnings",
    )
    (quote,) = find_quotes_in_text(text)
    assert quote.speaker is None


def test_a_pronoun_and_a_name_speak_together() -> None:
    text = "It is not only about the ferry timetable, she and Mr. Lee said."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "she and Mr. Lee",
        "said",
        "It is not only about the ferry timetable",
    )


def test_a_capitalised_function_word_inside_a_name_keeps_the_source() -> None:
    text = (
        "“It was the first time in a long time,” Good This Morning co-host Ana Ruiz said. "
        "“The mayor does not do it often.”"
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [
        ("Good This Morning co-host Ana Ruiz", "said"),
        ("Good This Morning co-host Ana Ruiz", "said"),
    ]


def test_read_after_a_quote_inverts_its_source() -> None:
    text = '"The quay will reopen in May," read the statement, which the harbour board signed.'
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("the statement", "read", '"The quay will reopen in May,"')


def test_a_quote_interrupted_by_a_long_attribution_goes_on_with_its_speaker() -> None:
    text = (
        '"I do not know how the ferry crews voted," she said of the crews who struck last '
        'winter, "but I know they kept the island supplied."'
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [("she", "said"), ("she", "said")]


def test_a_relative_clause_after_a_name_belongs_to_it_after_a_quote() -> None:
    text = (
        '"We will have to live with it," Tom Lee, who ran the harbour board for ten years, '
        "told the council on Monday."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "Tom Lee, who ran the harbour board for ten years,",
        "told",
        '"We will have to live with it,"',
    )


def test_a_party_after_a_name_keeps_its_appositive_in_the_source() -> None:
    text = (
        "Sen. Ana Ruiz (D-Ore.), a candidate who has made the harbour her cause, said the "
        "vote was a disgrace."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "Sen. Ana Ruiz (D-Ore.), a candidate who has made the harbour her cause,",
        "said",
        "the vote was a disgrace",
    )


def test_a_cue_in_a_relative_clause_leaves_the_main_cue_its_own_attribution() -> None:
    text = (
        "But Lena Ortiz, who recalled the long winter of 1998, said in an interview that the "
        "quay would stay open."
    )
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("who", "recalled", "the long winter of 1998"),
        ("Lena Ortiz", "said", "that the quay would stay open"),
    ]


def test_a_cue_complementing_the_subjects_verb_takes_the_subject() -> None:
    text = (
        "Ana Ruiz joked that the ferry was her answer, but went on to say, “There are places "
        "on the island that are hard to reach.”"
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Ana Ruiz", "say")
    # With no subject of the sentence's own, that of the clause "that" opens.
    text = (
        "Much of the debate was so subdued that Mr. Lee was prompted to say, “I cannot "
        "believe how civil it has been.”"
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Mr. Lee", "say")


def test_a_possessive_apostrophe_is_no_quote_before_a_participle() -> None:
    text = (
        "Tom Lee didn’t seem impressed with the mayors’ plan Tuesday, telling reporters, "
        "“A lot of people said things.”"
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Tom Lee", "telling", "“A lot of people said things.”") in found


def test_an_adverb_between_an_appositive_and_the_cue_before_a_quote() -> None:
    text = "Ana Ruiz, who was off-screen, then loudly asked, “Really?”"
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("Ana Ruiz, who was off-screen", "asked", "“Really?”")


def test_an_open_parenthesis_holds_the_attribution_before_a_quote() -> None:
    text = (
        "We failed to see the flood for what it was (Tom Lee, who mapped the river, once "
        "said, “It happened so many times.”)"
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Tom Lee, who mapped the river", "said")


def test_an_inverted_cue_and_name_before_a_quote() -> None:
    text = "Because of how the timetable was drawn up, explained Lena Ortiz, “it is hard.”"
    head, quote = find_attributions(text)
    assert quote.direct and _pieces(text, quote)[:2] == ("Lena Ortiz", "explained")
    # The quote goes on from the words before its attribution: they are hers too.
    assert _pieces(text, head) == (
        "Lena Ortiz",
        "explained",
        "Because of how the timetable was drawn up",
    )


def test_a_split_quote_after_an_inverted_lower_case_source_keeps_it() -> None:
    text = "“The quay is too far behind,” said a harbour pilot, “and May was not a good month.”"
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [
        ("a harbour pilot", "said"),
        ("a harbour pilot", "said"),
    ]


def test_a_colon_after_a_named_subject_and_its_verb_introduces_its_quote() -> None:
    text = 'Ortiz delivered a snappy retort: "No one is closing the quay. We are going forward."'
    pieces = [_pieces(text, f) for f in find_attributions(text)]
    assert [p[0] for p in pieces if p[2].startswith('"No one')] == ["Ortiz"]


def test_a_name_right_before_the_cue_after_a_phrase_and_comma_speaks() -> None:
    text = "“The harbour is reminiscent of the 1960s,” the heyday of the port, Ortiz says."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Ortiz", "says")


def test_a_time_opening_the_sentence_is_no_part_of_a_name_and_its_appositive() -> None:
    text = "Moments later, Lena Ortiz, whose support fell last week, said she would stay on."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Lena Ortiz, whose support fell last week,", "said")


def test_an_interjected_clause_without_a_subject_leaves_the_source_before_it() -> None:
    text = "The mayor’s office, when contacted by the Gazette, said the quay would reopen in May."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("The mayor’s office", "said")


def test_an_adverb_between_a_relative_source_and_its_cue_is_left_out() -> None:
    text = (
        "The two ports, the largest on the coast, which together vowed to stave off the "
        "closure, met in May."
    )
    found = find_attributions(text)
    assert ("which", "vowed") in [_pieces(text, f)[:2] for f in found]


def test_a_quote_opening_reported_speech_takes_its_attribution() -> None:
    text = (
        "The board met on Monday.\n\n''I have admiration for the mechanics'' of the plan, Mr. "
        "Lee said. ''But it is not a good idea.''"
    )
    found = find_attributions(text)
    first = next(f for f in found if f.content[0] == text.index("''I have"))
    assert _pieces(text, first) == ("Mr. Lee", "said", "''I have admiration for the mechanics''")
    assert first.direct


def test_a_quote_after_reported_speech_ending_in_a_quote_takes_its_attribution() -> None:
    text = (
        "The crews are “learning that the winter run is a bigger, more complex job,” Ortiz "
        "said. “The winter run is like a relay — it takes a whole different crew.”"
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [("Ortiz", "said"), ("Ortiz", "said")]
    assert not found[0].direct and found[1].direct


def test_a_participle_after_a_quote_introduced_before_it_keeps_its_speaker() -> None:
    text = (
        "On the radio the day before, she stated, “When I look at this, the quay is lost,” "
        "adding, “I think maybe 1,500 people will leave.”"
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [("she", "stated"), ("she", "adding")]


def test_a_title_in_ing_opens_an_appositive_after_a_quote() -> None:
    text = (
        "''The quay will reopen,'' Tom Lee, managing director and chief engineer at the "
        "harbour board, told investors."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (
        "Tom Lee, managing director and chief engineer at the harbour board,",
        "told",
    )


def test_a_second_cue_after_before_takes_the_attribution_after_the_quote() -> None:
    text = (
        '"If the board sells the quay, nothing can be done," Ortiz said before adding: "Though '
        'the ferry crews may still try."'
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [("Ortiz", "said"), ("Ortiz", "adding")]


def test_a_paragraph_closing_on_a_colon_after_a_named_subject_introduces_the_quote() -> None:
    text = (
        "When the ferry sank in 1998, Mayor Lena Ortiz released the following statement:\n\n"
        "“The town offers its condolences to the families of the crew.”"
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[:2] for f in found] == [("Mayor Lena Ortiz", ":")]


def test_an_inverted_source_may_be_partitive_or_described_by_a_participle() -> None:
    text = (
        '"There is no path for the ferry," said one of those advisers. "It will close," said '
        "a source involved in the talks."
    )
    found = find_attributions(text)
    assert [_pieces(text, f)[0] for f in found] == [
        "one of those advisers",
        "a source involved in the talks",
    ]


def test_a_line_of_a_dash_and_a_name_signs_the_quote_above() -> None:
    text = (
        '"The idea that I would close the quay is just not accurate."\n\n- Lena Ortiz.\n\n'
        "The mayor said more."
    )
    found = find_attributions(text)
    assert _pieces(text, found[0])[:2] == ("Lena Ortiz", "-")


def test_double_apostrophe_quotes_close_the_content_before_the_source() -> None:
    text = (
        "Still, the ferries are ''just scratching out a profit,'' Mr. Lee said from his "
        "office in Ely. ''Shipping is a razor-thin business.''"
    )
    found = find_attributions(text)
    assert [_pieces(text, f) for f in found] == [
        ("Mr. Lee", "said", "Still, the ferries are ''just scratching out a profit,''"),
        ("Mr. Lee", "said", "''Shipping is a razor-thin business.''"),
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('Ortiz spoke on Monday, saying, "We will keep the quay open."', "Ortiz"),
        ('Earlier Wednesday, Ortiz spoke to the board, saying, "We will keep it."', "Ortiz"),
        (
            'The ferry left at dawn, Ortiz said, adding, "It was not very full."',
            "Ortiz",
        ),
    ],
)
def test_a_participle_before_a_quote_takes_the_clause_that_attributes(
    text: str, source: str
) -> None:
    # A time inside a clause does not make it an opening adverbial; "X said, adding" is X's.
    found = find_attributions(text)
    assert _pieces(text, found[-1])[0] == source


@pytest.mark.parametrize(
    "text",
    [
        "But Megan Hester, a senior organizer at the Annenberg Institute, said parents still "
        "want neighbourhood schools.",
        "And Megan Hester, who organizes parents in Brooklyn, said they still want them.",
    ],
)
def test_a_conjunction_before_a_name_and_its_appositive_is_no_part_of_the_source(
    text: str,
) -> None:
    found = find_attributions(text)
    source = _pieces(text, found[0])[0]
    assert source is not None and source.startswith("Megan Hester,"), source


@pytest.mark.parametrize("title", ["Rev.", "Capt.", "Gen.", "Lt."])
def test_a_titles_period_does_not_end_the_attribution_after_a_quote(title: str) -> None:
    text = f"“We will keep the quay open,” said {title} Ann Ortiz, the harbour's chaplain."
    found = find_attributions(text)
    assert _pieces(text, found[0])[0] == f"{title} Ann Ortiz, the harbour's chaplain"


def test_an_abbreviations_period_before_a_comma_does_not_end_the_attribution() -> None:
    text = (
        "“I would have been in Siberia for a long time,” Mr. Daniloff, now 81 and retired in "
        "Cambridge, Mass., said by telephone this week."
    )
    found = find_attributions(text)
    assert _pieces(text, found[0])[0] == "Mr. Daniloff, now 81 and retired in Cambridge, Mass.,"


def test_a_second_verb_after_but_is_the_subjects() -> None:
    text = (
        "Wealth-X keeps its own finances a secret but says its business has tripled over the "
        "last three years."
    )
    pieces = [_pieces(text, f) for f in find_attributions(text)]
    assert [p[0] for p in pieces if p[1] == "says"] == ["Wealth-X"]


@pytest.mark.parametrize("verb", ["barked", "snapped", "scoffed", "muttered", "scolded", "opined"])
def test_verbs_of_the_manner_of_speaking_are_cues(verb: str) -> None:
    text = f"“Go back to the harbour,” Ann Ortiz {verb} as the guards led him out."
    found = find_attributions(text)
    assert _pieces(text, found[0])[:2] == ("Ann Ortiz", verb)


def test_an_attribution_nested_in_a_subordinate_clause_of_the_content() -> None:
    text = (
        "Francis said that until he sees proof that the bishop was complicit, the accusations "
        "are calumny."
    )
    outer, nested = find_attributions(text)
    # PolNeAR marks both: the outer content stays whole.
    assert _pieces(text, outer) == (
        "Francis",
        "said",
        "that until he sees proof that the bishop was complicit, the accusations are calumny",
    )
    assert nested.nested and not outer.nested
    assert _pieces(text, nested) == (
        "he",
        "sees",
        "proof that the bishop was complicit, the accusations are calumny",
    )


def test_a_nested_pronoun_has_no_speaker_and_a_nested_name_is_no_antecedent() -> None:
    # In the content, "he" is Trump, not Robby Mook (the last speaker): left empty.
    text = (
        "Robby Mook said in an interview that Trump lashed out at the generals when he was "
        "asked for details about his plans."
    )
    quotes = find_quotes_in_text(text)
    assert [(q.source.text, q.speaker) for q in quotes if q.source] == [
        ("Robby Mook", "Robby Mook"),
        ("Trump", "Trump"),
        ("he", None),
    ]
    # The nested "Wu" speaks, but the next sentence's "He" is the minister's, left as it was.
    text = (
        "Jane Hill met Tom Wu on Monday. The minister argued that the plan failed because Wu "
        "said the budget was too small. He said he would try again."
    )
    quotes = find_quotes_in_text(text)
    assert [(q.source.text, q.speaker) for q in quotes if q.source] == [
        ("The minister", "The minister"),
        ("Wu", "Tom Wu"),
        ("He", None),
    ]


def test_a_name_after_a_preposition_or_a_day_before_who_is_no_speaker() -> None:
    text = (
        "The EU Council president claimed that people across Europe were hoping the UK would "
        "reverse its decision. Senator Ted Cruz endorsed Donald Trump on Friday, who says he "
        "is honored by the support."
    )
    speakers = {q.source.text: q.speaker for q in find_quotes_in_text(text) if q.source}
    assert speakers["people across Europe"] == "people across Europe"  # not "Europe"
    assert speakers["who"] is None  # not "Friday"


def test_a_relative_pronoun_after_a_clause_and_a_comma_is_the_source() -> None:
    # PolNeAR marks "who"; the clause before it ("The plan drew fire from …") is no source.
    text = "The plan drew fire from Ann Lee, who said the deal was bad."
    (quote,) = find_quotes_in_text(text)
    assert (quote.source.text if quote.source else None, quote.speaker) == ("who", "Ann Lee")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An opening adverb and its comma before the name that the relative clause follows.
        (
            "Still, Petrilli, who thinks the agency made a power grab, called the new law much "
            "better than the old one.",
            [("who", "Petrilli"), ("Petrilli", "Petrilli")],
        ),
        # A person named before "who", with a gender, is the antecedent of a later "he"
        # (it was the speaker before, Jeb Bush).
        (
            "“There is no place for racism in the party,” Jeb Bush said on Twitter.\n\n"
            "Tim Scott, who has called the comments toxic, walked out of the meeting early.\n\n"
            "“For the next several months, he will have the loudest voice,” he said.",
            [("Jeb Bush", "Jeb Bush"), ("who", "Tim Scott"), ("he", "Tim Scott")],
        ),
    ],
)
def test_a_relative_clause_speaker_and_the_main_clauses(
    text: str, expected: list[tuple[str, str]]
) -> None:
    quotes = find_quotes_in_text(text)
    assert [(q.source.text, q.speaker) for q in quotes if q.source] == expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Ivanka Trump, the Republican presidential nominee's eldest daughter, noted the rule "
            "in the interview last week.",
            "Ivanka Trump, the Republican presidential nominee's eldest daughter,",
        ),
        (
            "Jo-Renee Formicola, political science professor at Seton Hall University, described "
            "Trump's approach in terms of lowering expectations.",
            "Jo-Renee Formicola, political science professor at Seton Hall University,",
        ),
    ],
)
def test_a_name_and_its_appositive_before_the_last_comma_are_no_content(
    text: str, source: str
) -> None:
    # Not "CONTENT, CUE SOURCE": the words after the cue ("the rule") are its object.
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_a_name_before_a_relative_clause_too_long_for_an_appositive_speaks() -> None:
    text = (
        "Dr. Connie Mariano, who as a Navy captain was the White House physician in the "
        "administration of a former president and later retired from the service as a rear "
        "admiral, said that the senator had hidden the illness for years."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Dr. Connie Mariano", "said")


def test_a_name_owned_by_another_is_no_fuller_name() -> None:
    # "Trump's Russia" earlier in the text is no fuller name of the country that favoured him.
    text = (
        "Critics mocked Trump's Russia for months.\n\nRussia said on Monday that it would not "
        "comment on the claims."
    )
    speakers = {q.source.text: q.speaker for q in find_quotes_in_text(text) if q.source}
    assert speakers["Russia"] == "Russia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The relative clause's cue and the main clause's, which was read into its content
        # (and once as a nested attribution of "oppose him").
        (
            "Republicans who oppose him say the plan is dead.",
            [("who", "oppose"), ("Republicans", "say")],
        ),
        # No cue in the relative clause: its noun phrase and the clause are the source (it
        # was "who watched the debate", and a name in the clause the speaker).
        (
            "A Texas teenager who supports President Trump says he was expelled.",
            [("A Texas teenager who supports President Trump", "says")],
        ),
        # An acronym is no relative pronoun.
        (
            "The WHO is planning to send 40 specialists to the area, while Salma adds that "
            "the UN hopes to have a lab running there.",
            [("WHO", "is planning"), ("Salma", "adds")],
        ),
    ],
)
def test_a_restrictive_relative_clause_in_the_subject(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [_pieces(text, f)[:2] for f in find_attributions(text)] == expected


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # Nested in the subject's own attribution, and in a clause of no attribution.
        (
            "Sanders pointed to the polls, cracking a smile as he noted that the race changed.",
            "Bernie Sanders",
        ),
        (
            "Sanders smiled broadly at the crowd as he noted that the race had changed.",
            "Bernie Sanders",
        ),
        # Another name between: no guess (it could be Trump's).
        (
            "Sanders said in an interview that Trump lashed out at the generals when he was "
            "asked for details about his plans.",
            None,
        ),
    ],
)
def test_a_pronoun_is_the_person_opening_its_sentence(sentence: str, speaker: str | None) -> None:
    text = f"Bernie Sanders spoke in Iowa on Monday. “It is over,” Tom Wu said.\n\n{sentence}"
    (quote,) = [q for q in find_quotes_in_text(text) if q.source and q.source.text == "he"]
    assert quote.speaker == speaker


def test_a_pronoun_after_a_quote_is_not_the_quotes_subject() -> None:
    text = (
        "“The party is united,” Joe Biden said in Ohio.\n\n“Does he know what he is doing? "
        "Donald Trump is making the country less safe,” he said."
    )
    assert find_quotes_in_text(text)[-1].speaker == "Joe Biden"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A participle after a comma: the subject's second attribution, the first cut.
        (
            "Hillary Clinton criticized the plan, saying anybody who complains about a "
            "microphone is not having a good night.",
            [
                ("Hillary Clinton", "criticized", "the plan"),
                (
                    "Hillary Clinton",
                    "saying",
                    "anybody who complains about a microphone is not having a good night",
                ),
            ],
        ),
        # A verb after "but" (with its adverb) or "and", with or without a comma.
        (
            "Demonstrators said they want justice for the victims, but also warned that the "
            "protests would go on.",
            [
                ("Demonstrators", "said", "they want justice for the victims"),
                ("Demonstrators", "also warned", "that the protests would go on"),
            ],
        ),
        (
            "The senator said he would order a thorough review of the defences and warned "
            "against hackers from abroad.",
            [
                ("The senator", "said", "he would order a thorough review of the defences"),
                ("The senator", "warned against", "hackers from abroad"),
            ],
        ),
        # Inside a quote, or a clause of the content's own: the words are not the source's.
        (
            "Mr. Davis said that “I reject, condemn and oppose the minister's views on the "
            "matter.”",
            [
                (
                    "Mr. Davis",
                    "said",
                    "that “I reject, condemn and oppose the minister's views on the matter.”",
                )
            ],
        ),
        (
            "The minister said the talks collapsed because the mayor attacked the police and "
            "claimed they had lied.",
            [
                (
                    "The minister",
                    "said",
                    "the talks collapsed because the mayor attacked the police and claimed they "
                    "had lied",
                )
            ],
        ),
    ],
)
def test_a_further_verb_of_the_source_in_its_content(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [_pieces(text, f) for f in find_attributions(text)] == expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Grassley joined members of Congress in asking for the findings to be released.",
            "Grassley",
        ),
        ("Bolton distanced himself from the movement by saying he would serve if asked.", "Bolton"),
    ],
)
def test_a_gerund_after_a_preposition_takes_the_sentence_subject(text: str, source: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_a_relative_clause_after_an_opening_adverbial_and_a_name() -> None:
    text = (
        'On "Face the Nation," Sen. Ann Lee (D-Ore.), who lost the primary to Clinton, '
        "identified young voters' exhaustion as one of the reasons to back her."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Sen. Ann Lee (D-Ore.)", "identified")


def test_a_quote_inside_reported_speech_is_its_sources() -> None:
    text = (
        "Mr. Obama said the museum would tell the stories of Americans often overlooked -- "
        "“the president but also the slave, the industrialist but also the porter.”"
    )
    quote = next(q for q in find_quotes_in_text(text) if q.direct)
    assert (quote.source.text if quote.source else None, quote.speaker) == ("Mr. Obama", "Obama")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The article goes on to say that the plan was flawed from the start.", "The article"),
        (
            "The Republican nominee continues to insist that the polls are rigged.",
            "The Republican nominee",
        ),
        # The object says it, not the subject: left as it was.
        ("The timing led Republicans to say that the race was over.", None),
    ],
)
def test_an_infinitive_cue_takes_its_verbs_subject(text: str, source: str | None) -> None:
    (found,) = find_attributions(text)
    if source is not None:
        assert _pieces(text, found)[0] == source
    else:
        assert _pieces(text, found)[0] != "The timing"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The mill is hanging on, but it is under pressure from imports, said the "
            "company's chief executive, Joan Ferrer.",
            "the company's chief executive, Joan Ferrer",
        ),
        (
            "The review cannot offer a timeline, said the officials, who asked not to be named.",
            "the officials",
        ),
    ],
)
def test_an_inverted_source_described_then_named(text: str, source: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (source, "said")
    assert _pieces(text, found)[2].startswith("The ")


def test_an_inverted_description_before_a_clause_is_no_source() -> None:
    text = (
        "The candidates said their speeches, already full of references to security, "
        "would focus even more on it."
    )
    assert all(_pieces(text, f)[0] != "their speeches" for f in find_attributions(text))
    assert all("would focus" not in (_pieces(text, f)[0] or "") for f in find_attributions(text))


def test_an_adverb_set_off_after_any_noun_phrase() -> None:
    text = "The alliance's secretary general, meanwhile, called on the regime to stop its tests."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("The alliance's secretary general", "called on")


def test_a_second_verb_after_but_and_an_adverb() -> None:
    text = "Ann Massey used to back the senator, but now said the nominee had to unite the party."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Ann Massey", "said")


def test_a_relative_that_after_an_inverted_source() -> None:
    text = (
        '"We were deceived into coming here," said one owner of a shop that sells shoes '
        "who declined to be named."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("one owner of a shop", "said")


def test_a_participle_after_an_interrupting_attribution_is_its_cue() -> None:
    text = "The plan is dead, Ann Beck said, adding that it had failed in every county."
    assert [_pieces(text, f) for f in find_attributions(text)] == [
        ("Ann Beck", "said", "The plan is dead"),
        ("Ann Beck", "adding", "that it had failed in every county"),
    ]


def test_cannot_is_no_part_of_a_source() -> None:
    text = "The review cannot offer a timeline, said the board's chair, Ann Beck."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("the board's chair, Ann Beck", "said")


def test_a_day_after_the_cue_before_a_pronoun_is_neither_source_nor_content() -> None:
    text = (
        "Former candidate Ann Beck, who on Tuesday endorsed Clinton, said Wednesday he "
        "agrees with the remarks."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Former candidate Ann Beck", "said", "he agrees with the remarks") in found


def test_an_inverted_source_followed_by_a_finite_verb_is_a_content() -> None:
    text = (
        "But Ann Beck, director of Action Now, which organized the letter, said Clinton's "
        "response to Trump was undercut by her ties to Clark."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "Ann Beck, director of Action Now, which organized the letter,",
        "said",
        "Clinton's response to Trump was undercut by her ties to Clark",
    )


def test_a_modal_is_no_part_of_a_source() -> None:
    text = "Ann Beck, the envoy from 2007 to 2013, said Mexico must rebut the claims."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[1:] == ("said", "Mexico must rebut the claims")


def test_a_conjunction_before_a_name_and_its_appositive_is_no_part_of_it() -> None:
    text = (
        "And Ohio's Ann Beck, one of only a handful of members, said Trump will exceed "
        "expectations."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "Ohio's Ann Beck, one of only a handful of members,"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "But attorneys and legal experts said that is highly unlikely.",
            "attorneys and legal experts",
        ),
        (
            "Despite the feuding, many experts and some lawmakers say it had successes.",
            "many experts and some lawmakers",
        ),
    ],
)
def test_a_subject_of_two_plain_noun_phrases(text: str, source: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_a_verb_phrase_before_and_is_no_subject() -> None:
    text = "Revenues grew and analysts say the company will do well this year."
    assert all(_pieces(text, f)[0] != "Revenues grew and analysts" for f in find_attributions(text))


def test_a_title_in_straight_quotes_inside_an_appositive() -> None:
    text = (
        'Sam Lee, a contestant on the reality show, "The Apprentice," who went on to work '
        'for him, said his boss was "always kind and generous."'
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (
        'Sam Lee, a contestant on the reality show, "The Apprentice," who went on to work for him,',
        "said",
    )


def test_an_adverb_and_a_subordinator_open_an_adverbial() -> None:
    text = (
        "Shortly after the merger announcement, the families had mobilized, warning that "
        "the deal would ruin the company."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("the families", "warning")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Although health officials have said the risk is low, the town is worried.",
            "health officials",
        ),
        ("Unless the board agrees to modify the plan, the vote will fail.", "the board"),
    ],
)
def test_a_clause_subordinator_is_no_part_of_the_source(text: str, source: str) -> None:
    assert _pieces(text, find_attributions(text)[0])[0] == source


def test_an_inverted_source_with_a_long_relative_clause() -> None:
    text = (
        "But that is not good enough, said Ann Lee, a senior analyst at Jefferies, who notes "
        "that the company has vowed to cut at least a half-billion dollars in costs annually "
        "for the next few years."
    )
    found = find_attributions(text)
    assert _pieces(text, found[0])[1:] == ("said", "But that is not good enough")
    assert (_pieces(text, found[0])[0] or "").startswith("Ann Lee, a senior analyst")


def test_a_line_ending_with_a_described_name_after_the_cue() -> None:
    text = (
        "Others joked about it.\n"
        "The report is out, wrote New York Times culture reporter Dave Lee\n"
        "More came later."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("New York Times culture reporter Dave Lee", "wrote", "The report is out") in found


def test_a_quotation_then_a_name_with_an_appositive_holding_commas() -> None:
    text = (
        "The new plans “are steps in the right direction,” Ann Lee, assistant secretary of "
        "state for population, refugees, and migration, said on the same call."
    )
    (found,) = find_attributions(text)
    source, cue, content = _pieces(text, found)
    assert (source or "").startswith("Ann Lee, assistant secretary") and cue == "said"
    assert content == "The new plans “are steps in the right direction,”"


def test_a_quotation_then_a_source_whose_cue_has_content_of_its_own() -> None:
    text = "As for the mangling of “Hamas,” Levine found comic relief in it."
    contents = [_pieces(text, f)[2] for f in find_attributions(text)]
    assert "As for the mangling of “Hamas,”" not in contents


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Ann Lee was recommended to the board most forcefully by President Bill Clinton.",
            "President Bill Clinton",
        ),
        (
            "Mr. Ruiz was granted the temporary return of his credentials by a federal judge.",
            "a federal judge",
        ),
        # Another verb's agent, or how: no source.
        ("The memo was revealed last week in documents made public by the FBI.", None),
        (
            "She was declared the winner of the caucuses last week by the narrowest of margins.",
            None,
        ),
    ],
)
def test_a_passives_agent_after_its_complement(text: str, source: str | None) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_a_description_with_capitals_of_its_own_before_a_name() -> None:
    text = '"I do not know where he stands," said undecided Republican voter Ann Hooton of Derry.'
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("undecided Republican voter Ann Hooton of Derry", "said")


def test_a_phrase_of_when_is_no_described_name() -> None:
    text = (
        '"In breaking news," Axelrod tweeted, "she wins an endorsement," after Clinton '
        "spokesman Brian Fallon expressed support."
    )
    assert {_pieces(text, f)[0] for f in find_attributions(text)} == {"Axelrod"}


def test_a_participle_of_saying_after_a_name_is_no_part_of_its_source() -> None:
    text = "Salceda, citing data from the State Department, said that four million people came."
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Salceda", "said", "that four million people came") in found
    # The participle is the same source's attribution of its own.
    assert ("Salceda", "citing", "data from the State Department") in found


def test_an_inverted_source_may_be_followed_by_a_clause_with_no_subject() -> None:
    text = '"The ferry must stay," said harbour pilot Ann Ruiz when asked about the council.'
    found, question = find_attributions(text)
    assert _pieces(text, found)[:2] == ("harbour pilot Ann Ruiz", "said")
    assert _pieces(text, question) == (None, "asked about", "the council")


def test_here_may_close_a_source() -> None:
    text = "Her campaign workers here said they have been knocking on doors since the spring."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Her campaign workers here", "said")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('And then Ruiz went on the attack, saying, "Is the council going to resign?"', "Ruiz"),
        ("And she managed it with flair, slamming the profits of the ferry owners.", "she"),
        (
            "Yet Ruiz maintains a sliver of space for doubt in order to keep that distinction "
            'between her and those rivals: "I have defended it as long as I could."',
            "Ruiz",
        ),
    ],
)
def test_a_conjunction_opening_the_sentence_is_no_part_of_its_subject(
    text: str, source: str
) -> None:
    sources = {_pieces(text, f)[0] for f in find_attributions(text)}
    assert sources == {source}


def test_a_participle_right_after_a_quotation_inside_reported_speech() -> None:
    text = (
        "Ann Ruiz told the radio station that the council “had a crazy plan,” adding, “It "
        "will close the harbour.”"
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Ann Ruiz", "adding", "“It will close the harbour.”") in found
    # A sentence opening with the quotation has nobody to add it.
    text = "“The plan is over,” adding, “We lost the harbour.”"
    assert {_pieces(text, f)[0] for f in find_attributions(text)} == {None}


@pytest.mark.parametrize(
    "text",
    [
        "In a memo, Ann Ruiz, the editor in charge of ''Harbour Today,'' reminded her staff.",
        "In a memo, Ann Ruiz, the editor in charge of “Harbour Today,” reminded her staff.",
    ],
)
def test_an_appositive_closed_by_a_comma_inside_a_titles_marks(text: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (text[11 : text.index(" reminded")], "reminded")


def test_a_name_opening_a_subordinate_clause_keeps_its_appositive() -> None:
    text = (
        "The best moment came on Wednesday when Ann Ruiz, a host of the show, refused to go "
        "along with a colleague's attempt."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "Ann Ruiz, a host of the show,"


def test_that_said_is_a_concession_not_an_attribution() -> None:
    text = "Harbour towns are less upbeat. That said, pilots say the ferry will stay open."
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [("pilots", "say", "the ferry will stay open")]


def test_the_subject_of_a_participle_after_with() -> None:
    text = "The mayor comes in second, with 22 percent saying they would not support her."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("22 percent", "saying")


def test_a_source_before_a_quotation_keeps_its_relative_clause() -> None:
    text = (
        "Although the teams differ, a harbour official who spoke anonymously to discuss the "
        'strategy said Wednesday, "Certainly there are talks."'
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == (
        "a harbour official who spoke anonymously to discuss the strategy"
    )


def test_a_name_particle_opens_a_source() -> None:
    text = 'After the storm, de Vries tweeted, "The ferry will stay."'
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "de Vries"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The family had been traveling together, wrote harbour pilot Ann Ruiz, their "
            "niece, on Facebook.",
            "harbour pilot Ann Ruiz",
        ),
        # A verb's object, no description before a name: the name before speaks.
        (
            "Ruiz, a pilot for the harbour company, recalled numerous telephone calls with Lee.",
            "Ruiz, a pilot for the harbour company",
        ),
    ],
)
def test_an_inverted_described_name_with_an_appositive(text: str, source: str) -> None:
    sources = [_pieces(text, f)[0] or "" for f in find_attributions(text)]
    assert any(s.startswith(source) for s in sources)


def test_a_sentence_adverb_before_a_parenthetical_attribution_is_no_content() -> None:
    text = "But ultimately, other pilots say, the ferry was never at risk."
    contents = [_pieces(text, f)[2] for f in find_attributions(text)]
    assert contents == ["the ferry was never at risk"]


def test_a_participle_after_a_quotes_attribution_may_report_a_quotation() -> None:
    text = '"We want to win," she said, adding that "the party will come together in July."'
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("she", "adding", 'that "the party will come together in July."') in found


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (
            'Ruiz praised the pilots who stayed but said, "We need a new ferry."',
            ("Ruiz", "praised", "the pilots who stayed"),
        ),
        (
            "A harbour official said the council will have to choose a side, saying, “At "
            "some point it must decide.”",
            ("A harbour official", "said", "the council will have to choose a side"),
        ),
    ],
)
def test_reported_speech_before_a_second_verb_that_opens_a_quotation(
    text: str, reported: tuple[str, str, str]
) -> None:
    assert reported in [_pieces(text, f) for f in find_attributions(text)]


def test_a_cue_closing_a_subordinate_clause_has_no_content_after_its_comma() -> None:
    text = "When Ruiz complained, the harbour master said they would look at the timetable."
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [("the harbour master", "said", "they would look at the timetable")]


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "Ruiz blamed the delay on a “bad timetable,” claiming the ferry had left early.",
            ("Ruiz", "claiming", "the ferry had left early"),
        ),
        (
            "Ruiz denounced the plan as “hurtful and silly” and warned of the cost to the town.",
            ("Ruiz", "warned of", "the cost to the town"),
        ),
        (
            "He described the talks as “a useful exchange of views” and asked the mayor to "
            "consider a new ferry.",
            ("He", "asked", "the mayor to consider a new ferry"),
        ),
    ],
)
def test_a_further_verb_after_a_quoted_phrase(text: str, second: tuple[str, str, str]) -> None:
    assert second in [_pieces(text, f) for f in find_attributions(text)]


def test_a_subordinate_clauses_content_may_be_one_word_before_the_main_clause() -> None:
    text = "While many pilots have complained about Ruiz, many said Monday that the ruling changes."
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [
        ("many pilots", "have complained about", "Ruiz"),
        ("many", "said", "that the ruling changes"),
    ]


@pytest.mark.parametrize(
    ("text", "main"),
    [
        (
            "Ann Ruiz, the head of the Pilots Union, which endorsed Mr. Lee in December, said "
            "that the ferry would stay.",
            ("Ann Ruiz", "said", "that the ferry would stay"),
        ),
        (
            "But Mr. Lee, a pilot who described himself as a loyal member, said he recoiled at "
            "the vote.",
            ("Mr. Lee", "said", "he recoiled at the vote"),
        ),
        # No cue in the relative clause: the one after it is the main clause's.
        (
            "The Harbour Times, which does not disclose its finances, denied the report, saying "
            "this year will be fine.",
            ("The Harbour Times, which does not disclose its finances,", "denied", "the report"),
        ),
    ],
)
def test_the_main_clause_after_a_relative_clause_with_a_cue(
    text: str, main: tuple[str, str, str]
) -> None:
    assert main in [_pieces(text, f) for f in find_attributions(text)]


def test_a_relative_clause_in_parentheses_after_a_name() -> None:
    text = "Ruiz (who has 25 delegates to date) said it is possible for her to win the vote."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Ruiz (who has 25 delegates to date)", "said")


def test_here_and_a_place_open_an_adverbial() -> None:
    text = 'Here in Dover, Ruiz stepped up her attacks on the council, saying, "We need a ferry."'
    sources = {_pieces(text, f)[0] for f in find_attributions(text)}
    assert sources == {"Ruiz"}


def test_a_participle_after_upon_is_the_subjects() -> None:
    text = "Ruiz, a pilot, drew a wave of boos upon saying, “The ferry will close.”"
    (found,) = find_attributions(text)
    assert (_pieces(text, found)[0] or "").startswith("Ruiz")


def test_an_as_aside_after_a_name_is_no_part_of_the_source() -> None:
    text = "Captain Ruiz, as she is known by her crew, described a day at sea with the pilots."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Captain Ruiz", "described")


def test_a_span_of_time_ago_between_a_source_and_its_cue() -> None:
    text = "The harbour board less than two weeks ago said that the ferry would stay."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("The harbour board", "said")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The council dithered while doctors and harbour pilots warned of the risk.",
            "doctors and harbour pilots",
        ),
        ("Since the vote, he and the pilots agree that the plan will fail.", "he and the pilots"),
    ],
)
def test_a_subject_of_two_noun_phrases_after_a_subordinator_or_from_a_pronoun(
    text: str, source: str
) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_two_places_of_one_noun_phrase_in_a_source() -> None:
    text = "Officials in the Harbour Board and at the Port Authority have said the ferry will stay."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "Officials in the Harbour Board and at the Port Authority"


def test_a_subjects_relative_clause_may_hold_an_auxiliary() -> None:
    text = "Senior pilots who have run the numbers argue that the ferry will close by May."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Senior pilots who have run the numbers", "argue")


@pytest.mark.parametrize(
    "text",
    [
        "The ferry plan failed badly, as the mayor said.",
        "The ferry plan failed badly, as the mayor said on Monday.",
    ],
)
def test_an_as_attribution_closing_the_sentence_has_the_clause_before(text: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("the mayor", "said", "The ferry plan failed badly")


def test_an_as_attribution_before_a_clause_has_no_content_before_it() -> None:
    text = "Oddly, as Ruiz wrote in her column, the ferry was full on the day."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[2] != "Oddly"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("This person said the ferry would stay.", "This person"),
        ("Those surveyed said the ferry should stay.", "Those surveyed"),
    ],
)
def test_a_demonstrative_opening_a_source(text: str, source: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "She criticized Ruiz and challenged him to a debate.",
            ("She", "challenged", "him to a debate"),
        ),
        (
            "The mayor describes himself as loyal and has said that he would keep the ferry.",
            ("The mayor", "has said", "that he would keep the ferry"),
        ),
    ],
)
def test_a_second_verb_after_a_one_word_object_or_a_prepositional_as(
    text: str, second: tuple[str, str, str]
) -> None:
    assert second in [_pieces(text, f) for f in find_attributions(text)]


def test_a_further_verb_after_a_relative_clause_a_comma_closed() -> None:
    text = (
        "They called her an opportunist who has neglected her duties in the harbour, and "
        "urged her to resign."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("They", "urged", "her to resign") in found


def test_a_further_verb_after_then() -> None:
    text = "Ruiz offered the man a job on the ferry, then says she will welcome his advice."
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Ruiz", "then says", "she will welcome his advice") in found


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            "The ferry will run until May, her chief of staff, Ann Lee, told The Harbour Post.",
            "her chief of staff, Ann Lee,",
            "told",
        ),
        (
            "The ferry will run until May, Ann Lee, her chief of staff, said Monday.",
            "Ann Lee, her chief of staff,",
            "said",
        ),
    ],
)
def test_content_then_a_name_and_its_appositive_without_a_quotation(
    text: str, source: str, cue: str
) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (source, cue, "The ferry will run until May")


def test_told_before_a_name_is_not_inverted() -> None:
    text = (
        "Lee, in the wake of a new poll showing the ferry's standing with commuters down to 14 "
        "percent, told Fox News on Sunday that Ruiz appreciates the need to do better."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found) == ("Lee", "told", "that Ruiz appreciates the need to do better")


def test_an_inverted_source_keeps_its_restrictive_relative_clause() -> None:
    text = "The ferry will stay, said a harbour official who was not authorized to speak publicly."
    (found,) = find_attributions(text)
    assert _pieces(text, found) == (
        "a harbour official who was not authorized to speak publicly",
        "said",
        "The ferry will stay",
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Harbour officials in North Shields, for instance, noted that the quay was shut.",
            "Harbour officials in North Shields",
        ),
        ("The ferry company, for example, said that the quay was shut.", "The ferry company"),
    ],
)
def test_a_two_word_sentence_adverb_set_off_after_a_source(text: str, source: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == source


def test_a_circumstance_set_off_after_a_noun_before_the_cue() -> None:
    text = (
        "Some commuters who have ridden the ferry over the years, on weekdays or at weekends, "
        "said it had never been so late."
    )
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (
        "Some commuters who have ridden the ferry over the years",
        "said",
    )


def test_an_inner_quotation_closing_with_the_outer_one() -> None:
    text = (
        "''I still recall the day it appeared on 'Harbour Watch,''' said Ann Lee, a former "
        "ferry captain, recalling a false report from the 2008 season that the quay had shut."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Ann Lee, a former ferry captain,", "said") in [f[:2] for f in found]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "As Ann Lee, a ferry captain, put it, the quay should never have shut.",
            "Ann Lee, a ferry captain,",
        ),
        (
            "As Ann Lee, captain of the ferry and author of ''The Harbour Year,'' put it, "
            "''The quay should never have shut.''",
            "Ann Lee, captain of the ferry and author of ''The Harbour Year,''",
        ),
    ],
)
def test_as_a_name_and_its_appositive_put_it(text: str, source: str) -> None:
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert [f[0] for f in found] == [source]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The ferry watchdog group (right) criticized the decision to close the quay.",
            "The ferry watchdog group",
        ),
        (
            "Ann Lee and Sen. Bob Ruiz (R-Kent) criticized the decision to close the quay.",
            "Ann Lee and Sen. Bob Ruiz",
        ),
    ],
)
def test_a_speaker_as_written_leaves_out_a_closing_aside(text: str, speaker: str) -> None:
    (quote,) = find_quotes_in_text(text)
    assert quote.source is not None and quote.source.text.endswith(")")
    assert quote.speaker == speaker


def test_a_clause_before_a_subordinator_is_no_source() -> None:
    text = "The row spread to Dover, where Mayor Ann Lee told reporters that the quay was shut."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("Mayor Ann Lee", "told")


def test_a_clause_of_its_own_after_a_quotes_attribution() -> None:
    text = (
        "“The ferry will run,” said harbour master Ann Lee, though she added that the quay "
        "might close in May."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("she", "added", "that the quay might close in May") in found


def test_a_participle_before_a_quotation_makes_one_attribution() -> None:
    text = "“The ferry will run,” Ann Lee said, adding, “The quay might close in May.”"
    contents = [_pieces(text, f)[2] for f in find_attributions(text)]
    assert contents == ["“The ferry will run,”", "“The quay might close in May.”"]


@pytest.mark.parametrize(
    "text",
    [
        "The plan was never meant (as some have claimed) to close the quay in winter.",
        "The harbour board ruled that Ann Lee (who had refused to appear) was to be removed.",
    ],
)
def test_no_content_after_a_parenthesis_the_cue_closes(text: str) -> None:
    assert not any(_pieces(text, f)[2].startswith(")") for f in find_attributions(text))


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            '"The ferry must run," Ann Lee, who has not endorsed a candidate, told reporters.',
            "Ann Lee, who has not endorsed a candidate,",
            "told",
        ),
        (
            '"The ferry must run," Ruiz, who has proposed closing the quay over five years of '
            "repairs and dredging, said at the time.",
            "Ruiz, who has proposed closing the quay over five years of repairs and dredging,",
            "said",
        ),
        (
            '"The ferry must run," said the harbour master known as Bob.',
            "the harbour master known as Bob",
            "said",
        ),
    ],
)
def test_the_source_after_a_quote_with_a_relative_clause_or_known_as(
    text: str, source: str, cue: str
) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == (source, cue)


def test_a_content_closing_on_a_quotation_before_an_interrupting_attribution() -> None:
    text = 'The harbour board will play the "safety card," Ruiz said, adding that it is too late.'
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Ruiz", "said", 'The harbour board will play the "safety card,"') in found


def test_a_quote_opening_a_sentence_that_closes_on_its_own_attribution() -> None:
    text = (
        "“We will rebuild,” said Ann Lee, the mayor.\n\n"
        "“The quay stays shut” for the whole winter, the harbour master said."
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found[-1] == (
        "the harbour master",
        "said",
        "“The quay stays shut” for the whole winter",
    )


def test_a_clause_before_a_colon_introducing_a_quote_is_read() -> None:
    text = (
        "But she said she was too busy to look for the records that would back up her "
        'statements: "I have a lot going on."'
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert (
        "she",
        "said",
        "she was too busy to look for the records that would back up her statements",
    ) in found


@pytest.mark.parametrize(
    "text",
    [
        'At the meeting, the harbour master wrote the following: "The quay is shut for the '
        'winter."',
        'In a long letter to the council, the harbour master said this about the ferry: "The '
        'quay is shut for the winter."',
    ],
)
def test_a_clause_pointing_at_the_quote_after_its_colon_is_no_content(text: str) -> None:
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [("the harbour master", found[0][1], '"The quay is shut for the winter."')]


def test_a_reported_content_stops_at_the_colon_of_a_quote_found_as_one() -> None:
    text = "The mayor described the plan, quite vividly, as follows: “The quay is shut.”"
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [
        ("The mayor", "described", "the plan, quite vividly, as follows"),
        ("The mayor", "described", "“The quay is shut.”"),
    ]


def test_a_relative_clause_after_an_inverted_source_reports_speech_of_its_own() -> None:
    text = (
        '"We will win," said Ann Lee, a harbour commissioner, who conceded that the quay '
        "might close."
    )
    quotes = find_quotes_in_text(text)
    assert [(q.source and q.source.text, q.cue and q.cue.text, q.speaker) for q in quotes] == [
        ("Ann Lee, a harbour commissioner", "said", "Ann Lee"),
        ("who", "conceded", "Ann Lee"),
    ]


def test_an_inverted_source_keeps_a_relative_clause_with_no_report_of_its_own() -> None:
    text = '"We will win," said the official, a harbour aide, who asked not to be named.'
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "the official, a harbour aide, who asked not to be named"


def test_a_subordinate_clause_before_a_quotes_attribution_is_read() -> None:
    text = (
        "After the harbour master criticized the ferry company during a debate, Ann Lee shot "
        "back, “We will run the ferry all winter.”"
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("the harbour master", "criticized", "the ferry company during a debate") in found


def test_a_relative_clause_closing_on_a_quotation_before_the_main_cue() -> None:
    text = (
        'Ruiz, who estimates that her costs were "in the seven figures," described the '
        'ruling as "horrendous."'
    )
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert ("Ruiz", "described", 'the ruling as "horrendous."') in found


@pytest.mark.parametrize(
    ("text", "not_source"),
    [
        (
            "Speaking in Dover, Ruiz, without naming him, also accused Lee of being a "
            "latecomer to the ferry issue.",
            "Lee of being a latecomer to the ferry issue",
        ),
        (
            "Since announcing Ann Lee as her running mate, Ruiz has risen in the polls to the "
            "high single digits.",
            "Since",
        ),
        (
            "The company moved the ferry to Dover, despite facing criticism for the move from "
            "the mayor and the harbour board.",
            "facing",
        ),
    ],
)
def test_no_source_from_an_object_a_subordinator_or_a_participle(
    text: str, not_source: str
) -> None:
    assert not_source not in [_pieces(text, f)[0] for f in find_attributions(text)]


def test_a_cue_whose_content_is_only_a_circumstance_runs_on_to_its_participle() -> None:
    text = "The harbour master responded on Twitter, calling the plan “reckless” and “cruel.”"
    found = [_pieces(text, f) for f in find_attributions(text)]
    assert found == [
        ("The harbour master", "responded on Twitter, calling", "the plan “reckless” and “cruel.”")
    ]


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        ("Later Wednesday, Ruiz said that the quay would close in May.", "Ruiz", "Ruiz"),
        (
            "Monday, the harbour board announced that the quay would close.",
            "the harbour board",
            "the harbour board",
        ),
        (
            "Last July, Admiral Ann Lee, the harbour commander, warned that the quay would close.",
            "Admiral Ann Lee, the harbour commander,",
            "Ann Lee",
        ),
    ],
)
def test_an_opening_time_is_no_part_of_the_source(text: str, source: str, speaker: str) -> None:
    (quote,) = find_quotes_in_text(text)
    assert quote.source is not None and (quote.source.text, quote.speaker) == (source, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "Speaking in Dover, Ruiz, without naming him, also accused Lee of neglecting the quay.",
        "Ruiz, while still a candidate for mayor last summer, said that the quay would close.",
    ],
)
def test_an_aside_opening_with_without_or_while_is_no_part_of_the_source(text: str) -> None:
    assert [_pieces(text, f)[0] for f in find_attributions(text)][:1] == ["Ruiz"]


def test_a_long_interjection_between_a_name_and_its_cue_is_no_part_of_the_source() -> None:
    text = (
        "The row grew when Mrs. Lee, in response to the harbour board's use of a crude "
        "reference to describe her loss to the council in 2008, accused it of hypocrisy."
    )
    assert [_pieces(text, f)[0] for f in find_attributions(text)] == ["Mrs. Lee"]


def test_an_aside_opening_with_after_is_no_part_of_the_source() -> None:
    text = "Ruiz, after the vote on the quay broke down in March, initially said it was fine."
    assert [_pieces(text, f)[0] for f in find_attributions(text)] == ["Ruiz"]


def test_a_subordinator_opening_a_quotes_source_is_no_part_of_it() -> None:
    text = "Though the report admitted, “It is not clear whether the calls had to do with it.”"
    (found,) = find_attributions(text)
    assert _pieces(text, found)[:2] == ("the report", "admitted")


@pytest.mark.parametrize(
    "text",
    [
        "Speaking last week, Ruiz said his crew had rebuilt the quay.",
        "Later, during the meeting, Ruiz said the crew had rebuilt the quay.",
    ],
)
def test_a_noun_phrase_after_the_cue_is_its_content_not_the_opening_phrase(text: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[0] == "Ruiz"
    assert _pieces(text, found)[2].endswith("crew had rebuilt the quay")


def test_a_participle_phrase_opening_the_sentence_is_no_name() -> None:
    text = "Addressing the Harbour Board's annual gala Thursday, Ruiz said the quay would stay."
    assert [_pieces(text, f) for f in find_attributions(text)] == [
        ("Ruiz", "said", "the quay would stay")
    ]


def test_a_name_in_ing_is_a_name_before_its_appositive() -> None:
    text = "Manning, a former analyst, said the files were leaked."
    assert [_pieces(text, f)[0] for f in find_attributions(text)] == ["Manning, a former analyst,"]


def test_a_content_running_past_a_comma_is_not_read_before_the_clause_after_it() -> None:
    text = "Still, Ruiz said that in a race between Lee and Park, he would support the mayor."
    assert [_pieces(text, f) for f in find_attributions(text)][:1] == [
        ("Ruiz", "said", "that in a race between Lee and Park, he would support the mayor")
    ]
    # Only a listener after the cue: the clause before the comma is its content.
    text = "Ruiz was unsure why Lee wrote that he had been misquoted, he told the Daily Post."
    assert [_pieces(text, f)[:2] for f in find_attributions(text)][-1:] == [("he", "told")]


@pytest.mark.parametrize(
    "text",
    [
        "Making the rounds on the Sunday shows, Ruiz said he was facing unusual scrutiny.",
        "By the time the talks concluded, Ruiz said he was facing unusual scrutiny.",
        "With a vote for Lee ruled out, Ruiz said he was facing unusual scrutiny.",
    ],
)
def test_a_cue_closing_an_opening_phrase_gives_way_to_the_main_clause(text: str) -> None:
    assert [_pieces(text, f) for f in find_attributions(text)] == [
        ("Ruiz", "said", "he was facing unusual scrutiny")
    ]


def test_a_participle_phrase_missing_its_comma_keeps_the_main_cue() -> None:
    text = "Listing the mayor's ventures she added, the quay is a proven failure."
    assert [_pieces(text, f)[:2] for f in find_attributions(text)] == [("she", "added")]


def test_a_name_and_others_is_one_source() -> None:
    text = "Ruiz and others who want to ban it said the vote had been rigged."
    assert [_pieces(text, f) for f in find_attributions(text)][-1] == (
        "Ruiz and others",
        "said",
        "the vote had been rigged",
    )


def test_the_comma_closing_a_sources_appositive_is_the_sources_not_the_speakers() -> None:
    """PolNeAR keeps the comma that closes an appositive in the source; the speaker a reader
    sees has no stray comma."""
    text = "Hicks, his campaign spokeswoman, added that the quay would stay open."
    (quote,) = find_quotes_in_text(text)
    assert quote.source is not None and quote.source.text == "Hicks, his campaign spokeswoman,"
    text = "Only half a dozen councillors, of 54 in all, even expressed concern that it will close."
    (quote,) = find_quotes_in_text(text)
    assert quote.source is not None and quote.source.text.endswith("of 54 in all,")
    assert quote.speaker == "Only half a dozen councillors, of 54 in all"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "As reported by the Harbour Gazette, the quay lost money for years.",
            "the Harbour Gazette",
        ),
        ("As first reported in The Dover Post, the quay lost money for years.", "The Dover Post"),
    ],
)
def test_as_reported_by_a_source_opens_its_content(text: str, source: str) -> None:
    assert [_pieces(text, f) for f in find_attributions(text)] == [
        (source, "reported", "the quay lost money for years")
    ]


def test_seems_to_with_a_verb_keeps_its_subject_as_source() -> None:
    """ "X seems to show": the verb after "to" has X for its source, as PolNeAR marks 28 of 30
    such cues; "X appears to be" stays sourceless."""
    text = "The harbour records seem to show that the quay lost money for years."
    assert [_pieces(text, f) for f in find_attributions(text)] == [
        ("The harbour records", "seem to show", "that the quay lost money for years")
    ]
    text = "The harbour master appears to be ready to close the quay."
    assert [_pieces(text, f)[0] for f in find_attributions(text)] == [None]


@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"'), ("''", "''")])
def test_a_content_ending_in_a_quotation_keeps_its_stop_and_closing_mark(
    marks: tuple[str, str],
) -> None:
    """PolNeAR's contents end after the stop and the closing mark ('called him a “liar.”');
    the content had stopped before the stop, its quotation left open."""
    opening, closing = marks
    text = f"Ruiz called the harbour master a {opening}pathological liar.{closing} He left."
    (found,) = find_attributions(text)
    assert _pieces(text, found)[2] == f"the harbour master a {opening}pathological liar.{closing}"


def test_a_participle_after_a_quotes_attribution_keeps_its_that() -> None:
    text = '"The quay is safe," Ruiz said, adding that the harbour board had checked it.'
    assert [_pieces(text, f) for f in find_attributions(text)][-1] == (
        "Ruiz",
        "adding",
        "that the harbour board had checked it",
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Ruiz was asked about the quay on Sunday.", "the quay on Sunday"),
        ("Reporters were told by Ann Lee, the harbour master, that the quay would close.",
         "that the quay would close"),
    ],
)  # fmt: skip
def test_the_one_asked_is_no_part_of_what_was_asked(text: str, content: str) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found)[2] == content


def test_a_source_stops_at_why_or_how() -> None:
    text = "Looking at how the website rated this statement by the mayor, the bias is clear."
    assert [_pieces(text, f)[0] for f in find_attributions(text)] == ["the website"]


@pytest.mark.parametrize(("o", "c"), [("“", "”"), ("''", "''")])
def test_a_cue_with_a_clause_of_its_own_after_a_closed_quote_is_not_the_quotes(
    o: str, c: str
) -> None:
    """“….” He added that …: the next sentence's cue reports its own clause; the quote is
    the speaker's who introduced it, and the clause is found too (the NYT's ''…'' had
    given the quote to "He added")."""
    text = (
        f"Mr. Lee issued a statement Tuesday saying, {o}I do not feel that it is fair.{c} "
        "He added that he was simply asking whether the toll was legal."
    )
    pieces = [_pieces(text, f) for f in find_attributions(text)]
    assert [p[:2] for p in pieces] == [("Mr. Lee", "saying"), ("He", "added")]
    assert pieces[1][2] == "that he was simply asking whether the toll was legal"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The toll would end ferry service as we know it, the mayor declared in an "
            "interview Thursday, in the latest escalation of words between the two towns.",
            "the mayor",
            "The toll would end ferry service as we know it",
        ),
        (
            "The board was working to change its image, wrote the harbour master at the "
            "time, John Holt.",
            "the harbour master",
            "The board was working to change its image",
        ),
    ],
)
def test_an_attribution_before_an_aside_has_the_words_before_it(
    text: str, source: str, content: str
) -> None:
    """CONTENT, SOURCE CUE (CIRCUMSTANCE), ASIDE.: the sentence's last comma opens an aside,
    so the attribution sits between the last two (its circumstance and the aside had been
    the content)."""
    pieces = [_pieces(text, f) for f in find_attributions(text)]
    assert [(p[0], p[2]) for p in pieces] == [(source, content)]


def test_a_single_mark_that_meets_a_double_one_is_an_apostrophe() -> None:
    # "in ‘08" opens no quote: the quotation after it is read whole, and the one after its
    # attribution too.
    text = (
        "Rep. Ada Lund said in ‘08 that the vote had shifted. “I do sense it. It makes their "
        "eyes open wider,” she said. “It does away with the ‘blame game’ and all the rest.”"
        "\n\nHer rise was a surprise to many."
    )
    quotes = [text[f.content[0] : f.content[1]] for f in find_attributions(text) if f.direct]
    assert quotes == [
        "“I do sense it. It makes their eyes open wider,”",
        "“It does away with the ‘blame game’ and all the rest.”",
    ]


def test_a_clause_before_a_colon_has_its_own_reported_speech() -> None:
    # The quote after the colon is attributed after it ("Roe predicted"): the clause before
    # the colon is no quote's cue but reported speech of its own.
    text = (
        "Roe drew the owner's ire after he told a newspaper that the new casino would not "
        'last long: "Once the cold winds blow, it won\'t make it," Roe predicted.'
    )
    pieces = [_pieces(text, f)[1:] for f in find_attributions(text)]
    assert ("told", "that the new casino would not last long") in pieces
    assert ("predicted", '"Once the cold winds blow, it won\'t make it,"') in pieces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the latest Harbour Gazette poll, Lund led Berg 47 percent to 39 percent.",
            ("the latest Harbour Gazette poll", "In", "Lund led Berg 47 percent to 39 percent"),
        ),
        (
            # A participle's phrase after the poll describes it; an adverb is the sentence's.
            "In a new county survey, conducted in May, however, most voters backed the plan.",
            ("a new county survey, conducted in May", "In", "most voters backed the plan"),
        ),
    ],
)
def test_a_poll_opening_a_sentence_is_its_source(text: str, expected: tuple[str, str, str]) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In the days after the poll, the mayor left town for a week.",
        "In a memo released as polls closed, the campaign counted its delegates.",
        "In the polls, anyway.",
    ],
)
def test_a_poll_that_heads_no_opening_phrase_is_no_source(text: str) -> None:
    assert not any(f.cue and text[f.cue[0] : f.cue[1]] == "In" for f in find_attributions(text))


def test_a_question_put_to_a_speaker_inside_a_sentence_is_an_attribution() -> None:
    # The question has no source (the asker is unnamed) and runs to its clause's end, past
    # an abbreviation's stop; "when asked to …" reports no question.
    text = (
        '"You bet I would," Lund said when asked whether she would close the port to ships '
        'from the U.S. in winter, when the ice comes. "I will," Berg said when asked to lead.'
    )
    pieces = [_pieces(text, f) for f in find_attributions(text)]
    assert (None, "asked", "whether she would close the port to ships from the U.S. in winter") in (
        pieces
    )
    assert not any(cue == "asked" and content.startswith("to lead") for _, cue, content in pieces)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They’ve argued that the plan fails.", ("They", "’ve argued", "that the plan fails")),
        (
            "And he’s also predicted big wins in the races ahead.",
            ("he", "’s also predicted", "big wins in the races ahead"),
        ),
        ("The ferry is late, they've said.", ("they", "'ve said", "The ferry is late")),
    ],
)
def test_a_contracted_auxiliary_opens_the_cue_and_leaves_the_pronoun_the_source(
    text: str, expected: tuple[str, str, str]
) -> None:
    (found,) = find_attributions(text)
    assert _pieces(text, found) == expected
