"""The mineral market: traders (struct-of-arrays), buyers (mesa.Agents, one per market segment) and the
weekly clearing along the chain (kernel in sim/kernels/market.py).

Traders: `traders_per_centre` per trading centre and mineral sold there, each with a private distaste for
smuggling `rho` (share of the world price, exponential with mean `legality_preference`). Buyers: compliant
smelters and refiners (accept certified ore only; their share of demand is the due-diligence pressure),
non-compliant buyers, and regional buyers across the borders. Demand at world prices is `demand_headroom`
times the world's potential output, so that without due diligence the region is a price taker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from .kernels.market import N_FLOWS, clear_market, sites_by_mineral

if TYPE_CHECKING:
    from .model import ConflictMineralsModel

TRADER_FIELDS: dict[str, tuple[type, str]] = {
    "tc": (np.int32, "trading centre where the trader buys"),
    "mineral": (np.int32, "mineral the trader deals in"),
    "rho": (np.float64, "private distaste for smuggling, share of the world price"),
}
SEGMENTS = ("compliant", "noncompliant", "regional")


class Buyer(mesa.Agent):
    """A market segment: records what it bought each week (kg and USD by mineral)."""

    def __init__(self, model: ConflictMineralsModel, segment: str) -> None:
        super().__init__(model)
        self.segment = segment
        self.kg = np.zeros(len(model.world.mineral_names))
        self.usd = np.zeros(len(model.world.mineral_names))


class Market:
    """Traders, buyers and prices; `clear()` runs one week's clearing and keeps its results as attributes."""

    def __init__(self, model: ConflictMineralsModel) -> None:
        self.model = model
        w, cfg = model.world, model.cfg
        mins = [cfg.minerals[n] for n in w.mineral_names]
        n_min, n_tc = len(mins), w.n_tc
        rng = model.streams.init("traders")
        present = np.zeros((n_tc, n_min), dtype=bool)
        present[w.site_tc, w.site_mineral] = True
        keys = np.flatnonzero(present.ravel())
        k = cfg.market.traders_per_centre
        self.traders = {
            "tc": np.repeat(keys // n_min, k).astype(np.int32),
            "mineral": np.repeat(keys % n_min, k).astype(np.int32),
            "rho": rng.exponential(cfg.market.legality_preference, len(keys) * k)
            if cfg.market.legality_preference > 0 else np.zeros(len(keys) * k),
        }
        counts = np.zeros(n_tc * n_min, dtype=np.int64)
        counts[keys] = k
        self.tr_indptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self.min_indptr, self.min_sites = sites_by_mineral(w.site_mineral, n_min)
        self.buyers = {seg: Buyer(model, seg) for seg in SEGMENTS}

        self.export_tax = np.array([m.export_tax_share for m in mins])
        self.official_cost = np.array([m.official_cost_share for m in mins])
        self.smug_cost = np.array([m.smuggling_cost_usd_kg for m in mins])
        self.regional_disc = np.array([m.regional_discount for m in mins])
        self.concealability = np.array([m.concealability for m in mins])
        fee = np.array([m.roadblock_fee_usd_kg for m in mins])
        self.fee_kg = fee
        # route cost per kg from site to hub: transport along the roads plus a fee at every roadblock
        self.route_cost = cfg.market.transport_usd_kg_km * w.site_route_km + \
            w.site_route_roadblocks * fee[w.site_mineral]
        self.exit_km = w.hub_exit_km.astype(np.float64)
        q = np.array([m.output_kg_per_miner_week for m in mins])
        potential = np.bincount(w.site_mineral, weights=q[w.site_mineral] * model.site_grade * w.site_capacity
                                * w.population_scale, minlength=n_min)
        self.demand_ref = cfg.market.demand_headroom * np.maximum(potential, 1e-9)
        # set by policies (certification, border) before clearing; defaults: no due diligence, base seizure
        self.compliance = np.zeros(n_min)
        self.unc_discount = np.zeros(n_min)
        self.launder_on = False
        self.launder_ratio = 0.0
        self.audit_rate = 0.0
        self.seizure = np.where(w.crossing_formal, cfg.market.base_seizure_formal, cfg.market.base_seizure_informal)
        # results of the last clearing
        n_s = w.n_sites
        self.price = np.zeros(n_s)
        self.sold = np.zeros(n_s)
        self.stock = np.zeros(n_s)
        self.p_nc = np.zeros(n_min)
        self.flows = np.zeros((n_min, N_FLOWS))
        self.tc_detected = np.zeros(n_tc, dtype=np.bool_)
        self.export_tax_usd = self.bribes_usd = self.margin_usd = 0.0

    def clear(self, output: np.ndarray, u_audit: np.ndarray) -> None:
        """Sell this week's output plus stock; update prices, sales, stock and channel flows."""
        m, c = self.model, self.model.cfg.market
        held_back = (1.0 - c.stock_release_share) * self.stock
        supply = output + c.stock_release_share * self.stock
        stock_out = np.empty_like(self.stock)
        self.export_tax_usd, self.bribes_usd, self.margin_usd = clear_market(
            self.min_indptr, self.min_sites, m.world.site_tc, supply, m.certified, self.route_cost, m.world.tc_hub,
            self.tr_indptr, self.traders["rho"], m.world_price, self.compliance, self.unc_discount,
            self.demand_ref, self.export_tax, self.official_cost, self.smug_cost, self.regional_disc, self.exit_km,
            m.world.hc_indptr, m.world.hc_idx, m.world.hc_km, self.seizure, c.transport_usd_kg_km, c.trader_margin,
            c.bribe_share, c.bribe_efficacy, c.demand_elasticity, self.launder_on, self.launder_ratio,
            self.audit_rate, u_audit, self.price, self.sold, stock_out, self.p_nc, self.flows, self.tc_detected)
        self.stock = stock_out + held_back
        self._book_buyers(m.world_price)

    def _book_buyers(self, world_price: np.ndarray) -> None:
        f = self.flows
        cert = f[:, 1] + f[:, 2]
        self.buyers["compliant"].kg[:] = np.minimum(cert, self.compliance * self.demand_ref)
        self.buyers["compliant"].usd[:] = self.buyers["compliant"].kg * world_price
        self.buyers["regional"].kg[:] = f[:, 4]
        self.buyers["regional"].usd[:] = f[:, 4] * self.p_nc * (1 - self.regional_disc)
        nc = f[:, 0] + cert - self.buyers["compliant"].kg
        self.buyers["noncompliant"].kg[:] = nc
        self.buyers["noncompliant"].usd[:] = nc * self.p_nc
