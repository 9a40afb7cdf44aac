"""A plain-Mesa reference for the miner and market step: the yardstick the numba path is measured against.

One `mesa.Agent` per person (miner, farmer or fighter). Each week, as in `ConflictMineralsModel.step`:
production at each site from the miners present, the market clearing, what work pays at each site, and the
revisers' work choices. The per-person part is Python in `Person` methods: each person contributes its skill
to its site's tallies when it arrives (and takes it away when it leaves), and a reviser makes its choice with
the same pre-drawn uniform and Gumbel terms as the numba kernel `choose_work`. The site and market parts run
the kernels' plain-Python source (`python_twin`: `site_output`, `income_per_skill` and `clear_market`, with
every helper they call in Python as well) on NumPy arrays.

What the reference leaves out is held fixed for both paths: taxes (`tax_share`), the armed groups' and state
units' actions, violence, policies. `prepare()` builds a model, runs its full steps for a few weeks (so that
groups recruit and sites are contested), then recounts the per-site tallies from the people arrays, the way
both implementations build them (sums in person order), so that both start from bit-identical states.
`numba_week(model)` is the model's own code path for the same work (sim.miners and sim.market, compiled
kernels). `compare()` lists the quantities on which the two differ (none, bit for bit, is the expectation).
"""

from __future__ import annotations

import hashlib
import inspect
import math
import statistics
import time
import types
from typing import Any

import mesa
import numpy as np

from sim import miners
from sim.codes import FARMING, FIGHTING, MINING
from sim.config import Config
from sim.kernels import market as kmarket
from sim.kernels import miners as kminers
from sim.market import launder_abroad_price
from sim.model import ConflictMineralsModel
from sim.world import World

STATE_KEYS = ("status", "site", "group", "site_miners", "site_children", "site_skill", "output", "price", "sold",
              "stock", "flows", "p_nc", "income_now", "income_join", "recruit_slots")


def python_twin(module: types.ModuleType) -> types.ModuleType:
    """A copy of a kernel module in which every `@njit` function, and every helper it calls, is plain Python.

    (`kernel.py_func` alone would still call the compiled helpers.)
    """
    twin = types.ModuleType(module.__name__ + "_python")
    twin.__file__ = module.__file__
    exec(compile(inspect.getsource(module), module.__file__, "exec"), twin.__dict__)
    for name, obj in list(vars(twin).items()):
        if hasattr(obj, "py_func"):
            setattr(twin, name, obj.py_func)
    return twin


PY_MINERS = python_twin(kminers)
PY_MARKET = python_twin(kmarket)


def recount_sites(model: ConflictMineralsModel) -> None:
    """Per-site miners, children and summed skill recounted from the people arrays (sums in person order)."""
    pp, n_s, st = model.people, model.world.n_sites, model.sites
    mining = pp.status == MINING
    st.miners[:] = np.bincount(pp.site[mining], minlength=n_s)
    st.children[:] = np.bincount(pp.site[mining & pp.child], minlength=n_s)
    st.skill[:] = np.bincount(pp.site[mining], weights=pp.skill[mining], minlength=n_s)


def prepare(cfg: Config, world: World | None = None, warmup: int = 4) -> ConflictMineralsModel:
    """A model after `warmup` full weeks, its site tallies recounted: the common starting point."""
    model = ConflictMineralsModel(cfg, world=world)
    model.run(warmup)
    recount_sites(model)
    return model


def numba_week(model: ConflictMineralsModel, timings: dict[str, float] | None = None) -> None:
    """One week of the miner and market step by the model's own code (compiled kernels); adds the seconds
    spent on sites and market and on the revisers' choices to `timings` if given."""
    t0 = time.perf_counter()
    miners.produce(model)
    model.market.clear(model.sites.output, model.streams.week("audit", model.week).random(model.world.n_tc))
    miners.update_incomes(model)
    t1 = time.perf_counter()
    miners.choose(model)
    t2 = time.perf_counter()
    model.week += 1
    if timings is not None:
        timings["sites_market"] = timings.get("sites_market", 0.0) + t1 - t0
        timings["agents"] = timings.get("agents", 0.0) + t2 - t1


def numba_arrays(model: ConflictMineralsModel) -> dict[str, np.ndarray]:
    """The quantities the miner and market step changes: the model's own arrays (not copies)."""
    pp, mk, st = model.people, model.market, model.sites
    return {"status": pp.status, "site": pp.site, "group": pp.group, "site_miners": st.miners,
            "site_children": st.children, "site_skill": st.skill, "output": st.output,
            "price": st.price, "sold": st.sold, "stock": st.stock, "flows": mk.flows, "p_nc": mk.p_nc,
            "income_now": st.income_now, "income_join": st.income_join, "recruit_slots": model.groups.recruit_slots}


