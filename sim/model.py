"""The conflict-mineral economy as a Mesa model: world, people, actors, market and policies, one week a step.

The step order is `ConflictMineralsModel.step`, top to bottom. The model's state is declared tables
(sim.tables: `sites`, `roadblocks`, `groups`; sim.population: `people`; sim.market: traders); armed groups
and army units are `mesa.Agent`s acting on their rows. Initial control of sites is the IPIS cross-section at
each site's latest visit (non-state group, army with or without interference, none).
"""

from __future__ import annotations

from typing import NamedTuple

import mesa
import numpy as np
from scipy.spatial import cKDTree

from . import miners
from .armed_groups import ArmedGroup, groups_act, places_within, settle_fighters
from .codes import MINING, NONE, NONSTATE, RB_NONSTATE, RB_OTHER, RB_STATE, STATE
from .config import Config, validate
from .conflict import Conflict
from .control import Control
from .deposits import update_sites
from .invariants import Ledger, check_invariants
from .market import Market
from .metrics import METRICS, compute_metrics, site_masks
from .policies import REGISTRY, Policies
from .population import create_people
from .records import Records
from .state_forces import StateUnit, units_act
from .streams import Streams
from .tables import Groups, Roadblocks, Sites
from .taxation import collect_taxes
from .world import World, build_world

GROUP_CAPACITY_FACTOR = 3  # room for splinter groups in the group table


class WeekDraws(NamedTuple):
    """This week's pre-drawn uniforms for the strategic actors (fixed shapes: common random numbers)."""
    group: np.ndarray          # (groups, 8): sim.armed_groups.N_DRAWS per group
    contest: np.ndarray        # per group: outcome of its attack
    rotation: np.ndarray       # per site: a garrison relieved
    predation: np.ndarray      # per site: a new garrison preys
    offensive: np.ndarray      # per site: an army offensive against its holder
    contest_site: np.ndarray   # per site: outcome of that offensive
    deploy: np.ndarray         # per site: redeployment draw
    occupy: np.ndarray         # per site: the army garrisons a site its offensive won


