"""Kernel twins: every numba kernel gives the same result as its plain-Python `py_func`, on real model states.

Arguments are built by name (a dict in the kernel's parameter order), and results compared by name, so that a
test reads which input and output it checks.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from numba.core.caching import NullCache

from sim import kernels
from sim.codes import DEAD, FIGHTING, FLOW_CERTIFIED, FLOW_SMUGGLE_SEIZED, FLOW_SMUGGLED, N_FLOWS, NONSTATE
from sim.kernels import market as kmarket
from sim.kernels import miners as kminers
from sim.taxation import TRAFFIC_USD_WEEK

from .conftest import make_config, run_model


@pytest.fixture(scope="module")
def model():
    """A small-world model after a year."""
    return run_model(make_config("small", steps=52, seed=5))


def _twin(kernel, make_args):
    """Call the compiled kernel and its py_func on fresh copies of the same named inputs; return
    ((result, args), (result, args)) with args as dicts by parameter name."""
    a1, a2 = make_args(), make_args()
    names = list(inspect.signature(kernel.py_func).parameters)
    assert list(a1)[: len(names)] == names[: len(a1)], "arguments must follow the kernel's parameter order"
    return (kernel(*a1.values()), a1), (kernel.py_func(*a2.values()), a2)


def _assert_same(x, y):
    if isinstance(x, tuple):
        assert len(x) == len(y)
        for a, b in zip(x, y, strict=True):
            _assert_same(a, b)
    elif isinstance(x, np.ndarray):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9)
    else:
        assert x == pytest.approx(y, rel=1e-12, abs=1e-9)


def test_every_kernel_is_numba_cached_with_a_python_twin():
    for k in kernels.KERNELS:
        assert callable(k.py_func), k
        assert not isinstance(k._cache, NullCache), f"{k.__name__}: compiled without cache=True"


def test_site_output_twin(model):
    w, st = model.world, model.sites

    def args():
        return dict(mineral=w.site_mineral, miners=st.miners.copy(), skill_sum=st.skill.copy(), capacity=st.capacity,
                    grade=st.grade, disruption=np.linspace(0, 0.5, w.n_sites), q_mineral=model.q_mineral,
                    elasticity=0.6, out=np.zeros(w.n_sites), per_skill_out=np.full(w.n_sites, np.nan))
    (r1, a1), (r2, a2) = _twin(kernels.site_output, args)
    _assert_same(r1, r2)
    _assert_same(a1["per_skill_out"], a2["per_skill_out"])
    assert r1.sum() > 0
    # output per unit of skill: what income_per_skill prices (extra 0) before the net price and the week
    now = kernels.income_per_skill(w.site_mineral, st.miners, st.capacity, st.grade, np.ones(w.n_sites),
                                   model.q_mineral, 0.6, 0, np.zeros(w.n_sites))
    assert np.array_equal(a1["per_skill_out"] / 7.0, now)


@pytest.mark.parametrize("extra", [0, 1])
def test_income_per_skill_twin(model, extra):
    w, st = model.world, model.sites

    def args():
        return dict(mineral=w.site_mineral, miners=st.miners.copy(), capacity=st.capacity, grade=st.grade,
                    net_price=np.maximum(st.price, 0), q_mineral=model.q_mineral, elasticity=0.5, extra=extra,
                    out=np.zeros(w.n_sites))
    (r1, _), (r2, _) = _twin(kernels.income_per_skill, args)
    _assert_same(r1, r2)


def test_weighted_picks_twin(model):
    """A group's draw of places: the same in numba and Python, and the positions numpy's searchsorted over the
    cumulative weights gives (ineligible places never drawn)."""
    g = max(model.armed_groups, key=lambda a: len(a.range_sites))
    eligible = model.sites.open.copy()
    eligible[g.range_sites[::2]] = False
    u = np.r_[np.random.default_rng(2).random(40), 0.0, 1.0 - 1e-16]

    def args():
        return dict(weight=g.site_interest, ids=g.range_sites, eligible=eligible, u=u,
                    out=np.full(len(u), -1, dtype=np.int64))
    (r1, a1), (r2, a2) = _twin(kernels.weighted_picks, args)
    assert r1 and r2
    np.testing.assert_array_equal(a1["out"], a2["out"])
    cum = np.cumsum(g.site_interest * eligible[g.range_sites])
    expected = np.minimum(np.searchsorted(cum, u * cum[-1], side="right"), len(cum) - 1)
    np.testing.assert_array_equal(a1["out"], expected)
    assert eligible[g.range_sites[a1["out"]]].all()
    none = np.zeros_like(eligible)
    assert not kernels.weighted_picks(g.site_interest, g.range_sites, none, u, np.zeros(len(u), dtype=np.int64))


def test_candidate_sites_twin(model):
    """The revisers' candidate sites (drawn in their own pass before the choices): the same in numba and Python,
    each a site within reach of the reviser's own, -1 only where none is."""
    w, pp = model.world, model.people
    rev = np.arange(0, pp.n, 3, dtype=np.int32)
    u = np.random.default_rng(1).random(len(rev))

    def args():
        return dict(revisers=rev, site=pp.site, nb_indptr=w.nb_indptr, nb_idx=w.nb_idx, u_cand=u)
    (r1, _), (r2, _) = _twin(kminers._candidate_sites, args)
    np.testing.assert_array_equal(r1, r2)
    h = pp.site[rev]
    deg = w.nb_indptr[h + 1] - w.nb_indptr[h]
    assert np.array_equal(r1 < 0, deg == 0)
    assert all(c in w.nb_idx[w.nb_indptr[s]:w.nb_indptr[s + 1]] for c, s in zip(r1[:500], h[:500], strict=True) if c >= 0)


