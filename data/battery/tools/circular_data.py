"""Recycling as supply, emission factors, site certifications and critical elements.

Imported by build_dataset.py (kept separate so the circular-economy figures live in one place).
Every figure carries its source (an id of SOURCES) or is marked an estimate with its arithmetic.

- Recycling: end-of-life EV batteries retiring in the scenario year (2026) by region, from past
  electric-car sales (IEA), battery size per car (IEA battery demand / sales, 2020), a lifetime
  distribution (assumption), a collection rate (assumption), the BatPaC element content per kWh
  and the EU Battery Regulation's material-recovery targets as per-element recovery rates. The
  result sizes a collection source and a recycler per region (China, EU); the recyclers ship
  refined Ni, Co and Li to the region's cathode makers through lanes like any refiner.
- emission_factors.csv: kg CO2e per canonical unit of a site's output (cells: factory
  electricity x grid intensity; lithium and cobalt by route and stage, mining at the mines and
  refining at the refiners; nickel, manganese and graphite cradle to gate at the plant).
- site_certifications.csv: due-diligence certificates (RMAP) and independent site audits (IRMA) of modelled
  sites that are the audited operation itself.
- critical_elements.csv: which refined materials carry each critical element, with a 2024 price per
  t of element (IRA shares by value; every price an estimate, see ELEMENTS).
"""
import math
import os

