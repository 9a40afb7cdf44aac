"""Validation of the baseline against the IPIS cross-section: `python -m analysis.validate [--seeds 20]`.

Runs the `eastern_drc` baseline over several seeds twice: from the IPIS cross-section (the default start,
`world.initial_control=ipis`) and from an empty start (`world.initial_control=empty`: nobody holds a site at
week 0). Each run is observed over its last simulated year. For every row (site sizes, mineral mix, armed and
non-state presence overall, by mineral and by province, forms of interference, incomes, smuggling, armed
groups, roadblocks) the report gives the IPIS figure (computed from the project's derived site table, or
FACTS.md where the table has no such field), the range it is checked against, and the model's median and
10-90% range across seeds. The site-level check (per-site probability of armed presence against what IPIS saw
at the latest visit: AUC and a calibration curve, per province) uses the empty start, since the default start
copies IPIS's controllers into the model. Writes docs/validation.md and docs/img/validation-*.png.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import binomtest, ks_2samp, rankdata
from tqdm import tqdm

from sim.codes import RB_NONSTATE, RB_STATE, STATE
from sim.config import Config, ConfigError
from sim.conflict import Conflict
from sim.metrics import METRIC_NAMES, share
from sim.run.api import make_config, world_of
from sim.world import World

ROOT = Path(__file__).resolve().parent.parent
WINDOW_WEEKS = 52   # runs are observed over their last simulated year
RECALL_WEEKS = 13   # a site "suffers pillage" if a looting or abuse event happened there in the last quarter
GROUPS = ("gold", "3t", "other")
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


NAN = float("nan")   # a share of nothing is undefined in the report


def site_groups(world: World, cfg: Config) -> np.ndarray:
    """Metric family of each site's primary mineral: 'gold', '3t' or 'other'."""
    return np.array([cfg.minerals[n].group for n in world.mineral_names])[world.site_mineral]


# ------------------------------------------------------------------------------------------- the IPIS side
def ipis_figures(world: World, groups: np.ndarray) -> tuple[dict[str, Any], dict[str, int]]:
    """IPIS figures from the derived site table (latest visit per site) and the sample size behind each share."""
    s = world.sites
    w = s["workers"].to_numpy(float)
    armed, ns = s["ipis_armed"].to_numpy(bool), s["ipis_nonstate"].to_numpy(bool)
    army = s["ipis_army"].to_numpy(bool)
    asked = s["visit_date"].astype(str).str[:4].astype(int).to_numpy() >= 2013  # interference recorded from 2013
    f = {"sites_active": len(s), "miners": w.sum(), "size_median": float(np.median(w)), "size_mean": w.mean(),
         "size_p90": float(pd.Series(w).quantile(0.9)), "size_ks": "0 (reference)", "gold_sites": (groups == "gold").mean(),
         "gold_miners": w[groups == "gold"].sum() / w.sum(), "armed": armed.mean(), "nonstate": ns.mean(),
         "army": (army & ~ns).mean(), "army_any": army.mean(),
         "interference": s["ipis_interference"].to_numpy(bool)[asked].mean(),
         "miners_armed": w[armed].sum() / w.sum(), "miners_nonstate": w[ns].sum() / w.sum()}
    n = {k: len(s) for k in ("armed", "nonstate", "army")} | {"interference": int(asked.sum())}
    for g in GROUPS:
        sel = groups == g
        f[f"armed_{g}"], f[f"nonstate_{g}"] = share(armed[sel].sum(), sel.sum(), NAN), share(ns[sel].sum(), sel.sum(), NAN)
        n[f"armed_{g}"] = n[f"nonstate_{g}"] = int(sel.sum())
    f["armed_ratio"] = f["armed_gold"] / f["armed_3t"]
    for i, p in enumerate(world.province_names):
        sel = world.site_province == i
        f[f"armed@{p}"], f[f"nonstate@{p}"] = armed[sel].mean(), ns[sel].mean()
        n[f"armed@{p}"] = n[f"nonstate@{p}"] = int(sel.sum())
    return f, n


def wave_ranges(world: World, min_sites: int = 100) -> dict[str, tuple[float, float]]:
    """Site-size statistics' spread between IPIS survey waves (visit years with >= min_sites latest visits; the
    whole table if no year has that many)."""
    s = world.sites
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


