"""Named random streams: one per decision, derived from the run seed (common random numbers).

`streams.week("miner_choice", t)` returns a fresh generator for that decision in week t, seeded from
(seed, stream name, week). A policy that changes how many numbers one decision draws therefore cannot shift
the draws of any other decision, or of the same decision in other weeks: scenario-minus-baseline
differences stay tight. Nothing in the model uses a global random state.
"""

from __future__ import annotations

import zlib

import numpy as np


def _key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of independent, reproducible generators keyed by decision name (and week)."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def week(self, name: str, week: int) -> np.random.Generator:
        """Generator for decision `name` in week `week` (>= 0)."""
        ss = np.random.SeedSequence(entropy=self.seed, spawn_key=(_key(name), int(week) + 1))
        return np.random.Generator(np.random.PCG64(ss))

    def init(self, name: str) -> np.random.Generator:
        """Generator for an initialisation decision (week-independent)."""
        ss = np.random.SeedSequence(entropy=self.seed, spawn_key=(_key(name), 0))
        return np.random.Generator(np.random.PCG64(ss))
