"""Numba kernel for market clearing along the chain: site -> trading centre -> hub -> export or border.

Buyers: a compliant segment (accepts only certified ore, pays the world price, demand `compliance x D`)
and a non-compliant segment (everything else: uncertified official exports and smuggled ore through
regional buyers, demand `(1 - compliance) x D`, price falling with elasticity `eps` once supply exceeds it).
Traders at each trading centre pick, one by one, the channel with the best netback per kg at the hub:
official export (export tax and costs), or a border crossing (regional discount, seizure risk, smuggling
cost, optionally a bribe that cuts the risk), each trader with a private distaste for smuggling `rho`
(share of the world price). The site (farm-gate) price is the traders' mean netback less their margin and
the route cost (transport and roadblock fees). Sites whose price is not positive keep the ore offered
(`supply`: this week's output plus the share of old stock offered again) in stock.
Where a certified chain exists traders may launder untagged ore into it (tag fraud) up to `launder_ratio`
per certified kg, caught by an audit with probability `audit_rate` (one pre-drawn uniform per centre).

The ore sold is split into the flows of sim.codes (FLOW_*): their sum is the ore sold. The arguments come in
named tuples: `Chain` (the chain's geometry and traders, fixed for a run), `Terms` (per mineral: prices,
taxes, costs, demand and the policy levers on them), `Trade` (scalars and the seizure risk at each crossing)
and `Cleared` (the result arrays, filled in place).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from ..codes import (
    FLOW_CERTIFIED,
    FLOW_LAUNDER_SEIZED,
    FLOW_LAUNDERED,
    FLOW_OFFICIAL,
    FLOW_SMUGGLE_SEIZED,
    FLOW_SMUGGLED,
)

OFFICIAL, SMUGGLED, SMUGGLED_BRIBE = 0, 1, 2   # a trader's channel for uncertified ore
BISECTION_STEPS = 40


class Chain(NamedTuple):
    """The supply chain's geometry and traders (fixed for a run)."""
    min_indptr: np.ndarray   # sites of mineral m: min_sites[min_indptr[m]:min_indptr[m + 1]] (sites_by_mineral)
    min_sites: np.ndarray
    site_tc: np.ndarray      # trading centre of each site
    route_cost: np.ndarray   # USD/kg from each site to its hub (transport and roadblock fees)
    tc_hub: np.ndarray       # hub each trading centre sells to
    exit_km: np.ndarray      # km from each hub to its official exit
    hc_indptr: np.ndarray    # crossings within reach of hub h: hc_idx[hc_indptr[h]:hc_indptr[h + 1]]
    hc_idx: np.ndarray
    hc_km: np.ndarray        # km from the hub to each of those crossings
    tr_indptr: np.ndarray    # traders of (centre t, mineral m): tr_indptr[t * n_min + m] ... [t * n_min + m + 1]
    tr_rho: np.ndarray       # each trader's distaste for smuggling, share of the world price


class Terms(NamedTuple):
    """Per mineral: world price, the official and informal channels' terms, buyers' demand and due diligence."""
    p_world: np.ndarray        # USD/kg
    export_tax: np.ndarray     # share of value
    official_cost: np.ndarray  # share of value
    smug_cost: np.ndarray      # USD/kg
    regional_disc: np.ndarray  # share of value
    demand_ref: np.ndarray     # kg/week demanded at the world price
    compliance: np.ndarray     # share of demand accepting only certified ore
    unc_discount: np.ndarray   # discount on uncertified covered ore, share


class Trade(NamedTuple):
    """Scalars of trade and the policy levers on it."""
    transport: float       # USD/kg/km
    margin: float          # traders' margin on the hub netback, share
    bribe_share: float     # share of value
    bribe_eff: float       # share of seizure risk a bribe removes
    elasticity: float      # of the non-compliant demand
    seizure: np.ndarray    # per crossing, probability
    launder_on: bool
    launder_ratio: float   # kg of untagged ore per tagged kg
    audit_rate: float      # probability


class Cleared(NamedTuple):
    """What one clearing fills in (arrays, in place)."""
    price: np.ndarray        # per site, farm-gate USD/kg
    sold: np.ndarray         # per site, kg
    stock: np.ndarray        # per site, kg left unsold
    p_nc: np.ndarray         # per mineral, price of the non-compliant segment, USD/kg
    flows: np.ndarray        # mineral x FLOW_*, kg
    tc_detected: np.ndarray  # per centre, an audit caught laundering


def sites_by_mineral(site_mineral: np.ndarray, n_min: int) -> tuple[np.ndarray, np.ndarray]:
    """The sites of each mineral in index order, as CSR: sites of mineral m are `sites[indptr[m]:indptr[m + 1]]`
    (the clearing visits only a mineral's own sites, in the order a scan of all sites would)."""
    sites = np.argsort(site_mineral, kind="stable").astype(np.int64)
    indptr = np.zeros(n_min + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(site_mineral, minlength=n_min))
    return indptr, sites


