"""What we do not know: the declared uncertainties (parameters with a plausible range) and the ensemble settings.

A parameter is an uncertainty when its field carries `plausible=(low, high)` (an absolute range) or
`plausible_rel=(a, b)` (a range relative to its value, for per-mineral fields whose values differ by mineral:
`a x value` to `b x value`, within the field's `lo`/`hi`). `ensemble.params` names the ones an ensemble samples:
a full key (`armed_groups.tax_share`), a section (`armed_groups`: every uncertainty under it), `all`, or a key
with the analyst's own range (`armed_groups.tax_share:0.1:0.3`). Left empty, it is the default space: every
declared uncertainty except the world's geometry (`world.*`, which rebuilds the map) and per-mineral values
(`minerals.*`; name them to include them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .base import ConfigError, p

METHODS = ("lhs", "sobol", "random")
DEFAULT_EXCLUDED = ("world.", "minerals.")


@dataclass
class EnsembleConfig:
    """A space-filling design over the uncertainties, crossed with the sweep (sim/run/ensemble.py; run with
    `hydra/sweeper=ensemble`, as `+experiment=policy_robustness` does)."""

    samples: int = p(0, "design points", "setting", "points of the design (0: no design, a plain sweep)", lo=0)
    method: str = p("lhs", "-", "setting", "design: Latin hypercube (lhs), scrambled Sobol (sobol) or random",
                    choices=METHODS)
    params: list[str] = p([], "-", "setting", "uncertainties to sample: keys, sections, `all`, or KEY:LO:HI "
                          "(empty: the default space, sim/config/exploration.py)")
    seed: int = p(0, "-", "setting", "seed of the design (not of the runs)", lo=0)
    design_point: int = p(-1, "-", "setting", "this run's design point, set by the ensemble sweeper "
                          "(-1: not part of a design)", lo=-1)


@dataclass(frozen=True)
class Uncertainty:
    """One sampled parameter: its full key, plausible range and whether it takes whole numbers."""

    key: str
    lo: float
    hi: float
    integer: bool
    source: str = ""


def declared(schema: Any, value_of: Callable[[str], Any], minerals: list[str]) -> dict[str, Uncertainty]:
    """Every declared uncertainty of `schema` (a Config instance), by full key; per-mineral fields once per
    mineral in `minerals`. `value_of(key)` gives the key's current value (for relative ranges)."""
    from .minerals import MineralConfig

    out: dict[str, Uncertainty] = {}

    def visit(obj: Any, prefix: str) -> None:
        for f in fields(obj):
            v = getattr(obj, f.name)
            if is_dataclass(v):
                visit(v, f"{prefix}{f.name}.")
                continue
            key, m = f"{prefix}{f.name}", f.metadata
            rng = m.get("plausible")
            if rng is None and "plausible_rel" in m:
                base = float(value_of(key))
                a, b = m["plausible_rel"]
                rng = (max(a * base, m.get("lo", -float("inf"))), min(b * base, m.get("hi", float("inf"))))
            if rng is not None:
                out[key] = Uncertainty(key, float(rng[0]), float(rng[1]), f.type in (int, "int"), m.get("source", ""))

    visit(schema, "")
    for name in minerals:
        visit(MineralConfig(), f"minerals.{name}.")
    return out


def resolve_space(params: list[str], known: dict[str, Uncertainty]) -> list[Uncertainty]:
    """The uncertainties `ensemble.params` names (see the module docstring), in a stable order; a name that is
    neither a declared key nor a section, or a bad range, raises ConfigError naming it."""
    if not params:
        return [u for k, u in known.items() if not k.startswith(DEFAULT_EXCLUDED)]
    chosen: dict[str, Uncertainty] = {}
    for entry in params:
        key, *rng = str(entry).split(":")
        if key == "all":
            chosen |= known
            continue
        if rng:
            chosen[key] = _own_range(entry, key, rng, known)
            continue
        under = {k: u for k, u in known.items() if k == key or k.startswith(key + ".")}
        if not under:
            sections = sorted({k.split(".")[0] for k in known})
            raise ConfigError(f"ensemble.params: {key!r} is not a declared uncertainty or section; sections: "
                              f"{', '.join(sections)} (docs/parameters.md lists the keys with a plausible range), "
                              f"or give your own range as KEY:LO:HI")
        chosen |= under
    return list(chosen.values())


def _own_range(entry: str, key: str, rng: list[str], known: dict[str, Uncertainty]) -> Uncertainty:
    """`KEY:LO:HI`: the analyst's range for a numeric key (declared or not)."""
    try:
        lo, hi = (float(x) for x in rng)
    except ValueError:
        raise ConfigError(f"ensemble.params: {entry!r}: write KEY:LO:HI with numbers, e.g. "
                          f"armed_groups.tax_share:0.1:0.3") from None
    if not lo < hi:
        raise ConfigError(f"ensemble.params: {entry!r}: LO must be below HI")
    base = known.get(key)
    return Uncertainty(key, lo, hi, base.integer if base else lo.is_integer() and hi.is_integer(), "analyst")


def check_plausible(schema: Any) -> None:
    """Refuse a plausible range that is empty or outside the field's allowed `lo`/`hi` (a schema bug)."""
    for f in fields(schema):
        v = getattr(schema, f.name)
        if is_dataclass(v):
            check_plausible(v)
        elif "plausible" in f.metadata:
            lo, hi = f.metadata["plausible"]
            if not (lo < hi and lo >= f.metadata.get("lo", lo) and hi <= f.metadata.get("hi", hi)):
                raise ConfigError(f"{f.name}: plausible range {lo}-{hi} is empty or outside the allowed values")


@dataclass
class SearchConfig:
    """Policy search under a budget (sim/run/search.py; `+experiment=policy_search`): each job of the Optuna
    sweep evaluates one lever mix over common seeds and a sample of the uncertainty space and returns its
    objectives, the change against the baseline on the same seeds and points (%)."""

    enabled: bool = p(False, "-", "setting", "evaluate lever mixes for a search sweeper instead of writing a run")
    objectives: list[str] = p(["armed_revenue_usd", "fighters"], "-", "setting",
                              "outcomes to reduce (final-year means; metric names)")
    budget_usd_week: float = p(150000.0, "USD/week", "setting", "weekly spending the mix must stay within "
                               "(final-year mean of policy_cost_usd)", lo=0)
    seeds: int = p(2, "seeds", "setting", "seeds per design point (common to every mix)", lo=1)
    samples: int = p(4, "design points", "setting", "points of the uncertainty space each mix is evaluated at "
                     "(from ensemble.params, ensemble.method, ensemble.seed; 0: the defaults only)", lo=0)
