"""Structured configuration: the schema of every Hydra group, with units and sources.

Each dataclass is one Hydra group (one concern of the model) and mirrors the module that uses it. Every
default parameter carries `unit` and `source` metadata; `docs/parameters.md` is generated from it
(`python -m sim.params`). Sources point to rows of `../shared/research/FACTS.md` ("fact N") or say
"assumption" with a documented range. Range checks that types cannot express live in `validate()`.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING as OC_MISSING


def p(default: Any, unit: str, source: str, doc: str, **checks: Any) -> Any:
    """A parameter: default value plus unit, source, meaning and range checks (lo, hi, choices)."""
    meta = {"unit": unit, "source": source, "doc": doc, **checks}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: type(d)(d), metadata=meta)
    return field(default=default, metadata=meta)


class ConfigError(ValueError):
    """A configuration value is refused; the message names the key and what is allowed."""

    @classmethod
    def from_omegaconf(cls, exc: Exception) -> ConfigError:
        """OmegaConf's error (unknown key, wrong type) as one line naming the key."""
        return cls(f"{getattr(exc, 'full_key', None) or 'config'}: {str(exc).splitlines()[0]}")


# ----------------------------------------------------------------------------------------------------- minerals
@dataclass
class MineralConfig:
    """One mineral as data: prices, output, how easily it hides from a tax collector, where it sells."""

    group: str = p("other", "-", "DESIGN s2", "metric family: gold, 3t (tin/tantalum/tungsten) or other",
                   choices=("gold", "3t", "other"))
    world_usd_kg: float = p(1.0, "USD/kg", "see minerals table", "export (world) price of the ore as traded", lo=0)
    output_kg_per_miner_week: float = p(1.0, "kg/week", "see minerals table",
                                        "output of one average miner at a site at capacity, grade 1", lo=0)
    concealability: float = p(0.1, "share", "assumption (DESIGN s2: gold easily, bulky 3T hardly)",
                              "share of output a miner can hide from a per-kg tax collector", lo=0, hi=1)
    export_tax_share: float = p(0.1, "share", "assumption", "official export taxes and levies, share of value",
                                lo=0, hi=1)
    official_cost_share: float = p(0.05, "share", "assumption",
                                   "other costs of the official channel (comptoir, certificates), share of value",
                                   lo=0, hi=1)
    smuggling_cost_usd_kg: float = p(1.0, "USD/kg", "assumption", "cost of carrying 1 kg across a border unofficially",
                                     lo=0)
    regional_discount: float = p(0.1, "share", "assumption",
                                 "discount regional buyers across the border apply to the world price", lo=0, hi=1)
    roadblock_fee_usd_kg: float = p(0.003, "USD/kg", "fact 8 (100-500 CDF per ~100 kg motorbike load)",
                                    "fee per kg at each roadblock passed", lo=0)


def _mineral(group: str, price: float, out: float, conceal: float, tax: float, smug: float, disc: float,
             fee: float) -> MineralConfig:
    return MineralConfig(group=group, world_usd_kg=price, output_kg_per_miner_week=out, concealability=conceal,
                         export_tax_share=tax, smuggling_cost_usd_kg=smug, regional_discount=disc,
                         roadblock_fee_usd_kg=fee)


