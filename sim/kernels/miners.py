"""Numba kernels for miners: production at sites, weekly work choices, fates of fighters.

Pure functions of arrays and pre-drawn random numbers; no model objects, no random draws of their own.
Each is `@njit(cache=True)`; `kernel.py_func` is the plain-Python twin that tests compare against.
Status codes match sim.population: 0 mining, 1 farming, 2 fighting, 3 programme, 4 reintegrated, 5 dead.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MINING, FARMING, FIGHTING, DEAD = 0, 1, 2, 5


@njit(cache=True)
def site_output(mineral, miners, skill_sum, capacity, grade, disruption, q_mineral, elasticity, out, per_skill_out):
    """Weekly output (kg) per site: q * grade * capacity^(1-e) * L^(e-1) * (sum of skills) * (1 - disruption).

    At L = capacity every miner of skill 1 produces q * grade; beyond it, returns to labour diminish.
    `per_skill_out`: the output per unit of skill before disruption (kg/week), q * grade * (L/capacity)^(e-1),
    the same number `income_per_skill` prices with `extra` 0.
    """
    for s in range(mineral.shape[0]):
        n = miners[s]
        if n <= 0:
            out[s] = 0.0
            per_skill_out[s] = 0.0
            continue
        per_skill = q_mineral[mineral[s]] * grade[s] * (n / capacity[s]) ** (elasticity - 1.0)
        per_skill_out[s] = per_skill
        out[s] = per_skill * skill_sum[s] * (1.0 - disruption[s])
    return out


@njit(cache=True)
def income_per_skill(mineral, miners, capacity, grade, net_price, q_mineral, elasticity, extra, out):
    """Net daily income (USD/day) per unit of skill at each site if `miners + extra` worked there."""
    for s in range(mineral.shape[0]):
        n = miners[s] + extra
        if n <= 0:
            out[s] = 0.0
            continue
        per_skill = q_mineral[mineral[s]] * grade[s] * (n / capacity[s]) ** (elasticity - 1.0)
        out[s] = net_price[s] * per_skill / 7.0
    return out


def _gumbel_edges(n: int) -> np.ndarray:
    """Gumbel terms at the uniforms k/n, k = 0..n (decreasing: +inf at 0, -inf at 1), as numpy makes them."""
    edges = np.empty(n + 1)
    edges[0], edges[n] = np.inf, -np.inf
    for k in range(1, n):
        edges[k] = 0.0 - 1.0 * math.log(-math.log(1.0 - k / n))
    return edges


GUMBEL_EDGES = _gumbel_edges(1024)
EDGE_SLACK = 1e-9  # covers any last-bit difference between this table and the kernel's own log
# for each bracket k: the lowest and highest Gumbel term of a uniform in [k/n, (k+1)/n), widened by the slack
GUMBEL_BRACKETS = np.column_stack([GUMBEL_EDGES[1:] - EDGE_SLACK, GUMBEL_EDGES[:-1] + EDGE_SLACK])


@njit(cache=True)
def _gumbel_term(draws, r, j, from_uniform):
    """Gumbel term j of reviser r: `draws[r, j]` itself or, with `from_uniform`, the value numpy's
    `Generator.gumbel` makes of that uniform draw (the same expression, so bit for bit the same)."""
    if from_uniform:
        return 0.0 - 1.0 * math.log(-math.log(1.0 - draws[r, j]))
    return draws[r, j]


@njit(cache=True)
def _bracket(base, u, noise, eligible):
    """(lowest, highest) value `base + noise x Gumbel(u)` can take, from the uniform's bracket (GUMBEL_BRACKETS)
    (no logarithm); (-inf, -inf) for an option that is not eligible (it can neither win nor block a winner)."""
    k = int(u * GUMBEL_BRACKETS.shape[0])
    lo = base + noise * GUMBEL_BRACKETS[k, 0]
    hi = base + noise * GUMBEL_BRACKETS[k, 1]
    return (lo, hi) if eligible else (-np.inf, -np.inf)


@njit(cache=True)
def _clear_winner(st, b0, b1, b2, b3, e1, e3, u, r, noise):
    """The option (0-3) whose value `b_j + noise x Gumbel(u[r, j])` is certainly the largest, judged from the
    brackets of the Gumbel terms; -1 when the brackets of the best and another eligible option overlap (then
    compute). Options 0 and 2 are always eligible; ties go to the earlier option, as in the exact comparison.
    The usual answer, the status quo (0 for a miner, 2 for a farmer), is tried first with one predictable test."""
    lo0, hi0 = _bracket(b0, u[r, 0], noise, True)
    lo1, hi1 = _bracket(b1, u[r, 1], noise, e1)
    lo2, hi2 = _bracket(b2, u[r, 2], noise, True)
    lo3, hi3 = _bracket(b3, u[r, 3], noise, e3)
    if st == MINING:
        if lo0 > max(hi1, hi2, hi3):
            return 0
    elif lo2 > max(hi0, hi1, hi3):
        return 2
    best, top = 0, lo0
    if lo1 > top:
        best, top = 1, lo1
    if lo2 > top:
        best, top = 2, lo2
    if lo3 > top:
        best, top = 3, lo3
    clear = (best == 0 or top > hi0) & (best == 1 or not e1 or top > hi1) & (best == 2 or top > hi2) & \
        (best == 3 or not e3 or top > hi3)
    return best if clear else -1


@njit(cache=True)
def choose_work(revisers, status, site, group, skill, farm_income, fight_aversion, child,
                inc_now, inc_join, risk, nb_indptr, nb_idx, recruit_group, recruit_slots, fighter_value,
                move_cost, noise, u_cand, gumbel, site_miners, site_children, site_skill, recruited,
                gumbel_from_uniform=False):
    """Each reviser picks the best of: mine at its site, mine at a nearby candidate site, farm, or join the
    armed group recruiting at its site (at that group's pay, `fighter_value[g]`); values in USD/day plus
    `noise` x pre-drawn Gumbel terms. `recruit_group[h]` is the group holding site h (-1: none); it recruits
    while it has `recruit_slots` left (checked here, as slots run out during the week).

    `gumbel` (revisers x 4) holds the Gumbel terms or, with `gumbel_from_uniform`, the uniforms they are made
    of (`sim.miners.gumbel_uniforms`). Then most choices are settled without computing a Gumbel term: each
    term lies between two tabulated values (the uniform's bracket in GUMBEL_EDGES), and when one option's
    lowest possible value beats every other option's highest, it is the choice the exact terms would give.
    Otherwise the terms are computed exactly as numpy does (`_gumbel_term`) and compared as usual; the choices
    are the same bit for bit either way.
    Updates people and the per-site counters in place; returns counts (moved, to_farm, to_mine, to_fight).
    Fighters, DDR participants and the dead do not revise here.
    """
    moved = 0
    to_farm = 0
    to_mine = 0
    to_fight = 0
    for r in range(revisers.shape[0]):
        i = revisers[r]
        st = status[i]
        if st != MINING and st != FARMING:
            continue
        h = site[i]
        k = skill[i]
        # option values (USD/day) before the noise term: 0 stay, 1 move to candidate c, 2 farm, 3 join g
        b0 = (inc_now[h] if st == MINING else inc_join[h]) * k - risk[h]
        deg = nb_indptr[h + 1] - nb_indptr[h]
        c = -1
        e1 = deg > 0
        b1 = 0.0
        if e1:
            c = nb_idx[nb_indptr[h] + min(int(u_cand[r] * deg), deg - 1)]
            b1 = inc_join[c] * k - risk[c] - move_cost
        b2 = farm_income[i]
        g = recruit_group[h]
        e3 = g >= 0 and recruit_slots[g] > 0 and not child[i]
        b3 = fighter_value[g] - fight_aversion[i] if g >= 0 else 0.0
        best = -1
        if gumbel_from_uniform and noise > 0.0:
            best = _clear_winner(st, b0, b1, b2, b3, e1, e3, gumbel, r, noise)
        if best < 0:  # exact: options in order, a later one wins only if strictly better
            best = 0
            best_v = b0 + noise * _gumbel_term(gumbel, r, 0, gumbel_from_uniform)
            if e1:
                v = b1 + noise * _gumbel_term(gumbel, r, 1, gumbel_from_uniform)
                if v > best_v:
                    best, best_v = 1, v
            v = b2 + noise * _gumbel_term(gumbel, r, 2, gumbel_from_uniform)
            if v > best_v:
                best, best_v = 2, v
            if e3:
                v = b3 + noise * _gumbel_term(gumbel, r, 3, gumbel_from_uniform)
                if v > best_v:
                    best, best_v = 3, v
        # apply the choice
        if best == 0:
            if st == FARMING:
                status[i] = MINING
                site_miners[h] += 1
                site_skill[h] += k
                if child[i]:
                    site_children[h] += 1
                to_mine += 1
            continue
        if st == MINING:  # leaves its current site
            site_miners[h] -= 1
            site_skill[h] -= k
            if child[i]:
                site_children[h] -= 1
        if best == 1:
            site[i] = c
            status[i] = MINING
            site_miners[c] += 1
            site_skill[c] += k
            if child[i]:
                site_children[c] += 1
            moved += 1
        elif best == 2:
            if st == MINING:
                to_farm += 1
            status[i] = FARMING
        else:
            status[i] = FIGHTING
            group[i] = g
            recruit_slots[g] -= 1
            recruited[g] += 1
            to_fight += 1
    return moved, to_farm, to_mine, to_fight


@njit(cache=True)
def fighter_fates(status, group, fighters, killed, deserted, released, u, dead):
    """Apply the week's losses to fighters: per group, `killed[g]` die, `deserted[g]` go home to farm and
    all fighters of groups with `released[g]` leave (group dissolved). `fighters[g]` is the number of fighters
    of group g (people with status FIGHTING): it turns the counts into per-fighter probabilities and is kept
    current, decremented for every fighter lost. `u` holds one pre-drawn uniform per fighter, in the order
    fighters appear in the arrays. Ex-fighters keep their `group` as their last group. The people killed are
    written to `dead[:n_killed]` in index order (room for one per fighter).

    Returns (n_killed, n_deserted, n_released).
    """
    n_groups = killed.shape[0]
    p_kill = np.zeros(n_groups)
    p_desert = np.zeros(n_groups)
    for g in range(n_groups):
        if fighters[g] > 0:
            p_kill[g] = min(1.0, killed[g] / fighters[g])
            p_desert[g] = min(1.0, deserted[g] / fighters[g])
    nk = 0
    nd = 0
    nr = 0
    j = 0
    for i in range(status.shape[0]):
        if status[i] != FIGHTING:
            continue
        g = group[i]
        x = u[j]
        j += 1
        if released[g]:
            status[i] = FARMING
            nr += 1
        elif x < p_kill[g]:
            status[i] = DEAD
            dead[nk] = i
            nk += 1
        elif x < p_kill[g] + p_desert[g]:
            status[i] = FARMING
            nd += 1
        else:
            continue
        fighters[g] -= 1
    return nk, nd, nr
