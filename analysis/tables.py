"""Summary tables: median and 10-90% range across seeds, formatted for a terminal or a briefing."""

from __future__ import annotations

import pandas as pd


def _fmt(x: float) -> str:
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.2f}M"
    if a >= 1e4:
        return f"{x / 1e3:.1f}k"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def summary_table(runs: pd.DataFrame, by: list[str], metrics: list[str]) -> pd.DataFrame:
    """One row per group `by`, one column per metric: 'median [p10, p90]' across the group's runs."""
    metrics = [m for m in metrics if m in runs]
    groups = runs.groupby(by, sort=False) if by else [("all runs", runs)]
    rows = {}
    for key, g in groups:
        q = g[metrics].quantile([0.1, 0.5, 0.9])
        rows[key if not isinstance(key, tuple) or len(key) > 1 else key[0]] = {
            m: f"{_fmt(q.loc[0.5, m])} [{_fmt(q.loc[0.1, m])}, {_fmt(q.loc[0.9, m])}]" for m in metrics}
    t = pd.DataFrame.from_dict(rows, orient="index")
    t.index.name = ", ".join(by) if by else ""
    if by == ["scenario"] and "baseline" in t.index:
        t = t.loc[["baseline", *[i for i in t.index if i != "baseline"]]]
    return t