# Sources for these values: docs/parameters.md, section "Minerals" (prices: LBMA/LME 2019 and fact 13; outputs:
# fact 10 for gold, calibrated to the incomes of fact 11 for the others).
DEFAULT_MINERALS: dict[str, MineralConfig] = {
    "gold": _mineral("gold", 45000.0, 0.0013, 0.9, 0.035, 100.0, 0.02, 0.0),
    "tin": _mineral("3t", 12.0, 5.0, 0.1, 0.10, 2.0, 0.08, 0.003),
    "tantalum": _mineral("3t", 60.0, 0.8, 0.15, 0.10, 3.0, 0.08, 0.003),
    "tungsten": _mineral("3t", 14.0, 2.5, 0.1, 0.10, 2.0, 0.08, 0.003),
    "cobalt": _mineral("other", 3.0, 30.0, 0.05, 0.10, 1.0, 0.10, 0.003),
    "copper": _mineral("other", 1.0, 60.0, 0.05, 0.10, 0.5, 0.10, 0.003),
    "diamond": _mineral("other", 150000.0, 0.0003, 0.95, 0.04, 100.0, 0.05, 0.0),
    "tourmaline": _mineral("other", 5000.0, 0.01, 0.9, 0.05, 20.0, 0.10, 0.0),
    "sapphire": _mineral("other", 50000.0, 0.001, 0.95, 0.05, 50.0, 0.10, 0.0),
    "amethyst": _mineral("other", 2000.0, 0.02, 0.9, 0.05, 10.0, 0.10, 0.0),
    "monazite": _mineral("other", 2.0, 20.0, 0.05, 0.10, 0.5, 0.10, 0.003),
    "manganese": _mineral("other", 0.3, 100.0, 0.05, 0.10, 0.2, 0.10, 0.003),
    "pyrochlore": _mineral("other", 3.0, 10.0, 0.05, 0.10, 0.5, 0.10, 0.003),
}
METRIC_MINERALS = ("gold", "tin", "tantalum", "tungsten", "cobalt")

# Where each mineral's numbers come from (docs/parameters.md prints this beside the values).
MINERAL_SOURCES: dict[str, str] = {
    "gold": "price: LBMA 2019 average ($1,393/oz); farm-gate ~$35/g (fact 13). Output: 15-22 t/yr artisanal "
            "gold (fact 10) over ~270,000 gold miners (IPIS, fact 3) = ~1.3 g/miner/week. Export tax 3.5% "
            "(assumption). Regional buyers pay near world price (fact 13).",
    "tin": "price: LME tin 2019 ~$18.7/kg x ~65% Sn in cassiterite concentrate; farm-gate $2.7-13/kg (fact 13). "
           "Output calibrated to 3T incomes $2.7-3.3/day (fact 11).",
    "tantalum": "price: coltan >$50/kg in Kigali, $20-24/kg at a monopsony site (fact 13). Output calibrated to "
                "3T incomes (fact 11).",
    "tungsten": "price: APT ~$250/mtu (2019) x ~60% WO3 in wolframite concentrate. Output calibrated to 3T "
                "incomes (fact 11).",
    "cobalt": "price: artisanal heterogenite (~10% Co at ~$32/kg Co, 2019, payable ~90%). Output calibrated to "
              "copper-cobalt incomes ~$7.65/day (fact 11). No cobalt site in eastern_drc (IPIS).",
    "copper": "order-of-magnitude assumption (malachite ore ~15% Cu); 6 sites in eastern_drc.",
    "diamond": "order-of-magnitude assumption (artisanal ~$30/carat, 5,000 carats/kg); 47 sites in eastern_drc.",
    "tourmaline": "order-of-magnitude assumption; 4 sites.",
    "sapphire": "order-of-magnitude assumption; 1 site.",
    "amethyst": "order-of-magnitude assumption; no site in eastern_drc.",
    "monazite": "order-of-magnitude assumption; 1 site.",
    "manganese": "order-of-magnitude assumption; 1 site.",
    "pyrochlore": "order-of-magnitude assumption; 1 site.",
}


# -------------------------------------------------------------------------------------------------------- world
@dataclass
class PlaceConfig:
    """A named point: an export hub or a border crossing."""

    name: str = OC_MISSING
    lon: float = OC_MISSING
    lat: float = OC_MISSING
    country: str = "DRC"
    formal: bool = True


