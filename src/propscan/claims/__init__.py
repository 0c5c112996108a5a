"""Check-worthy claims: ClaimBuster's three classes for every sentence, and stated quantities.

``check_sentences(sentences, model=...)`` gives a (verdict, score) pair per sentence, each
read on its own (with the model's encoder, if it has one); ``load_claim_model()`` gives the
shipped linear model, and ``ClaimModel(doc)`` a :class:`propscan.analysis.Claim` per article
sentence, with its quantities from :func:`find_quantities`. Inference needs NumPy
and SciPy only; training (:mod:`propscan.claims.train`) needs the ``train`` extra.
"""

from __future__ import annotations

from propscan.claims.model import ClaimModel, load_claim_model, packaged_claim_model_dir
from propscan.claims.quantities import find_quantities
from propscan.claims.sentences import check_sentences

__all__ = [
    "ClaimModel",
    "check_sentences",
    "find_quantities",
    "load_claim_model",
    "packaged_claim_model_dir",
]