SOURCES = [
    ("iea_gevo2019", "Global EV Outlook 2019: electric car stock by region, BEV and PHEV, 2013-2018 (million)",
     "International Energy Agency", 2019, "https://www.iea.org/gevo2019/"),
    ("iea_tracking_transport_2020", "Tracking Transport 2020: Electric vehicles (2019 sales: China 1.06 million, Europe 560 000, "
     "United States 326 000)", "International Energy Agency", 2020,
     "https://www.iea.org/reports/tracking-transport-2020/electric-vehicles"),
    ("iea_gevo2021_press", "Global EV Outlook 2021 as reported: about 3 million electric cars sold in 2020, Europe 1.4 million, "
     "China 1.2 million", "World Economic Forum repost of the IEA figures", 2021,
     "https://tito235.com/2021/10/04/5-things-to-know-about-the-future-of-electric-vehicles"),
    ("iea_ev_2022", "Electric vehicles: 2021 sales China 3.3 million, Europe 2.3 million, United States 630 000 (more than double "
     "2020); 2020 battery demand China almost 80 GWh, Europe 52 GWh; automotive battery production 160 GWh in 2020",
     "International Energy Agency", 2022, "https://prod.iea.org/fuels-and-technologies/electric-vehicles"),
    ("eu_battery_reg_2023", "Regulation (EU) 2023/1542 on batteries and waste batteries: Art. 8 recycled content, Annex XII "
     "Part C material recovery (end 2027: Co, Ni 90 %, Li 50 %; end 2031: 95 %, 80 %)", "Official Journal of the European Union",
     2023, "https://eur-lex.europa.eu/eli/reg/2023/1542/oj"),
    ("casals_2022", "Electric Vehicle Battery Health Expected at End of Life in the Upcoming Years Based on UK Data "
     "(retirement at 70-80 % state of health)", "Batteries 8(10) 164", 2022, "https://www.mdpi.com/2313-0105/8/10/164"),
    ("kurland_2020", "Energy use for GWh-scale lithium-ion battery production: 50-65 kWh of electricity per kWh of cells at "
     "large factories", "Environmental Research Communications 2, 012001", 2020, "https://research.chalmers.se/publication/524468"),
    ("owid_ember_2023", "Carbon intensity of electricity generation, 2023 (Ember and Energy Institute), gCO2e/kWh",
     "Our World in Data", 2024, "https://ourworldindata.org/grapher/carbon-intensity-electricity?tab=table"),
    ("ember_world_2023", "Electricity generation emission intensity, 2023: world average 481 gCO2/kWh (Ember)", "Statista", 2024,
     "https://statista.com/statistics/943137/global-emissions-intensity-power-sector-by-country"),
    ("keliber_woodmac_2022", "Keliber: Wood Mackenzie comparison of seven lithium hydroxide chains to Rotterdam; lowest "
     "4.38 t CO2 per t LiOH.H2O (scope 1 and 2)", "Green Car Congress", 2022,
     "https://www.greencarcongress.com/2022/03/20220310-keliber.html"),
    ("surovtseva_2022", "Toward a life cycle inventory for graphite production (Surovtseva et al., Journal of Industrial "
     "Ecology): synthetic graphite 13.8 kg CO2-eq/kg, 45.9 MJ/kg", "Minviro summary of the paper", 2022,
     "https://www.minviro.com/resources/blogs/journal-of-industrial-ecology-toward-a-life-cycle-inventory-for-graphite-production"),
    ("cochilco_li_2024", "Global lithium prices spike, remain below 2024 average, says Cochilco (lithium carbonate: "
     "$12,296/t average in 2024)", "Reuters via Kitco", 2025,
     "https://www.kitco.com/news/off-the-wire/2025-12-17/global-lithium-prices-spike-remain-below-2024-average-says-cochilco"),
    ("worldbank_ni_2024", "Nickel prices weaken at the start of Q3 2024 (World Bank: 2024 average projected at about "
     "US$17,000/t; LME July 2024 US$16,335/t)", "Databoks (Katadata)", 2024,
     "https://databoks.katadata.co.id/en/market/statistics/66b9aa48e3e93/nickel-prices-weaken-at-the-start-of-q3-2024"),
    ("statista_co_2024", "Cobalt spot price: in 2024 the average US spot price of cobalt cathode stood at an estimated "
     "US$17 per pound", "Statista (dataset summary)", 2025,
     "https://datasetsearch.research.google.com/search?query=cobalt+price+per+pound"),
    ("fastmarkets_mn_2024", "Unheralded battery metal soars (Fastmarkets 37 % Mn ore, cif Tianjin: US$4.80/dmtu on 30 Apr "
     "2024, US$6.29/dmtu on 28 May 2024)", "Australian Mining", 2024,
     "https://www.australianmining.com.au/unheralded-battery-metal-soars/"),
    ("fastmarkets_graphite_2024", "Natural graphite under pressure from synthetics (spherical 99.95 % C, fob China: "
     "$2,000-2,100/t on 28 Dec 2023, down a further 2.44 % in early 2024)", "Fastmarkets", 2024,
     "https://www.fastmarkets.com/insights/natural-graphite-under-pressure-from-synthetics-amid-oversupply-slow-trade-flows"),
    ("carbonchain_ni_2024", "Understand your nickel emissions: class 1 nickel about 13 t CO2e per t of product, ferronickel "
     "about 45 t per t of nickel content, 20-80 t by pathway", "CarbonChain", 2024,
     "https://www.carbonchain.com/blog/understand-your-nickel-emissions"),
    ("xu_2022", "Future greenhouse gas emissions of automotive lithium-ion battery cell production (Xu et al.): 41-89 kg "
     "CO2-eq per kWh of cells in 2020 over 8 chemistries and 3 regions (China, US, EU)",
     "Resources, Conservation & Recycling 187, 106606", 2022, "https://doi.org/10.1016/j.resconrec.2022.106606"),
    ("ivl_2019", "Lithium-Ion Vehicle Battery Production, Status 2019 (Emilsson and Dahllof, IVL C 444): 61-106 kg CO2-eq "
     "per kWh of NMC battery", "electrive.com summary of the IVL report", 2019,
     "https://www.electrive.com/study-guide/lithium-ion-vehicle-battery-production/"),
    # Emission factor of natural graphite anode material (China). The abstract page read gives no
    # publication year or journal: year 0 = not known (the loader's "missing"), said in the title.
    ("natgraphite_anode_cn", "Energy consumption and carbon emission analysis of natural graphite anode material for "
     "lithium batteries (abstract; publication year not shown on the page read): 1 t of natural graphite anode material, "
     "mining, beneficiation, purification and processing, 112.48 GJ and 5,315.91 kg CO2-eq (IPCC method)",
     "R Discovery abstract page", 0,
     "https://discovery.researcher.life/article/energy-consumption-and-carbon-emission-analysis-of-natural-graphite-"
     "anode-material-for-lithium-batteries/21bc4cc6e7863daebb7d6e529f902a09"),
    # Route- and stage-resolved cradle-to-gate GHG of battery raw materials (IPCC 2021 GWP100,
    # ecoinvent 3.10 background), from the article's published data: fig2_breakdown_ghgs (kg CO2e
    # per kg of product by stage: mining, concentration, refining) and its LCI workbook (products:
    # LiOH.H2O >= 16 % Li; Li2CO3; CoSO4.7H2O 21 % Co).
    ("istrate_2024", "Decarbonizing lithium-ion battery primary raw materials supply chain: available strategies, "
     "mitigation potential and challenges (Istrate et al.), data and code of the article: GHG by stage per kg of "
     "lithium hydroxide / carbonate (Australian spodumene refined in China; Salar de Atacama brine) and of cobalt "
     "sulfate heptahydrate (Congo copper-cobalt ore, hydroxide refined in China)", "Joule (authors' repository)", 2024,
     "https://github.com/robyistrate/decarbonization_LIB_raw_materials"),
    # A producer's press release (an interested party) comparing its LCA with China's producers:
    # E25's HPMSM 1.7 kg CO2e/kg, "about 67 % lower than competitors in China". The page read gives
    # no date: year 0 = not known.
    ("element25_hpmsm", "Element 25 Limited: results of an independent life cycle assessment of its high-purity "
     "manganese sulphate monohydrate (HPMSM) process, cradle to gate: 1.7 kg CO2e per kg of product, about 67 % "
     "lower than competitors in China (page in Italian; date not shown on the page read)", "MarketScreener", 0,
     "https://it.marketscreener.com/quotazioni/azione/ELEMENT-25-LIMITED-44267882/attualita/Element-25-Limited-"
     "fornisce-i-risultati-di-una-valutazione-indipendente-del-ciclo-di-vita-del-suo-pr-43039733"),
    ("benchmark_tmc_landuse_2023", "New Benchmark Study Highlights Impacts of Nickel and Cobalt Mining on Critical Forested "
     "Carbon Sinks (Benchmark Mineral Intelligence, commissioned by TMC): 1 kg of nickel mined from saprolite / limonite "
     "ore in Sulawesi removes forests holding 7.0 / 9.4 kg CO2e of carbon stock; 1 kg of cobalt mined in Katanga, 3.6 kg",
     "TMC the metals company (GlobeNewswire, 29 Nov 2023)", 2023,
     "https://investors.metals.co/news-releases/news-release-details/new-benchmark-study-highlights-impacts-nickel-and-"
     "cobalt-mining"),
    # Certifications (site_certifications.csv).
    ("umicore_dd_cobalt_2023", "Due Diligence Compliance Report Cobalt Procurement 2023 (dated 8 Mar 2024): Umicore Finland "
     "Oy, RMI conformant, last RMAP on-site assessment Nov 2022 (period 1 Dec 2019 - 30 Sep 2022, lead assessor Arche "
     "Advisors); Umicore Olen likewise", "Umicore", 2024,
     "https://umicore.com/en/sustainability/esg-frameworks-downloads/due-diligence-compliance-report-cobalt-procurement"),
    ("umicore_kokkola_2023", "Co-precipitation of Ni0.8Co0.1Mn0.1(OH)2 (NCM811) and Mg-doped NCM811 precursors (Laine et al., "
     "Dalton Transactions): author affiliation Umicore Finland Oy, FI-67100 Kokkola, Finland", "Royal Society of Chemistry",
     2023, "https://pubs.rsc.org/en/content/articlehtml/2023/dt/d2dt02246j"),
    ("irma_albemarle_2023", "Salar Plant, Salar de Atacama (Albemarle): IRMA initial audit published 20 Jun 2023, IRMA 50 "
     "achieved; scope brine extraction, concentration and waste disposal areas (ERM-CVS)",
     "Initiative for Responsible Mining Assurance", 2023,
     "https://responsiblemining.net/what-we-do/assessment/mines-under-assessment/salar-plant-salar-de-atacama/"),
    ("irma_sqm_2023", "SQM's Salar de Atacama lithium operation in Chile audited against the IRMA Standard for Responsible "
     "Mining: IRMA 75 (6 Sep 2023); scope brine extraction, concentration and waste disposal areas (ERM-CVS)",
     "IRMA via GlobeNewswire (padovanews repost)", 2023,
     "https://www.padovanews.it/2023/09/06/sqms-salar-de-atacama-lithium-operation-in-chile-audited-against-the-irma-"
     "standard-for-responsible-mining/"),
    ("reuters_irma_atacama_2023", "SQM's Salar de Atacama operations become IRMA certified (SQM scored 75; Albemarle "
     "certified earlier in the year at 50), meaning all Chile's lithium mining facilities have completed the evaluation",
     "Reuters via mining.com", 2023, "https://mining.com/?p=1126333"),
]