def numba_state(model: ConflictMineralsModel) -> dict[str, np.ndarray]:
    """A copy of those quantities."""
    return {k: v.copy() for k, v in numba_arrays(model).items()}


def digest(state: dict[str, np.ndarray]) -> dict[str, bytes]:
    """A fingerprint of each quantity (dtype, shape and every bit): states compared without keeping copies."""
    out = {}
    for k in STATE_KEYS:
        a = np.ascontiguousarray(state[k])
        out[k] = hashlib.blake2b(f"{a.dtype.str}{a.shape}".encode() + a.data, digest_size=16).digest()
    return out


class Person(mesa.Agent):
    """One person: works at a site, farms beside it, or fights; reconsiders every `revise_every_weeks`."""

    def __init__(self, model: ReferenceModel, status: int, site: int, group: int, skill: float,
                 farm_income: float, fight_aversion: float, child: bool) -> None:
        super().__init__(model)
        self.status = status
        self.site = site
        self.group = group
        self.skill = skill                    # relative productivity
        self.farm_income = farm_income        # USD/day
        self.fight_aversion = fight_aversion  # USD/day
        self.child = child

    def contribute(self) -> None:
        """A miner adds itself (head, skill, child) to its site's tallies for this week."""
        if self.status == MINING:
            m, s = self.model, self.site
            m.site_miners[s] += 1
            m.site_skill[s] += self.skill
            if self.child:
                m.site_children[s] += 1

    def revise(self) -> None:
        """Mine here, mine at a nearby candidate site, farm, or join the group recruiting here (USD/day values
        plus noise x this reviser's pre-drawn Gumbel terms); the same rule as the kernel `choose_work`."""
        m = self.model
        r = m.row
        m.row += 1
        st = self.status
        if st != MINING and st != FARMING:
            return
        h, k, g, noise = self.site, self.skill, m.gumbel[r], m.noise
        best = 0
        can_stay = m.open[h] and (st == MINING or m.site_miners[h] < m.room[h])
        stay = (m.inc_now[h] if st == MINING else m.inc_join[h]) * k - m.risk[h] if can_stay else -math.inf
        best_v = stay + noise * g[0]
        near = m.neighbours[h]
        c = -1
        if near:
            c = near[min(int(m.u_cand[r] * len(near)), len(near) - 1)]
            v = m.inc_join[c] * k - m.risk[c] - m.move_cost - (m.switch_cost if m.mineral[c] != m.mineral[h] else 0.0) \
                + noise * g[1]
            if m.open[c] and m.site_miners[c] < m.room[c] and v > best_v:
                best, best_v = 1, v
        v = self.farm_income + noise * g[2]
        if v > best_v:
            best, best_v = 2, v
        grp = m.recruit_group[h]
        if grp >= 0 and m.recruit_slots[grp] > 0 and not self.child:
            v = m.fighter_value[grp] - self.fight_aversion + noise * g[3]
            if v > best_v:
                best = 3
        # the head count at each site is kept current during the week (a full site takes no newcomer)
        if best == 0:
            if st == FARMING:
                m.site_miners[h] += 1
            self.status = MINING
            return
        if st == MINING:
            m.site_miners[h] -= 1
        if best == 1:
            self.status, self.site = MINING, c
            m.site_miners[c] += 1
        elif best == 2:
            self.status = FARMING
        else:
            self.status, self.group = FIGHTING, grp
            m.recruit_slots[grp] -= 1


