"""Issue 15, actors: aliases and acronyms merge under one canonical name, pseudo-actors are
dropped, leaders named through their government are found, and a fragment reaches the actor
it is aimed at."""

from __future__ import annotations

from pathlib import Path

import pytest

from propscan.actors import find_actors, find_mentions
from propscan.analysis import Actor, Fragment
from propscan.document import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ALEPPO = SHARED / "examples" / "aleppo-article.txt"


def _actors(text: str, fragments: tuple[Fragment, ...] = ()) -> dict[str, Actor]:
    return {a.name: a for a in find_actors(Document.create(text), list(fragments), [])}


def _fragment(text: str, words: str, technique: str) -> Fragment:
    start = text.index(words)
    return Fragment(start, start + len(words), words, technique, 0.5, "test")


def _exact(text: str, actors: dict[str, Actor]) -> None:
    for actor in actors.values():
        for span in actor.mentions + actor.labels:
            assert text[span.start : span.end] == span.text


# --- aliases and acronyms ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Brussels said the EU would act. The EU met.", "European Union"),
        ("The European Union met on Monday.", "European Union"),
        ("The U.N. said so. The UN agreed.", "United Nations"),
        ("The GOP lost the vote.", "Republican Party"),
        ("ISIL fighters attacked. Daesh denied it.", "Islamic State"),
        ("The Federal Bureau of Investigation opened a case.", "FBI"),
    ],
)
def test_known_acronyms_and_aliases_take_one_canonical_name(text: str, name: str) -> None:
    """The corpus groups actors by name: an article that only says "EU" and one that says
    "European Union" must give the same name."""
    actors = _actors(text)
    assert name in actors, list(actors)
    assert not {"EU", "UN", "U.N.", "GOP", "ISIL", "Daesh"} & set(actors)
    _exact(text, actors)


def test_acronym_and_full_name_in_one_article_are_one_actor() -> None:
    text = (
        "The European Union imposed sanctions. Officials of the EU said the measures would "
        "stay. The EU will meet again."
    )
    actors = _actors(text)
    assert len(actors["European Union"].mentions) == 3
    assert "EU" not in actors


def test_an_acronym_of_initials_merges_without_a_table() -> None:
    text = "The Harbour Workers Alliance marched. Later HWA leaders met the mayor. HWA won."
    actors = _actors(text)
    assert len(actors["Harbour Workers Alliance"].mentions) == 3
    assert "HWA" not in actors


def test_full_names_with_and_without_a_middle_initial_are_one_person() -> None:
    text = "Donald J. Trump spoke. Later Donald Trump left, and Trump said nothing."
    actors = _actors(text)
    persons = [a for a in actors.values() if a.kind == "person"]
    assert len(persons) == 1, list(actors)
    assert persons[0].name == "Donald Trump"
    assert len(persons[0].mentions) == 3


def test_the_fullest_name_without_initials_names_the_person() -> None:
    text = "President Trump spoke. Later Donald J. Trump signed it, and Trump left."
    assert [a.name for a in find_actors(Document.create(text), [], [])] == ["Donald J. Trump"]
    text += " Donald Trump smiled."
    assert [a.name for a in find_actors(Document.create(text), [], [])] == ["Donald Trump"]


def test_different_middle_initials_are_different_people() -> None:
    text = "George H.W. Bush spoke. Then George W. Bush spoke."
    actors = _actors(text)
    assert {"George H.W. Bush", "George W. Bush"} <= set(actors)


def test_splitting_at_of_keeps_particles_organisations_and_names() -> None:
    text = (
        "Mayor Bill de Blasio met Lisa Page. The Los Angeles Times wrote that the Southern "
        "District of New York and the Democratic Republic of Congo disagreed."
    )
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found.get("Bill de Blasio") == "person"
    assert found.get("Lisa Page") == "person"
    assert found.get("Los Angeles Times") == "organisation"
    assert "Southern District" not in found and "Democratic Republic" not in found
    assert found.get("Congo") == "country"