# ----------------------------------------------------------------------------------------------
# Retirement curve
# ----------------------------------------------------------------------------------------------
# IEA GEVO 2019 electric car stock (BEV + PHEV, million) by region.
STOCK_2013_2018 = {
    "CN": {2013: 0.03 + 0.00, 2014: 0.08 + 0.03, 2015: 0.23 + 0.09, 2016: 0.48 + 0.17, 2017: 0.95 + 0.28, 2018: 1.77 + 0.54},
    "EU": {2013: 0.07 + 0.04, 2014: 0.12 + 0.07, 2015: 0.21 + 0.17, 2016: 0.30 + 0.29, 2017: 0.42 + 0.43, 2018: 0.63 + 0.61},
    "US": {2013: 0.08 + 0.10, 2014: 0.14 + 0.15, 2015: 0.21 + 0.19, 2016: 0.30 + 0.27, 2017: 0.40 + 0.36, 2018: 0.64 + 0.48},
}
# Sales (million cars): 2014-2018 = stock(y) - stock(y-1) (estimate: ignores cars scrapped, so a
# lower bound); 2013 = the 2013 stock (everything sold up to 2013, counted in 2013: an estimate);
# 2019-2021 as published; US 2020 estimate: 2021's 630 000 "more than doubled" from 2020, so
# 2020 < 315 000; 300 000 used.
SALES_SOURCES = {2019: "iea_tracking_transport_2020", 2020: "iea_gevo2021_press", 2021: "iea_ev_2022"}
SALES_PUBLISHED = {
    "CN": {2019: 1.06, 2020: 1.2, 2021: 3.3},
    "EU": {2019: 0.56, 2020: 1.4, 2021: 2.3},
    "US": {2019: 0.326, 2020: 0.30, 2021: 0.63},
}


def sales(region):
    st = STOCK_2013_2018[region]
    out = {2013: st[2013]}
    for y in range(2014, 2019):
        out[y] = round(st[y] - st[y - 1], 3)
    out.update(SALES_PUBLISHED[region])
    return out


# kWh per car: IEA 2020 battery demand / 2020 sales (China's demand includes buses and trucks, so
# an upper bound for cars); US: world automotive battery production 160 GWh / ~3 million cars.
KWH_PER_CAR = {"CN": 80 / 1.2, "EU": 52 / 1.4, "US": 160 / 3.0}
# Lifetime (assumption): batteries retire at 70-80 % state of health (Casals et al. 2022); we take
# a normal distribution of age at retirement, mean 10 years, standard deviation 3 years, by year.
LIFE_MEAN, LIFE_SD = 10.0, 3.0
# Collection (assumption): no published EV-battery collection rate was found; the EU target for
# light-means-of-transport batteries (51 % by end 2028, Regulation 2023/1542 Art. 60) is used.
COLLECTION = 0.51
# Element content of a retiring pack, kg/kWh: BatPaC NMC622/811 mean (build_dataset NMC); in China
# half of the retiring packs are taken as LFP (assumption: China's early buses and cars used LFP
# widely; no share by model year found), which carry lithium only (0.091 kg/kWh).
LFP_SHARE_RETIRING = {"CN": 0.5, "EU": 0.0, "US": 0.0}
# Recovery (EU Regulation 2023/1542 Annex XII Part C, targets by end 2027): Co 90 %, Ni 90 %,
# Li 50 %. Graphite is not recovered at battery grade (not modelled); Mn is not returned either
# (the `black_mass` basis is contained Ni + Co + Li).
RECOVERY = {"ni": 0.90, "co": 0.90, "li": 0.50}
YEAR = 2026


def retire_share(age):
    """Share of a year's sales retiring at `age` (whole years, normal, continuity-corrected)."""
    phi = lambda x: 0.5 * (1 + math.erf((x - LIFE_MEAN) / (LIFE_SD * math.sqrt(2))))
    return max(0.0, phi(age + 0.5) - phi(age - 0.5))


def retiring_gwh(region, year=YEAR):
    s = sales(region)
    return sum(cars * 1e6 * KWH_PER_CAR[region] / 1e6 * retire_share(year - y) for y, cars in s.items())


def recovered(region, nmc, lfp_li, year=YEAR):
    """t/yr of Ni, Co, Li recovered in `year` and the black mass (t contained Ni+Co+Li) collected."""
    gwh = retiring_gwh(region, year) * COLLECTION
    f = LFP_SHARE_RETIRING[region]
    content = {"ni": nmc["ni"] * (1 - f), "co": nmc["co"] * (1 - f), "li": nmc["li"] * (1 - f) + lfp_li * f}  # kg/kWh
    collected = {e: gwh * content[e] * 1000 for e in content}  # kg/kWh x 1000 = t/GWh; x GWh = t
    return {e: collected[e] * RECOVERY[e] for e in collected}, sum(collected.values()), gwh


