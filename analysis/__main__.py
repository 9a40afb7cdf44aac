"""`python -m analysis DIR`: collect a sweep into DIR/results.parquet and DIR/runs.parquet, write figures into
DIR/figures/ (PNG and SVG) and print a summary table (median and the 10-90% spread across runs; also written as
DIR/summary_table.{csv,md}). Paired differences (each setting minus a reference on the same seeds) go to
DIR/paired_table.{csv,md}: against `scenario=baseline`, a `--reference KEY=VALUE`, or any swept lever's off
level. On an ensemble (`+experiment=policy_robustness`) it also writes DIR/robustness_table.{csv,md} and what
decides each effect (DIR/effect_correlates.{csv,md}: Spearman rho with each sampled parameter), and
`--discover "POLICY:METRIC<op>VALUE"` finds where in the uncertainty space the condition holds
(DIR/discovery/POLICY_METRIC/). On a policy search (`+experiment=policy_search`) it writes the Pareto set
(DIR/pareto_table.{csv,md}, DIR/figures/pareto.png)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .collect import collect, sampled_keys
from .discovery import ConditionError, discover, parse_condition
from .paired import ReferenceError, auto_reference, lever_label, paired, parse_reference
from .plots import MAIN_METRICS, outcome_curves, paired_differences, timeseries
from .robustness import correlates_markdown, effect_correlates, effect_figure, point_effects, robustness_table
from .robustness import to_markdown as robustness_markdown
from .search import is_search
from .search import report as search_report
from .tables import summary_table

SUMMARY_METRICS = ["armed_revenue_usd", "fighters", "sites_armed_share", "sites_nonstate_share",
                   "miner_income_usd_day", "violent_events", "policy_cost_usd"]
# the paired table written for briefings (DIR/paired_table.md): every outcome a policy is meant to move
PAIRED_METRICS = ["armed_revenue_usd", "fighters", "sites_armed_share", "sites_nonstate_share",
                  "miner_income_usd_day", "smuggled_share_gold", "smuggled_share_3t", "certified_share_3t",
                  "laundered_share_certified", "farmgate_usd_kg_tin", "violent_events", "civilian_abuses",
                  "policy_cost_usd"]


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="sweep (or run) folder")
    ap.add_argument("--no-figures", action="store_true", help="only write the tables")
    ap.add_argument("--reference", action="append", default=[], metavar="KEY=VALUE",
                    help="pair every run with the run at this level (same seeds); repeatable")
    ap.add_argument("--discover", action="append", default=[], metavar="POLICY:METRIC<op>VALUE",
                    help='scenario discovery on an ensemble, e.g. "ddr:fighters>=0"; repeatable')
    ap.add_argument("--method", choices=("prim", "cart"), default="prim", help="discovery method (default prim)")
    return ap.parse_args(argv)


def _write(table: pd.DataFrame, folder: Path, name: str, markdown: str | None = None) -> None:
    table.to_csv(folder / f"{name}.csv")
    (folder / f"{name}.md").write_text(markdown if markdown is not None else table.to_markdown() + "\n")


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    if not a.folder.is_dir():
        print(f"error: folder not found: {a.folder}", file=sys.stderr)
        return 2
    if is_search(a.folder):     # a policy search (+experiment=policy_search): its Pareto set
        print(search_report(a.folder, figures=not a.no_figures))
        return 0
    try:
        conditions = [parse_condition(c) for c in a.discover]
        results, runs, keys = collect(a.folder)
    except (FileNotFoundError, ConditionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results.to_parquet(a.folder / "results.parquet", index=False)
    runs.to_parquet(a.folder / "runs.parquet", index=False)
    sampled = sampled_keys(a.folder, runs, keys)
    levers = [k for k in keys if k not in ("seed", "design_point", *sampled) and runs[k].nunique() > 1]
    print(f"{len(runs)} runs, {len(results)} rows -> {a.folder / 'results.parquet'}, {a.folder / 'runs.parquet'}")
    table = summary_table(runs, levers, SUMMARY_METRICS)
    _show("Final-year means: median [10%, 90%] across runs", table)
    _write(table, a.folder, "summary_table")
    try:
        reference = parse_reference(a.reference, runs, levers) if a.reference else auto_reference(runs, levers)
    except ReferenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    match = [k for k in keys if k not in sampled]
    diffs = paired(runs, reference, match, PAIRED_METRICS, levers) if reference else None
    ref_label = ", ".join(f"{lever_label(k)}={v}" for k, v in reference.items())
    if diffs is not None and len(diffs):
        t = summary_table(diffs, ["mix"], PAIRED_METRICS)
        _show(f"Minus {ref_label} on the same seeds, final-year means: median [10%, 90%] of the paired "
              "differences (a spread across runs, not a confidence interval)", t[[m for m in SUMMARY_METRICS if m in t]])
        t = t.T
        t.index.name = "metric"
        _write(t, a.folder, "paired_table")
    ensemble = "design_point" in runs and reference == {"scenario": "baseline"}
    if ensemble:
        rob = robustness_table(runs, match)
        md = robustness_markdown(rob)
        _write(rob, a.folder, "robustness_table", md)
        effects = point_effects(runs, match, PAIRED_METRICS)   # per mix and design point; correlates, discovery
        if sampled:
            cor = effect_correlates(effects, runs, sampled, [m for m in PAIRED_METRICS if m != "policy_cost_usd"])
            _write(cor, a.folder, "effect_correlates", correlates_markdown(cor, runs["design_point"].nunique()))
        print("\nRobustness across the design:\n" + md)
    elif conditions:
        print("error: --discover needs an ensemble sweep (+experiment=policy_robustness) with a baseline",
              file=sys.stderr)
        return 2
    for cond in conditions:
        try:
            lines = discover(runs, effects, sampled, cond, a.folder / "discovery" / cond.name, a.method)
        except ConditionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"\nScenario discovery, {cond} ({a.method}): {a.folder / 'discovery' / cond.name}/")
        print("\n".join(lines))
    if not a.no_figures:
        _figures(a.folder / "figures", results, runs, levers, diffs, ref_label,
                 point_effects(runs, match) if ensemble else None)
    return 0


def _show(title: str, table: pd.DataFrame) -> None:
    print(f"\n{title}")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())


def _figures(out: Path, results: pd.DataFrame, runs: pd.DataFrame, levers: list[str], diffs: pd.DataFrame | None,
             ref_label: str, effects: pd.DataFrame | None) -> None:
    paths = timeseries(results, levers, out)
    numeric = [k for k in levers if pd.api.types.is_numeric_dtype(runs[k])]
    for lever in numeric:
        rest = [k for k in levers if k != lever]
        paths += outcome_curves(runs, lever, out, by=rest[0] if len(rest) == 1 else None)
    if diffs is not None and len(diffs):
        paths += paired_differences(diffs, out, ref_label, metrics=MAIN_METRICS)
    if effects is not None:
        paths += effect_figure(effects, out)
    print(f"figures: {out}/ ({', '.join(sorted({p.stem for p in paths}))}; PNG and SVG)")


if __name__ == "__main__":
    sys.exit(main())
