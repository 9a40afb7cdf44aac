"""`python -m analysis DIR`: collect a sweep into DIR/results.parquet and DIR/runs.parquet, write figures
into DIR/figures/ (PNG and SVG) and print a summary table (median [10%, 90%] across seeds; also written as
DIR/summary_table.{csv,md}, and for policy comparisons the paired differences as DIR/paired_table.{csv,md})."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .collect import collect
from .plots import MAIN_METRICS, outcome_curves, paired_differences, paired_table, timeseries
from .tables import summary_table

SUMMARY_METRICS = ["armed_revenue_usd", "fighters", "sites_armed_share", "sites_nonstate_share",
                   "miner_income_usd_day", "violent_events", "policy_cost_usd"]
# the paired table written for briefings (DIR/paired_table.md): every outcome a policy is meant to move
PAIRED_METRICS = ["armed_revenue_usd", "fighters", "sites_armed_share", "sites_nonstate_share",
                  "miner_income_usd_day", "smuggled_share_gold", "smuggled_share_3t", "certified_share_3t",
                  "laundered_share_certified", "farmgate_usd_kg_tin", "violent_events", "civilian_abuses",
                  "policy_cost_usd"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    ap.add_argument("folder", type=Path, help="sweep (or run) folder")
    ap.add_argument("--no-figures", action="store_true", help="only write the tables")
    a = ap.parse_args(argv)
    if not a.folder.is_dir():
        print(f"error: folder not found: {a.folder}", file=sys.stderr)
        return 2
    try:
        results, runs, keys = collect(a.folder)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results.to_parquet(a.folder / "results.parquet", index=False)
    runs.to_parquet(a.folder / "runs.parquet", index=False)
    levers = [k for k in keys if k != "seed" and runs[k].nunique() > 1]
    print(f"{len(runs)} runs, {len(results)} rows -> {a.folder / 'results.parquet'}, {a.folder / 'runs.parquet'}")
    table = summary_table(runs, levers, SUMMARY_METRICS)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    table.to_csv(a.folder / "summary_table.csv")
    (a.folder / "summary_table.md").write_text(table.to_markdown() + "\n")
    if "scenario" in levers and (runs["scenario"] == "baseline").any():
        paired = summary_table(paired_table(runs, metrics=PAIRED_METRICS), ["scenario"], PAIRED_METRICS)
        print("\nPolicy minus baseline (same seeds), final-year means: median [10%, 90%]")
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            print(paired[[m for m in SUMMARY_METRICS if m in paired]].to_string())
        paired = paired.T
        paired.index.name = "metric"
        paired.to_csv(a.folder / "paired_table.csv")
        (a.folder / "paired_table.md").write_text(paired.to_markdown() + "\n")
    if a.no_figures:
        return 0
    out = a.folder / "figures"
    paths = timeseries(results, levers, out)
    numeric = [k for k in levers if pd.api.types.is_numeric_dtype(runs[k])]
    for lever in numeric:
        rest = [k for k in levers if k != lever]
        paths += outcome_curves(runs, lever, out, by=rest[0] if len(rest) == 1 else None)
    if "scenario" in levers and (runs["scenario"] == "baseline").any():
        paths += paired_differences(runs, out, metrics=MAIN_METRICS)
    print(f"figures: {out}/ ({', '.join(sorted({p.stem for p in paths}))}; PNG and SVG)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
