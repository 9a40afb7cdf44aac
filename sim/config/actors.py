"""The actors' behaviour: miners, armed groups, state forces, the market (one dataclass per module)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import p


@dataclass
class MinersConfig:
    """Miners' production and weekly choices (sim/miners.py, sim/kernels/miners.py)."""

    revise_every_weeks: int = p(8, "weeks", "assumption (range 4-26)",
                                "each person reconsiders work once in this many weeks", lo=1,
                                plausible=(4, 26))
    skill_sigma: float = p(0.925, "log-sd", "fact 12 (67% would quit for $10/day, almost none for $1/day)",
                           "spread of individual productivity (lognormal, mean 1)", lo=0)
    output_elasticity: float = p(0.5, "-", "calibrated (keeps 3T sites staffed beside better-paid gold sites, "
                                 "IPIS fact 3); plausible 0.4-0.9",
                                 "returns to labour at a site: output ~ workers^elasticity", lo=0.05, hi=1,
                                 plausible=(0.3, 0.9))
    farm_income_usd_day: float = p(1.0, "USD/day", "fact 12 (almost no one leaves mining for $1/day)",
                                   "median income outside mining (farming)", lo=0, plausible=(0.5, 1.5))
    farm_income_sigma: float = p(0.5, "log-sd", "assumption", "spread of the outside income", lo=0,
                                 plausible=(0.3, 0.8))
    move_cost_usd_day: float = p(0.5, "USD/day", "assumption", "amortised cost of moving to another site", lo=0,
                                 plausible=(0.2, 1.0))
    access_cap: float = p(2.0, "ratio", "assumption (Geenen 2014: pit managers and shaft owners govern access "
                          "to pits; a site's IPIS workforce is what its pits employ)", "most miners a site takes, "
                          "as a multiple of its capacity (the workforce IPIS saw)", lo=0.1,
                          plausible=(1.0, 2.0))
    switch_cost_usd_day: float = p(2.0, "USD/day", "calibrated: IPIS sees 72% of miners at gold sites and the gap "
                                   "between gold and 3T incomes persist (facts 3, 11); digging skills, tools and "
                                   "buyers differ between alluvial gold and hard-rock 3T (Geenen; IPIS)",
                                   "extra cost of moving to a site of another mineral", lo=0,
                                   plausible=(0.5, 4.0))
    choice_noise_usd_day: float = p(0.3, "USD/day", "assumption",
                                    "scale of idiosyncratic preferences in choices (Gumbel)", lo=0,
                                    plausible=(0.1, 0.6))
    risk_cost_usd_day: float = p(2.0, "USD/day per event/week", "assumption",
                                 "income a miner gives up to avoid one expected violent event per week at a site", lo=0,
                                 plausible=(1.0, 4.0))
    fighter_aversion_usd_day: float = p(6.0, "USD/day", "assumption",
                                        "median reluctance to join an armed group (lognormal)", lo=0,
                                        plausible=(3.0, 10.0))
    fighter_aversion_sigma: float = p(1.0, "log-sd", "assumption", "spread of the reluctance to fight", lo=0,
                                      plausible=(0.5, 1.5))
    renewal_per_year: float = p(0.03, "share/year", "assumption (DRC: about 3% of the population reaches working "
                                "age each year, UN World Population Prospects; working lives of ~30 years)",
                                "people who age out of the workforce each year, replaced by young people with "
                                "fresh traits (the pool of possible recruits renews itself)", lo=0, hi=1,
                                plausible=(0.02, 0.05))
    farmer_pool_share: float = p(0.3, "share of miners", "calibrated to 370,000-430,000 miners (facts 1-2; 0.4-2 "
                                 "million in ASM, fact 18; IPIS visits under-count provincial workforces)",
                                 "people living near sites, farming at the start, who may take up mining", lo=0,
                                 plausible=(0.2, 1.0))
    child_share_reported: float = p(0.15, "share", "IPIS childunder15 + assumption",
                                    "children among miners at sites where IPIS saw children under 15", lo=0, hi=1,
                                    plausible=(0.1, 0.25))
    child_share_other: float = p(0.02, "share", "assumption", "children among miners at other sites", lo=0, hi=1,
                                 plausible=(0.0, 0.05))
    grade_sigma: float = p(0.3, "log-sd", "assumption", "spread of ore grade between sites (lognormal, median 1)",
                           lo=0, plausible=(0.2, 0.5))


