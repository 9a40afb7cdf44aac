"""Numba kernel for market clearing along the chain: site -> trading centre -> hub -> export or border.

Buyers: a compliant segment (accepts only certified ore, pays the world price, demand `compliance x D`), a
non-compliant segment (uncertified official exports and ore sold to regional buyers across the borders, demand
`(1 - compliance) x D`, price falling with elasticity `eps` once supply exceeds it) and, while due diligence
runs, exporters in neighbouring countries who pass Congolese ore off as their own tagged ore (cross-border
laundering, up to a capacity, at the tagged price less a margin).
Traders at each trading centre pick, one by one, the channel with the best netback per kg at the hub:
- official export: the price less DRC export taxes and the official channel's other costs;
- a border crossing within reach: the regional buyers' price (`regional_disc` below the non-compliant price,
  less the destination country's export levy), the seizure risk, the cost of carrying ore across, optionally
  with a bribe that cuts the risk; or, for covered minerals in a laundering country, the laundered price;
- a prefinanced trader gets `prefinance_value` (share of value) more from the channel of its financier (an
  official exporter, or a buyer in one neighbouring country), and every trader has a private distaste for
  smuggling `rho` (share of the world price).
The site (farm-gate) price is the traders' mean netback less their margin and the route cost (transport and
roadblock fees). Sites whose price is not positive keep the ore offered (`supply`: this week's output plus the
share of old stock offered again) in stock. Certified ore pays the tagging levy, passed back along the chain.
Where a certified chain exists traders may launder untagged ore into it (tag fraud) up to `launder_ratio`
per certified kg, caught by an audit with probability `audit_rate` (one pre-drawn uniform per centre).

The ore sold is split into the flows of sim.codes (FLOW_*), and the smuggled part by crossing: their sums are
the ore sold. Arguments come in named tuples: `Chain` (the chain's geometry and traders, fixed for a run),
`Terms` (per mineral: prices, taxes, costs, demand and the policy levers on them), `Trade` (scalars and the
seizure risk at each crossing) and `Cleared` (the result arrays, filled in place).
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
DRC = -1                                        # a trader's financier: an official exporter in DRC
BISECTION_STEPS = 40


class Chain(NamedTuple):
    """The supply chain's geometry and traders (fixed for a run)."""
    min_indptr: np.ndarray     # sites of mineral m: min_sites[min_indptr[m]:min_indptr[m + 1]] (sites_by_mineral)
    min_sites: np.ndarray
    site_tc: np.ndarray        # trading centre of each site
    route_cost: np.ndarray     # USD/kg from each site to its hub (transport and roadblock fees)
    tc_hub: np.ndarray         # hub each trading centre sells to
    exit_km: np.ndarray        # km from each hub to its official exit
    hc_indptr: np.ndarray      # crossings within reach of hub h: hc_idx[hc_indptr[h]:hc_indptr[h + 1]]
    hc_idx: np.ndarray
    hc_km: np.ndarray          # km from the hub to each of those crossings
    cross_country: np.ndarray  # country id of each crossing
    cross_levy: np.ndarray     # the destination country's export levy, share of value
    country_launders: np.ndarray   # per country: its exporters pass off foreign 3T ore as their own tagged ore
    tr_indptr: np.ndarray      # traders of (centre t, mineral m): tr_indptr[t * n_min + m] ... [t * n_min + m + 1]
    tr_rho: np.ndarray         # each trader's distaste for smuggling, share of the world price
    tr_fin: np.ndarray         # each trader's financier: a country id, DRC (official exporters) or -2 (none)


class Terms(NamedTuple):
    """Per mineral: world price, the official and informal channels' terms, buyers' demand and due diligence."""
    p_world: np.ndarray          # USD/kg
    export_tax: np.ndarray       # share of value
    official_cost: np.ndarray    # share of value
    smug_cost: np.ndarray        # USD/kg
    regional_disc: np.ndarray    # share of value
    prefinance_value: np.ndarray # share of value a prefinanced trader gains selling to its financier
    demand_ref: np.ndarray       # kg/week demanded at the world price
    compliance: np.ndarray       # share of demand accepting only certified ore
    unc_discount: np.ndarray     # discount on uncertified covered ore, share
    tag_cost: np.ndarray         # USD/kg levy on certified ore, passed back along the chain
    launder_price: np.ndarray    # USD/kg paid for ore laundered abroad this week (0: not possible)


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
    price: np.ndarray          # per site, farm-gate USD/kg
    sold: np.ndarray           # per site, kg
    stock: np.ndarray          # per site, kg left unsold
    p_nc: np.ndarray           # per mineral, price of the non-compliant segment, USD/kg
    flows: np.ndarray          # mineral x FLOW_*, kg
    tc_detected: np.ndarray    # per centre, an audit caught laundering
    cross_kg: np.ndarray       # mineral x crossing: smuggled ore delivered, kg
    cross_seized: np.ndarray   # mineral x crossing: smuggled ore seized, kg
    cross_usd: np.ndarray      # mineral x crossing: what the buyers paid for the ore delivered, USD
    laundered_abroad: np.ndarray   # mineral x crossing: of cross_kg, laundered into the neighbour's tagged chain
    official_usd: np.ndarray   # per mineral: value of official exports (uncertified, certified, laundered), USD


