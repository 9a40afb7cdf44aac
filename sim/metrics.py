"""Weekly outcome metrics: names, units and meanings (the contract of metrics.parquet), and their computation.

`METRICS` is the single list of metric columns (DESIGN s4), used by the model, the outputs, the analysis
package (labels and units on figures) and the docs. Everything is computed from arrays; no pandas in the step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .codes import FLOW_CERTIFIED, FLOW_LAUNDERED, FLOW_SMUGGLE_SEIZED, FLOW_SMUGGLED
from .config import METRIC_MINERALS

if TYPE_CHECKING:
    from .protocols import ModelState


class Metric(NamedTuple):
    name: str
    unit: str
    description: str


METRICS: list[Metric] = [
    Metric("step", "week", "week of the run (0-based)"),
    Metric("year", "year", "year of the run (0-based: weeks 0-51 are year 0)"),
    Metric("miners", "people", "people working at mine sites"),
    Metric("child_miners", "people", "children under 15 working at mine sites"),
    Metric("fighters", "people", "members of non-state armed groups"),
    Metric("armed_groups", "groups", "active non-state armed groups"),
    Metric("ex_combatants", "people", "people in or through the DDR programme"),
    Metric("sites_active", "sites", "sites with at least one miner"),
    Metric("sites_armed_share", "share", "active sites with armed presence (non-state group, army, preying DMZ unit)"),
    Metric("sites_nonstate_share", "share", "active sites held by a non-state armed group"),
    Metric("miners_armed_share", "share", "miners working at sites with armed presence"),
    Metric("miners_nonstate_share", "share", "miners working at sites held by a non-state group"),
    Metric("armed_revenue_usd", "USD/week", "non-state armed groups' revenue: site and roadblock taxes and looting"),
    Metric("state_illicit_revenue_usd", "USD/week", "illegal taxation and bribes taken by state forces"),
    Metric("state_tax_revenue_usd", "USD/week", "official export taxes and site fees"),
    Metric("miner_income_usd_day", "USD/day", "mean net daily income of working miners"),
    *[Metric(f"production_kg_{m}", "kg/week", f"{m} ore produced") for m in METRIC_MINERALS],
    *[Metric(f"farmgate_usd_kg_{m}", "USD/kg", f"mean price paid at the site for {m} ore (volume-weighted)")
      for m in METRIC_MINERALS],
    *[Metric(f"world_usd_kg_{m}", "USD/kg", f"world (export) price of {m} ore") for m in METRIC_MINERALS],
    Metric("smuggled_share_gold", "share", "gold sold that leaves through informal channels (incl. seized)"),
    Metric("smuggled_share_3t", "share", "tin, tantalum and tungsten ore sold that leaves informally"),
    Metric("certified_share_3t", "share", "3T ore sold as certified (incl. laundered ore that passed)"),
    Metric("laundered_share_certified", "share", "certified exports that are laundered untagged ore"),
    Metric("violent_events", "events/week", "clashes between armed actors"),
    Metric("civilian_abuses", "events/week", "looting, pillage and other abuses against civilians"),
    Metric("policy_cost_usd", "USD/week", "cost of the active policies"),
    # round-2 contract (DESIGN s4)
    Metric("armed_revenue_gold_usd", "USD/week", "armed groups' taxes at gold sites"),
    Metric("armed_revenue_3t_usd", "USD/week", "armed groups' taxes at tin, tantalum and tungsten sites"),
    Metric("armed_revenue_other_usd", "USD/week", "armed groups' taxes at sites of other minerals"),
    Metric("armed_revenue_roadblocks_usd", "USD/week", "armed groups' takings at roadblocks (ore fees and traffic)"),
    Metric("armed_revenue_looting_usd", "USD/week", "cash armed groups looted from civilians"),
    Metric("sites_opened", "sites/week", "sites that opened this week (a deposit found)"),
    Metric("sites_closed", "sites/week", "sites that closed this week (exhausted or abandoned)"),
    Metric("ddr_enrolled", "people/week", "people who enrolled in DDR this week"),
    # beyond the DESIGN contract
    Metric("laundered_abroad_share_3t", "share", "3T ore sold that neighbours' exporters pass off as their own "
           "tagged ore (cross-border laundering)"),
    Metric("groups_displaced", "groups", "armed groups evicted by a policy (demilitarised zone) in the last year"),
    Metric("displaced_sites_taken", "sites/week", "sites taken this week by displaced groups"),
    Metric("displaced_roadblocks_taken", "roadblocks/week", "roadblocks taken this week by displaced groups"),
    Metric("displaced_looting", "events/week", "looting events this week by displaced groups"),
    Metric("sites_interference_share", "share", "active sites where a non-state group or a preying garrison interferes"),
    Metric("sites_armed_share_gold", "share", "active gold sites with armed presence"),
    Metric("sites_armed_share_3t", "share", "active tin, tantalum and tungsten sites with armed presence"),
    Metric("fighters_killed", "people/week", "fighters killed in clashes"),
]
METRIC_NAMES = [m.name for m in METRICS]
METRIC_INDEX = {m.name: i for i, m in enumerate(METRICS)}
METRIC_UNITS = {m.name: m.unit for m in METRICS}


def metric_label(name: str) -> str:
    """A metric's name in words with its unit, for axes and tables."""
    return f"{name.replace('_', ' ')} ({METRIC_UNITS.get(name, '')})"


