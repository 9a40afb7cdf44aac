"""Non-state armed groups (mesa.Agent): finances, recruitment, looting, and the contest for sites and roadblocks.

Each week a group books its tax revenue against the upkeep of its fighters; short of cash it loots civilians,
and what looting does not cover makes fighters desert. With cash above a reserve it opens recruitment slots
at the sites it holds (miners decide whether to join, in the miners' choice). It then looks at a few places
within its range and attacks the one with the best expected gain: rent over a horizon times the chance of
winning (a contest of force against the defender), less the cost of the attack. Groups too thin to hold
what they have give up their poorest site. Large groups sometimes split; groups that fall below a minimum
size dissolve and their fighters go home.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import numpy as np
from scipy.spatial import cKDTree

from .control import DMZ, NONE, NONSTATE, RB_LOAD, RB_NONSTATE, RB_STATE, STATE, win_probability
from .kernels.miners import fighter_fates
from .population import FIGHTING, replace_dead

if TYPE_CHECKING:
    from .model import ConflictMineralsModel

N_DRAWS = 8  # uniforms per group per week: 0-4 site candidates, 5 expansion, 6 roadblock candidate, 7 split


class ArmedGroup(mesa.Agent):
    """One armed group: cash (USD), home (km coordinates); fighters are people with status FIGHTING."""

    def __init__(self, model: ConflictMineralsModel, gid: int, name: str, home_xy: np.ndarray, cash: float) -> None:
        super().__init__(model)
        self.gid = gid
        self.name = name
        self.home_xy = np.asarray(home_xy, dtype=float)
        self.cash = float(cash)
        self.revenue = 0.0
        self.alive = True
        self.range_sites, self.range_rbs = model.places_within(self.home_xy, model.cfg.armed_groups.range_km)
        self.home_site = int(model.site_tree.query(self.home_xy)[1])   # nearest site to home (home never moves)

    @property
    def fighters(self) -> int:
        return int(self.model.group_fighters[self.gid])

    # ------------------------------------------------------------------------------------------------ week
    def act(self) -> None:
        """The group's weekly decisions, in order."""
        m = self.model
        u = m.group_draws[self.gid]
        self.pay_and_loot()
        self.open_recruitment()
        if u[5] < m.cfg.armed_groups.expansion_prob_week:
            self.expand(u)
        self.shed_excess()
        if self.fighters >= m.cfg.armed_groups.split_fighters and u[7] < m.cfg.armed_groups.split_prob_week:
            split_group(m, self)

    def pay_and_loot(self) -> None:
        """Book revenue, pay fighters (upkeep plus their share of revenue), let commanders spend part of the
        surplus; short of cash, loot and lose deserters. Sets the pay a recruit expects (USD/day)."""
        m, c = self.model, self.model.cfg.armed_groups
        f = self.fighters
        self.revenue = float(m.group_revenue[self.gid])
        m.group_pay[self.gid] = c.fighter_pay_usd_day + c.revenue_share * self.revenue / (7.0 * max(f, 1))
        upkeep = f * c.upkeep_usd_week
        self.cash += (1.0 - c.revenue_share) * self.revenue - upkeep
        reserve = c.reserve_weeks * upkeep
        if self.cash > reserve:
            self.cash -= c.commander_take_week * (self.cash - reserve)
        if self.cash >= 0:
            return
        # short of cash: loot civilians (at most one event per 50 fighters a week), then fighters desert
        n_loot = min(math.ceil(-self.cash / max(c.loot_usd_per_abuse, 1e-9)), max(1, f // 50))
        self.cash += n_loot * c.loot_usd_per_abuse
        m.conflict.record_abuses(self.where(), n_loot)
        if self.cash < 0:
            unpaid = min(1.0, -self.cash / max(upkeep, 1e-9))
            m.deserting[self.gid] += int(round(f * c.desertion_share * unpaid))
            self.cash = 0.0

    def open_recruitment(self) -> None:
        m, c = self.model, self.model.cfg.armed_groups
        f = self.fighters
        reserve = c.reserve_weeks * f * c.upkeep_usd_week
        spare = self.cash - reserve
        slots = int(spare // c.recruit_cost_usd) if spare > 0 and c.recruit_cost_usd > 0 else 0
        m.recruit_slots[self.gid] = min(slots, int(0.05 * f) + 2)

    def expand(self, u: np.ndarray) -> None:
        """Attack the candidate place with the best expected gain, if positive."""
        m, c = self.model, self.model.cfg.armed_groups
        f = self.fighters
        load = m.group_load[self.gid]
        force = c.attack_share * f
        hold_cost = c.hold_cost_usd_week
        if self.cash < c.attack_cost_usd_fighter * force:
            return
        best, best_gain = None, 0.0
        cands = []
        if len(self.range_sites):
            for k in range(c.candidates):
                cands.append(("site", int(self.range_sites[int(u[k] * len(self.range_sites))])))
        if len(self.range_rbs):
            cands.append(("rb", int(self.range_rbs[int(u[6] * len(self.range_rbs))])))
        for kind, i in cands:
            if kind == "site":
                if m.control.site_kind[i] == NONSTATE and m.control.site_holder[i] == self.gid:
                    continue
                if f / (load + 1.0) < c.min_fighters_per_site:
                    continue
                rent = m.site_rent_nonstate[i] - hold_cost
                defence = m.conflict.site_defence(i)
            else:
                if m.control.rb_kind[i] == RB_NONSTATE and m.control.rb_holder[i] == self.gid:
                    continue
                if f / (load + RB_LOAD) < c.min_fighters_per_site:
                    continue
                rent = m.rb_revenue[i] - RB_LOAD * hold_cost
                defence = m.conflict.rb_defence(i)
            p = win_probability(force, defence, c.contest_exponent)
            gain = p * rent * c.attack_horizon_weeks - c.attack_cost_usd_fighter * force
            if gain > best_gain:
                best, best_gain = (kind, i, defence, p), gain
        if best is None:
            return
        kind, i, defence, p = best
        self.cash -= c.attack_cost_usd_fighter * force
        won = m.contest_draws[self.gid] < p
        m.conflict.clash(attacker=self, kind=kind, index=i, force=force, defence=defence, won=won)

    def shed_excess(self) -> None:
        """Give up sites that yield less than the cost of holding them (poorest first), then, while fighters are
        spread thinner than a site needs, the sites farthest from home (a group falls back on its heartland)."""
        m, c = self.model, self.model.cfg.armed_groups
        ctl = m.control
        held = ctl.held_sites(self.gid)
        poor = m.site_rent_nonstate[held] < c.hold_cost_usd_week
        if poor.any():
            losing = held[poor]
            for s in losing:
                ctl.set_site(int(s), NONE)
            m.group_load[self.gid] -= len(losing)
            held = held[~poor]
        excess = math.ceil(m.group_load[self.gid] - self.fighters / max(c.min_fighters_per_site, 1e-9))
        if excess > 0 and len(held):
            far = held[np.argsort(-np.linalg.norm(m.world.site_xy[held] - self.home_xy, axis=1), kind="stable")]
            for s in far[:excess]:
                ctl.set_site(int(s), NONE)
            m.group_load[self.gid] -= min(excess, len(held))

    def where(self) -> int:
        """A site to attribute the group's looting to: its richest held site, else the nearest site to home."""
        ctl = self.model.control
        held = ctl.held_sites(self.gid)
        if len(held):
            return int(held[np.argmax(self.model.site_rent_nonstate[held])])
        return self.home_site


def split_group(model: ConflictMineralsModel, parent: ArmedGroup) -> ArmedGroup | None:
    """A large group splits: half its fighters, cash and the places nearer a new home form a new group."""
    m = model
    gid = len(m.groups)
    if gid >= len(m.group_fighters):
        return None  # capacity of the per-group arrays reached; no further splits this run
    rng = m.streams.week("group_split", m.week)
    ctl = m.control
    held = ctl.held_sites(parent.gid)
    if len(held):
        new_home = m.world.site_xy[held[int(rng.integers(len(held)))]]
    else:
        new_home = parent.home_xy + rng.normal(0.0, m.cfg.armed_groups.range_km / 2, 2)
    child = ArmedGroup(m, gid, f"{parent.name} (splinter {gid})", new_home, parent.cash / 2)
    parent.cash /= 2
    m.groups.append(child)
    members = np.flatnonzero((m.people.group == parent.gid) & (m.people.status == FIGHTING))
    move = members[rng.random(len(members)) < 0.5]
    m.people.group[move] = gid
    m.group_fighters[parent.gid] -= len(move)
    m.group_fighters[gid] += len(move)
    held_rb = np.flatnonzero((ctl.rb_kind == RB_NONSTATE) & (ctl.rb_holder == parent.gid))
    def nearer(xy: np.ndarray, ids: np.ndarray) -> np.ndarray:
        return ids[np.linalg.norm(xy[ids] - new_home, axis=1) < np.linalg.norm(xy[ids] - parent.home_xy, axis=1)]
    ctl.transfer_sites(nearer(m.world.site_xy, held), parent.gid, gid)
    ctl.rb_holder[nearer(m.world.rb_xy, held_rb)] = gid
    m.group_load[:] = ctl.group_load(len(m.group_load))
    return child


def settle_fighters(model: ConflictMineralsModel) -> None:
    """Apply the week's deaths (each replaced by a newcomer) and desertions; dissolve groups that fall below the
    minimum size."""
    m, pp = model, model.people
    n_cap = len(m.group_fighters)
    released = np.zeros(n_cap, dtype=np.bool_)
    left = m.group_fighters - m.killing - m.deserting
    for g in m.groups:
        if g.alive and left[g.gid] < m.cfg.armed_groups.collapse_fighters:
            released[g.gid] = True
    u = m.streams.week("fighter_fates", m.week).random(int(m.group_fighters.sum()) + 1)
    dead = np.empty(len(u), dtype=np.int64)
    nk, nd, nr = fighter_fates(pp.status, pp.group, m.group_fighters, m.killing.astype(np.float64),
                               m.deserting.astype(np.float64), released, u, dead)   # keeps group_fighters current
    m.events["killed"] += nk
    m.events["newcomers"] += replace_dead(pp, dead[:nk], m.cfg.miners, m.streams.week("newcomers", m.week))
    m.killing[:] = 0
    m.deserting[:] = 0
    for g in np.flatnonzero(released):
        grp = m.groups[g]
        if grp.alive:
            grp.alive = False
            m.control.release_group(int(g))
            m.recruit_slots[g] = 0
            grp.remove()
    m.group_load[:] = m.control.group_load(n_cap)


def defence_of_site(kind: int, soldiers: float, holder_fighters: float, holder_load: float,
                    local: float, army_eff: float, dmz_eff: float) -> float:
    """Fighter-equivalents defending a site of the given kind."""
    if kind == NONE:
        return local
    if kind == STATE:
        return soldiers * army_eff
    if kind == DMZ:
        return soldiers * dmz_eff
    return holder_fighters / max(holder_load, 1.0)


def defence_of_roadblock(kind: int, holder_fighters: float, holder_load: float, state_def: float,
                         local: float) -> float:
    if kind == RB_STATE:
        return state_def
    if kind == RB_NONSTATE:
        return RB_LOAD * holder_fighters / max(holder_load, RB_LOAD)
    return 0.5 * local


def places_within(site_tree: cKDTree, rb_tree: cKDTree | None, xy: np.ndarray, radius: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Sites and roadblocks within `radius` km of `xy` (sorted ids)."""
    s = np.array(sorted(site_tree.query_ball_point(xy, radius)), dtype=np.int64)
    r = np.array(sorted(rb_tree.query_ball_point(xy, radius)), dtype=np.int64) if rb_tree is not None else \
        np.zeros(0, dtype=np.int64)
    return s, r
