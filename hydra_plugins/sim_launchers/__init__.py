"""Hydra launchers for sweeps: `hydra/launcher=ray` (a Ray cluster) and `hydra/launcher=warm` (warm workers).

Both run every job through Hydra's own `hydra.core.utils.run_job`, so a job keeps Hydra's semantics exactly
as under the joblib launcher: its folder `${hydra.sweep.dir}/${hydra.sweep.subdir}`, the `.hydra/` snapshot
(config.yaml, hydra.yaml, overrides.yaml), `hydra.job.id` = `<job name>_<index>` and `hydra.job.num`, the
job callbacks (`on_job_start` / `on_job_end`, called in the process that runs the job), and the job's return
value or exception handed back to the sweeper as a `JobReturn`.

- `ray` (`ray_launcher.RayLauncher`, work in `_core_ray.py`): each job is one Ray task. `address` null starts
  a local Ray instance with `num_cpus` CPUs (or uses `RAY_ADDRESS`); `address=HOST:PORT` (or `auto`)
  sends the jobs to a running cluster (`ray start --head --port PORT`). Ray is imported only when a sweep
  actually uses this launcher (it is an optional dependency).
- `warm` (`warm_launcher.WarmLauncher`, work in `_core_warm.py`): a pool of `n_jobs` worker processes is
  started once per sweep; each imports and runs `warmup` ("package.module:function") once, then runs many
  jobs. With `start_method=fork` (default) the warm-up runs once in the launching process and the workers are
  forked from it, already warm.

The package is a namespace portion of `hydra_plugins`: never add `hydra_plugins/__init__.py` (it would hide
every other installed Hydra plugin, joblib's and submitit's included). Modules whose name starts with `_` are
not imported by Hydra's plugin scan, so they may import heavy things.
"""

__version__ = "0.1.0"
