"""propscan.actors: mentions, merging, labels, fragment and quote links, offsets, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.actors import KINDS, find_actors, find_mentions
from propscan.analysis import Actor, Fragment, Quote, Span
from propscan.document import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ALEPPO = SHARED / "examples" / "aleppo-article.txt"


def _fragment(text: str, words: str, technique: str) -> Fragment:
    start = text.index(words)
    return Fragment(start, start + len(words), words, technique, 0.5, "test")


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def _actor(actors: list[Actor], name: str) -> Actor:
    found = [a for a in actors if a.name == name]
    assert found, f"no actor {name!r} in {[a.name for a in actors]}"
    return found[0]


@pytest.fixture(scope="module")
def aleppo() -> tuple[Document, list[Fragment], list[Quote], list[Actor]]:
    if not ALEPPO.exists():
        pytest.skip(f"{ALEPPO} is absent")
    text = ALEPPO.read_text(encoding="utf-8")
    doc = Document.create(text, article_end=text.index("Leave a Reply"))
    fragments = [
        _fragment(text, "sewage rats", "Name_Calling,Labeling"),
        _fragment(text, "liberate", "Loaded_Language"),
        _fragment(text, "Obama lies", "Name_Calling,Labeling"),
        _fragment(text, "Japan formally surrendered", "Slogans"),  # not targeting anyone
    ]
    peskov = text.index("“They were already offered")
    obama = text.index("“(W)e did not choose")
    quotes = [
        Quote(
            content=_span(text, "They were already offered a way out", peskov),
            cue=_span(text, "said", peskov),
            source=_span(text, "Peskov", peskov),
            speaker="Dmitri Peskov",
            direct=True,
        ),
        Quote(
            content=_span(text, "(W)e did not choose this fight", obama),
            cue=_span(text, "said", obama),
            source=None,
            speaker="Barack Obama",
            direct=True,
        ),
        Quote(
            content=_span(text, "Isolation is nothing"),
            cue=None,
            source=None,
            speaker=None,
            direct=False,
        ),
    ]
    return doc, fragments, quotes, find_actors(doc, fragments, quotes)


def test_aleppo_people_countries_groups(
    aleppo: tuple[Document, list[Fragment], list[Quote], list[Actor]],
) -> None:
    _, _, _, actors = aleppo
    obama = _actor(actors, "Barack Obama")
    assert obama.kind == "person"
    assert {m.text for m in obama.mentions} == {"Barack Obama", "Obama"}
    assert len(obama.mentions) == 4
    assert _actor(actors, "Dmitri Peskov").kind == "person"
    for country in ("Syria", "Russia", "United States"):
        assert _actor(actors, country).kind == "country"
    assert "US" in {m.text for m in _actor(actors, "United States").mentions}
    for group in ("rebels", "terrorists"):
        assert _actor(actors, group).kind == "group"
    # Most mentioned first.
    counts = [len(a.mentions) for a in actors]
    assert counts == sorted(counts, reverse=True)


def test_aleppo_labels_fragments_quotes(
    aleppo: tuple[Document, list[Fragment], list[Quote], list[Actor]],
) -> None:
    doc, _, _, actors = aleppo
    rebels = _actor(actors, "rebels")
    assert {"US-backed", "so-called moderate", "sewage rats"} <= {lab.text for lab in rebels.labels}
    assert 0 in rebels.fragments
    assert 2 in _actor(actors, "Barack Obama").fragments
    assert all(3 not in a.fragments for a in actors)
    assert [lab.text for lab in _actor(actors, "Dmitri Peskov").labels] == ["Kremlin spokesman"]
    assert _actor(actors, "Dmitri Peskov").quotes == (0,)
    assert _actor(actors, "Barack Obama").quotes == (1,)
    assert all(2 not in a.quotes for a in actors)
    for actor in actors:
        for span in actor.mentions + actor.labels:
            assert doc.text[span.start : span.end] == span.text
            assert span.end <= doc.article_end


# find_actors(doc, [], []) on the Aleppo example: (name, kind, mention starts, (label start,
# label text)). First pinned before the speed-up of 2026-05 (commit 197c13f), which had to
# change nothing; regenerated for issue 15 (Assad found, the West, pseudo-actors dropped,
# canonical names). Regenerate only for an intended change of behaviour.
# fmt: off
_ALEPPO_ACTORS = [
 ('United States', 'country', (4, 159, 274, 725, 785, 863, 1038, 1198, 1258, 1366, 1678, 1800,
  2047, 2241, 2276, 2912, 3636, 5405), ()),
 ('Syria', 'country', (83, 388, 448, 920, 1783, 2580, 3105, 3257, 3303, 3404, 3484, 4008, 4216,
  4345, 4643, 5382, 5476, 5769), ()),
 ('rebels', 'group', (284, 455, 562, 735, 986, 3817, 3968, 4863, 5014, 5430, 5549, 5690),
  ((274, 'US-backed'), (725, 'US-backed'), (3949, 'so-called moderate'), (3990, 'sewage rats'))),
 ('Russia', 'country', (217, 320, 630, 936, 3441, 4266, 4604, 4744, 5372, 5461), ()),
 ('Syrian Army', 'organisation', (610, 2642, 3750, 3867), ()),
 ('Barack Obama', 'person', (1339, 1576, 2008, 2219), ()),
 ('terrorists', 'group', (2020, 2436, 2763, 3646), ((2421, 'western-backed'),
  (3636, 'US-backed'))),
 ('the West', 'group', (2488, 2738, 3273), ()),
 ('United Nations', 'organisation', (2525, 3024, 4526), ()),
 ('civilians', 'group', (2787, 3135, 5182), ()),
 ('Iran', 'country', (3452, 4615, 4755), ()),
 ('Islamic State', 'organisation', (108, 1111), ()),
 ('Assad', 'person', (193, 590), ()),
 ('militias', 'group', (3770, 5103), ((3763, 'allied'), (5097, 'rebel'))),
 ('Dmitri Peskov', 'person', (5660, 5849), ((5642, 'Kremlin spokesman'),)),
 ('Stephen J. Lendman', 'person', (1173,), ()),
 ('Japan', 'country', (1272,), ()),
 ('military', 'group', (2156,), ()),
 ('United Kingdom', 'country', (2927,), ()),
 ('France', 'country', (2936,), ()),
 ('Germany', 'country', (2944,), ()),
 ('Italy', 'country', (2953,), ()),
 ('Canada', 'country', (2963,), ()),
 ('Ban Ki-moon', 'person', (3045,), ((3024, 'UN Secretary-General'),)),
 ('Syrian Observatory for Human Rights', 'organisation', (4147,), ()),
 ('opposition', 'group', (4500,), ()),
 ('government', 'group', (4559,), ()),
 ('troops', 'group', (4934,), ()),
 ('insurgents', 'group', (5612,), ()),
 ('Kremlin', 'organisation', (5642,), ()),
 ('Al Qaeda', 'organisation', (5750,), ()),
]
# fmt: on


def test_aleppo_output_is_unchanged() -> None:
    if not ALEPPO.exists():
        pytest.skip(f"{ALEPPO} is absent")
    text = ALEPPO.read_text(encoding="utf-8")
    doc = Document.create(text, article_end=text.index("Leave a Reply"))
    found = [
        (
            a.name,
            a.kind,
            tuple(m.start for m in a.mentions),
            tuple((lab.start, lab.text) for lab in a.labels),
        )
        for a in find_actors(doc, [], [])
    ]
    assert found == _ALEPPO_ACTORS


def test_apposition_predicate_and_title_alias() -> None:
    text = (
        "President Barack Obama met Dmitri Peskov, the Kremlin spokesman, on Monday. "
        "The president said little. The rebels are terrorists, the minister said. "
        "Mr. Obama left."
    )
    doc = Document.create(text)
    actors = find_actors(doc, [], [])
    obama = _actor(actors, "Barack Obama")
    assert {m.text for m in obama.mentions} == {"Barack Obama", "The president", "Obama"}
    assert "President" in {lab.text for lab in obama.labels}
    assert [lab.text for lab in _actor(actors, "Dmitri Peskov").labels] == ["the Kremlin spokesman"]
    assert [lab.text for lab in _actor(actors, "rebels").labels] == ["terrorists"]


def test_a_no_break_space_joins_a_name_as_a_space_does() -> None:
    # Edited copy joins names with no-break spaces: "Marco" and "Gingrich" were actors apart.
    text = "Sen. Marco\u00a0Rubio spoke. Later Rubio said it. Newt\u00a0Gingrich agreed.\n"
    actors = find_actors(Document.create(text), [], [])
    assert [(a.name, len(a.mentions)) for a in actors if a.kind == "person"] == [
        ("Marco Rubio", 2),
        ("Newt Gingrich", 1),
    ]
    rubio = actors[0]
    assert rubio.mentions[0].text == "Marco\u00a0Rubio"  # the article's text, offsets exact
    assert [label.text for label in rubio.labels] == ["Sen."]


def test_acronym_defined_by_the_article() -> None:
    text = "The United Nations (UN) met. The Syrian Observatory for Human Rights (SOHR) said so. "
    text += "The UN and SOHR disagreed."
    actors = find_actors(Document.create(text), [], [])
    names = {a.name: len(a.mentions) for a in actors}
    assert names["United Nations"] == 3
    assert names["Syrian Observatory for Human Rights"] == 3


def test_mentions_kinds_and_edges() -> None:
    assert find_mentions("") == []
    assert find_actors(Document.create(""), [], []) == []
    text = "Recently, US-backed rebels met Sen. Ted Cruz in Washington D.C. and New York."
    found = {(s.text, kind) for s, kind in find_mentions(text)}
    assert ("US", "country") in found
    assert ("rebels", "group") in found
    assert ("Ted Cruz", "person") in found
    assert not any(t in {"Recently", "New York"} for t, _ in found)
    assert all(kind in KINDS for _, kind in found)
    # The end bound is respected.
    assert find_mentions(text, end=10) == []


def test_all_caps_text_has_no_acronym_soup() -> None:
    text = "THE REBELS ARE TERRORISTS SAYS THE PRESIDENT OF SYRIA AND NOBODY BELIEVES IT."
    assert [(s.text, kind) for s, kind in find_mentions(text)] == [("SYRIA", "country")]


def test_a_headline_in_title_case_names_no_one() -> None:
    text = (
        "Harbour Bill Passes as Critics Cry Foul in Russia\n\n"
        "Councillor Mara Vell said the bill would pass. Greywater Holdings agreed.\n"
    )
    found = {(span.text, kind) for span, kind in find_mentions(text)}
    assert ("Russia", "country") in found  # a known name still counts in a headline
    assert not any(name in {"Harbour Bill Passes", "Critics Cry Foul"} for name, _ in found)
    assert ("Mara Vell", "person") in found  # the title is not part of the name
    assert ("Greywater Holdings", "organisation") in found
    places = find_mentions("The council of Port Alder met in Cedar Falls. Dr. Leon Park spoke.\n")
    assert [(span.text, kind) for span, kind in places] == [("Leon Park", "person")]


def test_a_headline_names_the_persons_its_text_names() -> None:
    """A headline with prepositions in lower case, or closing on a full stop with its
    function words capitalised, is a headline; the persons the text names are found in it
    by those names ("Theresa May Could Lose" was a person)."""
    text = (
        "Theresa May Could Lose the United Kingdom Over Brexit.\n\n"
        "Tom Steyer Rallies Supporters after Conclusion of Mueller Report\n\n"
        "Prime Minister Theresa May spoke on Monday. The billionaire Tom Steyer did not.\n"
    )
    found = [(span.text, kind) for span, kind in find_mentions(text)]
    assert found[:2] == [("Theresa May", "person"), ("Tom Steyer", "person")]
    assert not {"Theresa May Could Lose", "Tom Steyer Rallies Supporters", "Mueller Report"} & {
        name for name, _ in found
    }
    # A short sentence with names is no headline.
    found = [
        (span.text, kind) for span, kind in find_mentions("Secretary of State John Kerry met.")
    ]
    assert found == [("John Kerry", "person")]


def test_large_text_is_fast() -> None:
    text = (
        "Barack Obama said the rebels, the so-called moderates, met UN envoys in Syria. "
        "The Syrian Army is a force. "
    ) * 1900
    assert len(text) > 200_000
    start = time.perf_counter()
    actors = find_actors(Document.create(text), [], [])
    assert time.perf_counter() - start < 5.0
    assert _actor(actors, "Barack Obama").kind == "person"


_WORDS = st.sampled_from(
    [
        "Obama",
        "Barack",
        "the",
        "rebels",
        "US-backed",
        "UN",
        "U.S.",
        "Mr.",
        "President",
        "said",
        ",",
        ".",
        " ",
        "\n",
        "\u00a0",
        "Sen.\u00a0Ann\u00a0Lee",
        "’s",
        "(UN)",
        "al-Assad",
        "Ki-moon",
        "of",
        "Army",
        "are",
        "terrorists",
        "É",
        "\ufeff",
        "“",
        "-",
        "President of",
        "SYRIA",
        "the president",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40).map(" ".join))
def test_offsets_are_exact_on_any_text(text: str) -> None:
    for span, kind in find_mentions(text):
        assert text[span.start : span.end] == span.text and span.start < span.end
        assert kind in KINDS
    doc = Document.create(text)
    for actor in find_actors(doc, [], []):
        for span in actor.mentions + actor.labels:
            assert text[span.start : span.end] == span.text and span.start < span.end


def test_only_short_name_calling_fragments_become_labels() -> None:
    text = (
        "The rebels have fled like sewage rats. "
        "The rebels are said to be the worst people who ever walked the face of this earth.\n"
    )
    doc = Document.create(text)

    def fragment(sub: str) -> Fragment:
        start = text.index(sub)
        return Fragment(start, start + len(sub), sub, "Name_Calling,Labeling", 0.9, "test")

    short = fragment("sewage rats")
    long = fragment("the worst people who ever walked the face of this earth")
    [rebels] = [a for a in find_actors(doc, [short, long], []) if a.name == "rebels"]
    assert rebels.fragments == (0, 1)
    labels = {label.text for label in rebels.labels}
    assert "sewage rats" in labels and long.text not in labels


def test_a_simile_labels_its_subject() -> None:
    doc = Document.create(
        "The so-called moderate rebels have fled like sewage rats. "
        "The troops said it looked like rain.\n"
    )
    by_name = {a.name: a for a in find_actors(doc, [], [])}
    assert "sewage rats" in {label.text for label in by_name["rebels"].labels}
    assert "rain" not in {label.text for label in by_name["troops"].labels}


def test_embassies_fairs_and_regions_are_no_persons() -> None:
    text = (
        "Markets fell. Officials at the Ecuadorean Embassy met on Capitol Hill in New England, "
        "at the Minnesota State Fair, said Mercer County Schools. Katie Hill spoke."
    )
    assert [(span.text, kind) for span, kind in find_mentions(text)] == [
        ("Ecuadorean Embassy", "organisation"),
        ("Mercer County Schools", "organisation"),
        ("Katie Hill", "person"),
    ]


def test_reports_investigations_and_airports_are_no_persons() -> None:
    text = (
        "The Mueller Report came out. Mueller’s Special Counsel Report was read. Crowds met at "
        "Palm Beach International Airport. Robert Mueller declined to comment.\n"
    )
    found = [(span.text, kind) for span, kind in find_mentions(text)]
    assert found == [("Mueller", "person"), ("Robert Mueller", "person")]


def test_a_title_word_closing_a_name_is_a_surname() -> None:
    text = "Markets fell. Sir John Major met Carole King."
    found = [(span.text, kind) for span, kind in find_mentions(text)]
    assert found == [("John Major", "person"), ("Carole King", "person")]
    assert find_mentions("The Foreign Secretary spoke.") == []


def test_an_act_attributed_to_an_actor_is_no_quote_of_theirs() -> None:
    from propscan.quotes import find_quotes_in_text

    text = "Ben Ode refused to sign the deal on Monday. Ana Ruiz said the deal was fair to all."
    quotes = find_quotes_in_text(text)
    assert [q.kind for q in quotes] == ["other", "speech"]
    actors = {a.name: a.quotes for a in find_actors(Document.create(text), [], quotes)}
    assert actors["Ben Ode"] == () and actors["Ana Ruiz"] == (1,)
