"""The mineral market: traders (a declared table), buyers' demand, and the weekly clearing along the chain
(kernel in sim/kernels/market.py).

Traders: `traders_per_centre` per trading centre and mineral sold there, each with a private distaste for
smuggling `rho` (share of the world price, exponential with mean `legality_preference`). Buyers: compliant
smelters and refiners (accept certified ore only; their share of demand is the due-diligence pressure),
non-compliant buyers, and regional buyers across the borders. Demand at world prices is `demand_headroom`
times the world's potential output, so that without due diligence the region is a price taker. Policies set
the levers (`compliance`, `unc_discount`, laundering, `seizure`) before the clearing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import N_FLOWS
from .kernels.market import Chain, Cleared, Terms, Trade, clear_market, sites_by_mineral
from .tables import Field, Table

if TYPE_CHECKING:
    from .protocols import ModelState


class Traders(Table):
    """Traders (negociants): where they buy, what, and how much they mind smuggling."""

    FIELDS = {
        "tc": Field(np.int32, "id", "trading centre where the trader buys", "market (init)"),
        "mineral": Field(np.int32, "id", "mineral the trader deals in", "market (init)"),
        "rho": Field(np.float64, "share", "private distaste for smuggling, share of the world price",
                     "market (init)"),
    }


class Market:
    """Traders, buyers' demand and the policy levers; `clear()` runs one week's clearing into the site table
    (price, sold, stock) and keeps the per-mineral results (`p_nc`, `flows`, taxes and bribes)."""

    def __init__(self, model: ModelState) -> None:
        self.model = model
        w, cfg = model.world, model.cfg
        mins = [cfg.minerals[n] for n in w.mineral_names]
        n_min = len(mins)
        self.traders, tr_indptr = self._make_traders(model)
        min_indptr, min_sites = sites_by_mineral(w.site_mineral, n_min)
        self.concealability = np.array([m.concealability for m in mins])
        self.fee_kg = np.array([m.roadblock_fee_usd_kg for m in mins])
        # route cost per kg from site to hub: transport along the roads plus a fee at every roadblock
        route_cost = cfg.market.transport_usd_kg_km * w.site_route_km + w.site_route_roadblocks * self.fee_kg[
            w.site_mineral]
        self.chain = Chain(min_indptr, min_sites, w.site_tc, route_cost, w.tc_hub, w.hub_exit_km.astype(np.float64),
                           w.hc_indptr, w.hc_idx, w.hc_km, tr_indptr, self.traders.rho)
        q = np.array([m.output_kg_per_miner_week for m in mins])
        potential = np.bincount(w.site_mineral, weights=q[w.site_mineral] * model.sites.grade * w.site_capacity
                                * w.population_scale, minlength=n_min)
        # per mineral; the policies set compliance and unc_discount (certification), seizure (border)
        self.terms = Terms(model.world_price, np.array([m.export_tax_share for m in mins]),
                           np.array([m.official_cost_share for m in mins]),
                           np.array([m.smuggling_cost_usd_kg for m in mins]),
                           np.array([m.regional_discount for m in mins]),
                           cfg.market.demand_headroom * np.maximum(potential, 1e-9), np.zeros(n_min), np.zeros(n_min))
        self.seizure = np.where(w.crossing_formal, cfg.market.base_seizure_formal, cfg.market.base_seizure_informal)
        self.launder_on, self.launder_ratio, self.audit_rate = False, 0.0, 0.0
        # results of the last clearing (the per-site ones are in model.sites)
        st = model.sites
        self.cleared = Cleared(st.price, st.sold, np.zeros(w.n_sites), np.zeros(n_min), np.zeros((n_min, N_FLOWS)),
                               np.zeros(w.n_tc, dtype=np.bool_))
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
        counts = np.zeros(w.n_tc * n_min, dtype=np.int64)
        counts[keys] = k
        return traders, np.r_[0, np.cumsum(counts)].astype(np.int64)

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
        trade = Trade(c.transport_usd_kg_km, c.trader_margin, c.bribe_share, c.bribe_efficacy, c.demand_elasticity,
                      self.seizure, self.launder_on, self.launder_ratio, self.audit_rate)
        self.export_tax_usd, self.bribes_usd = clear_market(self.chain, self.terms, trade, supply, st.certified,
                                                            u_audit, self.cleared)
        st.stock[:] = self.cleared.stock + held_back
