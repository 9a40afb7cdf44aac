"""Kernel twins: every numba kernel gives the same result as its plain-Python `py_func`, on real model states."""

from __future__ import annotations

import numpy as np
import pytest

from sim import kernels
from sim.kernels import market as kmarket
from sim.population import DEAD, FIGHTING
from sim.taxation import TRAFFIC_USD_WEEK

from .conftest import make_config, run_model


@pytest.fixture(scope="module")
def model():
    """A small-world model after a year, with certification-like settings so every branch has work."""
    m = run_model(make_config("small", steps=52, seed=5))
    return m


def _twin(kernel, args_factory):
    """Call the compiled kernel and its py_func on fresh copies of the same inputs; return both results."""
    a1, a2 = args_factory(), args_factory()
    r1 = kernel(*a1)
    r2 = kernel.py_func(*a2)
    return (r1, a1), (r2, a2)


def _assert_same(x, y):
    if isinstance(x, tuple):
        assert len(x) == len(y)
        for a, b in zip(x, y, strict=True):
            _assert_same(a, b)
    elif isinstance(x, np.ndarray):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9)
    else:
        assert x == pytest.approx(y, rel=1e-12, abs=1e-9)


def test_every_kernel_is_numba_with_a_python_twin():
    for k in kernels.KERNELS:
        assert callable(k.py_func), k
        assert k._cache is not None  # cache=True


def test_site_output_twin(model):
    w = model.world
    def args():
        return (w.site_mineral, model.site_miners.copy(), model.site_skill.copy(), model.site_capacity_scaled,
                model.site_grade, np.linspace(0, 0.5, w.n_sites), model.q_mineral, 0.6, np.zeros(w.n_sites),
                np.full(w.n_sites, np.nan))
    (r1, a1), (r2, a2) = _twin(kernels.site_output, args)
    _assert_same(r1, r2)
    _assert_same(a1[-1], a2[-1])
    assert r1.sum() > 0
    # output per unit of skill: what income_per_skill prices (extra 0) before the net price and the week
    price = np.ones(w.n_sites)
    now = kernels.income_per_skill(w.site_mineral, model.site_miners, model.site_capacity_scaled, model.site_grade,
                                   price, model.q_mineral, 0.6, 0, np.zeros(w.n_sites))
    assert np.array_equal(a1[-1] / 7.0, now)


@pytest.mark.parametrize("extra", [0, 1])
def test_income_per_skill_twin(model, extra):
    w = model.world
    def args():
        return (w.site_mineral, model.site_miners.copy(), model.site_capacity_scaled, model.site_grade,
                np.maximum(model.market.price, 0), model.q_mineral, 0.5, extra, np.zeros(w.n_sites))
    (r1, _), (r2, _) = _twin(kernels.income_per_skill, args)
    _assert_same(r1, r2)


def test_choose_work_twin(model):
    w, pp = model.world, model.people
    rng = np.random.default_rng(0)
    rev = np.arange(0, pp.n, 3, dtype=np.int32)
    u, gum = rng.random(len(rev)), rng.gumbel(size=(len(rev), 4))
    slots = np.full(len(model.group_fighters), 5, dtype=np.int64)
    recruit = np.where(model.control.site_kind == 2, model.control.site_holder, -1).astype(np.int32)
    risk = rng.random(w.n_sites)
    def args():
        return (rev, pp.status.copy(), pp.site.copy(), pp.group.copy(), pp.skill, pp.farm_income,
                pp.fight_aversion * 0.1, pp.child, model.income_now, model.income_join, risk,
                w.nb_indptr, w.nb_idx, recruit, slots.copy(), np.full(len(slots), 3.0), 0.5, 0.5, u, gum,
                model.site_miners.copy(), model.site_children.copy(), model.site_skill.copy(),
                np.zeros(len(slots), dtype=np.int64))
    (r1, a1), (r2, a2) = _twin(kernels.choose_work, args)
    assert r1 == r2
    for i in (1, 2, 3, 14, 20, 21, 22, 23):
        np.testing.assert_array_equal(a1[i], a2[i])
    assert sum(r1) > 0, "the test inputs should produce some changes"