# ------------------------------------------------------------------------------------------ the model side
class _EventCounter(Conflict):
    """The model's Conflict, also counting looting and abuse events per site (observation only)."""

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.week_events = np.zeros(model.world.n_sites)
        self.loot_events = 0

    def record_abuses(self, site: int, n: int) -> None:
        super().record_abuses(site, n)
        self.week_events[site] += n
        self.loot_events += n

    def civilian_abuse(self, u: np.ndarray) -> None:
        before = self.model.sites.events.copy()
        super().civilian_abuse(u)
        self.week_events += self.model.sites.events - before


def snapshot_shares(snap: dict, groups: np.ndarray, province: np.ndarray, names: list[str]) -> dict[str, float]:
    """Shares of active sites with armed / non-state presence in one site snapshot, by mineral and province."""
    act = snap["miners"] > 0
    armed, ns = snap["armed_presence"] & act, snap["nonstate_presence"] & act
    out = {"army": share((act & (snap["kind"] == STATE)).sum(), act.sum(), NAN)}
    for key, sel in [*((g, groups == g) for g in GROUPS), *((f"@{p}", province == i) for i, p in enumerate(names))]:
        sep = "" if key.startswith("@") else "_"
        out[f"armed{sep}{key}"] = share((armed & sel).sum(), (act & sel).sum(), NAN)
        out[f"nonstate{sep}{key}"] = share((ns & sel).sum(), (act & sel).sum(), NAN)
    return out


def observe(cfg: Config, world: World) -> dict[str, Any]:
    """Run one configuration and observe its last year: scalar rows, per-site presence frequencies, sizes."""
    from sim.model import ConflictMineralsModel

    t0 = time.perf_counter()
    m = ConflictMineralsModel(cfg, world=world)
    m.conflict = counter = _EventCounter(m)
    groups = site_groups(world, cfg)
    first = cfg.steps - min(WINDOW_WEEKS, cfg.steps)
    recent: deque[np.ndarray] = deque(maxlen=RECALL_WEEKS)
    acc = dict.fromkeys(("weeks", "interfering", "taxable", "taxed", "pillaged", "income_gold", "income_3t", "tax_usd",
                         "loot_usd"), 0.0)

    held = [m.control.interference()]   # who interferes where when the week's taxes are collected

    def week_done(week: int) -> None:
        recent.append(counter.week_events.copy())
        counter.week_events[:] = 0.0
        loot, counter.loot_events = counter.loot_events, 0
        was, held[0] = held[0], m.control.interference()
        if week - 1 < first:
            return
        active = m.sites.miners > 0
        acc["weeks"] += 1
        acc["taxable"] += (was & active).sum()
        acc["taxed"] += (was & active & (m.sites.sold > 0) & (m.sites.tax_share > cfg.state_forces.legal_fee_share)).sum()
        acc["interfering"] += (held[0] & active).sum()
        acc["pillaged"] += (held[0] & active & (np.sum(recent, axis=0) > 0)).sum()
        income = m.sites.income_now * m.sites.skill
        for g in ("gold", "3t"):
            sel = active & (groups == g)
            acc[f"income_{g}"] += share(income[sel].sum(), m.sites.miners[sel].sum(), NAN)
        acc["tax_usd"] += m.revenue["armed"]
        acc["loot_usd"] += loot * cfg.armed_groups.loot_usd_per_abuse

    m.run(progress=week_done)
    fy = pd.DataFrame(m.metrics[first:], columns=METRIC_NAMES).mean()
    snaps = [s for s in m.site_snapshots if s["step"] >= first]
    shares = pd.DataFrame([snapshot_shares(s, groups, world.site_province, world.province_names)
                           for s in snaps]).mean()
    last = snaps[-1]["miners"].astype(float)
    size = pd.Series(last[last > 0])
    alive = m.groups.fighters[m.groups.alive]
    rb = m.roadblocks.kind
    wk = max(acc["weeks"], 1.0)
    r = {"sites_active": fy["sites_active"], "miners": fy["miners"], "size_median": size.median(),
         "size_mean": size.mean(), "size_p90": size.quantile(0.9),
         "size_ks": ks_2samp(size, world.sites["workers"].astype(float)).statistic,
         "gold_sites": share(((groups == "gold") & (last > 0)).sum(), (last > 0).sum(), NAN),
         "gold_miners": share(last[groups == "gold"].sum(), last.sum(), NAN),
         "armed": fy["sites_armed_share"], "nonstate": fy["sites_nonstate_share"],
         "interference": fy["sites_interference_share"], "miners_armed": fy["miners_armed_share"],
         "miners_nonstate": fy["miners_nonstate_share"], **shares.to_dict(),
         "forms_taxation": share(acc["taxed"], acc["taxable"], NAN),
         "forms_pillaging": share(acc["pillaged"], acc["interfering"], NAN),
         "takings_tax_share": share(acc["tax_usd"], acc["tax_usd"] + acc["loot_usd"], NAN),
         "income_all": fy["miner_income_usd_day"], "income_gold": acc["income_gold"] / wk,
         "income_3t": acc["income_3t"] / wk, "smuggled_gold": fy["smuggled_share_gold"],
         "gold_t_year": fy["production_kg_gold"] * 52 / 1000, "armed_groups": fy["armed_groups"],
         "fighters": fy["fighters"], "group_median": float(np.median(alive)) if len(alive) else 0.0,
         "rb_count": float(len(rb)), "rb_nonstate": share((rb == RB_NONSTATE).sum(), len(rb), NAN),
         "rb_state": share((rb == RB_STATE).sum(), len(rb), NAN)}
    r["armed_ratio"] = share(r["armed_gold"], r["armed_3t"], NAN)
    return {"seed": cfg.seed, "start": cfg.world.initial_control, "row": r, "runtime_s": time.perf_counter() - t0,
            "p_armed": np.mean([s["armed_presence"] for s in snaps], axis=0),
            "p_nonstate": np.mean([s["nonstate_presence"] for s in snaps], axis=0), "last_miners": last}


