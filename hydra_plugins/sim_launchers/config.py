"""Config nodes `hydra/launcher=ray` and `hydra/launcher=warm` (stored in Hydra's ConfigStore on plugin scan).

Every field can be set on the command line, e.g. `hydra.launcher.address=127.0.0.1:6379` or
`hydra.launcher.warmup=sim.run.warm:warm_up`, or in the app's config under `hydra.launcher`.

No `from __future__ import annotations` here: Hydra's plugin scan executes this module before putting it in
sys.modules, and dataclasses cannot resolve string annotations of a module missing from sys.modules.
"""

from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore


@dataclass
class RayLauncherConf:
    """`hydra/launcher=ray`: one Ray task per job (see ray_launcher.RayLauncher)."""

    _target_: str = "hydra_plugins.sim_launchers.ray_launcher.RayLauncher"

    # Ray cluster to use: null = RAY_ADDRESS if set, else start a new local Ray instance for this sweep
    # ("local" forces that); "HOST:PORT" = a running cluster (`ray start --head --port PORT`); "auto" = the
    # cluster started last on this machine (an error if none).
    address: str | None = None

    # CPUs of a local Ray instance started for the sweep (null: all of this machine's). Ignored (not allowed
    # by Ray) when connecting to a running cluster: give its size to `ray start --num-cpus`.
    num_cpus: int | None = None

    # CPUs reserved by each job's task: 1 runs one job per CPU of the cluster.
    task_cpus: float = 1.0

    # Ray retries of a job whose worker process died (0: the sweep fails, as with joblib). A job that raises
    # is never retried: its exception is its JobReturn, as with every Hydra launcher.
    max_retries: int = 0

    # Import and run this "package.module:function" (or just import "package.module") once in each Ray worker
    # process before its first job (e.g. sim.run.warm:warm_up). Ray reuses worker processes across the jobs
    # of a sweep, so later jobs on a worker start warm.
    warmup: str | None = None

    # Run each job with the launching process's working directory as its own (when that folder exists on the
    # worker's machine), so relative paths (hydra.sweep.dir, data files) mean the same as under joblib.
    same_cwd: bool = True

    # Extra keyword arguments of ray.init (e.g. runtime_env, object_store_memory, logging_level).
    init: dict[str, Any] = field(default_factory=dict)

    # Extra options of each job's task (ray.remote(...).options(**remote)), e.g. memory, resources.
    remote: dict[str, Any] = field(default_factory=dict)


@dataclass
class WarmLauncherConf:
    """`hydra/launcher=warm`: a pool of warm worker processes, started once per sweep (see warm_launcher)."""

    _target_: str = "hydra_plugins.sim_launchers.warm_launcher.WarmLauncher"

    # Number of worker processes; -1 = one per CPU available to this process. Never more than the jobs.
    n_jobs: int = -1

    # "fork" (fastest: workers are copies of the launching process after its warm-up, nothing is imported
    # or pickled again), "forkserver" (the warm-up runs once in a fresh single-threaded server process that
    # forks the workers) or "spawn" (each worker is a fresh interpreter that runs the warm-up itself).
    start_method: str = "fork"

    # "package.module:function" to call (or "package.module" to import) once before the first job: in the
    # launching process with fork, in the fork server with forkserver, in each worker with spawn. A function
    # with a parameter gets the sweep's config. The default warms this project's model (sim/run/warm.py).
    warmup: str | None = "sim.run.warm:warm_up"

    # Maximum jobs a worker runs before it is replaced by a new one (null: no limit). Not with fork.
    max_tasks_per_child: int | None = None


ConfigStore.instance().store(
    group="hydra/launcher", name="ray", node=RayLauncherConf, provider="sim_launchers"
)
ConfigStore.instance().store(
    group="hydra/launcher", name="warm", node=WarmLauncherConf, provider="sim_launchers"
)