@njit(cache=True)
def _trader_best(chain, terms, trade, m, h, p_nc, rho):
    """Best netback (USD/kg at hub h) of one trader for uncertified ore of mineral m at the non-compliant price
    `p_nc`: (netback, channel, seizure risk taken)."""
    tax, cost, smug = terms.export_tax[m], terms.official_cost[m], terms.smug_cost[m]
    best = p_nc * (1.0 - tax - cost) - trade.transport * chain.exit_km[h]
    code, s_eff = OFFICIAL, 0.0
    regional = p_nc * (1.0 - terms.regional_disc[m])
    for j in range(chain.hc_indptr[h], chain.hc_indptr[h + 1]):
        k = chain.hc_idx[j]
        base = -smug - trade.transport * chain.hc_km[j] - rho * terms.p_world[m]
        v = regional * (1.0 - trade.seizure[k]) + base
        if v > best:
            best, code, s_eff = v, SMUGGLED, trade.seizure[k]
        sb = trade.seizure[k] * (1.0 - trade.bribe_eff)
        v = regional * (1.0 - sb) - trade.bribe_share * regional + base
        if v > best:
            best, code, s_eff = v, SMUGGLED_BRIBE, sb
    return best, code, s_eff


@njit(cache=True)
def _centre_netbacks(chain, terms, trade, m, p_nc, nb, tr_code, tr_seff):
    """Mean trader netback (USD/kg at hub) for uncertified ore of mineral m at each trading centre; each
    trader's channel (`tr_code`) and seizure risk (`tr_seff`) at this price are kept for the flows."""
    n_min = terms.p_world.shape[0]
    for t in range(chain.tc_hub.shape[0]):
        key = t * n_min + m
        a, b = chain.tr_indptr[key], chain.tr_indptr[key + 1]
        if b == a:
            nb[t] = -1e300
            continue
        acc = 0.0
        for j in range(a, b):
            v, code, s_eff = _trader_best(chain, terms, trade, m, chain.tc_hub[t], p_nc, chain.tr_rho[j])
            acc += v
            tr_code[j] = code
            tr_seff[j] = s_eff
        nb[t] = acc / (b - a)


@njit(cache=True)
def _uncertified_supply(sites, site_tc, supply, certified, route_cost, margin, nb):
    """Uncertified ore offered (kg) at the sites `sites` (one mineral's) whose farm-gate price is positive."""
    q = 0.0
    for s in sites:
        if not certified[s]:
            if (1.0 - margin) * nb[site_tc[s]] - route_cost[s] > 0.0:
                q += supply[s]
    return q


@njit(cache=True)
def _noncompliant_price(chain, terms, trade, m, sites, supply, certified, excess_cert, nb_u, tr_code, tr_seff):
    """Price of the non-compliant segment: P = cap x min(1, (D / Q(P))^(1/eps)) with Q(P) the uncertified ore
    offered at P (non-decreasing in P) plus certified ore beyond the compliant demand; by bisection. Leaves
    the centres' netbacks and the traders' channels at that price in `nb_u`, `tr_code`, `tr_seff`."""
    cap = terms.p_world[m] * (1.0 - terms.unc_discount[m])
    d_nc = (1.0 - terms.compliance[m]) * terms.demand_ref[m]
    _centre_netbacks(chain, terms, trade, m, cap, nb_u, tr_code, tr_seff)
    q = _uncertified_supply(sites, chain.site_tc, supply, certified, chain.route_cost, trade.margin, nb_u)
    if q + excess_cert <= d_nc:
        return cap
    lo, hi = 0.0, cap
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        _centre_netbacks(chain, terms, trade, m, mid, nb_u, tr_code, tr_seff)
        qm = _uncertified_supply(sites, chain.site_tc, supply, certified, chain.route_cost, trade.margin, nb_u) \
            + excess_cert
        target = cap if qm <= d_nc else cap * (d_nc / qm) ** (1.0 / trade.elasticity)
        if mid < target:
            lo = mid
        else:
            hi = mid
    _centre_netbacks(chain, terms, trade, m, lo, nb_u, tr_code, tr_seff)
    return lo


@njit(cache=True)
def _sell_at_sites(chain, trade, sites, supply, certified, nb_u, nb_c, out, unc_tc, cert_tc):
    """Farm-gate price and sales at the sites of one mineral; ore sold per centre, uncertified and certified."""
    for s in sites:
        t = chain.site_tc[s]
        use_cert = certified[s] and nb_c[t] >= nb_u[t]
        nb = nb_c[t] if use_cert else nb_u[t]
        out.price[s] = (1.0 - trade.margin) * nb - chain.route_cost[s]
        if out.price[s] > 0.0:
            out.sold[s] = supply[s]
            out.stock[s] = 0.0
            if use_cert:
                cert_tc[t] += supply[s]
            else:
                unc_tc[t] += supply[s]
        else:
            out.sold[s] = 0.0
            out.stock[s] = supply[s]


