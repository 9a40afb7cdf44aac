"""`hydra/launcher=warm`: the Launcher class (light: Hydra imports this module on every start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf


class WarmLauncher(Launcher):
    """Runs the jobs of a sweep in a pool of warm worker processes started once per sweep.

    Each worker has run the `warmup` function (imports, numba cache, shared read-only data) before its first
    job and then runs many jobs; each job still goes through Hydra's `run_job` (own folder, `.hydra/`
    snapshot, job callbacks, `JobReturn`). See config.WarmLauncherConf for the options and `_core_warm.py`
    for the work.
    """

    def __init__(self, **kwargs: Any) -> None:
        """Keep the launcher's config (the fields of config.WarmLauncherConf)."""
        self.warm_cfg: DictConfig = OmegaConf.create(kwargs)
        self.config: DictConfig | None = None
        self.task_function: TaskFunction | None = None
        self.hydra_context: HydraContext | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        """Called once by Hydra before the first launch of a sweep."""
        self.config = config
        self.task_function = task_function
        self.hydra_context = hydra_context

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        """Run the jobs (one list of overrides each) in the warm pool; return their JobReturns in order."""
        from . import _core_warm

        return _core_warm.launch(self, job_overrides, initial_job_idx)
