"""Summary tables: median and 10-90% range across seeds, formatted for a terminal or a briefing."""

from __future__ import annotations

import pandas as pd

from .common import fmt


def summary_table(runs: pd.DataFrame, by: list[str], metrics: list[str]) -> pd.DataFrame:
    """One row per group `by`, one column per metric: 'median [p10, p90]' across the group's runs."""
    metrics = [m for m in metrics if m in runs]
    groups = runs.groupby(by, sort=False) if by else [("all runs", runs)]
    rows = {}
    for key, g in groups:
        q = g[metrics].quantile([0.1, 0.5, 0.9])
        rows[key if not isinstance(key, tuple) or len(key) > 1 else key[0]] = {
            m: f"{fmt(q.loc[0.5, m], 'compact')} [{fmt(q.loc[0.1, m], 'compact')}, {fmt(q.loc[0.9, m], 'compact')}]"
            for m in metrics}
    t = pd.DataFrame.from_dict(rows, orient="index")
    t.index.name = ", ".join(by) if by else ""
    if by == ["scenario"] and "baseline" in t.index:
        t = t.loc[["baseline", *[i for i in t.index if i != "baseline"]]]
    return t
