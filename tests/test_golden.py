"""Stored-output regression: three fixed runs give exactly the outputs recorded in tests/golden/outputs.json
(see tests/golden.py: what is recorded, and how to regenerate it when a change is meant to move outputs)."""

from __future__ import annotations

import json

from .golden import GOLDEN, differences, fingerprints


def test_outputs_equal_the_stored_fingerprints():
    diffs = differences(json.loads(GOLDEN.read_text()), fingerprints())
    assert not diffs, "outputs moved (regenerate with `python -m tests.golden` if meant):\n" + "\n".join(diffs)
