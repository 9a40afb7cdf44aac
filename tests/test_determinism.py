"""Determinism: the same configuration and seed give byte-identical metrics in a fresh process, under the
basic and joblib launchers, with 1 or 2 jobs, and after the numba cache is cleared."""

from __future__ import annotations

import pytest

from .conftest import run_cli

ARGS = ["world=small", "steps=40", "policies.certification.enabled=true", "policies.certification.start=5",
        "policies.dmz.enabled=true", "policies.dmz.start=10", "policies.dmz.n_sites=5"]
SEEDS = (0, 7)


def _sweep(folder, *extra, env=None):
    r = run_cli(["-m", *ARGS, "seed=" + ",".join(map(str, SEEDS)), f"hydra.sweep.dir={folder}", *extra], env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    found = {}
    for p in folder.glob("*/metrics.parquet"):
        seed = next(int(kv[5:]) for kv in p.parent.name.split(",") if kv.startswith("seed="))
        found[seed] = p.read_bytes()
    assert sorted(found) == sorted(SEEDS)
    return found


@pytest.mark.slow
def test_same_bytes_across_processes_launchers_jobs_and_cold_cache(tmp_path):
    reference = {}
    for s in SEEDS:
        d = tmp_path / f"single{s}"
        r = run_cli([*ARGS, f"seed={s}", f"hydra.run.dir={d}"])
        assert r.returncode == 0, r.stderr
        reference[s] = (d / "metrics.parquet").read_bytes()
    variants = {
        "basic launcher": _sweep(tmp_path / "basic", "hydra/launcher=basic"),
        "joblib, 1 job": _sweep(tmp_path / "joblib1", "hydra.launcher.n_jobs=1"),
        "joblib, 2 jobs": _sweep(tmp_path / "joblib2", "hydra.launcher.n_jobs=2"),
        "numba cache cleared": _sweep(tmp_path / "cold", "hydra.launcher.n_jobs=2",
                                      env={"NUMBA_CACHE_DIR": str(tmp_path / "empty_numba_cache")}),
    }
    assert (tmp_path / "empty_numba_cache").is_dir(), "the cold-cache run should have compiled into its own cache"
    for name, got in variants.items():
        for s in SEEDS:
            assert got[s] == reference[s], f"{name}, seed {s}: metrics differ from a single run"
    assert reference[SEEDS[0]] != reference[SEEDS[1]]
