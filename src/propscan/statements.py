"""Claims, quotes and actors: what an article asserts, whom it cites, how it names people.

Three detectors run after the technique detector, over the same Document:

- claims (:mod:`propscan.claims`): every article sentence in ClaimBuster's three classes, with
  a check-worthiness score and the numbers it states;
- quotes (:mod:`propscan.quotes`): source, cue and content of direct and reported speech,
  with the speaker resolved to the fullest name the article gives;
- actors (:mod:`propscan.actors`): the people, organisations, countries and groups mentioned,
  with the words and the technique fragments aimed at them and the quotes they speak.

Actors come last because they point at the other two (fragments and quotes, by index).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from propscan.actors import find_actors
from propscan.analysis import Actor, Claim, Fragment, Quote
from propscan.claims import ClaimModel, load_claim_model
from propscan.document import Document
from propscan.quotes import find_quotes

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence


@dataclass(frozen=True)
class Statements:
    """The three statement detectors; only the claim model holds learned state."""

    claims: ClaimModel

    def __call__(
        self,
        doc: Document,
        fragments: Sequence[Fragment],
        claim_probabilities: np.ndarray | None = None,
        cue_evidence: CueEvidence | None = None,
    ) -> tuple[list[Claim], list[Quote], list[Actor]]:
        """``claim_probabilities``: a claims head's, from the technique detector's encoder;
        ``cue_evidence``: an encoder's evidence of cues (the cue probe or a tagger), if any."""
        claims = self.claims(doc, claim_probabilities)
        quotes = find_quotes(doc, cue_evidence)
        return claims, quotes, find_actors(doc, fragments, quotes)


@cache
def load_statements() -> Statements:
    """The packaged statement detectors, loaded once per process."""
    return Statements(load_claim_model())
