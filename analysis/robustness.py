"""Robustness of policy mixes across the uncertainty space (an ensemble sweep: `+experiment=policy_robustness`).

At every design point each policy mix is compared with the baseline on the same seeds (paired effects); the
effect at a point is the median over its seeds. Per mix, across the design points:
- `median_effect_<metric>`: the median of the point effects (metric units; final-year means);
- `share_better_<metric>`: the share of points where the mix beats the baseline (effect in the good direction);
- `regret_p90_<metric>`: the 90th percentile of regret, the distance at a point between the mix's outcome and
  the best outcome any mix (baseline included) reached there (Savage regret, as in the EMA Workbench's
  robustness metrics);
- cost-effectiveness from the medians over points: `cost_per_fighter_removed_usd` (a year of the mix's
  spending per fighter fewer), `cost_per_armed_usd_denied` (USD spent per USD of armed revenue denied),
  `cost_per_abuse_averted_usd` (USD spent per abuse averted); empty where the median effect is
  no reduction.
What decides an effect (`effect_correlates`): the Spearman rank correlation, across design points, between a
mix's point effect and each sampled parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.metrics import metric_label

from .common import STYLE, fmt, save_figure
from .paired import paired

# outcome -> direction that is better (-1: lower is better)
GOALS = {"armed_revenue_usd": -1, "fighters": -1, "sites_armed_share": -1, "miner_income_usd_day": +1,
         "violent_events": -1, "civilian_abuses": -1}
OUTCOMES = tuple(GOALS)
BASELINE = "baseline"


def point_effects(runs: pd.DataFrame, keys: list[str], metrics: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Median over seeds of each mix's paired effect at each design point: one row per (mix, design_point)."""
    metrics = list(metrics)
    eff = paired(runs, {"scenario": BASELINE}, keys, [*metrics, "policy_cost_usd"])
    cost = runs.groupby(["scenario", "design_point"])["policy_cost_usd"].median()
    out = eff.groupby(["mix", "design_point"])[metrics].median()
    out["policy_cost_usd"] = cost.reindex(out.index).to_numpy()
    return out.reset_index()


