"""End-to-end runs of the command line: contract columns, files, determinism across fresh processes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.metrics import METRICS

from .conftest import run_cli

CONTRACT_COLUMNS = (
    "step, year, miners, child_miners, fighters, armed_groups, ex_combatants, sites_active, sites_armed_share, "
    "sites_nonstate_share, miners_armed_share, miners_nonstate_share, armed_revenue_usd, state_illicit_revenue_usd, "
    "state_tax_revenue_usd, miner_income_usd_day, production_kg_gold, production_kg_tin, production_kg_tantalum, "
    "production_kg_tungsten, production_kg_cobalt, farmgate_usd_kg_gold, farmgate_usd_kg_tin, "
    "farmgate_usd_kg_tantalum, farmgate_usd_kg_tungsten, farmgate_usd_kg_cobalt, world_usd_kg_gold, world_usd_kg_tin, "
    "world_usd_kg_tantalum, world_usd_kg_tungsten, world_usd_kg_cobalt, smuggled_share_gold, smuggled_share_3t, "
    "certified_share_3t, laundered_share_certified, violent_events, civilian_abuses, policy_cost_usd").split(", ")
SITE_COLUMNS = ["step", "site_id", "mineral", "miners", "armed_presence", "nonstate_presence", "controller",
                "certified", "output_kg"]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("run")
    r = run_cli(["world=small", "steps=104", "seed=3", f"hydra.run.dir={d}"])
    assert r.returncode == 0, r.stderr
    return d, r


def test_metrics_have_every_contract_column_and_sane_values(small_run):
    d, _ = small_run
    df = pd.read_parquet(d / "metrics.parquet")
    assert list(df.columns[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    assert len(df) == 104 and df["step"].tolist() == list(range(104))
    assert np.isfinite(df.to_numpy(float)).all()
    for m in METRICS:
        if m.unit == "share":
            assert df[m.name].between(0, 1).all(), m.name
    assert (df["miners"] > 0).all() and (df["armed_groups"] > 0).all()
    assert df["production_kg_gold"].sum() > 0 and df["world_usd_kg_gold"].iloc[0] > 0


def test_sites_snapshots_and_summary(small_run):
    d, r = small_run
    sites = pd.read_parquet(d / "sites.parquet")
    assert set(SITE_COLUMNS) <= set(sites.columns)
    assert sorted(sites["step"].unique()) == list(range(0, 104, 4))
    assert set(sites["controller"].unique()) <= {"none", "state", "nonstate", "dmz"}
    assert set(sites["mineral"].unique()) <= {"gold", "tin", "tantalum", "tungsten"}
    assert sites["armed_presence"].dtype == bool and sites["certified"].dtype == bool
    summary = json.loads((d / "summary.json").read_text())
    for k in ("seed", "config_hash", "version", "git", "runtime_s", "final_year_means"):
        assert k in summary
    assert summary["seed"] == 3 and summary["complete"] is True
    assert (d / ".hydra" / "config.yaml").is_file()
    assert "final year" in r.stdout


@pytest.mark.slow
def test_same_seed_same_metrics_in_fresh_processes_and_different_seed_differs(tmp_path, small_run):
    d0, _ = small_run
    d1, d2 = tmp_path / "a", tmp_path / "b"
    assert run_cli(["world=small", "steps=104", "seed=3", f"hydra.run.dir={d1}"]).returncode == 0
    assert run_cli(["world=small", "steps=104", "seed=4", f"hydra.run.dir={d2}"]).returncode == 0
    a, b, c = (pd.read_parquet(p / "metrics.parquet") for p in (d0, d1, d2))
    pd.testing.assert_frame_equal(a, b)
    assert (d0 / "metrics.parquet").read_bytes() == (d1 / "metrics.parquet").read_bytes()
    assert not a.equals(c)


def test_a_rerun_into_a_complete_folder_is_skipped(small_run):
    d, _ = small_run
    before = (d / "metrics.parquet").stat().st_mtime_ns
    r = run_cli(["world=small", "steps=104", "seed=3", f"hydra.run.dir={d}"])
    assert r.returncode == 0 and "skip" in r.stderr
    assert (d / "metrics.parquet").stat().st_mtime_ns == before


def test_price_shock_from_the_command_line(tmp_path):
    r = run_cli(["world=small", "steps=30", "shock=price", "shock.mineral=tantalum", "shock.factor=5",
                 "shock.start=10", f"hydra.run.dir={tmp_path}"])
    assert r.returncode == 0, r.stderr
    df = pd.read_parquet(tmp_path / "metrics.parquet")
    assert df["world_usd_kg_tantalum"].iloc[9] * 5 == pytest.approx(df["world_usd_kg_tantalum"].iloc[10])


def test_reports_flag_model_code_that_changed_during_runs_not_a_new_commit(monkeypatch):
    from sim.run import provenance

    line = provenance.code_version()
    assert provenance.same_code(line) == line
    monkeypatch.setattr(provenance, "commit", _FakeCommit("0123456789abcdef"))
    assert provenance.same_code(line).startswith(f"{line}; the model code is unchanged at commit 0123456")
    monkeypatch.setattr(provenance, "model_hash", lambda: "ffffffffff")
    assert "CHANGED during the runs" in provenance.same_code(line)


class _FakeCommit:
    """Stands in for provenance.commit (an lru_cache'd function): another commit."""

    def __init__(self, sha: str) -> None:
        self.sha = sha

    def __call__(self) -> str:
        return self.sha

    def cache_clear(self) -> None:
        pass