class ReferenceModel(mesa.Model):
    """The miner and market step of `model` (its state now) as a plain Mesa model: one agent per person."""

    def __init__(self, model: ConflictMineralsModel) -> None:
        super().__init__(rng=model.cfg.seed)
        src, w, pp, c = model, model.world, model.people, model.cfg
        self.source, self.week = src, src.week
        self.streams = src.streams
        # fixed inputs (the parts of the week the reference leaves out)
        st = src.sites
        self.site_mineral, self.q_mineral, self.grade = w.site_mineral, src.q_mineral, st.grade
        self.capacity, self.disruption = st.capacity, st.disruption.copy()
        self.elasticity = c.miners.output_elasticity
        self.tax_share = st.tax_share.copy()
        self.risk = (c.miners.risk_cost_usd_day * st.violence).tolist()
        self.neighbours = [w.nb_idx[w.nb_indptr[s]:w.nb_indptr[s + 1]].tolist() for s in range(w.n_sites)]
        self.open, self.room = st.open.tolist(), st.room.tolist()
        self.holder = src.control.nonstate_holder().tolist()
        self.noise, self.move_cost = c.miners.choice_noise_usd_day, c.miners.move_cost_usd_day
        self.switch_cost, self.mineral = c.miners.switch_cost_usd_day, w.site_mineral.tolist()
        self.fighter_value = src.groups.pay.tolist()
        self.chain, self.terms, self.trade = self._market_terms(src)
        self.launder_cap, self.launder_discount = src.market.launder_abroad_cap, src.market.launder_abroad_discount
        self.certified = st.certified.copy()
        self.release = c.market.stock_release_share
        # state the step changes
        self.recruit_slots = src.groups.recruit_slots.tolist()
        self.stock = st.stock.copy()
        self.price, self.sold = st.price.copy(), st.sold.copy()
        self.cleared = src.market.cleared._replace(
            **{f: getattr(src.market.cleared, f).copy() for f in kmarket.Cleared._fields if f not in ("price", "sold")},
            price=self.price, sold=self.sold)
        self.output, self.output_per_skill = np.zeros(w.n_sites), np.zeros(w.n_sites)
        self.income_now, self.income_join = np.zeros(w.n_sites), np.zeros(w.n_sites)
        # the people, in person order (the order of `self.agents`)
        cols = (pp.status.tolist(), pp.site.tolist(), pp.group.tolist(), pp.skill.tolist(), pp.farm_income.tolist(),
                pp.fight_aversion.tolist(), pp.child.tolist())
        self.people = [Person(self, *row) for row in zip(*cols, strict=True)]
        self.tally()
        # revisers by phase: the same people in the same order as `People.revisers`
        phases = len(pp.phase_start) - 1
        self.by_phase = [mesa.agent.AgentSet([self.people[i] for i in pp.order[pp.phase_start[k]:pp.phase_start[k + 1]]],
                                             random=self.random) for k in range(phases)]
        self.row = 0
        self.timings = {"tally": 0.0, "sites_market": 0.0, "agents": 0.0}  # seconds spent in each part

    def tally(self) -> None:
        """Per-site miners, children and summed skill: every agent contributes (in person order)."""
        n_s = len(self.site_mineral)
        self.site_miners, self.site_children, self.site_skill = [0] * n_s, [0] * n_s, [0.0] * n_s
        self.agents.do("contribute")

    @staticmethod
    def _market_terms(m: ConflictMineralsModel) -> tuple[Any, Any, Any]:
        """The market kernel's inputs as the model holds them this week (copies of what policies may change)."""
        mk, c = m.market, m.cfg.market
        terms = mk.terms._replace(p_world=m.world_price.copy(), compliance=mk.compliance.copy(),
                                  unc_discount=mk.unc_discount.copy(), tag_cost=mk.terms.tag_cost.copy(),
                                  launder_price=mk.terms.launder_price.copy())
        trade = kmarket.Trade(c.transport_usd_kg_km, c.trader_margin, c.bribe_share, c.bribe_efficacy,
                              c.demand_elasticity, mk.seizure.copy(), mk.launder_on, mk.launder_ratio, mk.audit_rate)
        return mk.chain, terms, trade

    def step(self) -> None:
        """One week: every agent adds itself to its site's tallies; production, market and incomes (sites,
        Python); then the revisers' choices (agents)."""
        t_start = time.perf_counter()
        self.tally()
        t0 = time.perf_counter()
        miners_now, skill_now = np.array(self.site_miners), np.array(self.site_skill)
        PY_MINERS.site_output(self.site_mineral, miners_now, skill_now, self.capacity, self.grade, self.disruption,
                              self.q_mineral, self.elasticity, self.output, self.output_per_skill)
        # market: this week's output plus the share of stock offered again
        held_back = (1.0 - self.release) * self.stock
        supply = self.output + self.release * self.stock
        self.terms.launder_price[:] = launder_abroad_price(self.terms, self.cleared, self.launder_cap,
                                                          self.launder_discount)
        u_audit = self.streams.week("audit", self.week).random(len(self.chain.tc_hub))
        PY_MARKET.clear_market(self.chain, self.terms, self.trade, supply, self.certified, u_audit, self.cleared)
        self.stock = self.cleared.stock + held_back
        net_price = np.maximum(self.price, 0.0) * (1.0 - self.tax_share)
        self.income_now = net_price * self.output_per_skill / 7.0
        PY_MINERS.income_per_skill(self.site_mineral, miners_now, self.capacity, self.grade, net_price,
                                   self.q_mineral, self.elasticity, 1, self.income_join)
        self.inc_now, self.inc_join = self.income_now.tolist(), self.income_join.tolist()
        self.recruit_group = [g if g >= 0 and self.recruit_slots[g] > 0 else -1 for g in self.holder]
        t1 = time.perf_counter()
        # the revisers, with this week's pre-drawn numbers (as sim.miners.choose draws them)
        agents = self.by_phase[self.week % len(self.by_phase)]
        rng = self.streams.week("miner_choice", self.week)
        self.u_cand = rng.random(len(agents)).tolist()
        self.gumbel = rng.gumbel(size=(len(agents), 4)).tolist()
        self.row = 0
        agents.do("revise")
        t2 = time.perf_counter()
        self.timings["tally"] += t0 - t_start
        self.timings["sites_market"] += t1 - t0
        self.timings["agents"] += t2 - t1
        self.week += 1

    def state(self) -> dict[str, np.ndarray]:
        """The quantities the step changes, as arrays with the model's dtypes (site tallies recounted)."""
        pp = self.source.people
        self.tally()
        return {"status": np.array([p.status for p in self.people], dtype=pp.status.dtype),
                "site": np.array([p.site for p in self.people], dtype=pp.site.dtype),
                "group": np.array([p.group for p in self.people], dtype=pp.group.dtype),
                "site_miners": np.array(self.site_miners, dtype=np.int64),
                "site_children": np.array(self.site_children, dtype=np.int64),
                "site_skill": np.array(self.site_skill), "output": self.output.copy(), "price": self.price.copy(),
                "sold": self.sold.copy(), "stock": self.stock.copy(), "flows": self.cleared.flows.copy(),
                "p_nc": self.cleared.p_nc.copy(), "income_now": self.income_now.copy(),
                "income_join": self.income_join.copy(), "recruit_slots": np.array(self.recruit_slots, dtype=np.int64)}