class SiteMasks(NamedTuple):
    """Static site selections the metrics use every week (computed once per model), as ascending site ids (a
    selection by ids takes the same values, in the same order, as by a boolean mask, and faster)."""
    mineral: dict[str, np.ndarray]   # each of METRIC_MINERALS in the world -> its sites
    gold: np.ndarray                 # sites of a gold-group mineral
    t3: np.ndarray                   # sites of a 3T mineral
    other: np.ndarray                # sites of any other mineral


def site_masks(site_mineral: np.ndarray, mineral_names: list[str], mineral_group: np.ndarray) -> SiteMasks:
    """The selections for a world (`mineral_group`: "gold", "3t" or other, per mineral)."""
    mgroup = mineral_group[site_mineral]
    return SiteMasks({m: np.flatnonzero(site_mineral == mineral_names.index(m))
                      for m in METRIC_MINERALS if m in mineral_names},
                     np.flatnonzero(mgroup == "gold"), np.flatnonzero(mgroup == "3t"),
                     np.flatnonzero((mgroup != "gold") & (mgroup != "3t")))


def share(num: float, den: float, empty: float = 0.0) -> float:
    """num / den as a float; `empty` where den is not positive (a share of nothing)."""
    return float(num / den) if den > 0 else empty


def compute_metrics(model: ModelState, row: np.ndarray) -> None:
    """Fill `row` (one float per metric, in METRICS order) from the model's arrays after a step."""
    ctl, masks, st = model.control, model.site_masks, model.sites
    put = {}
    put["step"] = model.week
    put["year"] = model.week // 52
    miners_at = st.miners
    n_miners = int(miners_at.sum())
    put["miners"] = n_miners
    put["child_miners"] = st.children.sum()
    put["fighters"] = int(model.groups.fighters.sum())
    put["armed_groups"] = int(model.groups.alive.sum())
    outcomes = model.policies.outcomes()
    put["ex_combatants"] = outcomes.get("ex_combatants", 0)
    put["ddr_enrolled"] = outcomes.get("ddr_enrolled", 0)
    put["sites_opened"] = model.events["opened"]
    put["sites_closed"] = model.events["closed"]
    active = miners_at > 0
    armed, nonstate = ctl.armed(), ctl.nonstate()
    armed_active = armed & active
    n_active = np.count_nonzero(active)
    put["sites_active"] = n_active
    put["sites_armed_share"] = share(np.count_nonzero(armed_active), n_active)
    put["sites_nonstate_share"] = share(np.count_nonzero(nonstate & active), n_active)
    put["miners_armed_share"] = share(miners_at[armed].sum(), n_miners)
    put["miners_nonstate_share"] = share(miners_at[nonstate].sum(), n_miners)
    rev = model.revenue
    looted = model.events["looted"] * model.cfg.armed_groups.loot_usd_per_abuse
    sources = (rev["armed_gold"], rev["armed_3t"], rev["armed_other"], rev["armed_roadblocks"], looted)
    for name, usd in zip(("gold", "3t", "other", "roadblocks", "looting"), sources, strict=True):
        put[f"armed_revenue_{name}_usd"] = usd
    put["armed_revenue_usd"] = sum(sources)
    put["state_illicit_revenue_usd"] = model.revenue["state_illicit"]
    put["state_tax_revenue_usd"] = model.revenue["state_legal"]
    put["miner_income_usd_day"] = share((st.income_now * st.skill)[active].sum(), n_miners)
    _mineral_metrics(model, put)
    _flow_metrics(model, put)
    put["violent_events"] = model.events["violent"]
    put["civilian_abuses"] = model.events["abuses"]
    put["policy_cost_usd"] = model.policies.cost()
    put["sites_interference_share"] = share(np.count_nonzero(ctl.interference() & active), n_active)
    for name, sel in (("gold", masks.gold), ("3t", masks.t3)):
        put[f"sites_armed_share_{name}"] = share(np.count_nonzero(armed_active[sel]), np.count_nonzero(active[sel]))
    put["fighters_killed"] = model.events["killed"]
    _displacement_metrics(model, put)
    for k, v in put.items():
        row[METRIC_INDEX[k]] = v