# --------------------------------------------------------------------------------------------- running
REPORT_MODULES = ("validate.py", "validation_report.py", "sensitivity.py")   # observe the model, not part of it


def code_version() -> str:
    """The model code results come from: the git commit, and a hash of sim/ and configs/ as they are on disk
    (without the report modules)."""
    import hashlib
    import subprocess

    files = sorted([*(f for f in ROOT.glob("sim/**/*.py") if f.name not in REPORT_MODULES),
                    *ROOT.glob("configs/**/*.yaml")])
    digest = hashlib.sha1(b"".join(f.read_bytes() for f in files)).hexdigest()[:10]
    model_paths = ["sim", "configs", *(f":(exclude)sim/{name}" for name in REPORT_MODULES)]
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "-uno", "--", *model_paths],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"sim/configs hash {digest}"
    return f"commit {head}{' + uncommitted changes' if dirty else ''} (sim/configs hash {digest})"


def same_code(before: str) -> str:
    """`before`, flagged if the model code changed while the runs were going (results would mix versions)."""
    now = code_version()
    if now == before:
        return before
    print(f"warning: model code changed during the runs ({before} -> {now}); rerun", file=sys.stderr)
    return f"{before}, CHANGED during the runs to {now}: rerun"


def run_pool(fn: Callable[[Any], Any], jobs: list, workers: int, desc: str) -> list:
    """fn(job) for every job, in order, on a pool of `workers` processes (in this process if 1), with a bar."""
    if workers <= 1 or len(jobs) <= 1:
        return [fn(j) for j in tqdm(jobs, desc=desc, unit="run")]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as ex:
        return list(tqdm(ex.map(fn, jobs), total=len(jobs), desc=desc, unit="run"))


def observe_job(job: tuple[str, int, int, str]) -> dict[str, Any]:
    """Pool job: (world, seed, steps, initial_control) -> observe()."""
    world, seed, steps, start = job
    cfg = make_config(world, seed=seed, steps=steps, **{"world.initial_control": start})
    return observe(cfg, world_of(cfg))


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


