"""Minerals as data: prices, output, how easily output hides from a tax collector, where it sells."""

from __future__ import annotations

from dataclasses import dataclass

from .base import p


@dataclass
class MineralConfig:
    """One mineral as data: prices, output, how easily it hides from a tax collector, where it sells."""

    group: str = p("other", "-", "DESIGN s2", "metric family: gold, 3t (tin/tantalum/tungsten) or other",
                   choices=("gold", "3t", "other"))
    world_usd_kg: float = p(1.0, "USD/kg", "see minerals table", "export (world) price of the ore as traded", lo=0)
    output_kg_per_miner_week: float = p(1.0, "kg/week", "see minerals table",
                                        "output of one average miner at a site at capacity, grade 1", lo=0)
    concealability: float = p(0.1, "share", "assumption (DESIGN s2: gold easily, bulky 3T hardly)",
                              "share of output a miner can hide from a per-kg tax collector", lo=0, hi=1,
                              plausible_rel=(0.5, 1.5))
    export_tax_share: float = p(0.1, "share", "see minerals table", "DRC export taxes and royalties, share of value",
                                lo=0, hi=1)
    official_cost_share: float = p(0.04, "share", "IMPACT (Ituri pilot: 12% effective duties in all; CEEC 6.5-8% per "
                                   "comptoirs) minus the statutory tax; Radio Okapi 2009 (bribes rose when fees fell)",
                                   "other costs of the official channel (comptoir and CEEC levies, certificates, "
                                   "informal payments), share of value", lo=0, hi=1, plausible=(0.02, 0.08))
    smuggling_cost_usd_kg: float = p(1.0, "USD/kg", "assumption", "cost of carrying 1 kg across a border unofficially",
                                     lo=0, plausible_rel=(0.5, 2.0))
    regional_discount: float = p(0.1, "share", "see minerals table",
                                 "discount regional buyers across the border apply to the world price", lo=0, hi=1)
    roadblock_fee_usd_kg: float = p(0.003, "USD/kg", "fact 8 (100-500 CDF per ~100 kg motorbike load)",
                                    "fee per kg at each roadblock passed", lo=0)
    prefinanced_share: float = p(0.6, "share", "assumption (UN GoE 2019: smugglers prefinanced by traders in "
                                 "Butembo/Bukavu or buyers in transit countries and Dubai; BGR: prefinancing among "
                                 "several tiers)", "traders prefinanced by a buyer, who then sell to that buyer",
                                 lo=0, hi=1, plausible=(0.3, 0.9))
    official_prefinance_share: float = p(0.1, "share", "see minerals table",
                                         "of prefinanced traders, those financed by an official exporter (comptoir) "
                                         "rather than a buyer across a border", lo=0, hi=1, plausible=(0.0, 0.9))
    prefinance_value: float = p(0.02, "share of value", "assumption (a month of informal credit at 2-5%)",
                                "what a prefinanced trader gains selling to its financier", lo=0, hi=1,
                                plausible=(0.0, 0.05))


def _mineral(group: str, price: float, out: float, conceal: float, tax: float, smug: float, disc: float,
             fee: float, official_prefinance: float = 0.8) -> MineralConfig:
    return MineralConfig(group=group, world_usd_kg=price, output_kg_per_miner_week=out, concealability=conceal,
                         export_tax_share=tax, smuggling_cost_usd_kg=smug, regional_discount=disc,
                         roadblock_fee_usd_kg=fee, official_prefinance_share=official_prefinance)


# Sources for these values: docs/parameters.md, section "Minerals" (prices: LBMA/LME 2019 and fact 13; outputs:
# fact 10 for gold, calibrated to the incomes of fact 11 for the others; taxes and discounts: MINERAL_SOURCES).
DEFAULT_MINERALS: dict[str, MineralConfig] = {
    "gold": _mineral("gold", 45000.0, 0.0012, 0.9, 0.035, 100.0, 0.01, 0.0, official_prefinance=0.1),
    "tin": _mineral("3t", 12.0, 7.1, 0.1, 0.08, 2.0, 0.08, 0.003),
    "tantalum": _mineral("3t", 60.0, 0.6, 0.15, 0.12, 3.0, 0.08, 0.003),
    "tungsten": _mineral("3t", 14.0, 2.5, 0.1, 0.08, 2.0, 0.08, 0.003),
    "cobalt": _mineral("other", 3.0, 30.0, 0.05, 0.10, 1.0, 0.10, 0.003),
    "copper": _mineral("other", 1.0, 60.0, 0.05, 0.10, 0.5, 0.10, 0.003),
    "diamond": _mineral("other", 150000.0, 0.0003, 0.95, 0.04, 100.0, 0.05, 0.0, official_prefinance=0.1),
    "tourmaline": _mineral("other", 5000.0, 0.01, 0.9, 0.05, 20.0, 0.10, 0.0, official_prefinance=0.1),
    "sapphire": _mineral("other", 50000.0, 0.001, 0.95, 0.05, 50.0, 0.10, 0.0, official_prefinance=0.1),
    "amethyst": _mineral("other", 2000.0, 0.02, 0.9, 0.05, 10.0, 0.10, 0.0, official_prefinance=0.1),
    "monazite": _mineral("other", 2.0, 20.0, 0.05, 0.10, 0.5, 0.10, 0.003),
    "manganese": _mineral("other", 0.3, 100.0, 0.05, 0.10, 0.2, 0.10, 0.003),
    "pyrochlore": _mineral("other", 3.0, 10.0, 0.05, 0.10, 0.5, 0.10, 0.003),
}
METRIC_MINERALS = ("gold", "tin", "tantalum", "tungsten", "cobalt")

# Where each mineral's numbers come from (docs/parameters.md prints this beside the values).
MINERAL_SOURCES: dict[str, str] = {
    "gold": "price: LBMA 2019 average ($1,393/oz); farm-gate ~$35/g (fact 13). Output: 15-22 t/yr artisanal "
            "gold (fact 10) over ~270,000 gold miners (IPIS, fact 3) = ~1.3 g/miner/week. Export tax 3.5% (2% "
            "statutory artisanal export tax, IMPACT 2020; 3.5% royalty, 2018 mining code, recalled; range "
            "0.02-0.08). Regional buyers pay near the world price: discount 1% (GI-TOC: Ugandan buyers pay "
            "competitive prices; range 0-0.03). Prefinancing: 10% of prefinanced traders by official comptoirs "
            "(assumption: foreign buyers prefinance most of the gold trade, UN GoE 2019).",
    "tin": "price: LME tin 2019 ~$18.7/kg x ~65% Sn in cassiterite concentrate; farm-gate $2.7-13/kg (fact 13). "
           "Output calibrated to 3T incomes $2.7-3.3/day (fact 11). Export tax 8%: duties of 5% of the LME price "
           "plus other fees (iTSCi news 2008; range 0.05-0.10). Prefinancing: 80% of prefinanced traders by "
           "comptoirs (assumption: comptoirs prefinance negociants in the tagged 3T chain).",
    "tantalum": "price: coltan >$50/kg in Kigali, $20-24/kg at a monopsony site (fact 13). Output calibrated to "
                "3T incomes (fact 11). Export tax 12%: 10% royalty for 'strategic substances' since 2018 (RFI "
                "2018) plus 1% + 1% fees (North Kivu Chamber of Mines 2019; range 0.10-0.15).",
    "tungsten": "price: APT ~$250/mtu (2019) x ~60% WO3 in wolframite concentrate. Output calibrated to 3T "
                "incomes (fact 11). Export tax 8% as tin (assumption).",
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