@dataclass
class WorldConfig:
    """Where the world's data live and how its route network is built (worlds are configuration)."""

    name: str = p("eastern_drc", "-", "setting", "world name")
    sites: str = p("data/eastern_drc/sites.csv", "path", "IPIS open data, derived by sim/data/derive_ipis.py",
                   "site table (relative to the sim package or absolute)")
    trading_centres: str = p("data/eastern_drc/trading_centres.csv", "path", "derived from IPIS selling points",
                             "trading-centre table")
    armed_groups: str = p("data/eastern_drc/armed_groups.csv", "path", "IPIS sightings + fact 14",
                          "armed-group table (home, fighters)")
    hubs: list[PlaceConfig] = field(default_factory=list)
    crossings: list[PlaceConfig] = field(default_factory=list)
    initial_control: str = p("ipis", "-", "setting",
                             "who holds sites at the start: ipis (the cross-section at each site's latest visit) or "
                             "empty (nobody; army units redeploy by their rule, groups start from their homes) for "
                             "out-of-sample spatial validation", choices=("ipis", "empty"))
    population_scale: float = p(1.0, "persons per worker", "DESIGN s5 (one person per agent)",
                                "people created per worker in the site table", lo=1e-6)
    road_tortuosity: float = p(1.0, "ratio", "assumption (the road tree already winds: routes are ~1.4x the "
                               "straight site-centre-hub line, typical rural circuity 1.2-1.6)",
                               "length of a road edge / straight-line distance between its ends", lo=1)
    roadblock_spacing_km: float = p(18.0, "km", "fact 8", "mean distance between roadblocks on trunk roads", lo=0.1)
    roadblock_nonstate_share: float = p(0.22, "share", "fact 8", "roadblocks run by non-state armed groups",
                                        lo=0, hi=1)
    roadblock_state_share: float = p(0.71, "share", "fact 8",
                                     "roadblocks run by state or state-tolerated actors (rest: civilian/customary)",
                                     lo=0, hi=1)
    neighbours: int = p(8, "sites", "assumption", "candidate sites a miner can move to (the nearest ones)", lo=1)
    max_move_km: float = p(60.0, "km", "assumption", "farthest site a miner considers moving to", lo=0)
    max_crossing_km: float = p(400.0, "km", "assumption", "farthest border crossing a hub's smugglers use", lo=0)


# ------------------------------------------------------------------------------------------------------- miners
@dataclass
class MinersConfig:
    """Miners' production and weekly choices (sim/miners.py, sim/kernels/miners.py)."""

    revise_every_weeks: int = p(8, "weeks", "assumption (range 4-26)",
                                "each person reconsiders work once in this many weeks", lo=1)
    skill_sigma: float = p(0.925, "log-sd", "fact 12 (67% would quit for $10/day, almost none for $1/day)",
                           "spread of individual productivity (lognormal, mean 1)", lo=0)
    output_elasticity: float = p(0.5, "-", "calibrated (keeps 3T sites staffed beside better-paid gold sites, "
                                 "IPIS fact 3); plausible 0.4-0.9",
                                 "returns to labour at a site: output ~ workers^elasticity", lo=0.05, hi=1)
    farm_income_usd_day: float = p(1.0, "USD/day", "fact 12 (almost no one leaves mining for $1/day)",
                                   "median income outside mining (farming)", lo=0)
    farm_income_sigma: float = p(0.5, "log-sd", "assumption", "spread of the outside income", lo=0)
    move_cost_usd_day: float = p(0.5, "USD/day", "assumption", "amortised cost of moving to another site", lo=0)
    choice_noise_usd_day: float = p(0.3, "USD/day", "assumption",
                                    "scale of idiosyncratic preferences in choices (Gumbel)", lo=0)
    risk_cost_usd_day: float = p(2.0, "USD/day per event/week", "assumption",
                                 "income a miner gives up to avoid one expected violent event per week at a site", lo=0)
    fighter_aversion_usd_day: float = p(6.0, "USD/day", "assumption",
                                        "median reluctance to join an armed group (lognormal)", lo=0)
    fighter_aversion_sigma: float = p(1.0, "log-sd", "assumption", "spread of the reluctance to fight", lo=0)
    farmer_pool_share: float = p(0.25, "share of miners", "assumption (facts 2, 18: 0.4-2 million in ASM)",
                                 "people living near sites, farming at the start, who may take up mining", lo=0)
    child_share_reported: float = p(0.15, "share", "IPIS childunder15 + assumption",
                                    "children among miners at sites where IPIS saw children under 15", lo=0, hi=1)
    child_share_other: float = p(0.02, "share", "assumption", "children among miners at other sites", lo=0, hi=1)
    grade_sigma: float = p(0.3, "log-sd", "assumption", "spread of ore grade between sites (lognormal, median 1)",
                           lo=0)


