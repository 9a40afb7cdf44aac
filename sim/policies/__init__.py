"""Policies (interventions): one small interface, registered by name, switched on by configuration.

A policy is active from week `start` to week `end` (inclusive; `end: null` never ends). The model calls
`Policies.step()` once a week before production: each active policy acts on the model (`step`), with
`on_start` the first active week and `on_end` the week after its last; `cost()` is its spending this week
in USD, summed into `policy_cost_usd`. A disabled policy is never constructed, so it cannot draw a random
number or touch the model: the run is bit-identical to the baseline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..model import ConflictMineralsModel

REGISTRY: dict[str, type[Policy]] = {}


def register(cls: type[Policy]) -> type[Policy]:
    """Class decorator: make a policy available under its `name` (the key under `policies.` in the config)."""
    REGISTRY[cls.name] = cls
    return cls


class Policy:
    """Base class: subclasses set `name` and override `step` (and `on_start`/`on_end` where needed)."""

    name: ClassVar[str] = "policy"

    def __init__(self, model: ConflictMineralsModel, cfg: Any) -> None:
        self.model = model
        self.cfg = cfg
        self.started = False
        self.ended = False
        self.spent = 0.0     # USD this week

    def active(self, week: int) -> bool:
        return self.cfg.start <= week and (self.cfg.end is None or week <= self.cfg.end)

    def on_start(self) -> None:
        """First active week, before `step`."""

    def on_end(self) -> None:
        """First week after the last active one."""

    def step(self) -> None:
        """Act on the model this week; set `self.spent` (USD)."""

    def cost(self) -> float:
        return self.spent

    def ex_combatants(self) -> int:
        """People this policy has taken out of armed groups and who are not fighting again (DDR overrides)."""
        return 0


class Policies:
    """The enabled policies of a run, stepped in a fixed order (the order of the config)."""

    def __init__(self, model: ConflictMineralsModel, cfg: Any) -> None:
        from ..config import ConfigError
        from . import border, certification, ddr, dmz  # noqa: F401  (registers the policies)

        if cfg.dmz.enabled and cfg.dmz.n_sites > model.world.n_sites:
            raise ConfigError(f"policies.dmz.n_sites: {cfg.dmz.n_sites} is more than the {model.world.n_sites} sites "
                              f"of world {model.world.name}")
        self.items: list[Policy] = []
        for name in ("ddr", "certification", "dmz", "border"):
            pcfg = getattr(cfg, name)
            if pcfg.enabled:
                self.items.append(REGISTRY[name](model, pcfg))

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
        """Hook after the market clears (e.g. certification reacting to audit findings)."""
        for p in self.items:
            if p.active(week) and hasattr(p, "after_market"):
                p.after_market()

    def cost(self) -> float:
        return float(sum(p.cost() for p in self.items))

    def ex_combatants(self) -> int:
        """People in or through DDR (not fighting again); 0 without a DDR policy."""
        return sum(p.ex_combatants() for p in self.items)
