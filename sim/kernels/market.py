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

Flow columns (kg): 0 official uncertified, 1 certified (genuine), 2 laundered and passed, 3 laundered and
seized by audit, 4 smuggled through, 5 smuggled and seized. Their sum is the ore sold.
"""

from __future__ import annotations

import numpy as np
from numba import njit

N_FLOWS = 6


@njit(cache=True)
def _trader_best(p_nc, p_world, rho, tax, cost, smug, disc, exit_km, transport, hc_start, hc_end,
                 hc_idx, hc_km, seizure, bribe_share, bribe_eff):
    """Best netback (USD/kg at the hub) of one trader for uncertified ore: (netback, code, crossing, seizure).

    code 0 official, 1 smuggled, 2 smuggled with a bribe.
    """
    best = p_nc * (1.0 - tax - cost) - transport * exit_km
    code, cross, s_eff = 0, -1, 0.0
    regional = p_nc * (1.0 - disc)
    for j in range(hc_start, hc_end):
        k = hc_idx[j]
        base = -smug - transport * hc_km[j] - rho * p_world
        v = regional * (1.0 - seizure[k]) + base
        if v > best:
            best, code, cross, s_eff = v, 1, k, seizure[k]
        sb = seizure[k] * (1.0 - bribe_eff)
        v = regional * (1.0 - sb) - bribe_share * regional + base
        if v > best:
            best, code, cross, s_eff = v, 2, k, sb
    return best, code, cross, s_eff


@njit(cache=True)
def _centre_netbacks(m, p_nc, p_world, n_tc, n_min, tc_hub, tr_indptr, tr_rho, tax, cost, smug, disc,
                     exit_km, transport, hc_indptr, hc_idx, hc_km, seizure, bribe_share, bribe_eff, nb,
                     tr_code, tr_seff):
    """Mean trader netback (USD/kg at hub) for uncertified ore of mineral m at each trading centre; each
    trader's channel (`tr_code`) and seizure risk (`tr_seff`) at this price are kept for the flows."""
    for t in range(n_tc):
        key = t * n_min + m
        a, b = tr_indptr[key], tr_indptr[key + 1]
        h = tc_hub[t]
        if b == a:
            nb[t] = -1e300
            continue
        acc = 0.0
        for j in range(a, b):
            v, code, _, s_eff = _trader_best(p_nc, p_world, tr_rho[j], tax, cost, smug, disc, exit_km[h],
                                             transport, hc_indptr[h], hc_indptr[h + 1], hc_idx, hc_km, seizure,
                                             bribe_share, bribe_eff)
            acc += v
            tr_code[j] = code
            tr_seff[j] = s_eff
        nb[t] = acc / (b - a)


