"""Numba kernels for miners: production at sites, weekly work choices, fates of fighters.

Pure functions of arrays and pre-drawn random numbers; no model objects, no random draws of their own.
Each is `@njit(cache=True)`; `kernel.py_func` is the plain-Python twin that tests compare against.
The revisers' choice takes its arrays in named tuples: `Persons` (the people's columns it reads and changes),
`Options` (what each option is worth at each site, and who recruits where) and `Tallies` (per-site and
per-group counters it keeps current).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from ..codes import DEAD, FARMING, FIGHTING, MINING

RELEASE_BLOCK = 1024       # people per block in release_miners
RELEASE_FEW_SITES = 8      # closing sites up to which release_miners searches blocks by site comparisons

STAY, MOVE, FARM, JOIN = 0, 1, 2, 3   # a reviser's options


class Persons(NamedTuple):
    """People's columns (sim.population.People) the choice reads or changes."""
    status: np.ndarray
    site: np.ndarray
    group: np.ndarray
    skill: np.ndarray
    farm_income: np.ndarray      # USD/day
    fight_aversion: np.ndarray   # USD/day
    child: np.ndarray


class Options(NamedTuple):
    """What each option is worth (USD/day) and where it is open."""
    inc_now: np.ndarray          # per site: net income per unit of skill of a miner there now
    inc_join: np.ndarray         # per site: ... of one more miner there
    open: np.ndarray             # per site: it can be worked (closed sites are no option)
    room: np.ndarray             # per site: most miners it takes (pit access; a full site takes no newcomer)
    mineral: np.ndarray          # per site: its mineral (changing mineral costs `switch_cost`)
    risk: np.ndarray             # per site: cost of the violence miners remember there
    nb_indptr: np.ndarray        # sites within reach of site h: nb_idx[nb_indptr[h]:nb_indptr[h + 1]]
    nb_idx: np.ndarray
    recruit_group: np.ndarray    # per site: the non-state group holding it (-1: none)
    recruit_slots: np.ndarray    # per group: recruits it can still take this week (decremented here)
    fighter_value: np.ndarray    # per group: what a recruit expects, USD/day
    move_cost: float             # USD/day
    switch_cost: float           # USD/day, on top of move_cost when the other site's mineral differs
    noise: float                 # USD/day, scale of the Gumbel terms


class Tallies(NamedTuple):
    """Counters kept current as people change."""
    miners: np.ndarray           # per site
    children: np.ndarray         # per site
    skill: np.ndarray            # per site, summed skill
    recruited: np.ndarray        # per group, this week


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
    compute). Option 2 is always eligible, option 0 too but at a closed site (value -inf); ties go to the earlier
    option, as in the exact comparison.
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
def _candidate_sites(revisers, site, nb_indptr, nb_idx, u_cand):
    """Each reviser's candidate site: one of the sites within reach of its own, drawn with `u_cand` (-1: none).
    It depends only on the reviser's site and uniform, so it is drawn in a pass of its own before the choices
    (the choice loop then waits on fewer chained look-ups: faster, same candidates)."""
    out = np.empty(revisers.shape[0], dtype=np.int64)
    for r in range(revisers.shape[0]):
        h = site[revisers[r]]
        deg = nb_indptr[h + 1] - nb_indptr[h]
        out[r] = nb_idx[nb_indptr[h] + min(int(u_cand[r] * deg), deg - 1)] if deg > 0 else -1
    return out


@njit(cache=True, inline="always")
def _values(i, st, people, opt, c):
    """Values (USD/day, before the noise term) of reviser i's options: (stay, move, candidate site `c`, eligible
    to move, farm, join, group, eligible to join). Staying (or, for a farmer, taking up mining at his site) and
    moving need an open site; whether it has room is checked by the caller with this week's counts."""
    h, k = people.site[i], people.skill[i]
    b0 = (opt.inc_now[h] if st == MINING else opt.inc_join[h]) * k - opt.risk[h] if opt.open[h] else -np.inf
    b1, e1 = 0.0, False
    if c >= 0:
        e1 = opt.open[c]
        b1 = opt.inc_join[c] * k - opt.risk[c] - opt.move_cost
        if opt.mineral[c] != opt.mineral[h]:
            b1 -= opt.switch_cost
    g = opt.recruit_group[h]
    e3 = g >= 0 and opt.recruit_slots[g] > 0 and not people.child[i]
    b3 = opt.fighter_value[g] - people.fight_aversion[i] if g >= 0 else 0.0
    return b0, b1, c, e1, people.farm_income[i], b3, g, e3


@njit(cache=True, inline="always")
def _exact_choice(b0, b1, b2, b3, e1, e3, gumbel, r, noise, from_uniform):
    """The best option with the exact Gumbel terms: in order, a later one wins only if strictly better."""
    best = STAY
    best_v = b0 + noise * _gumbel_term(gumbel, r, 0, from_uniform)
    if e1:
        v = b1 + noise * _gumbel_term(gumbel, r, 1, from_uniform)
        if v > best_v:
            best, best_v = MOVE, v
    v = b2 + noise * _gumbel_term(gumbel, r, 2, from_uniform)
    if v > best_v:
        best, best_v = FARM, v
    if e3:
        v = b3 + noise * _gumbel_term(gumbel, r, 3, from_uniform)
        if v > best_v:
            best = JOIN
    return best


