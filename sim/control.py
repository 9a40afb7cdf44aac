"""Control of places: who holds each site and roadblock, and how a contest for one is decided.

Codes (sim.codes): sites NONE, STATE (army garrison), NONSTATE (armed group), DMZ (demilitarised-zone
garrison); roadblocks RB_STATE, RB_NONSTATE, RB_OTHER (civilian/customary). A site's `holder` is the group id
(NONSTATE) or the army unit id (STATE, DMZ); `predatory` marks a garrison that preys on miners.
"Armed presence" at a site, as IPIS counts it (fact 4): a non-state group or a regular army garrison
(disciplined or not), and a demilitarised-zone garrison only if it preys: the trained forces of a DMZ are
what demilitarisation means. "Interference": a non-state group or a preying garrison.

`Control` is the only writer of holdings (site kind, holder, predatory, soldiers; roadblock kind, holder) and
of each group's `load` (the places its fighters are spread over), which it keeps current as holdings change.
"""

from __future__ import annotations

import numpy as np

from .codes import DMZ, NONE, NONSTATE, RB_NONSTATE, RB_STATE, STATE
from .tables import Groups, Roadblocks, Sites

RB_LOAD = 0.25  # a roadblock ties down a quarter of the fighters a site does
DISPLACED_WEEKS = 52   # a group evicted by a policy is followed (as displaced) for a year


def win_probability(attack: float, defence: float, exponent: float) -> float:
    """Tullock contest: attack^x / (attack^x + defence^x); an undefended place always falls."""
    if defence <= 0.0:
        return 1.0
    if attack <= 0.0:
        return 0.0
    a, d = attack ** exponent, defence ** exponent
    return a / (a + d)


