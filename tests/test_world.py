"""World building: the derived IPIS site table, the route network and roadblocks, the small world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.world import PACKAGE_DIR

from .conftest import cached_world, make_config

IPIS = PACKAGE_DIR / "data" / "ipis" / "cod_mines_curated_all_opendata_p_ipis.csv"   # the project's copy


def test_eastern_drc_matches_the_ipis_cross_section():
    """The derived table is fixed data: its counts and shares are exact (IPIS summarize.py: 2,429 sites, one
    dropped for an unknown mineral; 62 worker counts imputed)."""
    w = cached_world("eastern_drc")
    s = w.ipis_sites
    assert w.n_ipis == len(s) == 2428
    assert s["workers"].sum() == 373_058 and s["workers"].median() == 68
    assert round((s["mineral"] == "gold").mean(), 4) == 0.6759
    assert round(s["ipis_armed"].mean(), 4) == 0.4876
    assert round(s["ipis_nonstate"].mean(), 4) == 0.1899
    assert len(w.groups) == 100 and w.groups["fighters"].sum() == 19_082


def test_route_network_connects_every_site_to_a_hub_through_roadblocks():
    w = cached_world("eastern_drc")
    assert (np.diff(w.site_edge_indptr) > 0).all()
    assert (w.site_route_km > 0).all()
    assert w.n_roadblocks == 943   # IPIS: 945 roadblocks in the east (fact 2), ~18 km apart (fact 8)
    assert w.edge_km.sum() / w.n_roadblocks == pytest.approx(18, rel=0.002)   # the spacing, by construction
    assert set(w.hub_exit) <= set(np.flatnonzero(w.crossing_formal))
    assert {"Rwanda", "Uganda", "Burundi", "Tanzania"} <= set(w.crossing_country)


def test_small_world_is_small():
    w = cached_world("small")
    assert w.n_ipis == 40 and w.ipis_sites["workers"].sum() == 3332


def test_deposits_lie_near_their_sites_and_ship_along_their_roads():
    """Undiscovered deposits (where sites may open): one per IPIS site on average, within the radius of the site
    they are drawn around, of its mineral and trading centre, with its road to the hub and a bit more."""
    w = cached_world("eastern_drc")
    n = w.n_ipis
    parent = w.site_parent[n:]
    assert w.n_sites == 2 * n and (w.site_parent[:n] == np.arange(n)).all()
    d = np.linalg.norm(w.site_xy[n:] - w.site_xy[parent], axis=1)
    assert d.min() >= 2.0 - 1e-9 and d.max() <= 10.0 + 1e-9
    assert (w.site_mineral[n:] == w.site_mineral[parent]).all() and (w.site_tc[n:] == w.site_tc[parent]).all()
    assert (w.site_route_km[n:] >= w.site_route_km[parent]).all()
    assert not w.sites["ipis_armed"].iloc[n:].any() and (w.sites["workers"].iloc[n:] == 0).all()
    assert w.sites["capacity"].iloc[n:].isin(w.ipis_sites["workers"].clip(lower=1)).all()   # sized like IPIS sites


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
