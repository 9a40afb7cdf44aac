"""Weighted draws without replacement (sim.sampling.weighted_sample, weighted_sample_log)."""

import numpy as np

from sim.sampling import weighted_sample, weighted_sample_log


def test_huge_weights_are_drawn_by_chance_not_by_index():
    """Weights of the size the army's redeployment uses ((USD + 1) ** 12, ~1e20) must not tie: u ** (1 / w)
    rounds to 1.0 for all of them and the draw became 'the lowest indices first'."""
    rng = np.random.default_rng(0)
    w = np.full(1000, 1e20)
    picks = np.concatenate([weighted_sample(rng.random(1000), w, 5) for _ in range(200)])
    assert picks.mean() > 300            # by index it would be 2 (0..4 every time)
    assert len(np.unique(picks)) > 500


def test_selection_frequency_follows_the_weights():
    """One draw from two items of weights 1 and 3 (also given as log weights, far beyond float range): the
    second is chosen about 3 times in 4."""
    rng = np.random.default_rng(1)
    u = rng.random((20000, 2))
    first = np.mean([weighted_sample(x, np.array([1.0, 3.0]), 1)[0] == 1 for x in u])
    assert abs(first - 0.75) < 0.015
    lw = np.array([1000.0, 1000.0 + np.log(3.0)])   # w = e^1000: overflows as a weight
    second = np.mean([weighted_sample_log(x, lw, 1)[0] == 1 for x in u])
    assert second == first
