"""The parameter table cannot drift from the code, and every parameter has a unit and a source."""

from __future__ import annotations

from pathlib import Path

from analysis.parameter_table import iter_parameters, render
from sim.config import DEFAULT_MINERALS, MINERAL_SOURCES

DOC = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"


def test_every_parameter_has_unit_source_and_meaning():
    missing = [k for k, _, unit, src, doc in iter_parameters() if not unit or not src or not doc]
    assert not missing, f"parameters without unit/source/meaning: {missing}"


def test_every_mineral_has_a_source():
    assert set(DEFAULT_MINERALS) == set(MINERAL_SOURCES)


def test_docs_parameters_md_is_generated_from_the_schema():
    assert DOC.read_text() == render(), "docs/parameters.md is stale: run `python -m analysis.parameter_table`"
