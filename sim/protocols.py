"""What the mechanisms see of the model: a Protocol, so that the mechanism modules need not import the model
(sim.model imports them; this module imports only data types, so there is no import cycle, not even for type
checking). `sim.model.ConflictMineralsModel` is the one implementation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

    from .config import Config
    from .population import People
    from .streams import Streams
    from .tables import Groups, Roadblocks, Sites
    from .world import World


class ModelState(Protocol):
    """The model's state and components as the mechanisms use them (see sim/model.py for each)."""

    cfg: Config
    world: World
    streams: Streams
    week: int
    # declared tables (sim.tables, sim.population)
    people: People
    sites: Sites
    roadblocks: Roadblocks
    groups: Groups
    # per mineral (kg/miner/week, USD/kg) and this week's events and revenue
    q_mineral: np.ndarray
    world_price: np.ndarray
    mineral_group: np.ndarray
    events: dict[str, int]
    revenue: dict[str, float]
    # components (typed loosely: their modules use this protocol in turn)
    control: Any          # sim.control.Control
    conflict: Any         # sim.conflict.Conflict
    market: Any           # sim.market.Market
    policies: Any         # sim.policies.Policies
    draws: Any            # sim.model.WeekDraws, this week's uniforms for the strategic actors
    armed_groups: list    # sim.armed_groups.ArmedGroup agents, by group id
    choice_uniforms: np.ndarray
    site_masks: Any
    metrics: np.ndarray
    ledger: Any

    def places_within(self, xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]: ...