def validation_rows(ipis: dict[str, float], n: dict[str, int], waves: dict[str, tuple[float, float]],
                    provinces: list[str]) -> list[Row]:
    """Every row of the report: what is compared, the IPIS (or FACTS) figure and the range it must fall in."""
    pm10 = "IPIS +-10 points (95% Wilson interval if wider)"
    wave = "spread between IPIS survey waves (visit years with >= 100 sites)"
    rows = [
        Row("Sites and miners", "sites_active", "active sites", ipis["sites_active"], 2400, 3000, "int",
            "FACTS 2,400-3,000 (facts 1-2)"),
        Row("Sites and miners", "miners", "miners", ipis["miners"], 370_000, 430_000, "int",
            "FACTS 370,000-430,000 (facts 1-2)"),
        *(Row("Sites and miners", k, lab, ipis[k], *waves[k], "int" if k != "size_ks" else "f2", wave)
          for k, lab in (("size_median", "miners per site, median"), ("size_mean", "miners per site, mean"),
                         ("size_p90", "miners per site, 90th percentile"),
                         ("size_ks", "site-size distribution, KS distance to IPIS")) if k in waves),
        Row("Sites and miners", "gold_sites", "gold share of active sites", ipis["gold_sites"],
            ipis["gold_sites"] - 0.05, ipis["gold_sites"] + 0.05, "pct", "IPIS +-5 points (the mix is an input)"),
        Row("Sites and miners", "gold_miners", "share of miners at gold sites", ipis["gold_miners"],
            ipis["gold_miners"] - 0.05, ipis["gold_miners"] + 0.05, "pct", "IPIS +-5 points (the mix is an input)"),
        Row("Armed presence", "armed", "sites with any armed actor (army included)", ipis["armed"], 0.40, 0.60,
            "pct", "docs/calibration.md 40-60% (fact 4)"),
        Row("Armed presence", "nonstate", "sites with a non-state armed group", ipis["nonstate"], 0.12, 0.28, "pct",
            "docs/calibration.md 12-28% (fact 4)"),
        Row("Armed presence", "army", "sites with the army and no non-state group", ipis["army"],
            *_around(ipis["army"], n["army"]), "pct", pm10),
        Row("Armed presence", "interference", "sites with interference (visits 2013+)", ipis["interference"],
            *_around(ipis["interference"], n["interference"]), "pct", pm10),
        Row("Armed presence", "miners_armed", "miners at sites with armed presence", ipis["miners_armed"],
            *_around(ipis["miners_armed"], n["armed"]), "pct", pm10),
        Row("Armed presence", "miners_nonstate", "miners at sites with a non-state group", ipis["miners_nonstate"],
            *_around(ipis["miners_nonstate"], n["nonstate"]), "pct", pm10),
        Row("Armed presence", "armed_ratio", "armed presence, gold / 3T sites", ipis["armed_ratio"], 2.0, np.inf,
            "f2", "docs/calibration.md >= 2 (fact 5)"),
    ]
    for kind, what in (("armed", "armed presence"), ("nonstate", "non-state presence")):
        rows += [Row("By mineral", f"{kind}_{g}", f"{what}, {GROUP_LABELS[g]}", ipis[f"{kind}_{g}"],
                     *_around(ipis[f"{kind}_{g}"], n[f"{kind}_{g}"]), "pct", pm10)
                 for g in GROUPS if n[f"{kind}_{g}"] > 0]
        rows += [Row("By province", f"{kind}@{p}", f"{what}, {p} ({n[f'{kind}@{p}']} site{'s' * (n[f'{kind}@{p}'] != 1)})", ipis[f"{kind}@{p}"],
                     *_around(ipis[f"{kind}@{p}"], n[f"{kind}@{p}"]), "pct", pm10) for p in provinces]
    rows += [
        Row("Forms of interference", "forms_taxation", "interfering sites where the actor taxes",
            IPIS_FORMS["taxation"], 0.75, 0.95, "pct", "IPIS +-10 points (fact 7)"),
        Row("Forms of interference", "forms_pillaging",
            f"interfering sites with pillage or abuse in the last {RECALL_WEEKS} weeks", IPIS_FORMS["pillaging"],
            0.07, 0.27, "pct", "IPIS +-10 points (fact 7)"),
        Row("Economy", "income_3t", "3T miners' net income (USD/day)", "2.7-3.3", 2.7, 3.3, "f2", "fact 11: $2.7-3.3/day"),
        Row("Economy", "income_gold", "gold miners' net income (USD/day)", "3.6-28.6 ($25-200/week)", 25 / 7, 200 / 7, "f2",
            "fact 11: $25-200/week"),
        Row("Economy", "income_all", "all miners' mean net income (USD/day)", "-", 2.0, 15.0, "f2",
            "docs/calibration.md 2-15 (fact 11)"),
        Row("Economy", "smuggled_gold", "gold leaving through informal channels", "> 99%", 0.99, 1.0, "pct",
            "fact 10: under 1% official"),
        Row("Economy", "gold_t_year", "artisanal gold output (t/year)", "15-22", 15.0, 22.0, "f1", "fact 10: 15-22 t/yr"),
        Row("Armed groups and roadblocks", "armed_groups", "active armed groups", "70-130", 70, 130, "int",
            "fact 14: 70-130"),
        Row("Armed groups and roadblocks", "group_median", "fighters in the median group", "most <= 200", 0, 200, "int",
            "fact 14: most groups <= 200"),
        Row("Armed groups and roadblocks", "fighters", "fighters (all non-state groups)", "~19,000 at start", 7_000, 30_000,
            "int", "70-130 groups x 100-200 fighters, plus FDLR/ADF (fact 14)"),
        Row("Armed groups and roadblocks", "rb_count", "roadblocks", 945, 798, 1082, "int",
            "798 (Kivus, fact 8) - 1,082 (DRC+CAR, fact 8); IPIS 2019: 945 (fact 2)"),
        Row("Armed groups and roadblocks", "rb_nonstate", "roadblocks run by non-state groups", 0.22, 0.12, 0.32,
            "pct", "fact 8 +-10 points"),
        Row("Armed groups and roadblocks", "rb_state", "roadblocks run by state actors", 0.71, 0.61, 0.81, "pct",
            "fact 8 +-10 points"),
    ]
    return rows