def _mineral_metrics(model: ModelState, put: dict) -> None:
    """World price, output (kg/week) and sales-weighted farm-gate price (USD/kg) of each reported mineral."""
    w, masks, st = model.world, model.site_masks, model.sites
    names = w.mineral_names
    for m in METRIC_MINERALS:
        put[f"world_usd_kg_{m}"] = model.world_price[names.index(m)] if m in names else 0.0
        if m not in names:
            put[f"production_kg_{m}"] = put[f"farmgate_usd_kg_{m}"] = 0.0
            continue
        sel = masks.mineral[m]
        put[f"production_kg_{m}"] = st.output[sel].sum()
        sold = st.sold[sel]
        price = np.maximum(st.price[sel], 0.0)
        put[f"farmgate_usd_kg_{m}"] = share((price * sold).sum(), sold.sum()) if sold.sum() > 0 else \
            (float(price.mean()) if len(sel) else 0.0)


def _flow_metrics(model: ModelState, put: dict) -> None:
    """Shares of the week's sales by channel: smuggled, certified, laundered (inside DRC and abroad)."""
    mk = model.market
    f = mk.flows
    groups = model.mineral_group
    gold, t3 = groups == "gold", groups == "3t"
    sold_gold, sold_3t = f[gold].sum(), f[t3].sum()
    smuggled = slice(FLOW_SMUGGLED, FLOW_SMUGGLE_SEIZED + 1)   # through or seized
    certified = slice(FLOW_CERTIFIED, FLOW_LAUNDERED + 1)      # genuine or laundered and passed
    put["smuggled_share_gold"] = share(f[gold][:, smuggled].sum(), sold_gold)
    put["smuggled_share_3t"] = share(f[t3][:, smuggled].sum(), sold_3t)
    put["certified_share_3t"] = share(f[t3][:, certified].sum(), sold_3t)
    put["laundered_share_certified"] = share(f[:, FLOW_LAUNDERED].sum(), f[:, certified].sum())
    put["laundered_abroad_share_3t"] = share(mk.cleared.laundered_abroad[t3].sum(), sold_3t)


def _displacement_metrics(model: ModelState, put: dict) -> None:
    """Groups evicted by a policy within the last year, and what they took or looted this week."""
    grp, week = model.groups, model.week
    displaced = grp.alive & (grp.displaced_until >= week)
    put["groups_displaced"] = int(displaced.sum())
    moves = [(place, n) for place, _, g, n, _ in model.control.log if displaced[g] and n > 0]
    put["displaced_sites_taken"] = sum(1 for place, _ in moves if place == "site")
    put["displaced_roadblocks_taken"] = sum(1 for place, _ in moves if place == "roadblock")
    put["displaced_looting"] = sum(n for place, n in moves if place == "looted")
