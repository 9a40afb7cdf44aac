"""Plumbing shared by the studies: the run pool, one number formatter, one figure style and saver, and one set
of target ranges (what calibration and validation hold the baseline to, with their sources)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------- the run pool
_SHARED: list[ProcessPoolExecutor] = []   # the pool of an enclosing `worker_pool` block, if any


@contextmanager
def worker_pool(workers: int) -> Iterator[None]:
    """One pool of `workers` processes for every run_pool call inside the block: the workers start (imports,
    compiled kernels, the world) once, not once per phase of a study."""
    if workers <= 1:
        yield
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as ex:
        _SHARED.append(ex)
        try:
            yield
        finally:
            _SHARED.remove(ex)


def run_pool(fn: Callable[[Any], Any], jobs: list, workers: int, desc: str) -> list:
    """fn(job) for every job, in order, on a pool of `workers` processes (in this process if 1), with a bar."""
    from tqdm import tqdm

    if workers <= 1 or len(jobs) <= 1:
        return [fn(j) for j in tqdm(jobs, desc=desc, unit="run")]
    if _SHARED:
        return list(tqdm(_SHARED[-1].map(fn, jobs), total=len(jobs), desc=desc, unit="run"))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as ex:
        return list(tqdm(ex.map(fn, jobs), total=len(jobs), desc=desc, unit="run"))


def parse_sets(pairs: list[str]) -> dict[str, str]:
    """`--set KEY=VALUE` arguments as config overrides; raises ConfigError (one line) for a malformed one."""
    from sim.config import ConfigError

    if bad := [kv for kv in pairs if "=" not in kv or not kv.split("=", 1)[0].strip()]:
        raise ConfigError(f"--set {bad[0]!r}: expected KEY=VALUE, e.g. market.transport_usd_kg_km=0.005")
    return dict(kv.split("=", 1) for kv in pairs)


# ------------------------------------------------------------------------------------------------- numbers
def fmt(x: Any, kind: str = "num") -> str:
    """A number for a table, a report or a chart label. Strings pass through; None and NaN are '-'.

    num: 1,234 at or above 100, else 3 significant digits. compact: 1.23M, 12.3k, 123, 1.23, 0.123 (briefing
    tables). short: 1.2M, 12k, 1.2k, 123, 1.2 (chart ticks). pct: a share as 12.3%; pct0: 12%. int: 1,234.
    f1, f2: 1 or 2 decimals.
    """
    if isinstance(x, str):
        return x
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    a = abs(x)
    if kind == "pct":
        return f"{100 * x:.1f}%"
    if kind == "pct0":
        return f"{100 * x:.0f}%"
    if kind == "int":
        return f"{x:,.0f}"
    if kind in ("f1", "f2"):
        return f"{x:.{kind[1]}f}"
    if kind == "compact":
        return (f"{x / 1e6:.2f}M" if a >= 1e6 else f"{x / 1e3:.1f}k" if a >= 1e4 else f"{x:.0f}" if a >= 100
                else f"{x:.2f}" if a >= 1 else f"{x:.3f}")
    if kind == "short":
        if a < 10 and x != round(x):
            return f"{x:.1f}"
        return (f"{x / 1e6:.1f}M" if a >= 999_500 else f"{x / 1e3:.0f}k" if a >= 9_950 else
                f"{x / 1e3:.1f}k" if a >= 999.5 else f"{x:.0f}")
    return f"{x:,.0f}" if a >= 100 else f"{x:.3g}"


# ------------------------------------------------------------------------------------------------- figures
STYLE = {"font.size": 11, "axes.titlesize": 11, "axes.labelsize": 10, "legend.fontsize": 9,
         "axes.spines.top": False, "axes.spines.right": False}


def save_figure(fig: Any, out: Path, name: str, formats: tuple[str, ...] = ("png",), dpi: int = 150) -> list[Path]:
    """Save a matplotlib figure as `out/name.<format>` for each format (PNG at `dpi`), close it; the paths."""
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.{f}" for f in formats]
    for p in paths:
        fig.savefig(p, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return paths


# ----------------------------------------------------------------------------------------- target ranges
class Target(NamedTuple):
    lo: float
    hi: float
    source: str


# What the baseline is held to, by key (validation rows and calibration targets use these, one set).
TARGETS: dict[str, Target] = {
    "sites_active": Target(2400, 3000, "facts 1-2: 2,429 visited sites (IPIS data), 2,700-2,951 (IPIS 2019-20)"),
    "miners": Target(370_000, 430_000, "facts 1-2: 367,780 at visited sites, 382,000-427,469 (IPIS 2019-20)"),
    "armed": Target(0.40, 0.60, "fact 4: IPIS 49% of sites (survey waves differ: a range)"),
    "nonstate": Target(0.12, 0.28, "fact 4: IPIS 19% of sites"),
    "armed_ratio": Target(2.0, math.inf, "fact 5: gold-only 60% vs 3T-only 26%"),
    "income_all": Target(2.0, 15.0, "fact 11: $2.7-3.3/day (3T) to $25-200/week (gold)"),
    "income_3t": Target(2.7, 3.3, "fact 11: $2.7-3.3/day"),
    "income_gold": Target(25 / 7, 200 / 7, "fact 11: $25-200/week"),
    "smuggled_gold": Target(0.99, 1.0, "fact 10: under 1% official"),
    "gold_t_year": Target(15.0, 22.0, "fact 10: 15-22 t/yr"),
    "price_gold": Target(30.0, 45.0, "fact 13: about $35/g, near the world price ($45/g, LBMA 2019); the low end "
                         "is an assumption"),
    "price_tin": Target(2.7, 13.0, "fact 13: cassiterite $2.7-13/kg at the mine gate"),
    "price_tin_p10": Target(2.7, 13.0, "fact 13: cassiterite $2.7-13/kg at the mine gate"),
    "price_tantalum": Target(20.0, 50.0, "fact 13: coltan $20-24/kg at a monopsony site, over $50/kg in Kigali"),
    "armed_groups": Target(70, 130, "fact 14: 70-130"),
    "group_median": Target(0, 200, "fact 14: most groups <= 200"),
    "fighters": Target(7_000, 30_000, "70-130 groups x 100-200 fighters, plus FDLR/ADF (fact 14)"),
    "rb_count": Target(798, 1082, "798 (Kivus, fact 8) - 1,082 (DRC+CAR, fact 8); IPIS 2019: 945 (fact 2)"),
    "rb_nonstate": Target(0.12, 0.32, "fact 8: 22% +-10 points"),
    "rb_state": Target(0.61, 0.81, "fact 8: 71% +-10 points"),
}
