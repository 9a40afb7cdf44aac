"""The warm-up of a sweep's worker processes (`hydra/launcher=warm`, the default launcher; configs/config.yaml).

Run once before the first job (in the launching process, whose forked workers inherit it): imports the model
and its numba kernels, builds the sweep's world into the per-process world cache (sim.run.api.world_of), and
runs the small world for a week with the sweep's other settings, which loads every kernel from its on-disk
cache (a kernel's compiled code depends on its argument types, not on the world's size; building a full-scale
model here would cost 0.7 s before any job starts). Jobs then start with nothing to import, compile or build.
Results do not depend on it: a model never modifies its world, and every run draws from its own seed.
"""

from __future__ import annotations

import sys
from typing import Any


def warm_up(config: Any = None) -> None:
    """Warm this process for the sweep whose composed config is `config` (None: the small world)."""
    import copy

    from omegaconf import open_dict

    from ..config import ConfigError
    from ..config.schema import to_config
    from .api import make_config, run, world_of

    cfg = None
    if config is not None:
        task = copy.deepcopy(config)
        with open_dict(task):
            task.pop("hydra", None)
        try:
            cfg = to_config(task)
        except ConfigError as exc:   # the job itself will report it; warm the small world instead
            print(f"warm-up: {exc}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - not this model's config (another app): warm the small world
            cfg = None
    if cfg is None:
        cfg = make_config("small")
    world_of(cfg)
    cfg.world, cfg.steps, cfg.output.write = make_config("small").world, 1, False
    try:
        run(cfg)
    except ConfigError as exc:   # a setting the small world refuses: the jobs load their kernels themselves
        print(f"warm-up: {exc}", file=sys.stderr)
