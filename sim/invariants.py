"""Conservation and range checks, run every step with `debug=true` (and by the property tests).

Ore: everything produced is sold (official, certified, laundered, smuggled or seized) or in stock.
Money: taxes miners pay at sites equal what controllers receive; roadblock fees and traffic revenue paid
equal what operators receive. People: the population is constant; the only exit is death in clashes, each
matched by a newcomer (the declared flows), and every counter kept per site or per group equals a recount from
the people arrays; each group's load and remembered held sites equal a scan of the site and roadblock tables.
Every metric is finite and every share lies in [0, 1]. A failure names the week and the quantity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .codes import DEAD, FIGHTING, MINING, NONSTATE
from .metrics import METRICS

if TYPE_CHECKING:
    from .protocols import ModelState


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


def check_invariants(model: ModelState) -> None:
    """Raise InvariantError if any conservation law or range is broken after this step."""
    for check in (_ore, _money, _people, _holdings, _metrics):
        problem = check(model)
        if problem is not None:
            raise InvariantError(f"week {model.week}: {problem[0]}: {problem[1]}")


Problem = tuple[str, str] | None   # (quantity, what is wrong)


def _ore(model: ModelState) -> Problem:
    """Ore produced = sold + in stock (cumulated); flows by channel = ore sold; nothing negative."""
    w, mk, st, led = model.world, model.market, model.sites, model.ledger
    n_min = len(w.mineral_names)
    led.produced += np.bincount(w.site_mineral, weights=st.output, minlength=n_min)
    sold_m = np.bincount(w.site_mineral, weights=st.sold, minlength=n_min)
    led.sold += sold_m
    stock_m = np.bincount(w.site_mineral, weights=st.stock, minlength=n_min)
    for m, name in enumerate(w.mineral_names):
        if not _close(led.produced[m], led.sold[m] + stock_m[m]):
            return (f"ore ({name})", f"produced {led.produced[m]:.6g} kg != sold {led.sold[m]:.6g} + stock "
                                     f"{stock_m[m]:.6g}")
        if not _close(mk.flows[m].sum(), sold_m[m]):
            return f"ore channels ({name})", f"flows {mk.flows[m].sum():.6g} kg != sold {sold_m[m]:.6g}"
    if (mk.flows < -1e-9).any() or (st.stock < -1e-9).any():
        return "ore", "negative flow or stock"
    return None


def _money(model: ModelState) -> Problem:
    """Taxes paid at sites and roadblocks = taxes received by their collectors."""
    r = model.revenue
    if not _close(r["site_taxes_paid"], r["site_taxes_received"], abs_=1e-3):
        return "money (site taxes)", f"paid {r['site_taxes_paid']:.6g} != received {r['site_taxes_received']:.6g}"
    if not _close(r["roadblock_fees_paid"], r["roadblock_fees_received"], abs_=1e-3):
        return ("money (roadblocks)", f"paid {r['roadblock_fees_paid']:.6g} != received "
                                      f"{r['roadblock_fees_received']:.6g}")
    return None


def _people(model: ModelState) -> Problem:
    """A constant population with deaths matched by newcomers; per-site and per-group counters = recounts."""
    pp, st, grp, led, n_s = model.people, model.sites, model.groups, model.ledger, model.world.n_sites
    counts = np.bincount(pp.status, minlength=6)
    if counts.sum() != led.n_people:
        return "people", f"population {counts.sum()} != {led.n_people}"
    led.killed += model.events["killed"]
    led.newcomers += model.events["newcomers"]
    if counts[DEAD] != 0 or led.newcomers != led.killed:
        return "people", f"{led.killed} killed in clashes but {led.newcomers} newcomers ({counts[DEAD]} dead left)"
    mining = pp.status == MINING
    if not np.array_equal(np.bincount(pp.site[mining], minlength=n_s), st.miners):
        return "people (miners per site)", "site counters differ from a recount"
    if not np.array_equal(np.bincount(pp.site[mining & pp.child], minlength=n_s), st.children):
        return "people (children per site)", "site counters differ from a recount"
    if not np.allclose(np.bincount(pp.site[mining], weights=pp.skill[mining], minlength=n_s), st.skill,
                       rtol=1e-6, atol=1e-3):
        return "people (skill per site)", "site sums differ from a recount"
    if not np.array_equal(np.bincount(pp.group[pp.status == FIGHTING], minlength=grp.n)[:grp.n], grp.fighters):
        return "people (fighters per group)", "group counters differ from a recount"
    if (st.miners < 0).any() or (grp.fighters < 0).any():
        return "people", "negative count"
    if not np.isfinite(grp.cash[grp.alive]).all():
        return "group cash", "not finite"
    return None


def _holdings(model: ModelState) -> Problem:
    """Each group's load and remembered held sites equal a scan of the site and roadblock tables."""
    ctl, st = model.control, model.sites
    if not np.array_equal(model.groups.load, ctl.count_load()):
        return "group load", "differs from a recount of held sites and roadblocks"
    for gid, held in ctl._held.items():
        if not np.array_equal(held, np.flatnonzero((st.holder == gid) & (st.kind == NONSTATE))):
            return f"group {gid} holdings", "remembered held sites differ from the site table"
    return None


def _metrics(model: ModelState) -> Problem:
    """Every metric of the week is finite; shares lie in [0, 1]; counts and amounts are not negative."""
    if model.week >= len(model.metrics):
        return None
    for v, mt in zip(model.metrics[model.week], METRICS, strict=True):
        if not np.isfinite(v):
            return mt.name, f"not finite ({v})"
        if mt.unit == "share" and not (-1e-12 <= v <= 1 + 1e-12):
            return mt.name, f"share outside [0, 1] ({v})"
        if mt.unit != "share" and v < -1e-9:
            return mt.name, f"negative ({v})"
    return None
