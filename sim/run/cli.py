"""`python -m sim [overrides]`: one run (or, with -m, a sweep) as a Hydra app.

The configuration is validated before anything runs; a refused value prints one line naming the key and
what is allowed, and exits with status 2 (no traceback; HYDRA_FULL_ERROR=1 shows Hydra's own details;
sim/run/prechecks.py).
Outputs go to Hydra's run directory (`hydra.run.dir=DIR`): metrics.parquet, sites.parquet, summary.json.
In a sweep, a run whose folder already holds complete outputs for the same configuration is skipped.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

import hydra
import yaml
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf._utils import get_omega_conf_dumper
from omegaconf.errors import OmegaConfBaseException

from ..config import Config, ConfigError, register_configs
from ..config.schema import enabled_policies, to_config, window_warnings
from . import CONFIG_DIR
from .outputs import OutputError, clean_stale_temporaries, config_hash, is_complete, write_run
from .prechecks import check_command_line, hydra_error_line, with_sweeper

register_configs()


def resolved_yaml(cfg: DictConfig) -> str:
    """The run's configuration as YAML, without output-only keys (its hash identifies the run): the text of
    `OmegaConf.to_yaml(..., sort_keys=True)`, emitted by libyaml (a sweep hashes every run's configuration)."""
    d = OmegaConf.to_container(cfg, resolve=True, enum_to_str=True)
    d.pop("output", None)
    return yaml.dump(d, Dumper=_dumper(), default_flow_style=False, allow_unicode=True, sort_keys=True)


@functools.cache
def _dumper() -> type:
    """OmegaConf's YAML dumper (its representers: strings that read as numbers or booleans are quoted) on
    libyaml's C emitter when PyYAML has it: the same text as `OmegaConf.to_yaml` (tests/test_launchers.py), 3-4x
    faster; OmegaConf's own dumper otherwise."""
    omegaconf_dumper = get_omega_conf_dumper()
    if not hasattr(yaml, "CDumper"):
        return omegaconf_dumper
    dumper = type("OmegaConfCDumper", (yaml.CDumper,), {})
    for data_type, represent in omegaconf_dumper.yaml_representers.items():
        dumper.add_representer(data_type, represent)
    return dumper


def _progress(cfg: Config):
    """A tqdm bar over weeks on a terminal (or when output.progress=on), else None."""
    mode = cfg.output.progress
    if mode == "off" or (mode == "auto" and not sys.stderr.isatty()):
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=cfg.steps, unit="wk", desc=f"{cfg.world.name} seed {cfg.seed}", leave=False)
    return bar, (lambda week: bar.update(1))


def run_job(cfg: DictConfig, outdir: Path) -> dict | list[float] | None:
    """Run one configuration and write its outputs into `outdir`; skip it if already complete there.
    In a policy search (search.enabled) evaluate the lever mix instead and return its objectives."""
    from ..model import ConflictMineralsModel

    c = to_config(cfg)
    if c.search.enabled:
        from .search import evaluate

        hc = HydraConfig.get()
        return evaluate(cfg, outdir, Path(hc.sweep.dir) if hc.mode.name == "MULTIRUN" else outdir)
    overrides = _overrides()
    h = config_hash(resolved_yaml(cfg))
    if c.output.write and is_complete(outdir, h):
        print(f"skip (already complete): {outdir}", file=sys.stderr)
        os.utime(outdir / "summary.json")           # counted as done by this sweep's progress (sim/run/progress.py)
        return None
    clean_stale_temporaries(outdir)
    t0 = time.perf_counter()
    model = ConflictMineralsModel(c)
    for line in [*window_warnings(c, _analyst_keys(overrides)), *model.policies.warnings()]:
        print(f"warning: {line}", file=sys.stderr)     # after the model is built: a refused run only errors
    bar, progress = _progress(c)
    try:
        model.run(progress=progress)
    finally:
        if bar is not None:
            bar.close()
    runtime = time.perf_counter() - t0
    if not c.output.write:
        return None
    policies = enabled_policies(c)
    return write_run(outdir, model, h, runtime, c.seed,
                     {"world": c.world.name, "scenario": scenario_label(c.scenario, policies),
                      "policies_enabled": policies, "overrides": overrides})


def scenario_label(scenario: str, policies: list[str]) -> str:
    """The scenario's name, unless policies were switched on by hand beside it: then what is actually on
    (`baseline` with DDR enabled is recorded as `ddr`, not `baseline`)."""
    named = {"baseline": [], "combined": ["border", "certification", "ddr", "dmz"]}.get(scenario, [scenario])
    return scenario if sorted(policies) == sorted(named) else ("+".join(policies) or "baseline")


def _overrides() -> list[str]:
    try:
        return list(HydraConfig.get().overrides.task)
    except ValueError:
        return []


def _analyst_keys(overrides: list[str]) -> list[str]:
    """Keys the analyst set for this run: its overrides, less the uncertainties an ensemble design sampled
    (the ensemble sweeper leaves those out of folder names, hydra.job.config.override_dirname.exclude_keys)."""
    keys = [o.split("=", 1)[0].lstrip("+~") for o in overrides]
    if "ensemble.design_point" not in keys:
        return keys
    sampled = set(HydraConfig.get().job.config.override_dirname.exclude_keys)
    return [k for k in keys if k not in sampled]


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def main(cfg: DictConfig) -> dict | list[float] | None:
    outdir = Path(HydraConfig.get().runtime.output_dir)
    try:
        summary = run_job(cfg, outdir)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(3)
    if isinstance(summary, dict) and HydraConfig.get().mode.name == "RUN":
        fy = summary["final_year_means"]
        print(f"{outdir}: {summary['steps']} weeks in {summary['runtime_s']:.1f} s; final year: "
              f"armed sites {fy['sites_armed_share']:.2f}, non-state {fy['sites_nonstate_share']:.2f}, "
              f"miners {fy['miners']:,.0f}, income {fy['miner_income_usd_day']:.2f} USD/day, "
              f"armed revenue {fy['armed_revenue_usd']:,.0f} USD/week")
    return summary


def entry() -> None:
    """Console entry point: bad command lines are refused in one line (exit 2) before Hydra starts; errors Hydra
    raises while composing the configuration are turned into one line too (unless HYDRA_FULL_ERROR=1)."""
    full = os.environ.get("HYDRA_FULL_ERROR") == "1"
    os.environ["HYDRA_FULL_ERROR"] = "1"      # Hydra raises instead of printing its own report
    try:
        check_command_line(sys.argv[1:])
        sys.argv[1:] = with_sweeper(sys.argv[1:])
        main()
    except ConfigError as exc:
        _refuse(str(exc))
    except (HydraException, OmegaConfBaseException) as exc:
        if full:
            raise
        _refuse(hydra_error_line(exc))


def _refuse(line: str) -> None:
    print(f"error: {line}", file=sys.stderr)
    sys.exit(2)
