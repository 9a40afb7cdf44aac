"""The work of `hydra/launcher=warm`: a ProcessPoolExecutor of warm workers that run Hydra jobs.

What a worker needs (hydra_context, task_function, the sweep's config, Hydra's singleton state) reaches it
once: by fork (inherited from the launching process) or pickled once in the pool's initializer. Each job
then sends only its index and overrides, composes its config in the worker (in parallel, as joblib does)
and runs through Hydra's run_job. Hydra's singleton state is unpickled afresh for every job, so that one
job cannot leak into the next one through it (as with joblib, which sends it with every job), but the
plugins found by the worker's first scan are kept (see _jobs.set_state_keeping_plugins).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, setup_globals

from ._jobs import (
    compose_job_config,
    cpu_count,
    log_jobs,
    run_composed_job,
    run_warmup,
    set_state_keeping_plugins,
)
from ._pickling import dumps
from .warm_launcher import WarmLauncher

log = logging.getLogger(__name__)

WARMUP_ENV = "SIM_LAUNCHERS_WARMUP"  # read by _warm_preload in the fork server
_STATE: dict[str, Any] = {}  # hydra_context, task_function, config, singleton_state (pickled)


def _worker_init(payload: bytes | None, warmup: str | None) -> None:
    """Pool initializer: receive the sweep's state (unless inherited by fork), then warm up (once)."""
    if payload is not None:
        _STATE.clear()
        _STATE.update(pickle.loads(payload))
    setup_globals()
    run_warmup(warmup, _STATE.get("config"))


def _worker_run(idx: int, overrides: list[str]) -> bytes:
    """One job in a worker: compose its config, run it with Hydra's run_job, return the pickled JobReturn."""
    set_state_keeping_plugins(pickle.loads(_STATE["singleton_state"]))
    hydra_context = _STATE["hydra_context"]
    sweep_config = compose_job_config(hydra_context, _STATE["config"], overrides, idx)
    ret = run_composed_job(hydra_context, sweep_config, _STATE["task_function"])
    return dumps(ret)


def check_fork_safety() -> None:
    """Warn when forking the launching process is not safe: fork copies only the calling thread.

    Checked: Python threads other than the main one, and numba's threading layer (started by the first run of
    a `parallel=True` kernel; its workqueue and GNU OpenMP layers are not fork-safe). Not counted: the
    native threads of OpenBLAS (numpy, scipy) and jemalloc (pyarrow), which have fork handlers; Python 3.12
    emits a DeprecationWarning about them anyway (hidden by default).
    """
    problems = [
        f"Python thread {t.name!r}"
        for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive()
    ]
    if "numba" in sys.modules:
        try:
            from numba.np.ufunc import parallel as numba_parallel

            if getattr(numba_parallel, "_is_initialized", False):
                problems.append(f"numba's {numba_parallel.threading_layer()!r} threading layer")
        except Exception:  # noqa: BLE001 - a numba without these internals: nothing to check
            pass
    if problems:
        warnings.warn(
            f"warm launcher: forking workers from a process running {', '.join(problems)}; "
            "if a worker hangs, "
            "use hydra.launcher.start_method=forkserver",
            RuntimeWarning,
            stacklevel=2,
        )


def make_pool(launcher: WarmLauncher, n_jobs_in_batch: int) -> ProcessPoolExecutor:
    """Start the pool of warm workers (its processes start at the first submit)."""
    cfg = launcher.warm_cfg
    method = str(cfg.start_method)
    if method not in ("fork", "forkserver", "spawn"):
        raise ValueError(f"hydra.launcher.start_method: {method!r}; allowed: fork, forkserver, spawn")
    n_workers = int(cfg.n_jobs) if int(cfg.n_jobs) > 0 else cpu_count()
    n_workers = max(1, min(n_workers, n_jobs_in_batch))
    ctx = multiprocessing.get_context(method)
    state = {
        "hydra_context": launcher.hydra_context,
        "task_function": launcher.task_function,
        "config": launcher.config,
        "singleton_state": dumps(Singleton.get_state()),
    }
    kwargs: dict[str, Any] = {}
    if cfg.max_tasks_per_child:
        if method == "fork":
            raise ValueError("hydra.launcher.max_tasks_per_child needs start_method=forkserver or spawn")
        kwargs["max_tasks_per_child"] = int(cfg.max_tasks_per_child)
    if method == "fork":
        run_warmup(cfg.warmup, launcher.config)  # here, once: the workers are forked from this warm process
        _STATE.clear()
        _STATE.update(state)
        check_fork_safety()
        initargs: tuple[Any, ...] = (None, None)
    else:
        if method == "forkserver" and cfg.warmup:
            os.environ[WARMUP_ENV] = str(cfg.warmup)  # the fork server inherits it when it starts
            ctx.set_forkserver_preload(["hydra_plugins.sim_launchers._warm_preload"])
        initargs = (dumps(state), cfg.warmup)
    log.info(f"warm launcher: {n_workers} workers ({method}), warm-up {cfg.warmup or 'none'}")
    return ProcessPoolExecutor(
        max_workers=n_workers, mp_context=ctx, initializer=_worker_init, initargs=initargs, **kwargs
    )


def launch(
    launcher: WarmLauncher, job_overrides: Sequence[Sequence[str]], initial_job_idx: int
) -> list[JobReturn]:
    """Run the jobs in a pool of warm workers started for them; return the JobReturns in order.

    A sweeper that launches several batches gets a new pool for each: with fork that costs a few ms (the
    warm-up stays done in this process); with forkserver or spawn, each batch's workers warm up again.
    """
    setup_globals()
    config = launcher.config
    assert config is not None and launcher.hydra_context is not None and launcher.task_function is not None
    configure_log(config.hydra.hydra_logging, config.hydra.verbose)
    sweep_dir = Path(str(config.hydra.sweep.dir))
    sweep_dir.mkdir(parents=True, exist_ok=True)
    log_jobs("Warm launcher", sweep_dir, job_overrides, initial_job_idx)
    if not job_overrides:
        return []
    pool = make_pool(launcher, len(job_overrides))
    futures = [pool.submit(_worker_run, initial_job_idx + i, list(o)) for i, o in enumerate(job_overrides)]
    try:
        results = [pickle.loads(f.result()) for f in futures]
    except BaseException:  # a job's sys.exit, a dead worker, Ctrl-C: stop the sweep here (as joblib does)
        stop_pool(pool)
        raise
    # Shut the pool down here: left to the interpreter's exit, its wake-up pipe may already be closed
    # ("OSError: [Errno 9] Bad file descriptor" from concurrent.futures' _python_exit).
    pool.shutdown(wait=True)
    return results


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the jobs not started and end the workers now (their running jobs are abandoned).

    Without this, a pool whose queue is stuck (e.g. a job that could not be pickled) can hang the
    interpreter's exit, which waits for the pool's manager thread.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())  # 3.14 has pool.terminate_workers()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