def note_for(region, nmc, lfp_li):
    rec, bm, gwh = recovered(region, nmc, lfp_li)
    s = sales(region)
    return (f"estimate: {YEAR} retirements = sum over sales years of cars sold x {KWH_PER_CAR[region]:.1f} kWh/car x share "
            f"retiring at that age (normal, mean {LIFE_MEAN:g} y, sd {LIFE_SD:g} y) = {retiring_gwh(region):.1f} GWh; "
            f"x {COLLECTION:.0%} collected = {gwh:.1f} GWh; sales (million) "
            + ", ".join(f"{y}: {v:g}" for y, v in sorted(s.items()))
            + f"; LFP share {LFP_SHARE_RETIRING[region]:.0%}; contained Ni+Co+Li {bm:,.0f} t")


# Recyclers per region: (site, country, region, name, lat, lon, buyer of the refined output,
# lithium product that buyer takes).
RECYCLERS = [
    ("cn_recycling", "cn_eol_batteries", "CN", "CN", "China, battery recyclers (aggregate: Brunp, GEM and others)",
     22.8, 113.3, "cn_cathode", "lithium_carbonate"),
    ("eu_recycling", "eu_eol_batteries", "DE", "EU", "EU, battery recyclers (aggregate of hydrometallurgical plants)",
     50.9, 10.0, "pl_umicore_nysa", "lithium_hydroxide"),
]
REGION_OF = {"cn_recycling": "CN", "eu_recycling": "EU"}
# Most of a buyer's need one recycler may take (assumption): keeps primary supply the majority.
MAX_RECYCLED_SHARE = 0.5


def add_recyclers(add_site, add_proc, nmc, lfp_li):
    """Adds the collection sources and recyclers; returns {(recycler, material): t/yr}."""
    outputs = {}
    for sid, eol, country, region, name, lat, lon, _buyer, li_product in RECYCLERS:
        rec, bm, _ = recovered(REGION_OF[sid], nmc, lfp_li)
        note = note_for(REGION_OF[sid], nmc, lfp_li)
        add_site(eol, country, f"{name.split(',')[0]}, end-of-life EV batteries (collection)", source="iea_gevo2019",
                 estimate=True, external=True, note=note, region=region)
        add_proc(eol, "black_mass", round(bm), "iea_gevo2019", True, note)
        add_site(sid, country, name, source="eu_battery_reg_2023", estimate=True,
                 note="sized to the region's collected end-of-life batteries; recovery at the EU end-2027 targets",
                 lat=lat, lon=lon, stock_days=30, region=region)
        for material, element in (("nickel_sulfate", "ni"), ("cobalt_sulfate", "co"), (li_product, "li")):
            per_unit = round(1 / RECOVERY[element], 4)
            ins = {"black_mass": (f"{per_unit} t/t", "eu_battery_reg_2023", True,
                                  f"1 / recovery {RECOVERY[element]:.0%} (Annex XII Part C, end 2027): contained metal in per t recovered")}
            add_proc(sid, material, round(rec[element]), "eu_battery_reg_2023", True,
                     f"estimate: collected content x recovery {RECOVERY[element]:.0%}; {note}", ins=ins)
            outputs[(sid, material)] = round(rec[element])
    return outputs


def add_recycling_lanes(lanes, add_lane, supply, processes, outputs, per_t_cam):
    """Gives each recycler a share of its buyer's orders (its output / the buyer's 2024 need,
    at most MAX_RECYCLED_SHARE), scaling the buyer's other primary lanes down to make room."""
    for sid, eol, _c, _r, _n, _la, _lo, buyer, li_product in RECYCLERS:
        supply(sid, "black_mass", [(eol, 1)], "domestic collection")
        for material, element in (("nickel_sulfate", "ni"), ("cobalt_sulfate", "co"), (li_product, "li")):
            need = 0.0
            for p in processes:
                if p["site"] != buyer or material not in p["inputs"]:
                    continue
                made = p["out2024"][0] if p["out2024"] else p["cap"]
                need += made * per_t_cam[p["output"]].get(element, 0.0)
            if need <= 0:
                continue
            share = round(min(MAX_RECYCLED_SHARE, outputs[(sid, material)] / need), 3)
            if share <= 0:
                continue
            primaries = [l for l in lanes if l["to"] == buyer and l["material"] == material and not l["alternate"]]
            vals = [round(l["share"] * (1 - share), 3) for l in primaries]
            k = max(range(len(vals)), key=lambda i: vals[i])
            vals[k] = round(vals[k] + round(1 - share - sum(vals), 3), 3)
            for l, v in zip(primaries, vals):
                l["share"] = v
            add_lane(sid, buyer, material, share=share, source="chaintwin_assumption",
                     note=f"recycled supply: {outputs[(sid, material)]:,} t/yr over the buyer's 2024 need "
                          f"{need:,.0f} t = {outputs[(sid, material)] / need:.3f} (at most {MAX_RECYCLED_SHARE})")


# ----------------------------------------------------------------------------------------------
# Emission factors
# ----------------------------------------------------------------------------------------------
# Grid intensity, gCO2e/kWh, 2023 (OWID / Ember); countries not read in the source: the world
# average 481 (an estimate for them).
GRID = {"CN": 582, "DE": 381, "HU": 204, "FR": 56, "FI": 79, "CA": 170, "CL": 291, "AU": 549, "IN": 713,
        "AR": 354, "BR": 98, "CZ": 450}
