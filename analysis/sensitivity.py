"""Global sensitivity analysis: `python -m analysis.sensitivity [--policy NAME] [--params ...] [--out DIR]`.

Which uncertain parameters drive which outcomes, or (with `--policy`) which drive a policy's effect? Morris
screening (elementary effects, SALib) of the main outcomes to the chosen parameters over their plausible ranges
(declared in the schema, docs/parameters.md; `--params` takes keys, sections or KEY:LO:HI as `ensemble.params`
does; the default is DEFAULT_PARAMS, how groups, the army, miners and the market behave), then first-order and
total Sobol indices (Saltelli sampling) for the top few. Every run is the `eastern_drc` baseline at full scale
for `steps` weeks; its outcome is the mean over its last 52 weeks. With `--policy NAME` every sample runs twice
on the same seed, baseline and policy (from week 52), and the outcome is the difference: the policy's effect.
Seeds: one per Morris trajectory and per Sobol base sample, so each elementary effect and each Sobol block
compares runs on common random numbers. Runs at the defaults over several seeds give the noise floor.
Writes the raw results, figures and sensitivity.md into `--out` (default ./sensitivity or
./sensitivity-POLICY); `make sensitivity` (`--docs docs`) is what writes docs/sensitivity.md and docs/img/.
`--quick` is a smoke test on the small world (a few dozen short runs; the estimate is printed first).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache, reduce
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from sim.config import ConfigError
from sim.config.exploration import declared, resolve_space
from sim.metrics import METRIC_NAMES, METRIC_UNITS, metric_label
from sim.run.api import make_config, run
from sim.run.provenance import code_version, same_code

from .common import ROOT, STYLE, fmt, run_pool, save_figure, worker_pool

# The baseline's screening set (--params to choose others): how groups, the army, miners and the market behave.
DEFAULT_PARAMS = ["armed_groups.tax_share", "armed_groups.head_fee_efficiency", "armed_groups.upkeep_usd_week",
                  "armed_groups.revenue_share", "armed_groups.commander_take_week", "armed_groups.expansion_prob_week",
                  "armed_groups.hold_cost_usd_week", "armed_groups.local_defence", "armed_groups.attack_horizon_weeks",
                  "armed_groups.min_fighters_per_site", "state_forces.offensive_rate_week", "state_forces.discipline",
                  "state_forces.effectiveness", "state_forces.value_preference", "state_forces.roadblock_defence",
                  "miners.output_elasticity", "miners.choice_noise_usd_day", "miners.risk_cost_usd_day",
                  "miners.farm_income_usd_day", "market.transport_usd_kg_km", "market.trader_margin",
                  "market.legality_preference", "market.demand_elasticity",
                  # round 2: the mechanisms behind supply, where groups sit and the channel choice
                  "deposits.discovery_rate", "deposits.price_elasticity", "armed_groups.size_defence_exponent",
                  "market.bribe_share", "market.bribe_efficacy",
                  # where the army goes (docs/army-placement-study.md)
                  "state_forces.deployment_scale_km", "state_forces.occupy_share", "state_forces.offensive_reach_km"]
POLICIES = ("ddr", "certification", "dmz", "border", "combined")
OUTCOMES = ["sites_armed_share", "sites_nonstate_share", "miners_armed_share", "armed_revenue_usd", "fighters",
            "armed_groups", "miner_income_usd_day", "smuggled_share_gold", "violent_events"]


@dataclass(frozen=True)
class Settings:
    world: str = "eastern_drc"
    steps: int = 208            # weeks per run (4 years); outcomes over the last 52
    scale: float = 1.0          # world.population_scale
    trajectories: int = 10      # Morris r
    levels: int = 4             # Morris grid levels
    sobol_n: int = 64           # Saltelli base samples (runs: n x (k + 2))
    sobol_top: int = 4          # parameters carried into Sobol
    noise_seeds: int = 10       # default-parameter runs that show the seed-to-seed spread
    scale_seeds: int = 3        # runs per scale in the population-scale check (0: skip it)
    workers: int = 2
    sample_seed: int = 20240601
    policy: str | None = None   # None: the baseline's outcomes; else the policy-minus-baseline effects
    params: tuple[str, ...] = tuple(DEFAULT_PARAMS)


QUICK = Settings(world="small", steps=52, trajectories=2, sobol_n=4, sobol_top=2, noise_seeds=3, scale_seeds=0,
                 params=tuple(DEFAULT_PARAMS[:6]))


@lru_cache(maxsize=4)
def _default_config(world: str) -> Any:
    return make_config(world)


def default_value(key: str, world: str) -> float:
    """The default of a dotted parameter key in `world`'s configuration."""
    def step(obj: Any, part: str) -> Any:
        return obj[part] if isinstance(obj, dict) else getattr(obj, part)

    return float(reduce(step, key.split("."), _default_config(world)))


