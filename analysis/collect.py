"""Collect a sweep folder into tidy tables.

Every finished run (a folder with a complete summary.json and metrics.parquet) becomes rows of
`results.parquet` (one row per run and week: run, the swept parameters, every metric) and one row of
`runs.parquet` (run, parameters, runtime and the final-year means of the metrics). The swept parameters are
the keys overridden on the command line or by the experiment (from each run's `.hydra/overrides.yaml`),
with values read from the run's resolved configuration, so that every run has a value for every key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml
from omegaconf import OmegaConf

IGNORED_KEYS = {"experiment", "hydra", "output.progress", "output.site_every", "output.write", "ensemble.samples",
                "ensemble.method", "ensemble.params", "ensemble.seed"}
RENAMED = {"ensemble.design_point": "design_point"}   # the ensemble's point index, as runs.parquet names it


def sampled_keys(folder: Path, runs: pd.DataFrame, keys: list[str]) -> list[str]:
    """The parameters an ensemble sweep sampled: its design_space.csv (written by the ensemble sweeper), else the
    numeric swept keys that take one value per design point."""
    f = Path(folder) / "design_space.csv"
    if f.is_file():
        return [k for k in pd.read_csv(f)["key"] if k in runs]
    if "design_point" not in runs:
        return []
    return [k for k in keys if k not in ("seed", "design_point") and pd.api.types.is_numeric_dtype(runs[k])
            and runs.groupby("design_point")[k].nunique().max() == 1 and runs[k].nunique() > 1]


def find_runs(folder: Path) -> list[Path]:
    """Run folders under `folder` (itself included) whose outputs are complete."""
    runs = []
    for s in sorted(Path(folder).rglob("summary.json")):
        try:
            if json.loads(s.read_text()).get("complete") and (s.parent / "metrics.parquet").is_file():
                runs.append(s.parent)
        except (OSError, ValueError):
            continue
    return runs


def _override_keys(run: Path) -> list[str]:
    p = run / ".hydra" / "overrides.yaml"
    if not p.is_file():
        return []
    keys = []
    for o in yaml.safe_load(p.read_text()) or []:
        k = str(o).split("=", 1)[0].lstrip("+~")
        if k.split(".")[0] not in IGNORED_KEYS and k not in IGNORED_KEYS:
            keys.append(k)
    return keys


def _value(cfg, key: str):
    v = OmegaConf.select(cfg, key)
    if OmegaConf.is_config(v):  # a config group (world=small, shock=price): its name or kind
        return v.get("name", v.get("kind", str(v)))
    return v


def collect(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """(results: one row per run and week, runs: one row per run, the swept parameter names)."""
    folder = Path(folder)
    runs = find_runs(folder)
    if not runs:
        raise FileNotFoundError(f"no finished runs (summary.json + metrics.parquet) under {folder}")
    keys: list[str] = []
    for r in runs:
        keys += [k for k in _override_keys(r) if k not in keys]
    if "seed" not in keys:
        keys.append("seed")
    frames, rows = [], []
    for r in runs:
        cfg = OmegaConf.load(r / ".hydra" / "config.yaml") if (r / ".hydra" / "config.yaml").is_file() else None
        summary = json.loads((r / "summary.json").read_text())
        params = {k: (_value(cfg, k) if cfg is not None else None) for k in keys}
        if params.get("seed") is None:
            params["seed"] = summary.get("seed")
        name = str(r.relative_to(folder)) if r != folder else r.name
        m = pd.read_parquet(r / "metrics.parquet")
        m.insert(0, "run", name)
        for i, (k, v) in enumerate(params.items()):
            m.insert(1 + i, k, v)
        frames.append(m)
        rows.append({"run": name, **params, "runtime_s": summary.get("runtime_s"),
                     **summary.get("final_year_means", {})})
    results = pd.concat(frames, ignore_index=True).rename(columns=RENAMED)
    table = pd.DataFrame(rows).rename(columns=RENAMED)
    keys = [RENAMED.get(k, k) for k in keys]
    for k in keys:  # tidy dtypes: numbers stay numbers, labels become strings
        for df in (results, table):
            if df[k].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all():
                df[k] = pd.to_numeric(df[k])
            else:
                df[k] = df[k].astype(str)
    return results, table, keys
