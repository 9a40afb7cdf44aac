"""State forces (mesa.Agent): one army unit per province that garrisons sites, contests armed groups and,
depending on discipline, preys on miners.

A unit keeps `n_garrisons` sites garrisoned (initially where IPIS saw the army). A lost garrison is
re-deployed to an unheld site of the province drawn with weights rising with the value of a miner's weekly
output of the site's mineral (the army favours gold: `value_preference`; the site's grade, hence its size,
counts only with `value_uses_grade`) and falling with the distance from the unit's deployment area, its
garrisons' positions at its first week (`deployment_scale_km`: army units exploit mines where they are
deployed; IPIS sees army presence clustered within ~10 km, not drawn to large sites). Each
garrison preys with probability 1 - discipline, redrawn when it is relieved (every `rotation_weeks` on
average). Sites held by non-state groups in its province draw army offensives (`offensive_rate_week` each,
at most `max_offensives_week` a week, richest first), fought with the unit's strike force; a site won is
garrisoned by the unit with probability `occupy_share` (IPIS revisits: the army is found twice as often where a
non-state group has gone), a garrison beyond its usual number that is not replaced when lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
from scipy.spatial import cKDTree

from .codes import NONE, NONSTATE, STATE
from .sampling import weighted_sample_log

if TYPE_CHECKING:
    from .protocols import ModelState


class StateUnit(mesa.Agent):
    """An army unit responsible for one province."""

    def __init__(self, model: ModelState, uid: int, province: int, n_garrisons: int) -> None:
        super().__init__(model)
        self.uid = uid
        self.province = province
        self.n_garrisons = int(n_garrisons)
        self.province_sites = np.flatnonzero(model.world.site_province == province)
        # km of each of `province_sites` from the deployment area (its garrisons at its first week); None until set
        self.base_km: np.ndarray | None = None

    def garrisons(self) -> np.ndarray:
        """The province's sites this unit garrisons."""
        st = self.model.sites
        return self.province_sites[(st.kind[self.province_sites] == STATE) & (st.holder[self.province_sites] == self.uid)]

    def act(self, n_held: int) -> None:
        """Fill missing garrisons (the unit holds `n_held`), maybe go on the offensive (its garrisons relieved
        before: `units_act`). The unit's deployment area is where its garrisons stand in its first week (on an
        empty start: after its first placement)."""
        if self.base_km is None and n_held:
            self._set_base(self.garrisons())
        self.redeploy(n_held)
        if self.base_km is None and len(placed := self.garrisons()):
            self._set_base(placed)
        self.offensives()

    def _set_base(self, sites: np.ndarray) -> None:
        """The deployment area is where `sites` are: every province site's distance (km) from the nearest of
        them, measured once (the area does not move)."""
        xy = self.model.world.site_xy
        self.base_km = cKDTree(xy[sites]).query(xy[self.province_sites])[0]

    def redeploy(self, n_held: int) -> None:
        """Garrison free sites of the province until the unit holds `n_garrisons` (it holds `n_held`)."""
        m, c = self.model, self.model.cfg.state_forces
        missing = self.n_garrisons - n_held
        if missing <= 0:
            return
        ps = self.province_sites
        is_free = (m.sites.kind[ps] == NONE) & m.sites.open[ps]
        free = ps[is_free]
        if len(free) == 0:
            return
        # a weighted draw without replacement: sites where each miner's output is worth more (gold) and sites
        # near the unit's deployment area are likelier, but not certain, to get the garrison
        per_miner = (np.maximum(m.sites.price[free], 0.0) * m.q_mineral[m.world.site_mineral[free]]
                     * (m.sites.grade[free] if c.value_uses_grade else 1.0))   # USD/week, one miner of skill 1
        log_w = c.value_preference * np.log1p(per_miner)   # w = (per_miner + 1) ** value_preference
        if c.deployment_scale_km > 0 and self.base_km is not None:
            log_w = log_w - self.base_km[is_free] / c.deployment_scale_km   # x exp(-km / scale)
        for s in free[weighted_sample_log(m.draws.deploy[free], log_w, missing)]:
            self.garrison(int(s))

    def offensives(self) -> None:
        """Each site a non-state group holds in the province draws an offensive with `offensive_rate_week` (with
        `offensive_reach_km`: a rate rising near the unit's deployment area, the same on average over the held
        sites); the unit mounts at most `max_offensives_week`, richest targets first."""
        m, c = self.model, self.model.cfg.state_forces
        is_held = m.sites.kind[self.province_sites] == NONSTATE
        held = self.province_sites[is_held]
        rate: float | np.ndarray = c.offensive_rate_week
        if c.offensive_reach_km > 0 and self.base_km is not None:
            rate = offensive_rates(self.base_km[is_held], c.offensive_rate_week, c.offensive_reach_km)
        targets = held[m.draws.offensive[held] < rate]
        if len(targets) == 0:
            return
        targets = targets[np.argsort(-m.sites.rent_nonstate[targets], kind="stable")][: c.max_offensives_week]
        for s in targets:   # a won site is garrisoned with `occupy_share`, beyond the unit's usual number
            if (m.conflict.drive_out(int(s), c.strike_force * c.effectiveness, m.draws.contest_site[s])
                    and m.draws.occupy[s] < c.occupy_share):
                self.garrison(int(s))

    def garrison(self, s: int) -> None:
        """Post a garrison at site `s`; it preys unless this week's draw for the site is under `discipline`."""
        m, c = self.model, self.model.cfg.state_forces
        m.control.set_site(s, STATE, self.uid, bool(m.draws.predation[s] >= c.discipline), c.soldiers_per_garrison)


def offensive_rates(km: np.ndarray, rate: float, reach_km: float) -> np.ndarray:
    """Each held site's chance of an offensive this week when offensives are aimed near the unit's deployment
    area: `rate` x exp(-km / reach_km), rescaled to the same mean over the held sites (as many offensives in
    expectation as with `rate` everywhere). `km`: the held sites' distances from the deployment area."""
    if len(km) == 0:
        return np.zeros(0)
    near = np.exp(-(km - km.min()) / reach_km)   # (relative to the nearest: no underflow far away)
    return rate * near / near.mean()


def units_act(model: ModelState) -> None:
    """The army units' week: relieved garrisons (1 in `rotation_weeks` a week) are replaced by troops who prey
    or not anew, everywhere at once (a unit's garrisons are sites of its province, which no other unit
    touches); then each unit in turn fills missing garrisons and goes on the offensive."""
    st, d, c = model.sites, model.draws, model.cfg.state_forces
    unit_at = np.full(st.n, -1, dtype=np.int64)   # the unit responsible for each site (its province's)
    for unit in model.units:
        unit_at[unit.province_sites] = unit.uid
    garrisoned = (st.kind == STATE) & (st.holder == unit_at)
    relieved = garrisoned & (d.rotation < 1.0 / c.rotation_weeks)
    st.predatory[relieved] = d.predation[relieved] >= c.discipline
    n_held = np.bincount(unit_at[garrisoned], minlength=len(model.units)).tolist()
    for unit in model.units:
        unit.act(n_held[unit.uid])