def test_an_al_prefixed_surname_joins_the_full_name() -> None:
    text = "Bashar al-Assad spoke. Critics blamed Assad for the siege."
    actors = _actors(text)
    assert len(actors["Bashar al-Assad"].mentions) == 2
    assert "Assad" not in actors


# --- leaders named through their government ---------------------------------------------


def test_a_leader_named_through_his_government_is_a_person() -> None:
    text = (
        "Weapons reached them before the Assad government attacked. The rebels blamed it on Assad."
    )
    actors = _actors(text)
    assert actors["Assad"].kind == "person"
    assert [m.text for m in actors["Assad"].mentions] == ["Assad", "Assad"]
    _exact(text, actors)


def test_the_body_a_leader_is_named_through_is_no_second_actor() -> None:
    """A leader's body names one actor, as "the Syrian government" does: the words "the
    Assad government" are not also a group "government" (nor "administration", "regime")."""
    text = (
        "The Assad government attacked. The Obama administration protested. "
        "The Putin regime denied it. Later the government in Damascus spoke."
    )
    actors = _actors(text)
    assert {"Assad", "Obama", "Putin"} <= set(actors)
    assert "administration" not in actors
    assert "regime" not in actors
    assert [m.text for m in actors["government"].mentions] == ["government"]
    _exact(text, actors)


def test_a_month_after_a_first_name_is_a_surname() -> None:
    """A month after a first name is a surname ("Theresa May", "Brian May": a run holding a
    month was dropped whole); "in May", "Since May" and "Early May" stay times."""
    text = (
        "Theresa May met Brian May in May. Since May, prices rose. "
        "Early May brought rain. Prices fell again on June 4."
    )
    actors = _actors(text)
    assert actors["Theresa May"].kind == "person"
    assert actors["Brian May"].kind == "person"
    assert set(actors) == {"Theresa May", "Brian May"}
    _exact(text, actors)


def test_a_party_before_government_is_not_a_person() -> None:
    actors = _actors("The Labour government fell. The Obama administration said so.")
    assert "Labour" not in actors
    assert actors["Obama"].kind == "person"


# --- pseudo-actors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Another Republican who wants to stop it said so.",
        "Sen. Mark Kirk, Illinois Republican, said so.",
        "The presumptive Democratic nominee said so. Presumptive Republican nominees did not.",
        "Tory MPs dismissed the plan, and Angry Democrats said so.",
    ],
)
def test_party_members_described_are_no_one(text: str) -> None:
    # A party word describes ("a California Democrat"); it was a person in 341 articles' actors
    # of the PTC and PolNeAR texts. Parties and their bodies stay organisations.
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert not any(kind == "person" and name != "Mark Kirk" for name, kind in found.items())
    assert found.get("Mark Kirk", "person") == "person"
    bodies = {s.text: k for s, k in find_mentions("The Republican Party and the DNC met.")}
    assert bodies.get("Republican Party") == "organisation"
    congo = {s.text: k for s, k in find_mentions("He visited the Democratic Republic of Congo.")}
    assert congo.get("Congo") == "country"


@pytest.mark.parametrize(
    "name",
    ["New Year", "Election Day", "Christmas Eve", "Black Friday", "World War II", "Cold War"],
)
def test_holidays_dates_and_events_are_no_one(name: str) -> None:
    text = f"Many people met on {name} in the city, and {name} was remembered by John Smith."
    found = {span.text for span, _ in find_mentions(text)}
    assert name not in found and not any(name in f for f in found)
    assert "John Smith" in found


def test_a_name_that_ends_like_a_month_is_still_a_person() -> None:
    found = dict((s.text, k) for s, k in find_mentions("Prime Minister Theresa May said no."))
    assert found.get("Theresa May") == "person"


def test_documents_and_web_furniture_are_no_one() -> None:
    text = (
        "The Affordable Care Act passed. Read our Privacy Policy. FULL TEXT follows below, "
        "said John Smith."
    )
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert "Affordable Care Act" not in found
    assert "Privacy Policy" not in found
    assert "FULL TEXT" not in found
    assert found.get("John Smith") == "person"