# ---------------------------------------------------------------------------------------------------- deposits
@dataclass
class DepositsConfig:
    """Sites open where a deposit is found and close when it is exhausted or abandoned (sim/deposits.py)."""

    discovery_rate: float = p(0.00035, "1/week per 100 miners nearby", "calibrated: a near-stationary number of "
                              "active sites at baseline prices (2,400-3,000, facts 1-2; ~2,660 after 5 years, +6-10% "
                              "over 45 more)",
                              "chance per week that a deposit is found, per 100 miners at the site it lies near",
                              lo=0, plausible=(0.0001, 0.001))
    price_elasticity: float = p(1.0, "-", "assumption (MMSD 2002: rush-type mining is 'pulled often by commodity "
                                "price jumps'; prospecting effort proportional to the value of a find)",
                                "how prospecting effort scales with the mineral's world price relative to its base",
                                lo=0, plausible=(0.5, 2.0))
    life_years_gold: float = p(20.0, "years", "assumption (IRIN 2013: in Ituri 'one is born and one dies every "
                               "day', a life of 1-3 years at the busiest; alluvial deposits deplete faster than "
                               "hard rock)", "mean life of a gold deposit worked at capacity", lo=0.1,
                               plausible=(2.0, 30.0))
    life_years_3t: float = p(40.0, "years", "assumption (hard-rock 3T deposits outlast alluvial gold; Bisie, "
                             "Rubaya worked for decades)", "mean life of a 3T (or other) deposit worked at "
                             "capacity", lo=0.1, plausible=(5.0, 50.0))
    abandon_weeks: int = p(26, "weeks", "assumption", "an open site without miners this long closes", lo=1,
                           plausible=(13, 52))