class ConflictMineralsModel(mesa.Model):
    """Eastern-DRC conflict-mineral economy; `cfg` is a validated `sim.config.Config`."""

    def __init__(self, cfg: Config, world: World | None = None) -> None:
        super().__init__(rng=cfg.seed)
        validate(cfg)
        self.cfg = cfg
        self.streams = Streams(cfg.seed)
        self.world = w = self._world(world)
        self.week = 0
        mins = [cfg.minerals[n] for n in w.mineral_names]
        self.q_mineral = np.array([m.output_kg_per_miner_week for m in mins])         # kg/miner/week
        self.base_price = np.array([m.world_usd_kg for m in mins])                    # USD/kg
        self.world_price = self.base_price.copy()                                      # this week (shocks)
        self.mineral_group = np.array([m.group for m in mins])
        self.site_tree = cKDTree(w.site_xy)
        self.rb_tree = cKDTree(w.rb_xy) if w.n_roadblocks else None
        self.sites = self._site_table()
        self.roadblocks = Roadblocks(w.n_roadblocks)
        self.groups = Groups(GROUP_CAPACITY_FACTOR * len(w.groups) + 16)
        self.control = Control(self.sites, self.roadblocks, self.groups)
        self.conflict = Conflict(self)
        self._populate()
        self.armed_groups: list[ArmedGroup] = []
        self.units: list[StateUnit] = []
        self._create_groups()
        self._initial_control()
        self.market = Market(self)
        self.policies = Policies(self, cfg.policies, REGISTRY)
        self.revenue: dict[str, float] = {}
        self.conflict.new_week()                 # the week's event counts (model.events)
        self.metrics = np.zeros((cfg.steps, len(METRICS)))
        self.site_masks = site_masks(w.site_mineral, w.mineral_names, self.mineral_group)
        self.records = Records(len(w.mineral_names), w.n_crossings)
        self._prime()
        self.control.log = []                    # from now on, groups' gains and losses are logged (moves)
        self.ledger = Ledger(len(w.mineral_names), self.people.n)

    # ------------------------------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week, in this order."""
        self.conflict.new_week()                 # count this week's events afresh
        self.control.week = self.week
        self.apply_shock()                       # world prices this week (scenario)
        self.policies.step(self.week)            # interventions act (DDR, certification, DMZ, border)
        miners.produce(self)                     # output at each site
        self.market.clear(self.sites.output, self.streams.week("audit", self.week).random(self.world.n_tc))
        self.policies.after_market(self.week)    # e.g. audits that caught tag fraud suspend sites
        collect_taxes(self)                      # site and roadblock taxes -> actors' revenue
        miners.update_incomes(self)              # what work pays at each site
        self.draws = self.draw_actor_randomness()
        groups_act(self)                         # pay, loot, recruit, attack
        units_act(self)                          # rotate, garrison, offensive
        self.conflict.civilian_abuse(self.streams.week("abuse", self.week).random(self.world.n_sites))
        miners.choose(self)                      # revisers: stay, move, farm or join a group
        update_sites(self)                       # deposits found, exhausted or abandoned
        settle_fighters(self)                    # deaths, desertions, dissolved groups
        miners.renew_generations(self)           # some age out; young people come of age in their place
        self.conflict.remember_violence()        # miners remember violence; clashes disrupt output
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

    def draw_actor_randomness(self) -> WeekDraws:
        """Pre-draw this week's uniforms for groups and state units (fixed shapes: common random numbers)."""
        n_cap, n_s = self.groups.n, self.world.n_sites
        g = self.streams.week("groups", self.week)
        s = self.streams.week("state", self.week)
        return WeekDraws(group=g.random((n_cap, 8)), contest=g.random(n_cap), rotation=s.random(n_s),
                         predation=s.random(n_s), offensive=s.random(n_s), contest_site=s.random(n_s),
                         deploy=s.random(n_s), occupy=s.random(n_s))

    def places_within(self, xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        return places_within(self.site_tree, self.rb_tree, xy, radius)

    def record(self) -> None:
        """The week's metrics; site snapshots and flow totals every `output.site_every` weeks."""
        if self.week < len(self.metrics):
            compute_metrics(self, self.metrics[self.week])
        self.records.add_week(self)

    def run(self, steps: int | None = None, progress=None) -> None:
        """Run `steps` weeks (default cfg.steps); `progress` is an optional callable(week) per step."""
        for _ in range(self.cfg.steps if steps is None else steps):
            self.step()
            if progress is not None:
                progress(self.week)

    # ------------------------------------------------------------------------------------------ set-up
    def _world(self, world: World | None) -> World:
        """The given prebuilt world (it must be the config's), else the config's world built now."""
        cfg = self.cfg
        if world is None:
            return build_world(cfg.world, cfg.minerals)
        if (world.name, world.population_scale) != (cfg.world.name, cfg.world.population_scale):
            raise ValueError(f"world {world.name} at population scale {world.population_scale} given for a "
                             f"config of {cfg.world.name} at {cfg.world.population_scale}")
        return world

    def _site_table(self) -> Sites:
        w = self.world
        sites = Sites(w.n_sites)
        sites.open[: w.n_ipis] = True   # IPIS's sites are worked; the deposits around them are not yet found
        sites.grade[:] = self.streams.init("sites").lognormal(0.0, self.cfg.miners.grade_sigma, w.n_sites)
        sites.capacity[:] = w.site_capacity * w.population_scale
        sites.room[:] = np.maximum(1, np.floor(sites.capacity * self.cfg.miners.access_cap))
        ipis_capacity = np.where(np.arange(w.n_sites) < w.n_ipis, sites.capacity, 0.0)
        sites.area_workforce[:] = np.add.reduceat(np.r_[ipis_capacity[w.nb_idx], 0.0], w.nb_indptr[:-1]) * (
            np.diff(w.nb_indptr) > 0)
        ag = self.cfg.armed_groups
        workers = w.site_capacity   # IPIS workers (the fighter thresholds are absolute numbers, as are workers)
        small = ag.miners_per_fighter * max(ag.min_fighters_per_site, 1e-9)   # workers of a one-unit site
        load = np.maximum(1.0, workers / small) ** ag.posting_exponent
        sites.hold_load[:] = np.round(load * 64.0) / 64.0   # multiples of 1/64: groups' loads add up exactly
        sites.protection[:] = ag.local_defence * (workers / 100.0) ** ag.size_defence_exponent
        return sites

    def _populate(self) -> None:
        """People: miners at their sites, the farming pool beside them, the groups' fighters near their homes."""
        w, st = self.world, self.sites
        workers = np.where(np.arange(w.n_sites) < w.n_ipis, w.site_capacity, 0.0)   # none at deposits yet
        self.people = pp = create_people(workers, w.sites["ipis_children"].to_numpy(bool),
                                         w.groups["fighters"].to_numpy(float), self.site_tree.query(w.group_xy)[1],
                                         w.population_scale, self.cfg.miners, self.streams)
        # the revisers' pre-drawn uniforms (5 each: candidate site, 4 Gumbel terms), reused week after week
        self.choice_uniforms = np.empty(5 * int(np.diff(pp.phase_start).max()))
        mining = pp.status == MINING
        st.miners[:] = np.bincount(pp.site[mining], minlength=w.n_sites)
        st.children[:] = np.bincount(pp.site[mining & pp.child], minlength=w.n_sites)
        st.skill[:] = np.bincount(pp.site[mining], weights=pp.skill[mining], minlength=w.n_sites)

    def _create_groups(self) -> None:
        """The armed groups of the world's table, each with cash for its reserve of upkeep."""
        w, c = self.world, self.cfg.armed_groups
        n = len(w.groups)
        self.groups.fighters[:n] = np.round(w.groups["fighters"].to_numpy(float) * w.population_scale)
        upkeep = c.upkeep_usd_week * c.reserve_weeks
        self.armed_groups = [ArmedGroup(self, g, str(w.groups["name"].iloc[g]), w.group_xy[g],
                                        upkeep * self.groups.fighters[g]) for g in range(n)]

    def _initial_control(self) -> None:
        """Control of sites and roadblocks at the start: the IPIS cross-section (world.initial_control=ipis), or
        nobody anywhere (empty: army units still keep as many garrisons as IPIS saw, placed by their redeployment
        rule)."""
        w, c = self.world, self.cfg
        nonstate = w.sites["ipis_nonstate"].to_numpy(bool)
        army = w.sites["ipis_army"].to_numpy(bool) & ~nonstate
        n_garrisons = [int((army & (w.site_province == p)).sum()) for p in range(len(w.province_names))]
        if c.world.initial_control == "empty":   # out-of-sample: nobody holds a site at the start
            nonstate, army = np.zeros_like(nonstate), np.zeros_like(army)
        homes = cKDTree(w.group_xy)
        held = np.flatnonzero(nonstate)
        for s, g in zip(held, self._ipis_groups(held, homes), strict=True):
            self.control.set_site(int(s), NONSTATE, g)
        interfering = w.sites["ipis_army_interfering"].to_numpy(bool)
        for p in range(len(w.province_names)):
            unit = StateUnit(self, p, p, n_garrisons[p])
            self.units.append(unit)
            for s in np.flatnonzero(army & (w.site_province == p)):
                self.control.set_site(int(s), STATE, p, bool(interfering[s]), c.state_forces.soldiers_per_garrison)
        self._initial_roadblocks(homes)
        assert NONE == 0

    def _ipis_groups(self, sites: np.ndarray, homes: cKDTree) -> list[int]:
        """The group holding each of `sites` at the IPIS start: the nearest faction of the group IPIS names there
        (of the same territory if there is one), else the nearest group."""
        w = self.world
        names = w.groups["name"].astype(str).to_numpy()
        terr = w.groups["territory"].astype(str).to_numpy() if "territory" in w.groups else np.full(len(names), "")
        named = w.sites["ipis_group"].to_numpy(object) if "ipis_group" in w.sites else np.full(w.n_sites, None)
        site_terr = w.sites["territory"].to_numpy(object)
        out = []
        for s in sites:
            is_named = names == (str(named[s]) if isinstance(named[s], str) else "")
            cand = np.flatnonzero(is_named & (terr == str(site_terr[s])))
            if len(cand) == 0:
                cand = np.flatnonzero(is_named)
            if len(cand):
                out.append(int(cand[np.argmin(np.linalg.norm(w.group_xy[cand] - w.site_xy[s], axis=1))]))
            else:
                out.append(int(homes.query(w.site_xy[s])[1]))
        return out

    def _initial_roadblocks(self, homes: cKDTree) -> None:
        """Roadblock operators drawn with fact 8's shares; a non-state roadblock goes to the nearest group, or to
        the army if no group is within reach."""
        w, c = self.world, self.cfg
        u = self.streams.init("roadblocks").random(w.n_roadblocks)
        ns, st = c.world.roadblock_nonstate_share, c.world.roadblock_state_share
        kind = np.where(u < ns, RB_NONSTATE, np.where(u < ns + st, RB_STATE, RB_OTHER)).astype(np.int8)
        holder = np.full(w.n_roadblocks, -1, dtype=np.int32)
        if w.n_roadblocks:
            d, g = homes.query(w.rb_xy)
            holder[:] = np.where(kind == RB_NONSTATE, g, -1)
            far = (kind == RB_NONSTATE) & (d > c.armed_groups.range_km)
            kind[far] = RB_STATE   # no group within reach: the roadblock is the army's
            holder[far] = -1
        self.control.set_roadblocks(kind, holder)

    def _prime(self) -> None:
        """Week -1 bookkeeping so that week 0 decisions see prices, incomes and rents."""
        miners.produce(self)
        self.market.clear(self.sites.output, np.ones(self.world.n_tc))
        collect_taxes(self)
        miners.update_incomes(self)
        self.sites.stock[:] = 0.0
