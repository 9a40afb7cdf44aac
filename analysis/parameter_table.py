"""Generate docs/parameters.md from the configuration schema, so the parameter table cannot drift from the code.

`python -m analysis.parameter_table [--out docs/parameters.md]`. Every field of every dataclass in sim/config/ carries
`unit`, `source` and `doc` metadata; tests/test_params.py fails when one is missing.
"""

from __future__ import annotations

import argparse
from dataclasses import fields, is_dataclass
from pathlib import Path

from sim.config import DEFAULT_MINERALS, MINERAL_SOURCES, Config, MineralConfig, default_of

SECTIONS = [
    ("world", "World and route network", "sim/world.py"),
    ("miners", "Miners: production and choices", "sim/miners.py, sim/kernels/miners.py"),
    ("armed_groups", "Armed groups", "sim/armed_groups.py"),
    ("state_forces", "State forces", "sim/state_forces.py"),
    ("market", "Market: traders, buyers, prices", "sim/market.py, sim/kernels/market.py"),
    ("policies.ddr", "Policy: DDR", "sim/policies/ddr.py"),
    ("policies.certification", "Policy: certification and due diligence", "sim/policies/certification.py"),
    ("policies.dmz", "Policy: demilitarised zones", "sim/policies/dmz.py"),
    ("policies.border", "Policy: border enforcement", "sim/policies/border.py"),
    ("shock", "Scenario: price shock", "sim/model.py (apply_shock)"),
    ("ensemble", "Ensembles over the uncertainties", "sim/config/exploration.py, sim/run/ensemble.py"),
    ("output", "Output", "sim/run/outputs.py"),
]


def iter_parameters(obj=None, prefix: str = ""):
    """(dotted key, default, unit, source, meaning) for every scalar field of the schema."""
    obj = Config() if obj is None else obj
    for f in fields(obj):
        v = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(v):
            yield from iter_parameters(v, key + ".")
        elif f.metadata:
            yield (key, default_of(f), f.metadata.get("unit"), f.metadata.get("source"), f.metadata.get("doc"),
                   plausible(f.metadata))


def plausible(meta) -> str:
    """The plausible range an exploration samples, as shown in the table ('' for a fixed parameter)."""
    if "plausible" in meta:
        lo, hi = meta["plausible"]
        return f"{_fmt(lo)} - {_fmt(hi)}"
    if "plausible_rel" in meta:
        a, b = meta["plausible_rel"]
        return f"x{_fmt(a)} - x{_fmt(b)} of the mineral's value"
    return ""


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return "null" if v is None else str(v)


def render() -> str:
    params = list(iter_parameters())
    out = ["# Parameters", "",
           "Generated from the configuration schema (`sim/config/`) by `python -m analysis.parameter_table`; do not edit by hand.",
           "Sources: \"fact N\" is row N of `../shared/research/FACTS.md` (with its own citation); \"IPIS\" is the "
           "IPIS open data (a copy in `sim/data/ipis/`); \"calibrated\" means chosen so that the baseline lands in "
           "the calibration ranges (docs/calibration.md); \"assumption\" is a modelling choice; \"setting\" is a user "
           "choice. Every assumption and calibrated value has a **plausible range**: what an ensemble "
           "(`+experiment=policy_robustness`, docs/analysts.md) and the sensitivity analysis sample; "
           "`ensemble.params` chooses among them or sets other ranges (KEY:LO:HI).",
           "", "Override any of them on the command line: `python -m sim KEY=VALUE`.", ""]
    top = [p for p in params if "." not in p[0]]
    head = ["| key | default | unit | meaning | source | plausible range |", "|---|---|---|---|---|---|"]
    out += ["## Run", "", *head]
    out += [f"| `{k}` | {_fmt(d)} | {u} | {doc} | {src} | {pl} |" for k, d, u, src, doc, pl in top]
    for prefix, title, code in SECTIONS:
        rows = [p for p in params if p[0].startswith(prefix + ".")]
        out += ["", f"## {title}", "", f"Code: `{code}`. Keys `{prefix}.*`.", "",
                *head]
        out += [f"| `{k}` | {_fmt(d)} | {u} | {doc} | {src} | {pl} |" for k, d, u, src, doc, pl in rows]
    mfields = [f for f in fields(MineralConfig)]
    out += ["", "## Minerals", "", "Code: `sim/config/minerals.py` (DEFAULT_MINERALS). Keys `minerals.NAME.*`; a mineral is "
            "data: add one with `+minerals.NAME={...}` or in a world config.", "",
            "| field | unit | meaning | plausible range |", "|---|---|---|---|"]
    out += [f"| `{f.name}` | {f.metadata['unit']} | {f.metadata['doc']} | {plausible(f.metadata)} |" for f in mfields]
    out += ["", "| mineral | " + " | ".join(f.name for f in mfields) + " |",
            "|---|" + "---|" * len(mfields)]
    for name, m in DEFAULT_MINERALS.items():
        out.append(f"| {name} | " + " | ".join(_fmt(getattr(m, f.name)) for f in mfields) + " |")
    out += ["", "Sources of the mineral values:", ""]
    out += [f"- **{name}**: {MINERAL_SOURCES[name]}" for name in DEFAULT_MINERALS]
    out += ["", "Smuggling costs, regional discounts, export taxes and concealability are assumptions "
            "(DESIGN s2: gold hides easily, bulky 3T ore hardly); roadblock fees per kg follow fact 8 "
            "(100-500 Congolese francs per ~100 kg motorbike load).", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "parameters.md")
    a = ap.parse_args(argv)
    a.out.write_text(render())
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
