"""The workshop page's model: the `sim` model built from slider values, with an optional baseline twin.

`WorkshopModel` *is* a `ConflictMineralsModel` (same code, no copy); its keyword arguments are the levers the
page shows, and it turns them into a `sim.config.Config`. Levers act from week 0. With `compare=True` it also
steps a baseline twin (`self.baseline`: same world, same seed, no levers), so the page shows both side by side;
with common random numbers the difference between the two is the levers' effect, not noise.
Policies are built when a model is constructed, so a moved lever takes effect when the page rebuilds the model
(its Reset button).
"""

from __future__ import annotations

from sim.model import ConflictMineralsModel
from sim.run.api import cached_world, make_config

WORLDS = ("small", "eastern_drc")
SHOCK_MINERALS = ("none", "gold", "tin", "tantalum", "tungsten", "cobalt")
MAX_WEEKS = 1040  # 20 years: the page stops playing there (metrics are recorded up to this week)


def lever_overrides(ddr_capacity: int = 0, inspection_sites: int = 0, buyer_compliance: float = 0.0,
                    dmz_sites: int = 0, border_seizure: float = 0.0, shock_mineral: str = "none",
                    shock_factor: float = 1.0) -> dict[str, object]:
    """Config overrides for the page's levers; a lever at 0 (or shock mineral `none`) is off. All start at week 0.

    ddr_capacity: people/year; inspection_sites: sites/year; buyer_compliance: share of covered-mineral demand
    that accepts only certified ore [0, 1]; dmz_sites: sites; border_seizure: probability [0, 1];
    shock_factor: world-price multiplier of `shock_mineral` from week 0, permanent.
    """
    o: dict[str, object] = {}
    if ddr_capacity > 0:
        o |= {"policies.ddr.enabled": True, "policies.ddr.start": 0, "policies.ddr.capacity_per_year": int(ddr_capacity)}
    if inspection_sites > 0 or buyer_compliance > 0:
        o |= {"policies.certification.enabled": True, "policies.certification.start": 0,
              "policies.certification.sites_per_year": int(inspection_sites),
              "policies.certification.buyer_compliance": float(buyer_compliance)}
    if dmz_sites > 0:
        o |= {"policies.dmz.enabled": True, "policies.dmz.start": 0, "policies.dmz.n_sites": int(dmz_sites)}
    if border_seizure > 0:
        o |= {"policies.border.enabled": True, "policies.border.start": 0,
              "policies.border.seizure_rate": float(border_seizure)}
    if shock_mineral != "none" and shock_factor != 1.0:
        o |= {"shock.kind": "price", "shock.mineral": shock_mineral, "shock.factor": float(shock_factor),
              "shock.start": 0}
    return o


class WorkshopModel(ConflictMineralsModel):
    """The `sim` model with the page's levers as keyword arguments; `compare` adds a baseline twin."""

    def __init__(self, world: str = "small", seed: int = 0, compare: bool = False, ddr_capacity: int = 0,
                 inspection_sites: int = 0, buyer_compliance: float = 0.0, dmz_sites: int = 0,
                 border_seizure: float = 0.0, shock_mineral: str = "none", shock_factor: float = 1.0,
                 weeks: int = MAX_WEEKS) -> None:
        levers = lever_overrides(ddr_capacity, inspection_sites, buyer_compliance, dmz_sites, border_seizure,
                                 shock_mineral, shock_factor)
        run = {"seed": int(seed), "steps": int(weeks), "output.write": False, "output.site_every": 10**6}
        geo = cached_world(world)
        super().__init__(make_config(world, **run, **levers), world=geo)
        self.levers = levers
        self.baseline: ConflictMineralsModel | None = None
        if compare:
            self.baseline = ConflictMineralsModel(make_config(world, **run), world=geo)

    def step(self) -> None:
        """One week of the policy run (and of the baseline twin); stops playing after `cfg.steps` weeks."""
        super().step()
        if self.baseline is not None:
            self.baseline.step()
        if self.week >= self.cfg.steps:
            self.running = False