@njit(cache=True)
def _route_flows(chain, terms, trade, m, p, p_cert, nb_u, nb_c, unc_tc, cert_tc, tr_code, tr_seff, u_audit, out,
                 tax_usd, bribes):
    """Send one mineral's ore sold at each centre down its channels: certified exports, laundered ore (passed or
    caught by an audit), and the rest split over the centre's traders by their channel. Returns the running
    totals `tax_usd` (export taxes) and `bribes` (USD) with this mineral's added."""
    n_min = terms.p_world.shape[0]
    tax, disc = terms.export_tax[m], terms.regional_disc[m]
    for t in range(chain.tc_hub.shape[0]):
        if cert_tc[t] > 0.0:
            out.flows[m, FLOW_CERTIFIED] += cert_tc[t]
            tax_usd += cert_tc[t] * p_cert * tax
        vol = unc_tc[t]
        if vol <= 0.0:
            continue
        if trade.launder_on and cert_tc[t] > 0.0 and (1.0 - trade.audit_rate) * nb_c[t] > nb_u[t]:
            laund = min(vol, trade.launder_ratio * cert_tc[t])
            vol -= laund
            if u_audit[t] < trade.audit_rate:
                out.flows[m, FLOW_LAUNDER_SEIZED] += laund
                out.tc_detected[t] = True
            else:
                out.flows[m, FLOW_LAUNDERED] += laund
                tax_usd += laund * p_cert * tax
        a, b = chain.tr_indptr[t * n_min + m], chain.tr_indptr[t * n_min + m + 1]
        share = vol / (b - a)
        for j in range(a, b):   # each trader's channel at price p (the last netbacks computed)
            if tr_code[j] == OFFICIAL:
                out.flows[m, FLOW_OFFICIAL] += share
                tax_usd += share * p * tax
            else:
                out.flows[m, FLOW_SMUGGLED] += share * (1.0 - tr_seff[j])
                out.flows[m, FLOW_SMUGGLE_SEIZED] += share * tr_seff[j]
                if tr_code[j] == SMUGGLED_BRIBE:
                    bribes += share * trade.bribe_share * p * (1.0 - disc)
    return tax_usd, bribes


@njit(cache=True)
def clear_market(chain, terms, trade, supply, certified, u_audit, out):
    """Clear all mineral markets for one week: fills `out` (a `Cleared`); returns (export_tax_usd, bribes_usd).

    Per mineral: the non-compliant price; the certified price (the compliant segment pays the world price up
    to its demand, the excess gets the non-compliant price); farm-gate prices and sales; flows by channel.
    """
    n_min = terms.p_world.shape[0]
    n_tc = chain.tc_hub.shape[0]
    nb_u = np.empty(n_tc)
    nb_c = np.empty(n_tc)
    tr_code = np.zeros(chain.tr_rho.shape[0], dtype=np.int64)   # each trader's channel at the clearing price
    tr_seff = np.zeros(chain.tr_rho.shape[0])
    out.flows[:, :] = 0.0
    out.tc_detected[:] = False
    tax_usd, bribes = 0.0, 0.0
    for m in range(n_min):
        sites = chain.min_sites[chain.min_indptr[m]:chain.min_indptr[m + 1]]
        if sites.shape[0] == 0:
            out.p_nc[m] = terms.p_world[m] * (1.0 - terms.unc_discount[m])
            continue
        q_cert = 0.0
        for s in sites:
            if certified[s]:
                q_cert += supply[s]
        d_c = terms.compliance[m] * terms.demand_ref[m]
        p = _noncompliant_price(chain, terms, trade, m, sites, supply, certified, max(0.0, q_cert - d_c), nb_u,
                                tr_code, tr_seff)
        out.p_nc[m] = p
        p_cert = terms.p_world[m]
        if q_cert > d_c and q_cert > 0.0:
            p_cert = (d_c * terms.p_world[m] + (q_cert - d_c) * p) / q_cert
        for t in range(n_tc):
            nb_c[t] = p_cert * (1.0 - terms.export_tax[m] - terms.official_cost[m]) \
                - trade.transport * chain.exit_km[chain.tc_hub[t]]
        unc_tc = np.zeros(n_tc)
        cert_tc = np.zeros(n_tc)
        _sell_at_sites(chain, trade, sites, supply, certified, nb_u, nb_c, out, unc_tc, cert_tc)
        tax_usd, bribes = _route_flows(chain, terms, trade, m, p, p_cert, nb_u, nb_c, unc_tc, cert_tc, tr_code,
                                       tr_seff, u_audit, out, tax_usd, bribes)
    return tax_usd, bribes