# ----------------------------------------------------------------------------------------------- armed groups
@dataclass
class ArmedGroupsConfig:
    """Non-state armed groups' economy and fighting (sim/armed_groups.py)."""

    tax_share: float = p(0.2, "share", "fact 7 (taxation in 85% of interference), fact 15; the rate: Rubaya, $7/kg "
                         "of coltan, 15-25% of the farm-gate price (UN GoE 2024, via press)",
                         "share of visible output value taken at a held site", lo=0, hi=1, plausible=(0.1, 0.3))
    head_fee_efficiency: float = p(0.4, "share", "assumption",
                                   "share of hidden output value that per-head and entry fees still capture",
                                   lo=0, hi=1, plausible=(0.2, 0.6))
    upkeep_usd_week: float = p(12.0, "USD/fighter/week", "assumption (food, ammunition, pay)",
                               "cost of keeping one fighter", lo=0, plausible=(8.0, 20.0))
    fighter_pay_usd_day: float = p(1.0, "USD/day", "assumption", "base pay and food a fighter gets (part of upkeep)",
                                   lo=0, plausible=(0.5, 2.0))
    revenue_share: float = p(0.3, "share", "assumption (commanders keep most rents)",
                             "share of a group's revenue its fighters get (on top of the base pay)", lo=0, hi=1,
                             plausible=(0.2, 0.5))
    commander_take_week: float = p(0.05, "share/week", "assumption",
                                   "share of cash above the reserve that commanders spend each week", lo=0, hi=1,
                                   plausible=(0.02, 0.1))
    recruit_cost_usd: float = p(50.0, "USD", "assumption", "cost of arming one recruit", lo=0,
                                plausible=(50.0, 200.0))
    reserve_weeks: float = p(8.0, "weeks", "assumption", "cash kept (in weeks of upkeep) before recruiting", lo=0,
                             plausible=(4.0, 16.0))
    range_km: float = p(60.0, "km", "IPIS data: 77% of a named group's sightings lie within 60 km of their centre "
                        "(docs/validation.md, where groups sit)", "operating radius around a group's home", lo=0)
    home_scale_km: float = p(20.0, "km", "IPIS data: named groups' sightings lie a median 20 km from the centre of "
                             "their sightings; non-state presence clusters at ~25 km (Moran's I 0.39)",
                             "how fast a group's interest in a place falls with its distance from home "
                             "(candidates drawn with weight exp(-km / scale))", lo=0.1,
                             plausible=(10.0, 40.0))
    miners_per_fighter: float = p(25.0, "miners/fighter", "assumption (a small site needs a few fighters, a large "
                                  "one more, though not in proportion: collectors at the pit exits)",
                                  "workers per fighter at a site of min_fighters_per_site fighters; above that size "
                                  "the posting grows with the workforce to the power posting_exponent", lo=1,
                                  plausible=(10.0, 100.0))
    posting_exponent: float = p(0.5, "-", "assumption (Musigha, 16,000 diggers, held by a local Mai-Mai group, IPIS)",
                                "how the fighters a held site ties down grow with its workforce", lo=0, hi=1,
                                plausible=(0.3, 1.0))
    size_defence_exponent: float = p(1.4, "-", "calibrated to where IPIS sees non-state groups by site size "
                                     "(14% under 50 workers, 23-25% at 50-300, 17% at 300-1000, 3.5% above 1000; "
                                     "state services at a site: 10% vs 40% at gold sites)",
                                     "how community and state protection of an unheld site grows with its "
                                     "workforce: local_defence x (workers / 100)^this", lo=0,
                                     plausible=(0.5, 1.5))
    hold_cost_usd_week: float = p(60.0, "USD/week", "assumption",
                                  "cost of keeping a presence at a held site (posted fighters, logistics)", lo=0,
                                  plausible=(30.0, 120.0))
    min_fighters_per_site: float = p(8.0, "fighters", "assumption", "fighters needed to hold one site", lo=0,
                                     plausible=(4.0, 15.0))
    attack_share: float = p(0.3, "share", "assumption", "share of a group's fighters committed to an attack",
                            lo=0, hi=1, plausible=(0.2, 0.5))
    attack_horizon_weeks: float = p(26.0, "weeks", "assumption", "weeks of rent weighed against an attack's cost",
                                    lo=0, plausible=(13.0, 52.0))
    attack_cost_usd_fighter: float = p(20.0, "USD/fighter", "assumption", "cost of an attack per fighter engaged",
                                       lo=0, plausible=(10.0, 40.0))
    attack_financing: str = p("cash", "-", "setting: a structural alternative under study (docs/transport-"
                              "calibration-study.md, 'Groups without cash'; fighters feed on the places they take "
                              "and on looting, and Mai-Mai fighters go largely unpaid, so a group need not save "
                              "before it attacks)",
                              "how a group pays an attack's cost (attack_cost_usd_fighter x the force): 'cash' only "
                              "from savings (a group without cash cannot attack), or 'credit' from savings and else "
                              "owed (cash goes below zero until the next week: pay falls short, fighters loot or desert)",
                              choices=("cash", "credit"))
    looting: str = p("taxes", "-", "setting: structural, chosen by natural experiments (Olson 1993: a bandit with "
                     "a tax base to keep preys less; looting rose after the 3T embargo, Parker and Vadheim 2017, "
                     "Stoop et al. 2018, which of the two rules only 'taxes' reproduces: docs/quasi-experiments.md; "
                     "'cash' was the default to 2026-12-07)",
                     "when a group loots: 'taxes' when its taxes fall short of its fighters' upkeep, whatever its "
                     "savings, or 'cash' only when its cash runs short after paying its fighters (at most one event "
                     "per 50 fighters a week either way)", choices=("cash", "taxes"))
    expansion_prob_week: float = p(0.4, "1/week", "calibrated with offensive_rate_week to the IPIS shares held "
                                   "(non-state presence 19%, fact 4; Nord-Kivu 39%) and the IPIS revisits' rate of "
                                   "taking sites (1.8-6.0% a year), with a 50-year baseline near stationary "
                                   "(docs/transport-calibration-study.md; was 0.65, fitted to the shares alone)",
                                   "chance per week that a group looks for a place to take", lo=0, hi=1,
                                   plausible=(0.2, 0.8))
    candidates: int = p(3, "targets", "assumption", "sites a group looks at when it seeks to expand", lo=1, hi=5,
                        plausible=(2, 5))
    contest_exponent: float = p(1.0, "-", "Tullock contest (assumption)", "decisiveness of force ratios", lo=0,
                                plausible=(0.5, 2.0))
    local_defence: float = p(15.0, "fighter-equivalents", "assumption",
                             "resistance at an unheld site (community defence)", lo=0, plausible=(8.0, 30.0))
    casualty_share: float = p(0.05, "share", "assumption", "share of the smaller force killed in a clash",
                              lo=0, hi=1, plausible=(0.02, 0.1))
    desertion_share: float = p(0.1, "share/week", "assumption", "fighters deserting per week when pay fails",
                               lo=0, hi=1, plausible=(0.05, 0.2))
    loot_usd_per_abuse: float = p(200.0, "USD", "assumption", "cash one looting event yields", lo=0,
                                  plausible=(100.0, 400.0))
    abuse_prob_week: float = p(0.02, "1/week", "assumption (fact 7: pillage 17%, forced labour 10%)",
                               "chance of an abuse against civilians at a held site per week", lo=0, hi=1,
                               plausible=(0.01, 0.04))
    collapse_fighters: int = p(10, "fighters", "assumption", "a group with fewer fighters dissolves", lo=0,
                               plausible=(5, 20))
    split_fighters: int = p(600, "fighters", "calibrated (keeps 100-130 groups over 20 years, fact 14)",
                            "groups this large may split", lo=1, plausible=(400, 1000))
    split_prob_week: float = p(0.005, "1/week", "assumption (fact 14: the number of groups grew 70 -> 130)",
                               "chance per week that a large group splits", lo=0, hi=1,
                               plausible=(0.001, 0.01))


