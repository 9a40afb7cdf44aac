"""Selection helpers shared by mechanisms: the k largest keys, and weighted draws without replacement."""

from __future__ import annotations

import numpy as np


def top_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` largest `keys`, largest first, ties in index order: `np.argsort(-keys,
    kind="stable")[:k]` without sorting all of them (e.g. a week's DDR enrolment among all fighters)."""
    n = len(keys)
    if k >= n:
        return np.argsort(-keys, kind="stable")
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    t = np.partition(keys, n - k)[n - k]                  # the k-th largest key
    above = np.flatnonzero(keys > t)
    sel = np.concatenate([above, np.flatnonzero(keys == t)[: k - len(above)]])
    return sel[np.lexsort((sel, -keys[sel]))]


def weighted_sample(u: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of `k` items drawn without replacement with probabilities rising with `weights` (> 0), from
    pre-drawn uniforms `u`, one per item (Efraimidis-Spirakis: the largest keys u^(1/w))."""
    return weighted_sample_log(u, np.log(weights), k)


def weighted_sample_log(u: np.ndarray, log_weights: np.ndarray, k: int) -> np.ndarray:
    """`weighted_sample` given log w, for weights that could overflow. The keys are taken in log space,
    log w - log(-log u), the same order as u^(1/w): u^(1/w) itself rounds to exactly 1.0 once w is above ~1e16,
    and ties are then broken by index, not by chance."""
    with np.errstate(divide="ignore"):
        keys = log_weights - np.log(-np.log(u))
    return top_k(keys, k)
