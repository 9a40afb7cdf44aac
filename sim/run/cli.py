"""`python -m sim [overrides]`: one run (or, with -m, a sweep) as a Hydra app.

The configuration is validated before anything runs; a refused value prints one line naming the key and
what is allowed, and exits with status 2 (no traceback; HYDRA_FULL_ERROR=1 shows Hydra's own details).
Outputs go to Hydra's run directory (`hydra.run.dir=DIR`): metrics.parquet, sites.parquet, summary.json.
In a sweep, a run whose folder already holds complete outputs for the same configuration is skipped.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from ..config import Config, ConfigError, check_keys, register_configs, validate
from .outputs import OutputError, clean_stale_temporaries, config_hash, is_complete, write_run

register_configs()
CONFIG_DIR = str(Path(__file__).resolve().parents[2] / "configs")


def to_config(cfg: DictConfig) -> Config:
    """Hydra's composed config as the typed schema object (raises ConfigError on a bad value)."""
    check_keys(cfg, Config())
    try:
        c = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as exc:
        raise ConfigError.from_omegaconf(exc) from None
    validate(c)
    return c


GROUPS = {"world": "world", "shock": "shock", "scenario": "scenario", "output": "output", "experiment": "experiment"}


def precheck_groups(args: list[str]) -> None:
    """Refuse an unknown option of a config group (world=, scenario=...) in one line, before Hydra starts."""
    if any(a.startswith("hydra.searchpath") or a.startswith("--config") or a.startswith("-cd") for a in args):
        return
    for a in args:
        if "=" not in a or a.startswith("-"):
            continue
        key, value = a.split("=", 1)
        group = GROUPS.get(key.lstrip("+~"))
        if group is None or not value or value.startswith(("range(", "choice(", "glob(")):
            continue
        options = sorted(p.stem for p in (Path(CONFIG_DIR) / group).glob("*.yaml"))
        for v in value.split(","):
            if v.strip() not in options:
                raise ConfigError(f"{key.lstrip('+~')}: unknown {group} {v.strip()!r}; allowed: {', '.join(options)}")


def resolved_yaml(cfg: DictConfig) -> str:
    """The run's configuration as YAML, without output-only keys (its hash identifies the run)."""
    d = OmegaConf.to_container(cfg, resolve=True)
    d.pop("output", None)
    return OmegaConf.to_yaml(OmegaConf.create(d), sort_keys=True)


def _progress(cfg: Config):
    """A tqdm bar over weeks on a terminal (or when output.progress=on), else None."""
    mode = cfg.output.progress
    if mode == "off" or (mode == "auto" and not sys.stderr.isatty()):
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=cfg.steps, unit="wk", desc=f"{cfg.world.name} seed {cfg.seed}", leave=False)
    return bar, (lambda week: bar.update(1))


def run_job(cfg: DictConfig, outdir: Path) -> dict | None:
    """Run one configuration and write its outputs into `outdir`; skip it if already complete there."""
    from ..model import ConflictMineralsModel

    c = to_config(cfg)
    h = config_hash(resolved_yaml(cfg))
    if c.output.write and is_complete(outdir, h):
        print(f"skip (already complete): {outdir}", file=sys.stderr)
        return None
    clean_stale_temporaries(outdir)
    t0 = time.perf_counter()
    model = ConflictMineralsModel(c)
    bar, progress = _progress(c)
    try:
        model.run(progress=progress)
    finally:
        if bar is not None:
            bar.close()
    runtime = time.perf_counter() - t0
    if not c.output.write:
        return None
    return write_run(outdir, model, h, runtime, c.seed,
                     {"world": c.world.name, "scenario": c.scenario, "overrides": _overrides()})


def _overrides() -> list[str]:
    try:
        return list(HydraConfig.get().overrides.task)
    except ValueError:
        return []


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="config")
def main(cfg: DictConfig) -> dict | None:
    outdir = Path(HydraConfig.get().runtime.output_dir)
    try:
        summary = run_job(cfg, outdir)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(3)
    if summary is not None and HydraConfig.get().mode.name == "RUN":
        fy = summary["final_year_means"]
        print(f"{outdir}: {summary['steps']} weeks in {summary['runtime_s']:.1f} s; final year: "
              f"armed sites {fy['sites_armed_share']:.2f}, non-state {fy['sites_nonstate_share']:.2f}, "
              f"miners {fy['miners']:,.0f}, income {fy['miner_income_usd_day']:.2f} USD/day, "
              f"armed revenue {fy['armed_revenue_usd']:,.0f} USD/week")
    return summary


def precheck_output_dirs(args: list[str]) -> None:
    """Refuse an output folder that cannot be created, in one line (Hydra would fail with a traceback)."""
    for a in args:
        key, _, value = a.partition("=")
        if key in ("hydra.run.dir", "hydra.sweep.dir") and value and "${" not in value:
            try:
                Path(value).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"{key}: cannot create {value} ({exc.strerror or exc})") from None


def precheck_yaml(args: list[str]) -> None:
    """Refuse a malformed YAML config file (ours or one on hydra.searchpath) in one line."""
    import re

    import yaml

    roots = [Path(CONFIG_DIR)]
    for a in args:
        if a.startswith("hydra.searchpath="):
            roots += [Path(m) for m in re.findall(r"file://([^,\]\s]+)", a)]
    for root in roots:
        for f in sorted(root.rglob("*.yaml")):
            try:
                yaml.safe_load(f.read_text())
            except (yaml.YAMLError, OSError) as exc:
                where = getattr(exc, "problem_mark", None)
                at = f" (line {where.line + 1})" if where is not None else ""
                raise ConfigError(f"{f}: malformed YAML{at}: {getattr(exc, 'problem', None) or exc}") from None


def entry() -> None:
    """Console entry point: refuse unknown group options in one line, then hand over to Hydra."""
    os.environ.setdefault("HYDRA_FULL_ERROR", "0")
    try:
        precheck_groups(sys.argv[1:])
        precheck_output_dirs(sys.argv[1:])
        precheck_yaml(sys.argv[1:])
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    main()
