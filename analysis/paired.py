"""Paired differences against a reference level: each run minus the reference run with the same seed (and the
same design point and other swept values), so that common random numbers cancel the noise both share.

The reference is `scenario=baseline` for policy comparisons, any `KEY=VALUE` the analyst names
(`python -m analysis DIR --reference policies.ddr.capacity_per_year=0`), or found automatically: every swept
lever with an off level (`baseline`, `none`, `off`, false, 0).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

OFF_LEVELS = ("baseline", "none", "off", "false", "0", "0.0")


class ReferenceError(ValueError):
    """A `--reference KEY=VALUE` that names no swept lever or no level of it."""


def lever_label(key: str) -> str:
    """A lever's name in legends: the key without the `policies.` prefix (`ddr.capacity_per_year`)."""
    return key.removeprefix("policies.")


def mix_labels(df: pd.DataFrame, levers: list[str]) -> pd.Series:
    """What distinguishes each row: the scenario's name alone, else `lever=value` pairs naming each lever."""
    if not levers:
        return pd.Series("all runs", index=df.index)
    if levers == ["scenario"]:
        return df["scenario"].astype(str)
    return df[levers].astype(str).apply(lambda r: ", ".join(f"{lever_label(k)}={v}" for k, v in r.items()), axis=1)


def auto_reference(runs: pd.DataFrame, levers: list[str]) -> dict[str, Any]:
    """Every swept lever with an off level, at that level."""
    ref = {}
    for k in levers:
        off = [v for v in runs[k].unique() if str(v).strip().lower() in OFF_LEVELS]
        if off:
            ref[k] = off[0]
    return ref


def parse_reference(items: list[str], runs: pd.DataFrame, levers: list[str]) -> dict[str, Any]:
    """`KEY=VALUE` strings as {lever: level}; KEY may be the full key or its label (`ddr.capacity_per_year`)."""
    ref = {}
    for item in items:
        key, sep, value = item.partition("=")
        match = [k for k in levers if key in (k, lever_label(k))]
        if not sep or not match:
            raise ReferenceError(f"--reference {item!r}: write KEY=VALUE with KEY one of the swept levers: "
                                 f"{', '.join(levers) or 'none (nothing but seeds was swept)'}")
        levels = {str(v): v for v in runs[match[0]].unique()}
        hit = [v for s, v in levels.items() if s == value or _same_number(s, value)]
        if not hit:
            raise ReferenceError(f"--reference {item!r}: {match[0]} takes the levels {', '.join(sorted(levels))}")
        ref[match[0]] = hit[0]
    return ref


def _same_number(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def paired(runs: pd.DataFrame, reference: dict[str, Any], match: list[str], metrics: list[str],
           levers: list[str] | None = None) -> pd.DataFrame:
    """One row per non-reference run: `mix` (its levels of the reference levers and of the other swept `levers`,
    so that e.g. each DMZ selection rule is its own mix), the `match` keys, and each metric minus the reference
    run's with the same `match` values (seed, design point, other levers)."""
    metrics = [m for m in metrics if m in runs]
    levers = [*reference, *(k for k in levers or [] if k not in reference)]
    is_ref = pd.Series(True, index=runs.index)
    for k, v in reference.items():
        is_ref &= runs[k].astype(str) == str(v)
    match = [k for k in match if k not in reference]
    base = runs[is_ref].drop_duplicates(match).set_index(match)[metrics]
    others = runs[~is_ref]
    idx = others.set_index(match).index
    diff = others.set_index(match)[metrics] - base.reindex(idx)
    out = diff.reset_index()
    out.insert(0, "mix", mix_labels(others, levers).to_numpy())
    return out.dropna(subset=metrics, how="all")