def test_choose_work_twin(model):
    w, pp, st = model.world, model.people, model.sites
    rng = np.random.default_rng(0)
    rev = np.arange(0, pp.n, 3, dtype=np.int32)
    u, gum = rng.random(len(rev)), rng.gumbel(size=(len(rev), 4))
    slots = np.full(model.groups.n, 5, dtype=np.int64)
    risk = rng.random(w.n_sites)
    open_ = st.open.copy()
    open_[::5] = False   # some sites closed: not an option to move to or mine at

    def args():
        people = kminers.Persons(pp.status.copy(), pp.site.copy(), pp.group.copy(), pp.skill, pp.farm_income,
                                 pp.fight_aversion * 0.1, pp.child)
        options = kminers.Options(st.income_now, st.income_join, open_, st.room, w.site_mineral, risk, w.nb_indptr, w.nb_idx,
                                  model.control.nonstate_holder(), slots.copy(), np.full(len(slots), 3.0), 0.5, 1.0,
                                  0.5)
        tallies = kminers.Tallies(st.miners.copy(), st.children.copy(), st.skill.copy(),
                                  np.zeros(len(slots), dtype=np.int64))
        return dict(revisers=rev, people=people, opt=options, u_cand=u, gumbel=gum, tallies=tallies)
    (r1, a1), (r2, a2) = _twin(kernels.choose_work, args)
    assert r1 == r2
    for part, name in [*(("people", f) for f in ("status", "site", "group")), ("opt", "recruit_slots"),
                       *(("tallies", f) for f in kminers.Tallies._fields)]:
        np.testing.assert_array_equal(getattr(a1[part], name), getattr(a2[part], name), err_msg=name)
    assert sum(r1) > 0, "the test inputs should produce some changes"
    assert r1[3] > 0 and (model.control.nonstate_holder() >= 0).any(), "some revisers should join a group"
    now_mining = a1["people"].status == 0
    assert not (now_mining & ~open_[a1["people"].site] & (pp.status != 0)).any(), "nobody takes up a closed site"


