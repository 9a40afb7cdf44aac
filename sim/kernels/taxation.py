"""Numba kernels for taxation: site taxes by controller, roadblock taxes along routes, revenue per actor.

Site controllers (sim.codes): NONE, STATE garrison, NONSTATE group, DMZ garrison.
A controller taxes the visible share of output per kg and the hidden share through per-head and entry fees
that capture only `head_eff` of it: how easily a mineral hides from a tax collector decides how it is taxed.
Roadblock operators (sim.codes): RB_STATE (army, police: illicit), RB_NONSTATE group, RB_OTHER (civilian or
customary).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..codes import DMZ, NONSTATE, RB_NONSTATE, RB_STATE, STATE


@njit(cache=True)
def site_taxes(site_mineral, value, kind, holder, predatory, concealability, ns_tax, state_tax, legal_fee,
               head_eff, tax_share, armed_take, group_rev):
    """Taxes on each site's sold output (`value`, USD/week). Fills `tax_share` (share of value taken, all
    collectors) and `armed_take` (USD/week a non-state holder takes at each site) and adds group revenue to
    `group_rev`. Returns (state_illicit_usd, state_legal_usd)."""
    illicit = 0.0
    legal = 0.0
    for s in range(site_mineral.shape[0]):
        h = concealability[site_mineral[s]]
        v = value[s]
        k = kind[s]
        if k == NONSTATE:
            a, b = ns_tax * (1.0 - h) * v, ns_tax * h * head_eff * v
            group_rev[holder[s]] += a + b
            armed_take[s] = a + b
            tax_share[s] = ns_tax * (1.0 - h + h * head_eff)
        elif (k == STATE or k == DMZ) and predatory[s]:
            a, b = state_tax * (1.0 - h) * v, state_tax * h * head_eff * v
            illicit += a + b
            legal += legal_fee * v
            armed_take[s] = 0.0
            tax_share[s] = state_tax * (1.0 - h + h * head_eff) + legal_fee
        else:
            legal += legal_fee * v
            armed_take[s] = 0.0
            tax_share[s] = legal_fee
    return illicit, legal


@njit(cache=True)
def roadblock_taxes(site_mineral, sold, site_edge_indptr, site_edges, edge_rb_indptr, edge_rbs, fee_kg,
                    traffic_usd, rb_kind, rb_holder, rb_revenue, group_rev):
    """Fees on ore passing each roadblock (USD/kg by mineral) plus general traffic revenue per roadblock.

    Fills `rb_revenue`, adds non-state takings to `group_rev`. Returns (fees_paid_by_traders_usd,
    state_illicit_usd, other_usd, traffic_usd_total).
    """
    n_edges = edge_rb_indptr.shape[0] - 1
    edge_fee = np.zeros(n_edges)
    paid = 0.0
    for s in range(site_mineral.shape[0]):
        if sold[s] <= 0.0:
            continue
        f = fee_kg[site_mineral[s]] * sold[s]
        for j in range(site_edge_indptr[s], site_edge_indptr[s + 1]):
            e = site_edges[j]
            n_rb = edge_rb_indptr[e + 1] - edge_rb_indptr[e]
            edge_fee[e] += f
            paid += f * n_rb
    state = 0.0
    other = 0.0
    for e in range(n_edges):
        for j in range(edge_rb_indptr[e], edge_rb_indptr[e + 1]):
            r = edge_rbs[j]
            rev = edge_fee[e] + traffic_usd
            rb_revenue[r] = rev
            if rb_kind[r] == RB_NONSTATE:
                group_rev[rb_holder[r]] += rev
            elif rb_kind[r] == RB_STATE:
                state += rev
            else:
                other += rev
    return paid, state, other, traffic_usd * edge_rbs.shape[0]