def sites_by_mineral(site_mineral: np.ndarray, n_min: int) -> tuple[np.ndarray, np.ndarray]:
    """The sites of each mineral in index order, as CSR: sites of mineral m are `sites[indptr[m]:indptr[m + 1]]`
    (the clearing visits only a mineral's own sites, in the order a scan of all sites would)."""
    sites = np.argsort(site_mineral, kind="stable").astype(np.int64)
    indptr = np.zeros(n_min + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(site_mineral, minlength=n_min))
    return indptr, sites


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
def clear_market(min_indptr, min_sites, site_tc, supply, certified, route_cost, tc_hub, tr_indptr, tr_rho,
                 p_world, compliance, unc_discount, demand_ref, export_tax, official_cost, smug_cost,
                 regional_disc, exit_km, hc_indptr, hc_idx, hc_km, seizure, transport, margin, bribe_share,
                 bribe_eff, elasticity, launder_on, launder_ratio, audit_rate, u_audit,
                 price, sold, stock, p_nc_out, flows, tc_detected):
    """Clear all mineral markets for one week. Fills `price` (farm-gate USD/kg), `sold`, `stock` (kg) per
    site, `p_nc_out` per mineral, `flows` (mineral x 6, kg) and `tc_detected` (a laundering audit hit at a
    centre). Sites come grouped by mineral (`sites_by_mineral`). Returns (export_tax_usd, bribes_usd,
    trader_margin_usd).
    """
    n_min = p_world.shape[0]
    n_tc = tc_hub.shape[0]
    nb_u = np.empty(n_tc)
    nb_c = np.empty(n_tc)
    tr_code = np.zeros(tr_rho.shape[0], dtype=np.int64)   # each trader's channel at the clearing price
    tr_seff = np.zeros(tr_rho.shape[0])
    flows[:, :] = 0.0
    tc_detected[:] = False
    tax_usd = 0.0
    bribes = 0.0
    margin_usd = 0.0
    for m in range(n_min):
        sites = min_sites[min_indptr[m]:min_indptr[m + 1]]
        q_cert = 0.0
        for s in sites:
            if certified[s]:
                q_cert += supply[s]
        if sites.shape[0] == 0:
            p_nc_out[m] = p_world[m] * (1.0 - unc_discount[m])
            continue
        d_c = compliance[m] * demand_ref[m]
        d_nc = (1.0 - compliance[m]) * demand_ref[m]
        excess_cert = max(0.0, q_cert - d_c)
        cap = p_world[m] * (1.0 - unc_discount[m])
        args_tax, args_cost, args_smug, args_disc = export_tax[m], official_cost[m], smug_cost[m], regional_disc[m]
        # price of the non-compliant segment: P = cap * min(1, (D / Q(P))^(1/eps)), Q non-decreasing in P
        _centre_netbacks(m, cap, p_world[m], n_tc, n_min, tc_hub, tr_indptr, tr_rho, args_tax, args_cost,
                         args_smug, args_disc, exit_km, transport, hc_indptr, hc_idx, hc_km, seizure,
                         bribe_share, bribe_eff, nb_u, tr_code, tr_seff)
        q = _uncertified_supply(sites, site_tc, supply, certified, route_cost, margin, nb_u) + excess_cert
        p = cap
        if q > d_nc:
            lo, hi = 0.0, cap
            for _ in range(40):
                mid = 0.5 * (lo + hi)
                _centre_netbacks(m, mid, p_world[m], n_tc, n_min, tc_hub, tr_indptr, tr_rho, args_tax, args_cost,
                                 args_smug, args_disc, exit_km, transport, hc_indptr, hc_idx, hc_km, seizure,
                                 bribe_share, bribe_eff, nb_u, tr_code, tr_seff)
                qm = _uncertified_supply(sites, site_tc, supply, certified, route_cost, margin, nb_u) \
                    + excess_cert
                target = cap if qm <= d_nc else cap * (d_nc / qm) ** (1.0 / elasticity)
                if mid < target:
                    lo = mid
                else:
                    hi = mid
            p = lo
            _centre_netbacks(m, p, p_world[m], n_tc, n_min, tc_hub, tr_indptr, tr_rho, args_tax, args_cost,
                             args_smug, args_disc, exit_km, transport, hc_indptr, hc_idx, hc_km, seizure,
                             bribe_share, bribe_eff, nb_u, tr_code, tr_seff)
        p_nc_out[m] = p
        # certified ore: the compliant segment pays the world price up to its demand, the excess gets p
        p_cert = p_world[m]
        if q_cert > d_c and q_cert > 0.0:
            p_cert = (d_c * p_world[m] + (q_cert - d_c) * p) / q_cert
        for t in range(n_tc):
            nb_c[t] = p_cert * (1.0 - args_tax - args_cost) - transport * exit_km[tc_hub[t]]
        # site prices and sales
        unc_tc = np.zeros(n_tc)
        cert_tc = np.zeros(n_tc)
        for s in sites:
            t = site_tc[s]
            use_cert = certified[s] and nb_c[t] >= nb_u[t]
            nb = nb_c[t] if use_cert else nb_u[t]
            price[s] = (1.0 - margin) * nb - route_cost[s]
            if price[s] > 0.0:
                sold[s] = supply[s]
                stock[s] = 0.0
                margin_usd += margin * nb * supply[s]
                if use_cert:
                    cert_tc[t] += supply[s]
                else:
                    unc_tc[t] += supply[s]
            else:
                sold[s] = 0.0
                stock[s] = supply[s]
        # channels: certified ore exported officially; untagged ore laundered or split over the traders
        for t in range(n_tc):
            if cert_tc[t] > 0.0:
                flows[m, 1] += cert_tc[t]
                tax_usd += cert_tc[t] * p_cert * args_tax
            vol = unc_tc[t]
            if vol <= 0.0:
                continue
            if launder_on and cert_tc[t] > 0.0 and (1.0 - audit_rate) * nb_c[t] > nb_u[t]:
                laund = min(vol, launder_ratio * cert_tc[t])
                vol -= laund
                if u_audit[t] < audit_rate:
                    flows[m, 3] += laund
                    tc_detected[t] = True
                else:
                    flows[m, 2] += laund
                    tax_usd += laund * p_cert * args_tax
            key = t * n_min + m
            a, b = tr_indptr[key], tr_indptr[key + 1]
            share = vol / (b - a)
            for j in range(a, b):   # each trader's channel at price p (the last netbacks computed)
                code, s_eff = tr_code[j], tr_seff[j]
                if code == 0:
                    flows[m, 0] += share
                    tax_usd += share * p * args_tax
                else:
                    flows[m, 4] += share * (1.0 - s_eff)
                    flows[m, 5] += share * s_eff
                    if code == 2:
                        bribes += share * bribe_share * p * (1.0 - args_disc)
    return tax_usd, bribes, margin_usd
