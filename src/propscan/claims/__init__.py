"""Check-worthy claims: ClaimBuster's three classes for every sentence, and stated quantities.

``load_claim_model()`` gives the shipped model; ``ClaimModel.predict(sentences)`` gives a
(verdict, score) pair per sentence and ``ClaimModel(doc)`` a :class:`propscan.analysis.Claim`
per article sentence, with its quantities from :func:`find_quantities`. Inference needs NumPy
and SciPy only; training (:mod:`propscan.claims.train`) needs the ``train`` extra.
"""

from __future__ import annotations

from propscan.claims.model import ClaimModel, load_claim_model, packaged_claim_model_dir
from propscan.claims.quantities import find_quantities

__all__ = ["ClaimModel", "find_quantities", "load_claim_model", "packaged_claim_model_dir"]
