"""Validation and sensitivity analysis: comparison functions, the IPIS figures, and smoke runs of both commands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import observe, sensitivity, validate
from analysis import validation_rows as vr
from analysis.ipis_revisits import army_after_group
from sim.run.api import cached_world, make_config


def test_auc_of_perfect_reversed_and_uninformative_predictors():
    y = np.array([0, 0, 1, 1, 0, 1], dtype=bool)
    assert vr.auc(y, y.astype(float)) == 1.0
    assert vr.auc(y, 1.0 - y) == 0.0
    assert vr.auc(y, np.full(len(y), 0.3)) == 0.5          # ties count half
    assert np.isnan(vr.auc(np.ones(4, bool), np.arange(4.0)))  # one class only: undefined


def test_calibration_curve_bins_predictions():
    p = np.array([0.05, 0.05, 0.95, 0.95, 0.55])
    y = np.array([0, 0, 1, 1, 1])
    c = vr.calibration_curve(y, p, bins=10)
    assert list(c["sites"]) == [2, 1, 2]
    assert list(c["observed"]) == [0.0, 1.0, 1.0]
    assert np.allclose(c["predicted"], [0.05, 0.55, 0.95])


@pytest.fixture(scope="module")
def drc():
    world = cached_world("eastern_drc")
    groups = observe.site_groups(world, make_config("eastern_drc"))
    return world, groups, *vr.ipis_figures(world, groups)


def test_ipis_figures_match_summarize_headlines(drc):
    """The derived table reproduces IPIS's summarize.py: 49% armed, 19% non-state, 36% army, 41% interference,
    median 68 and p90 300 workers (2,428 of its 2,429 sites; 62 worker counts imputed)."""
    _, _, f, n = drc
    assert round(f["armed"], 4) == 0.4876
    assert round(f["nonstate"], 4) == 0.1899
    assert round(f["army_any"], 4) == 0.3604
    assert round(f["interference"], 4) == 0.4131
    assert f["size_median"] == 68 and f["size_p90"] == 300
    assert f["sites_active"] == 2428 and n["armed"] == 2428
    assert round(f["miners_armed"], 4) == 0.4793               # summarize.py: 0.477 (before imputation)
    assert round(f["miners_nonstate"], 4) == 0.1923
    # by primary mineral family (summarize.py: gold-only 0.596, 3T-only 0.260)
    assert round(f["armed_gold"], 4) == 0.5935 and round(f["armed_3t"], 4) == 0.2645
    # miner-weighted, by mineral and province
    assert round(f["miners_armed_gold"], 4) == 0.5756 and round(f["miners_nonstate@Nord-Kivu"], 4) == 0.5435
    # by province and mineral: Nord-Kivu's groups at gold sites (209 of 415), few at 3T sites (17 of 158)
    assert n["nonstate@Nord-Kivu_gold"] == 415 and round(f["nonstate@Nord-Kivu_gold"], 4) == round(209 / 415, 4)
    assert n["nonstate@Nord-Kivu_3t"] == 158 and round(f["nonstate@Nord-Kivu_3t"], 4) == round(17 / 158, 4)
    # by distance from the army (sites without it): groups keep away from army positions, up to 50 km
    assert [n[f"nonstate~{k}"] for k in ("<5 km", "5-20 km", "20-50 km", ">=50 km")] == [592, 511, 243, 207]
    assert [round(f[f"nonstate~{k}"], 3) for k in ("<5 km", "20-50 km")] == [0.162, 0.370]


def test_army_after_group_is_what_occupy_share_cites():
    """The IPIS revisit figures quoted as the source of `state_forces.occupy_share` (docs/parameters.md) are what
    the code computes: 81 pairs, the army at 65% of sites a group had left, 29% where neither was seen."""
    a = army_after_group()
    assert a["pairs_group_gone"] == 81
    assert round(a["army_after_group_gone"], 2) == 0.65 and round(a["army_after_neither"], 2) == 0.29
    assert round(a["median_gap_years"], 1) == 3.4


def test_revisit_turnover_by_province_and_mineral_is_quoted_as_computed(capsys):
    """The cells docs/transport-calibration-study.md quotes: Nord-Kivu's gold sites change hands fast both ways
    (87 pairs: taken within a year 48%, left 51%), its 3T sites are seldom taken (59 pairs, 7%); the cells'
    pairs are IPIS's revisit pairs of that province and family, which together are all 1,061 pairs."""
    from analysis import ipis_revisits as ir
    cells = ir.turnover_by_cell(n_boot=5).set_index(["province", "family"])
    gold, t3 = cells.loc[("Nord-Kivu", "gold")], cells.loc[("Nord-Kivu", "3t")]
    assert gold["pairs"] == 87 and round(gold["onset_1y"], 2) == 0.48 and round(gold["end_1y"], 2) == 0.51
    assert t3["pairs"] == 59 and round(t3["onset_1y"], 2) == 0.07
    pairs = ir.revisit_pairs(pd.read_csv(ir.DEFAULT_IPIS, low_memory=False))
    assert len(pairs) == 1061 and cells["pairs"].sum() == (pairs.groupby(["province", "family"]).size()
                                                          .loc[cells.index].sum())
    assert ir.main([]) == 0 and "1061 pairs" in capsys.readouterr().out


