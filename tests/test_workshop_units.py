"""The workshop page's parts without a browser: basemap, drawings, labels, timed levers, flows, seeds, export."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from sim.metrics import METRIC_INDEX
from workshop import charts, geo, seeds
from workshop import map as wmap
from workshop.i18n import EN, FR, STRINGS, t
from workshop.model import Levers, WorkshopModel

TOWNS = ("Goma", "Bukavu", "Bunia", "Uvira", "Walikale", "Butembo", "Beni", "Kindu", "Kalemie", "Kisangani")


def run(weeks: int, **kw) -> WorkshopModel:
    m = WorkshopModel(**kw)
    for _ in range(weeks):
        m.step()
    return m


@pytest.fixture(scope="module")
def eastern() -> WorkshopModel:
    return run(12, dmz_sites=40, dmz_start=2)


# ------------------------------------------------------------------------------------------------ basemap
def test_basemap_has_the_region_and_is_small():
    b = geo.basemap()
    assert geo.BASEMAP.stat().st_size < 300_000
    assert {"COD", "UGA", "RWA", "BDI", "TZA", "ZMB", "SSD", "CAF"} <= {c["id"] for c in b["countries"]}
    assert {"Albert", "Edward", "Kivu", "Tanganyika"} <= {lk["name"] for lk in b["lakes"]}
    assert {"Nord-Kivu", "Sud-Kivu", "Maniema"} <= {p["name"] for p in b["provinces"]}
    assert {"Ituri", "Tanganyika", "Haut-Uele", "Maniema"} <= {p["name"] for p in b["province_labels"]}
    assert set(TOWNS) <= {tw["name"] for tw in b["towns"]}
    for layer in ("countries", "lakes", "provinces"):      # inside the clip frame, rounded
        pts = np.array([p for f in b[layer] for r in f["rings"] for p in r])
        assert pts[:, 0].min() >= 22 and pts[:, 0].max() <= 35 and pts[:, 1].min() >= -13 and pts[:, 1].max() <= 6
    assert "public domain" in b["source"] and "OpenStreetMap" in b["source"]


def test_map_draws_borders_lakes_towns_and_only_open_sites(eastern):
    svg = wmap.map_svg(eastern, "x", 560)
    assert svg.count('class="country"') >= 8 and svg.count('class="lake"') >= 4
    assert svg.count('class="province"') >= 3
    assert all(f">{town}</text>" in svg for town in TOWNS)
    assert all(f">Lake {lake}</text>" in svg for lake in ("Albert", "Edward", "Kivu", "Tanganyika"))
    overlay = wmap.overlay_svg(eastern, wmap.model_frame(eastern, 560), "x", "en")
    assert overlay.count("<circle") == int(eastern.sites.open.sum())
    assert overlay.count('class="flow"') >= 3          # ore leaving by the busiest crossings


def test_small_world_is_labelled_synthetic_and_has_no_basemap():
    m = run(3, world="small")
    svg = wmap.map_svg(m, "x", 420)
    assert 'class="country"' not in svg and "°E" in svg
    assert t("en", "synthetic_note") in wmap.legend_html("en", m)
    assert svg.count("<circle") == int(m.sites.open.sum())


def test_evicted_groups_are_drawn_from_the_lost_site(eastern):
    moves = [mv for mv in eastern.records.moves if mv[2] == "lost_site" and mv[4] == "dmz"]
    assert moves, "a 40-site DMZ evicts groups on eastern_drc"
    arrows = wmap.evicted_moves(eastern)
    assert {a for a, _, _ in arrows} == {mv[3] for mv in moves}
    overlay = wmap.overlay_svg(eastern, wmap.model_frame(eastern, 560), "x", "en")
    assert overlay.count('class="evicted-move"') + overlay.count('class="evicted"') == len(arrows)
    assert 'class="evicted' not in wmap.overlay_svg(eastern, wmap.model_frame(eastern, 560), "x", "en",
                                                    show_moves=False)


# ------------------------------------------------------------------------------------------------ charts
def test_revenue_by_source_sums_to_the_total(eastern):
    src = charts.revenue_sources(eastern)
    assert len(src) == 5
    np.testing.assert_allclose(sum(src.values()), charts.history(eastern, "armed_revenue_usd"), rtol=1e-9)
    legend = charts.revenue_legend_html(eastern, "en")
    vals = {k: float(v) for k, v in re.findall(r'data-source="(\w+)" data-value="([^"]+)"', legend)}
    total = vals.pop("armed_revenue_usd")
    assert sum(vals.values()) == pytest.approx(total, rel=1e-5)
    assert charts.revenue_svg(eastern, "en").count("<polygon") == 5


def test_flows_by_exit_and_country_add_up(eastern):
    exits, countries = charts.flow_rows(eastern)
    assert len(exits) == 1 + len(eastern.cfg.world.crossings)
    assert sum(v for _, _, v in exits) == pytest.approx(sum(countries.values()))
    assert sum(v for _, _, v in exits) > 0 and countries["DRC"] == exits[0][2]
    html = charts.flows_html(eastern, "fr")
    assert "Où va le minerai" in html and "Ouganda" in html


# ------------------------------------------------------------------------------------------------ levers
def test_workshop_model_is_the_sim_model_with_levers():
    from sim.model import ConflictMineralsModel

    m = WorkshopModel(world="small", seed=2, ddr_capacity=3000, inspection_sites=100, buyer_compliance=0.5,
                      dmz_sites=5, border_seizure=0.4, shock_mineral="tantalum", shock_factor=2.0)
    assert isinstance(m, ConflictMineralsModel)
    p = m.cfg.policies
    assert (p.ddr.enabled, p.ddr.capacity_per_year, p.ddr.start, p.ddr.end) == (True, 3000, 0, None)
    assert (p.certification.sites_per_year, p.certification.buyer_compliance) == (100, 0.5)
    assert (p.dmz.n_sites, p.border.seizure_rate) == (5, 0.4)
    assert (m.cfg.shock.kind, m.cfg.shock.mineral, m.cfg.shock.factor) == ("price", "tantalum", 2.0)
    off = WorkshopModel(world="small").cfg.policies
    assert not any(getattr(off, k).enabled for k in ("ddr", "certification", "dmz", "border"))
    assert WorkshopModel().cfg.world.name == "eastern_drc"          # the page's default world


def test_baseline_twin_is_the_plain_run_with_the_same_seed():
    cmp, plain = run(12, world="small", seed=1, compare=True, dmz_sites=10), run(12, world="small", seed=1)
    np.testing.assert_array_equal(cmp.baseline.metrics[:12], plain.metrics[:12])
    i = METRIC_INDEX["sites_armed_share"]
    assert not np.array_equal(cmp.metrics[:12, i], plain.metrics[:12, i])   # a lever at week 0 acts at once


@pytest.mark.parametrize("levers", [dict(ddr_capacity=5000, ddr_start=8), dict(dmz_sites=10, dmz_start=8),
                                    dict(inspection_sites=200, buyer_compliance=0.8, cert_start=8),
                                    dict(border_seizure=0.5, border_start=8)], ids=lambda d: next(iter(d)))
def test_a_timed_lever_changes_nothing_before_its_start_and_something_after(levers):
    on, off = run(30, world="small", seed=1, **levers), run(30, world="small", seed=1)
    np.testing.assert_array_equal(on.metrics[:8], off.metrics[:8])
    np.testing.assert_array_equal(on.flow_usd[:8], off.flow_usd[:8])
    assert not np.array_equal(on.metrics[8:30], off.metrics[8:30])


def test_buyers_requirement_can_follow_the_inspections():
    kw = dict(world="small", seed=1, inspection_sites=200, cert_start=4)
    later = run(40, buyer_compliance=0.9, buyers_start=20, **kw)
    inspect_only = run(40, **kw)
    i = METRIC_INDEX["armed_revenue_usd"]
    np.testing.assert_array_equal(later.metrics[:20], inspect_only.metrics[:20])
    assert not np.array_equal(later.metrics[20:40], inspect_only.metrics[20:40])
    assert later.metrics[:40, i].shape == (40,)
    assert "from week 20" in charts.levers_text(later, "en")


def test_an_end_week_stops_the_policy():
    m = WorkshopModel(world="small", dmz_sites=10, dmz_start=4, dmz_end=20)
    assert (m.cfg.policies.dmz.start, m.cfg.policies.dmz.end) == (4, 20)
    assert WorkshopModel(world="small", dmz_sites=10).cfg.policies.dmz.end is None
    assert Levers(dmz_sites=10, dmz_start=6, ddr_capacity=100, ddr_start=9).first_week() == 6
    assert Levers().first_week() is None


# ------------------------------------------------------------------------------------------------ labels
def test_both_languages_have_every_label():
    assert EN.keys() == FR.keys()
    assert all(v.strip() for v in FR.values())
    for k in EN:
        assert set(re.findall(r"{(\w+)}", EN[k])) == set(re.findall(r"{(\w+)}", FR[k])), k
    assert STRINGS["fr"]["title"] != STRINGS["en"]["title"]


def test_french_drawings_have_no_english_label_left(eastern):
    text = " ".join([charts.charts_html(eastern, "fr"), charts.summary_html(eastern, "fr"),
                     charts.revenue_legend_html(eastern, "fr"), charts.revenue_svg(eastern, "fr"),
                     charts.flows_html(eastern, "fr"), wmap.map_svg(eastern, t("fr", "map_title"), 560, "fr"),
                     wmap.legend_html("fr", eastern)])
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not english_left(visible)
    assert re.search(r"\d,\d", visible) and not re.search(r"\d\.\d", visible)    # decimal comma


def english_left(visible: str) -> list[str]:
    """English labels (those that differ in French) whose fixed text appears in `visible`; fragments that French
    labels also use (e.g. "sites") do not count."""
    french = " ".join(FR.values())
    left = []
    for k, en in EN.items():
        if en == FR[k]:
            continue
        for chunk in re.split(r"{\w+}", en):
            chunk = chunk.strip(" ,.:;()")
            word = rf"(?<!\w){re.escape(chunk)}(?!\w)"
            if len(chunk) >= 4 and re.search(word, visible) and not re.search(word, french):
                left.append(f"{k}: {chunk}")
    return left


# ------------------------------------------------------------------------------------------------ seeds, export
def test_seed_summary_counts_the_runs_where_revenue_fell():
    base = np.ones((4, 60))
    pol = base.copy()
    pol[:3, 30:] = 0.5
    assert seeds.summary(pol, base, (30, 59)) == (3, 4, pytest.approx(-0.5))
    p, b = seeds.run_pair("small", 1, {"dmz_sites": 10}, 20)
    assert p.shape == b.shape == (20,) and not np.array_equal(p, b)
    assert "<polygon" in seeds.band_svg(np.array([p, p * 0.9]), np.array([b, b * 1.1]), "en")


def test_export_writes_a_png(eastern, tmp_path):
    from workshop.export import export_png

    path = export_png(eastern, "fr", folder=tmp_path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    assert path.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    assert json.loads(geo.BASEMAP.read_text())["countries"]
