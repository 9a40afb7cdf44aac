"""Baseline calibration check: the last simulated year of a baseline sweep against the calibration ranges.

`python -m analysis.calibration DIR [--write docs/calibration.md]`: DIR holds baseline runs (e.g. from
`python -m sim -m +experiment=baseline_calibration`). For each target: the model's median across seeds and
its 10-90% range, the range it must fall in (issue 2 / FACTS.md / IPIS README) and whether the median does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .collect import collect
from .common import TARGETS, fmt

# (label, target key in analysis.common.TARGETS, how to compute it from a run's final-year means)
CALIBRATION = [
    ("share of sites with any armed actor", "armed", lambda r: r["sites_armed_share"]),
    ("share of sites with a non-state group", "nonstate", lambda r: r["sites_nonstate_share"]),
    ("armed presence, gold vs 3T sites (ratio)", "armed_ratio",
     lambda r: r["sites_armed_share_gold"] / r["sites_armed_share_3t"]),
    ("miners' mean net income (USD/day)", "income_all", lambda r: r["miner_income_usd_day"]),
    ("gold leaving through informal channels", "smuggled_gold", lambda r: r["smuggled_share_gold"]),
    ("active armed groups", "armed_groups", lambda r: r["armed_groups"]),
    ("active sites", "sites_active", lambda r: r["sites_active"]),
    ("miners", "miners", lambda r: r["miners"]),
]


def calibration_table(runs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for label, key, f in CALIBRATION:
        lo, hi, src = TARGETS[key]
        v = runs.apply(f, axis=1)
        med = v.median()
        rows.append({"target": label, "model median": med, "model 10%": v.quantile(0.1),
                     "model 90%": v.quantile(0.9), "range": f"{lo:g} - {hi:g}" if hi != float("inf") else f">= {lo:g}",
                     "inside": bool(lo <= med <= hi), "source": src})
    return pd.DataFrame(rows)


def to_markdown(t: pd.DataFrame, runs: pd.DataFrame, folder: Path) -> str:
    seeds = sorted(int(s) for s in runs["seed"])
    steps = int(runs["steps"].iloc[0]) if "steps" in runs else None
    lines = [
        "# Baseline calibration",
        "",
        "The `eastern_drc` baseline (no policy) against the calibration ranges: the model's median across "
        f"{len(seeds)} seeds ({', '.join(map(str, seeds))}) of each run's mean over its last simulated year "
        f"(weeks {steps - 52}-{steps - 1} of {steps})." if steps else "",
        "",
        "Reproduce (a few minutes on 2 cores):",
        "",
        "```",
        "make calibration",
        "# which runs:",
        "python -m sim -m +experiment=baseline_calibration",
        "python -m analysis.calibration sweeps/baseline_calibration --write docs/calibration.md",
        "```",
        "",
        "| target | model median | model 10-90% | range | inside | source |",
        "|---|---|---|---|---|---|",
    ]
    for _, r in t.iterrows():
        lines.append(f"| {r['target']} | {fmt(r['model median'])} | {fmt(r['model 10%'])} - {fmt(r['model 90%'])} | "
                     f"{r['range']} | {'yes' if r['inside'] else '**no**'} | {r['source']} |")
    lines += ["", f"Runtime of one 5-year full-scale run: median {runs['runtime_s'].median():.1f} s "
              "(model construction and 260 weekly steps, one core, while the other core ran another seed).", "",
              "What was calibrated, and how, is in docs/ODD.md (section 7, calibration) and docs/parameters.md "
              "(every parameter's source).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.calibration", description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--write", type=Path, help="write the markdown report here")
    a = ap.parse_args(argv)
    try:
        _, runs, _ = collect(a.folder)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    t = calibration_table(runs)
    with pd.option_context("display.width", 200):
        print(t.to_string(index=False))
    if a.write:
        old = a.write.read_text() if a.write.is_file() else ""
        # hand-written sections after the generated table (e.g. "## Long runs") survive a rewrite
        keep = old[old.index("\n## "):] if "\n## " in old else ""
        a.write.write_text(to_markdown(t, runs, a.folder) + keep)
        print(f"wrote {a.write}")
    return 0 if t["inside"].all() else 1


if __name__ == "__main__":
    sys.exit(main())
