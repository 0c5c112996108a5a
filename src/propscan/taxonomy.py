"""The 14 propaganda technique classes of SemEval-2020 Task 11, and what each means.

Class names are exactly those of the PTC labels (``techniques.txt``). Each class maps to the
fine-grained techniques of the PTC annotation guidelines (18 in all: SemEval-2020 merged some
and dropped "Obfuscation, Intentional vagueness, Confusion" for lack of examples) and to the
names used by SemEval-2023 Task 3 where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from propscan.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Technique:
    """One technique class, as a person reading a report needs it."""

    name: str
    label: str
    definition: str
    example: str
    colour: str
    fine_grained: tuple[str, ...]
    semeval2023: tuple[str, ...]
    code: str = ""  # a short tag: the terminal report's marker, the HTML highlights' label


# The colours are highlight backgrounds under black text, chosen by hand near the hues of
# ColorBrewer's Set3 and checked by tests/test_taxonomy.py: each gives black text a contrast
# of at least 7:1 (WCAG AAA; AA asks 4.5:1), has a CIELAB chroma of at least 30 and lies at
# least 35 (CIE76 delta E) from white, so it reads as a highlight on a white page (Set3's
# grey and pastels did not), and any two differ by at least 13.
TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "Claims something is true because an authority or expert says so, without other evidence.",
        "The world's leading scientists agree that this is the only way.",
        "#66d4bf",
        ("Appeal_to_Authority",),
        ("Appeal_to_Authority",),
        "AUTH",
    ),
    Technique(
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "Builds support for an idea by instilling anxiety or panic about an alternative.",
        "If we do not act now, our children will grow up in a country run by criminals.",
        "#fb8072",
        ("Appeal_to_fear-prejudice",),
        ("Appeal_to_Fear-Prejudice",),
        "FEAR",
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / Reductio ad Hitlerum",
        "Urges joining a course of action because 'everyone' does, or rejects one because a "
        "despised group favours it.",
        "Millions have already signed up; only extremists oppose the plan.",
        "#b59cf0",
        ("Bandwagon", "Reductio_ad_hitlerum"),
        ("Appeal_to_Popularity", "Guilt_by_Association"),
        "BAND",
    ),
    Technique(
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "Presents two alternatives as the only possibilities when more exist.",
        "You are either with us or with the terrorists.",
        "#74aef0",
        ("Black-and-White_Fallacy",),
        ("False_Dilemma-No_Choice",),
        "BW",
    ),
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "Assumes a single cause or reason for an issue that has many.",
        "Crime went up the year the new mayor took office, so it is the mayor's fault.",
        "#fdb462",
        ("Causal_Oversimplification",),
        ("Causal_Oversimplification",),
        "CAUSE",
    ),
    Technique(
        "Doubt",
        "Doubt",
        "Questions the credibility of someone or something.",
        "Can we really trust a minister who has changed his mind so often?",
        "#b3de69",
        ("Doubt",),
        ("Doubt",),
        "DOUBT",
    ),
    Technique(
        "Exaggeration,Minimisation",
        "Exaggeration / minimisation",
        "Represents something as much better or worse than it is, or downplays it.",
        "This is the greatest betrayal in the history of the nation.",
        "#f59acb",
        ("Exaggeration,Minimisation",),
        ("Exaggeration-Minimisation",),
        "EXAG",
    ),
    Technique(
        "Flag-Waving",
        "Flag-waving",
        "Plays on strong national (or group) feeling to justify an action or idea.",
        "Every true patriot will stand behind our soldiers.",
        "#5fcfee",
        ("Flag-Waving",),
        ("Flag_Waving",),
        "FLAG",
    ),
    Technique(
        "Loaded_Language",
        "Loaded language",
        "Uses words or phrases with strong emotional implications to influence the reader.",
        "The regime's bloodthirsty thugs unleashed a reign of terror.",
        "#ffe45c",
        ("Loaded_Language",),
        ("Loaded_Language",),
        "LOAD",
    ),
    Technique(
        "Name_Calling,Labeling",
        "Name calling / labeling",
        "Labels the object of the propaganda as something the audience fears, hates or loves.",
        "The so-called experts and their globalist friends.",
        "#ff9da7",
        ("Name_Calling,Labeling",),
        ("Name_Calling-Labeling",),
        "NAME",
    ),
    Technique(
        "Repetition",
        "Repetition",
        "Repeats the same message over and over so that the audience accepts it.",
        "They lied about the war. They lied about the money. They lied to you.",
        "#d58fd9",
        ("Repetition",),
        ("Repetition",),
        "REP",
    ),
    Technique(
        "Slogans",
        "Slogans",
        "A brief, striking phrase that may include labeling and stereotyping.",
        "Take back control!",
        "#8ee59a",
        ("Slogans",),
        ("Slogans",),
        "SLOGAN",
    ),
    Technique(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "A short, generic phrase that discourages critical thought and discussion.",
        "It is what it is.",
        "#d4bd3a",
        ("Thought-terminating_Cliches",),
        ("Conversation_Killer",),
        "CLICHE",
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism / straw man / red herring",
        "Discredits a position by charging hypocrisy, misrepresenting it, or changing the subject.",
        "Where were these critics when their own side did the same?",
        "#a9b8ff",
        ("Whataboutism", "Straw_Men", "Red_Herring"),
        ("Whataboutism", "Straw_Man", "Red_Herring"),
        "WHAT",
    ),
)

TECHNIQUE_NAMES: tuple[str, ...] = tuple(t.name for t in TECHNIQUES)
_BY_NAME = {t.name: t for t in TECHNIQUES}

# The fine-grained technique of the PTC guidelines that SemEval-2020 dropped (too rare).
DROPPED_FINE_GRAINED = ("Obfuscation,Intentional_Vagueness,Confusion",)


def technique(name: str) -> Technique:
    """The technique called ``name`` (a SemEval-2020 class name)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ConfigError(
            f"unknown technique {name!r}; known: {', '.join(TECHNIQUE_NAMES)}"
        ) from None
