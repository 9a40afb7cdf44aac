"""No lost results: a sweep killed with SIGKILL mid-way leaves every finished run readable and no temporary
file behind; a rerun completes only the missing runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from sim.run.outputs import is_complete

from .conftest import ROOT

SEEDS = 8
ARGS = ["-m", "world=small", "steps=600", f"seed=range(0,{SEEDS})", "hydra.launcher.n_jobs=2"]


def _wait_until_gone(pgid: int, timeout: float = 60.0) -> None:
    """Wait until no process of the group is left (polling: killpg with signal 0 fails when none remain)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)
    raise AssertionError(f"processes of group {pgid} still alive {timeout} s after SIGKILL")


def _start(folder):
    return subprocess.Popen([sys.executable, "-m", "sim", *ARGS, f"hydra.sweep.dir={folder}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
def test_sigkill_mid_sweep_loses_nothing_and_a_rerun_completes_the_rest(tmp_path):
    proc = _start(tmp_path)
    deadline = time.time() + 300
    try:
        while len(list(tmp_path.glob("*/summary.json"))) < 2:
            assert proc.poll() is None, f"sweep ended before it could be killed: {proc.stderr.read()[-2000:]}"
            assert time.time() < deadline, "sweep too slow to reach two finished runs"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    _wait_until_gone(proc.pid)   # the killed workers (same process group) have exited: their files are closed
    finished = sorted(p.parent for p in tmp_path.glob("*/summary.json"))
    assert 2 <= len(finished) < SEEDS, "the kill should land mid-sweep"
    for run in finished:
        assert is_complete(run), f"{run.name}: finished run not readable after the kill"
    assert not list(tmp_path.rglob(".tmp-*")), "temporary files left behind"
    for run in tmp_path.glob("seed=*"):   # a run killed mid-way: whatever file it has is whole (written atomically)
        for f in run.glob("*.parquet"):
            pq.read_metadata(f)
    stamps = {p: (p / "metrics.parquet").stat().st_mtime_ns for p in finished}

    rerun = subprocess.run([sys.executable, "-m", "sim", *ARGS, f"hydra.sweep.dir={tmp_path}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert rerun.stderr.count("skip (already complete)") == len(finished)
    runs = sorted(tmp_path.glob("seed=*"))
    assert len(runs) == SEEDS and all(is_complete(r) for r in runs)
    for p, t in stamps.items():
        assert (p / "metrics.parquet").stat().st_mtime_ns == t, f"{p.name} was rewritten"
    assert not list(tmp_path.rglob(".tmp-*"))
