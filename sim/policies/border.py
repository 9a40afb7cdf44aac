"""Border enforcement: anti-smuggling control at the crossings (founding report: cross-border control).

While active, smuggled ore is seized with probability `seizure_rate` at formal border posts and
`seizure_rate x informal_coverage` on lake and bush routes (never below the base risk). Smugglers respond
through the market kernel's channel choice: other crossings, bribes that cut the risk, or the official
channel. Cost: `cost_per_crossing_usd_week` per formal post, and pro rata on informal routes.
"""

from __future__ import annotations

import numpy as np

from .base import Policy


class BorderEnforcement(Policy):

    def __init__(self, model, cfg) -> None:
        super().__init__(model, cfg)
        self.base = model.market.seizure.copy()

    def step(self) -> None:
        c, w = self.cfg, self.model.world
        target = np.where(w.crossing_formal, c.seizure_rate, c.seizure_rate * c.informal_coverage)
        self.model.market.seizure[:] = np.maximum(self.base, target)
        n_formal = int(w.crossing_formal.sum())
        self.spent = c.cost_per_crossing_usd_week * (n_formal + c.informal_coverage * (w.n_crossings - n_formal))

    def on_end(self) -> None:
        self.model.market.seizure[:] = self.base