class Control:
    """Holdings of sites and roadblocks, and the load they put on each group."""

    def __init__(self, sites: Sites, roadblocks: Roadblocks, groups: Groups) -> None:
        self.sites = sites
        self.rbs = roadblocks
        self.groups = groups
        self._held: dict[int, np.ndarray] = {}   # held_sites(g), kept current by set_site (read-only arrays)
        self.log: list[tuple[str, int, int, int, str]] | None = None   # non-state changes: (place, id, group,
        # +1 taken / -1 lost, cause); None: not logging (the start of a run)
        self.week = 0                           # for `displaced_until` (set by the model each week)

    # -------------------------------------------------------------------------------------------- queries
    def armed(self) -> np.ndarray:
        """Armed presence per site: a non-state group, an army garrison, or a preying DMZ garrison."""
        k = self.sites.kind
        return (k == NONSTATE) | (k == STATE) | ((k == DMZ) & self.sites.predatory)

    def interference(self) -> np.ndarray:
        """Armed actors interfering: a non-state group or a preying garrison."""
        k = self.sites.kind
        return (k == NONSTATE) | (((k == STATE) | (k == DMZ)) & self.sites.predatory)

    def nonstate(self) -> np.ndarray:
        return self.sites.kind == NONSTATE

    def nonstate_holder(self) -> np.ndarray:
        """The non-state group holding each site (the group that recruits and coerces there), -1 elsewhere."""
        return np.where(self.sites.kind == NONSTATE, self.sites.holder, -1).astype(np.int32)

    def held_sites(self, g: int) -> np.ndarray:
        """Sites held by non-state group `g`, in index order (read-only: remembered, and kept current as one site
        changes hands; recounted after a split or a dissolution)."""
        held = self._held.get(g)
        if held is None:
            mine = np.flatnonzero(self.sites.holder == g)
            held = self._remember(g, mine[self.sites.kind[mine] == NONSTATE])
        return held

    def _remember(self, g: int, held: np.ndarray) -> np.ndarray:
        held.flags.writeable = False
        self._held[g] = held
        return held

    def held_roadblocks(self, g: int) -> np.ndarray:
        return np.flatnonzero((self.rbs.kind == RB_NONSTATE) & (self.rbs.holder == g))

    def count_load(self) -> np.ndarray:
        """Each group's load recounted from the tables (what `groups.load` must equal at all times)."""
        n = self.groups.n
        held = self.sites.kind == NONSTATE
        s = np.bincount(self.sites.holder[held], weights=self.sites.hold_load[held], minlength=n)
        r = np.bincount(self.rbs.holder[self.rbs.kind == RB_NONSTATE], minlength=n).astype(float)
        return s[:n] + RB_LOAD * r[:n]

    # ------------------------------------------------------------------------------------------- changes
    def _note(self, place: str, index: int, group: int, sign: int, cause: str) -> None:
        """Log a non-state group's gain or loss of a place; a group evicted by a policy counts as displaced for
        a year (DISPLACED_WEEKS)."""
        if self.log is not None:
            self.log.append((place, index, group, sign, cause))
        if sign < 0 and cause == "dmz":
            self.groups.displaced_until[group] = self.week + DISPLACED_WEEKS

    def set_site(self, s: int, kind: int, holder: int = -1, predatory: bool = False, soldiers: float = 0.0,
                 cause: str = "") -> None:
        st = self.sites
        if st.kind[s] == NONSTATE:   # only non-state holdings are remembered and loaded
            old = int(st.holder[s])
            if (held := self._held.get(old)) is not None:
                self._remember(old, held[held != s])
            self.groups.load[old] -= st.hold_load[s]
            self._note("site", s, old, -1, cause)
        if kind == NONSTATE:
            if (held := self._held.get(holder)) is not None:
                k = int(held.searchsorted(s))
                self._remember(holder, np.concatenate((held[:k], np.array([s], dtype=held.dtype), held[k:])))
            self.groups.load[holder] += st.hold_load[s]
            self._note("site", s, holder, 1, cause)
        st.kind[s] = kind
        st.holder[s] = holder
        st.predatory[s] = predatory
        st.soldiers[s] = soldiers

    def set_roadblock(self, r: int, kind: int, holder: int = -1, cause: str = "") -> None:
        rb = self.rbs
        if rb.kind[r] == RB_NONSTATE:
            self.groups.load[rb.holder[r]] -= RB_LOAD
            self._note("roadblock", r, int(rb.holder[r]), -1, cause)
        if kind == RB_NONSTATE:
            self.groups.load[holder] += RB_LOAD
            self._note("roadblock", r, holder, 1, cause)
        rb.kind[r] = kind
        rb.holder[r] = holder

    def set_roadblocks(self, kind: np.ndarray, holder: np.ndarray) -> None:
        """All roadblocks at once (the start of a run)."""
        self.rbs.kind[:] = kind
        self.rbs.holder[:] = holder
        self.groups.load[:] = self.count_load()

    def transfer(self, g_from: int, g_to: int, sites: np.ndarray, roadblocks: np.ndarray) -> None:
        """Non-state sites and roadblocks of group `g_from` pass to group `g_to` (a split)."""
        self._held.pop(g_from, None)
        self._held.pop(g_to, None)
        self.sites.holder[sites] = g_to
        self.rbs.holder[roadblocks] = g_to
        for place, ids in (("site", sites), ("roadblock", roadblocks)):
            for i in ids:
                self._note(place, int(i), g_from, -1, "split")
                self._note(place, int(i), g_to, 1, "split")
        moved = self.sites.hold_load[sites].sum() + RB_LOAD * len(roadblocks)
        self.groups.load[g_from] -= moved
        self.groups.load[g_to] += moved

    def release_group(self, g: int) -> None:
        """A dissolved group's sites fall to nobody, its roadblocks to the state."""
        self._held.pop(g, None)
        held = (self.sites.kind == NONSTATE) & (self.sites.holder == g)
        for s in np.flatnonzero(held):
            self._note("site", int(s), g, -1, "dissolved")
        for r in self.held_roadblocks(g):
            self._note("roadblock", int(r), g, -1, "dissolved")
        self.sites.kind[held] = NONE
        self.sites.holder[held] = -1
        rb = (self.rbs.kind == RB_NONSTATE) & (self.rbs.holder == g)
        self.rbs.kind[rb] = RB_STATE
        self.rbs.holder[rb] = -1
        self.groups.load[g] = 0.0