def compare(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> list[str]:
    """Names of the quantities that differ between two states (bit for bit; NaN equals NaN)."""
    return [k for k in STATE_KEYS if not np.array_equal(a[k], b[k], equal_nan=True)]


def side_by_side(cfg: Config, world: World | None = None, weeks: int = 4, warmup: int = 4) -> dict[str, Any]:
    """Run the miner and market step `weeks` times by both paths from the same state, in this process.

    Returns mean seconds per week for each (`numba_s_week`, `reference_s_week`, each split into
    `..._agents_s_week`, the revisers' choices, and `..._sites_market_s_week`; the reference also
    `reference_tally_s_week`), median seconds per week (`..._median_s_week`), `ratio` (reference over numba,
    medians per week: robust to other load on the machine), `ratio_of_totals`, and the quantities that
    differ after every week, bit for bit (`mismatches`: week -> names; empty when the two agree).
    """
    model = prepare(cfg, world, warmup)
    t0 = time.perf_counter()
    ref = ReferenceModel(model)
    build_s = time.perf_counter() - t0
    # each path runs its weeks in one block (warm caches for both); states are compared week by week after,
    # by fingerprints (keeping a copy of every week's state would hand the timed weeks fresh memory pages)
    parts: dict[str, float] = {}
    numba_states, numba_s = [], []
    for _ in range(weeks):
        t0 = time.perf_counter()
        numba_week(model, parts)
        numba_s.append(time.perf_counter() - t0)
        numba_states.append(digest(numba_arrays(model)))
    ref_states, ref_s = [], []
    for _ in range(weeks):
        t0 = time.perf_counter()
        ref.step()
        ref_s.append(time.perf_counter() - t0)
        ref_states.append(digest(ref.state()))
    t_numba, t_ref = sum(numba_s), sum(ref_s)
    mismatches = {ref.week - weeks + k: [q for q in STATE_KEYS if a[q] != b[q]]
                  for k, (a, b) in enumerate(zip(numba_states, ref_states, strict=True)) if a != b}
    return {"people": model.people.n, "miners": int(np.count_nonzero(model.people.status == MINING)),
            "weeks": weeks, "numba_s_week": t_numba / weeks, "reference_s_week": t_ref / weeks,
            "numba_agents_s_week": parts["agents"] / weeks, "numba_sites_market_s_week": parts["sites_market"] / weeks,
            "reference_agents_s_week": ref.timings["agents"] / weeks,
            "reference_tally_s_week": ref.timings["tally"] / weeks,
            "reference_sites_market_s_week": ref.timings["sites_market"] / weeks,
            "numba_median_s_week": statistics.median(numba_s), "reference_median_s_week": statistics.median(ref_s),
            "reference_build_s": build_s, "ratio_of_totals": t_ref / t_numba,
            "ratio": statistics.median(ref_s) / statistics.median(numba_s), "mismatches": mismatches}
