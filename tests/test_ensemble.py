"""Policy ensembles (issue 16): the design, the sweep it drives, robustness, scenario discovery, paired references
and the warnings that stop an analyst from sweeping a lever that cannot act."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.discovery import ConditionError, parse_condition, prim_boxes
from analysis.paired import ReferenceError, auto_reference, paired, parse_reference
from analysis.robustness import (
    correlates_markdown,
    effect_correlates,
    point_effects,
    regrets,
    robustness_table,
)
from sim.config import Config, ConfigError
from sim.config.exploration import Uncertainty, declared, resolve_space
from sim.run.ensemble import design, job_overrides

from .conftest import run_cli

SPACE = [Uncertainty("a.x", 0.1, 0.3, False), Uncertainty("a.y", 2.0, 50.0, False), Uncertainty("b.n", 2, 5, True)]


def known() -> dict[str, Uncertainty]:
    cfg = Config()
    return declared(cfg, lambda k: 1.0, list(cfg.minerals))


# ------------------------------------------------------------------------------------------------- design
@pytest.mark.parametrize("method", ["lhs", "sobol", "random"])
def test_design_has_the_requested_size_within_the_ranges(method):
    x = design(SPACE, 16, method, seed=3)
    assert x.shape == (16, 3)
    for j, u in enumerate(SPACE):
        assert (x[:, j] >= u.lo).all() and (x[:, j] <= u.hi).all()
    assert set(x[:, 2]) <= {2.0, 3.0, 4.0, 5.0}
    np.testing.assert_array_equal(x, design(SPACE, 16, method, seed=3))      # same inputs, same design
    assert not np.array_equal(x, design(SPACE, 16, method, seed=4))


def test_latin_hypercube_covers_each_range_once_per_stratum():
    n = 20
    x = design(SPACE, n, "lhs", seed=0)
    for j, u in enumerate(SPACE[:2]):
        strata = np.floor((x[:, j] - u.lo) / (u.hi - u.lo) * n).clip(0, n - 1)
        assert sorted(strata) == list(range(n)), u.key
    assert set(x[:, 2]) == {2.0, 3.0, 4.0, 5.0}      # every whole value of the integer range is drawn


def test_job_overrides_name_the_point_and_every_sampled_key():
    x = design(SPACE, 4, "lhs", seed=0)
    o = job_overrides(SPACE, x, 2)
    assert o[0] == "ensemble.design_point=2"
    assert [s.split("=")[0] for s in o[1:]] == ["a.x", "a.y", "b.n"]
    assert o[3] == f"b.n={int(x[2, 2])}" and float(o[1].split("=")[1]) == x[2, 0]


def test_space_by_key_section_all_and_own_range():
    k = known()
    default = resolve_space([], k)
    assert default and not any(u.key.startswith(("world.", "minerals.")) for u in default)
    section = resolve_space(["policies.ddr"], k)
    assert {u.key for u in section} == {key for key in k if key.startswith("policies.ddr.")}
    assert len(resolve_space(["all"], k)) == len(k)
    own = resolve_space(["armed_groups.tax_share:0.1:0.3", "miners.access_cap"], k)
    assert (own[0].lo, own[0].hi) == (0.1, 0.3) and own[1].key == "miners.access_cap"
    for bad in (["nope.key"], ["armed_groups.tax_share:0.3:0.1"], ["armed_groups.tax_share:a:b"]):
        with pytest.raises(ConfigError) as e:
            resolve_space(bad, k)
        assert "ensemble.params" in str(e.value) and "\n" not in str(e.value)


# ------------------------------------------------------------------------------------------- robustness
def synthetic_runs() -> pd.DataFrame:
    """3 design points x 2 seeds x (baseline, a, b) with known effects on fighters and income."""
    rows = []
    for dp in range(3):
        for seed in range(2):
            base = 100.0 + 10 * dp + seed
            rows.append({"scenario": "baseline", "design_point": dp, "seed": seed, "fighters": base,
                         "miner_income_usd_day": 5.0, "policy_cost_usd": 0.0})
            rows.append({"scenario": "a", "design_point": dp, "seed": seed, "fighters": base - (dp - 0.5) * 4,
                         "miner_income_usd_day": 5.0 + 0.1 * dp, "policy_cost_usd": 1000.0})
            rows.append({"scenario": "b", "design_point": dp, "seed": seed, "fighters": base - 3,
                         "miner_income_usd_day": 4.9, "policy_cost_usd": 500.0})
    return pd.DataFrame(rows)


def test_robustness_shares_and_regret_come_from_paired_effects():
    runs = synthetic_runs()
    metrics = ["fighters", "miner_income_usd_day"]
    t = robustness_table(runs, ["scenario", "design_point", "seed"], metrics)
    # a: effect on fighters -(dp - 0.5) * 4 = +2, -2, -6 at the three points: better (fewer) at 2 of 3
    assert t.loc["a", "median_effect_fighters"] == pytest.approx(-2.0)
    assert t.loc["a", "share_better_fighters"] == pytest.approx(2 / 3)
    assert t.loc["b", "share_better_fighters"] == 1.0 and t.loc["b", "share_better_miner_income_usd_day"] == 0.0
    assert t.loc["a", "share_better_miner_income_usd_day"] == pytest.approx(2 / 3)   # +0, +0.1, +0.2
    r = regrets(runs, metrics).set_index(["scenario", "design_point"])
    # at point 0 the best is b (3 fewer) and a is 2 above baseline: a's regret is 5
    assert r.loc[("a", 0), "fighters"] == pytest.approx(5.0) and r.loc[("b", 0), "fighters"] == 0.0
    assert t.loc["b", "cost_per_fighter_removed_usd"] == pytest.approx(52 * 500 / 3)
    assert np.isnan(t.loc["b", "cost_per_armed_usd_denied"])       # armed revenue not measured: no ratio


def test_paired_against_any_reference_level():
    runs = pd.DataFrame({"policies.ddr.capacity_per_year": [0, 5000, 0, 5000], "seed": [0, 0, 1, 1],
                         "fighters": [100.0, 90.0, 80.0, 75.0]})
    levers = ["policies.ddr.capacity_per_year"]
    ref = auto_reference(runs, levers)
    assert ref == {"policies.ddr.capacity_per_year": 0}
    assert parse_reference(["ddr.capacity_per_year=0"], runs, levers) == ref
    d = paired(runs, ref, [*levers, "seed"], ["fighters"])
    assert list(d["fighters"]) == [-10.0, -5.0] and set(d["mix"]) == {"ddr.capacity_per_year=5000"}
    for bad in (["nope=1"], ["ddr.capacity_per_year=7"], ["ddr.capacity_per_year"]):
        with pytest.raises(ReferenceError):
            parse_reference(bad, runs, levers)


def test_paired_keeps_each_level_of_another_swept_lever_apart():
    """scenario=baseline,dmz x selection=a,b: each selection is its own mix, paired with the baseline run of the
    same selection and seed (not pooled)."""
    runs = pd.DataFrame({"scenario": ["baseline", "dmz"] * 4, "policies.dmz.selection": ["a", "a", "b", "b"] * 2,
                         "seed": [0, 0, 0, 0, 1, 1, 1, 1], "fighters": [100.0, 90, 100, 70, 80, 75, 80, 50]})
    levers = ["scenario", "policies.dmz.selection"]
    d = paired(runs, auto_reference(runs, levers), [*levers, "seed"], ["fighters"], levers)
    by = d.groupby("mix")["fighters"].apply(list).to_dict()
    assert by == {"scenario=dmz, dmz.selection=a": [-10.0, -5.0], "scenario=dmz, dmz.selection=b": [-30.0, -30.0]}


# -------------------------------------------------------------------------------------------- discovery
def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((400, 4)), columns=["a", "b", "c", "d"])
    y = ((x["a"] > 0.6) & (x["b"] < 0.3)).to_numpy()
    boxes, found = prim_boxes(x, y)
    first = boxes[boxes["box"] == 1].set_index("parameter")
    assert set(first.index) == {"a", "b"}
    assert first.loc["a", "lower"] == pytest.approx(0.6, abs=0.05)
    assert first.loc["b", "upper"] == pytest.approx(0.3, abs=0.05)
    assert first["density"].iloc[0] > 0.9 and first["coverage"].iloc[0] > 0.8


def test_discovery_conditions_are_read_or_refused_in_one_line():
    c = parse_condition("ddr:fighters>=0")
    assert (c.policy, c.metric, c.op, c.value, c.name) == ("ddr", "fighters", ">=", 0.0, "ddr_fighters")
    assert parse_condition(" dmz : armed_revenue_usd < -5e3 ").value == -5000.0
    for bad in ("ddr fighters>=0", "ddr:fighters=>0", "ddr:fighters>=x"):
        with pytest.raises(ConditionError) as e:
            parse_condition(bad)
        assert "\n" not in str(e.value)


# --------------------------------------------------------------------------------------- end to end
@pytest.fixture(scope="module")
def small_ensemble(tmp_path_factory):
    d = tmp_path_factory.mktemp("ensemble")
    args = ["-m", "+experiment=policy_robustness", "ensemble.samples=2", "world=small", "steps=30",
            "scenario=baseline,ddr,dmz", "seed=range(2)", "policies.ddr.start=5", "policies.dmz.start=5",
            "ensemble.params=[armed_groups.tax_share,miners.access_cap,armed_groups.candidates]",
            f"hydra.sweep.dir={d}", "hydra.launcher.n_jobs=2"]
    r = run_cli(args)
    assert r.returncode == 0, r.stderr[-3000:]
    return d, r


@pytest.mark.slow
def test_ensemble_sweep_runs_every_mix_at_every_point_on_shared_seeds(small_ensemble, tmp_path):
    d, r = small_ensemble
    assert "12/12 runs done" in r.stderr
    from analysis.__main__ import main

    assert main([str(d), "--no-figures", "--discover", "ddr:fighters>=0"]) == 0
    runs = pd.read_parquet(d / "runs.parquet")
    keys = ["armed_groups.tax_share", "miners.access_cap", "armed_groups.candidates"]
    assert {"design_point", *keys} <= set(runs.columns) and runs["design_point"].dtype.kind == "i"
    per_point = runs.groupby("design_point")
    assert (per_point[keys].nunique() == 1).all().all()                  # one value per point...
    assert runs.drop_duplicates("design_point")[keys].nunique().min() == 2   # ...different between points
    assert (per_point.apply(lambda g: g.groupby("scenario")["seed"].apply(frozenset).nunique()) == 1).all()
    assert (d / "robustness_table.csv").is_file() and (d / "discovery" / "ddr_fighters" / "prim_boxes.csv").is_file()
    cor = pd.read_csv(d / "effect_correlates.csv", index_col=0)      # what decides each effect: sampled keys
    assert len(cor) and set(cor["parameter"]) <= set(keys) and cor["rho"].between(-1, 1).all()
    rob = pd.read_csv(d / "robustness_table.csv", index_col=0)
    assert set(rob.index) == {"ddr", "dmz"} and "share_better_fighters" in rob
    boxes = pd.read_csv(d / "discovery" / "ddr_fighters" / "prim_boxes.csv")
    assert list(boxes.columns[:6]) == ["box", "coverage", "density", "parameter", "lower", "upper"]
    # before the policies start (week 5) a policy run is the baseline run with the same seed, row for row
    base = sorted(d.glob("ensemble.design_point=1,*scenario=baseline,seed=1*"))[0]
    ddr = sorted(d.glob("ensemble.design_point=1,*scenario=ddr,seed=1*"))[0]
    mb, md = (pd.read_parquet(p / "metrics.parquet") for p in (base, ddr))
    pd.testing.assert_frame_equal(mb[mb["step"] < 5], md[md["step"] < 5])
    # the baseline run of a point is byte-identical to a single run with that point's overrides
    over = [o for o in yaml.safe_load((base / ".hydra" / "overrides.yaml").read_text()) if "experiment" not in o]
    one = tmp_path / "one"
    res = run_cli([*over, f"hydra.run.dir={one}"])
    assert res.returncode == 0, res.stderr
    assert (one / "metrics.parquet").read_bytes() == (base / "metrics.parquet").read_bytes()


@pytest.mark.slow
def test_a_policy_that_never_acts_is_warned_about_and_the_summary_names_what_ran(tmp_path):
    r = run_cli(["world=small", "steps=20", "policies.ddr.enabled=true", "policies.border.seizure_rate=0.5",
                 f"hydra.run.dir={tmp_path}", "output.progress=off"])
    assert r.returncode == 0, r.stderr
    warn = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert any("policies.ddr starts in week 52" in w and "never acts" in w for w in warn), r.stderr
    assert any("policies.border.seizure_rate set but policies.border is off" in w for w in warn), r.stderr
    s = json.loads((tmp_path / "summary.json").read_text())
    assert s["scenario"] == "ddr" and s["policies_enabled"] == ["ddr"]


def test_sweeps_without_a_chosen_sweeper_get_the_ensemble_sweeper():
    from sim.run.prechecks import with_sweeper

    base = ["-m", "scenario=baseline,ddr", "world=small"]
    assert with_sweeper([*base, "ensemble.samples=4"])[-1] == "hydra/sweeper=ensemble"
    assert with_sweeper(base) == [*base, "hydra/sweeper=ensemble"]      # no design: basic sweep, cheaper check
    assert with_sweeper([*base, "hydra/sweeper=basic"]) == [*base, "hydra/sweeper=basic"]   # chosen: kept
    assert with_sweeper(["ensemble.samples=4"]) == ["ensemble.samples=4"]           # a single run: no sweeper
    chosen = ["-m", "+experiment=policy_search", "ensemble.samples=4"]   # the experiment chose Optuna
    assert with_sweeper(chosen) == chosen


def test_effect_correlates_name_the_parameter_that_decides_an_effect():
    """Mix a's effect on fighters falls with parameter x (and not with z): x is its top correlate, rho -1."""
    rng = np.random.default_rng(0)
    xs, zs = rng.random(20), rng.random(20)
    rows = []
    for dp in range(20):
        for seed in range(2):
            base = 100.0 + seed
            common = {"design_point": dp, "seed": seed, "p.x": xs[dp], "p.z": zs[dp], "policy_cost_usd": 0.0}
            rows += [{"scenario": "baseline", "fighters": base, **common},
                     {"scenario": "a", "fighters": base - 10 * xs[dp], **common}]
    runs = pd.DataFrame(rows)
    effects = point_effects(runs, ["scenario", "design_point", "seed"], ["fighters"])
    t = effect_correlates(effects, runs, ["p.x", "p.z"], ["fighters"])
    top = t[(t["mix"] == "a") & (t["metric"] == "fighters")].iloc[0]
    assert top["parameter"] == "p.x" and top["rho"] == pytest.approx(-1.0)
    md = correlates_markdown(t, 20)
    assert "| a | " in md and "`p.x` (-1.00)" in md and "about 0.45" in md
