"""What both launchers share: composing a job's config, running it through Hydra, loading a warm-up."""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.plugins import Plugins
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, filter_overrides, run_job
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, open_dict
from omegaconf.basecontainer import BaseContainer

from ._compose import load_sweep_config

log = logging.getLogger(__name__)

_WARMED: set[str] = set()  # warm-ups already run in this process (inherited by forked children)


def set_state_keeping_plugins(state: dict[str, Any]) -> None:
    """Hydra's `Singleton.set_state`, without its rescan of every installed Hydra plugin after the first.

    Hydra's own set_state (which joblib's launcher calls for every job) drops the Plugins singleton and scans
    `hydra_plugins` again: it re-executes every plugin module, which costs time and re-creates the plugins'
    config dataclasses, so that the JobReturn no longer pickles by reference (cloudpickle then copies those
    classes by value). A warm worker keeps the Plugins found by its first scan (or inherited by fork).
    """
    plugins = Singleton._instances.get(Plugins)
    if plugins is None:
        Singleton.set_state(state)
        return
    Singleton._instances = state["instances"]
    Singleton._instances[Plugins] = plugins
    BaseContainer._resolvers = state["omegaconf_resolvers"]  # a fresh copy: just unpickled


def compose_job_config(
    hydra_context: HydraContext, config: DictConfig, overrides: Sequence[str], idx: int
) -> DictConfig:
    """The job's full config: the sweep's config with its overrides, job id and number as joblib sets them."""
    sweep_config = load_sweep_config(hydra_context, config, overrides)   # Hydra's, cached by group choices
    with open_dict(sweep_config):
        sweep_config.hydra.job.id = f"{sweep_config.hydra.job.name}_{idx}"
        sweep_config.hydra.job.num = idx
    return sweep_config


def run_composed_job(
    hydra_context: HydraContext, sweep_config: DictConfig, task_function: TaskFunction
) -> JobReturn:
    """Run one job with Hydra's run_job: output folder, .hydra/ snapshot, logging, callbacks, JobReturn."""
    HydraConfig.instance().set_config(sweep_config)
    try:
        return run_job(
            hydra_context=hydra_context,
            task_function=task_function,
            config=sweep_config,
            job_dir_key="hydra.sweep.dir",
            job_subdir_key="hydra.sweep.subdir",
        )
    finally:
        flush_std_streams()


def flush_std_streams() -> None:
    """Flush stdout/stderr so a job's prints come out with it, not when the worker exits."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass


def load_callable(spec: str) -> Callable[[], Any]:
    """`"pkg.mod:func"` -> that function; `"pkg.mod"` -> a function that only imports the module."""
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name.strip())
    if not attr:
        return lambda: None
    fn = module
    for part in attr.strip().split("."):
        fn = getattr(fn, part)
    if not callable(fn):
        raise TypeError(f"warmup {spec!r} is not callable")
    return fn  # type: ignore[return-value]


def run_warmup(spec: str | None, config: DictConfig | None = None) -> None:
    """Call the warm-up `spec` once in this process (a no-op when empty or already done here); a warm-up that
    takes an argument gets the sweep's composed config (to build what the sweep's jobs will use)."""
    if not spec or spec in _WARMED:
        return
    fn = load_callable(spec)
    try:
        takes_config = bool(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        takes_config = False
    fn(config) if takes_config else fn()
    _WARMED.add(spec)
    # what the warm-up built stays for the whole sweep: keep it out of the collector's full passes (one in a
    # full-world run: 0.14 s) and, in workers forked from here, out of copy-on-write (gc.freeze's documented use)
    gc.freeze()


def log_jobs(
    what: str, sweep_dir: Path, job_overrides: Sequence[Sequence[str]], initial_job_idx: int
) -> None:
    """Hydra's usual launch log lines (shown when hydra/hydra_logging is on)."""
    log.info(f"{what} is launching {len(job_overrides)} jobs, sweep output dir: {sweep_dir}")
    for i, overrides in enumerate(job_overrides):
        log.info(f"\t#{initial_job_idx + i} : {' '.join(filter_overrides(overrides))}")


def cpu_count() -> int:
    """CPUs this process may use (its affinity mask), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
