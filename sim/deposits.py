"""Deposits: sites open where a deposit is found and close when it is exhausted or abandoned.

The world has, besides the IPIS sites (open at the start), undiscovered deposits around them
(`world.prospects_per_site` per site, within `world.prospect_radius_km`: sim/world.py). Each week:
- Discovery: a closed site is found with probability 1 - exp(-r x E x (P / P0)^k), where E is the workforce (in
  hundreds, the IPIS capacity) of the sites within a miner's reach of it: the diggers of the area, who prospect
  whether or not they are at work this week; P / P0 its mineral's world price relative to the base price
  (prospecting effort follows the value of a find); r = `deposits.discovery_rate`, k = `deposits.price_elasticity`. A rush follows by itself: a new site with few
  miners pays well, and miners nearby move there when they revise.
- Exhaustion: an open site worked by L miners at capacity C is exhausted with weekly probability
  (L / C) / (52 x life), life the mean life of its mineral's deposits worked at capacity (`life_years_*`). The
  site closes; a new deposit may be found in the same place later (a fresh grade).
- Abandonment: an open site without miners for `abandon_weeks` closes (unprofitable; its deposit stays).
At closing, the site's miners go back to farming nearby (they look for another site when they next revise) and
whoever holds it leaves (a group loses the place; an army unit redeploys the garrison by its rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import NONE
from .kernels.miners import release_miners

if TYPE_CHECKING:
    from .protocols import ModelState


def update_sites(model: ModelState) -> None:
    """This week's discoveries and closures (counted in `model.events`: opened, closed)."""
    st, w, c = model.sites, model.world, model.cfg.deposits
    u = model.streams.week("deposits", model.week).random((w.n_sites, 2))
    value = (model.world_price / model.base_price) ** c.price_elasticity
    found = ~st.open & (u[:, 0] < -np.expm1(-c.discovery_rate * st.area_workforce / 100.0 * value[w.site_mineral]))
    life = np.where(model.mineral_group == "gold", c.life_years_gold, c.life_years_3t)[w.site_mineral] * 52.0
    exhausted = st.open & (st.miners > 0) & (u[:, 1] < st.miners / st.capacity / life)
    st.idle_weeks[:] = np.where(st.open & (st.miners == 0), st.idle_weeks + 1, 0)
    abandoned = st.open & (st.idle_weeks >= c.abandon_weeks)
    close_sites(model, np.flatnonzero(exhausted | abandoned))
    if exhausted.any():   # the next deposit found here has a fresh grade
        st.grade[exhausted] = model.streams.week("deposit_grades", model.week).lognormal(
            0.0, model.cfg.miners.grade_sigma, int(exhausted.sum()))
    st.open[found] = True
    st.idle_weeks[found] = 0
    model.events["opened"] += int(found.sum())


def close_sites(model: ModelState, sites: np.ndarray) -> None:
    """Close `sites`: their miners go back to farming nearby, whoever holds them leaves."""
    if len(sites) == 0:
        return
    st, pp = model.sites, model.people
    manned = sites[st.miners[sites] > 0]   # (abandoned sites have no miners: only these need looking for)
    if len(manned):
        closing = np.zeros(st.n, dtype=np.bool_)
        closing[manned] = True
        release_miners(pp.status, pp.site, closing)
    st.miners[sites] = 0
    st.children[sites] = 0
    st.skill[sites] = 0.0
    for s in sites[st.kind[sites] != NONE]:
        model.control.set_site(int(s), NONE, cause="closed")
    st.open[sites] = False
    st.idle_weeks[sites] = 0
    model.events["closed"] += len(sites)
