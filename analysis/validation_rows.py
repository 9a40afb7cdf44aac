"""The IPIS side of the validation and the report's rows: the figures of the derived IPIS site table, the ranges
each model figure is held to (with where they come from), and the comparison tables (rows x starts, and
site by site)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import binomtest, ks_2samp, rankdata

from sim.world import World

from .common import TARGETS, Target, fmt
from .ipis_revisits import turnover
from .observe import (
    ARMY_KM_CLASSES,
    CELL_GROUPS,
    GROUPS,
    RECALL_WEEKS,
    SIZE_CLASSES,
    army_distance_shares,
    presence_shares,
    site_cuts,
)

GROUP_LABELS = {"gold": "gold", "3t": "3T (tin, tantalum, tungsten)", "other": "other minerals"}
STARTS = ("ipis", "empty")
# FACTS.md fact 7 (IPIS visits with interference, 2013+, first armed actor): not in the derived site table.
IPIS_FORMS = {"taxation": 0.851, "pillaging": 0.174, "buying_minerals": 0.152, "monopoly": 0.125,
              "forced_labour": 0.103, "digging": 0.082}


# ---------------------------------------------------------------------------------------------- statistics
def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve: chance a random site with presence scores above one without (ties: half)."""
    y = np.asarray(y, dtype=bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = rankdata(np.asarray(score, dtype=float))
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def calibration_curve(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Observed frequency of presence per bin of predicted probability: columns predicted, observed, sites."""
    df = pd.DataFrame({"p": np.asarray(p, dtype=float), "y": np.asarray(y, dtype=float)})
    b = pd.cut(df["p"], np.linspace(0.0, 1.0, bins + 1), include_lowest=True)
    return df.groupby(b, observed=True).agg(predicted=("p", "mean"), observed=("y", "mean"),
                                            sites=("y", "size")).reset_index(drop=True)


# ------------------------------------------------------------------------------------------- the IPIS side
def ipis_figures(world: World, groups: np.ndarray) -> tuple[dict[str, Any], dict[str, int]]:
    """IPIS figures from the derived site table (latest visit per site) and the sample size behind each share."""
    s = world.ipis_sites
    groups = groups[: len(s)]
    w = s["workers"].to_numpy(float)
    armed, ns = s["ipis_armed"].to_numpy(bool), s["ipis_nonstate"].to_numpy(bool)
    army = s["ipis_army"].to_numpy(bool)
    asked = s["visit_date"].astype(str).str[:4].astype(int).to_numpy() >= 2013  # interference recorded from 2013
    f = {"sites_active": len(s), "miners": w.sum(), "size_median": float(np.median(w)), "size_mean": w.mean(),
         "size_p90": float(pd.Series(w).quantile(0.9)), "size_ks": "0 (reference)",
         "gold_sites": (groups == "gold").mean(), "gold_miners": w[groups == "gold"].sum() / w.sum(),
         "armed": armed.mean(), "nonstate": ns.mean(), "army_any": army.mean(),
         "interference": s["ipis_interference"].to_numpy(bool)[asked].mean(),
         "miners_armed": w[armed].sum() / w.sum(), "miners_nonstate": w[ns].sum() / w.sum(),
         **presence_shares(w, armed, ns, army & ~ns, groups, world.site_province[: len(s)], world.province_names,
                           active=np.ones(len(s), dtype=bool))}
    n = {k: len(s) for k in ("armed", "nonstate", "army", "miners_armed", "miners_nonstate")}
    n["interference"] = int(asked.sum())
    for key, sel in site_cuts(w, groups, world.site_province[: len(s)], world.province_names):
        for what in ("armed", "nonstate", "miners_armed", "miners_nonstate"):
            n[f"{what}{key}"] = int(sel.sum())
    near, n_near = army_distance_shares(world.site_xy[: len(s)], army & ~ns, ~army, ns)   # (every site visited)
    f |= near
    n |= n_near
    f["armed_ratio"] = f["armed_gold"] / f["armed_3t"]
    return f, n


def wave_ranges(world: World, min_sites: int = 100) -> dict[str, tuple[float, float]]:
    """Site-size statistics' spread between IPIS survey waves (visit years with >= min_sites latest visits; the
    whole table if no year has that many)."""
    s = world.ipis_sites
    year = s["visit_date"].astype(str).str[:4]
    waves = [c for _, c in s.groupby(year) if len(c) >= min_sites] or [s]
    stats = []
    for c in waves:
        w = c["workers"].astype(float)
        stats.append({"size_median": w.median(), "size_mean": w.mean(), "size_p90": w.quantile(0.9),
                      "size_ks": ks_2samp(w, s["workers"].astype(float)).statistic})
    t = pd.DataFrame(stats)
    out = {k: (float(t[k].min()), float(t[k].max())) for k in t.columns}
    out["size_ks"] = (0.0, out["size_ks"][1])   # IPIS itself is at distance 0
    return out


# ------------------------------------------------------------------------------------------------- rows
class Row(NamedTuple):
    section: str
    key: str
    label: str
    ipis: float | str   # the IPIS (or FACTS) figure; a string where the source gives a range or text
    lo: float
    hi: float
    fmt: str     # pct, int, f1, f2
    range_note: str


def _around(p: float, n: int, half: float = 0.10) -> tuple[float, float]:
    """IPIS share +- `half`, widened to the 95% Wilson interval of the share where the sample is small."""
    ci = binomtest(int(round(p * n)), n).proportion_ci(method="wilson") if n > 0 else None
    lo, hi = p - half, p + half
    if ci is not None:
        lo, hi = min(lo, ci.low), max(hi, ci.high)
    return max(0.0, lo), min(1.0, hi)


def _target(section: str, key: str, label: str, ipis: float | str, kind: str) -> Row:
    """A row held to its range in analysis.common.TARGETS."""
    t: Target = TARGETS[key]
    return Row(section, key, label, ipis, t.lo, t.hi, kind, t.source)


def _share_rows(section: str, ipis: dict, n: dict, keys: list[tuple[str, str]]) -> list[Row]:
    """Rows of IPIS shares held to IPIS +-10 points (the Wilson interval where few sites stand behind them)."""
    return [Row(section, k, lab, ipis[k], *_around(ipis[k], n[k]), "pct", PM10) for k, lab in keys if n.get(k, 0) > 0]


PM10 = "IPIS +-10 points (95% Wilson interval if wider)"
# province x mineral cells shown: those of at least 150 sites that are not the whole province (the Kivus' and
# Maniema's gold and 3T, and Ituri's gold, 400 of its 401 sites)
CELL_MIN_SITES = 150


def validation_rows(ipis: dict[str, float], n: dict[str, int], waves: dict[str, tuple[float, float]],
                    provinces: list[str]) -> list[Row]:
    """Every row of the report: what is compared, the IPIS (or FACTS) figure and the range it must fall in."""
    wave = "spread between IPIS survey waves (visit years with >= 100 sites)"
    sites = "Sites and miners"
    rows = [
        _target(sites, "sites_active", "active sites", ipis["sites_active"], "int"),
        _target(sites, "miners", "miners", ipis["miners"], "int"),
        *(Row(sites, k, lab, ipis[k], *waves[k], "int" if k != "size_ks" else "f2", wave)
          for k, lab in (("size_median", "miners per site, median"), ("size_mean", "miners per site, mean"),
                         ("size_p90", "miners per site, 90th percentile"),
                         ("size_ks", "site-size distribution, KS distance to IPIS")) if k in waves),
        *(Row(sites, k, lab, ipis[k], ipis[k] - 0.05, ipis[k] + 0.05, "pct", "IPIS +-5 points (the mix is an input)")
          for k, lab in (("gold_sites", "gold share of active sites"), ("gold_miners", "share of miners at gold sites"))),
        _target("Armed presence", "armed", "sites with any armed actor (army included)", ipis["armed"], "pct"),
        _target("Armed presence", "nonstate", "sites with a non-state armed group", ipis["nonstate"], "pct"),
        *_share_rows("Armed presence", ipis, n, [
            ("army", "sites with the army and no non-state group"),
            ("interference", "sites with interference (visits 2013+)"),
            ("miners_armed", "miners at sites with armed presence"),
            ("miners_nonstate", "miners at sites with a non-state group")]),
        _target("Armed presence", "armed_ratio", "armed presence, gold / 3T sites", ipis["armed_ratio"], "f2"),
    ]
    for what, label in (("armed", "armed presence"), ("nonstate", "non-state presence"),
                        ("miners_armed", "miners at sites with armed presence"),
                        ("miners_nonstate", "miners at sites with a non-state group")):
        rows += _share_rows("By mineral", ipis, n, [(f"{what}_{g}", f"{label}, {GROUP_LABELS[g]}") for g in GROUPS])
        rows += _share_rows("By province", ipis, n, [
            (f"{what}@{p}", f"{label}, {p} ({n[f'{what}@{p}']} site{'s' * (n[f'{what}@{p}'] != 1)})")
            for p in provinces])
    rows += _share_rows("By province and mineral", ipis, n, [   # cells of at least CELL_MIN_SITES sites
        (f"{what}@{p}_{g}", f"{label}, {p}, {GROUP_LABELS[g].split(' ')[0]} ({n[f'{what}@{p}_{g}']} sites)")
        for p in provinces for g in CELL_GROUPS for what, label in (("armed", "armed presence"),
                                                                   ("nonstate", "non-state presence"))
        if CELL_MIN_SITES <= n.get(f"{what}@{p}_{g}", 0) < n[f"{what}@{p}"]])
    rows += _share_rows("By site size", ipis, n, [
        (f"{what}#{lab}", f"{label}, sites of {lab} miners ({n[f'{what}#{lab}']} site{'s' * (n[f'{what}#{lab}'] != 1)})")
        for what, label in (("armed", "armed presence"), ("nonstate", "non-state presence")) for _, _, lab in SIZE_CLASSES])
    rows += _share_rows("By distance from the army", ipis, n, [
        (f"nonstate~{lab}", f"non-state presence at sites without the army, {lab} from an army site "
                            f"({n[f'nonstate~{lab}']} sites)") for *_, lab in ARMY_KM_CLASSES])
    t = turnover()
    rev = (f"IPIS revisits ({t['pairs']} pairs of visits; Markov rates: onset {t['onset_rate']:.3f}/yr, end "
           f"{t['end_rate']:.2f}/yr): 95% bootstrap range, the low end halved (IPIS counts who was there on the day "
           f"as change: an upper bound on true turnover)")
    rows += [Row("Turnover of non-state presence", "turnover_onset", "sites a group took within a year, of those "
                 "it did not hold", t["onset_1y"], t["onset_1y_lo"] / 2, t["onset_1y_hi"], "pct", rev),
             Row("Turnover of non-state presence", "turnover_end", "sites groups left within a year, of those "
                 "they held", t["end_1y"], t["end_1y_lo"] / 2, t["end_1y_hi"], "pct", rev)]
    econ, groups = "Economy", "Armed groups and roadblocks"
    rows += [
        Row("Forms of interference", "forms_taxation", "interfering sites where the actor taxes",
            IPIS_FORMS["taxation"], 0.75, 0.95, "pct", "IPIS +-10 points (fact 7)"),
        Row("Forms of interference", "forms_pillaging",
            f"interfering sites with pillage or abuse in the last {RECALL_WEEKS} weeks", IPIS_FORMS["pillaging"],
            0.07, 0.27, "pct", "IPIS +-10 points (fact 7)"),
        _target(econ, "income_3t", "3T miners' net income (USD/day)", "2.7-3.3", "f2"),
        _target(econ, "income_gold", "gold miners' net income (USD/day)", "3.6-28.6 ($25-200/week)", "f2"),
        _target(econ, "income_all", "all miners' mean net income (USD/day)", "-", "f2"),
        _target(econ, "smuggled_gold", "gold leaving through informal channels", "> 99%", "pct"),
        _target(econ, "gold_t_year", "artisanal gold output (t/year)", "15-22", "f1"),
        _target(econ, "price_gold", "gold mine-gate price, median miner (USD/g)", "about 35", "f1"),
        _target(econ, "price_tin", "cassiterite mine-gate price, median miner (USD/kg)", "2.7-13", "f2"),
        _target(econ, "price_tin_p10", "cassiterite mine-gate price, 10th percentile of miners (USD/kg)", "2.7-13",
                "f2"),
        _target(econ, "price_tantalum", "coltan mine-gate price, median miner (USD/kg)", "20-24 (export > 50)", "f1"),
        _target(groups, "armed_groups", "active armed groups", "70-130", "int"),
        _target(groups, "group_median", "fighters in the median group", "most <= 200", "int"),
        _target(groups, "fighters", "fighters (all non-state groups)", "~19,000 at start", "int"),
        _target(groups, "rb_count", "roadblocks", 945, "int"),
        _target(groups, "rb_nonstate", "roadblocks run by non-state groups", 0.22, "pct"),
        _target(groups, "rb_state", "roadblocks run by state actors", 0.71, "pct"),
    ]
    return rows


# ------------------------------------------------------------------------------------------------ tables
def comparison_table(rows: list[Row], runs: list[dict]) -> pd.DataFrame:
    """One line per row: IPIS figure, range, and per start the model's 10/50/90% quantiles across seeds."""
    per = {st: pd.DataFrame([r["row"] for r in runs if r["start"] == st]) for st in STARTS}
    out = []
    for row in rows:
        rec = {"section": row.section, "key": row.key, "row": row.label, "ipis": fmt(row.ipis, row.fmt),
               "range": f"{fmt(row.lo, row.fmt)} - {fmt(row.hi, row.fmt)}" if row.hi != np.inf
               else f">= {fmt(row.lo, row.fmt)}", "range_note": row.range_note, "fmt": row.fmt}
        for st, df in per.items():
            v = df[row.key].dropna() if row.key in df else pd.Series(dtype=float)
            q = v.quantile([0.1, 0.5, 0.9]).to_numpy() if len(v) else np.full(3, np.nan)
            rec |= {f"{st}_q10": q[0], f"{st}_median": q[1], f"{st}_q90": q[2],
                    f"{st}_inside": bool(row.lo <= q[1] <= row.hi) if np.isfinite(q[1]) else False}
        out.append(rec)
    return pd.DataFrame(out)


def site_level(world: World, runs: list[dict], groups: np.ndarray) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """AUC of the per-site probability of armed presence against IPIS's latest visit, overall and per province.

    The probability is the share of the last year's site snapshots, pooled over seeds, with armed presence.
    Reference predictors: 'gold site' (a yes/no score) and site size (IPIS workers).
    """
    n = world.n_ipis
    y = world.ipis_sites["ipis_armed"].to_numpy(bool)
    p = {st: np.mean([r["p_armed"][:n] for r in runs if r["start"] == st], axis=0) for st in STARTS}
    gold = (groups[:n] == "gold").astype(float)
    size = world.ipis_sites["workers"].to_numpy(float)
    out = []
    for name, sel in [("all provinces", np.ones_like(y)),
                      *((pn, world.site_province[:n] == i) for i, pn in enumerate(world.province_names))]:
        out.append({"province": name, "sites": int(sel.sum()), "ipis_armed": y[sel].mean(),
                    "predicted_empty": p["empty"][sel].mean(), "auc_empty": auc(y[sel], p["empty"][sel]),
                    "auc_ipis_start": auc(y[sel], p["ipis"][sel]), "auc_gold": auc(y[sel], gold[sel]),
                    "auc_size": auc(y[sel], size[sel])})
    return pd.DataFrame(out), p