def test_words_news_writes_in_lower_case_name_no_person() -> None:
    """ "Holy Communion", "Deep State" and "Red Cross" have a person's shape, two capitalised
    words, and were persons; both are words news writes in lower case. Such a run that speaks
    is an organisation ("Zero Hedge said"); a first name keeps a person's name ("Mark Judge",
    "Rush Limbaugh")."""
    text = (
        "After Holy Communion the Deep State met the Red Cross. “Unemployment is high,” Zero "
        "Hedge said. Mark Judge spoke to Rush Limbaugh."
    )
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert not {"Holy Communion", "Deep State", "Red Cross"} & set(found)
    assert found.get("Zero Hedge") == "organisation"
    assert found.get("Mark Judge") == found.get("Rush Limbaugh") == "person"


def test_a_place_after_a_name_is_not_part_of_it() -> None:
    text = "Sen. Bernie Sanders of Vermont spoke, and Democrat Hillary Clinton replied."
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found.get("Bernie Sanders") == "person"
    assert found.get("Hillary Clinton") == "person"
    assert "Bernie Sanders of Vermont" not in found
    assert "Democrat Hillary Clinton" not in found


def test_a_title_with_of_is_no_part_of_the_name() -> None:
    found = {span.text: kind for span, kind in find_mentions("Secretary of State John Kerry met.")}
    assert found == {"John Kerry": "person"}
    text = "The President of the United States met the Secretary of State. Then States left."
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found == {"United States": "country"}


def test_government_in_heads_of_state_and_government_is_no_actor() -> None:
    text = (
        "The heads of state and government of France and Italy demanded it. "
        "They urged the government to act. Forms of government differ."
    )
    government = [s for s, k in find_mentions(text) if s.text == "government"]
    assert [s.start for s in government] == [text.index("the government") + 4]


def test_group_nouns_used_as_descriptions_are_no_actors() -> None:
    text = (
        "They used the fighters as imperial foot soldiers. "
        "The rebels have fled like frightened soldiers. "
        "Soldiers and police stood by."
    )
    soldiers = [s.start for s, k in find_mentions(text) if s.text.lower() == "soldiers"]
    assert soldiers == [text.index("Soldiers")]


def test_a_countrys_troops_are_that_country() -> None:
    text = "Thousands of American soldiers are stationed abroad, and Russian troops stay home."
    actors = _actors(text)
    assert "soldiers" not in actors and "troops" not in actors
    assert actors["United States"].kind == "country"
    assert actors["Russia"].kind == "country"


# --- the West, and what a fragment is aimed at ------------------------------------------


def test_these_nations_are_the_western_countries_named_before() -> None:
    text = (
        "Now six western countries are calling on the UN to punish war crimes.\n\n"
        "Where were these nations when their terrorists were killing civilians? "
        "The West launched the attack."
    )
    words = "terrorists were killing civilians"
    fragment = _fragment(text, words, "Name_Calling,Labeling")
    actors = _actors(text, (fragment,))
    west = actors["the West"]
    assert [m.text for m in west.mentions] == ["western countries", "these nations", "West"]
    assert west.fragments == (0,)
    assert 0 not in actors["terrorists"].fragments
    _exact(text, actors)


def test_whataboutism_is_aimed_at_the_subject_of_its_sentence() -> None:
    text = "What about Russia, which bombed hospitals while the rebels hid?"
    fragment = _fragment(text, "the rebels hid", "Whataboutism,Straw_Men,Red_Herring")
    actors = _actors(text, (fragment,))
    assert actors["Russia"].fragments == (0,)
    assert actors["rebels"].fragments == ()


