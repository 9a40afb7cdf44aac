"""Scenario discovery: where in the uncertainty space does a condition on a policy's effect hold?

`python -m analysis DIR --discover "ddr:fighters>=0"` ("where DDR fails to reduce fighters"): at each design
point the policy's effect (minus the baseline, median over seeds) is tested against the condition; PRIM (the
EMA Workbench's `ema_workbench.analysis.prim`, or CART with `--method cart`) finds boxes of the sampled
parameters where the condition is concentrated, and extra-trees feature scores
(`ema_workbench.analysis.feature_scoring`) rank the parameters by how much they decide the effect.
Writes DIR/discovery/POLICY_METRIC/: prim_boxes.csv (box, coverage, density, parameter, lower, upper),
feature_scores.csv, effects.csv, the peeling trade-off and box figures, and summary.md (a line per box).
"""

from __future__ import annotations

import logging
import operator
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .common import fmt, save_figure

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}
MAX_BOXES = 3


class ConditionError(ValueError):
    """A --discover condition that cannot be read or does not match the sweep."""


@dataclass(frozen=True)
class Condition:
    policy: str
    metric: str
    op: str
    value: float

    @property
    def name(self) -> str:
        return f"{self.policy}_{self.metric}"

    def __str__(self) -> str:
        return f"{self.policy}:{self.metric}{self.op}{fmt(self.value)}"


def parse_condition(text: str) -> Condition:
    """`POLICY:METRIC<op>VALUE` (op one of >=, <=, >, <, ==), e.g. `ddr:fighters>=0`."""
    m = re.fullmatch(r"\s*([\w.+-]+)\s*:\s*(\w+)\s*(>=|<=|==|>|<)\s*(-?[\d.eE+-]+)\s*", text)
    if not m:
        raise ConditionError(f"--discover {text!r}: write POLICY:METRIC<op>VALUE, e.g. \"ddr:fighters>=0\" "
                             f"(op one of {', '.join(OPS)})")
    try:
        value = float(m.group(4))
    except ValueError:
        raise ConditionError(f"--discover {text!r}: {m.group(4)!r} is not a number") from None
    return Condition(m.group(1), m.group(2), m.group(3), value)


def case_table(runs: pd.DataFrame, effects: pd.DataFrame, params: list[str], cond: Condition) -> tuple[
        pd.DataFrame, np.ndarray, np.ndarray]:
    """(x: sampled parameters per design point, y: the condition holds, the effect itself)."""
    if cond.policy not in set(effects["mix"]):
        raise ConditionError(f"--discover: no policy {cond.policy!r} in this sweep; policies: "
                             f"{', '.join(sorted(set(effects['mix'])))}")
    if cond.metric not in effects:
        raise ConditionError(f"--discover: no metric {cond.metric!r}; metrics: "
                             f"{', '.join(c for c in effects.columns if c not in ('mix', 'design_point'))}")
    e = effects[effects["mix"] == cond.policy].set_index("design_point")[cond.metric].dropna()
    x = runs.drop_duplicates("design_point").set_index("design_point")[params].loc[e.index]
    return x.reset_index(drop=True).astype(float), OPS[cond.op](e.to_numpy(), cond.value), e.to_numpy()


def _quiet_import_ema() -> None:
    """Import the EMA Workbench without its note that the optional ipyparallel evaluator is missing."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        import ema_workbench  # noqa: F401


def prim_boxes(x: pd.DataFrame, y: np.ndarray, max_boxes: int = MAX_BOXES) -> tuple[pd.DataFrame, list]:
    """PRIM boxes (EMA Workbench): each box is the densest box on its peeling trajectory that still covers at
    least half of the remaining cases of interest; boxes are searched while they are at least 1.5x denser than
    the base rate. Returns the boxes' limits table and the PrimBox objects (for the figures)."""
    _quiet_import_ema()
    from ema_workbench.analysis import prim

    p = prim.Prim(x, y, mass_min=0.05)
    rows, boxes, base = [], [], y.mean()
    for b in range(max_boxes):
        box = p.find_box()
        if box is None:
            break
        traj = box.peeling_trajectory
        ok = traj[(traj["coverage"] >= 0.5)]
        i = int(ok["density"].idxmax()) if len(ok) else len(traj) - 1
        box.select(i)
        if box.density < 1.5 * base or box.coverage < 0.1:
            break
        boxes.append(box)
        lims, init = box.box_lims[i], box.box_lims[0]
        for u in [c for c in init.columns if not np.all(init[c].to_numpy() == lims[c].to_numpy())]:
            rows.append({"box": b + 1, "coverage": box.coverage, "density": box.density, "parameter": u,
                         "lower": float(lims[u].iloc[0]), "upper": float(lims[u].iloc[1]),
                         "full_lower": float(init[u].iloc[0]), "full_upper": float(init[u].iloc[1])})
    cols = ["box", "coverage", "density", "parameter", "lower", "upper", "full_lower", "full_upper"]
    return pd.DataFrame(rows, columns=cols), boxes