# ----------------------------------------------------------------------------------------------- armed groups
@dataclass
class ArmedGroupsConfig:
    """Non-state armed groups' economy and fighting (sim/armed_groups.py)."""

    tax_share: float = p(0.2, "share", "fact 7 (taxation in 85% of interference), fact 15",
                         "share of visible output value taken at a held site", lo=0, hi=1)
    head_fee_efficiency: float = p(0.4, "share", "assumption",
                                   "share of hidden output value that per-head and entry fees still capture",
                                   lo=0, hi=1)
    upkeep_usd_week: float = p(12.0, "USD/fighter/week", "assumption (food, ammunition, pay)",
                               "cost of keeping one fighter", lo=0)
    fighter_pay_usd_day: float = p(1.0, "USD/day", "assumption", "base pay and food a fighter gets (part of upkeep)",
                                   lo=0)
    revenue_share: float = p(0.3, "share", "assumption (commanders keep most rents)",
                             "share of a group's revenue its fighters get (on top of the base pay)", lo=0, hi=1)
    commander_take_week: float = p(0.05, "share/week", "assumption",
                                   "share of cash above the reserve that commanders spend each week", lo=0, hi=1)
    recruit_cost_usd: float = p(50.0, "USD", "assumption", "cost of arming one recruit", lo=0)
    reserve_weeks: float = p(8.0, "weeks", "assumption", "cash kept (in weeks of upkeep) before recruiting", lo=0)
    range_km: float = p(60.0, "km", "assumption", "operating radius around a group's home", lo=0)
    hold_cost_usd_week: float = p(60.0, "USD/week", "assumption",
                                  "cost of keeping a presence at a held site (posted fighters, logistics)", lo=0)
    min_fighters_per_site: float = p(8.0, "fighters", "assumption", "fighters needed to hold one site", lo=0)
    attack_share: float = p(0.3, "share", "assumption", "share of a group's fighters committed to an attack",
                            lo=0, hi=1)
    attack_horizon_weeks: float = p(26.0, "weeks", "assumption", "weeks of rent weighed against an attack's cost",
                                    lo=0)
    attack_cost_usd_fighter: float = p(20.0, "USD/fighter", "assumption", "cost of an attack per fighter engaged",
                                       lo=0)
    expansion_prob_week: float = p(0.25, "1/week", "calibrated (IPIS non-state presence 19%, fact 4)",
                                   "chance per week that a group looks for a place to take", lo=0, hi=1)
    candidates: int = p(3, "targets", "assumption", "sites a group looks at when it seeks to expand", lo=1, hi=5)
    contest_exponent: float = p(1.0, "-", "Tullock contest (assumption)", "decisiveness of force ratios", lo=0)
    local_defence: float = p(15.0, "fighter-equivalents", "assumption",
                             "resistance at an unheld site (community defence)", lo=0)
    casualty_share: float = p(0.05, "share", "assumption", "share of the smaller force killed in a clash",
                              lo=0, hi=1)
    desertion_share: float = p(0.1, "share/week", "assumption", "fighters deserting per week when pay fails",
                               lo=0, hi=1)
    loot_usd_per_abuse: float = p(200.0, "USD", "assumption", "cash one looting event yields", lo=0)
    abuse_prob_week: float = p(0.02, "1/week", "assumption (fact 7: pillage 17%, forced labour 10%)",
                               "chance of an abuse against civilians at a held site per week", lo=0, hi=1)
    collapse_fighters: int = p(10, "fighters", "assumption", "a group with fewer fighters dissolves", lo=0)
    split_fighters: int = p(600, "fighters", "calibrated (keeps 100-130 groups over 20 years, fact 14)",
                            "groups this large may split", lo=1)
    split_prob_week: float = p(0.005, "1/week", "assumption (fact 14: the number of groups grew 70 -> 130)",
                               "chance per week that a large group splits", lo=0, hi=1)


