"""Detectors report calibrated confidences: the shipped map applied to their raw scores."""

from __future__ import annotations

import numpy as np

from propscan.detectors import packaged_model_dir
from propscan.detectors.base import calibrated
from propscan.detectors.fast import FastDetector
from propscan.ingest import document_from_text
from propscan.models.calibration import Calibration
from propscan.models.fast import FastModel


def test_the_fast_detector_applies_its_calibration(demo_text: str) -> None:
    model = FastModel.load(packaged_model_dir("fast"))
    assert model.calibration is not None, "the shipped model carries its calibration"
    doc = document_from_text(demo_text)
    shipped = FastDetector(model)(doc).fragments
    calibration, model.calibration = model.calibration, None
    raw = FastDetector(model)(doc).fragments
    assert [(f.start, f.end, f.technique) for f in shipped] == [
        (f.start, f.end, f.technique) for f in raw
    ]
    expected = calibration(np.asarray([f.confidence for f in raw]))
    assert [f.confidence for f in shipped] == [round(float(v), 4) for v in expected]
    assert shipped != raw


def test_no_calibration_leaves_raw_scores() -> None:
    assert calibrated([], Calibration((0.0, 1.0), (0.2, 0.3))) == []
    doc = document_from_text("They lie. They always lie.")
    fragments = FastDetector(FastModel.load(packaged_model_dir("fast")))(doc).fragments
    assert calibrated(fragments, None) is fragments
