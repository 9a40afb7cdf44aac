"""Demilitarised mineral zones: sites secured by trained state forces (after the proposal in the founding
report: local security forces trained to enforce demilitarised mineral zones).

At the start `n_sites` open sites are chosen by `selection` (largest: most miners; contested: most remembered
violence, non-state-held first; random) and garrisoned with `soldiers_per_site` trained soldiers of strength
`effectiveness` each. A group holding a chosen site is attacked by that force (a contest with casualties; if
the group holds, the force attacks again every week); an army garrison there hands over. Evicted groups are
followed as displaced for a year: where they go next (other sites, roadblocks, looting) is in the metrics and
in moves.parquet. Each garrison preys with probability 1 - `discipline`, redrawn at rotation like the army's. Groups
can still attack a zone, but its defence makes that a poor bet; a zone lost is retaken the next week if
the trained force wins the clash. Displaced groups look for other places by their usual rules. At the end
the garrisons withdraw and the sites are unheld. Cost: soldiers x `cost_per_soldier_usd_week`.
"""

from __future__ import annotations

import numpy as np

from ..codes import DMZ, NONE, NONSTATE, STATE
from .base import Policy


class DMZPolicy(Policy):
    """Demilitarised zones: the chosen sites, garrisoned by trained units from the start week."""

    def __init__(self, model, cfg) -> None:
        super().__init__(model, cfg)
        if cfg.n_sites > model.world.n_ipis:   # the DMZ chooses among open sites: at the start, IPIS's sites
            self.warnings.append(f"policies.dmz.n_sites: {cfg.n_sites} is more than the {model.world.n_ipis} "
                                 f"sites of world {model.world.name}; the zone takes every open site")
        self.sites = np.zeros(0, dtype=np.int64)

    def _choose(self) -> np.ndarray:
        """`n_sites` open sites by the selection rule (sorted ids)."""
        m, c, st = self.model, self.cfg, self.model.sites
        open_ = np.flatnonzero(st.open)
        if c.selection == "largest":
            order = open_[np.argsort(-st.miners[open_], kind="stable")]
        elif c.selection == "contested":
            held = (st.kind[open_] == NONSTATE).astype(float)
            order = open_[np.lexsort((-st.capacity[open_], -st.violence[open_], -held))]
        else:
            order = open_[m.streams.init("policy_dmz_selection").permutation(len(open_))]
        return np.sort(order[: c.n_sites])

    def on_start(self) -> None:
        """Choose the sites and secure them: a group holding one is driven out in a contest with the trained force
        (casualties; if the group holds, the force tries again every week)."""
        m, c = self.model, self.cfg
        self.sites = self._choose()
        u = m.streams.week("policy_dmz", m.week).random((len(self.sites), 2))
        for s, (x, y) in zip(self.sites, u, strict=True):
            s = int(s)
            if m.sites.kind[s] == NONSTATE and not m.conflict.drive_out(s, c.soldiers_per_site * c.effectiveness,
                                                                         y, cause="dmz"):
                continue
            if m.sites.open[s]:
                self._secure(s, bool(x >= c.discipline))

    def _secure(self, s: int, predatory: bool) -> None:
        """A trained unit garrisons site `s` (the army unit of its province answers for it)."""
        self.model.control.set_site(s, DMZ, int(self.model.world.site_province[s]), predatory,
                                    self.cfg.soldiers_per_site)

    def step(self) -> None:
        m, c, st = self.model, self.cfg, self.model.sites
        u = m.streams.week("policy_dmz", m.week).random((len(self.sites), 3))
        for j, s in enumerate(self.sites):
            s = int(s)
            if st.kind[s] == DMZ:
                if u[j, 0] < 1.0 / m.cfg.state_forces.rotation_weeks:   # rotation: predation redrawn
                    st.predatory[s] = u[j, 1] >= c.discipline
            elif st.kind[s] in (NONE, STATE) and st.open[s]:
                self._secure(s, bool(u[j, 1] >= c.discipline))
            elif m.conflict.drive_out(s, c.soldiers_per_site * c.effectiveness, u[j, 2], cause="dmz"):   # held: attack
                self._secure(s, bool(u[j, 1] >= c.discipline))
        self.spent = len(self.sites) * c.soldiers_per_site * c.cost_per_soldier_usd_week

    def on_end(self) -> None:
        for s in self.sites:
            if self.model.sites.kind[s] == DMZ:
                self.model.control.set_site(int(s), NONE)