def sites_by_mineral(site_mineral: np.ndarray, n_min: int) -> tuple[np.ndarray, np.ndarray]:
    """The sites of each mineral in index order, as CSR: sites of mineral m are `sites[indptr[m]:indptr[m + 1]]`
    (the clearing visits only a mineral's own sites, in the order a scan of all sites would)."""
    sites = np.argsort(site_mineral, kind="stable").astype(np.int64)
    indptr = np.zeros(n_min + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(site_mineral, minlength=n_min))
    return indptr, sites


@njit(cache=True)
def _trader_best(chain, terms, trade, m, h, p_nc, rho, fin):
    """Best netback (USD/kg at hub h) of one trader for uncertified ore of mineral m at the non-compliant price
    `p_nc`: (netback, channel, crossing, seizure risk taken, price the buyer pays, laundered abroad)."""
    tax, cost, smug = terms.export_tax[m], terms.official_cost[m], terms.smug_cost[m]
    bonus = terms.prefinance_value[m] * p_nc
    best = p_nc * (1.0 - tax - cost) - trade.transport * chain.exit_km[h] + (bonus if fin == DRC else 0.0)
    code, cross, s_eff, paid, laundered = OFFICIAL, -1, 0.0, p_nc, False
    for j in range(chain.hc_indptr[h], chain.hc_indptr[h + 1]):
        k = chain.hc_idx[j]
        c = chain.cross_country[k]
        regional = p_nc * (1.0 - terms.regional_disc[m])
        abroad = chain.country_launders[c] and terms.launder_price[m] > regional
        buyer = terms.launder_price[m] if abroad else regional
        base = -smug - trade.transport * chain.hc_km[j] - rho * terms.p_world[m] - chain.cross_levy[k] * buyer
        if fin == c:
            base += bonus
        v = buyer * (1.0 - trade.seizure[k]) + base
        if v > best:
            best, code, cross, s_eff, paid, laundered = v, SMUGGLED, k, trade.seizure[k], buyer, abroad
        sb = trade.seizure[k] * (1.0 - trade.bribe_eff)
        v = buyer * (1.0 - sb) - trade.bribe_share * buyer + base
        if v > best:
            best, code, cross, s_eff, paid, laundered = v, SMUGGLED_BRIBE, k, sb, buyer, abroad
    return best, code, cross, s_eff, paid, laundered


class _Choices(NamedTuple):
    """Each trader's channel at the clearing price (scratch arrays of one clearing)."""
    code: np.ndarray
    cross: np.ndarray
    s_eff: np.ndarray
    paid: np.ndarray
    abroad: np.ndarray


