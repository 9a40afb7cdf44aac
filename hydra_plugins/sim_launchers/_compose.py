"""A job's config without recomposing it from files: Hydra's `load_sweep_config`, cached by config-group choice.

Hydra composes every job's config from scratch (defaults list, config files, the structured schema): about
0.15-0.2 s on this project's config, as long as a short run. The jobs of a sweep differ mostly by values
(`seed=3`, `armed_groups.tax_share=0.21`), not by config-group choices (`world=`, `scenario=`). So the first
job with a given set of group choices (and Hydra overrides) is composed by Hydra itself, once more without
its value overrides (the "base"), and the base is kept; every later job with the same choices is a copy of
the base with its value overrides applied by Hydra's own `_apply_overrides_to_config`, and the bookkeeping
Hydra does after composing (hydra.overrides, override_dirname, runtime choices) redone the same way.
tests/test_launchers.py checks that the result equals Hydra's own composition, key for key.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from hydra._internal.config_loader_impl import ConfigLoaderImpl, get_overrides_dirname
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.types import HydraContext
from omegaconf import DictConfig, OmegaConf, open_dict

_BASES: dict[tuple, DictConfig] = {}
_PARSED: dict[str, Override] = {}   # override line -> Hydra's parse of it (ANTLR: about 0.5 ms a line)
_GROUPS: dict[str, bool] = {}       # key -> whether it names a config group


def parse_overrides(lines: Sequence[str]) -> list[Override]:
    """Hydra's `OverridesParser.parse_overrides`, each distinct line parsed once per process. An ensemble's jobs
    repeat most of their lines (the design values of a point recur in each policy mix, the fixed ones in every
    job), and workers forked after the sweeper's check inherit the lines it parsed."""
    new = [line for line in dict.fromkeys(lines) if line not in _PARSED]
    if new:
        _PARSED.update(zip(new, OverridesParser.create().parse_overrides(new), strict=True))
    return [_PARSED[line] for line in lines]


def _is_group(o: Override, loader: Any) -> bool:
    """Whether an override chooses a config group (`world=small`, `+experiment=x`, `hydra/launcher=warm`)."""
    if o.is_hydra_override():
        return True          # hydra.* values: part of the key, applied by Hydra when the base is composed
    key = o.key_or_group
    if "/" in key or o.package is not None:
        return True
    if key not in _GROUPS:
        try:
            _GROUPS[key] = bool(loader.repository.group_exists(key))
        except AttributeError:   # a loader without a repository: let Hydra compose everything
            _GROUPS[key] = True
    return _GROUPS[key]


def _split(hydra_context: HydraContext, master: DictConfig, overrides: Sequence[str]) -> tuple | None:
    """(cache key, group overrides, parsed value overrides), or None when Hydra must compose the job itself
    (overrides that add, delete or sweep keys)."""
    loader = hydra_context.config_loader
    parsed = parse_overrides(list(overrides))
    values = [o for o in parsed if not _is_group(o, loader)]
    if any(o.is_sweep_override() or o.is_delete() or o.is_add() or o.is_force_add() for o in values):
        return None
    base_lines = [o.input_line for o in parsed if _is_group(o, loader)]
    key = (str(master.hydra.job.config_name), tuple(OmegaConf.to_container(master.hydra.overrides.hydra)),
           tuple(base_lines))
    return key, base_lines, values, parsed


def load_sweep_config(hydra_context: HydraContext, master: DictConfig, overrides: Sequence[str]) -> DictConfig:
    """What `hydra_context.config_loader.load_sweep_config(master, overrides)` returns, from a cached base."""
    loader = hydra_context.config_loader
    split = _split(hydra_context, master, overrides)
    if split is None:
        return loader.load_sweep_config(master, list(overrides))
    key, base_lines, values, parsed = split
    if key not in _BASES:
        _BASES[key] = loader.load_sweep_config(master, base_lines)
    cfg = copy.deepcopy(_BASES[key])
    ConfigLoaderImpl._apply_overrides_to_config(values, cfg)
    task = [o for o in parsed if not o.is_hydra_override()]
    with open_dict(cfg.hydra):
        cfg.hydra.overrides.task = [o.input_line for o in task]
        cfg.hydra.job.override_dirname = get_overrides_dirname(
            overrides=task, kv_sep=cfg.hydra.job.config.override_dirname.kv_sep,
            item_sep=cfg.hydra.job.config.override_dirname.item_sep,
            exclude_keys=cfg.hydra.job.config.override_dirname.exclude_keys)
    OmegaConf.copy_cache(from_config=master, to_config=cfg)
    return cfg


def validate_jobs(hydra_context: HydraContext, master: DictConfig, batch: Sequence[Sequence[str]]) -> None:
    """Hydra's check that every job of a batch composes (Sweeper.validate_batch_is_legal), at a fraction of its
    cost: each distinct set of group choices is composed once, and every job's values are applied to that
    composition (a bad value raises as it would in the job)."""
    scratch: dict[tuple, DictConfig] = {}
    for overrides in batch:
        split = _split(hydra_context, master, overrides)
        if split is None:
            hydra_context.config_loader.load_sweep_config(master, list(overrides))
            continue
        key, _, values, _ = split
        if key not in scratch:
            scratch[key] = load_sweep_config(hydra_context, master, overrides)
        else:
            ConfigLoaderImpl._apply_overrides_to_config(values, scratch[key])
