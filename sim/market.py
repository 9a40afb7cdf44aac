"""The mineral market: traders (a declared table), buyers' demand, and the weekly clearing along the chain
(kernel in sim/kernels/market.py).

Traders: `traders_per_centre` per trading centre and mineral sold there. Each has a private distaste for
smuggling `rho` (share of the world price, exponential with mean `legality_preference`) and, with probability
`prefinanced_share` (per mineral), a financier: an official exporter (a comptoir, `official_prefinance_share`
of the prefinanced) or a buyer in one of the neighbouring countries its hub's crossings lead to. Buyers:
compliant smelters and refiners (accept certified ore only; their share of demand is the due-diligence
pressure), non-compliant buyers, regional buyers across the borders, and, while due diligence runs,
neighbours' exporters who pass Congolese 3T ore off as their own tagged ore up to a capacity. Demand at world
prices is `demand_headroom` times the region's potential output. Policies set the levers (`compliance`,
`unc_discount`, tagging levy, laundering, `seizure`) before the clearing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import N_FLOWS
from .kernels.market import DRC, Chain, Cleared, Terms, Trade, clear_market, sites_by_mineral
from .tables import Field, Table

if TYPE_CHECKING:
    from .protocols import ModelState

NO_FINANCIER = -2


class Traders(Table):
    """Traders (negociants): where they buy, what, how much they mind smuggling, and who prefinances them."""

    FIELDS = {
        "tc": Field(np.int32, "id", "trading centre where the trader buys", "market (init)"),
        "mineral": Field(np.int32, "id", "mineral the trader deals in", "market (init)"),
        "rho": Field(np.float64, "share", "private distaste for smuggling, share of the world price",
                     "market (init)"),
        "financier": Field(np.int64, "id", "who prefinances the trader: a neighbouring country's id, -1 an "
                           "official exporter in DRC, -2 nobody", "market (init)", NO_FINANCIER),
    }


def launder_abroad_price(terms: Terms, last: Cleared, cap: np.ndarray, discount: float) -> np.ndarray:
    """What laundering neighbours pay for Congolese ore this week, per mineral (USD/kg; 0 where the route is
    closed): the tagged price less their margin, up to their capacity `cap` (kg/week), and the regional price for
    what exceeded it last week (traders learn last week's average price)."""
    open_ = cap > 0
    full = terms.p_world * (1.0 - discount)
    regional = last.p_nc * (1.0 - terms.regional_disc)
    volume = last.laundered_abroad.sum(axis=1)
    over = open_ & (volume > cap)
    blend = np.where(over, (cap * full + (volume - cap) * regional) / np.maximum(volume, 1e-12), full)
    return np.where(open_, blend, 0.0)


class Market:
    """Traders, buyers' demand and the policy levers; `clear()` runs one week's clearing into the site table
    (price, sold, stock) and keeps the per-mineral results (`cleared`: flows, by crossing; taxes and bribes)."""

    def __init__(self, model: ModelState) -> None:
        self.model = model
        w, cfg = model.world, model.cfg
        mins = [cfg.minerals[n] for n in w.mineral_names]
        n_min, n_cross = len(mins), w.n_crossings
        self.traders, tr_indptr = self._make_traders(model)
        min_indptr, min_sites = sites_by_mineral(w.site_mineral, n_min)
        self.concealability = np.array([m.concealability for m in mins])
        self.fee_kg = np.array([m.roadblock_fee_usd_kg for m in mins])
        # route cost per kg from site to hub: transport along the roads plus a fee at every roadblock
        route_cost = cfg.market.transport_usd_kg_km * w.site_route_km + w.site_route_roadblocks * self.fee_kg[
            w.site_mineral]
        self.chain = Chain(min_indptr, min_sites, w.site_tc, route_cost, w.tc_hub, w.hub_exit_km.astype(np.float64),
                           w.hc_indptr, w.hc_idx, w.hc_km, w.crossing_country_id, w.country_levy[w.crossing_country_id],
                           w.country_launders, tr_indptr, self.traders.rho, self.traders.financier)
        q = np.array([m.output_kg_per_miner_week for m in mins])
        self.potential = np.bincount(w.site_mineral, weights=q[w.site_mineral] * model.sites.grade * w.site_capacity
                                     * w.population_scale, minlength=n_min)   # kg/week at capacity
        # per mineral; the policies set compliance, unc_discount, tag_cost (certification), seizure (border)
        self.terms = Terms(model.world_price, np.array([m.export_tax_share for m in mins]),
                           np.array([m.official_cost_share for m in mins]),
                           np.array([m.smuggling_cost_usd_kg for m in mins]),
                           np.array([m.regional_discount for m in mins]),
                           np.array([m.prefinance_value for m in mins]),
                           cfg.market.demand_headroom * np.maximum(self.potential, 1e-9), np.zeros(n_min),
                           np.zeros(n_min), np.zeros(n_min), np.zeros(n_min))
        self.seizure = np.where(w.crossing_formal, cfg.market.base_seizure_formal, cfg.market.base_seizure_informal)
        self.launder_on, self.launder_ratio, self.audit_rate = False, 0.0, 0.0
        self.launder_abroad_cap = np.zeros(n_min)        # kg/week (certification sets it)
        self.launder_abroad_discount = 0.0
        st = model.sites
        self.cleared = Cleared(st.price, st.sold, np.zeros(w.n_sites), np.zeros(n_min), np.zeros((n_min, N_FLOWS)),
                               np.zeros(w.n_tc, dtype=np.bool_), *(np.zeros((n_min, n_cross)) for _ in range(4)),
                               np.zeros(n_min))
        self.export_tax_usd = self.bribes_usd = 0.0

    @staticmethod
    def _make_traders(model: ModelState) -> tuple[Traders, np.ndarray]:
        """`traders_per_centre` traders for every (trading centre, mineral) with a site; and their CSR index."""
        w, c = model.world, model.cfg.market
        n_min = len(w.mineral_names)
        present = np.zeros((w.n_tc, n_min), dtype=bool)
        present[w.site_tc, w.site_mineral] = True
        keys = np.flatnonzero(present.ravel())
        k = c.traders_per_centre
        traders = Traders(len(keys) * k)
        traders.tc[:] = np.repeat(keys // n_min, k)
        traders.mineral[:] = np.repeat(keys % n_min, k)
        if c.legality_preference > 0:
            traders.rho[:] = model.streams.init("traders").exponential(c.legality_preference, traders.n)
        Market._finance(model, traders)
        counts = np.zeros(w.n_tc * n_min, dtype=np.int64)
        counts[keys] = k
        return traders, np.r_[0, np.cumsum(counts)].astype(np.int64)

    @staticmethod
    def _finance(model: ModelState, traders: Traders) -> None:
        """Draw each trader's financier: none, an official exporter, or a buyer in a country its hub reaches."""
        w = model.world
        mins = [model.cfg.minerals[n] for n in w.mineral_names]
        u = model.streams.init("prefinancing").random((traders.n, 3))
        shares = np.array([m.prefinanced_share for m in mins])[traders.mineral]
        official = np.array([m.official_prefinance_share for m in mins])[traders.mineral]
        for i in np.flatnonzero(u[:, 0] < shares):
            if u[i, 1] < official[i]:
                traders.financier[i] = DRC
                continue
            h = w.tc_hub[traders.tc[i]]
            countries = np.unique(w.crossing_country_id[w.hc_idx[w.hc_indptr[h]:w.hc_indptr[h + 1]]])
            traders.financier[i] = countries[int(u[i, 2] * len(countries))]

    # the policy levers on buyers' demand (per mineral)
    @property
    def compliance(self) -> np.ndarray:
        return self.terms.compliance

    @property
    def unc_discount(self) -> np.ndarray:
        return self.terms.unc_discount

    @property
    def flows(self) -> np.ndarray:
        return self.cleared.flows

    @property
    def p_nc(self) -> np.ndarray:
        return self.cleared.p_nc

    @property
    def tc_detected(self) -> np.ndarray:
        return self.cleared.tc_detected


    def clear(self, supply_new: np.ndarray, u_audit: np.ndarray) -> None:
        """Sell this week's output (`supply_new`, kg per site) plus the share of stock offered again; update
        prices, sales, stock and channel flows."""
        c, st = self.model.cfg.market, self.model.sites
        held_back = (1.0 - c.stock_release_share) * st.stock
        supply = supply_new + c.stock_release_share * st.stock
        self.terms.launder_price[:] = launder_abroad_price(self.terms, self.cleared, self.launder_abroad_cap,
                                                          self.launder_abroad_discount)
        trade = Trade(c.transport_usd_kg_km, c.trader_margin, c.bribe_share, c.bribe_efficacy, c.demand_elasticity,
                      self.seizure, self.launder_on, self.launder_ratio, self.audit_rate)
        self.export_tax_usd, self.bribes_usd = clear_market(self.chain, self.terms, trade, supply, st.certified,
                                                            u_audit, self.cleared)
        st.stock[:] = self.cleared.stock + held_back
