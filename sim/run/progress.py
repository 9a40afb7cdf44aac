"""Sweep progress: a Hydra callback that reports runs done / total, elapsed time and an estimate of time left.

Hydra calls `on_multirun_start` in the launching process (it counts the sweep's jobs and notes the start)
and `on_job_end` in whichever process ran the job (joblib worker, SLURM node...): it counts the finished
runs in the sweep folder (those whose summary.json was written or, for runs a resumed sweep skipped, touched
since the sweep started: a stale run from an earlier sweep into the same folder is not done) and prints one
line. On a terminal every run is reported; in logs (CI) about every tenth of the sweep.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

STATE_FILE = "sweep.json"


def count_jobs(config: DictConfig) -> int:
    """Number of jobs of the sweep: the product of the swept values (command line and hydra.sweeper.params),
    times the design points of an ensemble (hydra/sweeper=ensemble)."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    overrides = list(config.hydra.overrides.task)
    given = {o.split("=", 1)[0].lstrip("+~") for o in overrides}
    params = config.hydra.sweeper.get("params") or {}
    overrides += [f"{k}={v}" for k, v in params.items() if k.lstrip("+~") not in given]
    parsed = OverridesParser.create().parse_overrides(overrides)
    n = sum(len(batch) for batch in BasicSweeper.split_arguments(parsed, None))
    if "Ensemble" in str(config.hydra.sweeper.get("_target_", "")) and config.ensemble.samples > 0:
        n *= int(config.ensemble.samples)
    return n


def _fmt(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class SweepProgress(Callback):
    """Reports sweep progress (see module docstring)."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        folder = Path(config.hydra.sweep.dir)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            total = count_jobs(config)
        except Exception:  # noqa: BLE001 - a custom sweeper we cannot count: report without a total
            total = 0
        (folder / STATE_FILE).write_text(json.dumps({"total": total, "started": time.time()}))
        print(f"sweep: {total} runs into {folder}" if total else f"sweep into {folder}", file=sys.stderr, flush=True)

    def on_job_end(self, config: DictConfig, job_return: Any, **kwargs: Any) -> None:
        folder = Path(config.hydra.sweep.dir)
        try:
            state = json.loads((folder / STATE_FILE).read_text())
        except (OSError, ValueError):
            return
        total, t0 = int(state["total"]), float(state["started"])
        summaries = list(folder.glob("*/summary.json")) + list(folder.glob("*/search.json"))
        done = sum(1 for p in summaries if p.stat().st_mtime >= t0)
        elapsed = time.time() - t0
        step = 1 if sys.stderr.isatty() else max(1, total // 10)
        if total and done % step and done != total:
            return
        msg = f"sweep: {done}/{total or '?'} runs done, {_fmt(elapsed)} elapsed"
        if total and done and done < total:
            msg += f", about {_fmt(elapsed / done * (total - done))} left"
        print(msg, file=sys.stderr, flush=True)