def test_a_speaker_is_no_target_of_their_own_words() -> None:
    """Name calling in what Vell says of the plan's opponents is not aimed at Vell, nor is it
    her label; in the author's own sentence about her it is."""
    from propscan.quotes import find_quotes

    text = (
        'Councillor Mara Vell called opponents of the plan "a gang of professional complainers." '
        "Critics say Mara Vell is a reckless bully."
    )
    doc = Document.create(text)
    quoted = _fragment(text, "a gang of professional complainers", "Name_Calling,Labeling")
    own = _fragment(text, "a reckless bully", "Name_Calling,Labeling")
    quotes = find_quotes(doc)
    assert [q.source.text for q in quotes if q.source] == ["Councillor Mara Vell", "Critics"]
    vell = {a.name: a for a in find_actors(doc, [quoted, own], quotes)}["Mara Vell"]
    assert vell.fragments == (1,)
    assert [label.text for label in vell.labels] == ["Councillor", "a reckless bully"]


def test_west_as_a_place_word_is_not_the_west() -> None:
    found = {s.text for s, _ in find_mentions("He lives in West Virginia and the West Bank.")}
    assert "West" not in found


# --- the example article ----------------------------------------------------------------


def test_aleppo_actors() -> None:
    if not ALEPPO.exists():
        pytest.skip(f"{ALEPPO} is absent")
    text = ALEPPO.read_text(encoding="utf-8")
    doc = Document.create(text, article_end=text.index("Leave a Reply"))
    question = "terrorists were killing civilians and bombing hospitals"
    fragment = _fragment(text, question, "Name_Calling,Labeling")
    actors = {a.name: a for a in find_actors(doc, [fragment], [])}
    assert actors["Assad"].kind == "person"
    assert len(actors["Assad"].mentions) == 2
    assert "soldiers" not in actors
    heads = text.index("heads of state and government")
    government = actors["government"].mentions
    assert all(not heads <= m.start < heads + 40 for m in government)
    assert actors["the West"].fragments == (0,)
    assert actors["terrorists"].fragments == ()


def test_names_with_particles() -> None:
    """Particles hold a name together ("Ursula von der Leyen", "Bill de Blasio", "Mohammed
    bin Salman"); such a name is a person with a speech verb or a title, or where the text
    types it so elsewhere, and a place with a particle is not ("Rio de Janeiro")."""
    text = (
        "Ursula von der Leyen said the plan would pass. Bill de Blasio said the city was safe. "
        "Critics met Bill de Blasio in Rio de Janeiro. Crown Prince Mohammed bin Salman spoke."
    )
    actors = _actors(text)
    assert set(actors) == {"Ursula von der Leyen", "Bill de Blasio", "Mohammed bin Salman"}
    assert all(a.kind == "person" for a in actors.values())
    assert len(actors["Bill de Blasio"].mentions) == 2
    _exact(text, actors)


def test_a_title_phrase_stops_at_the_sentence_before() -> None:
    """A title's phrase runs left over capitalised words, not over the word that ends the
    sentence before ("London. Labour MP" was a label); "MP" is a title."""
    text = "Markets fell in London. Labour MP Phil Wilson said no. Sen. Ann Lee agreed."
    actors = _actors(text)
    assert [label.text for label in actors["Phil Wilson"].labels] == ["Labour MP"]
    assert [label.text for label in actors["Ann Lee"].labels] == ["Sen."]
    _exact(text, actors)


