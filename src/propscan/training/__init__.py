"""Training-time code: cross-validation folds, out-of-fold evaluation, calibration.

Inference never imports this package (it needs the ``train`` extra for the encoder's folds).
"""