def regrets(runs: pd.DataFrame, metrics: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Regret of every mix at every design point: how far its outcome (median over seeds) is from the best
    outcome of any mix at that point, in the metric's units (>= 0)."""
    metrics = list(metrics)
    med = runs.groupby(["scenario", "design_point"])[metrics].median()
    out = pd.DataFrame(index=med.index)
    for m in metrics:
        sign = GOALS.get(m, -1)
        best = (sign * med[m]).groupby(level="design_point").transform("max")
        out[m] = best - sign * med[m]
    return out.reset_index()


def robustness_table(runs: pd.DataFrame, keys: list[str], metrics: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """One row per policy mix other than baseline (columns in the module docstring)."""
    metrics = list(metrics)
    eff = point_effects(runs, keys, metrics)
    reg = regrets(runs, metrics)
    rows = {}
    for mix, g in eff.groupby("mix", sort=False):
        r = reg[reg["scenario"] == mix]
        row = {"design_points": g["design_point"].nunique(),
               "seeds_per_point": int(runs[runs["scenario"] == mix].groupby("design_point").size().median())}
        for m in metrics:
            row[f"median_effect_{m}"] = g[m].median()
            row[f"share_better_{m}"] = float((GOALS.get(m, -1) * g[m] > 0).mean())
            row[f"regret_p90_{m}"] = r[m].quantile(0.9)
        cost = g["policy_cost_usd"].median()
        cut = {m: -g[m].median() if m in g else np.nan for m in ("fighters", "armed_revenue_usd", "civilian_abuses")}
        row["policy_cost_usd_week"] = cost
        row["cost_per_fighter_removed_usd"] = _ratio(52 * cost, cut["fighters"])
        row["cost_per_armed_usd_denied"] = _ratio(cost, cut["armed_revenue_usd"])
        row["cost_per_abuse_averted_usd"] = _ratio(cost, cut["civilian_abuses"])
        rows[mix] = row
    t = pd.DataFrame.from_dict(rows, orient="index")
    t.index.name = "mix"
    return t


def _ratio(cost: float, reduction: float) -> float:
    """Cost per unit of reduction; NaN where there is no reduction (the mix does not buy any)."""
    return cost / reduction if np.isfinite(reduction) and reduction > 0 else np.nan


def to_markdown(t: pd.DataFrame, metrics: Sequence[str] = OUTCOMES) -> str:
    """The table for a briefing: effect, share of the space where it helps, regret; then cost-effectiveness."""
    metrics = list(metrics)
    n = int(t["design_points"].max())
    lines = [f"Across {n} design points of the uncertainty space ({int(t['seeds_per_point'].median())} seeds each; "
             "effect = policy minus baseline on the same seeds, median over seeds at a point; final-year means). "
             "Cells: median effect across points / share of points where the policy does better than the baseline "
             "/ 90th-percentile regret (distance from the best mix at a point).", "",
             "| mix | " + " | ".join(metric_label(m) for m in metrics) + " |", "|---|" + "---|" * len(metrics)]
    for mix, r in t.iterrows():
        cells = [f"{fmt(r[f'median_effect_{m}'], 'compact')} / {r[f'share_better_{m}']:.0%} / "
                 f"{fmt(r[f'regret_p90_{m}'], 'compact')}" for m in metrics]
        lines.append(f"| {mix} | " + " | ".join(cells) + " |")
    lines += ["", "| mix | cost (USD/week) | USD a year per fighter fewer | USD per USD of armed revenue denied | "
              "USD per abuse averted |", "|---|---|---|---|---|"]
    for mix, r in t.iterrows():
        c = [fmt(r[k], "compact") if np.isfinite(r[k]) else "no reduction"
             for k in ("cost_per_fighter_removed_usd", "cost_per_armed_usd_denied", "cost_per_abuse_averted_usd")]
        lines.append(f"| {mix} | {fmt(r['policy_cost_usd_week'], 'compact')} | " + " | ".join(c) + " |")
    return "\n".join(lines) + "\n"


def effect_correlates(effects: pd.DataFrame, runs: pd.DataFrame, sampled: Sequence[str],
                      metrics: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """Spearman rank correlation, across design points, between each mix's point effect (`point_effects`) on each
    outcome and each sampled parameter (its value at the point, from `runs`); columns mix, metric, parameter,
    rho, p_value, strongest |rho| first within a mix and outcome: which uncertainties decide an effect, and in
    which direction."""
    from scipy.stats import spearmanr

    design = runs.groupby("design_point")[list(sampled)].first()
    rows = []
    for mix, g in effects.groupby("mix", sort=False):
        x = design.loc[g["design_point"]]
        for m in metrics:
            y = g[m].to_numpy()
            if np.unique(y).size < 2:    # an effect that never varies has no correlate
                continue
            for par in sampled:
                if x[par].nunique() > 1:
                    rho, pv = spearmanr(x[par].to_numpy(), y)
                    rows.append({"mix": mix, "metric": m, "parameter": par, "rho": float(rho), "p_value": float(pv)})
    t = pd.DataFrame(rows, columns=["mix", "metric", "parameter", "rho", "p_value"])
    t = t.iloc[np.argsort(-t["rho"].abs().to_numpy(), kind="stable")]
    return t.sort_values(["mix", "metric"], kind="stable").reset_index(drop=True)


def correlates_markdown(t: pd.DataFrame, n_points: int, top: int = 3) -> str:
    """The `top` parameters per mix and outcome, with the level that chance alone reaches one time in twenty."""
    chance = 1.96 / np.sqrt(max(n_points - 1, 1))
    lines = [f"Spearman rank correlation across {n_points} design points between each policy's effect (policy "
             f"minus baseline, median over seeds at a point) and each sampled parameter; the {top} strongest per "
             f"policy and outcome. With {n_points} points |rho| above about {chance:.2f} happens by chance for one "
             "parameter in twenty: read a correlate as a finding only where a mechanism stands behind it.", "",
             "| mix | outcome | parameters (rho) |", "|---|---|---|"]
    for (mix, m), g in t.groupby(["mix", "metric"], sort=False):
        cells = ", ".join(f"`{r.parameter}` ({r.rho:+.2f})" for r in g.head(top).itertuples())
        lines.append(f"| {mix} | {metric_label(m)} | {cells} |")
    return "\n".join(lines) + "\n"


def effect_figure(eff: pd.DataFrame, out: Path, metrics: Sequence[str] = OUTCOMES) -> list[Path]:
    """Distribution across design points of each mix's effect on each outcome (box plots, zero line)."""
    metrics = list(metrics)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    mixes = list(dict.fromkeys(eff["mix"]))
    n = eff["design_point"].nunique()
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(int(np.ceil(len(metrics) / 2)), 2, figsize=(12.4, 2.0 + 0.5 * len(mixes) *
                                                                                 np.ceil(len(metrics) / 2)))
        for ax, m in zip(axes.ravel(), metrics, strict=False):
            data = [eff.loc[eff["mix"] == x, m].dropna().to_numpy() for x in mixes]
            ax.boxplot(data, vert=False, tick_labels=mixes, whis=(5, 95), showfliers=True,
                       flierprops={"markersize": 3})
            ax.axvline(0, color="grey", lw=0.8)
            ax.xaxis.set_major_locator(MaxNLocator(6))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, "short")))
            better = "lower is better" if GOALS.get(m, -1) < 0 else "higher is better"
            ax.set_title(f"{metric_label(m)} ({better})")
            ax.set_xlabel("policy minus baseline")
        for ax in axes.ravel()[len(metrics):]:
            ax.set_visible(False)
        fig.suptitle(f"Policy effects across {n} design points of the uncertainty space (median over seeds at "
                     "each point; box: quartiles, whiskers: 5-95%)", y=1.0)
        fig.tight_layout()
        return save_figure(fig, out, "robustness_effects", formats=("png", "svg"))
