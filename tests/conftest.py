"""Shared fixtures: configurations of the small world (and the full one where a test needs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sim.run.api import cached_world, make_config, run  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parent.parent
# Ray cluster tests need the `ray` extra and most of a minute of Ray start-up: `make test-cluster` runs them.
collect_ignore = [] if os.environ.get("SIM_TEST_CLUSTER") == "1" else ["test_cluster.py"]


def run_model(cfg, world=None):
    return run(cfg, world)


def run_cli(args: list[str], cwd: Path = ROOT, env: dict | None = None, timeout: float = 600):
    """Run `python -m sim ARGS` in a fresh process; returns CompletedProcess (text)."""
    e = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=e, capture_output=True, text=True,
                          timeout=timeout)
