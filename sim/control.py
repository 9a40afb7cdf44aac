"""Control of places: who holds each site and roadblock, how strongly, and how a contest for one is decided.

Sites: kind 0 none, 1 state garrison, 2 non-state group, 3 demilitarised zone (policy); `holder` is the
group id (kind 2) or the state unit id (kinds 1 and 3); `predatory` marks a garrison that preys on miners.
Roadblocks: kind 1 state (army, police), 2 non-state group, 4 civilian/customary.
"Armed presence" at a site, as IPIS counts it (fact 4): a non-state group or a regular army garrison
(disciplined or not), and a demilitarised-zone garrison only if it preys: the trained forces of a DMZ are
what demilitarisation means. "Interference": a non-state group or a preying garrison of either kind.
"""

from __future__ import annotations

import numpy as np

NONE, STATE, NONSTATE, DMZ = 0, 1, 2, 3
RB_STATE, RB_NONSTATE, RB_OTHER = 1, 2, 4
CONTROLLER_NAMES = {NONE: "none", STATE: "state", NONSTATE: "nonstate", DMZ: "dmz"}
RB_LOAD = 0.25  # a roadblock ties down a quarter of the fighters a site does


def win_probability(attack: float, defence: float, exponent: float) -> float:
    """Tullock contest: attack^x / (attack^x + defence^x); an undefended place always falls."""
    if defence <= 0.0:
        return 1.0
    if attack <= 0.0:
        return 0.0
    a, d = attack ** exponent, defence ** exponent
    return a / (a + d)


class Control:
    """Holdings of sites and roadblocks, with this week's clashes and the violence miners remember."""

    def __init__(self, n_sites: int, n_roadblocks: int) -> None:
        self.site_kind = np.zeros(n_sites, dtype=np.int8)
        self.site_holder = np.full(n_sites, -1, dtype=np.int32)
        self.site_predatory = np.zeros(n_sites, dtype=np.bool_)
        self.site_soldiers = np.zeros(n_sites, dtype=np.float64)   # garrison strength (kinds 1, 3)
        self.rb_kind = np.full(n_roadblocks, RB_STATE, dtype=np.int8)
        self.rb_holder = np.full(n_roadblocks, -1, dtype=np.int32)
        self.site_events = np.zeros(n_sites, dtype=np.int32)       # violent events this week
        self.site_violence = np.zeros(n_sites, dtype=np.float64)   # remembered events per week (EMA)
        self.disruption = np.zeros(n_sites, dtype=np.float64)      # share of output lost this week
        self._held: dict[int, np.ndarray] = {}   # held_sites(g) until a change of g's holdings (read-only)

    # -------------------------------------------------------------------------------------------- queries
    def armed(self) -> np.ndarray:
        """Armed presence per site: a non-state group, an army garrison, or a preying DMZ garrison."""
        k = self.site_kind
        return (k == NONSTATE) | (k == STATE) | ((k == DMZ) & self.site_predatory)

    def interference(self) -> np.ndarray:
        """Armed actors interfering: a non-state group or a preying garrison."""
        k = self.site_kind
        return (k == NONSTATE) | (((k == STATE) | (k == DMZ)) & self.site_predatory)

    def nonstate(self) -> np.ndarray:
        return self.site_kind == NONSTATE

    def held_sites(self, g: int) -> np.ndarray:
        """Sites held by non-state group `g`, in index order (read-only: remembered until g's holdings change,
        so every change of a site's holder goes through `set_site`, `transfer_sites` or `release_group`)."""
        held = self._held.get(g)
        if held is None:
            mine = np.flatnonzero(self.site_holder == g)
            held = mine[self.site_kind[mine] == NONSTATE]
            held.flags.writeable = False
            self._held[g] = held
        return held

    def group_load(self, n_groups: int) -> np.ndarray:
        """Places each group holds: sites + RB_LOAD x roadblocks (what its fighters are spread over)."""
        s = np.bincount(self.site_holder[self.site_kind == NONSTATE], minlength=n_groups).astype(float)
        r = np.bincount(self.rb_holder[self.rb_kind == RB_NONSTATE], minlength=n_groups).astype(float)
        return s[:n_groups] + RB_LOAD * r[:n_groups]

    # ------------------------------------------------------------------------------------------- changes
    def set_site(self, s: int, kind: int, holder: int = -1, predatory: bool = False, soldiers: float = 0.0) -> None:
        if self.site_kind[s] == NONSTATE:   # only non-state holdings are remembered
            self._held.pop(int(self.site_holder[s]), None)
        if kind == NONSTATE:
            self._held.pop(holder, None)
        self.site_kind[s] = kind
        self.site_holder[s] = holder
        self.site_predatory[s] = predatory
        self.site_soldiers[s] = soldiers

    def release_group(self, g: int) -> None:
        """A dissolved group's sites fall to nobody, its roadblocks to the state."""
        self._held.pop(g, None)
        held = (self.site_kind == NONSTATE) & (self.site_holder == g)
        self.site_kind[held] = NONE
        self.site_holder[held] = -1
        rb = (self.rb_kind == RB_NONSTATE) & (self.rb_holder == g)
        self.rb_kind[rb] = RB_STATE
        self.rb_holder[rb] = -1

    def transfer_sites(self, sites: np.ndarray, g_from: int, g_to: int) -> None:
        """Non-state sites `sites` of group `g_from` pass to group `g_to` (a split)."""
        self._held.pop(g_from, None)
        self._held.pop(g_to, None)
        self.site_holder[sites] = g_to

    def remember_violence(self, memory_weeks: float = 10.0) -> None:
        """Fold this week's events into the remembered rate; a clash disrupts next week's output by half."""
        a = 1.0 / memory_weeks
        self.site_violence *= 1.0 - a
        self.site_violence += a * self.site_events
        self.disruption[:] = np.where(self.site_events > 0, 0.5, 0.0)
        self.site_events[:] = 0