def test_presence_by_distance_from_the_army_counts_each_site_once():
    """Sites without the army fall in one distance class to the nearest army site; a class's share is of its own
    sites. Here: army at x=0; sites at 1, 3 km (class <5, one held), 10 km (5-20, held), 30 km (20-50), 80 km."""
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [10.0, 0.0], [30.0, 0.0], [80.0, 0.0]])
    army = np.array([True, False, False, False, False, False])
    held = np.array([False, True, False, True, False, False])
    f, n = observe.army_distance_shares(xy, army, ~army, held)
    assert n == {"nonstate~<5 km": 2, "nonstate~5-20 km": 1, "nonstate~20-50 km": 1, "nonstate~>=50 km": 1}
    assert f == {"nonstate~<5 km": 0.5, "nonstate~5-20 km": 1.0, "nonstate~20-50 km": 0.0, "nonstate~>=50 km": 0.0}
    f, n = observe.army_distance_shares(xy, np.zeros(6, dtype=bool), np.ones(6, dtype=bool), held)
    assert set(n.values()) == {0} and all(np.isnan(v) for v in f.values())


def test_every_row_range_contains_its_ipis_figure(drc):
    world, _, f, n = drc
    rows = vr.validation_rows(f, n, vr.wave_ranges(world), world.province_names)
    assert len({r.key for r in rows}) == len(rows)
    cells = {r.key for r in rows if r.section == "By province and mineral"}
    assert {"nonstate@Nord-Kivu_gold", "nonstate@Nord-Kivu_3t", "armed@Sud-Kivu_3t"} <= cells
    assert not any(k.startswith("miners_") or k.endswith("_other") for k in cells)
    for r in rows:
        assert r.lo < r.hi, r
        if not isinstance(r.ipis, str):
            assert r.lo <= r.ipis <= r.hi, r


def test_comparison_table_uses_medians_and_quantiles():
    rows = [vr.Row("s", "armed", "armed", 0.5, 0.4, 0.6, "pct", "test")]
    runs = [{"start": st, "row": {"armed": v}} for st in vr.STARTS for v in (0.1, 0.45, 0.5, 0.55, 0.9)]
    t = vr.comparison_table(rows, runs)
    assert t.loc[0, "ipis_median"] == 0.5 and t.loc[0, "ipis_inside"]
    assert t.loc[0, "ipis_q10"] == pytest.approx(pd.Series([0.1, 0.45, 0.5, 0.55, 0.9]).quantile(0.1))


def test_observe_small_world_gives_every_row():
    world = cached_world("small")
    groups = observe.site_groups(world, make_config("small"))
    f, n = vr.ipis_figures(world, groups)
    rows = vr.validation_rows(f, n, vr.wave_ranges(world), world.province_names)
    obs = observe.observe(make_config("small", steps=60, seed=2), world)
    assert {r.key for r in rows} <= set(obs["row"])
    assert obs["p_armed"].shape == (world.n_sites,) and ((obs["p_armed"] >= 0) & (obs["p_armed"] <= 1)).all()
    for k in ("armed", "nonstate", "forms_taxation", "forms_pillaging", "rb_nonstate"):
        assert 0.0 <= obs["row"][k] <= 1.0, k


def test_mine_gate_prices_are_quantiles_over_miners():
    price = np.array([1.0, 2.0, 10.0, 40_000.0, 99.0])
    miners = np.array([1, 1, 8, 3, 0])
    names = ["tin", "gold", "tantalum"]
    p = observe.mine_gate_prices(price, miners, np.array([0, 0, 0, 1, 2]), names)
    assert p["price_tin"] == 10.0 and p["price_tin_p10"] == 1.0     # 8 of 10 tin miners are paid 10
    assert p["price_gold"] == 40.0                                    # USD/g
    assert np.isnan(p["price_tantalum"])                              # no tantalum miners