# ------------------------------------------------------------------------------------------------ tables
def fmt(x: float | str, kind: str) -> str:
    """A figure for the report: pct (share as %), int (thousands separated), f1, f2."""
    if isinstance(x, str):
        return x
    if x is None or not np.isfinite(x):
        return "inf" if x == np.inf else "-"
    return {"pct": f"{100 * x:.1f}%", "int": f"{x:,.0f}", "f1": f"{x:.1f}"}.get(kind, f"{x:.2f}")


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
    y = world.sites["ipis_armed"].to_numpy(bool)
    p = {st: np.mean([r["p_armed"] for r in runs if r["start"] == st], axis=0) for st in STARTS}
    gold = (groups == "gold").astype(float)
    size = world.sites["workers"].to_numpy(float)
    out = []
    for name, sel in [("all provinces", np.ones_like(y)),
                      *((pn, world.site_province == i) for i, pn in enumerate(world.province_names))]:
        out.append({"province": name, "sites": int(sel.sum()), "ipis_armed": y[sel].mean(),
                    "predicted_empty": p["empty"][sel].mean(), "auc_empty": auc(y[sel], p["empty"][sel]),
                    "auc_ipis_start": auc(y[sel], p["ipis"][sel]), "auc_gold": auc(y[sel], gold[sel]),
                    "auc_size": auc(y[sel], size[sel])})
    return pd.DataFrame(out), p

def main(argv: list[str] | None = None) -> int:
    from .validation_report import figures, to_markdown

    ap = argparse.ArgumentParser(prog="python -m analysis.validate", description=__doc__.splitlines()[0])
    ap.add_argument("--world", default="eastern_drc")
    ap.add_argument("--seeds", type=int, default=20, help="seeds per start (>= 10 for the report)")
    ap.add_argument("--steps", type=int, default=260, help="weeks per run")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help="folder for validation.md (figures in img/)")
    a = ap.parse_args(argv)
    try:   # bad input: one line, before any run starts
        if a.seeds < 1 or a.workers < 1:
            raise ConfigError(f"--seeds {a.seeds}, --workers {a.workers}: each must be at least 1")
        cfg = make_config(a.world, steps=a.steps)
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    t0, code = time.perf_counter(), code_version()
    jobs = [(a.world, seed, a.steps, st) for st in STARTS for seed in range(a.seeds)]
    runs = run_pool(observe_job, jobs, a.workers, f"validation runs ({a.world})")
    code = same_code(code)
    world = world_of(cfg)
    groups = site_groups(world, cfg)
    ipis, n = ipis_figures(world, groups)
    table = comparison_table(validation_rows(ipis, n, wave_ranges(world), world.province_names), runs)
    sites_auc, p = site_level(world, runs, groups)
    figures(world, table, ipis, runs, p, sites_auc, a.steps // 52, a.docs / "img")
    takings = pd.Series([r["row"]["takings_tax_share"] for r in runs if r["start"] == "ipis"]).median()
    info = {"seeds": a.seeds, "steps": a.steps, "workers": a.workers, "wall_s": time.perf_counter() - t0,
            "run_s": float(np.median([r["runtime_s"] for r in runs])), "takings": fmt(takings, "pct"), "code": code}
    y = world.sites["ipis_armed"].to_numpy(bool)
    (a.docs / "validation.md").write_text(to_markdown(table, sites_auc, ipis, y, p, info))
    show = table[["row", "ipis", "range", "ipis_median", "ipis_inside", "empty_median", "empty_inside"]]
    with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_colwidth", 60):
        print(show.to_string(index=False, float_format=lambda x: f"{x:.3g}"))
        print(sites_auc.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"wrote {a.docs / 'validation.md'} and figures in {a.docs / 'img'} in {info['wall_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
