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

    capacity_per_year: int = p(2000, "people/year", "setting (PNDDR 2004-06: ~33,000 a year, 99,750 of 150,000 "
                               "targeted; P-DDRCS 2021-: a few thousand a year)", "places in the programme per year",
                               lo=0)
    programme_weeks: int = p(12, "weeks", "UNDP pilot: 3 months of labour-intensive work", "programme period", lo=1)
    stipend_usd_week: float = p(8.0, "USD/week", "UNDP 2007 ($110 once + 3 months work); $25/month for a year "
                                "(PNDDR reinsertion kit, via Seay 2006)", "stipend paid during the programme", lo=0)
    job_wage_usd_day: float = p(3.0, "USD/day", "setting: programme design (fact 12 for the wage that draws "
                                "diggers out)",
                                "wage of the reintegration job", lo=0)
    job_weeks: int = p(104, "weeks", "setting: programme design", "duration of the reintegration job", lo=1)
    cost_per_participant_usd: float = p(1200.0, "USD", "US cable 07KINSHASA153 (planned $1,200 per ex-combatant; "
                                        "$1,500-2,500 realised)", "overhead cost per enrolment, besides stipends "
                                        "and wages", lo=0)
    payment_reliability: float = p(0.6, "share", "assumption (demobilised fighters protesting arrears, Radio Okapi "
                                   "2006; camps waiting over 180 days, 2023; 2,000 of 3,000 cantoned fighters in "
                                   "North Kivu went back to their groups, 2021)", "share of the promised stipend "
                                   "and wage a fighter counts on receiving", lo=0, hi=1, plausible=(0.3, 0.9))
    exit_cost_usd_day: float = p(1.0, "USD/day", "calibrated to enrolment against capacity (PNDDR 2004-06: 66% of "
                                 "target; P-DDRCS Ituri 2023-24: 174 of 20,000 expected; Katanga: 600 of 7,000): "
                                 "uptake-limited programmes take 2-10% of fighters a year", "what leaving costs "
                                 "a fighter besides the pay he gives up: fear of reprisals, loss of protection and "
                                 "standing", lo=0, plausible=(0.0, 3.0))
    commander_hold: float = p(0.5, "probability", "assumption (commanders controlled who demobilised and sent "
                              "non-combatants instead: Vogel & Musamba 2016, Richards 2016)", "chance a fighter "
                              "who wants to leave is kept back by his commander that week", lo=0, hi=1,
                              plausible=(0.2, 0.9))
    forced_recruitment_prob_week: float = p(0.002, "1/week", "assumption (Richards 2016: re-recruitment of "
                                            "ex-combatants; no rate found; range 0-0.01)",
                                            "chance a participant at a site held by a group is taken by force",
                                            lo=0, hi=1, plausible=(0.0, 0.01))