# ----------------------------------------------------------------------------------------------- state forces
@dataclass
class StateForcesConfig:
    """Army and police units: protect, contest and prey (sim/state_forces.py)."""

    discipline: float = p(0.36, "probability", "IPIS: 801 of 1,257 army sightings were undisciplined (fact 6)",
                          "probability a garrison does not prey on miners", lo=0, hi=1, plausible=(0.2, 0.5))
    value_preference: float = p(3.0, "-", "calibrated (docs/army-placement-study.md): the army's own "
                                "presence, gold / 3T sites, IPIS 2.31 (army without a non-state group; 2.43 any army "
                                "presence): model 2.3-2.4 at 3 with deployment_scale_km 10, 2.6 at 6",
                                "how strongly redeployed garrisons favour sites where a miner's output is worth more (0: at random)",
                                lo=0, plausible=(1.0, 6.0))
    value_uses_grade: bool = p(False, "-", "IPIS data (docs/army-placement-study.md): armed presence rises with the "
                               "mineral (gold 2x 3T) but not with site size (AUC of size for army-only presence 0.50)",
                               "whether the value redeployed garrisons favour includes the site's grade (True) or "
                               "only its mineral's value per unit of output (False)")
    deployment_scale_km: float = p(10.0, "km", "IPIS data (docs/army-placement-study.md): army presence at a site is 33 points "
                                   "likelier within 2 km of an army site than of a site without, 18 at 5-10 km, 8 at "
                                   "10-20 km; army brigades exploit the mines of their own deployment area (Global Witness "
                                   "2009, Faced with a gun: Bisie, Tubimbi, Mukungwe, Lemera; UN Group of Experts 2010)",
                                   "redeployed garrisons favour free sites near the unit's deployment area (its "
                                   "garrisons at its first week): weight exp(-km / this); 0: anywhere in the province",
                                   lo=0, plausible=(5.0, 30.0))
    soldiers_per_garrison: float = p(20.0, "soldiers", "assumption", "soldiers in one site garrison", lo=0,
                                     plausible=(10.0, 40.0))
    effectiveness: float = p(1.5, "fighter-equivalents", "assumption", "fighting strength of one soldier", lo=0,
                             plausible=(1.0, 2.5))
    strike_force: float = p(150.0, "soldiers", "assumption", "soldiers a unit commits to an offensive", lo=0,
                            plausible=(100.0, 300.0))
    offensive_rate_week: float = p(0.009, "1/week per held site", "calibrated with expansion_prob_week to the "
                                   "IPIS shares held (non-state presence 19%, fact 4; Nord-Kivu 39%) and the IPIS "
                                   "revisits' rate of taking sites, with a 50-year baseline near stationary "
                                   "(docs/transport-calibration-study.md; was 0.018, fitted to the shares alone)",
                                   "chance per week that the army attacks a site a non-state group holds", lo=0, hi=1,
                                   plausible=(0.005, 0.03))
    offensive_reach_km: float = p(10.0, "km", "assumption, plausible 5-20 km (about a day's march from the "
                                  "unit's positions; not yet sourced from operations data). Chosen from 0, 5 and "
                                  "10 km against the IPIS gradient (at sites without the army, non-state presence "
                                  "is 16-17% within 10 km of an army site, 26% at 10-20 km, 37% at 20-50 km) and a "
                                  "50-year baseline within 20%; 0 (the same chance anywhere in the province) was "
                                  "the default until round 2's last change (docs/transport-calibration-study.md, "
                                  "'Offensives near the army at 10 km')",
                                  "offensives aimed near the unit's deployment area: a held site's chance of one "
                                  "x exp(-km / this), rescaled so that the province's expected offensives do not "
                                  "change; 0: the same chance anywhere in the province", lo=0,
                                  plausible=(5.0, 20.0))
    occupy_share: float = p(0.5, "probability", "IPIS revisits (analysis/ipis_revisits.py::army_after_group, IPIS "
                            "teams' on-site visits): where a non-state group seen at one visit was gone at the next "
                            "(81 pairs, median 3.4 years apart) the army was there at 65% of sites, against 29% where "
                            "neither was seen before; p + (1 - p) x 0.29 = 0.65 gives p ~ 0.5. The army held Bisie "
                            "and Omate after retaking them from Mai-Mai Cheka (Radio Okapi, 8 Feb 2012); the FDLR "
                            "regained gold mines west of Lubero after being driven out in 2009 (UN Group of Experts, "
                            "as reported by Bloomberg, 19 May 2009)",
                            "chance a unit garrisons a site its offensive won (beyond its usual number of garrisons)",
                            lo=0, hi=1, plausible=(0.25, 1.0))
    max_offensives_week: int = p(3, "offensives/week", "assumption", "offensives one unit can mount in a week",
                                 lo=0, plausible=(1, 5))
    illicit_tax_share: float = p(0.10, "share", "fact 7 (illegal taxation), assumption for the rate",
                                 "share of visible output value a preying garrison takes", lo=0, hi=1,
                                 plausible=(0.05, 0.2))
    legal_fee_share: float = p(0.02, "share", "assumption (SAEMAPE/provincial fees)",
                               "official fees at sites under civil administration", lo=0, hi=1,
                               plausible=(0.01, 0.05))
    rotation_weeks: float = p(26.0, "weeks", "assumption", "mean time before a garrison is relieved", lo=1,
                              plausible=(13.0, 52.0))
    abuse_prob_week: float = p(0.01, "1/week", "assumption", "chance of an abuse per week by a preying garrison",
                               lo=0, hi=1, plausible=(0.005, 0.02))
    roadblock_defence: float = p(140.0, "fighter-equivalents", "calibrated (fact 8: non-state groups run 22% of "
                                 "roadblocks; 0.31 at 140, 0.45 at 60)", "defence of a state roadblock", lo=0,
                                 plausible=(60.0, 200.0))


