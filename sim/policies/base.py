"""The policy interface: every hook a policy may use, with what the model expects of it.

A policy is active from week `cfg.start` to week `cfg.end` (inclusive; `end: null` never ends). Each week,
before production, the model calls `Policies.step`: the first active week a policy gets `on_start`, every
active week `step`, the week after its last `on_end`. After the market clears, `after_market` (e.g. audits
reacting to what was traded). `cost()` is its spending this week (USD), summed into `policy_cost_usd`;
`outcomes()` adds the policy's own weekly figures to the metrics (e.g. DDR's enrolment). A disabled policy is
never constructed, so it cannot draw a random number or touch the model: the run is bit-identical to the
baseline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..protocols import ModelState


class Policy:
    """Base class: a subclass overrides the hooks it needs (all are no-ops here)."""

    def __init__(self, model: ModelState, cfg: Any) -> None:
        self.model = model
        self.cfg = cfg
        self.started = False
        self.ended = False
        self.spent = 0.0     # USD this week
        self.warnings: list[str] = []   # settings this world cannot honour in full (printed by the CLI)

    def active(self, week: int) -> bool:
        return self.cfg.start <= week and (self.cfg.end is None or week <= self.cfg.end)

    def on_start(self) -> None:
        """First active week, before `step`."""

    def on_end(self) -> None:
        """First week after the last active one."""

    def step(self) -> None:
        """Act on the model this week (before production); set `self.spent` (USD)."""

    def after_market(self) -> None:
        """Act after this week's market clearing (active weeks only)."""

    def cost(self) -> float:
        """Spending this week, USD."""
        return self.spent

    def outcomes(self) -> dict[str, float]:
        """The policy's own weekly figures, by metric name (sim.metrics adds them to the week's row)."""
        return {}


class Policies:
    """The enabled policies of a run, acting in the order of `registry` (name -> Policy class)."""

    def __init__(self, model: ModelState, cfg: Any, registry: dict[str, type[Policy]]) -> None:
        self.items: list[Policy] = [cls(model, getattr(cfg, name)) for name, cls in registry.items()
                                    if getattr(cfg, name).enabled]

    def step(self, week: int) -> None:
        for p in self.items:
            p.spent = 0.0
            if p.active(week):
                if not p.started:
                    p.started = True
                    p.on_start()
                p.step()
            elif p.started and not p.ended:
                p.ended = True
                p.on_end()

    def after_market(self, week: int) -> None:
        for p in self.items:
            if p.active(week):
                p.after_market()

    def cost(self) -> float:
        return float(sum(p.cost() for p in self.items))

    def warnings(self) -> list[str]:
        """What the enabled policies could not do as configured in this world."""
        return [w for p in self.items for w in p.warnings]

    def outcomes(self) -> dict[str, float]:
        """Every enabled policy's weekly figures (metrics absent here are 0)."""
        out: dict[str, float] = {}
        for p in self.items:
            out.update(p.outcomes())
        return out
