"""Policies (interventions) and the price-shock scenario (sim/policies/, sim/model.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import p


@dataclass
class ShockConfig:
    """A world-price scenario: the mineral's price times `factor` from week `start` for `duration` weeks."""

    kind: str = p("none", "-", "setting", "none or price", choices=("none", "price"))
    mineral: str = p("tantalum", "-", "setting", "mineral whose world price changes")
    factor: float = p(1.0, "ratio", "setting", "price multiplier", lo=0)
    start: int = p(52, "week", "setting", "first week of the shock", lo=0)
    duration: int | None = p(None, "weeks", "setting", "weeks the shock lasts (null: permanent)", lo=1)


# ---------------------------------------------------------------------------------------------------- policies
@dataclass
class PolicyConfig:
    """What every policy has: a switch and a window of weeks in which it acts."""

    enabled: bool = p(False, "-", "setting", "switch")
    start: int = p(52, "week", "setting", "first week", lo=0)
    end: int | None = p(None, "week", "setting", "last week (null: never ends)", lo=0)


@dataclass
class DDRConfig(PolicyConfig):
    """DDR: enrolment, programme and reintegration job (sim/policies/ddr.py)."""

    capacity_per_year: int = p(2000, "people/year", "assumption (national programme: ~15,000-30,000/yr, 2004-07)",
                               "enrolment capacity", lo=0)
    programme_weeks: int = p(12, "weeks", "UNDP pilot: 3 months of labour-intensive work", "programme period", lo=1)
    stipend_usd_week: float = p(8.0, "USD/week", "UNDP 2007 ($110 once + 3 months work)",
                                "stipend paid during the programme", lo=0)
    job_wage_usd_day: float = p(3.0, "USD/day", "assumption (fact 12 for the wage that draws diggers out)",
                                "wage of the reintegration job", lo=0)
    job_weeks: int = p(104, "weeks", "assumption", "duration of the reintegration job", lo=1)
    cost_per_participant_usd: float = p(1200.0, "USD", "US cable 07KINSHASA153 (planned $1,200 per ex-combatant)",
                                        "overhead cost per enrolment, besides stipends and wages", lo=0)
    recidivism_pay_gap_usd_day: float = p(1.0, "USD/day", "assumption (no source found; FACTS)",
                                          "fighting must pay this much more than life outside to lure back", lo=0)
    forced_recruitment_prob_week: float = p(0.002, "1/week", "assumption (no source found; range 0-0.01)",
                                            "chance a participant at a site held by a group is taken by force",
                                            lo=0, hi=1)


@dataclass
class CertificationConfig(PolicyConfig):
    """Certification and due diligence (sim/policies/certification.py)."""

    minerals: list[str] = p(["tin", "tantalum", "tungsten"], "-", "DESIGN s4", "minerals covered")
    sites_per_year: int = p(200, "sites/year", "fact 16 (~400 sites validated over two years)",
                            "inspection capacity", lo=0)
    audit_rate: float = p(0.1, "probability", "assumption", "chance an audit catches a laundered shipment",
                          lo=0, hi=1)
    buyer_compliance: float = p(0.5, "share", "assumption (Dodd-Frank 1502, EU 2017/821)",
                                "share of export demand for covered minerals that accepts only certified ore",
                                lo=0, hi=1)
    uncertified_discount: float = p(0.1, "share", "assumption",
                                    "discount non-compliant buyers apply to uncertified covered ore", lo=0, hi=1)
    launder_ratio: float = p(0.5, "kg per certified kg", "assumption",
                             "untagged ore a trading centre can pass off per kg of genuinely tagged ore", lo=0)
    requalify_weeks: int = p(52, "weeks", "ICGLR RCM (annual re-inspection)", "validity of a qualification", lo=1)
    cost_per_inspection_usd: float = p(5000.0, "USD", "assumption", "cost of one site inspection", lo=0)
    tag_cost_usd_kg: float = p(0.1, "USD/kg", "assumption (iTSCi levy order of magnitude)",
                               "tagging and chain-of-custody cost per certified kg", lo=0)


@dataclass
class DMZConfig(PolicyConfig):
    """Demilitarised zones (sim/policies/dmz.py)."""

    n_sites: int = p(50, "sites", "setting", "sites secured", lo=0)
    selection: str = p("largest", "-", "DESIGN s4", "how sites are chosen",
                       choices=("largest", "contested", "random"))
    discipline: float = p(0.9, "probability", "assumption (trained units)",
                          "probability a DMZ garrison does not prey", lo=0, hi=1)
    soldiers_per_site: float = p(30.0, "soldiers", "assumption", "trained soldiers per secured site", lo=0)
    effectiveness: float = p(3.0, "fighter-equivalents", "assumption", "strength of one trained soldier", lo=0)
    cost_per_soldier_usd_week: float = p(30.0, "USD/soldier/week", "assumption", "pay and support", lo=0)


@dataclass
class BorderConfig(PolicyConfig):
    """Border enforcement (sim/policies/border.py)."""

    seizure_rate: float = p(0.3, "probability", "setting", "seizure probability for smuggled ore at formal crossings",
                            lo=0, hi=1)
    informal_coverage: float = p(0.3, "share", "assumption",
                                 "enforcement on informal crossings relative to formal posts", lo=0, hi=1)
    cost_per_crossing_usd_week: float = p(2000.0, "USD/crossing/week", "assumption", "cost of enforcement", lo=0)


@dataclass
class PoliciesConfig:
    """The four policies (the order in which they act is sim.policies.REGISTRY's)."""

    ddr: DDRConfig = field(default_factory=DDRConfig)
    certification: CertificationConfig = field(default_factory=CertificationConfig)
    dmz: DMZConfig = field(default_factory=DMZConfig)
    border: BorderConfig = field(default_factory=BorderConfig)