# ----------------------------------------------------------------------------------------------- state forces
@dataclass
class StateForcesConfig:
    """Army and police units: protect, contest and prey (sim/state_forces.py)."""

    discipline: float = p(0.36, "probability", "IPIS: 801 of 1,257 army sightings were undisciplined (fact 6)",
                          "probability a garrison does not prey on miners", lo=0, hi=1)
    value_preference: float = p(6.0, "-", "calibrated (IPIS: armed presence hardly depends on site size, gold "
                                "sites 2.2x 3T sites, facts 4-5)",
                                "how strongly redeployed garrisons favour sites where a miner's output is worth more (0: at random)",
                                lo=0)
    soldiers_per_garrison: float = p(20.0, "soldiers", "assumption", "soldiers in one site garrison", lo=0)
    effectiveness: float = p(1.5, "fighter-equivalents", "assumption", "fighting strength of one soldier", lo=0)
    strike_force: float = p(150.0, "soldiers", "assumption", "soldiers a unit commits to an offensive", lo=0)
    offensive_rate_week: float = p(0.015, "1/week per held site", "calibrated (IPIS non-state presence 19%, fact 4)",
                                   "chance per week that the army attacks a site a non-state group holds", lo=0, hi=1)
    max_offensives_week: int = p(3, "offensives/week", "assumption", "offensives one unit can mount in a week",
                                 lo=0)
    illicit_tax_share: float = p(0.10, "share", "fact 7 (illegal taxation), assumption for the rate",
                                 "share of visible output value a preying garrison takes", lo=0, hi=1)
    legal_fee_share: float = p(0.02, "share", "assumption (SAEMAPE/provincial fees)",
                               "official fees at sites under civil administration", lo=0, hi=1)
    rotation_weeks: float = p(26.0, "weeks", "assumption", "mean time before a garrison is relieved", lo=1)
    abuse_prob_week: float = p(0.01, "1/week", "assumption", "chance of an abuse per week by a preying garrison",
                               lo=0, hi=1)
    roadblock_defence: float = p(60.0, "fighter-equivalents", "calibrated (fact 8: non-state groups run 22% of "
                                 "roadblocks)", "defence of a state roadblock", lo=0)