def test_fighter_fates_twin(model):
    pp = model.people
    n = len(model.group_fighters)
    killed = np.where(model.group_fighters > 0, 3.0, 0.0)
    deserted = np.where(model.group_fighters > 0, 2.0, 0.0)
    released = np.zeros(n, dtype=np.bool_)
    released[0] = True
    u = np.random.default_rng(1).random(int(model.group_fighters.sum()) + 1)
    def args():
        return (pp.status.copy(), pp.group.copy(), model.group_fighters.copy(), killed, deserted, released, u,
                np.full(len(u), -1, dtype=np.int64))
    (r1, a1), (r2, a2) = _twin(kernels.fighter_fates, args)
    assert r1 == r2
    np.testing.assert_array_equal(a1[0], a2[0])
    np.testing.assert_array_equal(a1[2], a2[2])
    np.testing.assert_array_equal(a1[7], a2[7])
    # the people killed, listed in index order, are exactly those now dead
    assert r1[0] > 0
    np.testing.assert_array_equal(a1[7][: r1[0]], np.flatnonzero(a1[0] == DEAD))
    assert r1[0] + r1[1] + r1[2] > 0
    # the per-group counts it keeps are the fighters left
    fighting = a1[0] == FIGHTING
    np.testing.assert_array_equal(a1[2], np.bincount(a1[1][fighting], minlength=n))


@pytest.mark.parametrize("compliance,launder", [(0.0, False), (0.9, True)])
def test_clear_market_twin(model, compliance, launder):
    w, mk = model.world, model.market
    n_min = len(w.mineral_names)
    cert = np.zeros(w.n_sites, dtype=np.bool_)
    cert[::3] = True
    comp = np.full(n_min, compliance)
    def args():
        return (mk.min_indptr, mk.min_sites, w.site_tc, model.output * 1.5, cert, mk.route_cost, w.tc_hub, mk.tr_indptr,
                mk.traders["rho"], model.world_price, comp, comp * 0.1, mk.demand_ref * 0.3, mk.export_tax,
                mk.official_cost, mk.smug_cost, mk.regional_disc, mk.exit_km, w.hc_indptr, w.hc_idx, w.hc_km,
                np.array([0.3, 0.1, 0.05]), 0.01, 0.25, 0.03, 0.7, 1.0, launder, 0.5, 0.3,
                np.linspace(0, 1, w.n_tc), np.zeros(w.n_sites), np.zeros(w.n_sites), np.zeros(w.n_sites),
                np.zeros(n_min), np.zeros((n_min, kmarket.N_FLOWS)), np.zeros(w.n_tc, dtype=np.bool_))
    (r1, a1), (r2, a2) = _twin(kernels.clear_market, args)
    _assert_same(r1, r2)
    for i in range(31, 37):
        _assert_same(a1[i], a2[i])
    # ore conservation inside the kernel: channels sum to sales
    np.testing.assert_allclose(a1[35].sum(1), np.bincount(w.site_mineral, weights=a1[32], minlength=n_min))


def test_site_taxes_twin(model):
    w, ctl, mk = model.world, model.control, model.market
    value = np.maximum(mk.price, 0) * mk.sold
    pred = np.arange(w.n_sites) % 2 == 0
    def args():
        return (w.site_mineral, value, ctl.site_kind, ctl.site_holder, pred, mk.concealability, 0.2, 0.1, 0.02,
                0.4, np.zeros(w.n_sites), np.zeros(len(model.group_fighters)))
    (r1, a1), (r2, a2) = _twin(kernels.site_taxes, args)
    _assert_same(r1, r2)
    _assert_same(a1[10], a2[10])
    _assert_same(a1[11], a2[11])


def test_roadblock_taxes_twin(model):
    w, ctl, mk = model.world, model.control, model.market
    def args():
        return (w.site_mineral, mk.sold, w.site_edge_indptr, w.site_edges, w.edge_rb_indptr, w.edge_rbs,
                mk.fee_kg, TRAFFIC_USD_WEEK, ctl.rb_kind, ctl.rb_holder, np.zeros(w.n_roadblocks),
                np.zeros(len(model.group_fighters)))
    (r1, a1), (r2, a2) = _twin(kernels.roadblock_taxes, args)
    _assert_same(r1, r2)
    _assert_same(a1[10], a2[10])
    # fees paid by traders + traffic = revenue received by all operators
    assert r1[0] + r1[3] == pytest.approx(a1[10].sum())
