"""Python entry points for notebooks, the workshop page, validation and tests.

`make_config("small", steps=104, **{"policies.ddr.enabled": True})` builds a validated Config the way the CLI
does (schema + configs/world/<world>.yaml + dotted overrides); `cached_world(name)` builds a world once per
process; `run(cfg)` runs a model to the end and returns it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from omegaconf import OmegaConf

from .config import Config, ConfigError, validate
from .world import World, build_world

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"


def make_config(world: str = "small", **overrides: object) -> Config:
    """Config for `world` (configs/world/<world>.yaml) with dotted-key overrides, validated."""
    path = CONFIG_DIR / "world" / f"{world}.yaml"
    if not path.is_file():
        options = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise ConfigError(f"world: unknown world {world!r}; allowed: {', '.join(options)}")
    base = OmegaConf.merge(OmegaConf.structured(Config), {"world": OmegaConf.load(path)})
    cfg = OmegaConf.merge(base, OmegaConf.from_dotlist([f"{k}={v}" for k, v in overrides.items()]))
    c = OmegaConf.to_object(cfg)
    validate(c)
    return c


@functools.lru_cache(maxsize=4)
def cached_world(world: str = "small") -> World:
    """The world's geography and networks, built once per process (models never modify it)."""
    c = make_config(world)
    return build_world(c.world, c.minerals)


def run(cfg: Config, world: World | None = None):
    """Run a model for cfg.steps weeks and return it (metrics in `model.metrics`)."""
    from .model import ConflictMineralsModel

    m = ConflictMineralsModel(cfg, world=world if world is not None else cached_world(cfg.world.name))
    m.run()
    return m
