"""Numba kernels for armed groups: the weighted draw of the places a group looks at.

Pure functions of arrays and pre-drawn uniforms; `kernel.py_func` is the plain-Python twin the tests compare.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def weighted_picks(weight, ids, eligible, u, out):
    """Draw `len(u)` positions j in `ids` with probability proportional to `weight[j]` where `eligible[ids[j]]` (0
    elsewhere), one per uniform: position j when the cumulative weight before j is <= u x total < the cumulative
    weight through j, clipped to the last position; as numpy's `searchsorted(cumsum(weight x eligible[ids]),
    u x total, side="right")` (same sums, same order, same result). Writes the positions to `out[:len(u)]`;
    returns False (out untouched) when no position has weight."""
    n = ids.shape[0]
    cum = np.empty(n)
    total = 0.0
    for j in range(n):
        total += weight[j] * eligible[ids[j]]
        cum[j] = total
    if n == 0 or not total > 0.0:
        return False
    for k in range(u.shape[0]):
        v = u[k] * total
        lo, hi = 0, n
        while lo < hi:   # first position whose cumulative weight exceeds v
            mid = (lo + hi) // 2
            if cum[mid] <= v:
                lo = mid + 1
            else:
                hi = mid
        out[k] = min(lo, n - 1)
    return True