def param_meta(key: str) -> dict[str, Any]:
    """The schema metadata (unit, source, lo, hi...) of a dotted parameter key."""
    from sim.config import Config

    *path, name = key.split(".")
    obj = reduce(getattr, path, Config())
    return dict(next(f.metadata for f in fields(obj) if f.name == name))


def ranges(s: Settings) -> list[tuple[str, float, float, str]]:
    """(parameter, low, high, why) for the chosen parameters: their plausible ranges (docs/parameters.md) or
    the analyst's own (KEY:LO:HI)."""
    cfg = _default_config(s.world)
    known = declared(cfg, lambda k: default_value(k, s.world), list(cfg.minerals))
    return [(u.key, u.lo, u.hi, "analyst's range" if u.source == "analyst" else "plausible range")
            for u in resolve_space(list(s.params), known)]


def policy_start(steps: int) -> int:
    """The week the screened policy starts: 52 (after the first year), or a quarter into a short run."""
    return 52 if steps > 104 else steps // 4


def policy_overrides(policy: str | None, steps: int) -> dict[str, Any]:
    """Config overrides that switch on `policy` (`combined`: all four) with its defaults from policy_start."""
    names = [] if policy is None else (POLICIES[:4] if policy == "combined" else [policy])
    return {k: v for n in names for k, v in ((f"policies.{n}.enabled", True),
                                             (f"policies.{n}.start", policy_start(steps)))}


def outcome_job(job: tuple[Settings, int, dict[str, float]]) -> dict[str, float]:
    """Pool job: (settings, seed, overrides) -> outcome means over the run's last 52 weeks (with a policy: the
    policy run's minus the baseline run's, same seed and parameters)."""
    s, seed, overrides = job

    def means(extra: dict[str, Any]) -> pd.Series:
        cfg = make_config(s.world, steps=s.steps, seed=seed, **{"world.population_scale": s.scale}, **overrides,
                          **extra)
        return pd.DataFrame(run(cfg).metrics[-min(52, s.steps):], columns=METRIC_NAMES).mean()

    last = means({})
    if s.policy is not None:
        last = means(policy_overrides(s.policy, s.steps)) - last
    return {o: float(last[o]) for o in OUTCOMES}


def evaluate(s: Settings, names: list[str], X: np.ndarray, seeds: np.ndarray, desc: str) -> pd.DataFrame:
    """Run every row of X (columns `names`) with its seed."""
    jobs = [(s, int(seed), {n: float(v) for n, v in zip(names, x, strict=True)})
            for x, seed in zip(X, seeds, strict=True)]
    y = pd.DataFrame(run_pool(outcome_job, jobs, s.workers, desc))
    return pd.concat([pd.DataFrame(X, columns=names), pd.Series(seeds, name="seed"), y], axis=1)


def problem(params: list[tuple[str, float, float, str]]) -> dict[str, Any]:
    return {"num_vars": len(params), "names": [p[0] for p in params], "bounds": [[p[1], p[2]] for p in params]}