def test_validation_runs_take_the_overrides():
    """`--set` reaches every run: with no transport cost, cassiterite pays more at the mine gate (same seed)."""
    def row(overrides):
        return validate.observe_job(("small", 3, 20, "ipis", overrides))["row"]
    free, default = row({"market.transport_usd_kg_km": "0"}), row({})
    assert free["price_tin"] > default["price_tin"] and free["price_tin_p10"] > default["price_tin_p10"]


def test_sensitivity_ranges_are_the_plausible_ranges_and_bracket_the_defaults():
    rs = sensitivity.ranges(sensitivity.Settings())
    assert [r[0] for r in rs] == sensitivity.DEFAULT_PARAMS
    for key, lo, hi, _ in rs:
        d = sensitivity.default_value(key, "eastern_drc")
        meta = sensitivity.param_meta(key)
        assert (lo, hi) == meta["plausible"] and lo <= d <= hi, key
        assert lo >= meta.get("lo", -np.inf) and hi <= meta.get("hi", np.inf), key


def test_noise_floor_is_zero_without_noise():
    noise = pd.DataFrame({o: [1.0, 1.0, 1.0] for o in sensitivity.OUTCOMES})
    assert (sensitivity.noise_floor(noise, 4) == 0).all()
    noise["fighters"] = [0.0, 2.0, 4.0]   # mean |difference| over pairs = 8/3, over a step of 2/3
    assert sensitivity.noise_floor(noise, 4)["fighters"] == pytest.approx(4.0)


@pytest.mark.slow
def test_validate_command_on_small_world(tmp_path):
    assert validate.main(["--world", "small", "--seeds", "2", "--steps", "30", "--workers", "1",
                          "--docs", str(tmp_path)]) == 0
    text = (tmp_path / "validation.md").read_text()
    assert "## Site-level check" in text and "| row | IPIS / source |" in text
    assert len(list((tmp_path / "img").glob("validation-*.png"))) == 5


