"""The model side of the validation: run one configuration and observe its last simulated year the way IPIS
observes sites (shares of active sites and of miners with armed presence, by mineral and province; forms of
interference; incomes; groups and roadblocks), plus per-site presence frequencies for the site-level check."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from scipy.stats import ks_2samp

from sim.codes import RB_NONSTATE, RB_STATE, STATE
from sim.config import Config
from sim.metrics import METRIC_NAMES, share
from sim.world import World

WINDOW_WEEKS = 52   # runs are observed over their last simulated year
RECALL_WEEKS = 13   # a site "suffers pillage" if a looting or abuse event happened there in the last quarter
GROUPS = ("gold", "3t", "other")
CELL_GROUPS = ("gold", "3t")   # province x mineral cells (where a province's groups sit: gold or 3T)
SIZE_CLASSES = ((0, 50, "<50"), (50, 300, "50-300"), (300, 1000, "300-1000"), (1000, np.inf, ">1000"))  # workers
NAN = float("nan")  # a share of nothing is undefined in the report
ARMY_KM_CLASSES = ((0.0, 5.0, "<5 km"), (5.0, 20.0, "5-20 km"), (20.0, 50.0, "20-50 km"), (50.0, np.inf, ">=50 km"))
# mine-gate prices observed (fact 13): key -> (mineral, quantile over the mineral's miners, USD/kg -> unit)
MINE_GATE = {"price_gold": ("gold", 0.5, 1e-3), "price_tin": ("tin", 0.5, 1.0), "price_tin_p10": ("tin", 0.1, 1.0),
             "price_tantalum": ("tantalum", 0.5, 1.0)}


def mine_gate_prices(price: np.ndarray, miners: np.ndarray, site_mineral: np.ndarray,
                     mineral_names: list[str]) -> dict[str, float]:
    """What miners are paid per kg at the mine gate (USD/kg; gold USD/g), as quantiles over a mineral's miners
    (MINE_GATE): the median miner's price, and the tenth percentile for cassiterite, whose low tail is where
    route costs eat the price."""
    out = {}
    for key, (name, q, unit) in MINE_GATE.items():
        sel = (miners > 0) & (site_mineral == (mineral_names.index(name) if name in mineral_names else -1))
        out[key] = NAN if not sel.any() else unit * float(
            np.quantile(price[sel], q, weights=miners[sel].astype(float), method="inverted_cdf"))
    return out


def site_groups(world: World, cfg: Config) -> np.ndarray:
    """Metric family of each site's primary mineral: 'gold', '3t' or 'other'."""
    return np.array([cfg.minerals[n].group for n in world.mineral_names])[world.site_mineral]


def site_cuts(miners: np.ndarray, groups: np.ndarray, province: np.ndarray,
              names: list[str]) -> list[tuple[str, np.ndarray]]:
    """The subsets of sites the validation compares (key suffix, mask): by mineral family (`_gold`), province
    (`@Ituri`), size class (`#<50`) and province x family (`@Nord-Kivu_gold`)."""
    return [*((f"_{g}", groups == g) for g in GROUPS), *((f"@{p}", province == i) for i, p in enumerate(names)),
            *((f"#{lab}", (miners >= lo) & (miners < hi)) for lo, hi, lab in SIZE_CLASSES),
            *((f"@{p}_{g}", (province == i) & (groups == g)) for i, p in enumerate(names) for g in CELL_GROUPS)]


def presence_shares(miners: np.ndarray, armed: np.ndarray, nonstate: np.ndarray, army: np.ndarray,
                    groups: np.ndarray, province: np.ndarray, names: list[str],
                    active: np.ndarray | None = None) -> dict[str, float]:
    """Shares of active sites (and of miners) with armed / non-state presence, overall, by mineral family, by
    province and by province and family: keys `armed_gold`, `nonstate@Ituri`, `miners_armed_3t`,
    `miners_nonstate@Nord-Kivu`, `nonstate@Nord-Kivu_gold`, `army`.
    The same function reads IPIS's table (miners = workers; every visited site counts as active) and a model
    snapshot (active: sites with miners)."""
    act = miners > 0 if active is None else active
    out = {"army": share((act & army).sum(), act.sum(), NAN)}
    for key, sel in site_cuts(miners, groups, province, names):
        for what, present in (("armed", armed), ("nonstate", nonstate)):
            out[f"{what}{key}"] = share((present & act & sel).sum(), (act & sel).sum(), NAN)
            out[f"miners_{what}{key}"] = share(miners[present & sel].sum(), miners[sel].sum(), NAN)
    return out


