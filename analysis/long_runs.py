"""Is the baseline stationary? `python -m analysis.long_runs [--seeds 6] [--years 50] [--set KEY=VALUE ...]`.

Runs the baseline for `--years` simulated years on seeds 1..N and compares the means of the last 5 years with
those of years 5-10 (the window the calibration and validation look at): per quantity, the change of each seed,
their median, and whether every seed stays within `--band` (20%: issue 15's test of a stationary baseline).
`--set` checks a candidate calibration (as in `python -m analysis.validate`). Prints a Markdown table; `--out`
also writes the per-seed changes as CSV. docs/calibration.md ("Long runs") quotes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ConfigError
from sim.run.api import make_config

from .common import fmt, parse_sets, run_pool

QUANTITIES = {"fighters": "fighters", "armed_groups": "armed groups", "sites_armed_share": "sites with armed presence",
              "sites_nonstate_share": "sites with a non-state group", "armed_revenue_usd": "armed revenue (USD/week)",
              "sites_active": "active sites", "miners": "miners"}
EARLY = (5, 10)   # years: the window compared against the last 5 years
LATE_YEARS = 5


def drift_job(job: tuple[str, int, int, dict[str, str]]) -> dict[str, float]:
    """Pool job: (world, seed, years, overrides) -> relative change (late / early - 1) per quantity."""
    from sim.metrics import METRIC_NAMES
    from sim.run.api import run

    world, seed, years, overrides = job
    cfg = make_config(world, seed=seed, steps=years * 52, **{"output.site_every": 520}, **overrides)
    m = pd.DataFrame(run(cfg).metrics, columns=METRIC_NAMES)
    year = m["step"] // 52
    early = m[(year >= EARLY[0]) & (year < EARLY[1])][list(QUANTITIES)].mean()
    late = m[year >= years - LATE_YEARS][list(QUANTITIES)].mean()
    return {"seed": seed, **{q: float(late[q] / early[q] - 1.0) if early[q] else np.nan for q in QUANTITIES}}


def table(changes: pd.DataFrame, band: float) -> str:
    """Markdown: per quantity the median change, each seed's, and whether all stay within the band."""
    lines = ["| quantity | change, median over seeds | seeds | every seed within +-" + fmt(band, "pct0") + " |",
             "|---|---|---|---|"]
    for q, label in QUANTITIES.items():
        x = changes[q]
        seeds = ", ".join(f"{v * 100:+.1f}" for v in x)
        lines.append(f"| {label} | {x.median() * 100:+.1f}% | {seeds} | {'yes' if (x.abs() <= band).all() else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.long_runs", description=__doc__.splitlines()[0])
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--seeds", type=int, default=6, help="seeds 1..N")
    ap.add_argument("--years", type=int, default=50, help="simulated years per run (at least 15)")
    ap.add_argument("--band", type=float, default=0.20, help="largest change counted as stationary (share)")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="parameter override (repeatable)")
    ap.add_argument("--out", type=Path, help="also write the per-seed changes to this CSV file")
    a = ap.parse_args(argv)
    try:   # bad input: one line, before any run starts
        if a.seeds < 1 or a.workers < 1:
            raise ConfigError(f"--seeds {a.seeds}, --workers {a.workers}: each must be at least 1")
        if a.years < EARLY[1] + LATE_YEARS:
            raise ConfigError(f"--years {a.years}: must be at least {EARLY[1] + LATE_YEARS} (years 5-10 against "
                              f"the last {LATE_YEARS})")
        overrides = parse_sets(a.set)
        make_config(a.world, steps=a.years * 52, **overrides)
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    jobs: list[Any] = [(a.world, seed, a.years, overrides) for seed in range(1, a.seeds + 1)]
    changes = pd.DataFrame(run_pool(drift_job, jobs, a.workers, f"{a.years}-year runs ({a.world})"))
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        changes.to_csv(a.out, index=False)
    sets = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults"
    print(f"{a.world}, {a.years} years, seeds 1-{a.seeds} ({sets}): last {LATE_YEARS} years against years "
          f"{EARLY[0]}-{EARLY[1]}, means")
    print(table(changes, a.band))
    return 0


if __name__ == "__main__":
    sys.exit(main())