def cart_boxes(x: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
    """CART leaves (EMA Workbench) where the condition is the majority, as boxes in the same columns as PRIM's."""
    _quiet_import_ema()
    from ema_workbench.analysis import cart

    c = cart.CART(x, y, mass_min=0.05)
    c.build_tree()
    rows = []
    init = c.box_init
    for b, (lims, st) in enumerate(zip(c.boxes, c.stats, strict=True)):
        if st["density"] < 0.5:
            continue
        for u in [col for col in init.columns if not np.all(init[col].to_numpy() == lims[col].to_numpy())]:
            rows.append({"box": b + 1, "coverage": st["coverage"], "density": st["density"], "parameter": u,
                         "lower": float(lims[u].iloc[0]), "upper": float(lims[u].iloc[1]),
                         "full_lower": float(init[u].iloc[0]), "full_upper": float(init[u].iloc[1])})
    return pd.DataFrame(rows, columns=["box", "coverage", "density", "parameter", "lower", "upper", "full_lower",
                                       "full_upper"])


def feature_scores(x: pd.DataFrame, effect: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Extra-trees feature scores of the effect (regression; EMA Workbench), highest first."""
    _quiet_import_ema()
    from ema_workbench.analysis import feature_scoring
    from ema_workbench.analysis.scenario_discovery_util import RuleInductionType

    scores, _ = feature_scoring.get_ex_feature_scores(x, effect, mode=RuleInductionType.REGRESSION,
                                                      random_state=seed)
    s = scores.iloc[:, 0].sort_values(ascending=False)
    return pd.DataFrame({"parameter": s.index, "score": s.to_numpy()})


def describe(boxes: pd.DataFrame, cond: Condition, base_rate: float, n: int) -> list[str]:
    """A plain-language line per box."""
    lines = [f"The condition `{cond}` holds at {base_rate:.0%} of {n} design points."]
    if boxes.empty:
        return [*lines, "No box concentrates it (no parameter region is much denser than the base rate): it "
                "depends on no small set of parameters within their plausible ranges."]
    for b, g in boxes.groupby("box"):
        parts = [f"`{r.parameter}` {_range_words(r)}" for r in g.itertuples()]
        r0 = g.iloc[0]
        lines.append(f"Box {b}: when {' and '.join(parts)}, it holds at {r0.density:.0%} of points "
                     f"(this box covers {r0.coverage:.0%} of the points where it holds).")
    return lines


def _range_words(r) -> str:
    low, high = r.lower > r.full_lower + 1e-12, r.upper < r.full_upper - 1e-12
    if low and high:
        return f"is between {fmt(r.lower)} and {fmt(r.upper)}"
    return f"is above {fmt(r.lower)}" if low else f"is below {fmt(r.upper)}"


def discover(runs: pd.DataFrame, effects: pd.DataFrame, params: list[str], cond: Condition, out: Path,
             method: str = "prim") -> list[str]:
    """Run the discovery and write its files into `out`; returns the plain-language lines."""
    logging.getLogger("EMA").setLevel(logging.WARNING)
    x, y, effect = case_table(runs, effects, params, cond)
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"effect": effect, "condition": y}).join(x).to_csv(out / "effects.csv", index=False)
    feature_scores(x, effect).to_csv(out / "feature_scores.csv", index=False)
    if not y.any() or y.all():
        boxes, found = pd.DataFrame(columns=["box", "coverage", "density", "parameter", "lower", "upper"]), []
    elif method == "cart":
        boxes, found = cart_boxes(x, y), []
    else:
        boxes, found = prim_boxes(x, y)
    boxes.to_csv(out / "prim_boxes.csv" if method == "prim" else out / "cart_boxes.csv", index=False)
    _figures(found, out)
    lines = describe(boxes, cond, float(y.mean()), len(y))
    (out / "summary.md").write_text("\n\n".join(lines) + "\n")
    return lines


def _figures(found: list, out: Path) -> None:
    """The peeling trade-off and the box limits of each PRIM box (EMA Workbench's own figures)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for b, box in enumerate(found, start=1):
        fig = box.show_tradeoff(annotated=False)
        fig.suptitle(f"PRIM box {b}: coverage-density trade-off along the peeling trajectory")
        save_figure(fig, out, f"prim_tradeoff_box{b}", formats=("png",))
        box.inspect(style="graph")
        fig = plt.gcf()
        fig.suptitle(f"PRIM box {b}: restricted parameters (box within the sampled range)")
        save_figure(fig, out, f"prim_box{b}", formats=("png",))
