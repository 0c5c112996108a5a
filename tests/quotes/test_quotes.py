"""propscan.quotes: quote pairing, attribution patterns, speakers, brat files, the command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.errors import InputError, PropscanError
from propscan.ingest import document_from_text
from propscan.quotes import find_quotes, find_quotes_in_text
from propscan.quotes.brat import format_ann, parse_ann, read_folder, read_folders
from propscan.quotes.command import quotes, to_attributions, write_annotations
from propscan.quotes.evaluate import evaluate_folder
from propscan.quotes.marks import MAX_PART, quoted_passages
from propscan.quotes.tokens import tokens_of

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ALEPPO = SHARED / "examples" / "aleppo-article.txt"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


def _check_offsets(text: str) -> None:
    for quote in find_quotes_in_text(text):
        for span in (quote.content, quote.cue, quote.source):
            if span is not None:
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start : span.end] == span.text


def test_aleppo_speakers() -> None:
    if not ALEPPO.is_file():
        pytest.skip(f"no example article at {ALEPPO}")
    text = ALEPPO.read_text(encoding="utf-8")
    found = find_quotes(document_from_text(text))

    def speaker(opening: str) -> str | None:
        (quote,) = [q for q in found if q.content.text.startswith(opening)]
        return quote.speaker

    assert speaker("“The United States created") == "Stephen J. Lendman"
    assert speaker("“All US wars were") == "Stephen J. Lendman"  # "he"
    assert speaker("“(W)e did not choose") == "Barack Obama"  # "Obama"
    assert speaker("The regime began an offensive") == "Syrian Observatory for Human Rights"
    peskov = [q for q in found if q.speaker == "Dmitri Peskov"]
    assert {q.source.text for q in peskov if q.source} >= {"Peskov", "he"}
    assert all(q.content.text.endswith("”") for q in found if q.direct)


def test_direct_quote_conventions() -> None:
    text = "“We will win,” Smith said. Jones said: “No.” “Later,” said the mayor."
    quotes = find_quotes_in_text(text)
    assert [(q.content.text, q.source and q.source.text, q.cue and q.cue.text) for q in quotes] == [
        ("“We will win,”", "Smith", "said"),
        ("“No.”", "Jones", "said"),
        ("“Later,”", "the mayor", "said"),
    ]
    assert all(q.direct for q in quotes)


def test_straight_and_nested_quotes() -> None:
    text = "\"He told me 'never again,' and he meant it,\" Ann Lee said.\n"
    (quote,) = find_quotes_in_text(text)
    assert quote.content.text == "\"He told me 'never again,' and he meant it,\""
    assert quote.speaker == "Ann Lee"
    nested = "“She said “stop” twice,” Bo Ray said."
    assert find_quotes_in_text(nested)[0].content.text == "“She said “stop” twice,”"


def test_quote_across_paragraphs() -> None:
    text = "Mary Beth Smith said: “First part.\n\n“Second part.”\n\nUnrelated sentence here.\n"
    quotes = find_quotes_in_text(text)
    assert [q.content.text for q in quotes] == ["“First part.", "“Second part.”"]
    assert {q.speaker for q in quotes} == {"Mary Beth Smith"}
    (merged,) = to_attributions(quotes)
    assert len(merged.content) == 2


def test_a_quote_broken_over_lines_closes_on_the_next() -> None:
    """A page that sets each sentence on its own line breaks a quote of several sentences over
    as many paragraphs, the closing mark in the last: one quote of as many parts, all the
    speaker's (the first had no speaker, the last was reported speech). A name signing the
    quote inside its marks is no part of it."""
    text = (
        "It was over.\n“We hope for an orderly exit.\nWe are ready.\nWe must be prepared for "
        "a hard one,” Justice Minister Tor Wara said.\nNext line.\n"
    )
    quotes = find_quotes_in_text(text)
    assert [q.content.text for q in quotes] == [
        "“We hope for an orderly exit.",
        "We are ready.",
        "We must be prepared for a hard one,”",
    ]
    assert {q.speaker for q in quotes} == {"Tor Wara"} and all(q.direct for q in quotes)
    signed = 'It was over.\n\n"We may see a resurgence of balanced budgets.\nDean Baker, CEPR."\n'
    ((s, e),) = quoted_passages(signed)[0]
    assert signed[s:e] == '"We may see a resurgence of balanced budgets.'


def test_reported_speech_patterns() -> None:
    text = (
        "Kremlin spokesman Dmitri Peskov warned that the talks would fail. "
        "The deal is dead, Peskov said. "
        "According to the ministry, prices rose sharply last year."
    )
    quotes = find_quotes_in_text(text)
    assert [q.content.text for q in quotes] == [
        "that the talks would fail",
        "The deal is dead",
        "prices rose sharply last year",
    ]
    assert [q.speaker for q in quotes] == ["Dmitri Peskov", "Dmitri Peskov", "the ministry"]
    assert not any(q.direct for q in quotes)


def _triples(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.content.text, q.cue.text if q.cue else None, q.source.text if q.source else None)
        for q in find_quotes_in_text(text)
    ]


def test_sourceless_and_passive_cues() -> None:
    # "SUBJECT appears …": the subject is content, there is no source (as PolNeAR marks it).
    assert _triples("Sanders appears ready to concede the race in Nevada.") == [
        ("Sanders appears ready to concede the race in Nevada", "appears", None)
    ]
    # The passive takes its agent as the source, without the time after it.
    ((content, cue, source),) = _triples("The measure was rejected by the voters last year.")
    assert (content.startswith("The measure"), cue, source) == (True, "was rejected", "the voters")


def test_second_attribution_in_a_sentence() -> None:
    assert _triples("Smith said the plan would fail, but Jones said it would pass easily.") == [
        ("the plan would fail", "said", "Smith"),
        ("it would pass easily", "said", "Jones"),
    ]


def test_reported_speech_around_a_direct_quote() -> None:
    text = (
        "The senator listed his demands for the bill. "
        "“We will not back down,” he said, adding that the vote would come soon."
    )
    assert _triples(text) == [
        ("his demands for the bill", "listed", "The senator"),
        ("“We will not back down,”", "said", "he"),
        ("that the vote would come soon", "adding", "he"),
    ]


def test_unbalanced_marks_stop_at_the_paragraph() -> None:
    text = "He said “this never closes, " + "word " * 2000 + "\nNext paragraph. “Also open\n"
    passages = quoted_passages(text)
    for parts in passages:
        for s, e in parts:
            assert "\n" not in text[s:e] and e - s <= len(text)
    assert all(e - s <= MAX_PART for parts in passages for s, e in parts)
    find_quotes_in_text(text)  # no crash


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    *"“”‘’\"'«»„ \n,.:",
                    " said ",
                    " Peskov ",
                    " he ",
                    "\r\n",
                    # The rules of "according to", a dash, an auxiliary before a cue.
                    " according to ",
                    " — ",
                    " -- ",
                    " is quoted ",
                    " write",
                    "When asked ",
                ]
            ),
            st.text(alphabet="abcAB .", max_size=8),
        ),
        max_size=40,
    ).map("".join)
)
def test_offsets_address_the_text(text: str) -> None:
    _check_offsets(text)
    for parts in quoted_passages(text):
        assert all(0 <= s < e <= len(text) for s, e in parts)


def test_brat_round_trip() -> None:
    text = "“A,” Jo Lin said. “B.”\nShe added that it was fine.\n"
    attributions = to_attributions(find_quotes_in_text(text))
    ann = format_ann(text, attributions)
    assert "\tAttribution " in ann and ann.splitlines()[-1].startswith("E")
    assert parse_ann(ann) == attributions
    for line in ann.splitlines():
        cols = line.split("\t")
        if cols[0].startswith("T"):
            frags = [tuple(map(int, f.split())) for f in cols[1].split(" ", 1)[1].split(";")]
            assert cols[2] == " ".join(text[s:e] for s, e in frags)


def _polnear_folder(root: Path, names: list[str]) -> Path:
    for name in names:
        (root / "text").mkdir(parents=True, exist_ok=True)
        (root / "attributions").mkdir(exist_ok=True)
        (root / "text" / f"{name}.txt").write_text("Jo Lin said it rained.", encoding="utf-8")
        (root / "attributions" / f"{name}_ann1.ann").write_text(
            "T1\tSource 0 6\tJo Lin\nT2\tCue 7 11\tsaid\nT3\tContent 12 22\tit rained\n"
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
            encoding="utf-8",
        )
    return root


def test_several_polnear_folders_are_read_in_turn_and_an_article_in_two_is_refused(
    tmp_path: Path,
) -> None:
    train = _polnear_folder(tmp_path / "train", ["a", "b"])
    dev = _polnear_folder(tmp_path / "dev", ["c"])
    assert [item[1] for item in read_folders([train, dev])] == ["a", "b", "c"]
    again = _polnear_folder(tmp_path / "again", ["b"])
    with pytest.raises(PropscanError, match="b: in both"):
        list(read_folders([train, again]))


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(quotes, list(args))
    assert isinstance(quotes, click.Command)
    return result.exit_code, repr(result.exception)


def test_command_writes_ann_with_file_offsets(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    raw = "\ufeffTitle\r\n\r\n“Yes,” Al Roe said.\r\n"
    (src / "a.txt").write_bytes(raw.encode("utf-8"))
    code, exc = _invoke(str(src), "-o", str(tmp_path / "out"))
    assert code == 0, exc
    ann = (tmp_path / "out" / "a.ann").read_text(encoding="utf-8")
    (attribution,) = parse_ann(ann)
    ((s, e),) = attribution.content
    assert raw[s:e] == "“Yes,”"


@pytest.mark.parametrize("case", ["missing", "empty", "binary"])
def test_command_bad_input(tmp_path: Path, case: str) -> None:
    src = tmp_path / "in"
    if case != "missing":
        src.mkdir()
    if case == "binary":
        (src / "b.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    with pytest.raises(InputError) as info:
        write_annotations(src, tmp_path / "out")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out").exists()


def test_quality_on_polnear_dev() -> None:
    """Floors a little under the figures measured on PolNeAR dev (benchmarks/quotes_eval.py:
    content F1 0.761 (P 0.831), source F1 0.716 (P 0.805), direct-quote exact F1 0.920 (P
    0.892)); before issue 15's work they were 0.757 (0.815), 0.702 (0.788), 0.909 (0.875).
    Since stop 44 the cue models learn from dev too: a floor for the rules, not a held-out
    figure (benchmarks/quotes_branch_cv.py gives those)."""
    if not (POLNEAR_DEV / "attributions").is_dir():
        pytest.skip(f"no PolNeAR dev at {POLNEAR_DEV}")
    report = evaluate_folder(POLNEAR_DEV)
    assert report.content.f1 >= 0.75
    assert report.source.f1 >= 0.705
    assert report.direct.f1 >= 0.91
    assert report.content.precision >= 0.82
    assert report.source.precision >= 0.79
    assert report.direct.precision >= 0.88
    # Direct quotes given a source that is not PolNeAR's: 25 of 603 (4.1%); 28 of 591 before.
    right, wrong, _ = report.direct_sources
    assert wrong <= 0.05 * (right + wrong)
    # Most of what is found, and most of what PolNeAR counts, is speech (measured: found 85%
    # speech, 6% thought, 10% other; gold 73%, 8%, 19%).
    found, gold = report.found_kinds, report.gold_kinds
    texts = {name: text for _, name, text, _ in read_folder(POLNEAR_DEV)}
    assert sum(found) == sum(len(find_quotes_in_text(t)) for t in texts.values())
    assert found[0] >= 0.7 * sum(found) and gold[0] >= 0.65 * sum(gold)
    assert min(found) > 0 and min(gold) > 0


def test_cue_right_after_a_leading_comma() -> None:
    """Hypothesis found this: a sentence whose only comma comes just before the cue."""
    for text in (", said it was so.", "A, said it was so.", "A ,, said it was fine today."):
        _check_offsets(text)


def test_a_content_that_trims_to_nothing_is_no_attribution() -> None:
    """Hypothesis found this: the content "..." trims to an empty span."""
    assert find_quotes_in_text(" said  said ...") == []
    _check_offsets(" said  said ...")


def test_doubled_apostrophes_and_unattributed_quotes() -> None:
    text = (
        "Mr. Smith spoke on Monday. ''It is our fight, and we will win it,'' he said.\n\n"
        "''We have never been stronger than we are today.''\n\n"
        "Critics said that ''the plan is a disaster for everyone'' in the city."
    )
    quotes = find_quotes_in_text(text)
    direct = [(q.content.text, q.source and q.source.text) for q in quotes if q.direct]
    assert direct == [
        ("''It is our fight, and we will win it,''", "he"),
        ("''We have never been stronger than we are today.''", "he"),
    ]
    # A quote inside a reported clause is not a direct quote of its own.
    assert not any(q.direct and "disaster" in q.content.text for q in quotes)


def test_learnt_cue_detector() -> None:
    from propscan.quotes.cuemodel import model
    from propscan.quotes.tokens import tokens_of

    def prob(sentence: str, word: str) -> float:
        tokens = tokens_of(sentence, 0, len(sentence))
        i = [t[2] for t in tokens].index(word)
        return model().probability(tokens, i, False)

    assert prob("Officials said the deal was dead.", "said") > 0.8
    assert prob("Polls show that Clinton leads in Ohio.", "show") > 0.5
    assert prob("He watched the show on Tuesday.", "show") < 0.2
    quotes = find_quotes_in_text("Studies show that the plan would cost billions of dollars.")
    assert [(q.source and q.source.text, q.content.text) for q in quotes] == [
        ("Studies", "that the plan would cost billions of dollars")
    ]


def test_sources_keep_their_appositives() -> None:
    """PolNeAR marks a source with its appositive, relative clause and closing comma."""
    text = (
        '"Other centers may move," said Dale Belman, a professor at Michigan State University '
        "who co-authored a book.\n\n"
        '"We will win," Bob Woodward, an associate editor for the Post, said.\n\n'
        "Hillary Clinton posted a comment of her own, saying, “We’re so excited to meet her!”\n\n"
        "Trump wrote to his supporters, telling them, “I am the only one who can fix it.”"
    )
    sources = [q.source and q.source.text for q in find_quotes_in_text(text) if q.direct]
    assert sources == [
        "Dale Belman, a professor at Michigan State University who co-authored a book",
        "Bob Woodward, an associate editor for the Post,",
        "Hillary Clinton",
        "Trump",
    ]


def test_speakers_lose_titles_and_relative_pronouns_find_their_name() -> None:
    from propscan.quotes.speakers import SpeakerResolver

    text = (
        "Councillor Mara Vell called the plan a disgrace. "
        "The group Save Our Shore, which it says has 9,000 members, disagreed."
    )
    resolver = SpeakerResolver(text)
    assert resolver.resolve("Councillor Mara Vell", 0) == "Mara Vell"
    assert resolver.resolve("which it", text.index("which")) == "Save Our Shore"
    assert SpeakerResolver("which he said was fine").resolve("which he", 0) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Markets fell. "We will leave," Theresa May said.',
            ('"We will leave,"', "said", "Theresa May"),
        ),
        (
            'Markets fell. "We will leave," said Theresa May.',
            ('"We will leave,"', "said", "Theresa May"),
        ),
        (
            'Markets fell. Theresa May said: "We will leave."',
            ('"We will leave."', "said", "Theresa May"),
        ),
        (
            "Markets fell. British Prime Minister Theresa May said that the country would leave.",
            ("that the country would leave", "said", "British Prime Minister Theresa May"),
        ),
        (
            "Markets fell. Rep. Will Hurd said the wall would fail.",
            ("the wall would fail", "said", "Rep. Will Hurd"),
        ),
        # After "in", "May" stays the month: the source is the name after it.
        (
            "Markets fell. In May Trump said that the country would leave.",
            ("that the country would leave", "said", "Trump"),
        ),
    ],
)
def test_a_name_that_spells_a_function_word_is_a_source(
    text: str, expected: tuple[str, str, str]
) -> None:
    """Modal verbs ("may", "will") are no part of a source, unless they stand in a name
    (before, "Theresa May said" gave no source, and "said Theresa May" no quote)."""
    assert _triples(text) == [expected]


@pytest.mark.parametrize(
    ("source", "speaker"),
    [
        ("Comedian Sarah Vell", "Sarah Vell"),
        ("Billionaire Donald Rook", "Donald Rook"),
        ("Real Donald Rook", "Donald Rook"),
        # A place before a party is no name to cut.
        ("South Carolina Republican", "South Carolina Republican"),
    ],
)
def test_a_common_word_run_on_into_a_name_is_no_part_of_it(source: str, speaker: str) -> None:
    from propscan.quotes.speakers import SpeakerResolver

    text = f"The harbour closed. {source} said the ferry would stay."
    assert SpeakerResolver(text).resolve(source, text.index(source)) == speaker


def test_a_person_named_after_an_outlets_name_is_the_speaker() -> None:
    from propscan.quotes.speakers import SpeakerResolver

    source = "Senior editor at The Harbour Times Erin Gloria Vell"
    text = f"The ferry sank. {source} tweeted about it. 'It was doomed,' she wrote."
    resolver = SpeakerResolver(text)
    assert resolver.resolve(source, text.index(source)) == "Erin Gloria Vell"
    assert resolver.resolve("she", text.index("she")) == "Erin Gloria Vell"
    # Not a title's holder after "by": the rally led by her is the source.
    source = "Led by Council Speaker Melissa Vell, the rally"
    text = f"The ferry sank. {source} denounced the council."
    assert SpeakerResolver(text).resolve(source, text.index(source)) != "Melissa Vell"


def test_a_pronouns_contracted_auxiliary_is_a_token_of_its_own_and_a_possessive_is_not() -> None:
    text = "While he's said it’s late, Obama’s aides'd rather wait."
    assert [t[2] for t in tokens_of(text, 0, len(text))] == [
        "While", "he", "'s", "said", "it", "’s", "late", ",", "Obama’s", "aides'd", "rather",
        "wait", ".",
    ]  # fmt: skip