@pytest.mark.slow
def test_sensitivity_quick_smoke(tmp_path):
    assert sensitivity.main(["--quick", "--workers", "1", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "sensitivity.md").is_file() and (tmp_path / "morris.csv").is_file()
    assert {p.name for p in (tmp_path / "img").glob("*.png")} == {
        "sensitivity-morris.png", "sensitivity-morris-scatter.png", "sensitivity-sobol.png"}
    res = pd.read_csv(tmp_path / "morris.csv")
    assert set(res["parameter"]) == set(sensitivity.QUICK.params)
    assert sensitivity.main(["--quick", "--out", str(tmp_path), "--report-only"]) == 0


@pytest.mark.slow
def test_sensitivity_of_a_policy_effect_over_chosen_parameters(tmp_path, capsys):
    """Morris of DDR-minus-baseline effects over the analyst's parameters, into the analyst's folder."""
    out = tmp_path / "ddr"
    assert sensitivity.main(["--quick", "--policy", "ddr", "--workers", "1", "--out", str(out),
                             "--params", "policies.ddr.payment_reliability,armed_groups.tax_share:0.1:0.2"]) == 0
    assert "samples (2 runs each" in capsys.readouterr().err          # the estimate comes first
    res = pd.read_csv(out / "morris.csv")
    assert set(res["parameter"]) == {"policies.ddr.payment_reliability", "armed_groups.tax_share"}
    noise = pd.read_csv(out / "noise.csv")
    assert (noise["fighters"] != 0).any()            # effects (policy minus baseline), not levels
    assert "the ddr policy's effect" in (out / "sensitivity.md").read_text()


@pytest.mark.parametrize("module,args,message", [
    ("validate", ["--world", "nope"], "Error: world: unknown world 'nope'"),
    ("validate", ["--seeds", "0"], "Error: --seeds 0"),
    ("validate", ["--steps", "0"], "Error: steps: must be >= 1"),
    ("validate", ["--set", "nonsense"], "Error: --set 'nonsense': expected KEY=VALUE"),
    ("validate", ["--set", "market.transport_usd_kg_km=-1"], "Error: market.transport_usd_kg_km: must be >= 0"),
    ("sensitivity", ["--report-only", "--out", "{tmp}/none"], "Error: --report-only: no results"),
])
def test_report_commands_refuse_bad_input_in_one_line(module, args, message, tmp_path, capsys):
    main = {"validate": validate, "sensitivity": sensitivity}[module].main
    assert main([a.format(tmp=tmp_path) for a in args] + ["--docs", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / "docs").exists() and not (tmp_path / "none").exists()


def test_validation_diff_lists_rows_whose_verdict_changes(tmp_path, capsys):
    from analysis import validation_diff

    rows = [vr.Row("s", "x", "row x", 1.0, 0.0, 2.0, "f2", "test"), vr.Row("s", "y", "row y", 1.0, 0.0, 2.0, "f2", "t")]

    def write(folder, x, y):   # x, y: (IPIS start, empty start) value of each row in every run
        runs = [{"start": st, "row": {"x": x[i], "y": y[i]}} for i, st in enumerate(vr.STARTS)]
        folder.mkdir()
        vr.comparison_table(rows, runs).to_csv(folder / "validation.csv", index=False)

    write(tmp_path / "a", (1.0, 3.0), (1.5, 1.0))
    write(tmp_path / "b", (2.5, 1.0), (1.2, 1.1))
    assert validation_diff.main([str(tmp_path / "a"), str(tmp_path / "b" / "validation.md")]) == 0
    out = capsys.readouterr().out
    assert "| row x | 0.00 - 2.00 | 1.00 (yes) | 2.50 (**no**) | 3.00 (**no**) | 1.00 (yes) |" in out
    assert "| row y |" not in out
    assert "Rows inside: A 2 (IPIS start), 1 (empty start) of 2; B 1, 2 of 2." in out
    assert validation_diff.main([str(tmp_path / "a"), str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_long_runs_reports_each_seeds_change_and_the_band(capsys):
    from analysis import long_runs

    assert long_runs.main(["--world", "small", "--seeds", "1", "--years", "15", "--workers", "1",
                           "--set", "armed_groups.expansion_prob_week=0.5"]) == 0
    out = capsys.readouterr().out
    assert "armed_groups.expansion_prob_week=0.5" in out and "| fighters |" in out
    changes = pd.DataFrame([long_runs.drift_job(("small", 1, 15, {"armed_groups.expansion_prob_week": "0.5"}))])
    row = next(line for line in out.splitlines() if line.startswith("| fighters |"))
    assert f"{changes['fighters'][0] * 100:+.1f}" in row                  # the table prints the run's change
    assert row.endswith("| yes |") == bool(abs(changes["fighters"][0]) <= 0.2)


@pytest.mark.parametrize("args,message", [
    (["--years", "10"], "Error: --years 10: must be at least 15"),
    (["--set", "nope"], "Error: --set 'nope': expected KEY=VALUE"),
    (["--set", "armed_groups.expansion_prob_week=2"], "Error: armed_groups.expansion_prob_week"),
])
def test_long_runs_refuses_bad_input_in_one_line(args, message, capsys):
    from analysis import long_runs

    assert long_runs.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_province_profile_splits_a_province_by_mineral_and_finds_its_groups(capsys):
    """Its figures are the run's: the share of the province's active sites a group holds, by mineral class, and
    the groups whose home site lies there (recounted here from the same run)."""
    from analysis import province_profile
    from sim.run.api import make_config, run
    from sim.run.outputs import output_tables

    row = province_profile.profile_job(("small", "North", 1, 1, {}))
    model = run(make_config("small", seed=1, steps=52))
    sites = output_tables(model)["sites"]
    last = sites[(sites["step"] >= sites["step"].max() - 52) & (sites["miners"] > 0)
                 & (sites["province"].astype(str) == "North") & (sites["mineral"].astype(str) == "gold")]
    assert row["gold: non-state share of sites"] == pytest.approx(last["nonstate_presence"].mean())
    assert row["gold: miners"] == pytest.approx(last["miners"].sum() / last["step"].nunique())
    first, end = last["step"].min(), last["step"].max()   # the year's turnover: sites active at both ends
    ends = last[last["step"].isin([first, end])].pivot(index="site_id", columns="step", values="nonstate_presence")
    ends = ends.dropna().astype(bool)
    assert (~ends[first]).sum() > 0 and row["gold: share taken within the year, of sites not held"] == \
        pytest.approx((~ends[first] & ends[end]).sum() / (~ends[first]).sum())
    w = model.world
    home = [a.gid for a in model.armed_groups
            if model.groups.alive[a.gid] and w.province_names[w.site_province[a.home_site]] == "North"]
    assert row["groups at home here (end)"] == len(home) > 0
    assert row["their fighters (end)"] == model.groups.fighters[home].sum()
    assert province_profile.main(["North", "--world", "small", "--seeds", "1", "--years", "1", "--workers", "1"]) == 0
    assert "| gold: non-state share of sites |" in capsys.readouterr().out


@pytest.mark.parametrize("args,message", [
    (["Nowhere", "--world", "small"], "Error: province 'Nowhere': not in world small (one of North, South)"),
    (["North", "--world", "small", "--set", "nope"], "Error: --set 'nope': expected KEY=VALUE"),
])
def test_province_profile_refuses_bad_input_in_one_line(args, message, capsys):
    from analysis import province_profile

    assert province_profile.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
