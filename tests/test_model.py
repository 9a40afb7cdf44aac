"""Model behaviour: the price shock mechanism, common random numbers, the initial state from IPIS data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.codes import FIGHTING, MINING, NONSTATE
from sim.metrics import METRIC_NAMES
from sim.model import ConflictMineralsModel

from .conftest import cached_world, make_config, run_model


def frame(m) -> pd.DataFrame:
    return pd.DataFrame(m.metrics, columns=METRIC_NAMES)


@pytest.mark.parametrize("mineral", ["tantalum", "gold"])
def test_price_shock_raises_world_and_farmgate_prices_of_the_shocked_mineral(mineral):
    """Same seed with and without the shock (common random numbers): before the shock the runs are identical,
    during it the shocked mineral's world and farm-gate prices are higher."""
    base = frame(run_model(make_config("small", steps=60, seed=2)))
    shock = frame(run_model(make_config("small", steps=60, seed=2, **{
        "shock.kind": "price", "shock.mineral": mineral, "shock.factor": 3.0, "shock.start": 30})))
    pd.testing.assert_frame_equal(base.iloc[:30], shock.iloc[:30])
    during = slice(30, 60)
    assert (shock[f"world_usd_kg_{mineral}"].iloc[during] == 3 * base[f"world_usd_kg_{mineral}"].iloc[during]).all()
    assert (shock[f"farmgate_usd_kg_{mineral}"].iloc[during] > 1.5 * base[f"farmgate_usd_kg_{mineral}"].iloc[during]).all()


def test_temporary_shock_ends():
    df = frame(run_model(make_config("small", steps=40, seed=2, **{
        "shock.kind": "price", "shock.mineral": "tin", "shock.factor": 2.0, "shock.start": 10, "shock.duration": 5})))
    w = df["world_usd_kg_tin"]
    assert w.iloc[9] == w.iloc[15] and w.iloc[10] == 2 * w.iloc[9] and w.iloc[14] == 2 * w.iloc[9]


def test_higher_tantalum_price_draws_miners_to_tantalum_sites():
    """Miners respond to prices: a permanent tantalum boom raises tantalum output (paired seeds)."""
    kw = dict(steps=80, seed=4)
    base = frame(run_model(make_config("small", **kw)))
    boom = frame(run_model(make_config("small", **kw, **{"shock.kind": "price", "shock.mineral": "tantalum",
                                                          "shock.factor": 4.0, "shock.start": 10})))
    assert boom["production_kg_tantalum"].iloc[-20:].mean() > 1.1 * base["production_kg_tantalum"].iloc[-20:].mean()


def test_initial_state_follows_the_ipis_cross_section():
    w = cached_world("eastern_drc")
    m = ConflictMineralsModel(make_config("eastern_drc", steps=1), world=w)
    sites = w.sites
    assert (m.sites.kind == NONSTATE).sum() == sites["ipis_nonstate"].sum()
    assert m.sites.miners.sum() == sites["workers"].sum()
    assert (m.people.status == FIGHTING).sum() == w.groups["fighters"].sum()
    assert (m.people.status == MINING).sum() == sites["workers"].sum()
    assert 0.01 < m.people.child[m.people.status == MINING].mean() < 0.1


def test_population_scale_scales_people():
    m = ConflictMineralsModel(make_config("small", steps=1, **{"world.population_scale": 2.0}))
    assert m.sites.miners.sum() == 2 * cached_world("small").sites["workers"].sum()


def test_streams_are_independent_of_each_other():
    """A different number of draws in one decision leaves the other decisions' draws untouched."""
    from sim.streams import Streams

    s = Streams(7)
    a = s.week("miner_choice", 3).random(5)
    s.week("groups", 3).random(1000)
    b = s.week("miner_choice", 3).random(5)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, s.week("miner_choice", 4).random(5))


def test_split_groups_take_the_nearer_sites_and_remembered_holdings_stay_current():
    """Forced splits every week (debug=true checks each week that every group's remembered held sites equal a
    scan of the site table): splinters exist, hold sites, and their fighters are people of the model."""
    cfg = make_config("small", steps=30, seed=3, debug=True, **{
        "armed_groups.split_fighters": 20, "armed_groups.split_prob_week": 1.0})
    m = run_model(cfg)
    splinters = [g for g in m.armed_groups if "splinter" in g.name]
    assert len(splinters) >= 3
    held = [len(m.control.held_sites(g.gid)) for g in splinters if g.alive]
    assert sum(held) > 0
    for g in m.armed_groups:   # the remembered holdings of every group, alive or not, equal a fresh scan
        np.testing.assert_array_equal(m.control.held_sites(g.gid), np.flatnonzero(
            (m.sites.holder == g.gid) & (m.sites.kind == NONSTATE)))


def test_run_builds_the_world_of_the_config():
    """`sim.run.api.run` honours world settings (here the population scale) instead of reusing a default world,
    and a model refuses a prebuilt world of another scale."""
    from sim.run.api import run

    cfg = make_config("small", steps=1, **{"world.population_scale": 2.0})
    m, m1 = run(cfg), run(make_config("small", steps=1))
    assert m.world.population_scale == 2.0
    assert 1.95 < m.people.n / m1.people.n < 2.05
    with pytest.raises(ValueError, match="population scale"):
        ConflictMineralsModel(cfg, world=cached_world("small"))


def test_debug_catches_incomes_priced_on_stale_output_per_skill():
    """update_incomes reuses production's output per unit of skill; with debug=true a mismatch (miners moved in
    between) stops the run, naming the week."""
    from sim import miners
    from sim.invariants import InvariantError

    model = ConflictMineralsModel(make_config("small", seed=3, debug=True), world=cached_world("small"))
    model.run(3)
    miners.produce(model)
    miners.update_incomes(model)                   # consistent: passes
    busy = int(np.argmax(model.sites.miners))
    model.sites.miners[busy] += 5                   # as if five people arrived after production
    with pytest.raises(InvariantError, match=f"week {model.week}: income now"):
        miners.update_incomes(model)
