"""Violence: clashes over sites and roadblocks, their casualties, and abuses against civilians.

A clash is decided by the Tullock contest in sim.control (pre-drawn uniform). Both sides lose
`casualty_share` of the smaller force engaged (fighters die: a declared outflow of the population; soldiers
are not people of the model). The winner takes the place. Every week each site with armed presence sees
an abuse against civilians with a small probability (higher where a non-state group holds it), and groups
short of cash loot. Violent events and abuses at a site are remembered by miners as risk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .armed_groups import defence_of_roadblock, defence_of_site
from .control import DMZ, NONE, NONSTATE, RB_NONSTATE, STATE, win_probability

if TYPE_CHECKING:
    from .armed_groups import ArmedGroup
    from .model import ConflictMineralsModel
    from .state_forces import StateUnit


class Conflict:
    """Resolves clashes and abuses for the model; counts events of the week."""

    def __init__(self, model: ConflictMineralsModel) -> None:
        self.model = model

    def site_defence(self, s: int) -> float:
        m, ctl, ag = self.model, self.model.control, self.model.cfg.armed_groups
        k = int(ctl.site_kind[s])
        holder = int(ctl.site_holder[s])
        f = m.group_fighters[holder] if k == NONSTATE else 0.0
        load = m.group_load[holder] if k == NONSTATE else 1.0
        return defence_of_site(k, ctl.site_soldiers[s], f, load, ag.local_defence, m.cfg.state_forces.effectiveness,
                               m.dmz_effectiveness)

    def rb_defence(self, r: int) -> float:
        m, ctl = self.model, self.model.control
        k = int(ctl.rb_kind[r])
        holder = int(ctl.rb_holder[r])
        f = m.group_fighters[holder] if k == RB_NONSTATE else 0.0
        load = m.group_load[holder] if k == RB_NONSTATE else 1.0
        return defence_of_roadblock(k, f, load, m.cfg.state_forces.roadblock_defence,
                                    m.cfg.armed_groups.local_defence)

    def _casualties(self, force: float, defence: float) -> int:
        return int(round(self.model.cfg.armed_groups.casualty_share * min(force, defence)))

    def clash(self, attacker: ArmedGroup, kind: str, index: int, force: float, defence: float, won: bool) -> None:
        """An armed group attacks a site or roadblock."""
        m, ctl = self.model, self.model.control
        g = attacker.gid
        loss = self._casualties(force, defence)
        m.killing[g] += loss
        m.events["violent"] += 1
        if kind == "site":
            ctl.site_events[index] += 1
            k, holder = int(ctl.site_kind[index]), int(ctl.site_holder[index])
            if k == NONSTATE:
                m.killing[holder] += loss
            if won:
                if k == NONSTATE:
                    m.group_load[holder] -= 1.0
                ctl.set_site(index, NONSTATE, g)
                m.group_load[g] += 1.0
        else:
            k, holder = int(ctl.rb_kind[index]), int(ctl.rb_holder[index])
            if k == RB_NONSTATE:
                m.killing[holder] += loss
            if won:
                if k == RB_NONSTATE:
                    m.group_load[holder] -= 0.25
                ctl.rb_kind[index] = RB_NONSTATE
                ctl.rb_holder[index] = g
                m.group_load[g] += 0.25

    def state_clash(self, unit: StateUnit, s: int, force: float, defence: float, u: float) -> None:
        """A state unit attacks a site held by a non-state group; if it wins, the group is driven out (where the
        unit keeps its garrisons is its redeployment rule's business)."""
        m, ctl = self.model, self.model.control
        holder = int(ctl.site_holder[s])
        m.killing[holder] += self._casualties(force, defence)
        m.events["violent"] += 1
        ctl.site_events[s] += 1
        if u < win_probability(force, defence, m.cfg.armed_groups.contest_exponent):
            m.group_load[holder] -= 1.0
            ctl.set_site(s, NONE)   # the unit's garrisons are placed by its redeployment rule

    def record_abuses(self, site: int, n: int) -> None:
        self.model.events["abuses"] += n
        self.model.control.site_events[site] += n

    def civilian_abuse(self, u: np.ndarray) -> None:
        """Abuses at sites with armed presence this week (one pre-drawn uniform per site)."""
        m, ctl = self.model, self.model.control
        p = np.where(ctl.site_kind == NONSTATE, m.cfg.armed_groups.abuse_prob_week,
                     np.where(((ctl.site_kind == STATE) | (ctl.site_kind == DMZ)) & ctl.site_predatory,
                              m.cfg.state_forces.abuse_prob_week, 0.0))
        hit = (u < p) & (m.site_miners > 0)
        ctl.site_events[hit] += 1
        m.events["abuses"] += int(hit.sum())