def test_fighter_fates_twin(model):
    pp, grp = model.people, model.groups
    released = np.zeros(grp.n, dtype=np.bool_)
    released[0] = True
    u = np.random.default_rng(1).random(int(grp.fighters.sum()) + 1)

    def args():
        return dict(status=pp.status.copy(), group=pp.group.copy(), fighters=grp.fighters.copy(),
                    killed=np.where(grp.fighters > 0, 3.0, 0.0), deserted=np.where(grp.fighters > 0, 2.0, 0.0),
                    released=released, u=u, dead=np.full(len(u), -1, dtype=np.int64))
    (r1, a1), (r2, a2) = _twin(kernels.fighter_fates, args)
    assert r1 == r2
    for name in ("status", "fighters", "dead"):
        np.testing.assert_array_equal(a1[name], a2[name], err_msg=name)
    # the people killed, listed in index order, are exactly those now dead
    assert r1[0] > 0
    np.testing.assert_array_equal(a1["dead"][: r1[0]], np.flatnonzero(a1["status"] == DEAD))
    assert r1[0] + r1[1] + r1[2] > 0
    # the per-group counts it keeps are the fighters left
    fighting = a1["status"] == FIGHTING
    np.testing.assert_array_equal(a1["fighters"], np.bincount(a1["group"][fighting], minlength=grp.n))


@pytest.mark.parametrize("compliance,launder", [(0.0, False), (0.9, True)])
def test_clear_market_twin(model, compliance, launder):
    w, mk, st = model.world, model.market, model.sites
    n_min = len(w.mineral_names)
    cert = np.zeros(w.n_sites, dtype=np.bool_)
    cert[::3] = True
    terms = mk.terms._replace(compliance=np.full(n_min, compliance), unc_discount=np.full(n_min, 0.1 * compliance),
                              demand_ref=mk.terms.demand_ref * 0.3, tag_cost=np.full(n_min, 0.1 * compliance),
                              launder_price=mk.terms.p_world * 0.9 * compliance)
    trade = kmarket.Trade(0.01, 0.25, 0.03, 0.7, 1.0, np.array([0.3, 0.1, 0.05]), launder, 0.5, 0.3)
    n_cross = w.n_crossings

    def args():
        out = kmarket.Cleared(np.zeros(w.n_sites), np.zeros(w.n_sites), np.zeros(w.n_sites), np.zeros(n_min),
                              np.zeros((n_min, N_FLOWS)), np.zeros(w.n_tc, dtype=np.bool_),
                              *(np.zeros((n_min, n_cross)) for _ in range(4)), np.zeros(n_min))
        return dict(chain=mk.chain, terms=terms, trade=trade, supply=st.output * 1.5, certified=cert,
                    u_audit=np.linspace(0, 1, w.n_tc), out=out)
    (r1, a1), (r2, a2) = _twin(kernels.clear_market, args)
    _assert_same(r1, r2)
    for name in kmarket.Cleared._fields:
        _assert_same(getattr(a1["out"], name), getattr(a2["out"], name))
    out = a1["out"]
    # ore conservation inside the kernel: channels sum to sales; the smuggled part is split over the crossings
    np.testing.assert_allclose(out.flows.sum(1), np.bincount(w.site_mineral, weights=out.sold, minlength=n_min))
    np.testing.assert_allclose(out.cross_kg.sum(1) + out.cross_seized.sum(1),
                               out.flows[:, FLOW_SMUGGLED] + out.flows[:, FLOW_SMUGGLE_SEIZED])
    assert (out.laundered_abroad <= out.cross_kg + 1e-12).all()
    assert compliance == 0 or out.flows[:, FLOW_CERTIFIED].sum() > 0