GRID_WORLD = 481
CELL_KWH_PER_KWH = (50 + 65) / 2  # Kurland 2020: 50-65 kWh electricity per kWh of cells
LIOH_PER_LI = 6.046               # t LiOH.H2O per t Li (41.96 / 6.94)
LI2CO3_PER_LI = 5.323             # t Li2CO3 per t Li (73.89 / (2 x 6.94))
# Istrate et al. 2024 (istrate_2024), kg CO2e per kg of product by stage, as published in the
# article's data (fig2_breakdown_ghgs_10-07-2024.csv: the sum of each stage's electricity,
# process heating, fuels, reagents, process emissions and other). Lithium: spodumene mined and
# concentrated at Greenbushes (Australia) and refined in China; brine from the Salar de Atacama,
# concentrated and refined in Chile (hydroxide made from the carbonate). Cobalt: copper-cobalt ore
# mined in Congo, hydroxide made there (economic allocation against copper), refined to
# CoSO4.7H2O (21 % Co) in China.
ISTRATE = {
    # route: (product per t Li or Co, {stage: kg CO2e per kg product})
    "spodumene_hydroxide": (LIOH_PER_LI, {"mining": 0.0, "concentration": 0.9677, "refining": 16.2696}),
    "spodumene_carbonate": (LI2CO3_PER_LI, {"mining": 0.0, "concentration": 1.1004, "refining": 23.0048}),
    "brine_hydroxide": (LIOH_PER_LI, {"mining": 0.2091, "concentration": 0.5684, "refining": 6.9245}),
    "brine_carbonate": (LI2CO3_PER_LI, {"mining": 0.1992, "concentration": 0.5415, "refining": 2.8794}),
    "cobalt_sulfate": (1 / 0.21, {"mining": 2.9587, "concentration": 2.5776, "refining": 9.4546}),
}
ISTRATE_PRODUCT = {"spodumene_hydroxide": "LiOH.H2O", "spodumene_carbonate": "Li2CO3", "brine_hydroxide": "LiOH.H2O",
                   "brine_carbonate": "Li2CO3", "cobalt_sulfate": "CoSO4.7H2O"}


def istrate_t_per_t(route, stages):
    """t CO2e per t of element (Li or Co content) for the given stages of a route, and the
    arithmetic as text."""
    per, by_stage = ISTRATE[route]
    kg = sum(by_stage[s] for s in stages)
    terms = f"{' + '.join(f'{by_stage[s]:g}' for s in stages)} = " if len(stages) > 1 else ""
    return kg * per, (f"{terms}{kg:.4g} kg CO2e/kg "
                      f"{ISTRATE_PRODUCT[route]} ({' + '.join(stages)}) x {per:.4g} t {ISTRATE_PRODUCT[route]}/t "
                      f"{'Co' if route == 'cobalt_sulfate' else 'Li'}")


# Lithium mines: hard rock (spodumene, lepidolite) or brine; mining and concentration at the mine,
# per t of Li in the concentrate or brine. The hard-rock figure is Greenbushes' spodumene
# concentrate (applied to every hard-rock mine: an estimate; China's lepidolite and brine mines
# are in the aggregate `cn_lithium_mines` too). The brine figure is Atacama's carbonate route
# (its hydroxide route, 4.7 t/t Li, carries the same brine to hydroxide via carbonate).
LITHIUM_BRINE_MINES = {"cl_lithium_brine", "ar_lithium_brine"}
# Lithium chemical plants: the refining stage by the route of their feed (an estimate where the
# plant is not the one inventoried: China's carbonate (spodumene, lepidolite and brine feeds,
# spodumene's used), Australia's hydroxide plants (Chinese refining inventory on Australian
# spodumene), Argentina's carbonate (Atacama's), the rest of the world's hydroxide (spodumene's)).
LITHIUM_REFINING_ROUTE = {
    ("cn_lithium_refining", "lithium_carbonate"): "spodumene_carbonate",
    ("cn_lithium_refining", "lithium_hydroxide"): "spodumene_hydroxide",
    ("au_kemerton", "lithium_hydroxide"): "spodumene_hydroxide",
    ("au_kwinana", "lithium_hydroxide"): "spodumene_hydroxide",
    ("xw_lithium_refining", "lithium_hydroxide"): "spodumene_hydroxide",
    ("cl_sqm_carmen", "lithium_carbonate"): "brine_carbonate",
    ("cl_sqm_carmen", "lithium_hydroxide"): "brine_hydroxide",
    ("cl_lithium_refining_other", "lithium_carbonate"): "brine_carbonate",
    ("ar_lithium_refining", "lithium_carbonate"): "brine_carbonate",
}
# Cobalt: Congo's mines carry mining and the hydroxide step (cobalt_ore is "mine output and
# intermediates (hydroxide, MHP)"); every primary refiner carries the refining step (China's
# inventory, applied elsewhere as an estimate). Other countries' cobalt (mostly a by-product of
# nickel: Indonesia's HPAL, Russia, Canada, ...) has no mining figure read and stays 0.
COBALT_MINES_ISTRATE = {"cd_cobalt_mines"}
# Manganese sulphate (HPMSM, 32.5 % Mn: 54.94 / 169.0), cradle to gate (mine inside it, so the
# manganese mines stay 0): China's producers, back-computed from a producer's release
# (element25_hpmsm): E25's 1.7 kg CO2e/kg is "about 67 % lower" than China's, so China's is
# 1.7 / (1 - 0.67) = 5.15 kg CO2e per kg HPMSM; applied to every manganese sulphate plant (the
# dataset's are China's and the rest of the world's): an estimate.
HPMSM_MN = 54.94 / 169.02
HPMSM_CN_KG_PER_KG = 1.7 / (1 - 0.67)
# Synthetic graphite, cradle to gate (Surovtseva et al. 2022): 13.8 kg CO2-eq/kg. Applied to
# China's synthetic graphite only: the inventory's graphitisation runs on a coal-heavy grid, and
# no per-province or per-country figure (Inner Mongolia coal against Sichuan hydro) was read.
SYNTHETIC_GRAPHITE_KG_PER_T = 13800
SYNTHETIC_GRAPHITE_SITES = {"cn_synthetic_graphite"}
# Refined nickel (class 1), cradle to gate: about 13 t CO2e per t (CarbonChain 2024), so the mines
# feeding it are inside the figure. Laterite routes (Indonesia's HPAL, NPI to matte) emit more
# (20-80 t by pathway in the same source), so 13 t is a lower bound there.
NICKEL_T_CO2_PER_T = 13
# Natural graphite anode material, China, cradle to gate (mining, beneficiation, purification,
# processing): 5,315.91 kg CO2-eq per t (natgraphite_anode_cn). Counted once, at China's
# spherical graphite plants (per t of spherical graphite, taken as per t of anode material: the
# coating adds little mass); the mines feeding them stay 0 (their mining is inside the figure,
# also for the quarter of the feed mined outside China, an estimate), and so does the coating
# at the anode plants. No other country's natural graphite figure was read.
NATURAL_GRAPHITE_KG_PER_T = 5315.91
NATURAL_GRAPHITE_SITES = {"cn_spherical_graphite"}
# Mining, land-use change only (benchmark_tmc_landuse_2023): the forest carbon stock a kg of metal
# mined removes, a one-off loss attributed per kg; the mine's fuel and power are not in it (no
# figure read), so these are lower bounds for the mining stage. Commissioned by a seabed-mining
# company (an interested party). Indonesia: Sulawesi's saprolite figure, the lower of the two
# (limonite, HPAL feed: 9.4), applied to the whole aggregate (Halmahera too: an estimate). The
# refiners' 13 t CO2e/t nickel (CarbonChain) is operational emissions, so nothing is counted twice
# as far as the sources say. (site, material): (kg CO2e per t of metal, note)
LAND_USE = {
    ("id_nickel_mines", "nickel_ore"): (7000, "land-use change only: forests holding 7.0 kg CO2e of carbon stock removed per kg "
                                        "of nickel mined from saprolite in Sulawesi (limonite 9.4; the lower used, and applied "
                                        "to Halmahera too: estimate) = 7,000 kg/t Ni; the mine's energy is not in it (lower bound)"),
    ("cd_cobalt_mines", "cobalt_ore"): (3600, "land-use change only: forests holding 3.6 kg CO2e of carbon stock removed per kg "
                                       "of cobalt mined in Katanga = 3,600 kg/t Co; the mine's energy and the copper-cobalt "
                                       "processing are not in it (lower bound)"),
}