# ------------------------------------------------------------------------------------------------------ market
@dataclass
class MarketConfig:
    """Traders, buyers and price formation along the chain (sim/market.py, sim/kernels/market.py)."""

    transport_usd_kg_km: float = p(0.01, "USD/kg/km", "assumption (motorbike/porter freight)",
                                   "cost of carrying ore by road", lo=0)
    trader_margin: float = p(0.25, "share", "fact 13 (coltan $20-24 at site vs >$50 in Kigali)",
                             "traders' gross margin on the hub netback", lo=0, hi=0.99)
    traders_per_centre: int = p(6, "traders", "assumption (IPIS: 71 trading centres, hundreds of negociants)",
                                "traders per trading centre and mineral", lo=1)
    legality_preference: float = p(0.01, "share of value", "calibrated: fact 10 (under 1% of gold official)",
                                   "mean extra cost traders see in smuggling (exponential across traders)", lo=0)
    base_seizure_formal: float = p(0.02, "probability", "assumption", "seizure risk at a formal border post", lo=0,
                                   hi=1)
    base_seizure_informal: float = p(0.01, "probability", "assumption", "seizure risk on informal crossings",
                                     lo=0, hi=1)
    bribe_share: float = p(0.03, "share of value", "assumption", "bribe a smuggler pays at a crossing", lo=0, hi=1)
    bribe_efficacy: float = p(0.7, "share", "assumption", "how much a bribe cuts the seizure risk", lo=0, hi=1)
    stock_release_share: float = p(0.25, "share/week", "assumption",
                                   "share of unsold ore in stock offered again each week", lo=0, hi=1)
    demand_headroom: float = p(1.5, "ratio", "assumption",
                               "buyers' demand at world prices, as a multiple of the world's potential output",
                               lo=0.01)
    demand_elasticity: float = p(1.0, "-", "assumption (0.5-2)",
                                 "price elasticity of the non-compliant buyers' demand", lo=0.05)


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
class DDRConfig:
    enabled: bool = p(False, "-", "setting", "switch")
    start: int = p(52, "week", "setting", "first week", lo=0)
    end: int | None = p(None, "week", "setting", "last week (null: never ends)", lo=0)
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
class CertificationConfig:
    enabled: bool = p(False, "-", "setting", "switch")
    start: int = p(52, "week", "setting", "first week", lo=0)
    end: int | None = p(None, "week", "setting", "last week (null: never ends)", lo=0)
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
class DMZConfig:
    enabled: bool = p(False, "-", "setting", "switch")
    start: int = p(52, "week", "setting", "first week", lo=0)
    end: int | None = p(None, "week", "setting", "last week (null: never ends)", lo=0)
    n_sites: int = p(50, "sites", "setting", "sites secured", lo=0)
    selection: str = p("largest", "-", "DESIGN s4", "how sites are chosen",
                       choices=("largest", "contested", "random"))
    discipline: float = p(0.9, "probability", "assumption (trained units)",
                          "probability a DMZ garrison does not prey", lo=0, hi=1)
    soldiers_per_site: float = p(30.0, "soldiers", "assumption", "trained soldiers per secured site", lo=0)
    effectiveness: float = p(3.0, "fighter-equivalents", "assumption", "strength of one trained soldier", lo=0)
    cost_per_soldier_usd_week: float = p(30.0, "USD/soldier/week", "assumption", "pay and support", lo=0)


@dataclass
class BorderConfig:
    enabled: bool = p(False, "-", "setting", "switch")
    start: int = p(52, "week", "setting", "first week", lo=0)
    end: int | None = p(None, "week", "setting", "last week (null: never ends)", lo=0)
    seizure_rate: float = p(0.3, "probability", "setting", "seizure probability for smuggled ore at formal crossings",
                            lo=0, hi=1)
    informal_coverage: float = p(0.3, "share", "assumption",
                                 "enforcement on informal crossings relative to formal posts", lo=0, hi=1)
    cost_per_crossing_usd_week: float = p(2000.0, "USD/crossing/week", "assumption", "cost of enforcement", lo=0)


@dataclass
class PoliciesConfig:
    ddr: DDRConfig = field(default_factory=DDRConfig)
    certification: CertificationConfig = field(default_factory=CertificationConfig)
    dmz: DMZConfig = field(default_factory=DMZConfig)
    border: BorderConfig = field(default_factory=BorderConfig)


@dataclass
class OutputConfig:
    site_every: int = p(4, "weeks", "DESIGN s4", "weeks between site snapshots", lo=1)
    progress: str = p("auto", "-", "setting", "progress bar: auto (only on a terminal), on, off",
                      choices=("auto", "on", "off"))
    write: bool = p(True, "-", "setting", "write output files")


