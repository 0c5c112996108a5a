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


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "Claims something is true because an authority or expert says so, without other evidence.",
        "The world's leading scientists agree that this is the only way.",
        "#8dd3c7",
        ("Appeal_to_Authority",),
        ("Appeal_to_Authority",),
    ),
    Technique(
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "Builds support for an idea by instilling anxiety or panic about an alternative.",
        "If we do not act now, our children will grow up in a country run by criminals.",
        "#fb8072",
        ("Appeal_to_fear-prejudice",),
        ("Appeal_to_Fear-Prejudice",),
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / Reductio ad Hitlerum",
        "Urges joining a course of action because 'everyone' does, or rejects one because a "
        "despised group favours it.",
        "Millions have already signed up; only extremists oppose the plan.",
        "#bebada",
        ("Bandwagon", "Reductio_ad_hitlerum"),
        ("Appeal_to_Popularity", "Guilt_by_Association"),
    ),
    Technique(
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "Presents two alternatives as the only possibilities when more exist.",
        "You are either with us or with the terrorists.",
        "#80b1d3",
        ("Black-and-White_Fallacy",),
        ("False_Dilemma-No_Choice",),
    ),
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "Assumes a single cause or reason for an issue that has many.",
        "Crime went up the year the new mayor took office, so it is the mayor's fault.",
        "#fdb462",
        ("Causal_Oversimplification",),
        ("Causal_Oversimplification",),
    ),
    Technique(
        "Doubt",
        "Doubt",
        "Questions the credibility of someone or something.",
        "Can we really trust a minister who has changed his mind so often?",
        "#b3de69",
        ("Doubt",),
        ("Doubt",),
    ),
    Technique(
        "Exaggeration,Minimisation",
        "Exaggeration / minimisation",
        "Represents something as much better or worse than it is, or downplays it.",
        "This is the greatest betrayal in the history of the nation.",
        "#fccde5",
        ("Exaggeration,Minimisation",),
        ("Exaggeration-Minimisation",),
    ),
    Technique(
        "Flag-Waving",
        "Flag-waving",
        "Plays on strong national (or group) feeling to justify an action or idea.",
        "Every true patriot will stand behind our soldiers.",
        "#d9d9d9",
        ("Flag-Waving",),
        ("Flag_Waving",),
    ),
    Technique(
        "Loaded_Language",
        "Loaded language",
        "Uses words or phrases with strong emotional implications to influence the reader.",
        "The regime's bloodthirsty thugs unleashed a reign of terror.",
        "#ffed6f",
        ("Loaded_Language",),
        ("Loaded_Language",),
    ),
    Technique(
        "Name_Calling,Labeling",
        "Name calling / labeling",
        "Labels the object of the propaganda as something the audience fears, hates or loves.",
        "The so-called experts and their globalist friends.",
        "#ff9da7",
        ("Name_Calling,Labeling",),
        ("Name_Calling-Labeling",),
    ),
    Technique(
        "Repetition",
        "Repetition",
        "Repeats the same message over and over so that the audience accepts it.",
        "They lied about the war. They lied about the money. They lied to you.",
        "#bc80bd",
        ("Repetition",),
        ("Repetition",),
    ),
    Technique(
        "Slogans",
        "Slogans",
        "A brief, striking phrase that may include labeling and stereotyping.",
        "Take back control!",
        "#ccebc5",
        ("Slogans",),
        ("Slogans",),
    ),
    Technique(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "A short, generic phrase that discourages critical thought and discussion.",
        "It is what it is.",
        "#ffd92f",
        ("Thought-terminating_Cliches",),
        ("Conversation_Killer",),
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism / straw man / red herring",
        "Discredits a position by charging hypocrisy, misrepresenting it, or changing the subject.",
        "Where were these critics when their own side did the same?",
        "#a6cee3",
        ("Whataboutism", "Straw_Men", "Red_Herring"),
        ("Whataboutism", "Straw_Man", "Red_Herring"),
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
