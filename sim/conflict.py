"""Violence: clashes over sites and roadblocks, their casualties, abuses against civilians, and the violence
miners remember.

A clash is decided by the Tullock contest in sim.control (pre-drawn uniform). Both sides lose
`casualty_share` of the smaller force engaged (fighters die: a declared outflow of the population; soldiers
are not people of the model). The winner takes the place. Every week each site with armed presence sees
an abuse against civilians with a small probability (higher where a non-state group holds it), and groups
short of revenue loot. Violent events and abuses at a site are remembered by miners as risk, and a clash
disrupts the next week's output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import DMZ, NONE, NONSTATE, RB_NONSTATE, RB_STATE, STATE
from .control import RB_LOAD, win_probability

if TYPE_CHECKING:
    from .protocols import ModelState

MEMORY_WEEKS = 10.0      # miners' memory of violence at a site (exponential moving average)
CLASH_DISRUPTION = 0.5   # share of a site's output lost the week after a clash there


class Conflict:
    """Resolves clashes and abuses for the model; counts the week's events in `model.events`."""

    def __init__(self, model: ModelState) -> None:
        self.model = model

    def new_week(self) -> None:
        """Start counting this week's events (the model's `events`; the sites' `events`, `abuses` and `looted`,
        which keep last week's counts until now so that observers can read them after the step)."""
        self.model.events = {"violent": 0, "abuses": 0, "looted": 0, "killed": 0, "newcomers": 0, "opened": 0,
                             "closed": 0}
        st = self.model.sites
        st.events[:] = 0
        st.abuses[:] = 0
        st.looted[:] = 0

    # ---------------------------------------------------------------------------------------------- defence
    def site_defence(self, s: int) -> float:
        """Fighter-equivalents defending site `s`."""
        m = self.model
        st, cfg = m.sites, m.cfg
        kind = int(st.kind[s])
        if kind == NONE:
            return st.protection[s]
        if kind == STATE:
            return st.soldiers[s] * cfg.state_forces.effectiveness + st.protection[s]
        if kind == DMZ:
            return st.soldiers[s] * cfg.policies.dmz.effectiveness + st.protection[s]
        g = int(st.holder[s])   # the fighters the group posts here: its share of the group's load
        return m.groups.fighters[g] * st.hold_load[s] / max(m.groups.load[g], st.hold_load[s])

    def rb_defence(self, r: int) -> float:
        """Fighter-equivalents defending roadblock `r`."""
        m = self.model
        kind = int(m.roadblocks.kind[r])
        if kind == RB_STATE:
            return m.cfg.state_forces.roadblock_defence
        if kind == RB_NONSTATE:
            g = int(m.roadblocks.holder[r])
            return RB_LOAD * m.groups.fighters[g] / max(m.groups.load[g], RB_LOAD)
        return 0.5 * m.cfg.armed_groups.local_defence

    def casualties(self, force: float, defence: float) -> int:
        """Fighters each side loses in a clash: `casualty_share` of the smaller force."""
        return int(round(self.model.cfg.armed_groups.casualty_share * min(force, defence)))

    # ---------------------------------------------------------------------------------------------- clashes
    def violent_event(self, s: int | None = None) -> None:
        """Count a violent event (at site `s`, where miners will remember it)."""
        self.model.events["violent"] += 1
        if s is not None:
            self.model.sites.events[s] += 1

    def group_attack(self, g: int, kind: str, index: int, force: float, defence: float, won: bool) -> None:
        """Group `g` attacks a site or roadblock; casualties on both sides, the winner takes the place."""
        m, ctl = self.model, self.model.control
        loss = self.casualties(force, defence)
        m.groups.killing[g] += loss
        if kind == "site":
            self.violent_event(index)
            if m.sites.kind[index] == NONSTATE:
                m.groups.killing[m.sites.holder[index]] += loss
            if won:
                ctl.set_site(index, NONSTATE, g, cause="attack")
        else:
            self.violent_event()
            if m.roadblocks.kind[index] == RB_NONSTATE:
                m.groups.killing[m.roadblocks.holder[index]] += loss
            if won:
                ctl.set_roadblock(index, RB_NONSTATE, g, cause="attack")

    def drive_out(self, s: int, force: float, u: float, cause: str = "army") -> bool:
        """State forces of strength `force` attack the non-state group holding site `s` (pre-drawn uniform `u`):
        casualties for the group, a violent event; if they win the group is driven out and the site is unheld
        (the caller decides who garrisons it). Returns whether they won."""
        m = self.model
        defence = self.site_defence(s)
        m.groups.killing[m.sites.holder[s]] += self.casualties(force, defence)
        self.violent_event(s)
        won = u < win_probability(force, defence, m.cfg.armed_groups.contest_exponent)
        if won:
            m.control.set_site(s, NONE, cause=cause)
        return won

    # ---------------------------------------------------------------------------------------------- abuses
    def record_looting(self, group: int, site: int, n: int) -> None:
        """Group `group`, short of revenue (or of cash), loots civilians: `n` events attributed to `site`."""
        if self.model.control.log is not None:
            self.model.control.log.append(("looted", site, group, n, self.model.cfg.armed_groups.looting))
        self.model.events["abuses"] += n
        self.model.events["looted"] += n
        self.model.sites.events[site] += n
        self.model.sites.abuses[site] += n
        self.model.sites.looted[site] += n

    def civilian_abuse(self, u: np.ndarray) -> None:
        """Abuses at sites with armed presence this week (one pre-drawn uniform per site)."""
        m, st = self.model, self.model.sites
        p = np.where(st.kind == NONSTATE, m.cfg.armed_groups.abuse_prob_week,
                     np.where(((st.kind == STATE) | (st.kind == DMZ)) & st.predatory,
                              m.cfg.state_forces.abuse_prob_week, 0.0))
        hit = (u < p) & (st.miners > 0)
        st.events[hit] += 1
        st.abuses[hit] += 1
        m.events["abuses"] += int(hit.sum())

    def remember_violence(self) -> None:
        """Fold this week's events into the remembered rate; a clash disrupts next week's output."""
        st = self.model.sites
        a = 1.0 / MEMORY_WEEKS
        st.violence *= 1.0 - a
        st.violence += a * st.events
        st.disruption[:] = np.where(st.events > 0, CLASH_DISRUPTION, 0.0)
