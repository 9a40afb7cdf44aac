"""The result of a policy search (`+experiment=policy_search`): every trial's lever mix, objectives and cost,
and the Pareto set the Optuna sweeper found (its optimization_results.yaml), restricted to mixes within budget.

`python -m analysis DIR` on such a sweep writes DIR/search_trials.csv, DIR/pareto_table.{csv,md} and
DIR/figures/pareto.{png,svg}.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import yaml

from .common import STYLE, fmt, save_figure
from .paired import lever_label


def is_search(folder: Path) -> bool:
    """Whether `folder` holds a policy search (trials with search.json)."""
    return any(Path(folder).glob("*/search.json"))


def _flat(d: dict, prefix: str = "policies.") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out |= _flat(v, f"{prefix}{k}.")
        else:
            out[f"{prefix}{k}"] = v
    return out


def trials(folder: Path) -> tuple[pd.DataFrame, list[str], list[str]]:
    """(one row per finished trial, the searched lever keys, the objectives)."""
    folder = Path(folder)
    res = folder / "optimization_results.yaml"
    solutions = (yaml.safe_load(res.read_text()) or {}).get("solutions", []) if res.is_file() else []
    rows, objectives = [], []
    for f in sorted(folder.glob("*/search.json"), key=lambda p: p.parent.name):
        s = json.loads(f.read_text())
        objectives = s["objectives"]
        row = {"trial": f.parent.name, **_flat(s["levers"]),
               **{f"change_pct_{k}": s["change_pct"][k] for k in objectives},
               "policy_cost_usd_week": s["policy_cost_usd_week"], "within_budget": s["within_budget"],
               "budget_usd_week": s["budget_usd_week"], "policies_enabled": "+".join(s["policies_enabled"]) or "none"}
        rows.append(row)
    t = pd.DataFrame(rows)
    searched = list(solutions[0]["params"]) if solutions else [c for c in t.columns if c.startswith("policies.")
                                                                 and t[c].nunique() > 1]
    on_front = [any(_same(r, sol["params"]) for sol in solutions) for _, r in t.iterrows()]
    t["pareto"] = pd.Series(on_front, index=t.index, dtype=bool) & t["within_budget"]
    return t, searched, objectives


def _same(row: pd.Series, params: dict) -> bool:
    for k, v in params.items():
        a = row.get(k)
        if isinstance(v, float) or isinstance(a, float):
            if not math.isclose(float(a), float(v), rel_tol=1e-9, abs_tol=1e-12):
                return False
        elif str(a) != str(v):
            return False
    return True


def pareto_table(t: pd.DataFrame, searched: list[str], objectives: list[str]) -> pd.DataFrame:
    """The Pareto set within budget, best on the first objective first."""
    cols = [*searched, *(f"change_pct_{k}" for k in objectives), "policy_cost_usd_week", "policies_enabled"]
    return t[t["pareto"]].sort_values(f"change_pct_{objectives[0]}")[["trial", *cols]].set_index("trial")


def to_markdown(p: pd.DataFrame, searched: list[str], objectives: list[str], n: int, budget: float) -> str:
    lines = [f"Pareto set of {n} trials within a budget of {fmt(budget, 'compact')} USD/week: no other mix within "
             "budget does better on both objectives. Change against the baseline on the same seeds and design "
             "points (%; negative is a reduction).", "",
             "| trial | " + " | ".join(lever_label(k) for k in searched) + " | "
             + " | ".join(f"{k} change (%)" for k in objectives) + " | cost (USD/week) | policies on |",
             "|---|" + "---|" * (len(searched) + len(objectives) + 2)]
    for trial, r in p.iterrows():
        cells = [fmt(r[k], "compact") if isinstance(r[k], float) else str(r[k]) for k in searched]
        cells += [f"{r[f'change_pct_{k}']:+.1f}" for k in objectives]
        lines.append(f"| {trial} | " + " | ".join(cells) + f" | {fmt(r['policy_cost_usd_week'], 'compact')} | "
                     f"{r['policies_enabled']} |")
    return "\n".join(lines) + "\n"


def pareto_figure(t: pd.DataFrame, objectives: list[str], out: Path) -> list[Path]:
    """Every trial in the plane of the first two objectives; the Pareto set within budget joined in red."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, y = (f"change_pct_{k}" for k in objectives[:2])
    ok, over = t[t["within_budget"]], t[~t["within_budget"]]
    front = t[t["pareto"]].sort_values(x)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 5.5))
        sc = ax.scatter(ok[x], ok[y], c=ok["policy_cost_usd_week"], cmap="viridis", s=28, label="within budget")
        if len(over):
            ax.scatter(over[x].clip(upper=0), over[y].clip(upper=0), marker="x", color="grey", s=20,
                       label="over budget (its effect; scored as doing nothing)")
        ax.plot(front[x], front[y], "-o", color="#d7301f", ms=7, mfc="none", lw=1.2, label="Pareto set")
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.set_xlabel(f"{objectives[0]}: change against the baseline (%)")
        ax.set_ylabel(f"{objectives[1]}: change against the baseline (%)")
        fig.colorbar(sc, ax=ax, label="policy cost (USD/week)")
        ax.legend(loc="upper right", frameon=False)
        ax.set_title(f"Policy search: {len(t)} lever mixes, budget {fmt(t['budget_usd_week'].iloc[0], 'compact')} "
                     "USD/week")
        fig.tight_layout()
        return save_figure(fig, out, "pareto", formats=("png", "svg"))


def report(folder: Path, figures: bool = True) -> str:
    """Write the search's tables (and figure); returns the Markdown table."""
    t, searched, objectives = trials(folder)
    t.to_csv(folder / "search_trials.csv", index=False)
    p = pareto_table(t, searched, objectives)
    p.to_csv(folder / "pareto_table.csv")
    md = to_markdown(p, searched, objectives, len(t), float(t["budget_usd_week"].iloc[0]))
    (folder / "pareto_table.md").write_text(md)
    if figures:
        pareto_figure(t, objectives, folder / "figures")
    return md