def test_site_taxes_twin(model):
    w, st, mk = model.world, model.sites, model.market

    def args():
        return dict(site_mineral=w.site_mineral, value=np.maximum(st.price, 0) * st.sold, kind=st.kind,
                    holder=st.holder, predatory=np.arange(w.n_sites) % 2 == 0, concealability=mk.concealability,
                    ns_tax=0.2, state_tax=0.1, legal_fee=0.02, head_eff=0.4, tax_share=np.zeros(w.n_sites),
                    armed_take=np.full(w.n_sites, np.nan), group_rev=np.zeros(model.groups.n))
    (r1, a1), (r2, a2) = _twin(kernels.site_taxes, args)
    _assert_same(r1, r2)
    _assert_same(a1["tax_share"], a2["tax_share"])
    _assert_same(a1["group_rev"], a2["group_rev"])
    _assert_same(a1["armed_take"], a2["armed_take"])
    assert (st.kind == NONSTATE).any() and a1["group_rev"].sum() > 0
    assert a1["armed_take"].sum() == pytest.approx(a1["group_rev"].sum())   # every site's take goes to its holder


def test_roadblock_taxes_twin(model):
    w, rb, st, mk = model.world, model.roadblocks, model.sites, model.market

    def args():
        return dict(site_mineral=w.site_mineral, sold=st.sold, site_edge_indptr=w.site_edge_indptr,
                    site_edges=w.site_edges, edge_rb_indptr=w.edge_rb_indptr, edge_rbs=w.edge_rbs, fee_kg=mk.fee_kg,
                    traffic_usd=TRAFFIC_USD_WEEK, rb_kind=rb.kind, rb_holder=rb.holder,
                    rb_revenue=np.zeros(w.n_roadblocks), group_rev=np.zeros(model.groups.n))
    (r1, a1), (r2, a2) = _twin(kernels.roadblock_taxes, args)
    _assert_same(r1, r2)
    _assert_same(a1["rb_revenue"], a2["rb_revenue"])
    # fees paid by traders + traffic = revenue received by all operators
    assert r1[0] + r1[3] == pytest.approx(a1["rb_revenue"].sum())


def test_release_miners_twin(model):
    pp, st = model.people, model.sites
    closing = np.zeros(st.n, dtype=np.bool_)
    closing[np.flatnonzero(st.miners > 0)[::3]] = True

    def args():
        return dict(status=pp.status.copy(), site=pp.site, closing=closing)
    (r1, a1), (r2, a2) = _twin(kernels.release_miners, args)
    assert r1 == r2 > 0
    np.testing.assert_array_equal(a1["status"], a2["status"])
    assert not ((a1["status"] == 0) & closing[pp.site]).any()   # nobody mines at a closing site
    assert r1 == ((pp.status == 0) & closing[pp.site]).sum()


@pytest.mark.parametrize("n_closing", [1, 3, kminers.RELEASE_FEW_SITES])
def test_release_miners_few_sites_twin(model, n_closing):
    """A week's few closing sites (the block search): the same people released as by looking at everyone."""
    pp, st = model.people, model.sites
    closing = np.zeros(st.n, dtype=np.bool_)
    closing[np.flatnonzero(st.miners > 0)[::97][:n_closing]] = True

    def args():
        return dict(status=pp.status.copy(), site=pp.site, closing=closing)
    (r1, a1), (r2, a2) = _twin(kernels.release_miners, args)
    everyone = pp.status.copy()
    assert r1 == r2 == kminers._release_range(everyone, pp.site, closing, 0, pp.n) > 0
    np.testing.assert_array_equal(a1["status"], a2["status"])
    np.testing.assert_array_equal(a1["status"], everyone)


def test_release_range_twin(model):
    pp, st = model.people, model.sites
    closing = np.zeros(st.n, dtype=np.bool_)
    closing[np.flatnonzero(st.miners > 0)[::5]] = True

    def args():
        return dict(status=pp.status.copy(), site=pp.site, closing=closing, start=1000, end=pp.n - 1000)
    (r1, a1), (r2, a2) = _twin(kminers._release_range, args)
    assert r1 == r2 > 0
    np.testing.assert_array_equal(a1["status"], a2["status"])