def istrate_row(p, route, stages, what, rest):
    """An emission_factors row from Istrate et al. 2024 for process p: the given stages of a route,
    per t of element, with the arithmetic in the note."""
    v, how = istrate_t_per_t(route, stages)
    el = "Co" if route == "cobalt_sulfate" else "Li"
    return dict(site=p["site"], material=p["output"], kg_co2e_per_unit=round(v * 1000), source="istrate_2024",
                estimate=True, note=f"{what} (Istrate et al. 2024): {how} = {v:.2f} t CO2e/t {el} = "
                                    f"{v * 1000:,.0f} kg/t {el}; {rest}")


def emission_rows(sites, processes):
    by_id = {s["id"]: s for s in sites}
    rows = []
    seen = set()
    for p in processes:
        site = by_id[p["site"]]
        key = (p["site"], p["output"])
        if key in seen:
            continue
        if p["output"] in ("cell_nmc", "cell_lfp"):
            g = GRID.get(site["country"])
            src = "owid_ember_2023" if g is not None else "ember_world_2023"
            g = g if g is not None else GRID_WORLD
            kg_per_kwh = CELL_KWH_PER_KWH * g / 1000
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=round(kg_per_kwh * 1e6),
                             source="kurland_2020", estimate=True,
                             note=f"factory electricity {CELL_KWH_PER_KWH:g} kWh/kWh (Kurland 2020: 50-65) x grid {g} gCO2e/kWh "
                                  f"({site['country']}, {src}{'' if src == 'owid_ember_2023' else ': world average, country not read'})"
                                  f" = {kg_per_kwh:.2f} kg CO2e/kWh = {kg_per_kwh * 1e6:,.0f} kg/GWh"))
            seen.add(key)
        elif p["output"] in ("lithium_hydroxide", "lithium_carbonate") and not any(
                i == "black_mass" for i in p["inputs"]):
            route = LITHIUM_REFINING_ROUTE[key]
            rows.append(istrate_row(p, route, ["refining"], f"refining stage only, route {route.replace('_', ' ')}",
                                    "mining and concentration are counted at the mines; the plant's own inventory was "
                                    "not read, so the route's is applied (estimate)"))
            seen.add(key)
        elif p["output"] == "lithium_ore":
            brine = p["site"] in LITHIUM_BRINE_MINES
            rows.append(istrate_row(p, "brine_carbonate" if brine else "spodumene_hydroxide", ["mining", "concentration"],
                                    "mining and concentration, " + ("brine (Salar de Atacama's)" if brine else
                                                                    "spodumene concentrate (Greenbushes')"),
                                    "applied to this mine as an estimate"))
            seen.add(key)
        elif p["output"] == "cobalt_sulfate" and not any(i == "black_mass" for i in p["inputs"]):
            rows.append(istrate_row(p, "cobalt_sulfate", ["refining"],
                                    "refining stage only, cobalt hydroxide to sulfate in China",
                                    "mining and the hydroxide step are counted at Congo's mines; China's inventory "
                                    "applied to every primary refiner (estimate)"))
            seen.add(key)
        elif p["output"] == "manganese_sulfate":
            v = HPMSM_CN_KG_PER_KG / HPMSM_MN
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=round(v * 1000),
                             source="element25_hpmsm", estimate=True,
                             note=f"China's HPMSM, cradle to gate (mining inside it, so the manganese mines stay 0): "
                                  f"1.7 kg CO2e/kg (E25) / (1 - 0.67) = {HPMSM_CN_KG_PER_KG:.2f} kg CO2e/kg HPMSM / "
                                  f"{HPMSM_MN:.3f} t Mn/t HPMSM = {v:.1f} t CO2e/t Mn = {v * 1000:,.0f} kg/t Mn; back-computed "
                                  "from a producer's comparison (an interested party), applied to every plant (estimate)"))
            seen.add(key)
        elif p["output"] == "nickel_sulfate" and not any(i == "black_mass" for i in p["inputs"]):
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=NICKEL_T_CO2_PER_T * 1000,
                             source="carbonchain_ni_2024", estimate=True,
                             note=f"class 1 nickel, about {NICKEL_T_CO2_PER_T} t CO2e per t cradle to gate (mining inside it), "
                                  f"= {NICKEL_T_CO2_PER_T * 1000:,} kg/t Ni for every primary refiner; laterite routes "
                                  "(20-80 t by pathway) emit more, so a lower bound there; the sulfate step is not added"))
            seen.add(key)
        elif p["output"] == "synthetic_graphite" and p["site"] in SYNTHETIC_GRAPHITE_SITES:
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=SYNTHETIC_GRAPHITE_KG_PER_T,
                             source="surovtseva_2022", estimate=True,
                             note=f"cradle to gate, 13.8 kg CO2-eq/kg = {SYNTHETIC_GRAPHITE_KG_PER_T:,} kg/t (Surovtseva et al. 2022, "
                                  "inventory on a coal-heavy grid), so mining and precursor are inside it; other countries' "
                                  "synthetic graphite has no figure read (missing, counted 0)"))
            seen.add(key)
        elif key in LAND_USE and p["site"] in COBALT_MINES_ISTRATE:
            land, _ = LAND_USE[key]
            v, how = istrate_t_per_t("cobalt_sulfate", ["mining", "concentration"])
            total = land + v * 1000
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=round(total),
                             source="istrate_2024", estimate=True,
                             note=f"mining and the hydroxide step, Congo copper-cobalt ore (Istrate et al. 2024): {how} = "
                                  f"{v:.1f} t CO2e/t Co, plus land-use change {land:,} kg/t Co (forests holding 3.6 kg CO2e "
                                  "of carbon stock removed per kg of cobalt mined in Katanga, benchmark_tmc_landuse_2023; the "
                                  f"inventory's mining is diesel only, no forest loss) = {total:,.0f} kg/t Co"))
            seen.add(key)
        elif key in LAND_USE:
            v, note = LAND_USE[key]
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=v,
                             source="benchmark_tmc_landuse_2023", estimate=True, note=note))
            seen.add(key)
        elif p["output"] == "spherical_graphite" and p["site"] in NATURAL_GRAPHITE_SITES:
            rows.append(dict(site=p["site"], material=p["output"], kg_co2e_per_unit=NATURAL_GRAPHITE_KG_PER_T,
                             source="natgraphite_anode_cn", estimate=True,
                             note=f"natural graphite anode material, China, cradle to gate (mining, beneficiation, purification, "
                                  f"processing): {NATURAL_GRAPHITE_KG_PER_T:,} kg CO2-eq/t, counted per t of spherical graphite; the "
                                  "mines feeding the plant (also the quarter mined outside China) and the coating step are inside "
                                  "it and stay 0; other countries' natural graphite has no figure read"))
            seen.add(key)
    return rows