def test_labels_are_names_for_the_actor() -> None:
    """A name-calling fragment where a country's word only modifies another noun is no label
    of the country, nor is one holding a comma; one that names the actor is."""
    text = (
        "The theory has a growing Canadian fanbase. Critics call Canada a rogue state. "
        "The rebels are vile rats, the minister said."
    )
    fragments = (
        _fragment(text, "growing Canadian fanbase", "Name_Calling,Labeling"),
        _fragment(text, "a rogue state", "Name_Calling,Labeling"),
        _fragment(text, "vile rats, the minister", "Name_Calling,Labeling"),
    )
    actors = _actors(text, fragments)
    assert [label.text for label in actors["Canada"].labels] == ["a rogue state"]
    assert "vile rats, the minister" not in [label.text for label in actors["rebels"].labels]
    _exact(text, actors)


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Adam Schiff (D-CA) spoke. Sen. Mike Lee (R-Utah) agreed.",
        "The committee chairman, Jerry Nadler, D-N.Y., said in a statement that he would "
        "subpoena the report; Lindsey Graham, R-S.C., and Bernie Sanders (I-Vt.) did not.",
    ],
)
def test_a_party_and_state_label_is_no_actor(text: str) -> None:
    """US news writes a legislator's party and state after the name ("(D-CA)", "R-S.C."):
    the label describes the person and names no one."""
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert not [name for name in found if name[:2] in ("D-", "R-", "I-")], found
    assert "person" in found.values()


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("The Justice Department said the report was delivered.", "Justice Department"),
        ("It was sent to the Justice Ministry on Friday.", "Justice Ministry"),
    ],
)
def test_a_title_word_before_an_organisation_word_is_part_of_its_name(
    text: str, organisation: str
) -> None:
    """A title before a name ("Justice Anthony Kennedy") is part of a body's name before
    "Department": alone, "Department" names nothing."""
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found == {organisation: "organisation"}


def test_a_title_after_a_body_is_no_part_of_the_bodys_name() -> None:
    """In "House Intelligence Committee Chairman Rep. Adam Schiff" the committee ends where
    the titles start ("Department of Justice" keeps its "of")."""
    text = (
        "House Intelligence Committee Chairman Rep. Adam Schiff has said so. The Department "
        "of Justice agreed."
    )
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found.get("House Intelligence Committee") == "organisation", found
    assert found.get("Adam Schiff") == "person"
    assert found.get("Department of Justice") == "organisation"
    assert not [name for name in found if "Chairman" in name]


def test_a_title_of_a_body_before_a_name_is_the_persons_title() -> None:
    """The Speaker of the House, Nancy Pelosi, is named with her title before her name."""
    text = "Speaker of the House Nancy Pelosi spoke with reporters."
    actors = _actors(text)
    assert "Nancy Pelosi" in actors, list(actors)
    assert [label.text for label in actors["Nancy Pelosi"].labels] == ["Speaker of the House"]
    assert not [name for name in actors if "House" in name]
    _exact(text, actors)


def test_a_capitalised_group_noun_is_the_same_group() -> None:
    """British news writes "the Government" for the government it also calls "the
    government": one actor, not an organisation beside a group."""
    text = (
        "Ministers met on Monday, and the Government said it would act. Critics say the "
        "government has failed, and the Police have not answered the police union."
    )
    actors = _actors(text)
    assert len(actors["government"].mentions) == 2, list(actors)
    assert "Government" not in actors
    assert "Police" not in actors
    _exact(text, actors)


def test_a_bodys_common_word_alone_is_the_body_named_or_no_one() -> None:
    """After "the Department of Justice", "the Department" is that department; "the
    Committee" of an article naming two committees, or "on TV", names no one."""
    text = (
        "The Department of Justice released the report on Friday. The Department said it "
        "was complete. The Senate Finance Committee and the House Rules Committee met, and "
        "the Committee said little on TV."
    )
    actors = _actors(text)
    assert len(actors["Justice Department"].mentions) == 2, list(actors)
    assert not {"Department", "Committee", "TV"} & set(actors)
    assert {"Senate Finance Committee", "House Rules Committee"} <= set(actors)
    _exact(text, actors)


@pytest.mark.parametrize(
    "text",
    [
        # A compass word before a place is a place.
        "Many in Northern California and South Florida disagreed, as did people in West "
        "Africa, said Kim Lee.",
        # A city of two words is a place, not a person.
        "The pope left Buenos Aires for New Orleans and Las Vegas, said Kim Lee.",
    ],
)
def test_places_are_no_actors(text: str) -> None:
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found == {"Kim Lee": "person"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A web page's imperative, a modal and an indefinite pronoun open no name.
        (
            "The report was written by a staff writer, who covers the news of the day. Follow "
            "Pam Key on Twitter.",
            {"Pam Key": "person", "Twitter": "organisation"},
        ),
        ("Should Jim Acosta be banned? Anyone who asks is told no.", {"Jim Acosta": "person"}),
        # A time zone is no acronym.
        ("The vote closed at 10 p.m. EDT on Tuesday, said Ann Lee.", {"Ann Lee": "person"}),
        # Bodies named by words no person's name holds.
        (
            "The Border Patrol and the Clinton Global Initiative met the Muslim Brotherhood.",
            {
                "Border Patrol": "organisation",
                "Clinton Global Initiative": "organisation",
                "Muslim Brotherhood": "organisation",
            },
        ),
    ],
)
def test_words_that_open_or_type_no_persons_name(text: str, expected: dict[str, str]) -> None:
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found == expected


