"""The work of `hydra/launcher=ray`: start or join Ray, send each job as a task, gather the JobReturns.

Imported only when a sweep uses the launcher, so `ray` stays an optional dependency.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, setup_globals
from hydra.types import TaskFunction
from omegaconf import DictConfig, OmegaConf

from ._jobs import compose_job_config, log_jobs, run_composed_job, run_warmup, set_state_keeping_plugins
from .ray_launcher import RayLauncher

log = logging.getLogger(__name__)


class JobExit:
    """A job called sys.exit(code): handed back so that the launching process exits with the same code."""

    def __init__(self, code: Any) -> None:
        self.code = code


def start_ray(cfg: DictConfig) -> Any:
    """Connect to the configured Ray cluster, or start a local one; return the `ray` module."""
    address = cfg.address or os.environ.get("RAY_ADDRESS") or "local"
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")  # every job's own lines, not "[repeated 3x across cluster]"
    if address == "local":
        # A private instance for this sweep: Ray's single-machine mode, every address 127.0.0.1 (by default
        # Ray uses the machine's network address even for a local instance). Read when ray is imported.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    import ray

    if ray.is_initialized():
        return ray
    if address == "local" and os.environ.get("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER") == "0":
        try:  # ray imported before the variable was set: its constant is read when a node starts
            from ray._private import ray_constants

            ray_constants.ENABLE_RAY_CLUSTER = False
        except (ImportError, AttributeError):
            pass
    kwargs: dict[str, Any] = OmegaConf.to_container(cfg.init, resolve=True) or {}  # type: ignore[assignment]
    if address == "local":
        if cfg.num_cpus is not None:
            kwargs.setdefault("num_cpus", int(cfg.num_cpus))
        kwargs.setdefault("include_dashboard", False)
    t0 = time.perf_counter()
    ray.init(address=address, **kwargs)
    log.info(
        f"Ray initialised in {time.perf_counter() - t0:.1f} s (address={address}): {ray.cluster_resources()}"
    )
    return ray


def execute_job(
    idx: int, sweep_config: DictConfig, shared: list[Any], cwd: str | None, warmup: str | None
) -> JobReturn | JobExit:
    """Body of a job's Ray task: Hydra's run_job, with the launching process's working directory.

    `shared` is `[ObjectRef]` of (hydra_context, task_function, singleton_state), put once per sweep; nested
    in a list, Ray leaves it to this function to fetch: a fresh copy for every job, as joblib gives.
    """
    import ray

    hydra_context, task_function, singleton_state = ray.get(shared[0])
    setup_globals()
    set_state_keeping_plugins(singleton_state)
    run_warmup(warmup)
    old_cwd = os.getcwd()
    moved = bool(cwd) and cwd != old_cwd and os.path.isdir(cwd)  # type: ignore[arg-type]
    if moved:
        os.chdir(cwd)  # type: ignore[arg-type]
    try:
        return run_composed_job(hydra_context, sweep_config, task_function)
    except SystemExit as exc:  # run_job catches Exception only; the task's sys.exit ends the sweep
        return JobExit(exc.code)
    finally:
        if moved:
            os.chdir(old_cwd)


def gather(ray: Any, refs: list[Any]) -> list[JobReturn]:
    """The tasks' results in order; on a sys.exit or an infrastructure error, cancel the rest and raise."""
    pending = list(refs)
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                out = ray.get(ref)  # raises if the task itself failed (worker died, ...)
                if isinstance(out, JobExit):
                    raise SystemExit(out.code)
    except BaseException:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    return ray.get(refs)


def launch(
    launcher: RayLauncher, job_overrides: Sequence[Sequence[str]], initial_job_idx: int
) -> list[JobReturn]:
    """Compose each job's config here, run it as a Ray task, return the JobReturns in order."""
    setup_globals()
    config, hydra_context = launcher.config, launcher.hydra_context
    task_function: TaskFunction | None = launcher.task_function
    assert config is not None and hydra_context is not None and task_function is not None
    cfg = launcher.ray_cfg

    configure_log(config.hydra.hydra_logging, config.hydra.verbose)
    sweep_dir = Path(str(config.hydra.sweep.dir))
    sweep_dir.mkdir(parents=True, exist_ok=True)
    log_jobs("Ray launcher", sweep_dir, job_overrides, initial_job_idx)
    if not job_overrides:
        return []

    ray = start_ray(cfg)
    shared = ray.put((hydra_context, task_function, Singleton.get_state()))
    options: dict[str, Any] = {"num_cpus": cfg.task_cpus, "max_retries": int(cfg.max_retries)}
    options.update(OmegaConf.to_container(cfg.remote, resolve=True) or {})  # type: ignore[arg-type]
    task = ray.remote(execute_job)
    cwd = os.getcwd() if cfg.same_cwd else None
    refs = []
    for i, overrides in enumerate(job_overrides):
        idx = initial_job_idx + i
        sweep_config = compose_job_config(hydra_context, config, overrides, idx)
        refs.append(
            task.options(name=f"job_{idx}", **options).remote(idx, sweep_config, [shared], cwd, cfg.warmup)
        )
    return gather(ray, refs)
