"""Non-state armed groups (mesa.Agent): finances, recruitment, looting, and the contest for sites and roadblocks.

Each week a group books its tax revenue against the upkeep of its fighters; when its taxes fall short of that
upkeep it loots civilians (`looting=taxes`; with `cash`, only once its cash runs short), and pay that its cash
does not cover makes fighters desert. With cash above a reserve it opens recruitment slots at the sites it
holds (miners decide whether to join, in the miners' choice). It then looks at a few places
within its range and attacks the one with the best expected gain: rent over a horizon times the chance of
winning (a contest of force against the defender), less the cost of the attack. Groups too thin to hold
what they have give up their poorest site. Large groups sometimes split; groups that fall below a minimum
size dissolve and their fighters go home. A group's state is its row of `model.groups` (sim.tables.Groups).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import mesa
import numpy as np
from scipy.spatial import cKDTree

from .codes import FIGHTING, NONE, NONSTATE, RB_NONSTATE
from .control import RB_LOAD, win_probability
from .kernels.groups import weighted_picks
from .kernels.miners import fighter_fates
from .population import replace_dead

if TYPE_CHECKING:
    from .protocols import ModelState

N_DRAWS = 8  # uniforms per group per week: 0-4 site candidates, 5 expansion, 6 roadblock candidate, 7 split


class ArmedGroup(mesa.Agent):
    """One armed group: its row `gid` of the group table, its home (km coordinates) and the places in range."""

    def __init__(self, model: ModelState, gid: int, name: str, home_xy: np.ndarray, cash: float) -> None:
        super().__init__(model)
        self.gid = gid
        self.name = name
        self.home_xy = np.asarray(home_xy, dtype=float)
        model.groups.cash[gid] = cash
        model.groups.alive[gid] = True
        c = model.cfg.armed_groups
        self.range_sites, self.range_rbs = model.places_within(self.home_xy, c.range_km)
        # distance from home (km) of each place in range: a group attacks the nearest worthwhile candidate
        self.site_km = self._km(model.world.site_xy[self.range_sites])
        self.rb_km = self._km(model.world.rb_xy[self.range_rbs])
        # interest in a place falls with its distance from home (the group's area: IPIS sightings cluster there);
        # for roadblocks cumulative, as a list for bisect (one roadblock drawn a week)
        self.site_interest = np.exp(-self.site_km / c.home_scale_km)
        self.rb_interest = np.cumsum(np.exp(-self.rb_km / c.home_scale_km)).tolist()
        # the same ids and distances as Python lists: a week's few candidates are read from them without numpy
        self._sites_listed = (self.range_sites.tolist(), self.site_km.tolist())
        self._rbs_listed = (self.range_rbs.tolist(), self.rb_km.tolist())
        self.home_site = int(model.site_tree.query(self.home_xy)[1])   # nearest site to home (home never moves)
        self._pick = np.empty(c.candidates, dtype=np.int64)   # the week's drawn candidate positions (reused)

    def _km(self, xy: np.ndarray) -> np.ndarray:
        d = xy - self.home_xy
        return np.hypot(d[:, 0], d[:, 1])

    @property
    def fighters(self) -> int:
        return int(self.model.groups.fighters[self.gid])

    @property
    def alive(self) -> bool:
        return bool(self.model.groups.alive[self.gid])

    @property
    def cash(self) -> float:
        return float(self.model.groups.cash[self.gid])

    @cash.setter
    def cash(self, usd: float) -> None:
        self.model.groups.cash[self.gid] = usd

    # ------------------------------------------------------------------------------------------------ week
    def act(self, poor: np.ndarray, n_loot: int = 0) -> None:
        """The group's weekly decisions, in order, after its finances (`pay_groups`: `n_loot` looting events);
        `poor`: per site, whether it yields less than the cost of holding it this week (`poor_sites`)."""
        m = self.model
        u = m.draws.group[self.gid]
        if n_loot:
            m.conflict.record_looting(self.gid, self.where(), n_loot)
        if u[5] < m.cfg.armed_groups.expansion_prob_week:
            self.expand(u)
        self.shed_excess(poor)
        if self.fighters >= m.cfg.armed_groups.split_fighters and u[7] < m.cfg.armed_groups.split_prob_week:
            split_group(m, self)

    def candidates(self, u: np.ndarray) -> list[tuple[str, int, float]]:
        """The places the group looks at this week, (kind, id, km from home): `candidates` open sites and one
        roadblock in range, drawn with weights falling with their distance from home (`home_scale_km`)."""
        c, st = self.model.cfg.armed_groups, self.model.sites
        cands = []
        if weighted_picks(self.site_interest, self.range_sites, st.open, u[: c.candidates], self._pick):
            ids, km = self._sites_listed
            cands = [("site", ids[j], km[j]) for j in self._pick.tolist()]
        ids, km = self._rbs_listed
        if ids:
            k = min(bisect.bisect_right(self.rb_interest, float(u[6]) * self.rb_interest[-1]), len(ids) - 1)
            cands.append(("rb", ids[k], km[k]))
        return cands

    def expected_gain(self, kind: str, i: int, force: float) -> tuple[float, float, float] | None:
        """(gain, chance of winning, defence) of attacking place `i` with `force`: the chance of winning times the rent
        over `attack_horizon_weeks` net of the cost of holding it, less the attack's cost (USD); or None if the
        group does not consider it (already its own, or its fighters would be spread thinner than a place needs:
        holding a place ties down its load, in units of `min_fighters_per_site`)."""
        m, c = self.model, self.model.cfg.armed_groups
        f, load = int(m.groups.fighters[self.gid]), float(m.groups.load[self.gid])
        if kind == "site":
            if m.sites.kind[i] == NONSTATE and m.sites.holder[i] == self.gid:
                return None
            need, rent, defence = float(m.sites.hold_load[i]), float(m.sites.rent_nonstate[i]), m.conflict.site_defence(i)
        else:
            if m.roadblocks.kind[i] == RB_NONSTATE and m.roadblocks.holder[i] == self.gid:
                return None
            need, rent, defence = RB_LOAD, float(m.roadblocks.revenue[i]), m.conflict.rb_defence(i)
        if f / (load + need) < c.min_fighters_per_site:
            return None
        p = win_probability(force, float(defence), c.contest_exponent)
        gain = p * (rent - c.hold_cost_usd_week * need) * c.attack_horizon_weeks - c.attack_cost_usd_fighter * force
        return gain, p, defence

    def expand(self, u: np.ndarray) -> None:
        """Attack the nearest candidate place (to home) whose expected gain is positive: a group extends its hold
        over its area place by place rather than seeking the richest (IPIS: non-state presence clusters around
        groups' sighting areas and hardly depends on site size)."""
        m, c, g = self.model, self.model.cfg.armed_groups, self.gid
        force = c.attack_share * int(m.groups.fighters[g])
        cost = c.attack_cost_usd_fighter * force
        if m.groups.cash[g] < cost and c.attack_financing == "cash":
            return   # (on credit the cost is owed: cash below zero until the next pay day)
        # nearest first (a stable sort: equally near places in the order drawn); the first worth attacking wins
        for kind, i, _ in sorted(self.candidates(u), key=lambda cand: cand[2]):
            judged = self.expected_gain(kind, i, force)
            if judged is not None and judged[0] > 0:
                _, p, defence = judged
                break
        else:
            return
        m.groups.cash[g] -= cost
        m.conflict.group_attack(g, kind, i, force, defence, bool(m.draws.contest[g] < p))

    def shed_excess(self, poor_site: np.ndarray) -> None:
        """Give up sites that yield less than the cost of holding them (`poor_site`), then, while fighters are
        spread thinner than `min_fighters_per_site` per unit of load, the sites farthest from home (a group falls
        back on its heartland)."""
        m, c = self.model, self.model.cfg.armed_groups
        ctl, grp = m.control, m.groups
        held = ctl.held_sites(self.gid)
        if len(held) == 0:   # (about half the groups hold no site)
            return
        poor = poor_site[held]
        if poor.any():
            for s in held[poor].tolist():
                ctl.set_site(s, NONE, cause="shed")
            held = held[~poor]
        can_hold = int(grp.fighters[self.gid]) / max(c.min_fighters_per_site, 1e-9)
        if grp.load[self.gid] > can_hold and len(held):
            far = held[np.argsort(-np.linalg.norm(m.world.site_xy[held] - self.home_xy, axis=1), kind="stable")]
            for s in far.tolist():
                if grp.load[self.gid] <= can_hold:
                    break
                ctl.set_site(s, NONE, cause="shed")

    def where(self) -> int:
        """A site to attribute the group's looting to: its richest held site, else the nearest site to home."""
        held = self.model.control.held_sites(self.gid)
        if len(held):
            return int(held[self.model.sites.rent_nonstate[held].argmax()])
        return self.home_site


def groups_act(model: ModelState) -> None:
    """The armed groups' week: every group's finances at once (`pay_groups`: they depend on the group's own row
    only), then each group's decisions in turn (looting attributed, attack, shedding, split)."""
    groups = list(model.agents_by_type.get(ArmedGroup, ()))
    gids = np.array([g.gid for g in groups], dtype=np.int64)
    n_loot = pay_groups(model, gids).tolist()
    poor = poor_sites(model)
    for group, n in zip(groups, n_loot, strict=True):
        group.act(poor, n)


def poor_sites(model: ModelState) -> np.ndarray:
    """Per site, whether a non-state group's rent there (USD/week) is below the cost of holding it: fixed for the
    groups' turns (rents are set by this week's taxes, loads by the site)."""
    st = model.sites
    return st.rent_nonstate < model.cfg.armed_groups.hold_cost_usd_week * st.hold_load


def pay_groups(model: ModelState, gids: np.ndarray) -> np.ndarray:
    """Groups `gids` book revenue, pay fighters (upkeep plus their share of revenue) and commanders spend part of
    the surplus; with taxes short of upkeep (or, `looting=cash`, short of cash) they loot (at most one event per
    50 fighters a week), and unpaid fighters desert. Sets the pay a recruit expects (USD/day) and opens
    recruitment slots with cash above the reserve. Returns the looting events of each group (recorded at its
    turn: `ArmedGroup.act`)."""
    c, grp = model.cfg.armed_groups, model.groups
    f = grp.fighters[gids]
    revenue = grp.revenue[gids]
    grp.pay[gids] = c.fighter_pay_usd_day + c.revenue_share * revenue / (7.0 * np.maximum(f, 1))
    upkeep = f * c.upkeep_usd_week
    cash = grp.cash[gids] + (1.0 - c.revenue_share) * revenue - upkeep
    reserve = c.reserve_weeks * upkeep
    rich = cash > reserve
    cash[rich] -= c.commander_take_week * (cash[rich] - reserve[rich])
    n_loot = np.zeros(len(gids), dtype=np.int64)
    # what looting must cover: the cash shortfall, or (looting='taxes') the taxes' shortfall from upkeep
    gap = -cash if c.looting == "cash" else upkeep - (1.0 - c.revenue_share) * revenue
    short = gap > 0
    if short.any():
        n_loot[short] = np.minimum(np.ceil(gap[short] / max(c.loot_usd_per_abuse, 1e-9)),
                                   np.maximum(1, f[short] // 50))
        cash[short] += n_loot[short] * c.loot_usd_per_abuse
    unpaid_rows = cash < 0   # what looting did not cover: fighters go unpaid and some desert
    if unpaid_rows.any():
        unpaid = np.minimum(1.0, -cash[unpaid_rows] / np.maximum(upkeep[unpaid_rows], 1e-9))
        grp.deserting[gids[unpaid_rows]] += np.rint(f[unpaid_rows] * c.desertion_share * unpaid).astype(np.int64)
        cash[unpaid_rows] = 0.0
    grp.cash[gids] = cash
    # recruitment: slots for the cash above the reserve, at most 5% of the fighters (+2)
    spare = cash - c.reserve_weeks * f * c.upkeep_usd_week
    slots = np.zeros(len(gids), dtype=np.int64)
    if c.recruit_cost_usd > 0:
        pos = spare > 0
        slots[pos] = (spare[pos] // c.recruit_cost_usd).astype(np.int64)
    grp.recruit_slots[gids] = np.minimum(slots, (0.05 * f).astype(np.int64) + 2)
    return n_loot


def split_group(model: ModelState, parent: ArmedGroup) -> ArmedGroup | None:
    """A large group splits: half its fighters, cash and the places nearer a new home form a new group."""
    m = model
    gid = len(m.armed_groups)
    if gid >= m.groups.n:
        return None  # capacity of the group table reached; no further splits this run
    rng = m.streams.week("group_split", m.week)
    ctl = m.control
    held = ctl.held_sites(parent.gid)
    if len(held):
        new_home = m.world.site_xy[held[int(rng.integers(len(held)))]]
    else:
        new_home = parent.home_xy + rng.normal(0.0, m.cfg.armed_groups.range_km / 2, 2)
    child = ArmedGroup(m, gid, f"{parent.name} (splinter {gid})", new_home, parent.cash / 2)
    parent.cash /= 2
    m.armed_groups.append(child)
    members = np.flatnonzero((m.people.group == parent.gid) & (m.people.status == FIGHTING))
    move = members[rng.random(len(members)) < 0.5]
    m.people.group[move] = gid
    m.groups.fighters[parent.gid] -= len(move)
    m.groups.fighters[gid] += len(move)

    def nearer(xy: np.ndarray, ids: np.ndarray) -> np.ndarray:
        return ids[np.linalg.norm(xy[ids] - new_home, axis=1) < np.linalg.norm(xy[ids] - parent.home_xy, axis=1)]
    ctl.transfer(parent.gid, gid, nearer(m.world.site_xy, held),
                 nearer(m.world.rb_xy, ctl.held_roadblocks(parent.gid)))
    return child


def settle_fighters(model: ModelState) -> None:
    """Apply the week's deaths (each replaced by a newcomer) and desertions; dissolve groups that fall below the
    minimum size."""
    m, pp, grp = model, model.people, model.groups
    left = grp.fighters - grp.killing - grp.deserting
    released = grp.alive & (left < m.cfg.armed_groups.collapse_fighters)
    u = m.streams.week("fighter_fates", m.week).random(int(grp.fighters.sum()) + 1)
    dead = np.empty(len(u), dtype=np.int64)
    nk, nd, nr = fighter_fates(pp.status, pp.group, grp.fighters, grp.killing.astype(np.float64),
                               grp.deserting.astype(np.float64), released, u, dead)   # keeps fighters current
    m.events["killed"] += nk
    m.events["newcomers"] += replace_dead(pp, dead[:nk], m.cfg.miners, m.streams.week("newcomers", m.week))
    grp.killing[:] = 0
    grp.deserting[:] = 0
    for g in np.flatnonzero(released):
        grp.alive[g] = False
        m.control.release_group(int(g))
        grp.recruit_slots[g] = 0
        m.armed_groups[g].remove()


def places_within(site_tree: cKDTree, rb_tree: cKDTree | None, xy: np.ndarray, radius: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Sites and roadblocks within `radius` km of `xy` (sorted ids)."""
    s = np.array(sorted(site_tree.query_ball_point(xy, radius)), dtype=np.int64)
    r = np.array(sorted(rb_tree.query_ball_point(xy, radius)), dtype=np.int64) if rb_tree is not None else \
        np.zeros(0, dtype=np.int64)
    return s, r