def test_a_surname_is_found_before_a_generational_suffix() -> None:
    """ "Robert Fiske Jr." is Fiske: "Starr replaced Fiske" names him."""
    text = "Robert Fiske Jr was named counsel in January. In August, Kenneth Starr replaced Fiske."
    actors = _actors(text)
    assert len(actors["Robert Fiske Jr"].mentions) == 2, list(actors)
    _exact(text, actors)


@pytest.mark.parametrize(
    "text",
    [
        "MANCHESTER, N.H. — Bernie Sanders said on Monday that he would win here.",
        "LONDON (Reuters) - Bernie Sanders said on Monday that he would win here.",
        "FULL TEXT.\n\nBernie Sanders said on Monday that he would win in Columbia, S.C.",
    ],
)
def test_datelines_state_abbreviations_and_section_heads_are_no_one(text: str) -> None:
    names = {span.text for span, _ in find_mentions(text)} - {"Reuters"}
    assert names == {"Bernie Sanders"}


def test_a_short_first_name_is_the_same_person_and_a_junior_another() -> None:
    text = (
        "Attorney General William Barr released the report. Bill Barr said it was fair. "
        "Donald Trump agreed, and so did Donald Trump Jr, who tweeted about it."
    )
    actors = _actors(text)
    assert len(actors["William Barr"].mentions) == 2, list(actors)
    assert {"Donald Trump", "Donald Trump Jr"} <= set(actors)
    _exact(text, actors)


def test_titles_in_capitals_weekdays_and_plural_titles_are_no_part_of_a_name() -> None:
    text = (
        "AG William Barr on Sunday sent the summary to lawmakers, and White House Counsel "
        "Emmet Flood Friday said the report was fine. MPs said they would read it."
    )
    found = {span.text: kind for span, kind in find_mentions(text)}
    assert found.get("William Barr") == "person", found
    assert found.get("Emmet Flood") == "person"
    assert "MPs" not in found


def test_a_bare_regime_is_the_one_country_named_before_it() -> None:
    text = (
        "Aid groups condemned the Syrian regime on Monday. The regime began an offensive in "
        "November, and the regime's refusal to talk angered them."
    )
    actors = _actors(text)
    assert "regime" not in actors
    assert [m.text for m in actors["Syria"].mentions] == ["Syrian", "regime", "regime"]
    # Two countries' regimes: a bare "regime" could be either's.
    text = "The Syrian regime and Iran's regime met. The regime said nothing."
    assert "regime" in _actors(text)


def test_a_first_name_opening_a_sentence_is_no_opener_though_written_in_lower_case() -> None:
    """ "Bill Clinton" opening a sentence of a text about a bill stays Bill Clinton; he had
    become "Clinton", merged into Hillary Clinton, and spoken for her in the quotes."""
    from propscan.quotes import find_quotes_in_text

    text = (
        "Hillary Clinton spoke in Dover on Monday. The bill would cut taxes, she said. "
        "Bill Clinton attacked Sanders in a speech on Sunday, accusing him of sexism."
    )
    actors = _actors(text)
    assert [m.text for m in actors["Bill Clinton"].mentions] == ["Bill Clinton"]
    assert [m.text for m in actors["Hillary Clinton"].mentions] == ["Hillary Clinton"]
    speakers = {q.cue.text: q.speaker for q in find_quotes_in_text(text) if q.cue}
    assert speakers["accusing"] == "Bill Clinton"
