"""The conflict-mineral economy as a Mesa model: world, people, actors, market and policies, one week a step.

The step order is `ConflictMineralsModel.step`, top to bottom. Large populations (people, traders) are
struct-of-arrays; armed groups, state units and buyers are `mesa.Agent`s. Initial control of sites is the
IPIS cross-section at each site's latest visit (non-state group, army with or without interference, none).
"""

from __future__ import annotations

import mesa
import numpy as np
from scipy.spatial import cKDTree

from . import miners
from .armed_groups import ArmedGroup, places_within, settle_fighters
from .config import Config, validate
from .conflict import Conflict
from .control import NONE, NONSTATE, RB_NONSTATE, RB_OTHER, RB_STATE, STATE, Control
from .invariants import Ledger, check_invariants
from .market import Market
from .metrics import METRICS, compute_metrics, site_masks
from .policies import REGISTRY, Policies
from .population import MINING, create_people
from .state_forces import StateUnit
from .streams import Streams
from .taxation import collect_taxes
from .world import World, build_world, project_km

GROUP_CAPACITY_FACTOR = 3  # room for splinter groups in the per-group arrays


class ConflictMineralsModel(mesa.Model):
    """Eastern-DRC conflict-mineral economy; `cfg` is a validated `sim.config.Config`."""

    def __init__(self, cfg: Config, world: World | None = None) -> None:
        super().__init__(rng=cfg.seed)
        validate(cfg)
        self.cfg = cfg
        self.streams = Streams(cfg.seed)
        if world is not None and (world.name, world.population_scale) != (cfg.world.name,
                                                                      cfg.world.population_scale):
            raise ValueError(f"world {world.name} at population scale {world.population_scale} given for a "
                             f"config of {cfg.world.name} at {cfg.world.population_scale}")
        self.world = w = world if world is not None else build_world(cfg.world, cfg.minerals)
        self.week = 0
        mins = [cfg.minerals[n] for n in w.mineral_names]
        self.q_mineral = np.array([m.output_kg_per_miner_week for m in mins])
        self.base_price = np.array([m.world_usd_kg for m in mins])
        self.world_price = self.base_price.copy()
        self.mineral_group = np.array([m.group for m in mins])
        n_s = w.n_sites
        self.site_grade = self.streams.init("sites").lognormal(0.0, cfg.miners.grade_sigma, n_s)
        self.site_capacity_scaled = w.site_capacity * w.population_scale
        self.site_tree = cKDTree(w.site_xy)
        self.rb_tree = cKDTree(w.rb_xy) if w.n_roadblocks else None
        self.control = Control(n_s, w.n_roadblocks)
        self.conflict = Conflict(self)
        self.dmz_effectiveness = cfg.policies.dmz.effectiveness

        # people: miners at their sites, the farming pool, the groups' fighters near their homes
        groups = w.groups
        home_xy = np.column_stack([groups["lon"], groups["lat"]])
        home_km = project_km(home_xy[:, 0], home_xy[:, 1])
        fighter_site = self.site_tree.query(home_km)[1]
        self.people = create_people(w.site_capacity, w.sites["ipis_children"].to_numpy(bool),
                                    groups["fighters"].to_numpy(float), fighter_site, w.population_scale,
                                    cfg.miners, self.streams)
        pp = self.people
        # the revisers' pre-drawn uniforms (5 each: candidate site, 4 Gumbel terms), reused week after week
        self.choice_uniforms = np.empty(5 * int(np.diff(pp.phase_start).max()))
        mining = pp.status == MINING
        self.site_miners = np.bincount(pp.site[mining], minlength=n_s).astype(np.int64)
        self.site_children = np.bincount(pp.site[mining & pp.child], minlength=n_s).astype(np.int64)
        self.site_skill = np.bincount(pp.site[mining], weights=pp.skill[mining], minlength=n_s)

        # armed groups and their per-group arrays (room for splinters)
        cap = GROUP_CAPACITY_FACTOR * len(groups) + 16
        self.group_fighters = np.zeros(cap, dtype=np.int64)
        self.group_revenue = np.zeros(cap)
        self.group_load = np.zeros(cap)
        self.recruit_slots = np.zeros(cap, dtype=np.int64)
        self.group_pay = np.full(cap, cfg.armed_groups.fighter_pay_usd_day)   # what a recruit expects, USD/day
        self.killing = np.zeros(cap, dtype=np.int64)
        self.deserting = np.zeros(cap, dtype=np.int64)
        self.group_fighters[: len(groups)] = np.round(groups["fighters"].to_numpy(float) * w.population_scale)
        upkeep = cfg.armed_groups.upkeep_usd_week * cfg.armed_groups.reserve_weeks
        self.groups: list[ArmedGroup] = [
            ArmedGroup(self, g, str(groups["name"].iloc[g]), home_km[g], upkeep * self.group_fighters[g])
            for g in range(len(groups))]
        self.units: list[StateUnit] = []
        self._no_agents = mesa.agent.AgentSet([], random=self.random)
        self._initial_control(home_km)
        self.group_load[:] = self.control.group_load(cap)

        # market, policies, per-site results
        self.output = np.zeros(n_s)
        self.output_per_skill = np.zeros(n_s)
        self.site_value = np.zeros(n_s)
        self.site_rent_nonstate = np.zeros(n_s)
        self.tax_share = np.zeros(n_s)
        self.income_now = np.zeros(n_s)
        self.income_join = np.zeros(n_s)
        self.certified = np.zeros(n_s, dtype=np.bool_)
        self.rb_revenue = np.zeros(w.n_roadblocks)
        self.market = Market(self)
        self.policies = Policies(self, cfg.policies, REGISTRY)
        self.revenue: dict[str, float] = {}
        self.events = {"violent": 0, "abuses": 0, "killed": 0, "newcomers": 0}
        self.metrics = np.zeros((cfg.steps, len(METRICS)))
        self.site_masks = site_masks(w.site_mineral, w.mineral_names, self.mineral_group)
        self.site_snapshots: list[dict[str, np.ndarray]] = []
        self._prime()
        self.ledger = Ledger(len(w.mineral_names), self.people.n)

    # ------------------------------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week, in this order."""
        self.events = {"violent": 0, "abuses": 0, "killed": 0, "newcomers": 0}
        self.apply_shock()                       # world prices this week (scenario)
        self.policies.step(self.week)            # interventions act (DDR, certification, DMZ, border)
        miners.produce(self)                     # output at each site
        self.market.clear(self.output, self.streams.week("audit", self.week).random(self.world.n_tc))
        self.policies.after_market(self.week)    # e.g. audits that caught tag fraud suspend sites
        collect_taxes(self)                      # site and roadblock taxes -> actors' revenue
        miners.update_incomes(self)              # what work pays at each site
        self.draw_actor_randomness()
        self.agents_by_type.get(ArmedGroup, self._no_agents).do("act")  # pay, loot, recruit, attack
        for unit in self.units:                  # garrison, rotate, offensive
            unit.act()
        self.conflict.civilian_abuse(self.streams.week("abuse", self.week).random(self.world.n_sites))
        miners.choose(self)                      # revisers: stay, move, farm or join a group
        settle_fighters(self)                    # deaths, desertions, dissolved groups
        self.control.remember_violence()         # miners remember violence; clashes disrupt output
        self.record()
        if self.cfg.debug:
            check_invariants(self)               # conservation and ranges (debug=true)
        self.week += 1

    # ----------------------------------------------------------------------------------------- helpers
    def apply_shock(self) -> None:
        self.world_price[:] = self.base_price
        s = self.cfg.shock
        if s.kind == "price" and self.week >= s.start and (s.duration is None or self.week < s.start + s.duration):
            self.world_price[self.world.mineral_names.index(s.mineral)] *= s.factor

    def draw_actor_randomness(self) -> None:
        """Pre-draw this week's uniforms for groups and state units (fixed shapes: common random numbers)."""
        n_cap = len(self.group_fighters)
        rng = self.streams.week("groups", self.week)
        self.group_draws = rng.random((n_cap, 8))
        self.contest_draws = rng.random(n_cap)
        rng = self.streams.week("state", self.week)
        self.rotation_draws = rng.random(self.world.n_sites)
        self.predation_draws = rng.random(self.world.n_sites)
        self.offensive_draws = rng.random(self.world.n_sites)
        self.contest_site_draws = rng.random(self.world.n_sites)
        self.deploy_draws = rng.random(self.world.n_sites)

    def recruit_group(self) -> np.ndarray:
        """Group recruiting at each site (the holder, if it has slots), -1 elsewhere."""
        ctl = self.control
        g = np.where(ctl.site_kind == NONSTATE, ctl.site_holder, -1).astype(np.int32)
        g[g >= 0] = np.where(self.recruit_slots[g[g >= 0]] > 0, g[g >= 0], -1)
        return g

    def places_within(self, xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        return places_within(self.site_tree, self.rb_tree, xy, radius)

    def record(self) -> None:
        if self.week < len(self.metrics):
            compute_metrics(self, self.metrics[self.week])
        if self.week % self.cfg.output.site_every == 0:   # compact: ~14 bytes per site and snapshot
            ctl = self.control
            self.site_snapshots.append({
                "step": self.week, "miners": self.site_miners.astype(np.int32), "armed_presence": ctl.armed(),
                "nonstate_presence": ctl.nonstate(), "kind": ctl.site_kind.copy(),
                "holder": ctl.site_holder.astype(np.int16), "certified": self.certified.copy(),
                "output_kg": self.output.astype(np.float32)})

    def run(self, steps: int | None = None, progress=None) -> None:
        """Run `steps` weeks (default cfg.steps); `progress` is an optional callable(week) per step."""
        for _ in range(self.cfg.steps if steps is None else steps):
            self.step()
            if progress is not None:
                progress(self.week)

    # ------------------------------------------------------------------------------------------ set-up
    def _initial_control(self, home_km: np.ndarray) -> None:
        """Control of sites and roadblocks at the start: the IPIS cross-section (world.initial_control=ipis), or
        nobody anywhere (empty: army units still keep as many garrisons as IPIS saw, placed by their redeployment rule)."""
        w, ctl, c = self.world, self.control, self.cfg
        sites = w.sites
        names = w.groups["name"].astype(str).to_numpy()
        terr = w.groups["territory"].astype(str).to_numpy() if "territory" in w.groups else np.full(len(names), "")
        gtree = cKDTree(home_km)
        nonstate = sites["ipis_nonstate"].to_numpy(bool)
        army = sites["ipis_army"].to_numpy(bool) & ~nonstate
        n_garrisons = [int((army & (w.site_province == p)).sum()) for p in range(len(w.province_names))]
        if c.world.initial_control == "empty":   # out-of-sample: nobody holds a site at the start
            nonstate = np.zeros_like(nonstate)
            army = np.zeros_like(army)
        interfering = sites["ipis_army_interfering"].to_numpy(bool)
        ipis_group = sites["ipis_group"].astype(object).fillna("").astype(str).to_numpy() \
            if "ipis_group" in sites else np.full(w.n_sites, "")
        site_terr = sites["territory"].astype(str).to_numpy()
        for s in np.flatnonzero(nonstate):
            cand = np.flatnonzero((names == ipis_group[s]) & (terr == site_terr[s]))
            if len(cand) == 0:
                cand = np.flatnonzero(names == ipis_group[s])
            if len(cand):
                g = int(cand[np.argmin(np.linalg.norm(home_km[cand] - w.site_xy[s], axis=1))])
            else:
                g = int(gtree.query(w.site_xy[s])[1])
            ctl.set_site(int(s), NONSTATE, g)
        for p in range(len(w.province_names)):
            in_p = w.site_province == p
            unit = StateUnit(self, p, p, n_garrisons[p])
            self.units.append(unit)
            for s in np.flatnonzero(army & in_p):
                ctl.set_site(int(s), STATE, p, bool(interfering[s]), c.state_forces.soldiers_per_garrison)
        rng = self.streams.init("roadblocks")
        u = rng.random(w.n_roadblocks)
        ns, st = c.world.roadblock_nonstate_share, c.world.roadblock_state_share
        ctl.rb_kind[:] = np.where(u < ns, RB_NONSTATE, np.where(u < ns + st, RB_STATE, RB_OTHER))
        if w.n_roadblocks:
            d, g = gtree.query(w.rb_xy)
            ctl.rb_holder[:] = np.where(ctl.rb_kind == RB_NONSTATE, g, -1)
            far = (ctl.rb_kind == RB_NONSTATE) & (d > c.armed_groups.range_km)
            ctl.rb_kind[far] = RB_STATE   # no group within reach: the roadblock is the army's
            ctl.rb_holder[far] = -1
        assert NONE == 0

    def _prime(self) -> None:
        """Week -1 bookkeeping so that week 0 decisions see prices, incomes and rents."""
        miners.produce(self)
        self.market.clear(self.output, np.ones(self.world.n_tc))
        collect_taxes(self)
        miners.update_incomes(self)
        self.market.stock[:] = 0.0
