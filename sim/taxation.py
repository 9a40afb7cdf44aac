"""Taxation: site taxes by whoever controls a site, roadblock taxes along the routes, revenue per actor
(kernels in sim/kernels/taxation.py).

Non-state groups and preying garrisons take a share of the visible output value per kg and, through
per-head and entry fees, a fraction `head_fee_efficiency` of the hidden share; sites under civil
administration pay official fees. Every roadblock takes a fee per kg of ore passing and a general traffic
revenue (fact 8: armed groups net about $8.2M a year from 1,082 roadblocks, ~$146 per roadblock a week).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .kernels.taxation import roadblock_taxes, site_taxes

if TYPE_CHECKING:
    from .model import ConflictMineralsModel

TRAFFIC_USD_WEEK = 8.2e6 / 1082 / 52  # fact 8 (Schouten, Murairi & Kubuya 2017)


def collect_taxes(model: ConflictMineralsModel) -> None:
    """Book this week's site and roadblock taxes into `model.revenue` and `model.group_revenue`."""
    w, mk, ctl = model.world, model.market, model.control
    ag, sf = model.cfg.armed_groups, model.cfg.state_forces
    model.group_revenue[:] = 0.0
    value = np.maximum(mk.price, 0.0) * mk.sold
    model.site_value = np.maximum(mk.price, 0.0) * model.output
    per_kg, head, illicit, legal = site_taxes(
        w.site_mineral, value, ctl.site_kind, ctl.site_holder, ctl.site_predatory, mk.concealability,
        ag.tax_share, sf.illicit_tax_share, sf.legal_fee_share, ag.head_fee_efficiency, model.tax_share,
        model.group_revenue)
    paid_at_sites = float((model.tax_share * value).sum())
    site_group = float(model.group_revenue.sum())
    paid, rb_state, rb_other, traffic = roadblock_taxes(
        w.site_mineral, mk.sold, w.site_edge_indptr, w.site_edges, w.edge_rb_indptr, w.edge_rbs, mk.fee_kg,
        TRAFFIC_USD_WEEK, ctl.rb_kind, ctl.rb_holder, model.rb_revenue, model.group_revenue)
    model.revenue = {
        "armed": float(model.group_revenue.sum()),
        "state_illicit": illicit + rb_state + mk.bribes_usd,
        "state_legal": legal + mk.export_tax_usd,
        "other": rb_other,
        # for the conservation checks (debug=true)
        "site_taxes_paid": paid_at_sites,
        "site_taxes_received": site_group + illicit + legal,
        "roadblock_fees_paid": paid + traffic,
        "roadblock_fees_received": float(model.group_revenue.sum()) - site_group + rb_state + rb_other,
        "per_kg": per_kg,
        "head_fees": head,
    }
    # what a site would yield a non-state group per week (their targeting uses it)
    h = mk.concealability[w.site_mineral]
    model.site_rent_nonstate = ag.tax_share * (1.0 - h + h * ag.head_fee_efficiency) * model.site_value
