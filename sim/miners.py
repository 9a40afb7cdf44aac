"""Miners: production at sites and the weekly work choices (kernels in sim/kernels/miners.py).

Production: a site's output grows with its miners' summed skill and falls per head beyond the site's
capacity (returns to labour `output_elasticity`), scaled by ore grade and by disruption from violence.
Choices: each week one person in `revise_every_weeks` reconsiders; miners and farmers compare the net income
(price x output - taxes and fees) of their site, of one nearby site drawn at random, of farming, and of
joining the armed group recruiting at their site, less the remembered risk of violence, each with an
idiosyncratic Gumbel term (a logit choice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import MINING
from .invariants import InvariantError
from .kernels.miners import Options, Persons, Tallies, choose_work, income_per_skill, site_output
from .population import refresh, renew

if TYPE_CHECKING:
    from .protocols import ModelState


def produce(model: ModelState) -> None:
    """This week's output per site (kg) into `sites.output`, and per unit of skill (kg/week, before
    disruption) into `sites.output_per_skill`."""
    st = model.sites
    site_output(model.world.site_mineral, st.miners, st.skill, st.capacity, st.grade, st.disruption, model.q_mineral,
                model.cfg.miners.output_elasticity, st.output, st.output_per_skill)


def update_incomes(model: ModelState) -> None:
    """Net daily income per unit of skill at each site, now and for one more miner (USD/day).

    Now: the net price of this week's output per unit of skill, which `produce` computed for the same miners
    (no one moves between production and this: choices come later in the week; `debug=true` checks it).
    """
    w, c, st = model.world, model.cfg.miners, model.sites
    net_price = np.maximum(st.price, 0.0) * (1.0 - st.tax_share)
    np.divide(net_price * st.output_per_skill, 7.0, out=st.income_now)
    income_per_skill(w.site_mineral, st.miners, st.capacity, st.grade, net_price, model.q_mineral,
                     c.output_elasticity, 1, st.income_join)
    if model.cfg.debug:
        now = income_per_skill(w.site_mineral, st.miners, st.capacity, st.grade, net_price, model.q_mineral,
                               c.output_elasticity, 0, np.empty(w.n_sites))
        if not np.array_equal(now, st.income_now):
            raise InvariantError(f"week {model.week}: income now differs from output per skill x net price "
                                 "(miners moved between production and incomes)")


def renew_generations(model: ModelState) -> None:
    """Generations (sim.population.renew): the people who age out this week leave their sites' tallies, and
    young people take their places, farming, with fresh traits."""
    pp, st = model.people, model.sites
    who = renew(pp, model.cfg.miners.renewal_per_year / 52.0)
    mining = who[pp.status[who] == MINING]
    np.subtract.at(st.miners, pp.site[mining], 1)
    np.subtract.at(st.skill, pp.site[mining], pp.skill[mining])
    np.subtract.at(st.children, pp.site[mining[pp.child[mining]]], 1)
    refresh(pp, who, model.cfg.miners, model.streams.week("renewal", model.week))


def gumbel_uniforms(rng: np.random.Generator, n: int, out: np.ndarray | None = None) -> np.ndarray:
    """The (n, 4) uniforms from which `rng.gumbel(size=(n, 4))` would make its values, leaving `rng` where that
    call would: numpy draws again whenever a uniform is exactly 0.0. The kernel turns only the uniforms it
    needs into Gumbel terms, bit for bit as numpy would. `out`: room for the 4n uniforms (reused memory)."""
    u = rng.random(4 * n) if out is None else rng.random(out=out[: 4 * n])
    while u.size and u.min() == 0.0:   # (almost never: one uniform in 2^53)
        zero = u == 0.0
        u = np.concatenate([u[~zero], rng.random(int(zero.sum()))])
    return u.reshape(n, 4)


def choose(model: ModelState) -> None:
    """This week's revisers choose where (and whether) to work."""
    c, w, pp, st, grp = model.cfg.miners, model.world, model.people, model.sites, model.groups
    revisers = pp.revisers(model.week)
    rng = model.streams.week("miner_choice", model.week)
    n, room = len(revisers), model.choice_uniforms   # reused every week: no fresh memory pages in the step
    u_cand = rng.random(out=room[:n])
    u_gumbel = gumbel_uniforms(rng, n, out=room[n:])
    recruited = np.zeros(grp.n, dtype=np.int64)
    people = Persons(pp.status, pp.site, pp.group, pp.skill, pp.farm_income, pp.fight_aversion, pp.child)
    options = Options(st.income_now, st.income_join, st.open, st.room, w.site_mineral, c.risk_cost_usd_day * st.violence,
                      w.nb_indptr, w.nb_idx, model.control.nonstate_holder(), grp.recruit_slots, grp.pay,
                      c.move_cost_usd_day, c.switch_cost_usd_day,
                      c.choice_noise_usd_day)   # the kernel checks the holder's recruitment slots
    *_, to_fight = choose_work(revisers, people, options, u_cand, u_gumbel,
                               Tallies(st.miners, st.children, st.skill, recruited), True)
    if to_fight:
        grp.cash -= recruited * model.cfg.armed_groups.recruit_cost_usd
        grp.fighters += recruited
