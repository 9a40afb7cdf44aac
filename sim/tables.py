"""The model's state as declared tables: one NumPy array per field, every field named once with its type, unit,
meaning and the mechanism that writes it (as Starsim declares its people).

`People` (sim/population.py) uses the same `Table`. Here: sites (one row per mine site), roadblocks, and armed
groups (one row per group, with room for splinters). Static geography is in `sim.world.World`; these tables hold
what changes during a run. Derived quantities are kept in one place: a group's `load` only by `sim.control`
(every change of holdings goes through it), `fighters` only by the people-moving mechanisms named below.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numpy as np


class Field(NamedTuple):
    dtype: type
    unit: str
    meaning: str
    writer: str          # the module (mechanism) that writes the field during a run
    fill: float = 0


class Table:
    """Struct-of-arrays: `table.<field>` is a NumPy array of length `n` for every field of `FIELDS`."""

    FIELDS: ClassVar[dict[str, Field]] = {}

    def __init__(self, n: int) -> None:
        self.n = int(n)
        for name, f in self.FIELDS.items():
            setattr(self, name, np.full(self.n, f.fill, dtype=f.dtype))

    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in self.FIELDS)


class Sites(Table):
    """Mine sites: who works there, what they produce and earn, who holds the site, and the violence there."""

    FIELDS = {
        # the deposit
        "open": Field(np.bool_, "-", "the site is worked (an IPIS site, or a deposit found); closed: not yet "
                      "found, exhausted or abandoned", "deposits"),
        "idle_weeks": Field(np.int16, "weeks", "weeks an open site has had no miners", "deposits"),
        "area_workforce": Field(np.float64, "people", "workforce of the IPIS sites within a miner's reach (who "
                                "prospects around the site)", "model"),
        "grade": Field(np.float64, "-", "ore grade relative to the mineral's average (lognormal, median 1); "
                       "redrawn when a deposit is exhausted", "model, deposits"),
        "capacity": Field(np.float64, "people", "workforce at which each miner produces the mineral's output per "
                          "miner (IPIS workers x population scale)", "model"),
        "room": Field(np.int64, "people", "most miners the site takes: capacity x miners.access_cap (pit owners "
                      "and shaft managers control who digs)", "model"),
        "hold_load": Field(np.float64, "places", "what holding the site ties down of a group, in units of "
                           "min_fighters_per_site: max(1, workers / (miners_per_fighter x min_fighters_per_site))"
                           "^posting_exponent", "model"),
        "protection": Field(np.float64, "fighter-equivalents", "community and state protection of the site "
                            "against an armed group: local_defence x (workers / 100)^size_defence_exponent",
                            "model"),
        # people
        "miners": Field(np.int64, "people", "people mining here", "population, miners (choices), policies"),
        "children": Field(np.int64, "people", "children under 15 mining here", "population, miners"),
        "skill": Field(np.float64, "-", "summed skill of the miners here", "population, miners"),
        # production, market, taxes, incomes
        "output": Field(np.float64, "kg/week", "ore produced this week", "miners (produce)"),
        "output_per_skill": Field(np.float64, "kg/week", "output per unit of skill before disruption",
                                  "miners (produce)"),
        "price": Field(np.float64, "USD/kg", "farm-gate price this week", "market"),
        "sold": Field(np.float64, "kg/week", "ore sold this week", "market"),
        "stock": Field(np.float64, "kg", "unsold ore kept at the site", "market"),
        "value": Field(np.float64, "USD/week", "this week's output at the farm-gate price", "taxation"),
        "tax_share": Field(np.float64, "share", "share of the value of sales taken by all collectors", "taxation"),
        "rent_nonstate": Field(np.float64, "USD/week", "what the site would yield a non-state group", "taxation"),
        "armed_take": Field(np.float64, "USD/week", "taxes the non-state group holding the site took this week",
                            "taxation"),
        "income_now": Field(np.float64, "USD/day", "net income per unit of skill of a miner here", "miners"),
        "income_join": Field(np.float64, "USD/day", "net income per unit of skill of one more miner here",
                             "miners"),
        "certified": Field(np.bool_, "-", "ore from the site is tagged as certified", "policies (certification)"),
        # holdings
        "kind": Field(np.int8, "code", "who holds the site (sim.codes: NONE, STATE, NONSTATE, DMZ)", "control"),
        "holder": Field(np.int32, "id", "group id (NONSTATE) or army unit id (STATE, DMZ); -1 if none", "control",
                        -1),
        "predatory": Field(np.bool_, "-", "the garrison preys on miners (illegal taxation, abuses)", "control"),
        "soldiers": Field(np.float64, "soldiers", "garrison strength (STATE, DMZ)", "control"),
        # violence
        "events": Field(np.int32, "events/week", "violent events and abuses here this week", "conflict"),
        "abuses": Field(np.int32, "events/week", "abuses against civilians here this week (looting included)",
                        "conflict"),
        "looted": Field(np.int32, "events/week", "looting by groups short of revenue, attributed here this week",
                        "conflict"),
        "violence": Field(np.float64, "events/week", "violence miners remember (10-week moving average)",
                          "control"),
        "disruption": Field(np.float64, "share", "output lost this week to last week's clashes", "control"),
    }


class Roadblocks(Table):
    """Roadblocks on the road tree: who runs each and what it takes."""

    FIELDS = {
        "kind": Field(np.int8, "code", "who runs it (sim.codes: RB_STATE, RB_NONSTATE, RB_OTHER)", "control", 1),
        "holder": Field(np.int32, "id", "group id for RB_NONSTATE, else -1", "control", -1),
        "revenue": Field(np.float64, "USD/week", "fees on ore passing plus traffic revenue", "taxation"),
    }


class Groups(Table):
    """Non-state armed groups (the agents are sim.armed_groups.ArmedGroup; this is their state, row = group id)."""

    FIELDS = {
        "alive": Field(np.bool_, "-", "the group exists (splinters get rows as they form)", "armed_groups"),
        "cash": Field(np.float64, "USD", "the group's cash", "armed_groups, miners (recruits' arms)"),
        "fighters": Field(np.int64, "people", "members (people with status FIGHTING in this group)",
                          "miners (recruits), armed_groups (fates, splits), policies (DDR)"),
        "load": Field(np.float64, "places", "places held: the sites' hold_load + RB_LOAD x roadblocks (what its "
                      "fighters are spread over, in units of min_fighters_per_site)", "control"),
        "revenue": Field(np.float64, "USD/week", "taxes collected at sites and roadblocks this week", "taxation"),
        "pay": Field(np.float64, "USD/day", "what a fighter (or recruit) gets: base pay plus a share of revenue",
                     "armed_groups"),
        "recruit_slots": Field(np.int64, "people", "recruits the group can still arm this week",
                               "armed_groups, miners, policies (DDR)"),
        "killing": Field(np.int64, "people", "fighters to die this week (clashes)", "conflict, policies (DMZ)"),
        "deserting": Field(np.int64, "people", "fighters to leave this week (unpaid)", "armed_groups"),
        "displaced_until": Field(np.int32, "week", "a group evicted by a policy (a demilitarised zone) is followed "
                                 "as displaced until this week", "control", -1),
    }