# Certifications: only where the modelled site is the audited operation itself (not an aggregate
# of which the audited plant is a part). due_diligence = a supply-chain due-diligence audit of the
# refiner (RMI's RMAP, after the OECD guidance); ethical_audit = an independent third-party audit of
# the operation's social and environmental performance (IRMA). (site, due_diligence, ethical_audit,
# source, note)
CERTIFICATIONS = [
    ("fi_cobalt_refining", True, False, "umicore_dd_cobalt_2023",
     "Umicore Finland Oy, the Kokkola cobalt refinery this site models (Kokkola address: umicore_kokkola_2023), is RMI "
     "conformant: RMAP cobalt refiner audit, last on-site assessment Nov 2022 covering 1 Dec 2019 - 30 Sep 2022, next "
     "Apr 2024 (report of 8 Mar 2024); the site's capacity is IEA's Finland total, which may include Nornickel "
     "Harjavalta's cobalt, itself listed RMAP conformant in 2022 (README); no IRMA-type site audit read"),
    ("cl_lithium_brine", False, True, "reuters_irma_atacama_2023",
     "the site is Chile's lithium brine extraction at the Salar de Atacama, SQM's and Albemarle's operations (all of "
     "Chile's 2024 mine output); both published IRMA audits of exactly that scope (brine extraction, concentration, "
     "waste disposal): Albemarle Salar Plant IRMA 50 (20 Jun 2023, irma_albemarle_2023), SQM IRMA 75 (6 Sep 2023, "
     "irma_sqm_2023); not a due-diligence (RMAP) audit; their chemical plants (La Negra, Salar del Carmen) are outside "
     "the audits and stay uncertified"),
]


def certification_rows(sites):
    ids = {s["id"] for s in sites}
    rows = []
    for site, dd, audit, src, note in CERTIFICATIONS:
        assert site in ids, site
        rows.append(dict(site=site, due_diligence=dd, ethical_audit=audit, source=src, note=note))
    return rows


LB_PER_T = 2204.62   # pounds per metric ton
LCE_PER_LI = 5.323   # t Li2CO3 per t Li (73.89 / (2 x 6.94))
# Price per t of element, 2024 (IRA value shares): (element, materials, usd_per_t, source, note).
ELEMENTS = [
    ("lithium", "lithium_carbonate;lithium_hydroxide", round(12296 * LCE_PER_LI), "cochilco_li_2024",
     f"2024 average lithium carbonate $12,296/t (Cochilco) x {LCE_PER_LI} t carbonate per t Li = "
     f"${12296 * LCE_PER_LI:,.0f}/t Li; hydroxide priced as carbonate"),
    ("nickel", "nickel_sulfate", 17000, "worldbank_ni_2024",
     "World Bank projection (Apr 2024) of the 2024 LME average, about $17,000/t (July 2024 was $16,335); a projection, "
     "not the outturn; refined nickel priced, sulfate premium not counted"),
    ("cobalt", "cobalt_sulfate", round(17 * LB_PER_T), "statista_co_2024",
     f"2024 US spot cobalt cathode, an estimated $17/lb x {LB_PER_T} lb/t = ${17 * LB_PER_T:,.0f}/t; metal priced, "
     "sulfate not"),
    ("manganese", "manganese_sulfate", round((4.80 + 6.29) / 2 * 100), "fastmarkets_mn_2024",
     "37 % Mn ore cif Tianjin, mean of $4.80 (30 Apr 2024) and $6.29 (28 May 2024) per dmtu (10 kg Mn) x 100 = "
     f"${(4.80 + 6.29) / 2 * 100:,.0f}/t Mn; ore, not battery-grade sulfate: a lower bound"),
    ("graphite", "spherical_graphite;synthetic_graphite", round((2000 + 2100) / 2 * (1 - 0.0244)), "fastmarkets_graphite_2024",
     "spherical 99.95 % C fob China, midpoint of $2,000-2,100/t (28 Dec 2023) less the 2.44 % fall of early 2024 = "
     f"${(2000 + 2100) / 2 * (1 - 0.0244):,.0f}/t; synthetic graphite priced as spherical"),
]