# ------------------------------------------------------------------------------------------------------ market
@dataclass
class MarketConfig:
    """Traders, buyers and price formation along the chain (sim/market.py, sim/kernels/market.py)."""

    transport_usd_kg_km: float = p(0.01, "USD/kg/km", "assumption (motorbike/porter freight); fact 13's "
                                   "cassiterite mine-gate prices ($2.7-13/kg) point to the low end of the range "
                                   "(docs/transport-calibration-study.md)",
                                   "cost of carrying ore by road", lo=0, plausible=(0.005, 0.02))
    trader_margin: float = p(0.25, "share", "fact 13 (coltan $20-24 at site vs >$50 in Kigali)",
                             "traders' gross margin on the hub netback", lo=0, hi=0.99, plausible=(0.15, 0.4))
    traders_per_centre: int = p(6, "traders", "assumption (IPIS: 71 trading centres, hundreds of negociants)",
                                "traders per trading centre and mineral", lo=1, plausible=(3, 12))
    legality_preference: float = p(0.01, "share of value", "calibrated to the channel's sensitivity: a 1-point "
                                   "royalty rise halved Tanzania's official artisanal gold exports (Blore 2015); "
                                   "South Kivu's official buyer lost two thirds of its volume when it paid a few "
                                   "percent less than buyers across the borders (UN GoE 2024); fact 10",
                                   "spread of traders' private costs of smuggling (risk, reputation, ties to "
                                   "licensed comptoirs): exponential across traders with this mean", lo=0,
                                   plausible=(0.003, 0.03))
    base_seizure_formal: float = p(0.01, "probability", "press reports of seizures as isolated 'records' (7-93 kg) "
                                   "against 15-22 t a year smuggled (Radio Okapi 2015, Daily Monitor 2020)",
                                   "seizure risk at a formal border post", lo=0, hi=1,
                                   plausible=(0.002, 0.03))
    base_seizure_informal: float = p(0.005, "probability", "as base_seizure_formal",
                                     "seizure risk on informal crossings", lo=0, hi=1,
                                     plausible=(0.001, 0.02))
    bribe_share: float = p(0.02, "share of value", "assumption (no amounts found; UN GoE 2019: arrangements "
                           "between couriers' employers and border officials)", "bribe a smuggler pays at a crossing",
                           lo=0, hi=1, plausible=(0.01, 0.03))
    bribe_efficacy: float = p(0.9, "share", "UN GoE 2019 (officials never checked couriers under an arrangement)",
                              "how much a bribe cuts the seizure risk", lo=0, hi=1, plausible=(0.7, 1.0))
    stock_release_share: float = p(0.25, "share/week", "assumption",
                                   "share of unsold ore in stock offered again each week", lo=0, hi=1,
                                   plausible=(0.1, 0.5))
    demand_headroom: float = p(1.5, "ratio", "calibrated to the 2011 de facto embargo: with most buyers compliant "
                               "(0.8-0.9) eastern 3T exports fell 70-90% (Reuters 2011; Aronson 2011): non-compliant "
                               "demand (1 - compliance) x headroom = 0.15-0.3 of potential output",
                               "buyers' demand at world prices, as a multiple of the region's potential output",
                               lo=0.01, plausible=(1.0, 3.0))
    demand_elasticity: float = p(1.0, "-", "assumption (0.5-2)",
                                 "price elasticity of the non-compliant buyers' demand", lo=0.05,
                                 plausible=(0.5, 2.0))
