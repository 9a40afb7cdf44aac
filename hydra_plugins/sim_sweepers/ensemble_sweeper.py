"""`hydra/sweeper=ensemble`: the basic sweep crossed with a space-filling design over the uncertainties.

The logic is sim/run/ensemble.py; this module is the thin Hydra plugin around it. No `from __future__ import
annotations` here: Hydra's plugin scan runs this module before it is in sys.modules, and the config dataclass
must resolve its annotations then.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence  # noqa: UP035 (Hydra's structured configs need typing aliases)

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.types import Override


@dataclass
class EnsembleSweeperConf:
    """Same options as Hydra's basic sweeper; the design comes from the task's `ensemble.*` keys."""

    _target_: str = "hydra_plugins.sim_sweepers.ensemble_sweeper.EnsembleSweeper"
    max_batch_size: Optional[int] = None  # noqa: UP045
    params: Optional[Dict[str, str]] = None  # noqa: UP006, UP045


ConfigStore.instance().store(group="hydra/sweeper", name="ensemble", node=EnsembleSweeperConf, provider="sim")


class EnsembleSweeper(BasicSweeper):
    """Basic sweep x design points: every combination of the swept values runs at every point of the design.
    With `ensemble.samples=0` (the default) it is Hydra's basic sweeper, with a faster check of the jobs."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Hydra's check that every job composes, composing each set of group choices once."""
        from hydra_plugins.sim_launchers._compose import validate_jobs

        validate_jobs(self.hydra_context, self.config, batch)

    def split_arguments(self, overrides: List[Override], max_batch_size: Optional[int]) -> List[List[List[str]]]:  # noqa: UP006, UP045
        combos = BasicSweeper.split_arguments(overrides, None)[0]
        jobs = self._cross_design(combos, {o.get_key_element() for o in overrides})
        n = max_batch_size if max_batch_size and max_batch_size > 0 else max(len(jobs), 1)
        return [jobs[i:i + n] for i in range(0, len(jobs), n)]

    def _cross_design(self, combos: List[List[str]], swept: set) -> List[List[str]]:  # noqa: UP006
        from omegaconf import OmegaConf

        from sim.config import Config, ConfigError
        from sim.config.exploration import declared, resolve_space
        from sim.run.ensemble import design, job_overrides, sobol_note, write_design

        cfg: Any = self.config
        ens = cfg.ensemble
        if ens.samples == 0:
            return combos
        known = declared(Config(), lambda k: OmegaConf.select(cfg, k), list(cfg.minerals))
        space = resolve_space(list(ens.params), known)
        clash = [u.key for u in space if u.key in swept]
        if clash and ens.params:
            raise ConfigError(f"ensemble.params: {', '.join(clash)} also set on the command line or by the "
                              f"experiment; sample it or set it, not both")
        space = [u for u in space if u.key not in swept]
        values = design(space, int(ens.samples), str(ens.method), int(ens.seed))
        write_design(Path(cfg.hydra.sweep.dir), space, values, str(ens.method), int(ens.seed))
        exclude = [*cfg.hydra.job.config.override_dirname.exclude_keys, *(u.key for u in space)]
        folder_names = "hydra.job.config.override_dirname.exclude_keys=[" + ",".join(exclude) + "]"
        note = sobol_note(int(ens.samples), str(ens.method))
        if note:
            print(note, file=sys.stderr)
        print(f"ensemble: {ens.samples} design points ({ens.method}) over {len(space)} uncertainties x "
              f"{len(combos)} combinations = {ens.samples * len(combos)} runs", file=sys.stderr)
        return [[*c, *job_overrides(space, values, i), folder_names]
                for i in range(int(ens.samples)) for c in combos]
