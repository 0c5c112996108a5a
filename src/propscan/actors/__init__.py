"""Actors: the people, organisations, countries and groups an article mentions, and how it
labels them (part 3 of issue 6).

:func:`find_mentions` finds typed mentions in a text; :func:`find_actors` merges an article's
mentions into :class:`~propscan.analysis.Actor` objects with their labels, the technique
fragments that target them and the quotes they are the source of.
"""

from propscan.actors.mentions import KINDS, find_mentions
from propscan.actors.resolve import find_actors

__all__ = ["KINDS", "find_actors", "find_mentions"]