def army_distance_shares(xy: np.ndarray, army: np.ndarray, pool: np.ndarray, nonstate: np.ndarray
                         ) -> tuple[dict[str, float], dict[str, int]]:
    """At the `pool` sites (active, without the army), the share with a non-state group by distance (km) to the
    nearest `army` site (active, the army and no group): keys `nonstate~<5 km` etc. (ARMY_KM_CLASSES), with the
    number of sites in each class. IPIS: groups keep away from army positions (docs/transport-calibration-study.md)."""
    out, n = {}, {}
    if not army.any():
        return {f"nonstate~{lab}": NAN for *_, lab in ARMY_KM_CLASSES}, {f"nonstate~{lab}": 0 for *_, lab in ARMY_KM_CLASSES}
    km = cKDTree(xy[army]).query(xy[pool])[0]
    ns = nonstate[pool]
    for lo, hi, lab in ARMY_KM_CLASSES:
        sel = (km >= lo) & (km < hi)
        out[f"nonstate~{lab}"], n[f"nonstate~{lab}"] = share(ns[sel].sum(), sel.sum(), NAN), int(sel.sum())
    return out, n


def turnover(snapshots: list[dict]) -> dict[str, float]:
    """Over the run's last year, the share of sites (active at both ends) that a non-state group took
    (`turnover_onset`: of those it did not hold) and left (`turnover_end`: of those it held): what IPIS's
    revisits measure (analysis/ipis_revisits.py)."""
    if not snapshots:
        return {"turnover_onset": NAN, "turnover_end": NAN}
    t1 = snapshots[-1]
    t0 = next(x for x in snapshots if x["step"] >= t1["step"] - 52)
    both = (t0["miners"] > 0) & (t1["miners"] > 0)
    ns0, ns1 = t0["nonstate_presence"].astype(bool), t1["nonstate_presence"].astype(bool)
    return {"turnover_onset": share((both & ~ns0 & ns1).sum(), (both & ~ns0).sum(), NAN),
            "turnover_end": share((both & ns0 & ~ns1).sum(), (both & ns0).sum(), NAN)}


