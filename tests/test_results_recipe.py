"""`make results` (every run a document quotes) is not run by CI, so its recipe is checked here: every module it
calls exists, every make target it calls is defined, and every sweep composes with its overrides (experiment,
keys and values as the schema allows), so a renamed key or experiment fails here rather than an hour into it."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.override_parser.overrides_parser import OverridesParser

from sim.config import register_configs
from sim.run import CONFIG_DIR

ROOT = Path(__file__).resolve().parent.parent


def recipe(target: str) -> list[str]:
    """The command lines of a Makefile target, `$(PY)` and `$(MAKE)` left as written."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        out.append(line.strip().lstrip("-"))
    return out


RESULTS = recipe("results")
SWEEPS = [shlex.split(c)[4:] for c in RESULTS if c.startswith("$(PY) -m sim -m ")]


def test_recipe_calls_existing_modules_and_targets():
    modules = [shlex.split(c)[2] for c in RESULTS if c.startswith("$(PY) -m ")]
    assert "sim" in modules and "analysis" in modules
    for module in modules:
        assert importlib.util.find_spec(module) is not None, module
    targets = [t for c in RESULTS if c.startswith("$(MAKE)") for t in shlex.split(c.split("#")[0])[1:]
               if not t.startswith("-")]
    assert targets, "results calls the validate, demo, calibration and sensitivity targets"
    for t in targets:
        assert recipe(t), f"make target {t} has no recipe"


def first_job(overrides: list[str]) -> list[str]:
    """The first job of a sweep: each swept value (a, b / range(...)) replaced by its first value."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    job = []
    for o in parsed:
        if o.key_or_group.startswith("hydra."):
            continue
        value = next(iter(o.sweep_string_iterator())) if o.is_sweep_override() else o.value()
        job.append(f"{o.get_key_element()}={value}" if o.is_sweep_override() else o.input_line)
    return job


@pytest.mark.parametrize("overrides", SWEEPS, ids=[next(o for o in s if "experiment" in o) for s in SWEEPS])
def test_every_sweep_of_the_recipe_composes(overrides):
    experiment = re.search(r"\+experiment=(\w+)", " ".join(overrides))
    assert experiment and (ROOT / "experiments" / f"{experiment[1]}.yaml").is_file()
    register_configs()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", first_job(overrides))
    assert cfg.steps > 0 and cfg.world
