"""Every label the workshop page shows, in English and French: `t(lang, key, **fields)`.

One dict per language with the same keys (a test checks it); `{name}` fields are filled by `str.format`.
Proper names (towns, crossings, Rwanda, Burundi...) and numbers are the same in both languages.
"""

from __future__ import annotations

LANGS = ("en", "fr")

EN: dict[str, str] = {
    "title": "Conflict minerals: eastern DRC workshop",
    "run": "Run", "reset": "Reset", "step": "Step", "week_n": "Week {n}",
    "pause_ms": "Pause between weeks (ms)",
    "world": "World", "world_eastern_drc": "Eastern DRC (2,428 IPIS sites)",
    "world_small": "Small synthetic world (40 sites)", "seed": "Seed",
    "compare": "Side by side: baseline vs policy mix",
    "synthetic_note": "Synthetic world for a quick demonstration: not a real place (no background map).",
    "levers": "Levers (press Reset to apply)",
    "start_week": "{name}: start week", "end_week": "{name}: end week (0: never)",
    "ddr": "DDR", "ddr_capacity": "DDR capacity (people/year)",
    "certification": "Certification", "inspection_sites": "Site inspections (sites/year)",
    "buyer_compliance": "Buyers requiring certified 3T (share)",
    "buyers_start": "Buyers require certified ore from week",
    "dmz": "Demilitarised zone", "dmz_sites": "Demilitarised sites",
    "border": "Border control", "border_seizure": "Border seizure rate (probability)",
    "shock_mineral": "Price shock: mineral", "shock_factor": "Price shock: world price x",
    "min_none": "none", "min_gold": "gold", "min_tin": "tin", "min_tantalum": "tantalum",
    "min_tungsten": "tungsten", "min_cobalt": "cobalt",
    # map
    "map_title": "Who holds the mine sites", "baseline": "Baseline", "policy_mix": "Policy mix",
    "week_small": "week {n}", "held_by": "Held by:", "kind_none": "nobody", "kind_state": "state forces",
    "kind_nonstate": "non-state armed group", "kind_dmz": "demilitarised",
    "hub": "export hub", "border_post": "border post", "informal_crossing": "informal crossing",
    "circle_area": "circle area: miners at the site",
    "show_flows": "Show ore leaving by each crossing", "show_moves": "Show where evicted groups went",
    "flow_key": "arrow width: ore value leaving, USD/week",
    "moves_key": "evicted group: site lost to a demilitarised zone → next site it took",
    "moves_none": "no group evicted yet", "lake": "Lake {name}", "group_n": "armed group {n}",
    "credit": "Borders: Natural Earth (provinces before 2015); lakes: © OpenStreetMap contributors",
    "c_DRC": "DRC", "c_Uganda": "Uganda", "c_Rwanda": "Rwanda", "c_Burundi": "Burundi",
    "c_Tanzania": "Tanzania", "c_Zambia": "Zambia", "c_South Sudan": "South Sudan", "c_CAR": "CAR",
    "c_Congo": "Congo", "c_Angola": "Angola", "c_Kenya": "Kenya", "c_Malawi": "Malawi",
    # charts
    "armed_revenue_usd": "Armed groups' revenue", "sites_armed_share": "Sites under armed presence",
    "miner_income_usd_day": "Miners' income", "violent_events": "Violent events",
    "policy_cost_usd": "Policy cost", "fighters": "Fighters in armed groups",
    "smuggled_share_3t": "3T ore smuggled",
    "u_usd_week": "USD/week", "u_share_sites": "share of active sites", "u_usd_day": "USD/day",
    "u_clashes": "clashes/week", "u_people": "people", "u_share": "share",
    "mean_k": "{k}-week mean", "press_play": "press play or step", "year_tick": "yr {n}",
    "key_policy": "policy mix", "key_run": "this run (tick 'side by side' to add the baseline)",
    "key_baseline": "baseline (no levers, same seed)",
    "revenue_title": "Where the armed groups' money comes from",
    "src_gold": "gold sites", "src_3t": "3T sites (tin, tantalum, tungsten)", "src_other": "other sites",
    "src_roadblocks": "roadblocks", "src_looting": "looting", "total": "total",
    "revenue_note": "stacked, {k}-week means; last 52 weeks, USD/week:",
    # policy mix text
    "mix": "World {world}, seed {seed}. Policy mix: {mix}", "mix_none": "none (baseline)",
    "from_week": "from week {w}", "to_week": "to week {w}",
    "mix_ddr": "DDR {n} people/yr", "mix_cert": "certification {n} inspections/yr",
    "mix_buyers": "{p}% of buyers require certified ore from week {w}",
    "mix_dmz": "DMZ {n} sites", "mix_border": "border seizure {p}%", "mix_shock": "{mineral} price x{f}",
    # table
    "table_intro": "Week {n} (year {y}); means over the last 52 weeks run:", "outcome": "outcome",
    "this_run": "this run", "change": "change",
    # flows
    "flows_title": "Where the ore goes",
    "flows_note": "value of ore sold, USD/week, mean of the last {k} weeks",
    "by_exit": "by exit", "by_country": "by destination country", "exit": "exit", "channel": "channel",
    "country": "country", "share": "share", "official": "official export (DRC hubs)",
    "ch_official": "official", "ch_formal": "formal border post", "ch_informal": "informal route",
    "drc_official": "DRC (official export)", "no_flows": "no ore sold yet",
    # seeds
    "seeds_title": "How sure are we?", "seeds_button": "Check over {n} runs",
    "seeds_running": "{done} of {n} runs done (the page keeps working)",
    "seeds_fell": "In {k} of {n} runs armed revenue fell with this policy mix",
    "seeds_detail": "median change {c}, weeks {a}-{b}; band: range over the runs, line: median",
    "seeds_none": "No lever is on: set one and press Reset first.",
    "seeds_intro": "Runs the current levers and the baseline over {n} seeds in the background.",
    "seeds_error": "The runs failed: {e}",
    # export
    "export": "Export PNG", "exported": "Saved {path} (and the same as PDF)", "download": "Download the PNG",
}

