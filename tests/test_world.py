"""World building: the derived IPIS site table, the route network and roadblocks, the small world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.world import PACKAGE_DIR

from .conftest import cached_world, make_config

IPIS = PACKAGE_DIR / "data" / "ipis" / "cod_mines_curated_all_opendata_p_ipis.csv"   # the project's copy


def test_eastern_drc_matches_the_ipis_cross_section():
    w = cached_world("eastern_drc")
    s = w.sites
    assert 2400 <= w.n_sites <= 2450
    assert 350_000 <= s["workers"].sum() <= 400_000
    assert s["workers"].median() == pytest.approx(68, abs=5)
    assert (s["mineral"] == "gold").mean() == pytest.approx(0.68, abs=0.03)
    assert s["ipis_armed"].mean() == pytest.approx(0.49, abs=0.01)
    assert s["ipis_nonstate"].mean() == pytest.approx(0.19, abs=0.01)
    assert 60 <= len(w.groups) <= 140
    assert 5_000 <= w.groups["fighters"].sum() <= 40_000


def test_route_network_connects_every_site_to_a_hub_through_roadblocks():
    w = cached_world("eastern_drc")
    assert (np.diff(w.site_edge_indptr) > 0).all()
    assert (w.site_route_km > 0).all()
    assert 500 <= w.n_roadblocks <= 2000   # IPIS: 945 roadblocks in the east (fact 2), ~18 km apart (fact 8)
    spacing = w.edge_km.sum() / w.n_roadblocks
    assert spacing == pytest.approx(18, rel=0.05)
    assert set(w.hub_exit) <= set(np.flatnonzero(w.crossing_formal))
    assert {"Rwanda", "Uganda", "Burundi", "Tanzania"} <= set(w.crossing_country)


def test_small_world_is_small():
    w = cached_world("small")
    assert 20 <= w.n_sites <= 80 and 1000 <= w.sites["workers"].sum() <= 10_000


def test_committed_site_table_is_what_the_script_derives(tmp_path):
    from sim.data import derive_ipis

    derive_ipis.main(["--ipis", str(IPIS), "--out", str(tmp_path)])
    for name in ("sites.csv", "trading_centres.csv", "armed_groups.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / name), pd.read_csv(PACKAGE_DIR / "data" / "eastern_drc" / name))


def test_world_cache_shares_one_world_across_settings_build_world_does_not_read():
    """world_of keys on what build_world reads: the run's start and mineral prices share a world; geography
    does not."""
    from sim.run.api import world_of
    from sim.world import MODEL_WORLD_KEYS, build_world

    base = make_config("small")
    start = make_config("small", **{"world.initial_control": "empty", "world.roadblock_state_share": 0.5,
                                    "world.roadblock_nonstate_share": 0.1, "minerals.gold.world_usd_kg": 1.0})
    assert {k for k in MODEL_WORLD_KEYS if getattr(start.world, k) != getattr(base.world, k)} == set(MODEL_WORLD_KEYS)
    assert world_of(start) is world_of(base)
    fresh = build_world(start.world, start.minerals)   # built afresh, the left-out keys change nothing
    for field in ("site_xy", "site_tc", "nb_indptr", "nb_idx", "rb_xy", "hc_idx", "hc_km"):
        assert np.array_equal(getattr(fresh, field), getattr(world_of(base), field)), field
    assert world_of(make_config("small", **{"world.road_tortuosity": 1.3})) is not world_of(base)
