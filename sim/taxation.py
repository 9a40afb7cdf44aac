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

from .codes import RB_NONSTATE
from .kernels.taxation import roadblock_taxes, site_taxes

if TYPE_CHECKING:
    from .protocols import ModelState

TRAFFIC_USD_WEEK = 8.2e6 / 1082 / 52  # fact 8 (Schouten, Murairi & Kubuya 2017)


def collect_taxes(model: ModelState) -> None:
    """Book this week's site and roadblock taxes into `model.revenue` and the groups' `revenue`; set each site's
    `value`, `tax_share` and `rent_nonstate`."""
    w, mk, st, rb, grp = model.world, model.market, model.sites, model.roadblocks, model.groups
    ag, sf = model.cfg.armed_groups, model.cfg.state_forces
    grp.revenue[:] = 0.0
    value = np.maximum(st.price, 0.0) * st.sold
    st.value[:] = np.maximum(st.price, 0.0) * st.output
    illicit, legal = site_taxes(w.site_mineral, value, st.kind, st.holder, st.predatory, mk.concealability,
                                ag.tax_share, sf.illicit_tax_share, sf.legal_fee_share, ag.head_fee_efficiency,
                                st.tax_share, st.armed_take, grp.revenue)
    paid_at_sites = float((st.tax_share * value).sum())
    site_group = float(grp.revenue.sum())
    paid, rb_state, rb_other, traffic = roadblock_taxes(
        w.site_mineral, st.sold, w.site_edge_indptr, w.site_edges, w.edge_rb_indptr, w.edge_rbs, mk.fee_kg,
        TRAFFIC_USD_WEEK, rb.kind, rb.holder, rb.revenue, grp.revenue)
    masks = model.site_masks
    rb_group = float(rb.revenue[rb.kind == RB_NONSTATE].sum())
    model.revenue = {
        "armed": float(grp.revenue.sum()),
        # non-state groups' taxes by source (looting is booked where it happens: conflict.record_looting)
        "armed_gold": float(st.armed_take[masks.gold].sum()),
        "armed_3t": float(st.armed_take[masks.t3].sum()),
        "armed_other": float(st.armed_take[masks.other].sum()),
        "armed_roadblocks": rb_group,
        "state_illicit": illicit + rb_state + mk.bribes_usd,
        "state_legal": legal + mk.export_tax_usd,
        "other": rb_other,
        # for the conservation checks (debug=true)
        "site_taxes_paid": paid_at_sites,
        "site_taxes_received": site_group + illicit + legal,
        "roadblock_fees_paid": paid + traffic,
        "roadblock_fees_received": float(grp.revenue.sum()) - site_group + rb_state + rb_other,
    }
    # what a site would yield a non-state group per week (their targeting uses it)
    h = mk.concealability[w.site_mineral]
    st.rent_nonstate[:] = ag.tax_share * (1.0 - h + h * ag.head_fee_efficiency) * st.value
