"""The plain-Mesa reference (benchmarks/reference_mesa.py) and the numba path give the same results, bit for bit,
on the same state and the same pre-drawn random numbers: the benchmark compares like with like."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks.reference_mesa import (
    ReferenceModel,
    compare,
    digest,
    numba_state,
    numba_week,
    prepare,
    python_twin,
    side_by_side,
)
from sim.codes import FIGHTING, MINING
from sim.kernels import market as kmarket
from sim.kernels.miners import Options, Persons, Tallies, choose_work
from sim.miners import gumbel_uniforms

from .conftest import make_config


@pytest.mark.parametrize("world,scale,overrides", [
    ("small", 1.0, {}),
    ("small", 2.0, {"policies.certification.enabled": True, "policies.certification.start": 0}),
    ("eastern_drc", 0.02, {}),
])
def test_reference_equals_numba_path(world, scale, overrides):
    cfg = make_config(world, seed=11, **{"world.population_scale": scale, **overrides})
    model = prepare(cfg, warmup=6)
    ref = ReferenceModel(model)
    start = numba_state(model)
    same = ("status", "site", "group", "site_miners", "site_children", "site_skill", "stock", "recruit_slots")
    assert not [k for k in same if not np.array_equal(start[k], ref.state()[k])]
    for week in range(8):
        numba_week(model)
        ref.step()
        assert compare(numba_state(model), ref.state()) == [], f"week {week}"
    end = numba_state(model)
    # the weeks exercised the choices: people moved, left and (where groups recruit) joined
    assert (end["site"] != start["site"]).any()
    assert (end["status"] != start["status"]).any()
    assert ((end["status"] == FIGHTING) & (start["status"] != FIGHTING)).any() or world == "eastern_drc" or overrides


def test_side_by_side_reports_agreement_and_times():
    r = side_by_side(make_config("small", seed=2), weeks=3)
    assert r["mismatches"] == {}
    assert r["numba_s_week"] > 0 and r["reference_s_week"] > 0 and r["miners"] > 0


def test_digest_tells_states_apart_bit_for_bit():
    """side_by_side compares fingerprints: one changed bit (even 0.0 -> -0.0) or dtype changes that quantity's."""
    model = prepare(make_config("small", seed=2), warmup=1)
    a = numba_state(model)
    b = {k: v.copy() for k, v in a.items()}
    assert digest(a) == digest(b)
    b["site_skill"][3] = np.nextafter(b["site_skill"][3], np.inf)
    b["stock"][b["stock"] == 0.0] = -0.0
    b["recruit_slots"] = b["recruit_slots"].astype(np.int32)
    da, db = digest(a), digest(b)
    assert [k for k in da if da[k] != db[k]] == ["site_skill", "stock", "recruit_slots"]


def test_python_twin_has_no_compiled_functions():
    twin = python_twin(kmarket)
    for name in ("clear_market", "_centre_netbacks", "_trader_best", "_uncertified_supply"):
        assert not hasattr(getattr(twin, name), "py_func"), name
    assert hasattr(kmarket.clear_market, "py_func")  # the real module is untouched


def test_gumbel_uniforms_reproduce_numpy_gumbel():
    n = 1000
    u = gumbel_uniforms(np.random.default_rng(4), n)
    rng = np.random.default_rng(4)
    g = rng.gumbel(size=(n, 4))
    # as numpy's C code does it, with the C library's log (np.log's vector code may differ in the last bit)
    assert [0.0 - 1.0 * math.log(-math.log(1.0 - x)) for x in u.ravel()] == g.ravel().tolist()
    # both leave the generator at the same place
    rng2 = np.random.default_rng(4)
    gumbel_uniforms(rng2, n)
    assert rng2.random() == rng.random()
    # drawn into reused memory (as the model does): the same numbers
    room = np.full(4 * n + 7, -1.0)
    assert np.array_equal(gumbel_uniforms(np.random.default_rng(4), n, out=room), u)
    assert (room[4 * n:] == -1.0).all()


@pytest.mark.parametrize("noise", [1e-7, 0.3, 50.0])
def test_choices_from_uniforms_equal_choices_from_gumbel_terms(noise):
    """choose_work settles most choices from the brackets of the Gumbel terms: the same choices, bit for bit,
    as from the exact terms, also where options nearly tie (the brackets overlap and it computes)."""
    rng = np.random.default_rng(8)
    n, n_s, n_g = 20_000, 60, 5
    status = rng.choice(np.array([MINING, 1, FIGHTING], dtype=np.int8), n, p=[0.6, 0.35, 0.05])
    site = rng.integers(0, n_s, n).astype(np.int32)
    skill = np.ones(n, dtype=np.float32)
    skill[::2] = rng.lognormal(0, 0.5, n // 2)
    farm = np.full(n, 1.0, dtype=np.float32)           # many exact ties with other options
    aversion = rng.choice(np.array([0.5, 1.0], dtype=np.float32), n)
    child = rng.random(n) < 0.1
    inc = np.full(n_s, 1.0)
    inc[::3] = rng.random(n_s // 3 + (n_s % 3 > 0)) * 2
    risk = np.zeros(n_s)
    open_ = np.arange(n_s) % 7 != 3     # a few closed sites: options of value -inf, or not eligible
    nb_indptr = np.arange(0, 3 * n_s + 1, 3, dtype=np.int64)
    nb_idx = rng.integers(0, n_s, 3 * n_s).astype(np.int64)
    recruit = np.where(np.arange(n_s) % 4 == 0, np.arange(n_s) % n_g, -1).astype(np.int32)
    revisers = np.sort(rng.choice(n, n // 2, replace=False)).astype(np.int32)
    u_cand = rng.random(len(revisers))
    u = gumbel_uniforms(rng, len(revisers))
    g = np.array([0.0 - 1.0 * math.log(-math.log(1.0 - x)) for x in u.ravel()]).reshape(u.shape)
    results = []
    for draws, from_u in ((g, False), (u, True)):
        slots = np.array([0, 3, 10**6, 0, 40], dtype=np.int64)   # some groups cannot recruit, some run out
        out = (status.copy(), site.copy(), np.full(n, -1, dtype=np.int16), slots,
               np.bincount(site[status == MINING], minlength=n_s).astype(np.int64), np.zeros(n_s, dtype=np.int64),
               np.zeros(n_s), np.zeros(n_g, dtype=np.int64))
        people = Persons(out[0], out[1], out[2], skill, farm, aversion, child)
        options = Options(inc, inc, open_, np.full(n_s, 600), np.arange(n_s) % 2, risk, nb_indptr, nb_idx, recruit, out[3],
                          np.full(n_g, 2.0), 0.0, 0.5, noise)
        counts = choose_work(revisers, people, options, u_cand, draws, Tallies(*out[4:]), from_u)
        results.append((counts, out))
    (c1, o1), (c2, o2) = results
    assert c1 == c2 and sum(c1) > 0
    assert c1[3] > 0 and o1[3][1] == 0 and o1[3][4] < 40   # people joined; a group ran out of slots
    for a, b in zip(o1, o2, strict=True):
        assert np.array_equal(a, b)
