"""The actors' behaviour: miners, armed groups, state forces, the market (one dataclass per module)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import p


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