def morris(s: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Morris screening: (raw runs, mu/mu*/sigma per parameter and outcome)."""
    pb = problem(ranges(s))
    X = morris_sample.sample(pb, s.trajectories, num_levels=s.levels, seed=s.sample_seed)
    runs = evaluate(s, pb["names"], X, np.arange(len(X)) // (pb["num_vars"] + 1), "Morris runs")
    rows = []
    for o in OUTCOMES:
        si = morris_analyze.analyze(pb, X, runs[o].to_numpy(float), num_levels=s.levels, seed=s.sample_seed)
        rows += [{"outcome": o, "parameter": n, "mu": si["mu"][i], "mu_star": si["mu_star"][i],
                  "sigma": si["sigma"][i], "mu_star_conf": si["mu_star_conf"][i]} for i, n in enumerate(pb["names"])]
    res = pd.DataFrame(rows)
    res["relative"] = (res["mu_star"] / res.groupby("outcome")["mu_star"].transform("max")).fillna(0.0)
    return runs, res


def top_parameters(res: pd.DataFrame, n: int) -> list[str]:
    """The n parameters with the largest mu* relative to each outcome's largest, averaged over outcomes."""
    score = res.groupby("parameter")["relative"].mean()
    return list(score.sort_values(ascending=False).index[:n])


def sobol(s: Settings, top: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """First-order and total Sobol indices of the top parameters (others at defaults): (raw runs, indices)."""
    params = [p for p in ranges(s) if p[0] in top]
    pb = problem(params)
    X = sobol_sample.sample(pb, s.sobol_n, calc_second_order=False, seed=s.sample_seed)
    runs = evaluate(s, pb["names"], X, np.arange(len(X)) // (pb["num_vars"] + 2), "Sobol runs")
    rows = []
    for o in OUTCOMES:
        y = runs[o].to_numpy(float)
        si = sobol_analyze.analyze(pb, y, calc_second_order=False, seed=s.sample_seed) if y.std() > 0 else \
            dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), np.zeros(pb["num_vars"]))   # constant outcome
        rows += [{"outcome": o, "parameter": n, "S1": si["S1"][i], "S1_conf": si["S1_conf"][i], "ST": si["ST"][i],
                  "ST_conf": si["ST_conf"][i]} for i, n in enumerate(pb["names"])]
    return runs, pd.DataFrame(rows)


def defaults_over_seeds(s: Settings, n: int, scale: float | None = None) -> pd.DataFrame:
    """Outcomes at the default parameters over seeds 0..n-1 (at `scale` if given)."""
    s2 = s if scale is None else replace(s, scale=scale)
    return pd.DataFrame(run_pool(outcome_job, [(s2, seed, {}) for seed in range(n)], s.workers,
                                 f"defaults, scale {s2.scale:g}"))


def noise_floor(noise: pd.DataFrame, levels: int) -> pd.Series:
    """Per outcome, the mu* of a parameter without effect whose step re-randomises the run: the mean absolute
    difference between two seeds at the defaults, over the Morris step (delta = levels / (2 (levels - 1)))."""
    delta = levels / (2 * (levels - 1))
    out = {}
    for o in OUTCOMES:
        v = noise[o].to_numpy(float)
        out[o] = np.abs(v[:, None] - v[None, :])[np.triu_indices(len(v), 1)].mean() / delta if len(v) > 1 else 0.0
    return pd.Series(out)


# ------------------------------------------------------------------------------------------------ figures


def figures(res: pd.DataFrame, floor: pd.Series, sob: pd.DataFrame, out: Path) -> list[Path]:
    """sensitivity-morris.png (heatmap), sensitivity-morris-scatter.png, sensitivity-sobol.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths: list[Path] = []

    def save(fig: Any, name: str) -> None:
        paths.extend(save_figure(fig, out, f"sensitivity-{name}", dpi=130))

    order = res.groupby("parameter")["relative"].mean().sort_values(ascending=False).index
    rel = res.pivot(index="parameter", columns="outcome", values="relative").loc[order, OUTCOMES]
    mx = res.groupby("outcome")["mu_star"].max()[OUTCOMES]
    rel.loc["noise floor (seeds)"] = (floor[OUTCOMES] / mx).clip(upper=1.0)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(11, 0.42 * len(rel) + 2.2))
        im = ax.imshow(rel.to_numpy(float), cmap="viridis", vmin=0, vmax=1, aspect="auto")
        for (i, j), v in np.ndenumerate(rel.to_numpy(float)):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8, color="white" if v < 0.6 else "black")
        ax.set_xticks(range(len(OUTCOMES)), [o.replace("_", " ") for o in OUTCOMES], rotation=30, ha="right")
        ax.set_yticks(range(len(rel)), rel.index)
        ax.axhline(len(rel) - 1.5, color="white", lw=2)
        ax.set_title("Morris screening: mu* relative to the largest for each outcome (1 = strongest driver)")
        fig.colorbar(im, ax=ax, shrink=0.6, label="mu* / max mu* for the outcome (-)")
        save(fig, "morris")

        fig, axes = plt.subplots(3, 3, figsize=(14, 11))
        for ax, o in zip(axes.ravel(), OUTCOMES, strict=True):
            r = res[res["outcome"] == o]
            ax.scatter(r["mu_star"], r["sigma"], s=18, color="#1f77b4")
            for _, q in r.nlargest(3, "mu_star").iterrows():
                ax.annotate(q["parameter"].split(".")[-1], (q["mu_star"], q["sigma"]), fontsize=8,
                            xytext=(3, 3), textcoords="offset points")
            ax.axvline(floor[o], ls=":", color="grey", label="noise floor")
            ax.set(title=o.replace("_", " "), xlabel=f"mu* ({METRIC_UNITS.get(o, '')} over the range)",
                   ylabel=f"sigma ({METRIC_UNITS.get(o, '')})")
        axes[0, 0].legend(loc="upper left")
        fig.suptitle("Morris screening: mean absolute effect (mu*) vs spread of effects (sigma: interactions, "
                     "non-linearity, noise)", y=1.0)
        fig.tight_layout()
        save(fig, "morris-scatter")

        fig, axes = plt.subplots(3, 3, figsize=(14, 10), sharex=True)
        for ax, o in zip(axes.ravel(), OUTCOMES, strict=True):
            r = sob[sob["outcome"] == o].reset_index(drop=True)
            y = np.arange(len(r))
            ax.barh(y - 0.2, r["S1"], 0.4, xerr=r["S1_conf"], capsize=2, color="#1f77b4", label="first order S1")
            ax.barh(y + 0.2, r["ST"], 0.4, xerr=r["ST_conf"], capsize=2, color="#ff7f0e", label="total ST")
            ax.set_yticks(y, [p.split(".")[-1] for p in r["parameter"]])
            ax.set_xlim(-0.1, 1.1)
            ax.set_title(o.replace("_", " "))
            ax.set_xlabel("share of output variance (-)")
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="upper right", ncol=2)
        fig.suptitle("Sobol indices of the top parameters (95% confidence bars)", y=1.0)
        fig.tight_layout()
        save(fig, "sobol")
    return paths


# ----------------------------------------------------------------------------------------------- report
def to_markdown(s: Settings, res: pd.DataFrame, floor: pd.Series, noise: pd.DataFrame, top: list[str],
                sob: pd.DataFrame, scales: pd.DataFrame | None, info: dict[str, Any]) -> str:
    """docs/sensitivity.md (the parameters are those screened in `res`, also with --report-only after PARAMS
    changed)."""
    screened = [r for r in ranges(s) if r[0] in set(res["parameter"])]
    k = res["parameter"].nunique()
    what = "the baseline's outcomes" if s.policy is None else \
        f"the effect of `{s.policy}` (policy minus baseline, same seed and parameters; from week {policy_start(s.steps)})"
    lines = [
        "# Global sensitivity analysis" + ("" if s.policy is None else f": the {s.policy} policy's effect"), "",
        f"Which uncertain assumptions drive {what}? Morris screening to {k} parameters over their plausible "
        f"ranges (docs/parameters.md; listed below), then Sobol indices for the top {len(top)}. Generated by "
        f"`python -m analysis.sensitivity{'' if s.policy is None else ' --policy ' + s.policy}`; do not edit by hand.",
        "", "```", "make sensitivity     # = python -m analysis.sensitivity --docs docs",
        "python -m analysis.sensitivity --policy ddr --params armed_groups,policies.ddr --out my-folder",
        "```", "",
        f"Settings: world `{s.world}`, population scale {s.scale:g}, {s.steps} weeks per run ("
        f"{s.steps / 52:.0f} years, from the IPIS start); each outcome is the run's mean over its last 52 weeks"
        f"{'' if s.policy is None else ' (policy run minus baseline run: two runs per sample)'}. "
        f"Morris: {s.trajectories} trajectories x ({k} + 1) = {s.trajectories * (k + 1)} samples on a {s.levels}-level "
        f"grid. Sobol (Saltelli sampling, first-order and total indices): N = {s.sobol_n} base samples x "
        f"({len(top)} + 2) = {s.sobol_n * (len(top) + 2)} samples. Noise floor: {s.noise_seeds} seeds at the defaults. "
        f"Each Morris trajectory and each Sobol block runs on its own seed (common random numbers inside it). "
        f"Runtime: {info['total_s'] / 60:.0f} min on {s.workers} processes (Morris {info['morris_s'] / 60:.1f} min, "
        f"Sobol {info['sobol_s'] / 60:.1f} min, one sample about {info['run_s']:.1f} s). Raw results: "
        f"`{info['raw']}` (git-ignored). Model code: {info.get('code', 'unknown')}.", "",
        "## Parameters and ranges", "",
        "Each parameter over its plausible range (docs/parameters.md gives the range and its source) or the range "
        "the analyst gave.", "",
        "| parameter | default | range | why this range | source of the default |", "|---|---|---|---|---|"]
    lines += [f"| `{p}` | {fmt(default_value(p, s.world))} | {fmt(lo)} - {fmt(hi)} | {why} | "
              f"{param_meta(p).get('source', '')} |" for p, lo, hi, why in screened]
    if scales is not None:
        lines += ["", "## Why full scale", "",
                  "`world.population_scale` < 1 creates fewer people at the same sites, but the fighter thresholds "
                  "(`min_fighters_per_site`, `local_defence`, `collapse_fighters`, garrison sizes) and the roadblock "
                  "traffic revenue are absolute numbers, so a scaled-down world has weaker groups facing the same "
                  "defences: a different regime, not a cheaper copy. Defaults, median over "
                  f"{s.scale_seeds} seeds, last year of {s.steps} weeks:", "",
                  "| outcome | " + " | ".join(f"scale {c}" for c in scales.columns) + " |",
                  "|---|" + "---|" * len(scales.columns)]
        lines += [f"| {o} | " + " | ".join(fmt(v) for v in scales.loc[o]) + " |" for o in OUTCOMES]
        lines += ["", "So the analysis runs at full scale (a run costs about 1.5x a quarter-scale run, since set-up "
                  "and the per-site work do not shrink)."]
    lines += ["", "## Morris screening", "",
              "mu* is the mean absolute elementary effect: how much the outcome changes when the parameter moves "
              "across its whole range (in the outcome's units). sigma is the spread of the effects: interactions, "
              "non-linearity and seed noise. The noise floor is the mu* a parameter without any effect would show "
              "if its step fully re-randomised the run (mean absolute difference between two seeds at the defaults "
              "over the step); effects below it cannot be told from noise.", "",
              "![Morris heatmap](img/sensitivity-morris.png)", "", "![Morris scatter](img/sensitivity-morris-scatter.png)",
              "", "| outcome (unit) | default: median (10-90% over seeds) | noise floor | top parameters: mu* (sigma) |",
              "|---|---|---|---|"]
    for o in OUTCOMES:
        r = res[res["outcome"] == o].nlargest(4, "mu_star")
        q = noise[o].quantile([0.1, 0.5, 0.9])
        tops = "; ".join(f"`{p.split('.', 1)[1]}` {fmt(m)} ({fmt(sd)})"
                         for p, m, sd in zip(r["parameter"], r["mu_star"], r["sigma"], strict=True))
        lines.append(f"| {metric_label(o)} | {fmt(q[0.5])} ({fmt(q[0.1])} - {fmt(q[0.9])}) | {fmt(floor[o])} | {tops} |")
    best = res.groupby("outcome")["mu_star"].max()
    weak = [o for o in OUTCOMES if best[o] < 2 * floor[o]]
    lines += ["", "The army keeps a fixed number of garrisons per province, so `sites_armed_share` moves with "
              "`sites_nonstate_share` almost one for one: same drivers."]
    if weak:
        lines.append(f"For {', '.join(f'`{o}`' for o in weak)} even the strongest effect is under twice the noise "
                     "floor: within these ranges no parameter moves it much beyond seed-to-seed variation.")
    score = res.groupby("parameter")["relative"].mean().sort_values(ascending=False)
    lines += ["", "Overall ranking (mean over outcomes of mu* relative to the outcome's largest):", ""]
    lines += [f"{i + 1}. `{p}` {v:.2f}" for i, (p, v) in enumerate(score.items())]
    lines += ["", "## Sobol indices", "",
              f"For the top {len(top)} parameters of the ranking, the others at their defaults. S1: share of the "
              "outcome's variance due to the parameter alone; ST: including its interactions. Seed noise is part "
              "of the variance no parameter explains (1 - sum of S1), and with "
              f"N = {s.sobol_n} the confidence intervals are wide: read the order, not the second digit.", "",
              "![Sobol indices](img/sensitivity-sobol.png)", "",
              "| outcome | " + " | ".join(f"`{p.split('.', 1)[1]}` S1 / ST" for p in top) + " |",
              "|---|" + "---|" * len(top)]
    for o in OUTCOMES:
        r = sob[sob["outcome"] == o].set_index("parameter")
        lines.append(f"| {o} | " + " | ".join(f"{r.loc[p, 'S1']:.2f} +- {r.loc[p, 'S1_conf']:.2f} / "
                                              f"{r.loc[p, 'ST']:.2f} +- {r.loc[p, 'ST_conf']:.2f}" for p in top) + " |")
    lines += ["", "The validation against the IPIS data is in `docs/validation.md`.", ""]
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m analysis.sensitivity", description=__doc__.split("\n\n")[0])
    ap.add_argument("--policy", choices=POLICIES, help="screen the policy's effect (policy minus baseline)")
    ap.add_argument("--params", help="comma-separated keys, sections or KEY:LO:HI (default: DEFAULT_PARAMS)")
    ap.add_argument("--quick", action="store_true", help="smoke test: small world, 6 parameters, a few dozen "
                    "52-week runs (the estimate is printed before it starts)")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--out", type=Path, help="folder for the raw results, figures and sensitivity.md "
                    "(default ./sensitivity, or ./sensitivity-POLICY)")
    ap.add_argument("--docs", type=Path, help="write sensitivity.md and img/ here instead (make sensitivity: docs)")
    ap.add_argument("--report-only", action="store_true", help="redo figures and report from the raw results")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    s = replace(QUICK if a.quick else Settings(), workers=a.workers, policy=a.policy)
    if a.policy:
        s = replace(s, scale_seeds=0)     # the population-scale check is about the baseline
    if a.params:
        s = replace(s, params=tuple(p.strip() for p in a.params.split(",") if p.strip()))
    out = a.out or Path("sensitivity" + (f"-{a.policy}" if a.policy else "") + ("-quick" if a.quick else ""))
    docs = a.docs or out
    why = None
    if a.workers < 1:
        why = f"--workers {a.workers}: at least 1"
    elif a.report_only and not (out / "settings.json").is_file():
        why = f"--report-only: no results in {out} (run without --report-only first)"
    else:
        try:
            k = len(ranges(s))
        except ConfigError as exc:
            why = str(exc).replace("ensemble.params", "--params")
    if why:
        print(f"Error: {why}", file=sys.stderr)
        return 2
    if not a.report_only:
        n = s.noise_seeds + s.trajectories * (k + 1) + s.sobol_n * (s.sobol_top + 2)
        per = (2 if s.policy else 1) * (0.012 if s.world == "small" else 0.03) * s.steps
        low = 10 + n * per / s.workers          # start-up of the worker processes, then the runs
        print(f"{n} samples ({'2 runs' if s.policy else '1 run'} each, {s.steps} weeks, world {s.world}): about "
              f"{_duration(low)} to {_duration(2 * low)} on {s.workers} processes of an idle machine", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    if a.report_only:
        saved = json.loads((out / "settings.json").read_text())
        info, top = saved.pop("info"), saved.pop("top")
        s = Settings(**saved)
        noise, res, sob = (pd.read_csv(out / f"{n}.csv") for n in ("noise", "morris", "sobol"))
        scales = pd.read_csv(out / "scales.csv", index_col=0) if (out / "scales.csv").is_file() else None
    else:
        t0, code = time.perf_counter(), code_version()
        with worker_pool(s.workers):        # the workers start once for every phase
            noise = defaults_over_seeds(s, s.noise_seeds)
            t1 = time.perf_counter()
            mruns, res = morris(s)
            t2 = time.perf_counter()
            top = top_parameters(res, s.sobol_top)
            sruns, sob = sobol(s, top)
            t3 = time.perf_counter()
            scales = None
            if s.scale_seeds:
                scales = pd.DataFrame({f"{sc:g}": defaults_over_seeds(s, s.scale_seeds, sc).median()
                                       for sc in (1.0, 0.25)})
                scales.to_csv(out / "scales.csv")
        raw = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
        info = {"total_s": time.perf_counter() - t0, "morris_s": t2 - t1, "sobol_s": t3 - t2,
                "run_s": (t3 - t1) * s.workers / (len(mruns) + len(sruns)), "raw": str(raw), "code": same_code(code)}
        for name, df in (("noise", noise), ("morris_runs", mruns), ("morris", res), ("sobol_runs", sruns),
                         ("sobol", sob)):
            df.to_csv(out / f"{name}.csv", index=False)
        (out / "settings.json").write_text(json.dumps({**asdict(s), "top": top, "info": info}, indent=1))
    floor = noise_floor(noise, s.levels)
    figures(res, floor, sob, docs / "img")
    (docs / "sensitivity.md").write_text(to_markdown(s, res, floor, noise, top, sob, scales, info))
    with pd.option_context("display.width", 200, "display.max_rows", 400):
        print(res.pivot(index="parameter", columns="outcome", values="relative")[OUTCOMES].round(2).to_string())
        print(sob.round(3).to_string(index=False))
    print(f"top parameters: {', '.join(top)}; wrote {docs / 'sensitivity.md'} (runs took {info['total_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
