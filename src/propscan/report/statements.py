"""What the reports show of claims, quotes and actors: the same choices for every format.

The terminal and HTML reports (and the web page, in JavaScript) list the check-worthy claims
strongest first, every quote in text order, and the actors by salience; these functions make
those choices once so the formats agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from propscan.analysis import Actor, Analysis, Claim, Quantity

VERDICTS = {1: "check-worthy", 0: "unimportant factual", -1: "non-factual"}


def check_worthy(analysis: Analysis, top: int | None = None) -> list[Claim]:
    """The sentences classed as check-worthy factual claims, highest score first."""
    claims = sorted(
        (c for c in analysis.claims if c.verdict == 1), key=lambda c: (-c.score, c.start)
    )
    return claims if top is None else claims[:top]


def quantity_label(q: Quantity) -> str:
    """A quantity as a short phrase: ``over 350000 people``."""
    value = "?" if q.value is None else f"{q.value:,.10g}"
    return " ".join(part for part in (q.comparison, value, q.unit) if part)


@dataclass(frozen=True, slots=True)
class ActorView:
    """An actor as the reports show it: distinct labels, the fragments aimed at it
    (``techniques``) and those in its own quoted words (``used``)."""

    actor: Actor
    labels: list[str]
    techniques: list[tuple[str, str]]  # (technique, fragment text), in text order
    used: list[tuple[str, str]]


def actor_views(analysis: Analysis, top: int | None = None) -> list[ActorView]:
    """The actors (salience order, as found) with their labels and fragments, deduplicated."""
    views = []
    for actor in analysis.actors[:top]:
        labels = list(dict.fromkeys(label.text for label in actor.labels))
        techniques, used = (
            list(dict.fromkeys((analysis.spans[i].technique, analysis.spans[i].text) for i in ids))
            for ids in (actor.fragments, actor.used)
        )
        views.append(ActorView(actor, labels, techniques, used))
    return views
