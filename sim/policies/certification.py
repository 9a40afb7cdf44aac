"""Certification and due diligence, after the ICGLR Regional Certification Mechanism and the OECD guidance.

Inspectors visit up to `sites_per_year` sites of the covered minerals (largest first among those never
inspected or whose qualification is older than `requalify_weeks`; with `selection` 'itsci' only the sites
IPIS found in the iTSCi scheme, the status quo of the IPIS years) and qualify each by what they find: red
if a non-state group or a preying garrison is there, yellow if children work there or the army is present,
green otherwise. Ore from green sites is tagged and travels in a chain of custody to compliant buyers; as in
the RCM, a yellow site may export tagged ore while it remedies its issues, but only for half the validity of
a green qualification before it must be inspected again.
Qualifications are not revised between inspections, so a green site taken over by a group keeps exporting
tagged ore until the next visit. Traders may launder untagged ore into the chain (tag fraud, in the market
kernel); a third-party audit catches a laundering trading centre with probability `audit_rate`, and its
green sites are suspended until re-inspected. `buyer_compliance` sets the compliant buyers' share of
demand for the covered minerals; the rest buy uncertified ore at `uncertified_discount`. With strong
compliance and few certified sites, uncertified ore floods the small non-compliant segment and its price
collapses: a de facto embargo that comes out of the market, not a rule.
Tagging is paid by the chain, not the programme: the levy `tag_cost_usd_kg` comes off the certified price (ITSCI is
funded mainly by upstream levies), so it reaches traders and miners. While buyers require certified ore,
exporters in laundering neighbours (world.countries) buy Congolese 3T ore to pass off as their own tagged ore,
up to `foreign_launder_capacity` of the region's potential output at the tagged price less their margin.
Cost to the programme: `cost_per_inspection_usd` per visit.
"""

from __future__ import annotations

import numpy as np

from ..codes import DMZ, NONSTATE, STATE
from .base import Policy

UNQUALIFIED, GREEN, YELLOW, RED, SUSPENDED = 0, 1, 2, 3, 4


class Certification(Policy):

    def __init__(self, model, cfg) -> None:
        super().__init__(model, cfg)
        w = model.world
        names = w.mineral_names
        self.covered_minerals = np.array([n in cfg.minerals for n in names])
        covered = self.covered_minerals[w.site_mineral]
        if cfg.selection == "itsci":   # the status quo IPIS saw: only the sites in the iTSCi scheme are inspected
            covered &= w.sites["ipis_itsci"].eq(True).to_numpy() if "ipis_itsci" in w.sites else False
        self.covered_sites = np.flatnonzero(covered)
        self.qualification = np.zeros(w.n_sites, dtype=np.int8)
        self.inspected_week = np.full(w.n_sites, -10**9, dtype=np.int64)
        self.quota = 0.0

    def on_start(self) -> None:
        mk, c, cov = self.model.market, self.cfg, self.covered_minerals
        mk.compliance[:] = np.where(cov, c.buyer_compliance, 0.0)
        mk.unc_discount[:] = np.where(cov, c.uncertified_discount, 0.0)
        mk.terms.tag_cost[:] = np.where(cov, c.tag_cost_usd_kg, 0.0)
        mk.launder_on, mk.launder_ratio, mk.audit_rate = True, c.launder_ratio, c.audit_rate
        if c.buyer_compliance > 0:   # neighbours' exporters can now sell Congolese ore as their own tagged ore
            mk.launder_abroad_cap[:] = np.where(cov, c.foreign_launder_capacity * mk.potential, 0.0)
            mk.launder_abroad_discount = c.foreign_launder_discount

    def on_end(self) -> None:
        mk = self.model.market
        mk.compliance[:] = 0.0
        mk.unc_discount[:] = 0.0
        mk.terms.tag_cost[:] = 0.0
        mk.launder_abroad_cap[:] = 0.0
        mk.launder_on, mk.launder_ratio, mk.audit_rate = False, 0.0, 0.0
        self.model.sites.certified[:] = False

    def step(self) -> None:
        m, c = self.model, self.cfg
        self.quota += c.sites_per_year / 52.0
        n = int(self.quota)
        inspected = 0
        if n > 0 and len(self.covered_sites):
            age = m.week - self.inspected_week[self.covered_sites]
            q = self.qualification[self.covered_sites]
            due = self.covered_sites[(age >= c.requalify_weeks) | ((q == YELLOW) & (age >= c.requalify_weeks // 2))]
            order = np.argsort(-m.sites.miners[due], kind="stable")
            visit = due[order[:n]]
            self.qualification[visit] = self._qualify(visit)
            self.inspected_week[visit] = m.week
            inspected = len(visit)
            self.quota -= inspected
        age = m.week - self.inspected_week
        m.sites.certified[:] = ((self.qualification == GREEN) & (age < c.requalify_weeks)) | \
            ((self.qualification == YELLOW) & (age < c.requalify_weeks // 2))
        self.spent = inspected * c.cost_per_inspection_usd

    def _qualify(self, sites: np.ndarray) -> np.ndarray:
        """Red: non-state group or preying garrison; yellow: children at work or the army present; else green."""
        st = self.model.sites
        k = st.kind[sites]
        red = (k == NONSTATE) | (((k == STATE) | (k == DMZ)) & st.predatory[sites])
        yellow = (st.children[sites] > 0) | (k == STATE)
        return np.where(red, RED, np.where(yellow, YELLOW, GREEN)).astype(np.int8)

    def after_market(self) -> None:
        """Audit findings: green sites selling through a trading centre caught laundering are suspended."""
        m = self.model
        hit = np.flatnonzero(m.market.tc_detected)
        if len(hit) == 0:
            return
        sus = np.isin(m.world.site_tc, hit) & ((self.qualification == GREEN) | (self.qualification == YELLOW))
        self.qualification[sus] = SUSPENDED
        self.inspected_week[sus] = -10**9  # due for re-inspection
        m.sites.certified[sus] = False
