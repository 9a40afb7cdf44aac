"""Policy search under a budget (issue 16, item 7): Hydra's Optuna sweeper over the levers, each trial scored
against the baseline on common seeds and uncertainty points, the Pareto set within budget reported."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.run.api import make_config
from sim.run.search import idle_policies_off

from .conftest import run_cli

SEARCH = ["-m", "+experiment=policy_search", "world=small", "steps=30", "search.seeds=1", "search.samples=2",
          "hydra.sweeper.n_trials=3", "hydra.sweeper.n_jobs=1", "policies.ddr.start=5", "policies.certification.start=5",
          "policies.dmz.start=5", "policies.border.start=5"]


def test_a_lever_at_zero_switches_its_policy_off():
    c = make_config("small", **{f"policies.{p}.enabled": True for p in ("ddr", "certification", "dmz", "border")},
                    **{"policies.ddr.capacity_per_year": 0, "policies.dmz.n_sites": 0,
                       "policies.certification.sites_per_year": 0, "policies.certification.buyer_compliance": 0.3,
                       "policies.border.seizure_rate": 0.0})
    p = idle_policies_off(c).policies
    assert (p.ddr.enabled, p.certification.enabled, p.dmz.enabled, p.border.enabled) == (False, True, False, False)


@pytest.mark.slow
def test_search_scores_mixes_against_the_baseline_and_reports_the_pareto_set(tmp_path):
    r = run_cli([*SEARCH, f"hydra.sweep.dir={tmp_path}"])
    assert r.returncode == 0, r.stderr[-3000:]
    trials = sorted(tmp_path.glob("trial_*/search.json"))
    assert len(trials) == 3 and (tmp_path / "optimization_results.yaml").is_file()
    base = json.loads((tmp_path / "search_baseline.json").read_text())
    assert base["runs"] == 2                                  # 2 uncertainty points x 1 seed, computed once
    for t in trials:
        s = json.loads(t.read_text())
        for k in s["objectives"]:
            expect = 100 * (s["mix"][k] - s["baseline"][k]) / abs(s["baseline"][k])
            assert s["change_pct"][k] == pytest.approx(expect)
            assert s["values"][s["objectives"].index(k)] == pytest.approx(expect if s["within_budget"] else
                                                                            s["values"][0])
        assert s["baseline"] == base["means"]
    from analysis.__main__ import main

    assert main([str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "pareto_table.csv")
    every = pd.read_csv(tmp_path / "search_trials.csv")
    assert len(table) >= 1 and set(table["trial"]) <= set(every.loc[every["within_budget"], "trial"])
    assert (tmp_path / "figures" / "pareto.png").stat().st_size > 10_000


@pytest.mark.slow
def test_a_mix_over_budget_scores_worse_than_doing_nothing(tmp_path):
    r = run_cli([*SEARCH, "search.budget_usd_week=1", "hydra.sweeper.n_trials=2", f"hydra.sweep.dir={tmp_path}"])
    assert r.returncode == 0, r.stderr[-3000:]
    for t in tmp_path.glob("trial_*/search.json"):
        s = json.loads(t.read_text())
        if s["policy_cost_usd_week"] > 1:
            assert not s["within_budget"] and min(s["values"]) > 100
