"""Conservation and range checks, run every step with `debug=true` (and by the property tests).

Ore: everything produced is sold (official, certified, laundered, smuggled or seized) or in stock.
Money: taxes miners pay at sites equal what controllers receive; roadblock fees and traffic revenue paid
equal what operators receive. People: the population is constant; the only exit is death in clashes, each
matched by a newcomer (the declared flows), and every counter kept per site or per group equals a recount from
the people arrays; each group's remembered held sites equal a scan of the site table. Every metric is finite
and every share lies in [0, 1]. A failure names the week and the quantity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .control import NONSTATE
from .metrics import METRICS
from .population import DEAD, FIGHTING, MINING

if TYPE_CHECKING:
    from .model import ConflictMineralsModel


class InvariantError(AssertionError):
    """An invariant broke: the message names the week and the quantity."""


class Ledger:
    """Running totals needed by the conservation checks."""

    def __init__(self, n_minerals: int, n_people: int) -> None:
        self.produced = np.zeros(n_minerals)
        self.sold = np.zeros(n_minerals)
        self.n_people = n_people
        self.killed = 0
        self.newcomers = 0


def _close(a: float, b: float, rel: float = 1e-7, abs_: float = 1e-6) -> bool:
    return abs(a - b) <= abs_ + rel * max(abs(a), abs(b))


def check_invariants(model: ConflictMineralsModel) -> None:
    """Raise InvariantError if any conservation law or range is broken after this step."""
    w, mk, pp, t = model.world, model.market, model.people, model.week
    led = model.ledger

    def fail(q: str, detail: str) -> None:
        raise InvariantError(f"week {t}: {q}: {detail}")

    n_min = len(w.mineral_names)
    led.produced += np.bincount(w.site_mineral, weights=model.output, minlength=n_min)
    sold_m = np.bincount(w.site_mineral, weights=mk.sold, minlength=n_min)
    led.sold += sold_m
    stock_m = np.bincount(w.site_mineral, weights=mk.stock, minlength=n_min)
    for m, name in enumerate(w.mineral_names):
        if not _close(led.produced[m], led.sold[m] + stock_m[m]):
            fail(f"ore ({name})", f"produced {led.produced[m]:.6g} kg != sold {led.sold[m]:.6g} + stock "
                                  f"{stock_m[m]:.6g}")
        if not _close(mk.flows[m].sum(), sold_m[m]):
            fail(f"ore channels ({name})", f"flows {mk.flows[m].sum():.6g} kg != sold {sold_m[m]:.6g}")
    if (mk.flows < -1e-9).any() or (mk.stock < -1e-9).any():
        fail("ore", "negative flow or stock")
    r = model.revenue
    if not _close(r["site_taxes_paid"], r["site_taxes_received"], abs_=1e-3):
        fail("money (site taxes)", f"paid {r['site_taxes_paid']:.6g} != received {r['site_taxes_received']:.6g}")
    if not _close(r["roadblock_fees_paid"], r["roadblock_fees_received"], abs_=1e-3):
        fail("money (roadblocks)", f"paid {r['roadblock_fees_paid']:.6g} != received "
                                   f"{r['roadblock_fees_received']:.6g}")
    # people
    counts = np.bincount(pp.status, minlength=6)
    if counts.sum() != led.n_people:
        fail("people", f"population {counts.sum()} != {led.n_people}")
    led.killed += model.events["killed"]
    led.newcomers += model.events["newcomers"]
    if counts[DEAD] != 0 or led.newcomers != led.killed:
        fail("people", f"{led.killed} killed in clashes but {led.newcomers} newcomers ({counts[DEAD]} dead left)")
    mining = pp.status == MINING
    n_s = w.n_sites
    if not np.array_equal(np.bincount(pp.site[mining], minlength=n_s), model.site_miners):
        fail("people (miners per site)", "site counters differ from a recount")
    if not np.array_equal(np.bincount(pp.site[mining & pp.child], minlength=n_s), model.site_children):
        fail("people (children per site)", "site counters differ from a recount")
    skill = np.bincount(pp.site[mining], weights=pp.skill[mining], minlength=n_s)
    if not np.allclose(skill, model.site_skill, rtol=1e-6, atol=1e-3):
        fail("people (skill per site)", "site sums differ from a recount")
    g = np.bincount(pp.group[pp.status == FIGHTING], minlength=len(model.group_fighters))
    if not np.array_equal(g[: len(model.group_fighters)], model.group_fighters):
        fail("people (fighters per group)", "group counters differ from a recount")
    if (model.site_miners < 0).any() or (model.group_fighters < 0).any():
        fail("people", "negative count")
    for grp in model.groups:
        if grp.alive and not np.isfinite(grp.cash):
            fail(f"group {grp.gid} cash", "not finite")
    ctl = model.control
    for gid, held in ctl._held.items():   # remembered holdings == a fresh scan
        if not np.array_equal(held, np.flatnonzero((ctl.site_holder == gid) & (ctl.site_kind == NONSTATE))):
            fail(f"group {gid} holdings", "remembered held sites differ from the site table")
    # metrics: finite; shares in [0, 1]
    row = model.metrics[t] if t < len(model.metrics) else None
    if row is not None:
        for i, mt in enumerate(METRICS):
            v = row[i]
            if not np.isfinite(v):
                fail(mt.name, f"not finite ({v})")
            if mt.unit == "share" and not (-1e-12 <= v <= 1 + 1e-12):
                fail(mt.name, f"share outside [0, 1] ({v})")
            if mt.unit != "share" and mt.name not in ("policy_cost_usd",) and v < -1e-9:
                fail(mt.name, f"negative ({v})")
