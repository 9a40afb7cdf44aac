"""The parameter table cannot drift from the code, and every parameter has a unit and a source."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from analysis.parameter_table import iter_parameters, render
from sim.config import DEFAULT_MINERALS, MINERAL_SOURCES, Config, MineralConfig
from sim.config.exploration import check_plausible, declared

DOC = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"


def test_every_parameter_has_unit_source_and_meaning():
    missing = [k for k, _, unit, src, doc, _ in iter_parameters() if not unit or not src or not doc]
    assert not missing, f"parameters without unit/source/meaning: {missing}"


def test_every_mineral_has_a_source():
    assert set(DEFAULT_MINERALS) == set(MINERAL_SOURCES)


def test_docs_parameters_md_is_generated_from_the_schema():
    assert DOC.read_text() == render(), "docs/parameters.md is stale: run `python -m analysis.parameter_table`"


def test_every_assumption_and_calibrated_parameter_has_a_plausible_range_around_its_default():
    """Issue 16: what we do not know is declared; the default lies inside its plausible range."""
    missing = [k for k, _, _, src, _, pl in iter_parameters()
               if ("assumption" in src.lower() or "calibrated" in src.lower()) and not pl]
    missing += [f"minerals.*.{f.name}" for f in fields(MineralConfig)
                if "assumption" in f.metadata["source"].lower()
                and not ({"plausible", "plausible_rel"} & set(f.metadata))]
    assert not missing, f"assumption/calibrated parameters without a plausible range: {missing}"
    cfg = Config()
    known = declared(cfg, lambda key: _value(cfg, key), list(cfg.minerals))
    outside = [(k, _value(cfg, k), u.lo, u.hi) for k, u in known.items() if not u.lo <= _value(cfg, k) <= u.hi]
    assert not outside, f"defaults outside their plausible range: {outside}"
    check_plausible(cfg)
    check_plausible(MineralConfig())


def _value(cfg, key: str):
    obj = cfg
    for part in key.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj
