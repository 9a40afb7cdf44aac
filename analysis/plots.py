"""Briefing figures from a collected sweep: time series with bands, outcome curves, paired differences.

Bands are the 10-90% range across seeds and the line is the median (pandas quantiles). Every figure has a
title, axis labels with units (from sim.metrics) and is saved as PNG (150 dpi) and SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.metrics import METRICS, metric_label  # noqa: E402

from .common import STYLE, save_figure  # noqa: E402
from .paired import lever_label, mix_labels  # noqa: E402

MAIN_METRICS = ["armed_revenue_usd", "fighters", "sites_armed_share", "sites_nonstate_share",
                "miner_income_usd_day", "violent_events", "civilian_abuses", "smuggled_share_gold",
                "certified_share_3t", "policy_cost_usd"]
DESCRIPTIONS = {m.name: m.description for m in METRICS}
QUANTILES = (0.1, 0.5, 0.9)


def bands(df: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Median and 10-90% range of `value` across seeds, per group `by`: columns q10, q50, q90."""
    q = df.groupby(by, sort=True)[value].quantile(list(QUANTILES)).unstack()
    q.columns = ["q10", "q50", "q90"]
    return q.reset_index()


def _save(fig: plt.Figure, out: Path, name: str) -> list[Path]:
    return save_figure(fig, out, name, formats=("png", "svg"))


def _grid(n: int) -> tuple[plt.Figure, np.ndarray]:
    cols = 2 if n > 1 else 1
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, 3.2 * rows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return fig, axes.ravel()


def timeseries(results: pd.DataFrame, levers: list[str], out: Path, metrics: list[str] = MAIN_METRICS,
               smooth_weeks: int = 4) -> list[Path]:
    """Each metric over time, one line per scenario (median across seeds, 10-90% band)."""
    df = results.copy()
    df["scenario_label"] = mix_labels(df, levers)
    metrics = [m for m in metrics if m in df]
    order = sorted(df["scenario_label"].unique(), key=lambda s: (s != "baseline", s))
    with plt.rc_context(STYLE):
        fig, axes = _grid(len(metrics))
        for ax, metric in zip(axes, metrics, strict=False):
            sm = df.sort_values("step").groupby("run")[metric].transform(
                lambda s: s.rolling(smooth_weeks, min_periods=1).mean())
            d = df.assign(value=sm)
            for i, lab in enumerate(order):
                q = bands(d[d["scenario_label"] == lab], ["step"], "value")
                colour = "black" if lab == "baseline" else f"C{i}"
                ax.plot(q["step"] / 52, q["q50"], color=colour, lw=1.6, label=lab)
                ax.fill_between(q["step"] / 52, q["q10"], q["q90"], color=colour, alpha=0.15, lw=0)
            ax.set_title(DESCRIPTIONS.get(metric, metric))
            ax.set_xlabel("year")
            ax.set_ylabel(metric_label(metric))
        axes[0].legend(loc="best", frameon=False)
        n_runs = df.groupby("scenario_label")["run"].nunique().min()
        what = "runs (seeds x design points)" if "design_point" in df else "seeds"
        fig.suptitle(f"Outcomes over time: median and 10-90% spread across {n_runs} {what} "
                     f"({smooth_weeks}-week means)", y=1.0)
        fig.tight_layout()
        return _save(fig, out, "timeseries")


def outcome_curves(runs: pd.DataFrame, lever: str, out: Path, by: str | None = None,
                   metrics: list[str] = MAIN_METRICS) -> list[Path]:
    """Final-year mean of each metric against a numeric lever (median, 10-90% band across seeds);
    one line per value of a second lever `by` if given."""
    metrics = [m for m in metrics if m in runs]
    groups = [(None, runs)] if by is None else list(runs.groupby(by, sort=True))
    with plt.rc_context(STYLE):
        fig, axes = _grid(len(metrics))
        for ax, metric in zip(axes, metrics, strict=False):
            for i, (val, g) in enumerate(groups):
                q = bands(g, [lever], metric)
                lab = None if by is None else f"{lever_label(by)} = {val}"
                ax.plot(q[lever], q["q50"], marker="o", color=f"C{i}", lw=1.6, label=lab)
                ax.fill_between(q[lever], q["q10"], q["q90"], color=f"C{i}", alpha=0.15, lw=0)
            ax.set_title(DESCRIPTIONS.get(metric, metric))
            ax.set_xlabel(lever_label(lever))
            ax.set_ylabel(metric_label(metric))
        if by is not None:
            axes[0].legend(loc="best", frameon=False)
        fig.suptitle(f"Final-year outcomes against {lever}: median and 10-90% range across seeds", y=1.0)
        fig.tight_layout()
        return _save(fig, out, f"curve_{lever.replace('.', '_')}")


def paired_differences(diffs: pd.DataFrame, out: Path, reference: str = "baseline",
                       metrics: list[str] = MAIN_METRICS) -> list[Path]:
    """Each mix minus the reference, seed by seed (common random numbers; `diffs` from analysis.paired),
    final-year means: median and the 10-90% spread across seeds (and design points, in an ensemble)."""
    metrics = [m for m in metrics if m in diffs]
    mixes = list(dict.fromkeys(diffs["mix"]))
    with plt.rc_context(STYLE):
        fig, axes = _grid(len(metrics))
        for ax, metric in zip(axes, metrics, strict=False):
            q = bands(diffs, ["mix"], metric).set_index("mix").loc[mixes]
            y = np.arange(len(mixes))
            ax.axvline(0, color="grey", lw=0.8)
            ax.errorbar(q["q50"], y, xerr=[q["q50"] - q["q10"], q["q90"] - q["q50"]], fmt="o", color="C0",
                        capsize=3)
            ax.set_yticks(y, mixes)
            ax.set_title(DESCRIPTIONS.get(metric, metric))
            ax.set_xlabel(f"difference from {reference}: {metric_label(metric)}")
        fig.suptitle(f"Each setting minus {reference} on the same seeds (final-year means): median and the 10-90% "
                     "spread of the paired differences (a spread across runs, not a confidence interval)", y=1.0)
        fig.tight_layout()
        return _save(fig, out, "paired_differences")
