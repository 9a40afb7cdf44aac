"""Shared fixtures: configurations of the small world (and the full one where a test needs it)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.config import Config
from sim.world import build_world

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"


def make_config(world: str = "small", **overrides) -> Config:
    """A validated Config for `world` with dotted-key overrides, e.g. make_config(steps=52, **{"shock.kind": "price"})."""
    base = OmegaConf.merge(OmegaConf.structured(Config), {"world": OmegaConf.load(CONFIGS / "world" / f"{world}.yaml")})
    dot = [f"{k}={v}" for k, v in overrides.items()]
    cfg = OmegaConf.merge(base, OmegaConf.from_dotlist(dot))
    return OmegaConf.to_object(cfg)


@functools.lru_cache(maxsize=4)
def cached_world(world: str = "small"):
    c = make_config(world)
    return build_world(c.world, c.minerals)


def run_model(cfg: Config, world=None):
    from sim.model import ConflictMineralsModel

    m = ConflictMineralsModel(cfg, world=world if world is not None else cached_world(cfg.world.name))
    m.run()
    return m


def run_cli(args: list[str], cwd: Path = ROOT, env: dict | None = None, timeout: float = 600):
    """Run `python -m sim ARGS` in a fresh process; returns CompletedProcess (text)."""
    e = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, env=e, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def small_config():
    return make_config("small", steps=104, seed=1)