FR: dict[str, str] = {
    "title": "Minerais des conflits : atelier sur l'est de la RDC",
    "run": "Simulation", "reset": "Réinitialiser", "step": "Avancer", "week_n": "Semaine {n}",
    "pause_ms": "Pause entre les semaines (ms)",
    "world": "Monde", "world_eastern_drc": "Est de la RDC (2 428 sites IPIS)",
    "world_small": "Petit monde synthétique (40 sites)", "seed": "Graine aléatoire",
    "compare": "Côte à côte : référence et combinaison de politiques",
    "synthetic_note": "Monde synthétique pour une démonstration rapide : pas un lieu réel (pas de fond de carte).",
    "levers": "Leviers (appuyez sur Réinitialiser pour appliquer)",
    "start_week": "{name} : début (semaine)", "end_week": "{name} : fin (0 = jamais)",
    "ddr": "DDR", "ddr_capacity": "Capacité DDR (personnes/an)",
    "certification": "Certification", "inspection_sites": "Inspections de sites (sites/an)",
    "buyer_compliance": "Acheteurs exigeant du 3T certifié (part)",
    "buyers_start": "Exigence des acheteurs dès la semaine",
    "dmz": "Zone démilitarisée", "dmz_sites": "Sites démilitarisés",
    "border": "Contrôle aux frontières", "border_seizure": "Taux de saisie aux frontières (probabilité)",
    "shock_mineral": "Choc de prix : minerai", "shock_factor": "Choc de prix : prix mondial x",
    "min_none": "aucun", "min_gold": "or", "min_tin": "étain", "min_tantalum": "tantale",
    "min_tungsten": "tungstène", "min_cobalt": "cobalt",
    "map_title": "Qui tient les sites miniers", "baseline": "Référence", "policy_mix": "Combinaison de politiques",
    "week_small": "semaine {n}", "held_by": "Tenu par :", "kind_none": "personne",
    "kind_state": "forces de l'État", "kind_nonstate": "groupe armé non étatique", "kind_dmz": "démilitarisé",
    "hub": "centre d'exportation", "border_post": "poste frontière", "informal_crossing": "passage informel",
    "circle_area": "surface du cercle : mineurs sur le site",
    "show_flows": "Afficher le minerai sortant par chaque passage",
    "show_moves": "Afficher où sont allés les groupes expulsés",
    "flow_key": "largeur des flèches : valeur du minerai sortant, USD/semaine",
    "moves_key": "groupe expulsé : site perdu au profit d'une zone démilitarisée → site suivant pris",
    "moves_none": "aucun groupe expulsé pour l'instant", "lake": "Lac {name}", "group_n": "groupe armé {n}",
    "credit": "Frontières : Natural Earth (provinces d'avant 2015) ; lacs : © contributeurs d'OpenStreetMap",
    "c_DRC": "RDC", "c_Uganda": "Ouganda", "c_Rwanda": "Rwanda", "c_Burundi": "Burundi",
    "c_Tanzania": "Tanzanie", "c_Zambia": "Zambie", "c_South Sudan": "Soudan du Sud", "c_CAR": "RCA",
    "c_Congo": "Congo", "c_Angola": "Angola", "c_Kenya": "Kenya", "c_Malawi": "Malawi",
    "armed_revenue_usd": "Revenus des groupes armés", "sites_armed_share": "Sites avec présence armée",
    "miner_income_usd_day": "Revenu des mineurs", "violent_events": "Événements violents",
    "policy_cost_usd": "Coût des politiques", "fighters": "Combattants des groupes armés",
    "smuggled_share_3t": "Minerai 3T de contrebande",
    "u_usd_week": "USD/semaine", "u_share_sites": "part des sites actifs", "u_usd_day": "USD/jour",
    "u_clashes": "affrontements/semaine", "u_people": "personnes", "u_share": "part",
    "mean_k": "moyenne sur {k} semaines", "press_play": "lancez la lecture ou avancez",
    "year_tick": "an {n}",
    "key_policy": "combinaison de politiques",
    "key_run": "cette simulation (cochez « côte à côte » pour ajouter la référence)",
    "key_baseline": "référence (aucun levier, même graine)",
    "revenue_title": "D'où vient l'argent des groupes armés",
    "src_gold": "sites d'or", "src_3t": "sites 3T (étain, tantale, tungstène)", "src_other": "autres sites",
    "src_roadblocks": "barrières routières", "src_looting": "pillages", "total": "somme",
    "revenue_note": "empilé, moyennes sur {k} semaines ; 52 dernières semaines, USD/semaine :",
    "mix": "Monde {world}, graine {seed}. Combinaison : {mix}", "mix_none": "aucune (référence)",
    "from_week": "dès la semaine {w}", "to_week": "jusqu'à la semaine {w}",
    "mix_ddr": "DDR {n} personnes/an", "mix_cert": "certification {n} inspections/an",
    "mix_buyers": "{p} % des acheteurs exigent du minerai certifié dès la semaine {w}",
    "mix_dmz": "zone démilitarisée {n} sites", "mix_border": "saisies aux frontières {p} %",
    "mix_shock": "prix {mineral} x{f}",
    "table_intro": "Semaine {n} (année {y}) ; moyennes sur les 52 dernières semaines :", "outcome": "résultat",
    "this_run": "cette simulation", "change": "variation",
    "flows_title": "Où va le minerai",
    "flows_note": "valeur du minerai vendu, USD/semaine, moyenne des {k} dernières semaines",
    "by_exit": "par sortie", "by_country": "par pays de destination", "exit": "sortie", "channel": "canal",
    "country": "pays", "share": "part", "official": "exportation officielle (comptoirs de RDC)",
    "ch_official": "officiel", "ch_formal": "poste frontière officiel", "ch_informal": "route informelle",
    "drc_official": "RDC (exportation officielle)", "no_flows": "aucun minerai vendu pour l'instant",
    "seeds_title": "Quelle certitude ?", "seeds_button": "Vérifier sur {n} simulations",
    "seeds_running": "{done} simulations sur {n} terminées (la page reste utilisable)",
    "seeds_fell": "Dans {k} simulations sur {n}, les revenus des groupes armés baissent avec cette combinaison",
    "seeds_detail": "variation médiane {c}, semaines {a} à {b} ; bande : étendue des simulations, ligne : médiane",
    "seeds_none": "Aucun levier actif : réglez-en un puis appuyez sur Réinitialiser.",
    "seeds_intro": "Lance les leviers actuels et la référence sur {n} graines en arrière-plan.",
    "seeds_error": "Les simulations ont échoué : {e}",
    "export": "Exporter en PNG", "exported": "Enregistré : {path} (et le même en PDF)", "download": "Télécharger le PNG",
}

STRINGS: dict[str, dict[str, str]] = {"en": EN, "fr": FR}


def t(lang: str, key: str, **fields: object) -> str:
    """The label `key` in `lang` ("en" or "fr"), with `{fields}` filled in."""
    s = STRINGS[lang][key]
    return s.format(**fields) if fields else s


def country(lang: str, name: str) -> str:
    """A country's name in `lang` (names without a translation are written as they are)."""
    return STRINGS[lang].get("c_" + name, name)


# French for the English words in the world's place names (crossings such as "Lake Kivu (Idjwi)")
PLACE_WORDS = {"fr": [("Lake ", "Lac "), (" north", " nord"), ("lake port", "port lacustre")]}


def place(lang: str, name: str) -> str:
    """A place name from the world's configuration, its English words translated."""
    for en, other in PLACE_WORDS.get(lang, []):
        name = name.replace(en, other)
    return name
