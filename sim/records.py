"""What a run keeps besides the weekly metrics: site snapshots and ore flows every `output.site_every` weeks.

Moves: every week, each place a non-state group takes or loses (with the cause: attack, army, dmz, shed, closed,
split, dissolved) and each looting (cause: the looting rule, `taxes` or `cash`), flagged where the group was
evicted by a policy in the last year.
Site snapshots are the state at that week (who holds each open site, miners, output). Flows are the ore sold
since the previous snapshot, summed, by mineral, channel (`official`: exported through DRC's hubs, certified or
not; `formal_crossing`: smuggled through a formal border post; `informal`: lake and bush routes) and destination
country (`drc` for official exports), with its value at the buyer's price and what was seized on the way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import FLOW_CERTIFIED, FLOW_LAUNDER_SEIZED, FLOW_LAUNDERED, FLOW_OFFICIAL

if TYPE_CHECKING:
    from .protocols import ModelState

CHANNELS = ("official", "formal_crossing", "informal")


class Records:
    """Site snapshots and flow totals of a run (compact: ~14 bytes per site and snapshot)."""

    def __init__(self, n_minerals: int, n_crossings: int) -> None:
        self.moves: list[tuple] = []   # (step, group, action, place id, cause, displaced)
        self.site_snapshots: list[dict[str, np.ndarray]] = []
        self.flow_snapshots: list[dict[str, np.ndarray | int]] = []
        self._official = np.zeros((n_minerals, 3))        # kg, usd, seized kg since the last snapshot
        self._cross = np.zeros((n_minerals, n_crossings, 3))

    def add_week(self, model: ModelState) -> None:
        """Keep this week's moves of armed groups; add its flows to the running totals; take the snapshots on
        snapshot weeks."""
        self._moves(model)
        c = model.market.cleared
        self._official[:, 0] += c.flows[:, FLOW_OFFICIAL] + c.flows[:, FLOW_CERTIFIED] + c.flows[:, FLOW_LAUNDERED]
        self._official[:, 1] += c.official_usd
        self._official[:, 2] += c.flows[:, FLOW_LAUNDER_SEIZED]
        self._cross[:, :, 0] += c.cross_kg
        self._cross[:, :, 1] += c.cross_usd
        self._cross[:, :, 2] += c.cross_seized
        if model.week % model.cfg.output.site_every == 0:
            self._snapshot(model)

    def _moves(self, model: ModelState) -> None:
        """The week's gains and losses of places and looting by non-state groups (Control.log), with whether the
        group is displaced (evicted by a policy within the last year)."""
        log, shown = model.control.log, model.groups.displaced_until
        for place, index, group, sign, cause in log:
            action = "looted" if place == "looted" else ("took_" if sign > 0 else "lost_") + place
            self.moves.append((model.week, group, action, index, cause, bool(shown[group] >= model.week)))
        log.clear()

    def _snapshot(self, model: ModelState) -> None:
        st, ctl = model.sites, model.control
        self.site_snapshots.append({
            "step": model.week, "miners": st.miners.astype(np.int32), "armed_presence": ctl.armed(),
            "nonstate_presence": ctl.nonstate(), "kind": st.kind.copy(), "holder": st.holder.astype(np.int16),
            "certified": st.certified.copy(), "output_kg": st.output.astype(np.float32), "open": st.open.copy()})
        self.flow_snapshots.append({"step": model.week, "official": self._official.copy(),
                                    "cross": self._cross.copy()})
        self._official[:] = 0.0
        self._cross[:] = 0.0
