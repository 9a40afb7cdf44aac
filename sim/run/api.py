"""Python entry points for notebooks, the workshop page, validation and tests.

`make_config("small", steps=104, **{"policies.ddr.enabled": True})` builds a validated Config the way the CLI
does (schema + configs/world/<world>.yaml + dotted overrides); `world_of(cfg)` builds cfg's world once per
process (`cached_world(name, scale)` for a named world with default settings); `run(cfg)` runs a model to the
end and returns it.
"""

from __future__ import annotations

from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from ..config import Config, ConfigError, validate
from ..world import World, build_world, world_key
from . import CONFIG_DIR


def make_config(world: str = "small", **overrides: object) -> Config:
    """Config for `world` (configs/world/<world>.yaml) with dotted-key overrides, validated."""
    path = CONFIG_DIR / "world" / f"{world}.yaml"
    if not path.is_file():
        options = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise ConfigError(f"world: unknown world {world!r}; allowed: {', '.join(options)}")
    try:
        base = OmegaConf.merge(OmegaConf.structured(Config), {"world": OmegaConf.load(path)})
        cfg = OmegaConf.merge(base, OmegaConf.from_dotlist([f"{k}={v}" for k, v in overrides.items()]))
        c = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as exc:
        raise ConfigError.from_omegaconf(exc) from None
    validate(c)
    return c


_WORLDS: dict[str, World] = {}   # a few worlds per process, keyed by their configuration (oldest dropped)


def world_of(cfg: Config) -> World:
    """cfg's world (geography, networks, population scale), built once per process for each distinct world
    (`world_key`: settings of the run's start or mineral parameters other than names do not count); models
    never modify it."""
    key = world_key(cfg.world, cfg.minerals)
    if key not in _WORLDS:
        if len(_WORLDS) >= 4:
            del _WORLDS[next(iter(_WORLDS))]
        _WORLDS[key] = build_world(cfg.world, cfg.minerals)
    return _WORLDS[key]


def cached_world(world: str = "small", scale: float = 1.0) -> World:
    """The named world with its default settings at `world.population_scale` = `scale`."""
    return world_of(make_config(world, **{"world.population_scale": scale}))


def run(cfg: Config, world: World | None = None):
    """Run a model for cfg.steps weeks and return it (metrics in `model.metrics`)."""
    from ..model import ConflictMineralsModel

    m = ConflictMineralsModel(cfg, world=world if world is not None else world_of(cfg))
    m.run()
    return m
