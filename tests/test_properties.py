"""Property tests: over random valid configurations of the small world (shocks and policies included),
every conservation law and range holds at every step (the model's debug checks), and no output is NaN."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.invariants import InvariantError
from sim.model import ConflictMineralsModel

from .conftest import cached_world, make_config

MINERALS = ["gold", "tin", "tantalum", "tungsten"]


@st.composite
def configs(draw):
    o = {
        "seed": draw(st.integers(0, 10_000)),
        "steps": draw(st.integers(5, 40)),
        "debug": True,
        "miners.revise_every_weeks": draw(st.integers(1, 12)),
        "miners.choice_noise_usd_day": draw(st.floats(0.0, 3.0)),
        "miners.output_elasticity": draw(st.floats(0.2, 1.0)),
        "armed_groups.tax_share": draw(st.floats(0.0, 0.6)),
        "armed_groups.expansion_prob_week": draw(st.floats(0.0, 1.0)),
        "armed_groups.upkeep_usd_week": draw(st.floats(0.0, 50.0)),
        "armed_groups.split_fighters": draw(st.integers(20, 300)),
        "armed_groups.split_prob_week": draw(st.floats(0.0, 0.2)),
        "state_forces.discipline": draw(st.floats(0.0, 1.0)),
        "state_forces.offensive_rate_week": draw(st.floats(0.0, 0.5)),
        "state_forces.offensive_reach_km": draw(st.sampled_from([0.0, 2.0, 10.0])),
        "armed_groups.attack_financing": draw(st.sampled_from(["cash", "credit"])),
        "armed_groups.looting": draw(st.sampled_from(["cash", "taxes"])),
        "market.demand_headroom": draw(st.floats(0.05, 3.0)),
        "market.demand_elasticity": draw(st.floats(0.2, 3.0)),
        "market.legality_preference": draw(st.floats(0.0, 0.2)),
    }
    if draw(st.booleans()):
        o.update({"shock.kind": "price", "shock.mineral": draw(st.sampled_from(MINERALS)),
                  "shock.factor": draw(st.floats(0.0, 10.0)), "shock.start": draw(st.integers(0, 30)),
                  "shock.duration": draw(st.one_of(st.none(), st.integers(1, 30)))})
    if draw(st.booleans()):
        o.update({"policies.ddr.enabled": True, "policies.ddr.start": draw(st.integers(0, 20)),
                  "policies.ddr.capacity_per_year": draw(st.integers(0, 5000)),
                  "policies.ddr.programme_weeks": draw(st.integers(1, 20)),
                  "policies.ddr.job_weeks": draw(st.integers(1, 30)),
                  "policies.ddr.forced_recruitment_prob_week": draw(st.floats(0, 0.5))})
    if draw(st.booleans()):
        o.update({"policies.certification.enabled": True, "policies.certification.start": draw(st.integers(0, 20)),
                  "policies.certification.sites_per_year": draw(st.integers(0, 2000)),
                  "policies.certification.buyer_compliance": draw(st.floats(0, 1)),
                  "policies.certification.audit_rate": draw(st.floats(0, 1)),
                  "policies.certification.launder_ratio": draw(st.floats(0, 3)),
                  "policies.certification.selection": draw(st.sampled_from(["largest", "itsci"]))})
    if draw(st.booleans()):
        o.update({"policies.dmz.enabled": True, "policies.dmz.start": draw(st.integers(0, 20)),
                  "policies.dmz.n_sites": draw(st.integers(0, 40)),
                  "policies.dmz.selection": draw(st.sampled_from(["largest", "contested", "random"])),
                  "policies.dmz.discipline": draw(st.floats(0, 1))})
    if draw(st.booleans()):
        o.update({"policies.border.enabled": True, "policies.border.start": draw(st.integers(0, 20)),
                  "policies.border.seizure_rate": draw(st.floats(0, 1)),
                  "policies.border.informal_coverage": draw(st.floats(0, 1))})
        if draw(st.booleans()):
            o["policies.border.end"] = o["policies.border.start"] + draw(st.integers(0, 10))
    if o.get("shock.duration", 0) is None:
        o["shock.duration"] = "null"
    return o


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_invariants_hold_for_random_valid_configurations(overrides):
    cfg = make_config("small", **overrides)
    m = ConflictMineralsModel(cfg, world=cached_world("small"))
    m.run()  # check_invariants runs every step (debug=true) and raises InvariantError on a breach
    assert np.isfinite(m.metrics).all()


def test_invariant_checker_catches_a_breach():
    """The checker is not vacuous: corrupt a counter and it names the quantity."""
    m = ConflictMineralsModel(make_config("small", steps=3, debug=True), world=cached_world("small"))
    m.step()
    m.sites.miners[0] += 1
    try:
        m.step()
    except InvariantError as exc:
        assert "miners per site" in str(exc) and "week 1" in str(exc)
    else:
        raise AssertionError("a corrupted site counter was not detected")


def test_ore_leak_is_detected():
    m = ConflictMineralsModel(make_config("small", steps=3, debug=True), world=cached_world("small"))
    m.step()
    m.sites.stock[:] += 1.0
    try:
        m.step()
    except InvariantError as exc:
        assert "ore" in str(exc)
    else:
        raise AssertionError("ore created from nothing was not detected")


@settings(max_examples=60, deadline=None)
@given(km=st.lists(st.floats(0.0, 500.0), min_size=1, max_size=60), rate=st.floats(0.0, 1.0),
       reach=st.floats(0.5, 50.0))
def test_offensives_aimed_near_the_deployment_area_keep_their_number(km, rate, reach):
    """`offensive_reach_km`: the held sites' chances of an offensive keep their mean (as many offensives in
    expectation) and fall with the distance from the unit's deployment area."""
    from sim.state_forces import offensive_rates
    km = np.array(km)
    r = offensive_rates(km, rate, reach)
    assert np.isfinite(r).all() and abs(r.mean() - rate) <= 1e-12 * max(rate, 1.0)
    order = np.argsort(km, kind="stable")
    assert (np.diff(r[order]) <= 1e-15).all()
