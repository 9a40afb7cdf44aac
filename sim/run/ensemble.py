"""Policy ensembles: a space-filling design over the uncertainties, crossed with a sweep's policy mixes and seeds.

The Hydra sweeper `hydra/sweeper=ensemble` (hydra_plugins/sim_sweepers/) expands the sweep as the basic sweeper
does (`scenario=a,b seed=range(K)`), draws `ensemble.samples` points of the design over the uncertainties
`ensemble.params` names (sim/config/exploration.py) with scipy.stats.qmc, and runs every combination at every
point: each job gets `ensemble.design_point=i` and one override per sampled key, so all policy mixes at a point
share its parameter values and its seeds (common random numbers). The design depends only on
(samples, method, params, seed): a rerun regenerates the same jobs, and finished ones are skipped.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import qmc

from ..config.base import ConfigError
from ..config.exploration import Uncertainty

DIGITS = 6   # significant digits of a sampled value (what the run uses and runs.parquet records)


def unit_design(n: int, d: int, method: str, seed: int) -> np.ndarray:
    """`n` points in the unit cube [0, 1)^d: Latin hypercube, scrambled Sobol or plain random (seeded)."""
    if method == "lhs":
        return qmc.LatinHypercube(d=d, rng=np.random.default_rng(seed)).random(n)
    if method == "sobol":
        with warnings.catch_warnings():   # a non-power-of-2 count loses Sobol's balance: said once in the note
            warnings.simplefilter("ignore", UserWarning)
            return qmc.Sobol(d=d, scramble=True, rng=np.random.default_rng(seed)).random(n)
    if method == "random":
        return np.random.default_rng(seed).random((n, d))
    raise ConfigError(f"ensemble.method: must be one of lhs, sobol, random; got {method!r}")


def design(space: list[Uncertainty], n: int, method: str, seed: int) -> np.ndarray:
    """(n, len(space)) parameter values: the unit design scaled to each plausible range, whole numbers for
    integer parameters (each of lo..hi equally likely), others rounded to DIGITS significant digits."""
    if n < 1 or not space:
        raise ConfigError("ensemble.samples: must be >= 1 with at least one uncertainty to sample")
    u = unit_design(n, len(space), method, seed)
    lo = np.array([s.lo for s in space])
    hi = np.array([s.hi for s in space])
    integer = np.array([s.integer for s in space])
    x = lo + u * (hi - lo)
    xi = np.minimum(np.floor(lo + u * (hi - lo + 1)), hi)
    x = np.where(integer, xi, x)
    return np.array([[_round(v, i) for v, i in zip(row, integer, strict=True)] for row in x])


def _round(v: float, integer: bool) -> float:
    return float(int(v)) if integer else float(f"{v:.{DIGITS}g}")


def job_overrides(space: list[Uncertainty], values: np.ndarray, point: int) -> list[str]:
    """The overrides of one design point: its index and one `key=value` per sampled parameter."""
    out = [f"ensemble.design_point={point}"]
    for s, v in zip(space, values[point], strict=True):
        out.append(f"{s.key}={int(v)}" if s.integer else f"{s.key}={float(v)!r}")
    return out


def sobol_note(n: int, method: str) -> str | None:
    """A one-line note when a Sobol design is asked for with a count that is not a power of two."""
    if method == "sobol" and n & (n - 1):
        return (f"note: ensemble.samples={n} is not a power of 2; a Sobol design is balanced only at 2^k points "
                f"(e.g. {1 << (n - 1).bit_length()})")
    return None


def write_design(folder: Path, space: list[Uncertainty], values: np.ndarray, method: str, seed: int) -> None:
    """The design beside the sweep's runs: `design.csv` (design_point and one column per sampled key) and
    `design_space.csv` (key, lo, hi, integer, source): what was sampled, over which ranges (for PRIM's boxes)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "design.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["design_point", *(s.key for s in space)])
        for i, row in enumerate(values):
            w.writerow([i, *(int(v) if s.integer else float(v) for s, v in zip(space, row, strict=True))])
    with open(folder / "design_space.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "lo", "hi", "integer", "source", "method", "design_seed"])
        for s in space:
            w.writerow([s.key, s.lo, s.hi, s.integer, s.source, method, seed])