@dataclass
class Config:
    """Top-level configuration: `python -m sim [overrides]`."""

    world: WorldConfig = field(default_factory=WorldConfig)
    seed: int = p(0, "-", "setting", "run seed (all random streams derive from it)", lo=0)
    steps: int = p(520, "weeks", "DESIGN s2", "weeks to simulate", lo=1)
    debug: bool = p(False, "-", "setting", "check conservation and ranges every step")
    shock: ShockConfig = field(default_factory=ShockConfig)
    policies: PoliciesConfig = field(default_factory=PoliciesConfig)
    minerals: dict[str, MineralConfig] = field(default_factory=lambda: dict(DEFAULT_MINERALS))
    miners: MinersConfig = field(default_factory=MinersConfig)
    armed_groups: ArmedGroupsConfig = field(default_factory=ArmedGroupsConfig)
    state_forces: StateForcesConfig = field(default_factory=StateForcesConfig)
    market: MarketConfig = field(default_factory=MarketConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    scenario: str = p("baseline", "-", "setting", "label of the policy mix (set by the scenario group)")


def register_configs() -> None:
    """Register the schema with Hydra's ConfigStore (called before the Hydra app starts)."""
    ConfigStore.instance().store(name="schema", node=Config)


def check_keys(node: Any, schema: Any, prefix: str = "") -> None:
    """Refuse keys the schema does not have (Hydra lets `+key=value` add them to a structured config)."""
    if not is_dataclass(schema) or not hasattr(node, "keys"):
        return
    allowed = {f.name: f for f in fields(schema)}
    for k in node.keys():
        if prefix == "" and k == "hydra":
            continue
        if k not in allowed:
            raise ConfigError(f"{prefix}{k}: unknown key; allowed under {prefix.rstrip('.') or 'the top level'}: "
                              f"{', '.join(sorted(allowed))}")
        sub = default_of(allowed[k])
        if is_dataclass(sub):
            check_keys(node[k], sub, f"{prefix}{k}.")
        elif isinstance(sub, dict) and sub and is_dataclass(next(iter(sub.values()))):
            kind = type(next(iter(sub.values())))
            for name in node[k].keys():
                check_keys(node[k][name], kind(), f"{prefix}{k}.{name}.")


# -------------------------------------------------------------------------------------------------- validation
def _check_dataclass(obj: Any, prefix: str) -> None:
    for f in fields(obj):
        val = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(val):
            _check_dataclass(val, key + ".")
            continue
        if isinstance(val, list) and val and is_dataclass(val[0]):
            for i, v in enumerate(val):
                _check_dataclass(v, f"{key}[{i}].")
            continue
        m = f.metadata
        if val is None:
            continue
        if isinstance(val, float) and not math.isfinite(val):
            raise ConfigError(f"{key}: must be a finite number, got {val}")
        if "lo" in m and val < m["lo"]:
            raise ConfigError(f"{key}: must be >= {m['lo']}, got {val}")
        if "hi" in m and val > m["hi"]:
            raise ConfigError(f"{key}: must be <= {m['hi']}, got {val}")
        if "choices" in m and val not in m["choices"]:
            raise ConfigError(f"{key}: must be one of {', '.join(m['choices'])}; got {val!r}")


def validate(cfg: Config) -> None:
    """Refuse out-of-range or inconsistent values with a ConfigError naming the key."""
    _check_dataclass(cfg, "")
    if not cfg.minerals:
        raise ConfigError("minerals: at least one mineral must be defined")
    for name, m in cfg.minerals.items():
        _check_dataclass(m, f"minerals.{name}.")
    if cfg.shock.kind == "price" and cfg.shock.mineral not in cfg.minerals:
        raise ConfigError(f"shock.mineral: unknown mineral {cfg.shock.mineral!r}; allowed: {', '.join(cfg.minerals)}")
    for pname in ("ddr", "certification", "dmz", "border"):
        pol = getattr(cfg.policies, pname)
        if pol.end is not None and pol.end < pol.start:
            raise ConfigError(f"policies.{pname}.end: must be >= start ({pol.start}) or null, got {pol.end}")
    for m in cfg.policies.certification.minerals:
        if m not in cfg.minerals:
            raise ConfigError(f"policies.certification.minerals: unknown mineral {m!r}; "
                              f"allowed: {', '.join(cfg.minerals)}")
    if cfg.policies.certification.enabled and not cfg.policies.certification.minerals:
        raise ConfigError("policies.certification.minerals: empty; name at least one mineral")
    w = cfg.world
    if w.roadblock_nonstate_share + w.roadblock_state_share > 1 + 1e-9:
        raise ConfigError("world.roadblock_nonstate_share + world.roadblock_state_share: must be <= 1")
    if not w.hubs:
        raise ConfigError("world.hubs: a world needs at least one export hub")
    if not w.crossings:
        raise ConfigError("world.crossings: a world needs at least one border crossing")


def default_of(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None