@njit(cache=True)
def _centre_netbacks(chain, terms, trade, m, p_nc, nb, ch):
    """Mean trader netback (USD/kg at hub) for uncertified ore of mineral m at each trading centre; each
    trader's channel at this price is kept in `ch` for the flows."""
    n_min = terms.p_world.shape[0]
    for t in range(chain.tc_hub.shape[0]):
        key = t * n_min + m
        a, b = chain.tr_indptr[key], chain.tr_indptr[key + 1]
        if b == a:
            nb[t] = -1e300
            continue
        acc = 0.0
        for j in range(a, b):
            v, code, cross, s_eff, paid, abroad = _trader_best(chain, terms, trade, m, chain.tc_hub[t], p_nc,
                                                               chain.tr_rho[j], chain.tr_fin[j])
            acc += v
            ch.code[j], ch.cross[j], ch.s_eff[j], ch.paid[j], ch.abroad[j] = code, cross, s_eff, paid, abroad
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
def _noncompliant_price(chain, terms, trade, m, sites, supply, certified, excess_cert, nb_u, ch):
    """Price of the non-compliant segment: P = cap x min(1, (D / Q(P))^(1/eps)) with Q(P) the uncertified ore
    offered at P (non-decreasing in P) plus certified ore beyond the compliant demand; by bisection. Leaves
    the centres' netbacks and the traders' channels at that price in `nb_u` and `ch`."""
    cap = terms.p_world[m] * (1.0 - terms.unc_discount[m])
    d_nc = (1.0 - terms.compliance[m]) * terms.demand_ref[m]
    _centre_netbacks(chain, terms, trade, m, cap, nb_u, ch)
    q = _uncertified_supply(sites, chain.site_tc, supply, certified, chain.route_cost, trade.margin, nb_u)
    if q + excess_cert <= d_nc:
        return cap
    lo, hi = 0.0, cap
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        _centre_netbacks(chain, terms, trade, m, mid, nb_u, ch)
        qm = _uncertified_supply(sites, chain.site_tc, supply, certified, chain.route_cost, trade.margin, nb_u) \
            + excess_cert
        target = cap if qm <= d_nc else cap * (d_nc / qm) ** (1.0 / trade.elasticity)
        if mid < target:
            lo = mid
        else:
            hi = mid
    _centre_netbacks(chain, terms, trade, m, lo, nb_u, ch)
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
def _route_flows(chain, terms, trade, m, p, p_cert, nb_u, nb_c, unc_tc, cert_tc, ch, u_audit, out, tax_usd, bribes):
    """Send one mineral's ore sold at each centre down its channels: certified exports, laundered ore (passed or
    caught by an audit), and the rest split over the centre's traders by their channel (and crossing). Returns
    the running totals `tax_usd` (DRC export taxes) and `bribes` (USD) with this mineral's added."""
    n_min = terms.p_world.shape[0]
    tax = terms.export_tax[m]
    for t in range(chain.tc_hub.shape[0]):
        if cert_tc[t] > 0.0:
            out.flows[m, FLOW_CERTIFIED] += cert_tc[t]
            out.official_usd[m] += cert_tc[t] * p_cert
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
                out.official_usd[m] += laund * p_cert
                tax_usd += laund * p_cert * tax
        a, b = chain.tr_indptr[t * n_min + m], chain.tr_indptr[t * n_min + m + 1]
        share = vol / (b - a)
        for j in range(a, b):   # each trader's channel at price p (the last netbacks computed)
            if ch.code[j] == OFFICIAL:
                out.flows[m, FLOW_OFFICIAL] += share
                out.official_usd[m] += share * p
                tax_usd += share * p * tax
                continue
            k, through, seized = ch.cross[j], share * (1.0 - ch.s_eff[j]), share * ch.s_eff[j]
            out.flows[m, FLOW_SMUGGLED] += through
            out.flows[m, FLOW_SMUGGLE_SEIZED] += seized
            out.cross_kg[m, k] += through
            out.cross_seized[m, k] += seized
            out.cross_usd[m, k] += through * ch.paid[j]
            if ch.abroad[j]:
                out.laundered_abroad[m, k] += through
            if ch.code[j] == SMUGGLED_BRIBE:
                bribes += share * trade.bribe_share * ch.paid[j]
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
    n_tr = chain.tr_rho.shape[0]
    ch = _Choices(np.zeros(n_tr, dtype=np.int64), np.full(n_tr, -1, dtype=np.int64), np.zeros(n_tr),
                  np.zeros(n_tr), np.zeros(n_tr, dtype=np.bool_))
    out.flows[:, :] = 0.0
    out.cross_kg[:, :] = 0.0
    out.cross_seized[:, :] = 0.0
    out.cross_usd[:, :] = 0.0
    out.laundered_abroad[:, :] = 0.0
    out.official_usd[:] = 0.0
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
        p = _noncompliant_price(chain, terms, trade, m, sites, supply, certified, max(0.0, q_cert - d_c), nb_u, ch)
        out.p_nc[m] = p
        p_cert = terms.p_world[m]
        if q_cert > d_c and q_cert > 0.0:
            p_cert = (d_c * terms.p_world[m] + (q_cert - d_c) * p) / q_cert
        for t in range(n_tc):
            nb_c[t] = p_cert * (1.0 - terms.export_tax[m] - terms.official_cost[m]) - terms.tag_cost[m] \
                - trade.transport * chain.exit_km[chain.tc_hub[t]]
        unc_tc = np.zeros(n_tc)
        cert_tc = np.zeros(n_tc)
        _sell_at_sites(chain, trade, sites, supply, certified, nb_u, nb_c, out, unc_tc, cert_tc)
        tax_usd, bribes = _route_flows(chain, terms, trade, m, p, p_cert, nb_u, nb_c, unc_tc, cert_tc, ch, u_audit,
                                       out, tax_usd, bribes)
    return tax_usd, bribes
