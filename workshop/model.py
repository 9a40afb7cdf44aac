"""The workshop page's model: the `sim` model built from the levers, with timed policies and a baseline twin.

`WorkshopModel` *is* a `ConflictMineralsModel` (same code, no copy); its keyword arguments are the levers the
page shows, and it turns them into a `sim.config.Config`. Each policy has a start week and an optional end week
(inclusive; 0 = never ends), handled by `sim/policies/base.py`: a lever changes nothing before its start week.
"Buyers require certified ore from week" lets the room sequence certification: inspections first, buyers'
requirement later (the certification policy's own `on_start` is re-applied with the buyers' share that week).
With `compare=True` it also steps a baseline twin (`self.baseline`: same world, same seed, no levers); with
common random numbers the difference is the levers' effect, not noise. Each week it keeps the value of ore by
exit (official export, then each border crossing), USD, in `flow_usd` (rows: weeks).
Policies are built with the model, so a moved lever takes effect when the page rebuilds the model (Reset).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.model import ConflictMineralsModel
from sim.run.api import cached_world, make_config

WORLDS = ("eastern_drc", "small")
SHOCK_MINERALS = ("none", "gold", "tin", "tantalum", "tungsten", "cobalt")
MAX_WEEKS = 1040  # 20 years: the page stops playing there (metrics are recorded up to this week)
POLICIES = ("ddr", "certification", "dmz", "border")


@dataclasses.dataclass(frozen=True)
class Levers:
    """The page's levers. Amounts at 0 are off; `*_start` first week (>= 0), `*_end` last week (0: never ends).

    ddr_capacity: people/year; inspection_sites: sites/year; buyer_compliance: share of covered-mineral demand
    that accepts only certified ore [0, 1], from week `buyers_start` (not before the certification start);
    dmz_sites: sites; border_seizure: probability [0, 1]; shock_factor: world-price multiplier of `shock_mineral`
    from week 0, permanent.
    """

    ddr_capacity: int = 0
    ddr_start: int = 0
    ddr_end: int = 0
    inspection_sites: int = 0
    buyer_compliance: float = 0.0
    cert_start: int = 0
    cert_end: int = 0
    buyers_start: int = 0
    dmz_sites: int = 0
    dmz_start: int = 0
    dmz_end: int = 0
    border_seizure: float = 0.0
    border_start: int = 0
    border_end: int = 0
    shock_mineral: str = "none"
    shock_factor: float = 1.0

    def overrides(self) -> dict[str, object]:
        """Config overrides (dotted keys) for the levers that are on."""
        o: dict[str, object] = {}

        def timed(name: str, start: int, end: int) -> dict[str, object]:
            on = {f"policies.{name}.enabled": True, f"policies.{name}.start": int(start)}
            return on | ({f"policies.{name}.end": int(end)} if end and end >= start else {})

        if self.ddr_capacity > 0:
            o |= timed("ddr", self.ddr_start, self.ddr_end) | {
                "policies.ddr.capacity_per_year": int(self.ddr_capacity)}
        if self.inspection_sites > 0 or self.buyer_compliance > 0:
            o |= timed("certification", self.cert_start, self.cert_end) | {
                "policies.certification.sites_per_year": int(self.inspection_sites),
                "policies.certification.buyer_compliance": float(self.buyer_compliance)}
        if self.dmz_sites > 0:
            o |= timed("dmz", self.dmz_start, self.dmz_end) | {"policies.dmz.n_sites": int(self.dmz_sites)}
        if self.border_seizure > 0:
            o |= timed("border", self.border_start, self.border_end) | {
                "policies.border.seizure_rate": float(self.border_seizure)}
        if self.shock_mineral != "none" and self.shock_factor != 1.0:
            o |= {"shock.kind": "price", "shock.mineral": self.shock_mineral,
                  "shock.factor": float(self.shock_factor), "shock.start": 0}
        return o

    def first_week(self) -> int | None:
        """The first week any policy acts (None when no policy is on)."""
        o = self.overrides()
        starts = [int(o[f"policies.{p}.start"]) for p in POLICIES if o.get(f"policies.{p}.enabled")]
        return min(starts) if starts else None


def lever_overrides(**levers: object) -> dict[str, object]:
    """Config overrides for the given levers (keyword arguments of `Levers`)."""
    return Levers(**levers).overrides()


class WorkshopModel(ConflictMineralsModel):
    """The `sim` model with the page's levers as keyword arguments; `compare` adds a baseline twin."""

    def __init__(self, world: str = "eastern_drc", seed: int = 0, compare: bool = False,
                 weeks: int = MAX_WEEKS, **levers: object) -> None:
        self.lever_values = Levers(**levers)
        self.levers = self.lever_values.overrides()
        self.world_name = world
        run = {"seed": int(seed), "steps": int(weeks), "output.write": False, "output.site_every": 10**6}
        geo = cached_world(world)
        super().__init__(make_config(world, **run, **self.levers), world=geo)
        self.baseline: ConflictMineralsModel | None = None
        if compare:
            self.baseline = ConflictMineralsModel(make_config(world, **run), world=geo)
        self.flow_usd = np.zeros((int(weeks) + 1, 1 + self.world.n_crossings))
        self._cert = next((p for p in self.policies.items if type(p).__name__ == "Certification"), None)
        self._buyers_week: int | None = None
        lv = self.lever_values
        if self._cert is not None and lv.buyer_compliance > 0 and lv.buyers_start > lv.cert_start:
            self._buyers_cfg = self._cert.cfg
            self._cert.cfg = dataclasses.replace(self._cert.cfg, buyer_compliance=0.0)
            self._buyers_week = int(lv.buyers_start)

    def step(self) -> None:
        """One week of the policy run (and of the baseline twin); stops playing after `cfg.steps` weeks."""
        if self._buyers_week is not None and self.week == self._buyers_week:
            self._cert.cfg = self._buyers_cfg
            if self._cert.started and self._cert.active(self.week):
                self._cert.on_start()        # the policy's own set-up, now with the buyers' requirement
        week = self.week
        super().step()
        c = self.market.cleared
        if week < len(self.flow_usd):
            self.flow_usd[week, 0] = float(np.sum(c.official_usd))
            self.flow_usd[week, 1:] = np.sum(c.cross_usd, axis=0)
        if self.baseline is not None:
            self.baseline.step()
        if self.week >= self.cfg.steps:
            self.running = False
