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

from .control import NONSTATE
from .invariants import InvariantError
from .kernels.miners import choose_work, income_per_skill, site_output

if TYPE_CHECKING:
    from .model import ConflictMineralsModel


def produce(model: ConflictMineralsModel) -> None:
    """This week's output per site (kg) into `model.output`, and per unit of skill (kg/week, before
    disruption) into `model.output_per_skill`."""
    w, c = model.world, model.cfg.miners
    site_output(w.site_mineral, model.site_miners, model.site_skill, model.site_capacity_scaled, model.site_grade,
                model.control.disruption, model.q_mineral, c.output_elasticity, model.output, model.output_per_skill)


def update_incomes(model: ConflictMineralsModel) -> None:
    """Net daily income per unit of skill at each site, now and for one more miner (USD/day).

    Now: the net price of this week's output per unit of skill, which `produce` computed for the same miners
    (no one moves between production and this: choices come later in the week; `debug=true` checks it).
    """
    w, c = model.world, model.cfg.miners
    net_price = np.maximum(model.market.price, 0.0) * (1.0 - model.tax_share)
    np.divide(net_price * model.output_per_skill, 7.0, out=model.income_now)
    income_per_skill(w.site_mineral, model.site_miners, model.site_capacity_scaled, model.site_grade, net_price,
                     model.q_mineral, c.output_elasticity, 1, model.income_join)
    if model.cfg.debug:
        now = income_per_skill(w.site_mineral, model.site_miners, model.site_capacity_scaled, model.site_grade,
                               net_price, model.q_mineral, c.output_elasticity, 0, np.empty(w.n_sites))
        if not np.array_equal(now, model.income_now):
            raise InvariantError(f"week {model.week}: income now differs from output per skill x net price "
                                 "(miners moved between production and incomes)")


def gumbel_uniforms(rng: np.random.Generator, n: int, out: np.ndarray | None = None) -> np.ndarray:
    """The (n, 4) uniforms from which `rng.gumbel(size=(n, 4))` would make its values, leaving `rng` where that
    call would: numpy draws again whenever a uniform is exactly 0.0. The kernel turns only the uniforms it
    needs into Gumbel terms, bit for bit as numpy would. `out`: room for the 4n uniforms (reused memory)."""
    u = rng.random(4 * n) if out is None else rng.random(out=out[: 4 * n])
    while u.size and u.min() == 0.0:   # (almost never: one uniform in 2^53)
        zero = u == 0.0
        u = np.concatenate([u[~zero], rng.random(int(zero.sum()))])
    return u.reshape(n, 4)


def choose(model: ConflictMineralsModel) -> None:
    """This week's revisers choose where (and whether) to work."""
    c, w, pp = model.cfg.miners, model.world, model.people
    revisers = pp.revisers(model.week)
    rng = model.streams.week("miner_choice", model.week)
    n, room = len(revisers), model.choice_uniforms   # reused every week: no fresh memory pages in the step
    u_cand = rng.random(out=room[:n])
    u_gumbel = gumbel_uniforms(rng, n, out=room[n:])
    risk = c.risk_cost_usd_day * model.control.site_violence
    holder = np.where(model.control.site_kind == NONSTATE, model.control.site_holder, -1)  # kernel checks slots
    recruited = np.zeros(len(model.recruit_slots), dtype=np.int64)
    *_, to_fight = choose_work(
        revisers, pp.status, pp.site, pp.group, pp.skill, pp.farm_income, pp.fight_aversion, pp.child,
        model.income_now, model.income_join, risk, w.nb_indptr, w.nb_idx, holder, model.recruit_slots,
        model.group_pay, c.move_cost_usd_day, c.choice_noise_usd_day, u_cand, u_gumbel, model.site_miners,
        model.site_children, model.site_skill, recruited, True)
    if to_fight:
        for g in np.flatnonzero(recruited):
            model.groups[g].cash -= recruited[g] * model.cfg.armed_groups.recruit_cost_usd
        model.group_fighters[: len(recruited)] += recruited
