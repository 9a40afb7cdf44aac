"""Sweeps: launchers give the same results as runs made one by one; resume; collection and figures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.collect import collect
from analysis.plots import bands, outcome_curves

from .conftest import run_cli

LEVERS = ["policies.border.enabled=true", "policies.ddr.enabled=true", "policies.border.start=5",
          "policies.ddr.start=5", "world=small", "steps=30"]
SWEEP = ["policies.border.seizure_rate=0.1,0.6", "policies.ddr.capacity_per_year=100,400", "seed=0,1"]


def sweep(folder, launcher: str | None = None, extra: list[str] | None = None):
    args = ["-m", *LEVERS, *SWEEP, f"hydra.sweep.dir={folder}", *(extra or [])]
    if launcher:
        args.append(f"hydra/launcher={launcher}")
    r = run_cli(args)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.fixture(scope="module")
def joblib_sweep(tmp_path_factory):
    d = tmp_path_factory.mktemp("sweep_joblib")
    r = sweep(d, launcher="joblib", extra=["hydra.launcher.n_jobs=2"])
    return d, r


def run_dirs(folder):
    return sorted(p.parent for p in folder.glob("*/summary.json"))


@pytest.mark.slow
def test_joblib_sweep_equals_runs_made_one_by_one(joblib_sweep, tmp_path):
    d, r = joblib_sweep
    dirs = run_dirs(d)
    assert len(dirs) == 8
    assert "8/8 runs done" in r.stderr
    # two of the runs, made one by one in fresh processes
    for i, name in enumerate((dirs[0].name, dirs[-1].name)):
        over = name.split(",")
        one = tmp_path / f"one{i}"
        res = run_cli([*LEVERS, *over, f"hydra.run.dir={one}"])
        assert res.returncode == 0, res.stderr
        assert (one / "metrics.parquet").read_bytes() == (d / name / "metrics.parquet").read_bytes()


@pytest.mark.slow
def test_warm_launcher_gives_byte_identical_results(joblib_sweep, tmp_path):
    """The default launcher (warm workers forked after the warm-up, configs composed from a cached base)."""
    d, _ = joblib_sweep
    r = sweep(tmp_path, launcher="warm", extra=["hydra.launcher.n_jobs=2"])
    assert "8/8 runs done" in r.stderr
    mine = {p.name: p for p in run_dirs(tmp_path)}
    assert sorted(mine) == sorted(p.name for p in run_dirs(d))
    for p in run_dirs(d):
        for f in ("metrics.parquet", "sites.parquet", "flows.parquet", "moves.parquet", ".hydra/config.yaml",
                  ".hydra/overrides.yaml"):
            assert (p / f).read_bytes() == (mine[p.name] / f).read_bytes(), (p.name, f)


@pytest.mark.slow
def test_submitit_local_launcher_gives_the_same_results(joblib_sweep, tmp_path):
    d, _ = joblib_sweep
    sweep(tmp_path, launcher="submitit_local", extra=["hydra.launcher.timeout_min=10"])
    mine = {p.name: p for p in run_dirs(tmp_path)}
    assert len(mine) == 8
    for p in run_dirs(d):
        a = pd.read_parquet(p / "metrics.parquet")
        b = pd.read_parquet(mine[p.name] / "metrics.parquet")
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.slow
def test_rerun_completes_only_the_missing_run(tmp_path):
    sweep(tmp_path)
    dirs = run_dirs(tmp_path)
    victim = dirs[3]
    stamps = {p: (p / "metrics.parquet").stat().st_mtime_ns for p in dirs if p != victim}
    for f in ("metrics.parquet", "summary.json"):
        (victim / f).unlink()
    (victim / "sites.parquet").write_bytes(b"broken")
    r = sweep(tmp_path)
    assert r.stderr.count("skip (already complete)") == 7
    assert "8/8 runs done" in r.stderr                      # the skipped runs count as done
    assert json.loads((victim / "summary.json").read_text())["complete"]
    pd.read_parquet(victim / "sites.parquet")
    for p, t in stamps.items():
        assert (p / "metrics.parquet").stat().st_mtime_ns == t


@pytest.mark.slow
def test_a_sweep_over_stale_runs_reruns_them_and_counts_from_zero(tmp_path):
    """Runs left by a sweep with another configuration (here: their config hash changed) are run again, and
    the progress does not count them as done before they are."""
    sweep(tmp_path)
    for p in run_dirs(tmp_path):
        summary = json.loads((p / "summary.json").read_text())
        (p / "summary.json").write_text(json.dumps({**summary, "config_hash": "an earlier configuration"}))
    r = sweep(tmp_path)
    assert "skip (already complete)" not in r.stderr
    counts = [int(line.split("sweep: ")[1].split("/")[0]) for line in r.stderr.splitlines() if "runs done" in line]
    assert counts[0] < 8 and counts[-1] == 8, counts


@pytest.mark.slow
def test_analysis_collects_the_sweep_and_draws_figures(joblib_sweep):
    d, _ = joblib_sweep
    r = __import__("subprocess").run([__import__("sys").executable, "-m", "analysis", str(d)],
                                     capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    runs = pd.read_parquet(d / "runs.parquet")
    results = pd.read_parquet(d / "results.parquet")
    assert len(runs) == 8 and len(results) == 8 * 30
    assert {"policies.border.seizure_rate", "policies.ddr.capacity_per_year", "seed"} <= set(runs.columns)
    assert runs["policies.ddr.capacity_per_year"].dtype.kind in "if"
    table = (d / "summary_table.md").read_text().splitlines()
    assert len(table) == 2 + 4 and "armed_revenue_usd" in table[0]   # header, rule, one row per lever pair
    figs = {p.name for p in (d / "figures").iterdir()}
    for stem in ("timeseries", "curve_policies_border_seizure_rate", "curve_policies_ddr_capacity_per_year"):
        assert f"{stem}.png" in figs and f"{stem}.svg" in figs


def test_bands_are_across_seeds_and_a_constant_metric_has_zero_width(tmp_path):
    runs = pd.DataFrame({"lever": [1, 1, 1, 2, 2, 2], "seed": [0, 1, 2] * 2,
                         "constant": 5.0, "varying": [1.0, 2.0, 3.0, 10.0, 20.0, 30.0]})
    q = bands(runs, ["lever"], "constant")
    assert (q["q10"] == q["q90"]).all() and (q["q50"] == 5.0).all()
    v = bands(runs, ["lever"], "varying").set_index("lever")
    assert v.loc[1, "q50"] == 2.0 and v.loc[2, "q10"] == pytest.approx(12.0) and v.loc[2, "q90"] == pytest.approx(28.0)
    paths = outcome_curves(runs, "lever", tmp_path, metrics=["constant", "varying"])
    assert all(p.stat().st_size > 1000 for p in paths)


def test_analysis_refuses_a_folder_without_runs(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "analysis", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "no finished runs" in r.stderr and "Traceback" not in r.stderr


def test_collect_reads_parameters_from_overrides(joblib_sweep):
    d, _ = joblib_sweep
    results, runs, keys = collect(d)
    assert set(keys) == {"policies.border.seizure_rate", "policies.ddr.capacity_per_year", "seed",
                         "policies.border.enabled", "policies.ddr.enabled", "policies.border.start",
                         "policies.ddr.start", "world", "steps"}
    assert sorted(runs["policies.border.seizure_rate"].unique()) == [0.1, 0.6]
    assert (runs["world"] == "small").all()
    assert np.isfinite(results.select_dtypes("number").to_numpy()).all()


EXPERIMENTS = {  # name -> (overrides that shrink it to the small world and one seed, runs expected)
    "policy_comparison": (["policies.dmz.n_sites=5"], 6),   # its DMZ secures 50 sites; the small world has 40
    "ddr_capacity": ([], 5),
    "certification": ([], 12),
    "dmz_sites": (["policies.dmz.n_sites=0,5"], 2),   # up to 400 sites in the experiment
    "price_shock": (["shock.start=2"], 12),
    "baseline_calibration": ([], 1),
    "policy_robustness": (["ensemble.samples=1"], 6),
    "dmz_selection": (["policies.dmz.n_sites=5"], 6),
    "border_range": (["market.bribe_share=0.01", "market.bribe_efficacy=0.7"], 4),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPERIMENTS))
def test_named_experiment_runs(name, tmp_path):
    """Every experiment in experiments/ composes and runs through the real CLI (small world, one seed, 4 weeks);
    its swept levers reach the runs."""
    extra, n_runs = EXPERIMENTS[name]
    r = run_cli(["-m", f"+experiment={name}", "world=small", "steps=4", "seed=0", *extra,
                 f"hydra.sweep.dir={tmp_path}", "hydra.launcher.n_jobs=2"])
    assert r.returncode == 0, r.stderr[-3000:]
    dirs = run_dirs(tmp_path)
    assert len(dirs) == n_runs and f"{n_runs}/{n_runs} runs done" in r.stderr
    summaries = [json.loads((d / "summary.json").read_text()) for d in dirs]
    assert all(s["complete"] for s in summaries)
    if n_runs > 1:   # the runs differ in their swept levers, so their configurations differ
        assert len({s["config_hash"] for s in summaries}) == n_runs