def write_tables(out_dir, write_csv, sites, processes):
    write_csv("emission_factors.csv", ["site", "material", "kg_co2e_per_unit", "source", "estimate", "note"],
              emission_rows(sites, processes))
    write_csv("site_certifications.csv", ["site", "due_diligence", "ethical_audit", "source", "note"],
              certification_rows(sites))
    write_csv("critical_elements.csv", ["element", "materials", "usd_per_t", "source", "estimate", "note"],
              [dict(element=e, materials=m, usd_per_t=price, source=src, estimate=True,
                    note=f"content basis of the dataset (1 t of element per t of each material); price: {note}")
               for e, m, price, src, note in ELEMENTS])


# ----------------------------------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------------------------------


def write_scenarios(scen, sim_note):
    """The standards scenario and the recycling-doubled variant (results measured with chaintwin,
    stated in each description)."""
    scen("eu_cell_carbon_standard.yaml", "eu_cell_carbon_standard",
         "EU buyers accept cells only at 60 kg CO2e/kWh or less",
         "Regulation (EU) 2023/1542 Art. 7 requires a carbon-footprint declaration for EV batteries and, by delegated acts "
         "not yet adopted, performance classes and a maximum threshold. This scenario sets such a threshold as a market rule: "
         "from 1 January 2026 EU buyers (the EU's EV demand, at the aggregate EU; Europe's storage demand, aggregate XE, is outside the rule) accept cells only from plants whose "
         "traced footprint is at most 60 kg CO2e/kWh. The footprint is chaintwin's cradle-to-gate trace (`chaintwin analyze "
         "footprint`): factory electricity 57.5 kWh/kWh times the grid's 2023 intensity; lithium by route and stage "
         "(Istrate et al. 2024: mining and concentration 5.9 t CO2e/t Li at the hard-rock mines, 3.9 at the brine mines; "
         "refining 98.4 (hydroxide) and 122.5 (carbonate) t/t Li from spodumene, 41.9 and 15.3 from brine); refined nickel at "
         "13 t CO2e/t (class 1, CarbonChain 2024, mining inside it); cobalt by stage (Istrate et al. 2024: Congo's mining and "
         "hydroxide 26.4 t/t Co, refining 45.0 t/t Co); manganese sulphate at 15.8 t/t Mn (China's, back-computed from a "
         "producer's comparison, Element 25); China's synthetic graphite at 13.8 kg CO2-eq/kg (Surovtseva et al. 2022) and "
         "natural graphite at 5.3 kg CO2-eq/kg of anode material; and the forest carbon stock removed by nickel mining in "
         "Indonesia (7.0 kg CO2e/kg Ni) and cobalt mining in Congo (3.6 kg/kg Co; Benchmark 2023). Cathode, separator and "
         "electrolyte making are not yet covered, so it is a lower bound. China's NMC plants trace to ~77.7 kg/kWh and its "
         "LFP ~55.0, India ~85.2, Korea ~66.5, the US ~62.9-66.9, Poland ~65.8, Germany ~61.9-66.1 and Japan ~62.0 (grid "
         "at the world average, 481 g/kWh, where the country's was not read), Hungary ~51.6-55.9, France ~41.6. The "
         "threshold was 40 kg/kWh until the cobalt, manganese, lithium-by-route and mining factors were added (Dec 2026), "
         "which raised every NMC plant's trace by 16-19 kg/kWh: at 40 no plant passes any more (every cell lane into the "
         "EU is blocked; 112.9 GWh of EU demand unserved) and at 50 only France's; 60 passes the NMC plants 40 passed "
         "before (Hungary's and France's), and now China's LFP too. What it does (" + sim_note + "): every lane of NMC "
         "cells from China, Korea, Poland and Germany (and the other plants above 60) to the EU buyers is blocked; EU NMC "
         "demand moves to Hungary's plants (267.5 GWh re-sourced from Hungary over the year), which cannot carry all of it "
         "from day 62: 47.8 GWh of EU demand unserved, no cell output lost; EU LFP demand is served from China, whose LFP passes. "
         "The standard compiles into one lane_closure event (`standard.eu_cell_carbon`) at load; nothing in the day loop "
         "changes.",
         " []\n",
         extra="""standards:
  - id: eu_cell_carbon
    description: cells sold to EU buyers at most 60 kg CO2e/kWh (cradle to gate, as traced)
    buyers: [eu]
    materials: [cell_nmc, cell_lfp]
    max_kg_co2e_per_kwh: 60
""")
    scen("indonesia_nickel_ban_recycling_doubled.yaml", "indonesia_nickel_ban_recycling_doubled",
         "Indonesia bans nickel exports, with recycling doubled (the recycling_doubled hedge)",
         "The Indonesian nickel export ban of indonesia_nickel_ban (same event), with the recycling_doubled hedge "
         "(../hedges/recycling_doubled.yaml) applied when the scenario is loaded, so the variant means exactly what "
         "the hedge does: Redwood Materials and the US end-of-life scrap that feeds it double, and Redwood's one buyer "
         "in the dataset, Sumitomo's Japanese cathode plant, takes twice its share of nickel from it (5 % to 10 %); "
         "China's and the EU's recyclers, bound by collection, are unchanged. Measure it with `chaintwin analyze "
         "dependence --on US --country JP --scenario` against indonesia_nickel_ban (or `--scenario "
         "indonesia_nickel_ban --hedge ../hedges/recycling_doubled.yaml`, the same figures). What it does (" + sim_note +
         "): Japan's nickel sulfate traces 14.0 % to US recycling instead of 7.2 %; no cell output is lost in either "
         "run (other nickel refiners have room), so lost output does not move.",
         """  - id: indonesia_nickel_export_ban
    kind: export_ban
    description: Indonesia bans exports of nickel intermediates and refined nickel
    start: 2026-01-01
    origin: ID
    materials: [nickel_ore, nickel_sulfate]
""", extra="hedges: [../hedges/recycling_doubled.yaml]\n")
