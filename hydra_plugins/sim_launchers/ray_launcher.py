"""`hydra/launcher=ray`: the Launcher class (light: Hydra imports this module on every start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf


class RayLauncher(Launcher):
    """Runs each job of a sweep as one Ray task, locally or on a running Ray cluster.

    The job's config is composed in the launching process (so cluster nodes need the code, not the config
    files); the task then calls Hydra's `run_job` in a Ray worker: the job folder, `.hydra/` snapshot,
    job callbacks and `JobReturn` are the same as under the joblib launcher. See config.RayLauncherConf for
    the options and `_core_ray.py` for the work.
    """

    def __init__(self, **kwargs: Any) -> None:
        """Keep the launcher's config (the fields of config.RayLauncherConf)."""
        self.ray_cfg: DictConfig = OmegaConf.create(kwargs)
        self.config: DictConfig | None = None
        self.task_function: TaskFunction | None = None
        self.hydra_context: HydraContext | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        """Called once by Hydra before the first launch of a sweep."""
        self.config = config
        self.task_function = task_function
        self.hydra_context = hydra_context

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        """Run the jobs (one list of overrides each) on Ray; return their JobReturns in the same order."""
        from . import _core_ray

        return _core_ray.launch(self, job_overrides, initial_job_idx)