class Observer:
    """Progress callback of a run (`model.run(progress=observer)`): accumulates, over the weeks of the observed
    window, what IPIS-style visits would record. `row()` gives the run's figures at the end."""

    def __init__(self, model: Any, groups: np.ndarray, first_week: int) -> None:
        self.m, self.groups, self.first = model, groups, first_week
        self.recent: deque[np.ndarray] = deque(maxlen=RECALL_WEEKS)   # abuses per site, last weeks
        self.interfering = model.control.interference()   # who interferes where when the week's taxes are due
        self.acc = dict.fromkeys(("weeks", "interfering", "taxable", "taxed", "pillaged", "income_gold",
                                  "income_3t", "tax_usd", "loot_usd", *MINE_GATE), 0.0)

    def __call__(self, week: int) -> None:
        m, acc, cfg = self.m, self.acc, self.m.cfg
        self.recent.append(m.sites.abuses.copy())
        was, self.interfering = self.interfering, m.control.interference()
        if week - 1 < self.first:
            return
        active = m.sites.miners > 0
        acc["weeks"] += 1
        acc["taxable"] += (was & active).sum()
        acc["taxed"] += (was & active & (m.sites.sold > 0) &
                         (m.sites.tax_share > cfg.state_forces.legal_fee_share)).sum()
        acc["interfering"] += (self.interfering & active).sum()
        acc["pillaged"] += (self.interfering & active & (np.sum(self.recent, axis=0) > 0)).sum()
        income = m.sites.income_now * m.sites.skill
        for g in ("gold", "3t"):
            sel = active & (self.groups == g)
            acc[f"income_{g}"] += share(income[sel].sum(), m.sites.miners[sel].sum(), NAN)
        for key, v in mine_gate_prices(m.sites.price, m.sites.miners, m.world.site_mineral,
                                       m.world.mineral_names).items():
            acc[key] += v
        acc["tax_usd"] += m.revenue["armed"]
        acc["loot_usd"] += m.events["looted"] * cfg.armed_groups.loot_usd_per_abuse

    def row(self, world: World) -> tuple[dict[str, float], list[dict]]:
        """The run's figures over the window, and the site snapshots in it."""
        m, acc, groups = self.m, self.acc, self.groups
        fy = pd.DataFrame(m.metrics[self.first:], columns=METRIC_NAMES).mean()
        snaps = [s for s in m.records.site_snapshots if s["step"] >= self.first]
        shares = pd.DataFrame([presence_shares(s["miners"], s["armed_presence"], s["nonstate_presence"],
                                               s["kind"] == STATE, groups, world.site_province,
                                               world.province_names)
                               | army_distance_shares(world.site_xy, (s["miners"] > 0) & (s["kind"] == STATE),
                                                      (s["miners"] > 0) & (s["kind"] != STATE),
                                                      s["nonstate_presence"].astype(bool))[0]
                               for s in snaps]).mean()
        last = snaps[-1]["miners"].astype(float)
        size = pd.Series(last[last > 0])
        alive = m.groups.fighters[m.groups.alive]
        rb = m.roadblocks.kind
        wk = max(acc["weeks"], 1.0)
        r = {"sites_active": fy["sites_active"], "miners": fy["miners"], "size_median": size.median(),
             "size_mean": size.mean(), "size_p90": size.quantile(0.9),
             "size_ks": ks_2samp(size, world.ipis_sites["workers"].astype(float)).statistic,
             "gold_sites": share(((groups == "gold") & (last > 0)).sum(), (last > 0).sum(), NAN),
             "gold_miners": share(last[groups == "gold"].sum(), last.sum(), NAN),
             "armed": fy["sites_armed_share"], "nonstate": fy["sites_nonstate_share"],
             "interference": fy["sites_interference_share"], "miners_armed": fy["miners_armed_share"],
             "miners_nonstate": fy["miners_nonstate_share"], **shares.to_dict(),
             "forms_taxation": share(acc["taxed"], acc["taxable"], NAN),
             "forms_pillaging": share(acc["pillaged"], acc["interfering"], NAN),
             "takings_tax_share": share(acc["tax_usd"], acc["tax_usd"] + acc["loot_usd"], NAN),
             "income_all": fy["miner_income_usd_day"], "income_gold": acc["income_gold"] / wk,
             "income_3t": acc["income_3t"] / wk, **{k: acc[k] / wk for k in MINE_GATE},
             "smuggled_gold": fy["smuggled_share_gold"],
             "gold_t_year": fy["production_kg_gold"] * 52 / 1000, "armed_groups": fy["armed_groups"],
             "fighters": fy["fighters"], "group_median": float(np.median(alive)) if len(alive) else 0.0,
             "rb_count": float(len(rb)), "rb_nonstate": share((rb == RB_NONSTATE).sum(), len(rb), NAN),
             "rb_state": share((rb == RB_STATE).sum(), len(rb), NAN)}
        r["armed_ratio"] = share(r["armed_gold"], r["armed_3t"], NAN)
        r |= turnover(m.records.site_snapshots)
        return r, snaps


def observe(cfg: Config, world: World) -> dict[str, Any]:
    """Run one configuration and observe its last year: the row of figures, per-site presence frequencies
    (share of the window's snapshots with armed / non-state presence) and the last snapshot's site sizes."""
    from sim.model import ConflictMineralsModel

    t0 = time.perf_counter()
    m = ConflictMineralsModel(cfg, world=world)
    observer = Observer(m, site_groups(world, cfg), cfg.steps - min(WINDOW_WEEKS, cfg.steps))
    m.run(progress=observer)
    row, snaps = observer.row(world)
    return {"seed": cfg.seed, "start": cfg.world.initial_control, "row": row, "runtime_s": time.perf_counter() - t0,
            "p_armed": np.mean([s["armed_presence"] for s in snaps], axis=0),
            "p_nonstate": np.mean([s["nonstate_presence"] for s in snaps], axis=0),
            "last_miners": snaps[-1]["miners"].astype(float)}