@dataclass
class CertificationConfig(PolicyConfig):
    """Certification and due diligence (sim/policies/certification.py)."""

    minerals: list[str] = p(["tin", "tantalum", "tungsten"], "-", "DESIGN s4", "minerals covered")
    sites_per_year: int = p(200, "sites/year", "fact 16 (~400 sites validated over two years)",
                            "inspection capacity", lo=0)
    selection: str = p("largest", "-", "setting ('itsci': IPIS data, the `itsci` column at each site's latest visit: "
                       "307 sites, 300 of them 3T; fact 16)", "which sites inspectors visit: 'largest' (the largest "
                       "covered sites due for inspection, up to sites_per_year) or 'itsci' (only the sites IPIS found "
                       "in the iTSCi scheme, for the 2013-2020 status quo: with start 0 and sites_per_year >= 307 "
                       "all are qualified in the first year)", choices=("largest", "itsci"))
    audit_rate: float = p(0.05, "probability", "assumption (laundering persisted for years: Global Witness 2022; "
                          "CENADEP/IPIS 2018)", "chance an audit catches a laundered shipment", lo=0, hi=1,
                          plausible=(0.02, 0.2))
    buyer_compliance: float = p(0.5, "share", "assumption (Dodd-Frank 1502, EU 2017/821; 0.8-0.9 in 2011: 3 of 25 "
                                "Goma exporters still buying, Reuters 2011)",
                                "share of export demand for covered minerals that accepts only certified ore",
                                lo=0, hi=1, plausible=(0.5, 0.9))
    uncertified_discount: float = p(0.3, "share", "assumption (no clean estimate; monopsony prices $3-4 vs $6-7/kg "
                                    "for cassiterite, Radio Okapi 2015; exports -70 to -90% in 2011)",
                                    "discount non-compliant buyers apply to uncertified covered ore", lo=0, hi=1,
                                    plausible=(0.1, 0.5))
    launder_ratio: float = p(0.2, "kg per certified kg", "CENADEP/IPIS 2018: negociants at Kalimbi bought 12-80% "
                             "more cassiterite than the cooperatives declared", "untagged ore a trading centre can "
                             "pass off per kg of genuinely tagged ore", lo=0, plausible=(0.1, 0.8))
    requalify_weeks: int = p(52, "weeks", "ICGLR RCM (annual re-inspection)", "validity of a qualification", lo=1)
    cost_per_inspection_usd: float = p(5000.0, "USD", "assumption", "cost of one site inspection", lo=0,
                                       plausible=(2000.0, 10000.0))
    tag_cost_usd_kg: float = p(0.2, "USD/kg", "Rwanda: $130 + $170 per tonne of tantalum traced (New Times 2018), "
                               "coltan dearer than cassiterite (North Kivu Chamber of Mines 2019); collected "
                               "upstream (ITSCI: 80%+ of funding from upstream levies) and passed back to "
                               "negociants and miners", "tagging and chain-of-custody levy per certified kg, "
                               "deducted from the certified price", lo=0, plausible=(0.1, 0.5))
    foreign_launder_capacity: float = p(0.2, "share of potential output", "assumption (Rwanda's coltan exports "
                                        "matched DRC's, 2014-2023, Ecofin 2024; 'up to 90%' of Rwanda's 3T exports "
                                        "from DRC, Global Witness 2022)", "Congolese ore that exporters in "
                                        "laundering neighbours can pass off as their own tagged ore, per covered "
                                        "mineral, as a share of the region's potential output", lo=0,
                                        plausible=(0.0, 0.5))
    foreign_launder_discount: float = p(0.15, "share", "assumption", "margin laundering exporters keep, share of "
                                        "the tagged price", lo=0, hi=1, plausible=(0.05, 0.3))


@dataclass
class DMZConfig(PolicyConfig):
    """Demilitarised zones (sim/policies/dmz.py)."""

    n_sites: int = p(50, "sites", "setting", "sites secured", lo=0)
    selection: str = p("largest", "-", "DESIGN s4", "how sites are chosen",
                       choices=("largest", "contested", "random"))
    discipline: float = p(0.9, "probability", "assumption (trained units)",
                          "probability a DMZ garrison does not prey", lo=0, hi=1, plausible=(0.7, 1.0))
    soldiers_per_site: float = p(30.0, "soldiers", "setting: programme design", "trained soldiers per secured site", lo=0)
    effectiveness: float = p(3.0, "fighter-equivalents", "assumption", "strength of one trained soldier", lo=0,
                             plausible=(1.5, 4.0))
    cost_per_soldier_usd_week: float = p(30.0, "USD/soldier/week", "assumption", "pay and support", lo=0,
                                         plausible=(15.0, 60.0))


@dataclass
class BorderConfig(PolicyConfig):
    """Border enforcement (sim/policies/border.py)."""

    seizure_rate: float = p(0.3, "probability", "setting", "seizure probability for smuggled ore at formal crossings",
                            lo=0, hi=1)
    informal_coverage: float = p(0.3, "share", "assumption",
                                 "enforcement on informal crossings relative to formal posts", lo=0, hi=1,
                                 plausible=(0.1, 0.5))
    cost_per_crossing_usd_week: float = p(2000.0, "USD/crossing/week", "assumption", "cost of enforcement", lo=0,
                                          plausible=(1000.0, 4000.0))


@dataclass
class PoliciesConfig:
    """The four policies (the order in which they act is sim.policies.REGISTRY's)."""

    ddr: DDRConfig = field(default_factory=DDRConfig)
    certification: CertificationConfig = field(default_factory=CertificationConfig)
    dmz: DMZConfig = field(default_factory=DMZConfig)
    border: BorderConfig = field(default_factory=BorderConfig)
