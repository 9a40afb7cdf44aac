"""Policy search under a budget: one job of a search sweep (Hydra's Optuna sweeper, `+experiment=policy_search`)
evaluates one lever mix and returns its objectives to the sweeper.

The mix runs at `search.samples` points of the uncertainty space (the ensemble's design settings) x
`search.seeds` seeds, and so does the baseline (all policies off) on the same points and seeds (common random
numbers; the baseline is computed once per sweep and kept in `search_baseline.json` beside the trials). Each
objective is the change of the mean final-year outcome against the baseline's, in % (negative: a reduction).
A policy whose main lever is 0 is off (as on the workshop page), so the search can drop a policy. A mix whose
mean weekly spending exceeds `search.budget_usd_week` scores 100 + 100 x (overrun / budget) on every objective:
worse than doing nothing, so the sweeper learns to stay within the budget. Each job writes `search.json`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
from omegaconf import DictConfig, OmegaConf

from ..config import Config
from ..config.exploration import declared, resolve_space
from ..config.schema import enabled_policies, to_config
from .ensemble import design
from .outputs import write_json

MAIN_LEVER_OFF = {"ddr": lambda c: c.capacity_per_year == 0,
                  "certification": lambda c: c.sites_per_year == 0 and c.buyer_compliance == 0,
                  "dmz": lambda c: c.n_sites == 0,
                  "border": lambda c: c.seizure_rate == 0}
BASELINE_FILE = "search_baseline.json"


def idle_policies_off(c: Config) -> Config:
    """Switch off every policy whose main lever is 0 (DDR capacity, inspections and compliance, DMZ sites,
    seizure rate)."""
    for f in fields(c.policies):
        pol = getattr(c.policies, f.name)
        if pol.enabled and MAIN_LEVER_OFF[f.name](pol):
            pol.enabled = False
    return c


def uncertainty_points(cfg: DictConfig) -> list[dict[str, float]]:
    """The points of the uncertainty space a mix is evaluated at ([{}]: the defaults only)."""
    n = int(cfg.search.samples)
    if n == 0:
        return [{}]
    known = declared(Config(), lambda k: OmegaConf.select(cfg, k), list(cfg.minerals))
    space = resolve_space(list(cfg.ensemble.params), known)
    x = design(space, n, str(cfg.ensemble.method), int(cfg.ensemble.seed))
    return [{u.key: (int(v) if u.integer else float(v)) for u, v in zip(space, row, strict=True)} for row in x]


def outcome_means(cfg: DictConfig, point: dict[str, float], seed: int, baseline: bool) -> dict[str, float]:
    """Final-year means of the objectives and the policy cost for one run (the mix, or the baseline)."""
    from ..metrics import METRIC_INDEX
    from .api import run

    d = OmegaConf.merge(OmegaConf.structured(Config), OmegaConf.to_container(cfg, resolve=True))
    for k, v in point.items():
        OmegaConf.update(d, k, v, merge=False)
    d.seed = seed
    c = idle_policies_off(to_config(d))
    if baseline:
        for f in fields(c.policies):
            getattr(c.policies, f.name).enabled = False
    m = run(c)
    last = m.metrics[max(0, m.week - 52):m.week]
    keys = [*cfg.search.objectives, "policy_cost_usd"]
    return {k: float(last[:, METRIC_INDEX[k]].mean()) for k in keys}


def _baseline(cfg: DictConfig, points: list[dict], seeds: range, folder: Path) -> dict[str, float]:
    """The baseline's mean outcomes on these points and seeds, computed once per sweep (cached in folder)."""
    d = OmegaConf.to_container(cfg, resolve=True)
    d.pop("policies", None)
    d.pop("search", None)
    key = hashlib.sha256(json.dumps([d, points, list(seeds)], sort_keys=True, default=str).encode()).hexdigest()
    f = folder / BASELINE_FILE
    try:
        saved = json.loads(f.read_text())
        if saved.get("key") == key:
            return saved["means"]
    except (OSError, ValueError):
        pass
    runs = [outcome_means(cfg, pt, s, baseline=True) for pt in points for s in seeds]
    means = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    write_json({"key": key, "means": means, "runs": len(runs)}, f)
    return means


def evaluate(cfg: DictConfig, outdir: Path, sweep_dir: Path) -> list[float]:
    """Evaluate the lever mix of `cfg`; write outdir/search.json; return the objectives (%, see module doc)."""
    s = cfg.search
    points, seeds = uncertainty_points(cfg), range(int(s.seeds))
    base = _baseline(cfg, points, seeds, sweep_dir)
    runs = [outcome_means(cfg, pt, seed, baseline=False) for pt in points for seed in seeds]
    mix = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    change = {k: 100.0 * (mix[k] - base[k]) / abs(base[k]) if base[k] else 0.0 for k in s.objectives}
    cost, budget = mix["policy_cost_usd"], float(s.budget_usd_week)
    over = max(0.0, cost - budget) / budget if budget > 0 else (np.inf if cost > 0 else 0.0)
    values = [100.0 + 100.0 * over if over > 0 else change[k] for k in s.objectives]
    levers = {k: v for k, v in OmegaConf.to_container(cfg.policies, resolve=True).items()}
    on = enabled_policies(idle_policies_off(to_config(cfg)))
    write_json({"complete": True, "objectives": list(s.objectives), "values": values, "change_pct": change,
                "policy_cost_usd_week": cost, "budget_usd_week": budget, "within_budget": over == 0,
                "mix": mix, "baseline": base, "policies_enabled": on, "levers": levers,
                "design_points": len(points), "seeds": len(seeds)}, outdir / "search.json")
    print(f"search: {', '.join(on) or 'no policy'}: " + ", ".join(f"{k} {change[k]:+.1f}%" for k in s.objectives)
          + f", cost {cost:,.0f} USD/week" + ("" if over == 0 else " (over budget)"), file=sys.stderr)
    return values