@njit(cache=True, inline="always")
def _leave(i, h, k, people, tallies):
    tallies.miners[h] -= 1
    tallies.skill[h] -= k
    if people.child[i]:
        tallies.children[h] -= 1


@njit(cache=True, inline="always")
def _arrive(i, h, k, people, tallies):
    tallies.miners[h] += 1
    tallies.skill[h] += k
    if people.child[i]:
        tallies.children[h] += 1


@njit(cache=True)
def choose_work(revisers, people, opt, u_cand, gumbel, tallies, gumbel_from_uniform=False):
    """Each reviser picks the best of: mine at its site, mine at a nearby candidate site, farm, or join the
    armed group recruiting at its site (at that group's pay, `opt.fighter_value[g]`); values in USD/day plus
    `opt.noise` x pre-drawn Gumbel terms. A group recruits while it has `recruit_slots` left (checked here, as
    slots run out during the week).

    `gumbel` (revisers x 4) holds the Gumbel terms or, with `gumbel_from_uniform`, the uniforms they are made
    of (`sim.miners.gumbel_uniforms`). Then most choices are settled without computing a Gumbel term: each
    term lies between two tabulated values (the uniform's bracket in GUMBEL_EDGES), and when one option's
    lowest possible value beats every other option's highest, it is the choice the exact terms would give.
    Otherwise the terms are computed exactly as numpy does (`_gumbel_term`) and compared as usual; the choices
    are the same bit for bit either way.
    Updates people and the tallies in place; returns counts (moved, to_farm, to_mine, to_fight). Fighters,
    DDR participants and the dead do not revise here.
    """
    moved, to_farm, to_mine, to_fight = 0, 0, 0, 0
    cand = _candidate_sites(revisers, people.site, opt.nb_indptr, opt.nb_idx, u_cand)
    for r in range(revisers.shape[0]):
        i = revisers[r]
        st = people.status[i]
        if st != MINING and st != FARMING:
            continue
        h, k = people.site[i], people.skill[i]
        b0, b1, c, e1, b2, b3, g, e3 = _values(i, st, people, opt, cand[r])
        if st == FARMING and tallies.miners[h] >= opt.room[h]:   # a full site takes no newcomer
            b0 = -np.inf
        if e1 and tallies.miners[c] >= opt.room[c]:
            e1 = False
        best = -1
        if gumbel_from_uniform and opt.noise > 0.0:
            best = _clear_winner(st, b0, b1, b2, b3, e1, e3, gumbel, r, opt.noise)
        if best < 0:
            best = _exact_choice(b0, b1, b2, b3, e1, e3, gumbel, r, opt.noise, gumbel_from_uniform)
        if best == STAY:
            if st == FARMING:   # a farmer takes up mining at the site nearby
                people.status[i] = MINING
                _arrive(i, h, k, people, tallies)
                to_mine += 1
            continue
        if st == MINING:
            _leave(i, h, k, people, tallies)
        if best == MOVE:
            people.site[i] = c
            people.status[i] = MINING
            _arrive(i, c, k, people, tallies)
            moved += 1
        elif best == FARM:
            if st == MINING:
                to_farm += 1
            people.status[i] = FARMING
        else:
            people.status[i] = FIGHTING
            people.group[i] = g
            opt.recruit_slots[g] -= 1
            tallies.recruited[g] += 1
            to_fight += 1
    return moved, to_farm, to_mine, to_fight


@njit(cache=True)
def release_miners(status, site, closing):
    """People mining at a site with `closing[site]` go back to farming nearby; returns how many.

    Few sites close in a week (one to a few with miners): people are looked at in blocks of RELEASE_BLOCK, and
    a block is searched person by person only if one of its people is at a closing site, found by comparing
    the block's sites with each closing site (a loop the compiler vectorises); with more than
    RELEASE_FEW_SITES closing sites, every person is looked at. Either way the same people are released."""
    ids = np.flatnonzero(closing)
    n_people = status.shape[0]
    if ids.shape[0] > RELEASE_FEW_SITES:
        return _release_range(status, site, closing, 0, n_people)
    n = 0
    for start in range(0, n_people, RELEASE_BLOCK):
        end = min(start + RELEASE_BLOCK, n_people)
        found = 0
        for s in ids:
            for i in range(start, end):
                found += site[i] == s
        if found:
            n += _release_range(status, site, closing, start, end)
    return n


@njit(cache=True)
def _release_range(status, site, closing, start, end):
    """release_miners for people start..end-1 (the rare test first: its branch is almost always predicted)."""
    n = 0
    for i in range(start, end):
        if closing[site[i]] and status[i] == MINING:
            status[i] = FARMING
            n += 1
    return n


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
