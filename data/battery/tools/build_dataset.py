#!/usr/bin/env python3
"""Builds data/battery/{network.yaml,*.csv,checks.csv,scenarios/*.yaml} from the figures below.

Every figure here is copied from data/battery/README.md's sources (public documents, listed in
SOURCES) or derived from them with the method stated in the `note` written next to it. The
script also propagates the baseline end-use demand upstream (lane shares x recipes) to size
initial inventories (stock days x expected use) and to check that no site is asked for more than
its capacity in the baseline. Run from anywhere: python3 data/battery/tools/build_dataset.py
"""
import csv
import math
import os
import sys
from collections import defaultdict

import circular_data  # recycling as supply, emission factors (tools/circular_data.py)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import names  # noqa: E402  (display names in English, Japanese and Korean: names.csv)

# ----------------------------------------------------------------------------------------------
# Sources
# ----------------------------------------------------------------------------------------------
SOURCES = [
    ("usgs_mcs2025_lithium", "Mineral Commodity Summaries 2025: Lithium", "U.S. Geological Survey", 2025,
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-lithium.pdf"),
    ("usgs_mcs2025_nickel", "Mineral Commodity Summaries 2025: Nickel", "U.S. Geological Survey", 2025,
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-nickel.pdf"),
    ("usgs_mcs2025_cobalt", "Mineral Commodity Summaries 2025: Cobalt", "U.S. Geological Survey", 2025,
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-cobalt.pdf"),
    ("usgs_mcs2025_graphite", "Mineral Commodity Summaries 2025: Graphite (natural)", "U.S. Geological Survey", 2025,
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-graphite.pdf"),
    ("usgs_mcs2025_manganese", "Mineral Commodity Summaries 2025: Manganese", "U.S. Geological Survey", 2025,
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-manganese.pdf"),
    ("iea_cm_data_2025", "Critical Minerals Data Explorer (May 2025 edition, base year 2024)", "International Energy Agency", 2025,
     "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer"),
    ("iea_gevo2024", "Global EV Outlook 2024: Trends in electric vehicle batteries", "International Energy Agency", 2024,
     "https://www.iea.org/reports/global-ev-outlook-2024/trends-in-electric-vehicle-batteries"),
    ("iea_gevo2025_electrive", "IEA report: dimensions and trends of the global battery market (on Global EV Outlook 2025)", "electrive", 2025,
     "https://www.electrive.com/2025/06/03/iea-report-dimensions-and-trends-of-the-global-battery-market"),
    ("iea_batteries_2025", "IEA analysis: battery demand exceeds one terawatt hour for the first time", "electrive", 2025,
     "https://electrive.com/2025/03/07/iea-analysis-battery-demand-exceeds-one-terawatt-hour-for-the-first-time"),
    ("iea_bset2024", "US and EU wriggling out of China's iron grip on battery supply chain (on IEA Batteries and Secure Energy Transitions)", "Recharge", 2024,
     "https://www.rechargenews.com/energy-transition/us-and-eu-wriggling-out-of-china-s-iron-grip-on-battery-supply-chain-iea/2-1-1632657"),
    ("iea_batteries_set2024_lfp", "Batteries and Secure Energy Transitions (LFP share of EV sales and of new battery storage, 2023)", "International Energy Agency", 2024,
     "https://www.iea.org/reports/batteries-and-secure-energy-transitions"),
    ("livemint_lfp_2025", "Electric vehicle battery technologies in India (quotes IEA on LFP shares in the EU, SE Asia, Brazil, India)", "Mint", 2025,
     "https://www.livemint.com/auto-news/electric-vehicle-battery-technologies-in-india-tata-agratas-ola-electric-amara-raja-byd-geely-mahindra-jsw/amp-11757330259122.html"),
    ("miit_2024", "2024 national lithium-ion battery industry operation (MIIT), reprint", "MIIT via China News Online", 2025,
     "https://www.china-news-online.com/lang/japanese/215039.html"),
    ("miit_2024_metalnomist", "China's lithium-ion battery output jumps (MIIT 2024 figures)", "The Metalnomist", 2025,
     "https://www.metalnomist.com/2025/05/chinas-lithium-ion-battery-output-jumps.html"),
    ("ggii_2024_cathode", "Chinese lithium battery shipments up 32.6% in 2024 (GGII data)", "Kallanish via Global Steel Web", 2025,
     "https://globalsteelweb.com/news/chinese-lithium-battery-shipments-up-32-6-in-2024/"),
    ("sne_anode_2024", "Chinese firms dominate global anode market as POSCO Future M falls out of top 10 (SNE Research 2024)", "Korea Bizwire", 2025,
     "http://koreabizwire.com/chinese-firms-dominate-global-anode-market-as-posco-future-m-falls-out-of-top-10"),
    ("sp_graphite_2023", "Graphite buyers stock up amid concerns about Chinese export controls", "S&P Global Market Intelligence", 2023,
     "https://spglobal.com/marketintelligence/en/news-insights/latest-news-headlines/graphite-buyers-stock-up-amid-concerns-about-chinese-export-controls-80178539"),
    ("benchmark_cam", "Infographic: Regional trends in cathode production capacity", "Benchmark Mineral Intelligence", 2024,
     "https://benchmark-source-core.pages.dev/article/infographic-regional-trends-in-cathode-production-capacity"),
    ("nyt_2023", "Can the World Make an Electric Car Battery Without China? (Benchmark data)", "The New York Times", 2023,
     "https://www.nytimes.com/interactive/2023/05/16/business/china-ev-battery.html"),
    ("bnef_vc_2022", "Visualizing China's Dominance in Battery Manufacturing (BNEF data, 2022 capacity)", "Visual Capitalist", 2023,
     "https://www.visualcapitalist.com/chinas-dominance-in-battery-manufacturing/"),
    ("argonne_us_cells", "The US clean energy manufacturing revolution is real (Argonne: US cell capacity 74 GWh in 2023)", "Canary Media repost", 2025,
     "https://stocknews24.com/2025/01/07/the-us-clean-energy-manufacturing-revolution-is-real"),
    ("cec_storage_2024", "China's battery storage capacity doubles in 2024 (China Electricity Council report)", "ESS News", 2025,
     "https://www.ess-news.com/2025/04/04/chinas-battery-storage-capacity-doubles-in-2024/"),
    ("trendforce_storage_2024", "74 GW/173 GWh energy storage projected deployed globally in 2024 (TrendForce)", "Commercial Solar Guy", 2024,
     "https://commercialsolarguy.com/74-gw-173-gwh-41-growth-energy-storage-projected-deployed-globally-in-2024-trendforce/"),
    ("batpac51", "BatPaC 5.1 default pack designs, material intensity per kWh (as tabulated in pmbusch/Critical-Minerals-EV)", "Argonne National Laboratory", 2022,
     "https://www.anl.gov/cse/batpac-model-software"),
    ("batpac52", "BatPaC 5.2 pack mass and cathode mass fraction (as coded in pmbusch/EoL-LIB-NorthAmerica)", "Argonne National Laboratory", 2023,
     "https://www.anl.gov/cse/batpac-model-software"),
    ("batterydesign_gwh", "1 GWh of Cells", "Battery Design", 2023, "https://www.batterydesign.net/1-gwh-of-cells/"),
    ("snowden_graphite", "Mineral Notes: Graphite (flake to spherical conversion 30-40 %)", "Snowden Group", 2020,
     "https://snowdengroup.com/news/mineral-notes-graphite/"),
    ("etnews_2019", "Korean reliance on Japanese aluminium pouch film", "ETNews", 2019, "http://english.etnews.com/20190806200001"),
    ("koreaherald_2023", "Editorial on China's graphite curbs (Korea ~45 days of graphite inventory)", "The Korea Herald", 2023,
     "http://www01.koreaherald.com/view.php?mp=5&np=50&ud=20231024000006"),
    ("kng_2023", "China's export restrictions on graphite pose risks to Korean battery makers", "Korea News Gazette", 2023,
     "https://www.koreanewsgazette.com/chinas-export-restrictions-on-graphite-pose-risks-to-korean-battery-makers/"),
    ("posco_2020", "POSCO Chemical breaks ground on 16,000 t artificial-graphite anode plant", "POSCO Chemical", 2020,
     "https://www.poscochemical.com/en/pr/view.do?num=515"),
    ("posco_2023", "POSCO Chemical expands its production capacity for artificial graphite anodes", "POSCO Chemical", 2023,
     "https://www.poscochemical.com/en/pr/view.do?num=660"),
    ("asiae_2024", "US Ambassador to Korea visits artificial graphite anode factory in Pohang (POSCO Future M ~80 kt anode)", "Asia Economy", 2024,
     "https://cm.asiae.co.kr/en/article/2024100809470116000"),
    ("yonhap_posco_cam_2023", "POSCO Future M to build new high-nickel cathode plant (Gwangyang 90 kt, total 105 kt)", "Yonhap", 2023,
     "https://m-en.yna.co.kr/view/AEN20230424005400320"),
    ("nmg_panasonic_2024", "NMG and Panasonic Energy announce binding offtake agreement and US$25 million private placement", "Batteries News", 2024,
     "https://batteriesnews.com/nmg-and-panasonic-energy-announce-binding-offtake-agreement-and-us25-million-private-placement-to-secure-the-supply-of-active-anode-material-for-north-american-battery-production/"),
    ("nmg_gm_2024", "Quebec's Nouveau Monde Graphite announces multiyear supply deals with Panasonic Energy and General Motors", "Electric Autonomy Canada", 2024,
     "https://electricautonomy.ca/news/2024-02-15/nmg-panasonic-energy-gm-anode-deal/"),
    ("nmg_assay_2024", "Nouveau Monde Graphite scores multiyear offtakes with GM and Panasonic (Matawinie 103 kt/yr)", "The Assay", 2024,
     "https://theassay.com/news/nouveau-monde-graphite-scores-multiyear-offtakes-with-gm-and-panasonic"),
    ("nmg_miningmag_2021", "Nouveau Monde enters phase 2 of anode facility", "Mining Magazine", 2021,
     "https://miningmagazine.com/environment/news/1406489/nouveau-monde-enters-phase-anode-facility"),
    ("panasonic_ks_2025", "Panasonic's second US battery plant officially launches", "Automotive World", 2025,
     "https://www.automotiveworld.com/news/panasonics-second-us-battery-plant-officially-launches/"),
    ("panasonic_ks_2022", "Panasonic De Soto, Kansas groundbreaking", "Green Car Congress", 2022,
     "https://www.greencarcongress.com/2022/11/20221106-panasonic.html"),
    ("lh_battery_2023", "LGES and Honda's EV battery JV in Ohio officially established", "InsideEVs", 2023,
     "https://insideevs.com/news/631054/lges-honda-ev-battery-jv-ohio-established/"),
    ("lg_toray_2021", "Toray and LG Chem separator joint venture in Hungary", "NNA / Kyodo", 2021, "https://english.nna.jp/articles/33991"),
    ("lges_wroclaw_2023", "LG Energy Solution Wroclaw shows no signs of slowing down", "LG Energy Solution", 2023,
     "https://news.lgensol.com/company-news/supplementary-stories/2047/"),
    ("catl_hu_2022", "CATL to build giant battery plant in Hungary", "The Diplomatic Insight", 2022,
     "https://thediplomaticinsight.com/catl-to-build-giant-battery-plant-in-hungary/"),
    ("sdi_god_2021", "Samsung SDI expands battery production in Hungary", "electrive", 2021,
     "https://www.electrive.com/2021/02/24/samsung-sdi-expands-battery-production-in-hungary/"),
    ("skon_komarom_2018", "Battery plant construction begins in Komarom", "Daily News Hungary / DT Europe", 2018,
     "https://dteurope.com/business/battery-plant-construction-begins-in-komarom/"),
    ("greenbushes_argus", "Australia's Greenbushes mine expands lithium capacity", "Argus Media", 2024,
     "https://www.argusmedia.com/en/news/2328828-australias-greenbushes-mine-expands-lithium-capacity"),
    ("pilgangoora_2023", "Pilbara Minerals takes FID on P1000 project", "NS Energy", 2023,
     "https://nsenergybusiness.com/company-news/pilbara-minerals-takes-fid-p1000-project-pilgangoora-lithium-mine"),
    ("kemerton_2023", "Albemarle to build two more trains at Kemerton", "Green Car Congress", 2023,
     "https://www.greencarcongress.com/2023/05/20230504-albemarle.html"),
    ("kwinana_2024", "Tianqi Lithium: Chinese Premier visits Kwinana", "Tianqi Lithium", 2024,
     "https://en.tianqilithium.com/content/details17_1137.html"),
    ("sqm_2022", "Chilena SQM invertira US$ 900 millones este ano en medio de expansion de capacidad en litio", "Gestion / Reuters", 2022,
     "https://elcomercio-gestion-prod.cdn.arcpublishing.com/economia/empresas/chilena-sqm-invertira-us-900-millones-este-ano-en-medio-de-expansion-de-capacidad-en-litio-noticia"),
    ("huayue_2022", "China's Huayou ships first MHP shipment from Indonesia JV", "CNA / Reuters", 2022,
     "https://www.channelnewsasia.com/business/chinas-huayou-ships-first-mhp-shipment-indonesia-jv-2497251"),
    ("huafei_2023", "Huayou Cobalt to add at least 500,000 T of nickel capacity in Indonesia", "Financial Post / Reuters", 2023,
     "http://financialpost.com/pmn/business-pmn/huayou-cobalt-to-add-at-least-500000-t-of-nickel-capacity-in-indonesia"),
    ("btr_id_2024", "China's BTR launches anode plant in Indonesia", "SEAISI / Kallanish", 2024, "https://seaisi.org/details/25189?type=news-rooms"),
    ("shanshan_fi", "Chinese battery materials maker invests in Finnish factory", "ScandAsia", 2023,
     "https://scandasia.com/chinese-battery-materials-maker-invests-in-finnish-factory/"),
    ("asahi_ca_2024", "Lithium-ion battery separator plant to be built in Ontario", "Auto Service World", 2024,
     "https://www.autoserviceworld.com/lithium-ion-battery-separator-plant-to-be-built-in-ontario/"),
    ("semcorp_hu_2021", "Semcorp opens production in Hungary", "Evertiq", 2021, "https://evertiq.com/news/50621"),
    ("mcc_electrolyte_2021", "Mitsubishi Chemical plans to increase electrolyte capacity in Japan by 5,000 tons", "CTECHi", 2021,
     "https://www.ctechigroup.com/mitsubishi-chemical-plans-to-increase-the-annual-production-capacity-of-lithium-battery-electrolyte-in-japan-by-5-000-to"),
    ("smm_cam_2021", "Japan's Sumitomo Metal to invest $424 million to boost battery materials output", "Reuters", 2021,
     "https://wtvbam.com/2021/07/06/japans-sumitomo-metal-to-invest-424-million-to-boost-battery-materials-output/"),
    ("umicore_nysa_2022", "Umicore opens cathode material plant in Poland", "electrive", 2022,
     "https://www.electrive.com/2022/09/21/umicore-opens-cathode-material-plant-in-poland/"),
    ("redwood_2025", "Redwood Materials statement on materials produced (repost; verify on redwoodmaterials.com)", "Redwood Materials", 2025,
     "https://web3.oucnyi.blue/it/discover/post/59773211562048"),
    ("meti_battery_2022", "This country aims to grab 20% share of global EV battery market by 2030 (METI battery strategy)", "HT Auto / Reuters", 2022,
     "https://auto.hindustantimes.com/auto/news/this-country-aims-to-grab-20-share-of-global-ev-battery-market-by-2030/amp-41650781733967.html"),
    ("meti_jmd_2022", "METI interim battery industry strategy", "Japan Metal Daily", 2022, "https://www.japanmetaldaily.com/articles/-/104710"),
    ("japan_canada_2023", "Japan, Canada sign deal on EV battery supply chains", "Jiji / nippon.com", 2023,
     "https://www.nippon.com/en/news/yjj2023092200305/japan-canada-sign-deal-on-ev-battery-supply-chains.html"),
    ("eu_members", "EU member countries", "European Union", 2025, "https://european-union.europa.eu/principles-countries-history/eu-countries_en"),
    ("g7_members", "G7 Critical Minerals Action Plan, Kananaskis (G7 members)", "Kallanish", 2025,
     "https://www.kallanish.com/en/news/power-materials/market-reports/article-details/g7-leaders-launch-action-plan-to-secure-critical-minerals-0625"),
    ("ustr_fta", "Free Trade Agreements (list of US FTA partners)", "Office of the U.S. Trade Representative", 2025,
     "https://ustr.gov/trade-agreements/free-trade-agreements"),
    ("irs_30d", "Clean vehicle tax credits (critical minerals, FTA countries, foreign entity of concern)", "Internal Revenue Service", 2025,
     "https://www.irs.gov/clean-vehicle-tax-credits"),
    ("doe_feoc_2023", "Interpretation of foreign entity of concern (covered nations: China, Russia, North Korea, Iran), 88 FR 84082", "U.S. Department of Energy", 2023,
     "https://www.federalregister.gov/documents/2023/12/04/2023-26532/interpretation-of-foreign-entity-of-concern"),
    ("xinhua_graphite_2023", "China announces export control on certain graphite materials", "Xinhua", 2023,
     "https://english.news.cn/20231020/b218269f9f9e4c708aae37c0ad3d4fe1/c.html"),
    ("smm_ann58_2025", "China implements export controls on lithium batteries and key materials (Ann. No. 58 of 2025)", "SMM", 2025,
     "https://news.metal.com/newscontent/103560601/[SMM-Analysis]-China-Implements-Export-Controls-on-Lithium-Batteries-and-Key-Materials,-Covering-High-End-Batteries-and-Artificial-Graphite-Anodes"),
    ("drc_cobalt_2025", "DRC bans cobalt exports for four months to curb oversupply", "Reuters via TimesLIVE", 2025,
     "https://www.timeslive.co.za/news/africa/2025-02-25-drc-bans-cobalt-exports-for-four-months-to-curb-oversupply/"),
    ("arecoms_2025", "Extension of the temporary suspension of cobalt exports sourced from the DRC (ARECOMS press release 2025/003)", "ARECOMS via EIN Presswire", 2025,
     "https://www.einpresswire.com/article/825123167/extension-of-the-temporary-suspension-of-cobalt-exports-sourced-from-the-democratic-republic-of-congo"),
    ("indonesia_ban_2019", "Indonesia announces nickel ore export ban starting in January 2020", "Reuters via Financial Post", 2019,
     "https://business.financialpost.com/pmn/business-pmn/indonesia-announces-nickel-ore-export-ban-starting-in-january-2020-2"),
    ("unctad_2024", "Navigating Troubled Waters: impact of global trade disruption on shipping routes", "UNCTAD", 2024,
     "https://reliefweb.int/report/world/navigating-troubled-waters-impact-global-trade-disruption-shipping-routes-red-sea-black-sea-and-panama-canal-unctad-rapid-assessment-february-2024-unctadosginf20242"),
    ("searoute", "Eurostat/ORNL global maritime network (searoute), shortest-path distances; days at assumed 12 kn bulk / 16 kn container", "Eurostat / ORNL (searoute-py packaging)", 2024,
     "https://github.com/genthalili/searoute-py"),
    ("mb_g7_stockpile_2026", "Japan PM Takaichi proposes G7 joint reserves for key minerals", "Manila Bulletin / Jiji", 2026,
     "https://mb.com.ph/2026/06/17/japan-pm-takaichi-proposes-g7-joint-reserves-for-key-minerals"),
    ("jogmec_stockpile", "Japan to strengthen control over rare metal reserves (JOGMEC 60-day target)", "Argus Media", 2020,
     "https://argusmedia.com/zh/news-and-insights/latest-market-news/2120125-japan-to-strengthen-control-over-rare-metal-reserves"),
    ("icc_anode_2024", "China Anode Material Production Cuts Deepen as Putailai Slows Output (ICC Sino: 2024 capacity 3.5 Mt/yr, output 2.12 Mt)", "The Metalnomist", 2025,
     "https://www.metalnomist.com/2025/06/china-anode-material-production-cuts.html"),
    ("smm_lfp_2024", "LFP to Hit a New High Again in 2024! A Quick Overview of the Annual Industry Analysis (SMM: 2024 LFP capacity nearly 4.7 Mt, output over 2.3 Mt, operating rate ~50 %)", "SMM (Shanghai Metals Market)", 2025,
     "https://news.metal.com/newscontent/103135433/LFP-to-Hit-a-New-High-Again-in-2024!-A-Quick-Overview-of-the-Annual-Industry-Analysis-[SMM-Analysis]"),
    ("smm_ternary_q3_2024", "SMM: China's ternary cathode production in Q3 2024 was 178,000 mt with an operating rate of around 41 %", "SMM (Shanghai Metals Market)", 2024,
     "https://metal.com/en/newscontent/103022821"),
    ("smm_ternary_dec_2024", "China's Ternary Cathode Material Production Began to Decline in December (operating rate around 39 %)", "SMM (Shanghai Metals Market)", 2024,
     "https://metal.com/en/newscontent/103116082"),
    ("mysteel_li2co3_2024", "China Li2CO3 capacity expansion continues in 2025 amidst phase-out (about 1.61 Mt/yr of lithium carbonate capacity at end-2024)", "Mysteel", 2025,
     "https://www.mysteel.net/market-insights/5072791-china-li2co3-capacity-expansion-continues-in-2025-amidst-phase-out"),
    ("fastmarkets_graphite_2023", "Industry integration to be the new trend for China graphite firms (anode producers build their own graphitisation)", "Fastmarkets", 2023,
     "https://www.fastmarkets.com/insights/industry-integration-to-be-the-new-trend-for-china-graphite-firms"),
    ("evtank_cells_2024", "Global Li-ion battery shipments rise in 2024: EV Tank (world 1,545 GWh, China 1,215 GWh or 79 %; EV 1,051 GWh, storage 370 GWh)", "Argus Media", 2025,
     "https://www.argusmedia.com/ja/news-and-insights/latest-market-news/2644130-global-li-ion-battery-shipments-rise-in-2024-ev-tank"),
    ("evtank_separator_2024", "Performance insights of TOP 10 lithium battery separator companies in 2024 (EVTank white paper 2025: China shipped 22.75 bn m2, 79.4 % of the world)", "SMM (Shanghai Metals Market)", 2025,
     "https://news.metal.com/newscontent/103315512/Performance-Insights-of-TOP-10-Lithium-Battery-Separator-Companies-in-2024:-Third-Place-or-5-Billion-Changes-Hands-to-Publicly-Listed-Firm"),
    ("sne_anode_2024_asiae", "POSCO Future M falls out of top 10 (SNE Research: 2024 anode shipments 2,111 kt; POSCO Future M 27.2 kt)", "Asia Economy", 2025,
     "https://cm.asiae.co.kr/en/article/2025052110484438309"),
    ("asiae_posco_util_2024", "Anode material supply chain crisis (POSCO Future M natural-graphite anode plant ran in the 40 % range in H1 2024)", "Asia Economy", 2024,
     "https://cm.asiae.co.kr/en/article/2024090908472870733"),
    ("bmi_wards_2023", "Battery supply? It's China, and everyone else (Benchmark: 2023 cell production China 904.5, US 52.9, Europe 44.6, Korea+Japan 49.8 GWh)", "WardsAuto", 2024,
     "https://www.wardsauto.com/industry-news/battery-supply-it-s-china-and-everyone-else"),
    ("bloomberg_graphite_dec2023", "China's natural graphite exports plunge after controls (Nov 2023 >45,000 t vs ~17,000 t monthly average Jan-Oct; Dec 3,973 t)", "Bloomberg via DirectorsTalk", 2024,
     "https://directorstalk.net/?p=861590"),
    ("fastmarkets_graphite_dec2023", "China's graphite exports plunge in December after introduction of export controls (spherical graphite to Korea 8,830 t in Nov 2023 vs ~3,000 t/month in 2022)", "Fastmarkets", 2024,
     "https://www.fastmarkets.com/insights/chinas-graphite-exports-plunge-in-december-after-introduction-of-export-controls"),
    ("syrah_vidalia_2024", "Syrah starts active anode material production in Louisiana (11.25 ktpa Vidalia; first AAM Feb 2024; 8 ktpa to Tesla subject to qualification)", "NS Energy", 2024,
     "https://www.nsenergybusiness.com/news/syrah-resources-starts-production-at-vidalia-aam-facility-in-us/"),
    ("nikkei_japan_ev_2024", "Japan EV sales plummet 33% in 2024, first decline in four years (Nikkei: 59,736 EVs sold)", "Machine Edge Global / Nikkei", 2025,
     "https://machineedgeglobal.com/?p=4213"),
    ("molit_korea_ev_2023", "EVs take up 9.3% of newly purchased cars in 2023 (MOLIT: 162,507 of 1.74 million)", "Yonhap via Betman", 2024,
     "https://betman.one/2024/02/evs-take-up-9-3-of-newly-purchased-cars-in-2023%EF%BF%BC/"),
    ("iea_gevo2025_india", "Over 25% of global car sales in 2025 are now electric (IEA GEVO 2025; India 99,378 electric cars in 2024; Brazil nearly 125,000)", "EVFY", 2025,
     "https://www.evfy.in/news/over-25-of-global-car-sales-in-2025-are-now-electric"),
    ("posco_spherical_2025", "Posco Future M to build spherical graphite plant in Saemangeum (KRW 436.1 bn, 37,000 t/yr from 2027)", "The Korea Herald", 2025,
     "https://www.koreaherald.com/article/10503706"),
    ("projectblue_nextsource_2025", "NextSource & Mitsubishi sign an offtake agreement for coated spherical purified graphite (9 ktpy to Mitsubishi Chemical; 15 ktpy to POSCO)", "Project Blue", 2025,
     "https://www.projectblue.com/blue/news-analysis/1285/nextsource-&-mitsubishi-sign-an-offtake-agreement-for-coated-spherical-purified-graphite"),
    ("bloomberg_graphite_oct2023", "Battery makers hunt for graphite ahead of China controls (LGES to buy ahead; POSCO Future M keeping 'proper levels of stockpiles')", "Bloomberg via Mining.com", 2023,
     "https://mining.com/web/battery-makers-hunt-for-graphite-ahead-of-china-controls"),
    ("smmt_uk_2024", "UK new car market 2024 (SMMT: 1,952,778 registrations; battery-electric 381,970, 19.6 %)", "Automotive Magazine / SMMT", 2025,
     "https://automotive-mag.com/?p=16822"),
    # Independent figures for checks.csv (issue 20 section 2): none of them is used to build the dataset.
    ("bmr_latam_li2co3_2024", "Big increase in LatAm lithium carbonate exports in 2024 (Chile 233.7 kt, up 24 %; Argentina 71.5 kt, up nearly 100 %)", "Battery Materials Review", 2025,
     "https://www.batterymaterialsreview.com/big-increase-in-latam-lithium-carbonate-exports-in-2024/"),
    ("sne_anode_ev_2024_chosun", "Global EV anode material loading 2024 (SNE Research: 1,043 kt; Chinese companies 990 kt, ~95 %; Korean 26 kt; Japanese 23 kt)", "Chosun Biz", 2025,
     "https://biz.chosun.com/en/en-industry/2025/03/12/WBWUJXJA4RCX3H7Y4S5YSOK4NA/"),
    ("adamas_ev_gwh_2024", "Asian car parc electrification hits another record (Jan-Oct 2024: 674.6 GWh in new passenger EVs; Asia Pacific 419.9 GWh, China 91 % of it; Europe 129.5; Americas 113.9)", "Adamas Intelligence", 2024,
     "https://www.adamasintel.com/asian-car-parc-electrification-hits-another-record/"),
    ("nea_storage_2024", "China's new energy storage capacity surges to 74 GW/168 GWh in 2024 (NEA: 42.37 GW / 101.13 GWh added in 2024, pumped hydro excluded)", "pv magazine / ESS News", 2025,
     "https://www.pv-magazine.com/2025/01/23/chinas-new-energy-storage-capacity-surges-to-74-gw-168-gwh-in-2024-up-130-yoy/"),
    ("acp_woodmac_storage_2024", "U.S. energy storage installations grow 33% year-over-year (Wood Mackenzie / ACP US Energy Storage Monitor: 12.3 GW / 37.1 GWh in 2024)", "pv magazine USA", 2025,
     "https://pv-magazine-usa.com/2025/03/19/u-s-energy-storage-installations-grow-33-year-over-year"),
    ("kallanish_syrah_2025", "Syrah extends Tesla offtake cure date again (offtake of Dec 2021: specifications by 31 Dec 2022, qualification by 31 May 2025; Tesla default notice Jul 2025; cure date 16 Jan 2026; Vidalia began operations in 2024)", "SEAISI / Kallanish", 2025,
     "https://www.seaisi.org/details/27531?type=news-rooms"),
    ("electrive_syrah_2026", "Syrah extends Tesla graphite deal deadline - for the third time (cure date and final qualification deadline moved to 16 Mar 2026)", "electrive", 2026,
     "https://www.electrive.com/2026/01/20/syrah-extends-tesla-graphite-deal-deadline-for-the-third-time"),
    ("evblog_btr_2024", "BTR invests in a new anode materials plant in Indonesia (customers include Panasonic, Samsung SDI, LGES, SK On, CATL and BYD)", "evblog.it", 2024,
     "https://www.evblog.it/2024/08/11/btr-investe-in-una-nuova-fabbrica-di-materiali-per-anodi-in-indonesia"),
    ("tesla_inventory_2024", "Tesla Inc. analysis of inventory (10-K: raw materials USD 5,390 M at end-2023, 5,242 M at end-2024)", "Stock Analysis on Net", 2025,
     "https://www.stock-analysis-on.net/NASDAQ/Company/Tesla-Inc/Analysis/Inventory"),
    ("tesla_income_2024", "Tesla, Inc. annual income statement (SEC: 2024 revenues USD 97,690 M, total cost of revenues 80,240 M)", "BeautifyData (SEC data)", 2026,
     "https://beautifydata.com/us-sec/business-finances/latest-annual-financials-per-company/tesla-inc/income-statement"),
    ("dealsite_posco_2023", "POSCO Future M stocks up on cathode raw materials (inventories before allowances KRW 1.165 trn at end-March 2023, 884.9 bn at end-2022; inventory turnover 4.2)", "Dealsite", 2023,
     "https://dealsite.co.kr/articles/104609"),
    # Company inventories (issue 20 section 3): days of inventory at the Korean cell makers, from their filings as reported.
    ("economidaily_inventory_2023", "Samsung SDI's inventory management 'better than LG and SK' (Q3 2023 quarterly reports: inventories LGES KRW 6.9444 trn, Samsung SDI 3.3413 trn, SK On 4.4223 trn; inventory turnover LGES 4.2, Samsung SDI 5.8, SK On 2.3)", "Economic Daily (Korea)", 2023,
     "https://www.economidaily.com/view/20231127144719121"),
    ("asiatoday_lges_2024", "LG Energy Solution slows investment and builds cash (2023 inventory turnover 4.6 times, 1.2 more than in 2022)", "Asia Today", 2024,
     "https://www.asiatoday.co.kr/view.php?lcode=7&series=pln041&ncid=series&key=20240428010015695"),
    ("sdi_audit_2024_naver", "Samsung SDI 2024 audit report: inventories KRW 3.3 trn at end-2023 and 2.88 trn at end-2024 (filed 21 Feb 2025)", "Naver Premium (CPA for you)", 2025,
     "https://contents.premium.naver.com/accangel/cpaforyou/contents/250226123310823dj"),
    ("stockanalysis_sdi_2024", "Samsung SDI income statement (FY2024 cost of revenue KRW 17,655,000 million)", "Stock Analysis", 2025,
     "https://stockanalysis.com/quote/krx/006400/financials"),
    ("dealsite_sdi_2024", "Samsung SDI inventory valuation losses grow (finished goods KRW 436.1 bn at end-2023, 749.4 bn at end-June 2024; inventories 3.6381 trn)", "Dealsite", 2024,
     "https://dealsite.co.kr/articles/127115"),
    ("chaintwin_assumption", "chaintwin modelling assumption (no public figure found; method in the figure's note)", "chaintwin project", 2026,
     "data/battery/README.md"),
] + names.SOURCES
SOURCES += circular_data.SOURCES
SOURCE_IDS = {s[0] for s in SOURCES}

# ----------------------------------------------------------------------------------------------
# Countries and groups
# ----------------------------------------------------------------------------------------------
EU27 = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]
COUNTRY_NAMES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
    "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
    "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
    "AR": "Argentina", "AU": "Australia", "BR": "Brazil", "CA": "Canada", "CD": "Congo (Kinshasa)",
    "CL": "Chile", "CN": "China", "CU": "Cuba", "GA": "Gabon", "GB": "United Kingdom", "GH": "Ghana",
    "ID": "Indonesia", "IN": "India", "JP": "Japan", "KR": "Korea, Republic of", "KP": "Korea, North",
    "LK": "Sri Lanka", "MA": "Morocco", "MG": "Madagascar", "MY": "Malaysia", "MZ": "Mozambique",
    "NA": "Namibia", "NC": "New Caledonia", "NO": "Norway", "PG": "Papua New Guinea", "PH": "Philippines",
    "RU": "Russia", "TR": "Turkey", "TZ": "Tanzania", "US": "United States", "VN": "Viet Nam",
    "ZA": "South Africa", "ZW": "Zimbabwe", "ZM": "Zambia", "TH": "Thailand", "CI": "Cote d'Ivoire",
    "IR": "Iran", "MX": "Mexico", "BH": "Bahrain", "CO": "Colombia", "CR": "Costa Rica",
    "DO": "Dominican Republic", "SV": "El Salvador", "GT": "Guatemala", "HN": "Honduras", "IL": "Israel",
    "JO": "Jordan", "NI": "Nicaragua", "OM": "Oman", "PA": "Panama", "PE": "Peru", "SG": "Singapore",
    "IT": "Italy", "XW": "Rest of world (aggregate; user-assigned code, not a country)",
    # Aggregates that hold demand no single member country can be given (not countries): EU is
    # ISO 3166-1's exceptionally reserved code for the European Union, XE a user-assigned code.
    "EU": "European Union (aggregate of the member states)",
    "XE": "Europe (aggregate: EU, UK, EFTA, others)",
}
# Regions (groups marked `region: true`): totals by region add up; a country is in at most one.
REGIONS = {"eu"}

GROUPS = [
    ("eu", "European Union", EU27 + ["EU"], "eu_members", False,
     "27 member states (2025), plus the aggregate `EU` where the EU's demand is placed (not in one member). A region: "
     "simulate's by_region totals add up its members."),
    ("g7", "Group of Seven", ["CA", "FR", "DE", "IT", "JP", "GB", "US"], "g7_members", False,
     "The EU takes part in the G7 but is not a member country."),
    ("meti_partners", "Partners named in Japan's battery strategy (2023 revision)",
     ["CA", "AU", "US", "eu", "GB", "NO", "ID", "PH", "VN", "MY", "TH", "CD", "ZA", "ZM", "ZW", "NA", "MZ",
      "MG", "TZ", "GA", "GH", "MA"], "meti_battery_2022", True,
     "Issue text: Canada, Australia, the United States, Europe, Southeast Asian and African resource "
     "countries; Korea not among them. The 2023 revision's list was not found in public text (confidence "
     "U); 'Europe' is read as the EU plus UK and Norway, the resource countries as those with mines or "
     "refineries in this dataset. Japan-Canada battery MoC: 21 Sep 2023 [japan_canada_2023]."),
    ("us_fta", "United States free-trade-agreement partners (plus Japan under the 2023 critical minerals agreement)",
     ["AU", "BH", "CA", "CL", "CO", "CR", "DO", "SV", "GT", "HN", "IL", "JO", "KR", "MX", "MA", "NI", "OM", "PA",
      "PE", "SG", "JP"], "ustr_fta", False,
     "20 FTA partners per USTR; Japan added because the Treasury treats the US-Japan Critical Minerals "
     "Agreement (28 Mar 2023) as an FTA for the 30D critical-minerals test [irs_30d]."),
    ("feoc", "Countries of concern under the US foreign-entity-of-concern rules (covered nations)",
     ["CN", "RU", "KP", "IR"], "doe_feoc_2023", False, "10 U.S.C. 4872 covered nations, as used by DOE's 2023 FEOC interpretation."),
]
CHOKEPOINTS = [
    ("malacca", "Strait of Malacca (and Singapore Strait)", 2.5, 101.0),
    ("taiwan_strait", "Taiwan Strait", 24.0, 119.5),
    ("lombok", "Lombok Strait (and Makassar Strait)", -8.77, 115.73),
    ("suez_red_sea", "Suez Canal and Red Sea (Bab-el-Mandeb)", 30.0, 32.55),
    ("panama", "Panama Canal", 9.08, -79.68),
    ("cape_good_hope", "Cape of Good Hope", -34.36, 18.47),
]

# ----------------------------------------------------------------------------------------------
# Materials
# ----------------------------------------------------------------------------------------------
MATERIALS = [
    ("lithium_ore", "Lithium mine output (spodumene concentrate, brine), t Li content", "t", "mining"),
    ("nickel_ore", "Nickel mine output and intermediates (ore, MHP, matte), t Ni content", "t", "mining"),
    ("cobalt_ore", "Cobalt mine output and intermediates (hydroxide, MHP), t Co content", "t", "mining"),
    ("manganese_ore", "Manganese ore, t Mn content", "t", "mining"),
    ("natural_graphite", "Natural graphite concentrate (flake), t", "t", "mining"),
    ("lithium_carbonate", "Lithium carbonate (battery grade), t Li content", "t", "refining"),
    ("lithium_hydroxide", "Lithium hydroxide monohydrate (battery grade), t Li content", "t", "refining"),
    ("nickel_sulfate", "Refined nickel used as nickel sulphate feed, t Ni content", "t", "refining"),
    ("cobalt_sulfate", "Refined cobalt used as cobalt sulphate feed, t Co content", "t", "refining"),
    ("manganese_sulfate", "Battery-grade manganese sulphate, t Mn content", "t", "refining"),
    ("spherical_graphite", "Spherical (purified, micronised) natural graphite, t", "t", "refining"),
    ("synthetic_graphite", "Synthetic (artificial) graphite for anodes, t", "t", "refining"),
    ("cathode_nmc", "Cathode active material, NMC (NMC622/811 blend; NCA counted here), t", "t", "component"),
    ("cathode_lfp", "Cathode active material, LFP, t", "t", "component"),
    ("anode_material", "Anode active material (coated graphite), t", "t", "component"),
    ("separator", "Separator film, m2", "m2", "component"),
    ("electrolyte", "Liquid electrolyte (LiPF6 in carbonates), t", "t", "component"),
    ("pouch_film", "Aluminium-laminate pouch film, m2", "m2", "component"),
    ("black_mass", "Black mass and scrap from end-of-life batteries, t contained Ni+Co+Li", "t", "end_of_life"),
    ("cell_nmc", "Li-ion cells, NMC/NCA, GWh", "GWh", "cell"),
    ("cell_lfp", "Li-ion cells, LFP, GWh", "GWh", "cell"),
]
MAT_UNIT = {m[0]: m[2] for m in MATERIALS}

# ----------------------------------------------------------------------------------------------
# Recipes (BatPaC 5.1 per kWh; NMC = mean of NMC622 and NMC811)
# ----------------------------------------------------------------------------------------------
NMC = dict(li=(0.110 + 0.100) / 2, ni=(0.546 + 0.658) / 2, co=(0.183 + 0.083) / 2, mn=(0.170 + 0.077) / 2,
           gr=(0.910 + 0.924) / 2, cam=(1.46 + 1.30) / 2)
LFP = dict(li=0.091, gr=0.985, cam=2.00)
SEPARATOR_M2_PER_KWH = 17.9   # MIIT 2024: 21 bn m2 / 1,170 GWh
ELECTROLYTE_KG_PER_KWH = 0.47  # BatteryDesign: 0.39 L/kWh x 1.2 kg/L
POUCH_M2_PER_KWH = 0.35        # estimate, see note
SPHERICAL_FLAKE_T_PER_T = round(1 / 0.35, 2)  # Snowden: 30-40 % conversion -> midpoint 35 %
NATURAL_SHARE_AAM = round(290 / (1760 + 290), 3)  # SNE 2024 anode shipments: natural 290 kt, artificial 1,760 kt

R_NOTE_NMC = ("BatPaC 5.1 mean of NMC622 and NMC811 per kWh: Li {li:.4f}, Ni {ni:.3f}, Co {co:.3f}, Mn {mn:.4f}, "
              "graphite {gr:.3f} kg/kWh; CAM per kWh (BatPaC 5.2 pack mass x cathode fraction) NMC622 1.46, NMC811 1.30, "
              "mean {cam:.2f} kg/kWh").format(**NMC)

CELL_NMC_INPUTS = {
    "cathode_nmc": (f"{NMC['cam']:.2f} kg/kWh", "batpac52", True, R_NOTE_NMC),
    "anode_material": (f"{NMC['gr']:.3f} kg/kWh", "batpac51", True,
                       "BatPaC 5.1 graphite per kWh, mean of NMC622 (0.910) and NMC811 (0.924); AAM taken as 1 t per t graphite"),
    "separator": (f"{SEPARATOR_M2_PER_KWH} m2/kWh", "miit_2024", True,
                  "MIIT 2024: China's separator output 21 bn m2 / Li-ion output 1,170 GWh = 17.9 m2/kWh; an upper bound (exports, stock)"),
    "electrolyte": (f"{ELECTROLYTE_KG_PER_KWH} kg/kWh", "batterydesign_gwh", True,
                    "Battery Design: ~0.39 L electrolyte per kWh x assumed density 1.2 kg/L"),
}
CELL_LFP_INPUTS = {
    "cathode_lfp": (f"{LFP['cam']:.2f} kg/kWh", "batpac52", True,
                    "BatPaC 5.2: LFP pack 666 kg/100 kWh x 30 % cathode = 2.00 kg/kWh (same by stoichiometry: P 0.392 / 0.196)"),
    "anode_material": (f"{LFP['gr']:.3f} kg/kWh", "batpac51", False, "BatPaC 5.1 LFP graphite per kWh"),
    "separator": CELL_NMC_INPUTS["separator"],
    "electrolyte": CELL_NMC_INPUTS["electrolyte"],
}
POUCH_INPUT = ("pouch_film", (f"{POUCH_M2_PER_KWH} m2/kWh", "chaintwin_assumption", True,
                              "estimate: two faces of a ~60 Ah, 3.65 V EV pouch cell (~0.1 x 0.35 m) plus ~20 % seal margin = ~0.084 m2 per 0.23 kWh"))
CAM_NMC_INPUTS = {
    "nickel_sulfate": (f"{NMC['ni'] / NMC['cam']:.4f} t/t", "batpac51", True, "Ni per kWh / CAM per kWh (t Ni per t CAM)"),
    "cobalt_sulfate": (f"{NMC['co'] / NMC['cam']:.4f} t/t", "batpac51", True, "Co per kWh / CAM per kWh (t Co per t CAM)"),
    "manganese_sulfate": (f"{NMC['mn'] / NMC['cam']:.4f} t/t", "batpac51", True, "Mn per kWh / CAM per kWh (t Mn per t CAM)"),
    "lithium_hydroxide": (f"{NMC['li'] / NMC['cam']:.4f} t/t", "batpac51", True,
                          "Li per kWh / CAM per kWh (t Li per t CAM); the ~3 % of Li in the electrolyte salt is not split out"),
}
CAM_LFP_INPUTS = {
    "lithium_carbonate": (f"{LFP['li'] / LFP['cam']:.4f} t/t", "batpac51", True,
                          "BatPaC 5.1 LFP Li 0.091 kg/kWh / 2.00 kg CAM per kWh (t Li per t CAM; LiFePO4 stoichiometry gives 0.044)"),
}
CONTENT = lambda m: {m: ("1 t/t", "chaintwin_assumption", True,
                         "content basis: 1 t of element in per t of element out; refining losses are not modelled")}
SPHERICAL_INPUTS = {"natural_graphite": (f"{SPHERICAL_FLAKE_T_PER_T} t/t", "snowden_graphite", True,
                                         "flake-to-spherical conversion 30-40 % (Snowden) -> 1/0.35 t flake per t spherical")}

# ----------------------------------------------------------------------------------------------
# Containers
# ----------------------------------------------------------------------------------------------
sites = []          # dicts
site_by_id = {}
processes = []      # dicts with numeric cap (per year, canonical units)
inputs = []         # dicts
lanes = []          # dicts
demand = []         # dicts
contracts = []


def q(v):
    """Formats a number compactly."""
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.6g}"


def add_site(sid, country, name, operator="", source="", estimate=False, note="", lat=None, lon=None,
             external=False, stock_days=None, region=None, kind="csv", description=""):
    assert sid not in site_by_id, sid
    assert country in COUNTRY_NAMES, country
    assert source in SOURCE_IDS, (sid, source)
    s = dict(id=sid, country=country, name=name, operator=operator, source=source, estimate=estimate,
             note=note, lat=lat, lon=lon, external=external, stock_days=stock_days, region=region or country,
             kind=kind, description=description, stock_override={})
    sites.append(s)
    site_by_id[sid] = s
    return s


def add_proc(site, output, cap, source, estimate=False, note="", start=None, ins=None, pid=None, out2024=None):
    """cap: nameplate per year in canonical units of the output (t, GWh, m2).
    out2024: (value per year, source, estimate, note) of the 2024 output where it differs from the
    capacity (the capacity is then a separate nameplate figure); None = the capacity figure itself is
    the 2024 output or the only figure known (see OUTPUT_BASIS_NOTE)."""
    assert source in SOURCE_IDS, (site, source)
    if out2024 is not None:
        assert out2024[1] in SOURCE_IDS, (site, out2024)
        assert out2024[0] <= cap, (site, "output above nameplate")
    p = dict(site=site, output=output, cap=cap, source=source, estimate=estimate, note=note, start=start,
             id=pid or output, inputs=ins or {}, out2024=out2024)
    processes.append(p)
    for m, (ratio, src, est, nt) in (ins or {}).items():
        assert src in SOURCE_IDS, src
        inputs.append(dict(site=site, process=p["id"], material=m, per_unit=ratio, source=src, estimate=est, note=nt))
    return p


def cap_text(material, cap):
    u = MAT_UNIT[material]
    if u == "t":
        return f"{q(cap)} t/yr" if cap < 1000 else f"{q(round(cap / 1000, 4))} kt/yr"
    if u == "GWh":
        return f"{q(cap)} GWh/yr"
    if u == "m2":
        return f"{q(cap)} m2/yr"
    raise ValueError(u)


# ----------------------------------------------------------------------------------------------
# Transit: port-region pairs. (days, chokepoints, mode, source, estimate, note)
# Tabulated (searoute) days are rounded up to whole days; inland legs are assumptions.
# ----------------------------------------------------------------------------------------------
SEA = {}
MISSING = set()


def route(a, b, days, chokes=(), src="searoute", est=True, note="", mode="sea"):
    SEA[(a, b)] = (days, list(chokes), mode, src, est, note)


# bulk (12 kn) for ores/concentrates, container (16 kn) for chemicals, components, cells
route("AU", "CN", 12, ["lombok"], note="Port Hedland-Shanghai 3,260 nm at 12 kn = 11.3 d; Bunbury-Shanghai 14.1 d; rounded")
route("AU", "CN:c", 9, ["lombok"], note="Port Hedland-Shanghai at 16 kn = 8.5 d")
route("AU", "KR", 11, ["lombok"], note="Hedland-Busan 9.5 d at 16 kn; Kwinana/Bunbury ~1 d further (assumed)")
route("AU", "JP", 11, ["lombok"], note="Hedland-Yokohama 9.9 d at 16 kn; Kwinana ~1 d further (assumed)")
route("AU", "EU", 28, ["suez_red_sea"], note="estimate: Fremantle-Rotterdam ~10,500 nm at 16 kn, not tabulated")
# South-west Western Australia (Greenbushes ships via Bunbury; Kemerton near Bunbury, Kwinana near Fremantle)
route("AUSW", "CN", 15, ["lombok"], note="Bunbury-Shanghai 4,060 nm at 12 kn = 14.1 d, rounded up")
route("AUSW", "CN:c", 11, ["lombok"], note="Bunbury-Shanghai 4,060 nm at 16 kn = 10.6 d, rounded up")
route("AUSW", "KR", 12, ["lombok"], note="estimate: Bunbury-Busan ~4,440 nm (Bunbury-Shanghai + Hedland-Busan minus Hedland-Shanghai) at 16 kn = 11.6 d")
route("AUSW", "JP", 12, ["lombok"], note="estimate: Bunbury-Yokohama ~4,600 nm (same method) at 16 kn = 12.0 d")
route("AUSW", "EU", 28, ["suez_red_sea"], note="estimate: Fremantle-Rotterdam ~10,500 nm at 16 kn, not tabulated")
route("AUSW", "FI", 30, ["suez_red_sea"], note="estimate: Fremantle-Kokkola ~11,000 nm at 16 kn")
route("CL", "CN", 27, [], note="Antofagasta-Shanghai 10,258 nm at 16 kn = 26.7 d (open Pacific)")
route("CL", "KR", 26, [], note="Antofagasta-Busan 25.5 d at 16 kn")
route("CL", "JP", 25, [], note="Antofagasta-Yokohama 24.5 d at 16 kn")
route("CL", "EU", 20, ["panama"], note="estimate: Antofagasta-Rotterdam via Panama ~7,400 nm at 16 kn, not tabulated")
route("ZW", "CN", 31, ["malacca"], note="Durban-Shanghai 24.3 d at 12 kn + ~7 d assumed inland road/rail to Durban or Beira")
route("NA", "CN", 28, ["cape_good_hope", "malacca"], note="estimate: Walvis Bay-Shanghai ~7,900 nm at 12 kn, not tabulated")
route("BR", "CN", 38, ["cape_good_hope", "malacca"], note="estimate: Santos/Vitoria-Shanghai ~11,000 nm at 12 kn via the Cape, not tabulated")
route("CA", "CN", 40, ["panama"], note="estimate: Montreal-Yokohama 38.7 d at 12 kn via Panama, +1-2 d to Shanghai")
route("ID", "CN", 9, [], note="Morowali-Shanghai 2,349 nm at 12 kn = 8.2 d (Celebes/Philippine seas)")
route("ID", "CN:c", 7, [], note="Morowali-Shanghai at 16 kn = 6.1 d")
route("ID", "KR", 7, [], note="Morowali-Busan 6.8 d at 16 kn")
route("ID", "JP", 8, [], note="Morowali-Yokohama 7.2 d at 16 kn")
route("ID", "EU", 26, ["malacca", "suez_red_sea"], note="estimate: Java-Rotterdam ~8,900 nm at 16 kn (west via Sunda/Malacca and Suez)")
route("PH", "CN", 5, [], note="estimate: Surigao-Shanghai ~1,400 nm at 12 kn, not tabulated")
route("PH", "JP", 6, [], note="estimate: Surigao-Niihama ~1,700 nm at 12 kn, not tabulated")
route("NC", "CN", 16, [], note="estimate: Noumea-Shanghai ~4,600 nm at 12 kn, not tabulated")
route("NC", "JP", 14, [], note="estimate: Noumea-Yokohama ~4,000 nm at 12 kn, not tabulated")
route("PG", "CN", 11, [], note="estimate: Madang-Shanghai ~3,100 nm at 12 kn, not tabulated")
route("TR", "CN", 29, ["suez_red_sea", "malacca"], note="estimate: Mersin-Shanghai ~8,200 nm at 12 kn, not tabulated")
route("MG", "JP", 24, ["malacca"], note="estimate: Toamasina-Yokohama ~7,000 nm at 12 kn, not tabulated")
route("MG", "CN", 21, ["malacca"], note="Toamasina-Shanghai 6,015 nm at 12 kn = 20.9 d")
route("MZ", "CN", 23, ["malacca"], note="Nacala-Shanghai 6,502 nm at 12 kn = 22.6 d")
route("MZ", "USE", 36, ["cape_good_hope"], note="estimate: Nacala-New Orleans ~9,700 nm at 12 kn via the Cape + ~2 d barge/road to Vidalia")
route("TZ", "CN", 23, ["malacca"], note="Dar es Salaam-Shanghai 6,446 nm at 12 kn = 22.4 d")
route("CD", "CN", 34, ["malacca"], note="Durban-Shanghai 24.3 d at 12 kn + ~10 d assumed trucking Kolwezi-Durban (inland leg not sourced)")
route("CD", "FI", 37, ["cape_good_hope"], note="estimate: ~10 d trucking + Durban-Kokkola ~7,600 nm at 12 kn round the Cape")
route("RU", "FI", 5, [], mode="rail", note="estimate: Norilsk matte via Murmansk/rail to Harjavalta/Kokkola")
route("AU", "FI", 30, ["suez_red_sea"], note="estimate: Fremantle-Kokkola ~11,000 nm at 16 kn")
route("CU", "CA", 15, [], note="estimate: Moa-Fort Saskatchewan (sea to Canada + rail)")
route("ZA", "CN", 25, ["malacca"], note="Durban-Shanghai 6,990 nm at 12 kn = 24.3 d")
route("GA", "CN", 35, ["cape_good_hope", "malacca"], note="estimate: Owendo-Shanghai ~10,000 nm at 12 kn")
route("GH", "CN", 36, ["cape_good_hope", "malacca"], note="estimate: Takoradi-Shanghai ~10,300 nm at 12 kn")
route("XW", "CN", 20, ["malacca"], note="estimate: rest-of-world supplier, typical Indian-Ocean voyage")
route("XW", "KR", 20, ["malacca"], note="estimate: rest-of-world supplier")
route("XW", "JP", 20, ["malacca"], note="estimate: rest-of-world supplier")
route("XW", "EU", 20, [], note="estimate: rest-of-world supplier")
route("FI", "EU", 3, [], note="estimate: Kokkola/Harjavalta-Gdansk ~500 nm + road")
route("CN", "KR", 2, [], note="Shanghai-Busan 475 nm at 16 kn = 1.2 d; rounded up for port handling")
route("CN", "JP", 3, [], note="Shanghai-Yokohama 1,032 nm at 16 kn = 2.7 d")
route("CN", "EU", 31, ["taiwan_strait", "malacca", "suez_red_sea"],
      note="Shanghai-Gdansk 11,385 nm at 16 kn = 29.6 d (Shanghai-Rotterdam 27.4 d) + ~1 d inland; Taiwan Strait on the network route from Ningbo/Shenzhen side")
route("CN", "HU", 25, ["taiwan_strait", "malacca", "suez_red_sea"], note="Shanghai-Koper 8,545 nm at 16 kn = 22.3 d + ~2 d rail to Hungary")
route("CN", "USW", 18, [], note="Shanghai-Los Angeles 5,764 nm at 16 kn = 15.0 d + ~3 d rail inland (assumed)")
route("CN", "USE", 29, ["panama"], note="Shanghai-Savannah 10,281 nm at 16 kn = 26.8 d via Panama + ~2 d inland")
route("CN", "IN", 11, ["taiwan_strait", "malacca"], note="estimate: Shanghai-Chennai ~4,000 nm at 16 kn")
route("CN", "BR", 30, ["malacca", "cape_good_hope"], note="estimate: Shanghai-Santos ~11,000 nm via Singapore and the Cape at 16 kn = 28.6 d, rounded up")
route("KR", "BR", 31, ["malacca", "cape_good_hope"], note="estimate: Busan-Santos ~11,400 nm via the Cape at 16 kn = 29.7 d, rounded up")
route("JP", "BR", 31, ["malacca", "cape_good_hope"], note="estimate: as Busan-Santos (Yokohama similar distance)")
route("CN", "XW", 15, ["malacca"], note="estimate: average voyage from China to the rest-of-world markets (SE Asia, India, UK, others)")
route("CN", "FI", 31, ["taiwan_strait", "malacca", "suez_red_sea"], note="as Shanghai-Gdansk, 29.6 d at 16 kn + Baltic leg")
route("KR", "JP", 2, [], note="Busan-Yokohama 673 nm at 16 kn = 1.8 d")
route("JP", "KR", 2, [], note="Yokohama-Busan 1.8 d; Kobe-Busan 1.0 d at 16 kn")
route("KR", "USW", 17, [], note="Busan-Los Angeles 5,309 nm at 16 kn = 13.8 d + ~3 d rail")
route("JP", "USW", 16, [], note="Yokohama-Los Angeles 4,929 nm at 16 kn = 12.8 d + ~3 d rail")
route("KR", "USE", 28, ["panama"], note="Busan-Savannah 9,826 nm at 16 kn = 25.6 d + ~2 d inland")
route("JP", "USE", 28, ["panama"], note="estimate: as Busan-Savannah (Yokohama similar distance) + ~2 d inland")
route("KR", "EU", 32, ["malacca", "suez_red_sea"], note="Busan-Gdansk 11,767 nm at 16 kn = 30.6 d + ~1 d inland")
route("JP", "EU", 31, ["malacca", "suez_red_sea"], note="Yokohama-Rotterdam 11,315 nm at 16 kn = 29.5 d + ~1 d inland")
route("KR", "HU", 27, ["malacca", "suez_red_sea"], note="estimate: Busan-Koper ~9,000 nm at 16 kn + ~2 d rail")
route("JP", "HU", 27, ["malacca", "suez_red_sea"], note="estimate: Yokohama-Koper ~9,000 nm at 16 kn + ~2 d rail")
route("KR", "XW", 10, [], note="estimate: average voyage from Korea to rest-of-world markets")
route("JP", "XW", 10, [], note="estimate: average voyage from Japan to rest-of-world markets")
route("IN", "XW", 10, [], note="estimate")
route("EU", "XW", 10, [], note="estimate: Poland/Hungary to other European and rest-of-world markets")
route("HU", "XW", 10, [], note="estimate")
route("CA", "USE", 4, [], mode="rail", note="estimate: Becancour-US Midwest/Southeast by rail")
route("CA", "USW", 7, [], mode="rail", note="estimate: Becancour-Nevada/Kansas by rail")
route("USW", "JP", 16, [], note="Los Angeles-Yokohama 12.8 d at 16 kn + ~3 d rail from Nevada")
route("US", "KR", 17, [], note="Los Angeles-Busan 13.8 d at 16 kn + ~3 d rail")
route("ID", "HU", 28, ["malacca", "suez_red_sea"], note="estimate: Java-Koper ~8,000 nm at 16 kn + 2 d rail")
route("ID", "USW", 18, [], note="estimate: Java-Los Angeles ~8,000 nm at 16 kn + rail")
route("ID", "USE", 32, ["malacca", "suez_red_sea"], note="estimate: Java-Savannah ~11,000 nm at 16 kn")
route("HU", "EU", 2, [], mode="road", note="estimate: Hungary-Germany/Poland by road")
route("EU", "HU", 2, [], mode="road", note="estimate: Poland/Germany-Hungary by road")
route("CN", "ID", 7, [], note="Shanghai-Morowali/Java ~6-7 d at 16 kn")
route("CN", "CA", 31, ["panama"], note="estimate: Shanghai-Montreal via Panama ~11,000 nm at 16 kn")
route("EU", "USW", 26, ["panama"], note="estimate: Gdansk-Los Angeles via Panama ~8,600 nm at 16 kn + ~3 d rail")
route("EU", "USE", 14, [], note="estimate: Gdansk/Rotterdam-Savannah ~4,800 nm at 16 kn + inland")
route("AR", "CN", 30, [], note="Argentine carbonate trucked to Antofagasta (~3 d, assumed) + Antofagasta-Shanghai 26.7 d at 16 kn")
route("CA", "JP", 29, ["panama"], note="Montreal-Yokohama 11,149 nm via Panama at 16 kn = 29.0 d")
route("CA", "KR", 30, ["panama"], note="estimate: as Montreal-Yokohama + ~1 d")
route("FI", "KR", 33, ["suez_red_sea", "malacca"], note="estimate: reverse of Busan-Gdansk (30.6 d at 16 kn) + Baltic leg")
route("ID", "IN", 8, ["malacca"], note="estimate: Java-Chennai ~2,500 nm at 16 kn")
route("JP", "IN", 14, ["malacca"], note="estimate: Yokohama-Chennai ~5,000 nm at 16 kn")
route("KR", "IN", 13, ["malacca"], note="estimate: Busan-Chennai ~4,700 nm at 16 kn")
route("MY", "CN", 7, [], note="estimate: Kuantan-Shanghai ~2,000 nm at 12 kn")
route("RU", "CN", 14, [], mode="rail", note="estimate: Norilsk/Kola metals by rail to China")
route("USE", "EU", 14, [], note="estimate: Gulf/Savannah-Rotterdam ~4,800 nm at 16 kn + inland")
route("USE", "HU", 18, [], note="estimate: Gulf-Koper ~5,800 nm at 16 kn + rail")
route("USE", "IN", 30, ["suez_red_sea"], note="estimate: Gulf-Chennai ~10,000 nm at 16 kn")
route("USE", "JP", 28, ["panama"], note="estimate: Gulf-Yokohama via Panama ~9,200 nm at 16 kn")
route("USE", "KR", 28, ["panama"], note="estimate: Gulf-Busan via Panama ~9,500 nm at 16 kn")
route("XW", "FI", 20, [], note="estimate: rest-of-world supplier")
route("ID", "KR:b", 9, [], note="Morowali-Busan 2,629 nm at 12 kn = 9.1 d")


def transit(from_site, to_site, container=True):
    a = site_by_id[from_site]["region"]
    b = site_by_id[to_site]["region"]
    if a == b or site_by_id[from_site]["country"] == site_by_id[to_site]["country"] and a.rstrip("WE") == b.rstrip("WE"):
        return (3, [], "road", "chaintwin_assumption", True, "domestic leg: 3 d by road/rail assumed")
    keys = []
    if container:
        keys.append((a, b + ":c"))
    else:
        keys.append((a, b + ":b"))
    keys.append((a, b))
    # regional fallbacks
    eu_like = {"PL": "EU", "DE": "EU", "FR": "EU", "FI": "FI", "HU": "HU"}
    for k in list(keys):
        keys.append((eu_like.get(k[0], k[0]), eu_like.get(k[1].split(":")[0], k[1].split(":")[0])))
    for k in keys:
        if k in SEA:
            return SEA[k]
    # generic: same-continent neighbours
    MISSING.add((a, b))
    return (99, [], "sea", "chaintwin_assumption", True, "MISSING")


LICENSED_MATERIALS = {"natural_graphite", "spherical_graphite", "synthetic_graphite", "anode_material"}


def add_lane(frm, to, material, share=None, alternate=False, qualification=None, note="", source=None,
             estimate=True, container=None, lid=None):
    if container is None:
        container = MAT_UNIT[material] != "t" or material not in (
            "lithium_ore", "nickel_ore", "cobalt_ore", "manganese_ore", "natural_graphite")
    days, chokes, mode, src, est, tnote = transit(frm, to, container)
    if lid is None and site_by_id[frm]["country"] == "CN" and site_by_id[to]["country"] != "CN" and material in LICENSED_MATERIALS:
        lid = f"{frm}.{to}.{material}"  # named: the export-licensing scenarios list these lanes
    l = dict(id=lid or "", frm=frm, to=to, material=material, transit=days, mode=mode, chokepoints=chokes,
             share=share, alternate=alternate, qualification=qualification,
             source=source or src, estimate=estimate or est,
             note=(note + ("; " if note and tnote else "") + ("transit: " + tnote if tnote else "")))
    lanes.append(l)
    return l


# Sources that give a lane split itself (not only context): all of Korea's pouch film from DNP and
# Showa Denko (the 50/50 between them is still an estimate); nearly all US/EU LFP from China.
SHARE_SOURCES = {"chaintwin_assumption", "etnews_2019", "livemint_lfp_2025"}


def supply(buyer, material, shares, note="", source="chaintwin_assumption", alternates=(), qual="90 d",
           alt_note=""):
    """shares: list of (supplier, weight); normalised to sum 1 (3 decimals)."""
    if source not in SHARE_SOURCES:
        # The split itself is an estimate: the lane cites the assumption and names the source of
        # the context (e.g. a country's output) in its note.
        if source != "chaintwin_assumption":
            note = (note + "; " if note else "") + f"split estimated (context: {source})"
        source = "chaintwin_assumption"
    tot = sum(w for _, w in shares)
    vals = [round(w / tot, 3) for _, w in shares]
    diff = round(1 - sum(vals), 3)
    i = max(range(len(vals)), key=lambda k: vals[k])
    vals[i] = round(vals[i] + diff, 3)
    for (s, _), v in zip(shares, vals):
        add_lane(s, buyer, material, share=v, note=note, source=source)
    for s in alternates:
        q = qual.get(s, qual.get("*")) if isinstance(qual, dict) else (qual, alt_note)
        q_days, q_note, q_src = (q + ("chaintwin_assumption",))[:3]
        add_lane(s, buyer, material, alternate=True, qualification=q_days,
                 note=q_note or "alternate supplier; qualification time assumed", source=q_src)


def split_by_capacity(suppliers, material):
    """weights proportional to each supplier's capacity of `material`."""
    out = []
    for s in suppliers:
        c = sum(p["cap"] for p in processes if p["site"] == s and p["output"] == material)
        out.append((s, c))
    return out


# ==============================================================================================
# MINING (USGS MCS 2025, production 2024e; capacity set to 2024 output)
# ==============================================================================================
MINE_NOTE = "capacity set to USGS 2024 estimated mine production (effective capacity)"


def mine(sid, country, material, cap, source, name, operator="", note="", estimate=False, lat=None, lon=None,
         region=None, kind="csv", description=""):
    add_site(sid, country, name, operator, source, estimate, note or MINE_NOTE, lat, lon, region=region, kind=kind,
             description=description)
    add_proc(sid, material, cap, source, estimate, note or MINE_NOTE)


# Lithium, t Li
SC6_LI = 0.0279  # Li in SC6 spodumene concentrate (6 % Li2O)
gb_li = 1_270_000 * SC6_LI
pg_li = 680_000 * SC6_LI
mine("au_greenbushes", "AU", "lithium_ore", round(gb_li), "greenbushes_argus", "Greenbushes lithium mine",
     "Talison Lithium (Tianqi/IGO 51 %, Albemarle 49 %)",
     note="1.27 Mt/yr SC6 concentrate x 2.79 % Li (SC6 stoichiometry) = 35.4 kt Li/yr; world's largest hard-rock Li mine; ships via Bunbury",
     estimate=True, lat=-33.86, lon=116.06, kind="yaml", region="AUSW",
     description="World's largest hard-rock lithium mine; CGP3 (+520 kt) and tailings plant (+280 kt) from 2025 are not included.")
mine("au_pilgangoora", "AU", "lithium_ore", round(pg_li), "pilgangoora_2023", "Pilgangoora lithium mine", "PLS (Pilbara Minerals)",
     note="680 kt/yr SC6 (pre-P1000) x 2.79 % Li = 19.0 kt Li/yr; P1000 (1.0 Mt/yr) reached full rate in Sep qtr 2025, not included; ships via Port Hedland",
     estimate=True, lat=-21.03, lon=118.9, kind="yaml")
mine("au_lithium_other", "AU", "lithium_ore", 88_000 - round(gb_li) - round(pg_li), "usgs_mcs2025_lithium",
     "Australia, other lithium mines (aggregate)", note="USGS 2024 Australia 88,000 t Li minus Greenbushes and Pilgangoora as modelled", estimate=True,
     lat=-21.0, lon=119.0)
for sid, c, cap, nm, lat, lon in [
    ("cl_lithium_brine", "CL", 49_000, "Chile, Salar de Atacama brine (SQM, Albemarle)", -23.5, -68.25),
    ("cn_lithium_mines", "CN", 41_000, "China, lithium mines and brines (aggregate)", 30.0, 102.0),
    ("zw_lithium_mines", "ZW", 22_000, "Zimbabwe, lithium mines (aggregate)", -17.8, 31.0),
    ("ar_lithium_brine", "AR", 18_000, "Argentina, lithium brines (aggregate)", -24.0, -66.5),
    ("br_lithium_mines", "BR", 10_000, "Brazil, lithium mines (aggregate)", -16.5, -41.8),
    ("ca_lithium_mines", "CA", 4_300, "Canada, lithium mines (aggregate)", 48.5, -78.0),
    ("na_lithium_mines", "NA", 2_700, "Namibia, lithium mines (aggregate)", -21.9, 15.8),
]:
    mine(sid, c, "lithium_ore", cap, "usgs_mcs2025_lithium", nm, lat=lat, lon=lon)

# Nickel, t Ni
for sid, c, cap, nm, lat, lon in [
    ("id_nickel_mines", "ID", 2_200_000, "Indonesia, nickel mines (aggregate; Sulawesi, Halmahera)", -2.8, 122.0),
    ("ph_nickel_mines", "PH", 330_000, "Philippines, nickel mines (aggregate)", 9.5, 125.5),
    ("ru_nickel_mines", "RU", 210_000, "Russia, nickel mines (Norilsk, Kola)", 69.3, 88.2),
    ("ca_nickel_mines", "CA", 190_000, "Canada, nickel mines (Sudbury, Voisey's Bay, Raglan)", 46.5, -81.0),
    ("cn_nickel_mines", "CN", 120_000, "China, nickel mines (Jinchuan and others)", 38.5, 102.2),
    ("au_nickel_mines", "AU", 110_000, "Australia, nickel mines (aggregate)", -31.0, 121.5),
    ("nc_nickel_mines", "NC", 110_000, "New Caledonia, nickel mines (aggregate)", -21.5, 165.5),
    ("br_nickel_mines", "BR", 77_000, "Brazil, nickel mines (aggregate)", -14.0, -48.0),
]:
    mine(sid, c, "nickel_ore", cap, "usgs_mcs2025_nickel", nm, lat=lat, lon=lon)
mine("xw_nickel_mines", "XW", "nickel_ore", 300_000, "usgs_mcs2025_nickel", "Rest of world, nickel mines (USGS 'Other countries')",
     note="USGS 2024 'Other countries' 300,000 t; placed in the rest-of-world aggregate", lat=None, lon=None)

# Cobalt, t Co
for sid, c, cap, nm, lat, lon in [
    ("cd_cobalt_mines", "CD", 220_000, "Congo (Kinshasa), copper-cobalt mines (Katanga; CMOC, Glencore, ERG and artisanal)", -10.7, 25.5),
    ("id_cobalt_mines", "ID", 28_000, "Indonesia, cobalt in nickel laterite (HPAL MHP)", -2.8, 122.0),
    ("ru_cobalt_mines", "RU", 8_700, "Russia, cobalt (Norilsk)", 69.3, 88.2),
    ("ca_cobalt_mines", "CA", 4_500, "Canada, cobalt (by-product)", 46.5, -81.0),
    ("ph_cobalt_mines", "PH", 3_800, "Philippines, cobalt (HPAL Coral Bay, Taganito)", 9.5, 125.5),
    ("au_cobalt_mines", "AU", 3_600, "Australia, cobalt (by-product)", -31.0, 121.5),
    ("cu_cobalt_mines", "CU", 3_500, "Cuba, cobalt (Moa)", 20.6, -74.9),
    ("pg_cobalt_mines", "PG", 2_800, "Papua New Guinea, cobalt (Ramu)", -5.6, 145.3),
    ("tr_cobalt_mines", "TR", 2_700, "Turkey, cobalt (Gordes HPAL)", 38.9, 28.3),
    ("mg_cobalt_mines", "MG", 2_600, "Madagascar, cobalt (Ambatovy)", -18.9, 48.3),
    ("nc_cobalt_mines", "NC", 1_500, "New Caledonia, cobalt (by-product)", -21.5, 165.5),
]:
    mine(sid, c, "cobalt_ore", cap, "usgs_mcs2025_cobalt", nm, lat=lat, lon=lon)

# Manganese, t Mn
for sid, c, cap, nm, lat, lon in [
    ("za_manganese_mines", "ZA", 7_400_000, "South Africa, manganese mines (Kalahari field)", -27.2, 22.9),
    ("ga_manganese_mines", "GA", 4_600_000, "Gabon, manganese mines (Moanda)", -1.57, 13.2),
    ("au_manganese_mines", "AU", 2_800_000, "Australia, manganese mines (Groote Eylandt)", -14.0, 136.6),
    ("gh_manganese_mines", "GH", 820_000, "Ghana, manganese mines (Nsuta)", 5.3, -1.98),
    ("in_manganese_mines", "IN", 800_000, "India, manganese mines", 21.5, 79.0),
    ("cn_manganese_mines", "CN", 770_000, "China, manganese mines", 23.5, 108.0),
    ("br_manganese_mines", "BR", 590_000, "Brazil, manganese mines", -6.0, -50.0),
    ("my_manganese_mines", "MY", 410_000, "Malaysia, manganese mines", 4.0, 102.0),
    ("ci_manganese_mines", "CI", 360_000, "Cote d'Ivoire, manganese mines", 8.0, -5.5),
    ("xw_manganese_mines", "XW", 1_300_000, "Rest of world, manganese mines (USGS 'Other countries')", None, None),
]:
    mine(sid, c, "manganese_ore", cap, "usgs_mcs2025_manganese", nm, lat=lat, lon=lon)

# Natural graphite, t
for sid, c, cap, nm, lat, lon in [
    ("cn_graphite_mines", "CN", 1_270_000, "China, natural graphite mines (Heilongjiang, Inner Mongolia; ~85 % flake)", 45.8, 130.9),
    ("mg_graphite_mines", "MG", 89_000, "Madagascar, graphite mines (Molo, Sahamamy and others)", -18.1, 49.4),
    ("br_graphite_mines", "BR", 68_000, "Brazil, graphite mines (Minas Gerais, Bahia)", -16.0, -41.0),
    ("in_graphite_mines", "IN", 27_800, "India, graphite mines", 23.0, 85.0),
    ("tz_graphite_mines", "TZ", 25_000, "Tanzania, graphite mines (Lindi Jumbo and others)", -9.9, 39.7),
    ("ca_graphite_mines", "CA", 20_000, "Canada, graphite mines (Lac-des-Iles and others)", 46.6, -75.5),
    ("ru_graphite_mines", "RU", 20_000, "Russia, graphite mines", 55.0, 83.0),
    ("kr_graphite_mines", "KR", 9_600, "Korea, graphite mines", 36.5, 128.0),
    ("no_graphite_mines", "NO", 7_000, "Norway, graphite mine (Skaland)", 69.4, 17.3),
    ("lk_graphite_mines", "LK", 3_300, "Sri Lanka, vein graphite mines", 7.3, 80.2),
    ("tr_graphite_mines", "TR", 3_100, "Turkey, graphite mines", 39.0, 32.0),
]:
    mine(sid, c, "natural_graphite", cap, "usgs_mcs2025_graphite", nm, lat=lat, lon=lon)
mine("mz_balama", "MZ", "natural_graphite", 75_000, "usgs_mcs2025_graphite", "Balama graphite mine (Mozambique output)", "Syrah Resources",
     note="USGS 2024 Mozambique output 75,000 t, essentially all from Balama; force majeure Dec 2024, restarted mid-2025", lat=-13.33, lon=38.6,
     kind="yaml", description="Feeds Syrah's Vidalia (Louisiana) anode plant and Chinese spheronisers; exports via Nacala.")
mine("ca_nmg_matawinie", "CA", "natural_graphite", 3_000, "nmg_assay_2024", "Matawinie graphite mine (demonstration scale)",
     "Nouveau Monde Graphite", estimate=True,
     note="estimate: demonstration-scale output sized to feed the Becancour demonstration line (2 kt/yr AAM x 1.43 t/t); "
          "the commercial mine (103,000 t/yr concentrate, 25-year life) is pre-FID; see graphite_ban_nmg_full",
     lat=46.67, lon=-73.92, kind="yaml",
     description="Planned 103,000 t/yr open-pit graphite mine at Saint-Michel-des-Saints, Quebec (Phase 2, pre-FID 2024-25).")

# ==============================================================================================
# REFINING (IEA Critical Minerals Data Explorer 2025, base year 2024; capacity = 2024 output)
# ==============================================================================================
REF_NOTE = "capacity set to IEA 2024 refined output (effective capacity)"
# Lithium chemicals, t Li
cn_li_total = 169_700
carb_share = (670 / 5.323) / (670 / 5.323 + 360 / 6.046)
add_site("cn_lithium_refining", "CN", "China, lithium chemical plants (aggregate: Ganfeng, Tianqi, Yahua and others)",
         source="iea_cm_data_2025", note=REF_NOTE, lat=28.0, lon=115.0, stock_days=45)
CN_LI2CO3_CAP = round(1_610_000 / 5.323)
add_proc("cn_lithium_refining", "lithium_carbonate", CN_LI2CO3_CAP, "mysteel_li2co3_2024", True,
         "nameplate: Mysteel ~1.61 Mt/yr lithium carbonate capacity in China at end-2024 (spodumene 50 %, lepidolite 27 %, brine 12 %, recycling 11 %) / 5.323 = "
         f"{CN_LI2CO3_CAP / 1000:.1f} kt Li",
         ins=CONTENT("lithium_ore"),
         out2024=(round(cn_li_total * carb_share), "iea_cm_data_2025", True,
                  f"IEA 2024 China lithium chemicals 169.7 kt Li x carbonate share {carb_share:.3f} (MIIT 2024 battery grade: 670 kt Li2CO3 / 5.323 vs 360 kt LiOH.H2O / 6.046)"))
add_proc("cn_lithium_refining", "lithium_hydroxide", cn_li_total - round(cn_li_total * carb_share), "iea_cm_data_2025", True,
         "IEA 2024 China lithium chemicals 169.7 kt Li x hydroxide share (MIIT 2024 split)", ins=CONTENT("lithium_ore"))
add_site("cl_sqm_carmen", "CL", "Salar del Carmen lithium chemical plant", "SQM", "sqm_2022",
         note="2022 company plans", lat=-23.5, lon=-70.3, stock_days=45, kind="yaml",
         description="SQM's Antofagasta conversion plant; brine from Salar de Atacama.")
add_proc("cl_sqm_carmen", "lithium_carbonate", round(210_000 / 5.323), "sqm_2022", True,
         "210 kt/yr Li2CO3 (early 2023) / 5.323 = 39.5 kt Li", ins=CONTENT("lithium_ore"))
add_proc("cl_sqm_carmen", "lithium_hydroxide", round(40_000 / 6.046), "sqm_2022", True,
         "40 kt/yr LiOH.H2O / 6.046 = 6.6 kt Li", ins=CONTENT("lithium_ore"))
add_site("cl_lithium_refining_other", "CL", "Chile, other lithium chemical plants (Albemarle La Negra)", "Albemarle",
         "iea_cm_data_2025", True, "IEA 2024 Chile 49.3 kt Li minus SQM Salar del Carmen as modelled", -23.75, -70.3, stock_days=45)
add_proc("cl_lithium_refining_other", "lithium_carbonate", 49_300 - round(210_000 / 5.323) - round(40_000 / 6.046),
         "iea_cm_data_2025", True, "residual: IEA Chile 49.3 kt Li minus SQM", ins=CONTENT("lithium_ore"))
add_site("ar_lithium_refining", "AR", "Argentina, lithium carbonate plants (aggregate)", source="iea_cm_data_2025", note=REF_NOTE,
         lat=-24.2, lon=-65.3, stock_days=45)
add_proc("ar_lithium_refining", "lithium_carbonate", 13_200, "iea_cm_data_2025", note=REF_NOTE, ins=CONTENT("lithium_ore"))
add_site("au_kemerton", "AU", "Kemerton lithium hydroxide plant (trains 1-2)", "Albemarle", "kemerton_2023",
         note="trains 3-4 (+50 kt) announced 2023, then halted; IEA 2024 Australian output was only 4.3 kt Li", lat=-33.2, lon=115.77,
         stock_days=45, kind="yaml", region="AUSW")
AU_LI_CHEM_2024 = 4_300  # IEA 2024: Australia's lithium chemicals output, t Li (Kemerton and Kwinana)
AU_LIOH_CAP = {"au_kemerton": round(50_000 / 6.046), "au_kwinana": round(24_000 / 6.046)}


def au_lioh_out(sid):
    """2024 output of an Australian hydroxide plant: IEA's Australian total split by nameplate (estimate)."""
    tot = sum(AU_LIOH_CAP.values())
    v = round(AU_LI_CHEM_2024 * AU_LIOH_CAP[sid] / tot)
    return (v, "iea_cm_data_2025", True,
            f"estimate: IEA 2024 Australia lithium chemicals 4.3 kt Li (both plants) x this plant's share of their nameplate "
            f"({AU_LIOH_CAP[sid]} / {tot} t Li) = {v} t Li; the plants ran far below nameplate in 2024")


add_proc("au_kemerton", "lithium_hydroxide", AU_LIOH_CAP["au_kemerton"], "kemerton_2023", True, "50 kt/yr LiOH.H2O / 6.046",
         ins=CONTENT("lithium_ore"), out2024=au_lioh_out("au_kemerton"))
add_site("au_kwinana", "AU", "Kwinana lithium hydroxide plant (train 1)", "Tianqi Lithium Energy Australia (Tianqi/IGO)", "kwinana_2024",
         note="train 2 (+24 kt) on hold; product sold to Europe, Japan, Korea", lat=-32.2, lon=115.78, stock_days=45, kind="yaml",
         region="AUSW")
add_proc("au_kwinana", "lithium_hydroxide", AU_LIOH_CAP["au_kwinana"], "kwinana_2024", True, "24 kt/yr LiOH.H2O / 6.046",
         ins=CONTENT("lithium_ore"), out2024=au_lioh_out("au_kwinana"))
add_site("xw_lithium_refining", "XW", "Rest of world, lithium chemicals (IEA 'rest of world')", source="iea_cm_data_2025",
         note="IEA 2024 rest of world 5.1 kt Li; external source (inputs not modelled)", external=True)
add_proc("xw_lithium_refining", "lithium_hydroxide", 5_100, "iea_cm_data_2025", note="IEA 2024 rest of world 5.1 kt Li")

# Nickel, t Ni (refined nickel all classes; the battery-grade sulphate subset is not published by country)
NI_NOTE = "IEA 2024 refined nickel (all classes) used as the sulphate-capable capacity; battery-grade sulphate by country not published"
add_site("id_nickel_refining", "ID", "Indonesia, nickel processing (NPI, matte, MHP; aggregate: IMIP Morowali, IWIP Weda Bay)",
         source="iea_cm_data_2025", estimate=True, note=NI_NOTE, lat=-2.8, lon=122.1, stock_days=45)
add_proc("id_nickel_refining", "nickel_sulfate", 1_493_000 - 60_000 - 120_000, "iea_cm_data_2025", True,
         "IEA 2024 Indonesia 1,493 kt minus Huayue and Huafei as modelled", ins=CONTENT("nickel_ore"))
add_site("id_huayue", "ID", "PT Huayue Nickel Cobalt (HPAL), Morowali", "Huayou 57 %, CMOC 30 %, Tsingshan 10 %", "huayue_2022",
         note="MHP 60 kt Ni + 7.8 kt Co per yr; first MHP shipment to Ningbo Feb 2022; cobalt in MHP is refined in China and modelled as Indonesian mine cobalt",
         lat=-2.82, lon=122.16, stock_days=45, kind="yaml")
add_proc("id_huayue", "nickel_sulfate", 60_000, "huayue_2022", note="60 kt/yr Ni in MHP", ins=CONTENT("nickel_ore"))
add_site("id_huafei", "ID", "PT Huafei Nickel Cobalt (HPAL), Weda Bay", "Huayou", "huafei_2023",
         note="120 kt Ni + 15 kt Co per yr; commissioning 2023", lat=0.47, lon=127.95, stock_days=45, kind="yaml")
add_proc("id_huafei", "nickel_sulfate", 120_000, "huafei_2023", note="120 kt/yr Ni in MHP", ins=CONTENT("nickel_ore"))
for sid, c, cap, nm, lat, lon in [
    ("cn_nickel_refining", "CN", 1_091_000, "China, nickel refineries and sulphate plants (aggregate)", 30.0, 121.5),
    ("ru_nickel_refining", "RU", 126_000, "Russia, nickel refineries (Norilsk, Kola)", 69.3, 88.2),
    ("ca_nickel_refining", "CA", 113_000, "Canada, nickel refineries (Sudbury, Long Harbour, Fort Saskatchewan)", 46.5, -81.0),
    ("au_nickel_refining", "AU", 80_000, "Australia, nickel refineries (Kwinana, Murrin Murrin)", -32.2, 115.8),
    ("fi_nickel_refining", "FI", 62_000, "Finland, nickel refineries (Harjavalta, Terrafame)", 61.3, 22.1),
]:
    add_site(sid, c, nm, source="iea_cm_data_2025", estimate=True, note=NI_NOTE, lat=lat, lon=lon, stock_days=45)
    add_proc(sid, "nickel_sulfate", cap, "iea_cm_data_2025", True, NI_NOTE, ins=CONTENT("nickel_ore"))
add_site("xw_nickel_refining", "XW", "Rest of world, nickel refineries (incl. Japan, Norway, others; IEA residual)",
         source="iea_cm_data_2025", estimate=True, external=True,
         note="IEA world 3,484 kt minus the listed countries = 519 kt; external source (inputs not modelled)")
add_proc("xw_nickel_refining", "nickel_sulfate", 3_484_000 - 1_493_000 - 1_091_000 - 126_000 - 113_000 - 80_000 - 62_000,
         "iea_cm_data_2025", True, "residual of the IEA world total")

# Cobalt, t Co
for sid, c, cap, nm, lat, lon, est, nt in [
    ("cn_cobalt_refining", "CN", 196_100, "China, cobalt refineries (aggregate: Huayou, GEM, Jinchuan and others)", 30.0, 120.5, False, REF_NOTE),
    ("fi_cobalt_refining", "FI", 20_100, "Finland, cobalt refinery (Kokkola)", 63.84, 23.13, False, REF_NOTE),
    ("jp_cobalt_refining", "JP", 5_600, "Japan, cobalt refining (Sumitomo Metal Mining Niihama and others)", 33.96, 133.28, False, REF_NOTE),
    ("id_cobalt_refining", "ID", 2_900, "Indonesia, refined cobalt", -2.8, 122.1, False, REF_NOTE),
    ("ca_cobalt_refining", "CA", 1_800, "Canada, cobalt refineries (Fort Saskatchewan, Long Harbour)", 53.7, -113.2, False, REF_NOTE),
]:
    add_site(sid, c, nm, source="iea_cm_data_2025", note=nt, lat=lat, lon=lon, stock_days=45)
    add_proc(sid, "cobalt_sulfate", cap, "iea_cm_data_2025", est, nt, ins=CONTENT("cobalt_ore"))
add_site("xw_cobalt_refining", "XW", "Rest of world, cobalt refineries (Belgium, Norway, Morocco, others; IEA residual)",
         source="iea_cm_data_2025", estimate=True, external=True, note="IEA world 250.1 kt minus listed countries; external source")
add_proc("xw_cobalt_refining", "cobalt_sulfate", 250_100 - 196_100 - 20_100 - 5_600 - 2_900 - 1_800, "iea_cm_data_2025", True,
         "residual of the IEA world total")

# Graphite refining (battery grade), t
CN_BG = 1_795_000
cn_sph = round(CN_BG * NATURAL_SHARE_AAM)
# ICC Sino (via The Metalnomist, 2025): China's anode industry had 3.5 Mt/yr of capacity in 2024 and made 2.12 Mt.
CN_AAM_CAP, CN_AAM_OUT_ICC = 3_500_000, 2_120_000
ANODE_UTIL = CN_AAM_OUT_ICC / CN_AAM_CAP
GR_UTIL_NOTE = (f"nameplate = 2024 output / {ANODE_UTIL:.3f}: no public 2024 capacity found for China's spheronising or graphitisation "
                "plants; assumed to run at the anode industry's 2024 utilisation (ICC Sino: 2.12 Mt made of 3.5 Mt/yr = "
                f"{ANODE_UTIL * 100:.1f} %), since Chinese anode makers have integrated their own graphitisation since 2021 (Fastmarkets 2023)")
add_site("cn_spherical_graphite", "CN", "China, spherical graphite plants (aggregate; Heilongjiang, Shandong)", source="iea_cm_data_2025",
         estimate=True, note="IEA 2024 China battery-grade graphite 1,795 kt x natural share of anode shipments (SNE 2024: 290 / (1,760+290) = 14.1 %)",
         lat=45.3, lon=130.9, stock_days=45)
add_proc("cn_spherical_graphite", "spherical_graphite", round(cn_sph / ANODE_UTIL, -3), "icc_anode_2024", True, GR_UTIL_NOTE,
         ins=SPHERICAL_INPUTS, out2024=(cn_sph, "iea_cm_data_2025", True, "1,795 kt x 0.141 (SNE 2024 natural share)"))
add_site("cn_synthetic_graphite", "CN", "China, synthetic graphite (graphitisation) plants (aggregate; Inner Mongolia, Sichuan, Guizhou)",
         source="iea_cm_data_2025", estimate=True,
         note="IEA 2024 China battery-grade graphite 1,795 kt minus the natural share; needle/petroleum coke feed not modelled",
         lat=40.8, lon=111.7)
add_proc("cn_synthetic_graphite", "synthetic_graphite", round((CN_BG - cn_sph) / ANODE_UTIL, -3), "icc_anode_2024", True, GR_UTIL_NOTE,
         out2024=(CN_BG - cn_sph, "iea_cm_data_2025", True, "1,795 kt x 0.859 (SNE 2024 artificial share)"))
add_site("jp_synthetic_graphite", "JP", "Japan, synthetic graphite for anodes (Resonac, Mitsubishi Chemical and others)",
         source="iea_cm_data_2025", estimate=True,
         note="IEA 2024 Japan battery-grade graphite 45.0 kt x 0.7 (assumed synthetic share of Japanese anodes; the rest is Chinese spherical graphite coated in Japan)",
         lat=34.0, lon=133.8)
add_proc("jp_synthetic_graphite", "synthetic_graphite", 31_500, "iea_cm_data_2025", True, "45.0 kt x 0.7 (assumption)")
add_site("id_btr_graphite", "ID", "BTR New Material Indonesia, graphitisation", "BTR (70 %) / Tsingshan (30 %)", "btr_id_2024",
         estimate=True,
         note="assumed integrated graphitisation matching the 80 kt/yr anode line (started Aug 2024); feedstock coke not modelled; location reported as Kendal (Central Java) by most sources",
         lat=-6.92, lon=110.2, kind="yaml")
BTR_ID_2024 = round(80_000 * 5 / 12)
BTR_OUT_NOTE = (f"estimate: the plant started in August 2024, so at most 5 months of the 80 kt/yr line: 80,000 x 5 / 12 = {BTR_ID_2024} t "
                "(an upper bound: ramp-up not known)")
add_proc("id_btr_graphite", "synthetic_graphite", 80_000, "btr_id_2024", True, "assumed equal to the 80 kt/yr anode line",
         out2024=(BTR_ID_2024, "btr_id_2024", True, BTR_OUT_NOTE))

# Manganese sulphate, t Mn (no public capacity figures: sized from the modelled need, see below)
add_site("cn_manganese_sulfate", "CN", "China, battery-grade manganese sulphate plants (aggregate; Guangxi, Guizhou)",
         source="nyt_2023", estimate=True, note="no public capacity; sized at twice the modelled battery need; China ~95 % of manganese refining (Benchmark via NYT 2023)",
         lat=23.0, lon=108.3, stock_days=45)
add_site("xw_manganese_sulfate", "XW", "Rest of world, manganese sulphate (Japan, Belgium, others)", source="nyt_2023", estimate=True,
         external=True, note="sized at 5/95 of China's (Benchmark via NYT 2023: China 95 %)")

# ==============================================================================================
# COMPONENTS
# ==============================================================================================
# Cathode active material, t
add_site("cn_cathode", "CN", "China, cathode active material plants (aggregate: Hunan Yuneng, Dynanonic, Ronbay, Easpring and others)",
         source="ggii_2024_cathode", note="GGII 2024 shipments: LFP 2.46 Mt, ternary 0.65 Mt (of 3.35 Mt incl. LCO/LMO); MIIT 2024 output 3.1 Mt",
         lat=28.2, lon=112.9, stock_days=30)
CN_NMC_UTIL = 0.41
CN_NMC_CAP = round(650_000 / CN_NMC_UTIL, -3)
CN_LFP_CAP = 4_700_000
add_proc("cn_cathode", "cathode_nmc", CN_NMC_CAP, "smm_ternary_q3_2024", True,
         f"nameplate = GGII 2024 ternary shipments 650 kt / SMM operating rate ~41 % (Q3 2024; ~39 % in Dec 2024) = {CN_NMC_CAP / 1000:.0f} kt/yr; "
         "no published capacity figure found", ins=CAM_NMC_INPUTS,
         out2024=(650_000, "ggii_2024_cathode", False, "GGII: ternary cathode shipments 2024"))
add_proc("cn_cathode", "cathode_lfp", CN_LFP_CAP, "smm_lfp_2024", False,
         "nameplate: SMM 2024 LFP capacity nearly 4.7 Mt (output over 2.3 Mt, operating rate ~50 %)", ins=CAM_LFP_INPUTS,
         out2024=(2_460_000, "ggii_2024_cathode", False, "GGII: LFP cathode shipments 2024"))
add_site("kr_posco_cathode", "KR", "POSCO Future M cathode plant, Gwangyang", "POSCO Future M", "yonhap_posco_cam_2023",
         note="Gwangyang 90 kt/yr (Apr 2023); group total 105 kt incl. overseas; Pohang NCMA +46 kt from 2025 not included", lat=34.94,
         lon=127.7, stock_days=30, kind="yaml")
add_proc("kr_posco_cathode", "cathode_nmc", 90_000, "yonhap_posco_cam_2023", ins=CAM_NMC_INPUTS)
add_site("jp_smm_cathode", "JP", "Sumitomo Metal Mining cathode plants (Niihama Isoura/Besshi, Harima)", "Sumitomo Metal Mining",
         "smm_cam_2021", note="~7,000 t/month by 2025 (5,000 t/month in 2021); NCA/NMC; main customer Panasonic Energy", lat=33.96,
         lon=133.28, stock_days=30, kind="yaml")
add_proc("jp_smm_cathode", "cathode_nmc", 84_000, "smm_cam_2021", True, "7,000 t/month x 12 (2025 level)", ins=CAM_NMC_INPUTS)
add_site("pl_umicore_nysa", "PL", "Umicore cathode plant, Nysa", "Umicore", "umicore_nysa_2022",
         note="opened Sept 2022; 20 GWh (end-2023) -> 40 GWh (2024) of cathode; later cut-backs not verified", lat=50.47, lon=17.33,
         stock_days=30, kind="yaml", region="EU")
add_proc("pl_umicore_nysa", "cathode_nmc", round(40 * NMC["cam"] * 1000), "umicore_nysa_2022", True,
         f"40 GWh/yr x {NMC['cam']:.2f} kg/kWh (BatPaC NMC blend)", ins=CAM_NMC_INPUTS)
CN_CAM_CAP = CN_NMC_CAP + CN_LFP_CAP
CAM_WORLD = CN_CAM_CAP / 0.87
kr_other_cam = round(CAM_WORLD - CN_CAM_CAP - 90_000 - 84_000 - round(40 * NMC["cam"] * 1000), -3)
add_site("kr_cathode_other", "KR", "Korea, other cathode plants (aggregate: EcoPro BM, L&F, LG Chem and others)", source="benchmark_cam",
         estimate=True,
         note=f"residual: Benchmark 2024 China share of CAM capacity 87 % applied to China's nameplate ({CN_CAM_CAP/1e6:.2f} Mt: SMM LFP 4.7 Mt + ternary {CN_NMC_CAP/1e6:.2f} Mt) gives a world of {CAM_WORLD/1000:.0f} kt; minus China and the named non-China plants; "
              "Korea is the largest CAM producer outside China (Benchmark). Not an independent figure.",
         lat=36.6, lon=127.5, stock_days=30)
add_proc("kr_cathode_other", "cathode_nmc", kr_other_cam, "benchmark_cam", True, "residual (see site note)", ins=CAM_NMC_INPUTS)

# Anode active material, t
add_site("cn_anode", "CN", "China, anode active material plants (aggregate: BTR, Shanshan, Shangtai, Kaijin and others)",
         source="miit_2024", note="MIIT 2024 anode output 2.0 Mt; SNE 2024: natural 14 %, artificial 83 % of shipments", lat=22.6,
         lon=114.0, stock_days=30)
add_proc("cn_anode", "anode_material", CN_AAM_CAP, "icc_anode_2024",
         note="nameplate: ICC Sino 2024 capacity 3.5 Mt/yr (2.12 Mt made; domestic demand 1.83 Mt)",
         out2024=(2_000_000, "miit_2024", False, "MIIT 2024 anode output 2.0 Mt"),
         ins={"spherical_graphite": (f"{NATURAL_SHARE_AAM} t/t", "sne_anode_2024", True, "natural share of anode shipments 2024 (290 kt of 2,050 kt graphite)"),
              "synthetic_graphite": (f"{1 - NATURAL_SHARE_AAM:.3f} t/t", "sne_anode_2024", True, "artificial share of anode shipments 2024; coating losses not modelled")})
add_site("jp_anode", "JP", "Japan, anode active material plants (Resonac, Mitsubishi Chemical and others)", source="iea_cm_data_2025",
         estimate=True, note="capacity = IEA 2024 Japan battery-grade graphite 45.0 kt; Mitsubishi Chemical adds 11 kt/yr from Oct 2026 (not included)",
         lat=34.0, lon=133.8, stock_days=30)
# Two lines, so that a stop of Chinese spherical graphite stops only the natural-graphite line
# (a fixed 70/30 recipe would stop the whole site).
add_proc("jp_anode", "anode_material", 31_500, "iea_cm_data_2025", True,
         "synthetic-graphite line: IEA 2024 Japan battery-grade graphite 45.0 kt x 0.7 (assumed synthetic share)", pid="anode_synthetic",
         ins={"synthetic_graphite": ("1 t/t", "chaintwin_assumption", True, "synthetic graphite made in Japan; 1 t per t of coated anode")})
add_proc("jp_anode", "anode_material", 13_500, "iea_cm_data_2025", True,
         "natural-graphite line: 45.0 kt x 0.3 (assumed natural share)", pid="anode_natural",
         ins={"spherical_graphite": ("1 t/t", "usgs_mcs2025_graphite", True,
                                     "Chinese spherical graphite coated in Japan; Japan took 29 % of China's spherical graphite exports Jan-Aug 2024 (USGS)")})
add_site("kr_posco_anode_natural", "KR", "POSCO Future M natural-graphite anode plants (Sejong)", "POSCO Future M", "asiae_2024",
         estimate=True,
         note="POSCO Future M ~80 kt/yr total anode capacity (Oct 2024) minus the 8 kt artificial line; spherical graphite imported from China; low utilisation in 2024 (shipped 27.2 kt, SNE)",
         lat=36.48, lon=127.29, stock_days=45, kind="yaml")
POSCO_AAM_2024 = 27_200  # SNE Research: POSCO Future M anode shipments 2024


def posco_out(cap):
    v = round(POSCO_AAM_2024 * cap / 80_000)
    return (v, "sne_anode_2024_asiae", True,
            f"estimate: SNE 2024 POSCO Future M anode shipments 27.2 kt split by nameplate ({cap / 1000:g} of 80 kt) = {v} t; "
            "shipments taken as output. The natural-graphite plant ran in the 40 % range in H1 2024 (Asia Economy)")


add_proc("kr_posco_anode_natural", "anode_material", 72_000, "asiae_2024", True, "80 kt total - 8 kt artificial", out2024=posco_out(72_000),
         ins={"spherical_graphite": ("1 t/t", "chaintwin_assumption", True, "1 t spherical graphite per t coated anode; losses not modelled")})
add_site("kr_posco_anode_artificial", "KR", "POSCO Future M artificial-graphite anode plant, Pohang", "POSCO Future M", "posco_2020",
         note="Phase 1 8,000 t/yr (Dec 2021); 16,000 t/yr planned (2020 plan, KRW 217.7 bn); needle coke from POSCO MC Materials (not modelled). "
              "Later plans: 18 kt (2023), 36 kt by 2025 (MOTIE 2024) - see graphite_ban_posco_16kt",
         lat=36.0, lon=129.37, stock_days=45, kind="yaml",
         description="Korea's first artificial-graphite anode plant (Pohang Blue Valley). Supplies Ultium Cells (KRW 939.3 bn order, Dec 2022).")
add_proc("kr_posco_anode_artificial", "anode_material", 8_000, "posco_2020", note="phase 1 capacity (Dec 2021)", out2024=posco_out(8_000))
add_site("id_btr_anode", "ID", "BTR New Material Indonesia anode plant", "BTR (70 %) / Tsingshan (30 %)", "btr_id_2024",
         note="80 kt/yr (Aug 2024) -> 160 kt/yr phase 2; Chinese-owned, outside China (not covered by a Chinese export ban)",
         lat=-6.92, lon=110.2, stock_days=30, kind="yaml")
add_proc("id_btr_anode", "anode_material", 80_000, "btr_id_2024", out2024=(BTR_ID_2024, "btr_id_2024", True, BTR_OUT_NOTE),
         ins={"synthetic_graphite": ("1 t/t", "chaintwin_assumption", True, "integrated graphitisation assumed")})
add_site("us_syrah_vidalia", "US", "Syrah Vidalia active anode material plant, Louisiana", "Syrah Resources", "usgs_mcs2025_graphite",
         note="11,300 t/yr initial (Feb 2024; USGS); natural graphite from Balama; IEA 2024 US output only 1.1 kt", lat=31.57, lon=-91.43,
         stock_days=60, kind="yaml", region="USE")
add_proc("us_syrah_vidalia", "anode_material", 11_300, "usgs_mcs2025_graphite",
         out2024=(1_100, "iea_cm_data_2025", True,
                  "estimate: IEA 2024 US battery-grade graphite output 1.1 kt, taken as Vidalia's (the only US producer of natural-graphite AAM; "
                  "first AAM Feb 2024, 8 ktpa to Tesla subject to qualification, Syrah/NS Energy 2024)"),
         ins={"natural_graphite": (f"{SPHERICAL_FLAKE_T_PER_T} t/t", "snowden_graphite", True, "flake per t spherical/AAM, 35 % conversion (Snowden)")})
add_site("ca_nmg_becancour", "CA", "NMG Becancour battery material plant (demonstration phase)", "Nouveau Monde Graphite",
         "nmg_miningmag_2021",
         note="demo phase 1: 2 kt/yr AAM; phase 2 design ~42 kt/yr AAM (+3 kt purified flake, 14 kt micronised) from ~60 kt/yr flake; FID pending",
         lat=46.38, lon=-72.43, stock_days=30, kind="yaml",
         description="Commercial phase sized for the Panasonic Energy (18 kt/yr, 7 years) and GM (18 kt/yr, 6 years) offtakes of 15 Feb 2024.")
add_proc("ca_nmg_becancour", "anode_material", 2_000, "nmg_miningmag_2021", note="demonstration phase",
         ins={"natural_graphite": ("1.43 t/t", "nmg_miningmag_2021", True, "phase 2 design: ~60 kt flake for ~42 kt AAM (co-products ignored)")})
add_site("fi_shanshan_vaasa", "FI", "Shanshan anode plant, Korsholm (GigaVaasa)", "Ningbo Shanshan", "shanshan_fi",
         estimate=True, note="100 kt/yr planned (~100 GWh); phase 1 targeted 2026; start date assumed 2026-12-31; precursor assumed from China",
         lat=63.1, lon=21.7, stock_days=30, kind="yaml")
add_proc("fi_shanshan_vaasa", "anode_material", 100_000, "shanshan_fi", True, "planned capacity", start="2026-12-31",
         ins={"synthetic_graphite": ("1 t/t", "chaintwin_assumption", True, "graphitised precursor assumed imported from the parent in China")})

# Separator, m2
SEP_CN = 21e9
SEP_WORLD = SEP_CN / 0.74
add_site("cn_separator", "CN", "China, separator plants (aggregate: SEMCORP, Senior, Sinoma and others)", source="miit_2024",
         note="MIIT 2024 output 21 bn m2", lat=24.9, lon=102.8, stock_days=30)
add_proc("cn_separator", "separator", SEP_CN, "miit_2024", note="MIIT 2024 output")
sep_rest = SEP_WORLD - SEP_CN - 0.4e9 - 0.8e9
add_site("jp_separator", "JP", "Japan, separator plants (Asahi Kasei, Toray, Sumitomo Chemical and others)", source="nyt_2023",
         estimate=True,
         note="residual: China 74 % of separators (Benchmark via NYT, 2022) applied to China's 21 bn m2 gives 28.4 bn m2; the non-China remainder "
              "minus the two Hungarian plants is split equally between Japan and Korea for lack of data",
         lat=35.0, lon=136.9, stock_days=30)
add_proc("jp_separator", "separator", round(sep_rest / 2, -6), "nyt_2023", True, "residual, half")
add_site("kr_separator", "KR", "Korea, separator plants (SK IE Technology, W-Scope Chungju and others)", source="nyt_2023",
         estimate=True, note="residual, half (see jp_separator)", lat=36.97, lon=127.93, stock_days=30)
add_proc("kr_separator", "separator", round(sep_rest / 2, -6), "nyt_2023", True, "residual, half")
add_site("hu_lg_toray", "HU", "LG Toray Hungary Battery Separator, Nyergesujfalu", "LG Chem / Toray (50:50 JV)", "lg_toray_2021",
         estimate=True, note="target >800 million m2/yr by 2028 used as nameplate (current capacity not public); supplies LGES Wroclaw",
         lat=47.76, lon=18.55, stock_days=30, kind="yaml")
add_proc("hu_lg_toray", "separator", 800e6, "lg_toray_2021", True, "2028 target used as nameplate")
add_site("hu_semcorp_debrecen", "HU", "SEMCORP separator plant, Debrecen", "SEMCORP (Yunnan Energy New Material)", "semcorp_hu_2021",
         note="~400 million m2/yr (EUR 340 M); Chinese-owned, in Hungary", lat=47.53, lon=21.63, stock_days=30, kind="yaml")
add_proc("hu_semcorp_debrecen", "separator", 400e6, "semcorp_hu_2021")
add_site("ca_asahi_port_colborne", "CA", "Asahi Kasei Battery Separator, Port Colborne", "Asahi Kasei (with Honda)", "asahi_ca_2024",
         note="~700 million m2/yr; commercial production 2027", lat=42.88, lon=-79.25, stock_days=30, kind="yaml")
add_proc("ca_asahi_port_colborne", "separator", 700e6, "asahi_ca_2024", start="2027-01-01", note="commercial production 2027")

# Electrolyte, t
add_site("cn_electrolyte", "CN", "China, electrolyte plants (aggregate: Tinci, Capchem, Guotai Huarong and others)", source="miit_2024",
         note="MIIT 2024 output 1.3 Mt", lat=23.1, lon=113.3, stock_days=30)
add_proc("cn_electrolyte", "electrolyte", 1_300_000, "miit_2024", note="MIIT 2024 output")
add_site("jp_mcc_electrolyte", "JP", "Mitsubishi Chemical electrolyte plants (Yokkaichi, others)", "Mitsubishi Chemical", "mcc_electrolyte_2021",
         note="11 -> 16 kt/yr in Japan (2021 plan); other Japanese makers (Central Glass, UBE) not quantified", lat=34.97, lon=136.62,
         stock_days=30, kind="yaml")
add_proc("jp_mcc_electrolyte", "electrolyte", 16_000, "mcc_electrolyte_2021")
add_site("kr_electrolyte", "KR", "Korea, electrolyte plants (Enchem, Soulbrain, Dongwha Electrolyte)", source="chaintwin_assumption",
         estimate=True, note="no public capacity found; sized at 1.5 x the modelled need of its buyers", lat=36.8, lon=127.1, stock_days=30)

# Pouch film, m2
add_site("jp_dnp_pouch", "JP", "Dai Nippon Printing, battery pouch film", "Dai Nippon Printing", "etnews_2019", estimate=True,
         note="DNP + Showa Denko (now Resonac) ~70 % of world pouch film; Korea's cell makers imported all of it from these two (2019). Capacity not public: sized at 1.5 x modelled need",
         lat=35.9, lon=139.6, stock_days=30, kind="yaml")
add_site("jp_resonac_pouch", "JP", "Resonac (Showa Denko), battery pouch film", "Resonac", "etnews_2019", estimate=True,
         note="see jp_dnp_pouch; capacity sized at 1.5 x modelled need", lat=35.5, lon=139.7, stock_days=30, kind="yaml")
add_site("cn_pouch", "CN", "China, battery pouch film makers (aggregate: Zijiang, Daoming and others)", source="etnews_2019", estimate=True,
         note="the ~30 % of world pouch film not made by DNP/Resonac (2019); capacity sized at 0.43 x the Japanese pair", lat=31.2, lon=121.5,
         stock_days=30)

# Recycling
add_site("us_eol_scrap", "US", "US end-of-life batteries and production scrap (collection)", source="redwood_2025", estimate=True,
         external=True, note="external source of black mass for Redwood; volume not modelled beyond Redwood's throughput", region="USW")
add_proc("us_eol_scrap", "black_mass", 60_000, "redwood_2025", True,
         "collection sized at Redwood's >60,000 t/yr of materials (enough for doubled throughput of the Ni+Co+Li modelled)")
add_site("us_redwood", "US", "Redwood Materials, Nevada campus (recycling)", "Redwood Materials", "redwood_2025", estimate=True,
         note=">60,000 t of materials produced in the prior year (2025 statement); split by BatPaC NMC element masses (Li, Ni, Co, Mn, Cu, Al): Ni 31.6 %, Co 7.0 %, Li 5.5 %",
         lat=39.54, lon=-119.44, stock_days=30, kind="yaml", region="USW")
_red = 60_000 / (NMC["li"] + NMC["ni"] + NMC["co"] + NMC["mn"] + (0.388 + 0.370) / 2 + (0.572 + 0.555) / 2)
BM = lambda: {"black_mass": ("1 t/t", "chaintwin_assumption", True, "black mass counted in contained metal; 1 t in per t out")}
add_proc("us_redwood", "nickel_sulfate", round(_red * NMC["ni"]), "redwood_2025", True, "60 kt x Ni share", ins=BM())
add_proc("us_redwood", "cobalt_sulfate", round(_red * NMC["co"]), "redwood_2025", True, "60 kt x Co share", ins=BM())
add_proc("us_redwood", "lithium_hydroxide", round(_red * NMC["li"]), "redwood_2025", True, "60 kt x Li share", ins=BM())
RECYCLED = circular_data.add_recyclers(add_site, add_proc, NMC, LFP["li"])

# ==============================================================================================
# CELLS (GWh/yr nameplate)
# ==============================================================================================
CN_CELLS = 3000 * 0.85
CN_LFP_SHARE = 0.72
add_site("cn_cells", "CN", "China, Li-ion cell plants (aggregate: CATL, BYD, CALB, Gotion, EVE and others)", source="iea_batteries_2025",
         estimate=True, note="IEA: world capacity ~3 TWh (2024), China nearly 85 % (2023, IEA BSET) -> 2,550 GWh; LFP 72 % (GGII 2024 market share)",
         lat=26.66, lon=119.55, stock_days=30)
CN_CELLS_2024 = 1170  # MIIT 2024 Li-ion output (EV 826, storage 260, consumer 84 GWh)
CN_CELL_OUT_NOTE = "MIIT 2024 Li-ion battery output 1,170 GWh x {share} ({what}, the capacity's split; GGII: LFP 72 % of 2024 power-battery shipments) = {v:g} GWh"
add_proc("cn_cells", "cell_lfp", round(CN_CELLS * CN_LFP_SHARE), "iea_batteries_2025", True, "2,550 GWh x 72 % LFP (GGII 2024)", ins=CELL_LFP_INPUTS, pid="cell_lfp",
         out2024=(round(CN_CELLS_2024 * CN_LFP_SHARE, 1), "miit_2024", True,
                  CN_CELL_OUT_NOTE.format(share="0.72", what="LFP", v=round(CN_CELLS_2024 * CN_LFP_SHARE, 1))))
add_proc("cn_cells", "cell_nmc", round(CN_CELLS * (1 - CN_LFP_SHARE)), "iea_batteries_2025", True, "2,550 GWh x 28 %", ins=CELL_NMC_INPUTS, pid="cell_nmc",
         out2024=(round(CN_CELLS_2024 * (1 - CN_LFP_SHARE), 1), "miit_2024", True,
                  CN_CELL_OUT_NOTE.format(share="0.28", what="NMC", v=round(CN_CELLS_2024 * (1 - CN_LFP_SHARE), 1))))

pouch = dict(CELL_NMC_INPUTS)
pouch[POUCH_INPUT[0]] = POUCH_INPUT[1]
CELL_SITES = [
    # id, country, region, name, operator, cap, source, est, note, start, pouch?, stock_days, kind
    ("kr_cells", "KR", "KR", "Korea, cell plants (LGES Ochang, Samsung SDI Ulsan/Cheonan, SK On Seosan)", "LGES, Samsung SDI, SK On",
     round(49.8 - 20, 1), "bmi_wards_2023", True,
     "estimate: at least Benchmark's 2023 Korea+Japan cell production 49.8 GWh minus Japan's ~20 GWh (METI) = 29.8 GWh "
     "(a plant makes no more than its capacity); BNEF's 2022 figure, 15 GWh, was below Korea's own 2024 demand plus exports",
     None, True, 45, "yaml"),
    ("jp_cells", "JP", "JP", "Japan, cell plants (Panasonic Energy Wakayama/Suminoe/Tokushima, Prime Planet, AESC Japan)",
     "Panasonic Energy and others", 20, "meti_battery_2022", True,
     "METI: domestic base ~20 GWh in 2022; Panasonic Energy's Japanese plants are inside this aggregate (their own capacity is not public)",
     None, False, 30, "csv"),
    ("us_panasonic_nv", "US", "USW", "Panasonic Energy of North America, Sparks, Nevada", "Panasonic Energy", 41, "panasonic_ks_2025", False,
     "~41 GWh/yr cylindrical (Tesla Gigafactory Nevada)", None, False, 30, "yaml"),
    ("us_panasonic_ks", "US", "USW", "Panasonic Energy, De Soto, Kansas", "Panasonic Energy", 32, "panasonic_ks_2022", False,
     "~30 GWh/yr 2022 plan, ~32 GWh/yr target; mass production of 2170 cells from mid-2025, full ramp deferred; start 2025-07-14",
     "2025-07-14", False, 30, "yaml"),
    ("us_lh_battery", "US", "USE", "L-H Battery Company, Jeffersonville, Fayette County, Ohio", "LG Energy Solution 51 % / Honda 49 %", 40,
     "lh_battery_2023", True, "40 GWh/yr pouch cells, US$4.4 bn; mass production planned from end-2025 (start assumed 2025-12-31); all output to Honda",
     "2025-12-31", True, 30, "yaml"),
    ("us_cells_other", "US", "USE", "United States, other cell plants (Ultium Cells, SK Battery America, LGES Michigan, AESC, Tesla)",
     "several", 0, "argonne_us_cells", True, "", None, True, 30, "csv"),
    ("pl_lges_wroclaw", "PL", "EU", "LG Energy Solution Wroclaw (Biskupice Podgorne)", "LG Energy Solution", 90, "lges_wroclaw_2023", False,
     "86 -> 90 GWh/yr (2023); 115 GWh/yr targeted for 2025 (not included); EU's largest", None, True, 30, "yaml"),
    ("hu_samsung_god", "HU", "HU", "Samsung SDI God", "Samsung SDI", 40, "sdi_god_2021", True, "30 -> >40 GWh/yr (2021 plan)", None, False, 30, "yaml"),
    ("hu_skon_komarom", "HU", "HU", "SK On Komarom", "SK On", 7.5, "skon_komarom_2018", True, "7.5 GWh/yr phase 1; later phases not verified", None, True, 30, "yaml"),
    ("hu_catl_debrecen", "HU", "HU", "CATL Debrecen", "CATL", 100, "catl_hu_2022", True,
     "100 GWh/yr, EUR 7.34 bn, announced 12 Aug 2022; production start not confirmed in sources read, assumed after the 2026 horizon (2027-01-01)",
     "2027-01-01", False, 30, "yaml"),
    ("de_catl_arnstadt", "DE", "EU", "CATL Arnstadt (Thuringia)", "CATL", 14, "catl_hu_2022", False, "14 GWh/yr, production from late 2022", None, False, 30, "yaml"),
    ("de_cells_other", "DE", "EU", "Germany, other cell plants (Tesla Gruenheide and others)", "several", 17, "bnef_vc_2022", True,
     "BNEF 2022 Germany 31 GWh minus CATL Arnstadt 14", None, False, 30, "csv"),
    ("fr_cells", "FR", "EU", "France, cell plants (ACC Billy-Berclau and others)", "several", 6, "bnef_vc_2022", False, "BNEF 2022 France 6 GWh",
     None, False, 30, "csv"),
    ("in_cells", "IN", "IN", "India, cell plants (aggregate)", "several", 3, "bnef_vc_2022", False, "BNEF 2022 India 3 GWh", None, False, 30, "csv"),
]
named_non_cn = sum(c[5] for c in CELL_SITES if c[9] is None)
us_other_cap = 74 - 41 + (3000 * 0.15 - named_non_cn - 33)
# 2024 output of the cell plants outside China: no 2024 figure by country was found, so the latest
# production figures are spread over the plants by nameplate (estimates): IEA GEVO 2024, 2023 EV battery
# production: Europe 110 GWh (Poland ~60 %, Hungary ~30 %, the rest ~10 %), US 70 GWh.
CELL_OUT_GROUPS = [
    (["pl_lges_wroclaw"], 110 * 0.60, "IEA GEVO 2024: Europe made 110 GWh of EV batteries in 2023, Poland ~60 %"),
    (["hu_samsung_god", "hu_skon_komarom"], 110 * 0.30, "IEA GEVO 2024: Europe 110 GWh in 2023, Hungary ~30 %"),
    (["de_catl_arnstadt", "de_cells_other", "fr_cells"], 110 * 0.10, "IEA GEVO 2024: Europe 110 GWh in 2023, the ~10 % outside Poland and Hungary"),
    (["us_panasonic_nv", "us_cells_other"], 70, "IEA GEVO 2024: US EV battery production ~70 GWh in 2023"),
]


def cell_out_2024(sid, cap):
    for members, total, why in CELL_OUT_GROUPS:
        if sid not in members:
            continue
        caps = {c[0]: (round(us_other_cap, 1) if c[0] == "us_cells_other" else c[5]) for c in CELL_SITES if c[0] in members}
        v = round(total * caps[sid] / sum(caps.values()), 1)
        return (v, "iea_gevo2024", True,
                f"estimate: {why} = {total:g} GWh, spread by nameplate ({caps[sid]:g} of {sum(caps.values()):g} GWh) = {v:g} GWh; "
                "2023 production stands for 2024 (no 2024 figure by country found)")
    return None  # Korea, Japan, India: no output figure below nameplate (Benchmark's 49.8 GWh for Korea+Japan in 2023 exceeds the modelled 35 GWh)
# Where the named cell plants are, for the map only (transit times come from regions): the
# coordinates of the town each plant's name gives, to about 0.05 degrees. Aggregates have none.
CELL_TOWNS = {
    "us_panasonic_nv": (39.54, -119.44),   # McCarran, Storey County, near Sparks, Nevada
    "us_panasonic_ks": (38.98, -94.97),    # De Soto, Kansas
    "us_lh_battery": (39.65, -83.56),      # Jeffersonville, Fayette County, Ohio
    "pl_lges_wroclaw": (51.04, 16.87),     # Biskupice Podgorne, near Wroclaw
    "hu_samsung_god": (47.68, 19.14),      # God, Pest county
    "hu_skon_komarom": (47.74, 18.12),     # Komarom
    "hu_catl_debrecen": (47.53, 21.64),    # Debrecen
    "de_catl_arnstadt": (50.83, 10.95),    # Arnstadt, Thuringia
}
for (sid, c, reg, nm, op, cap, src, est, nt, start, is_pouch, sd, kind) in CELL_SITES:
    if sid == "us_cells_other":
        cap = round(us_other_cap, 1)
        nt = (f"Argonne: US cell capacity 74 GWh in 2023, minus Panasonic Nevada 41 = 33 GWh; plus {cap - 33:.1f} GWh: the part of IEA's ~450 GWh "
              "outside China (3 TWh x 15 %) not accounted for by named plants and BNEF 2022 country figures, assigned to the US where "
              "most 2024 additions were built (Argonne). Estimate.")
    lat, lon = CELL_TOWNS.get(sid, (None, None))
    add_site(sid, c, nm, op, src, est, nt, region=reg, stock_days=sd, kind=kind, lat=lat, lon=lon)
    ins = pouch if is_pouch else CELL_NMC_INPUTS
    add_proc(sid, "cell_nmc", cap, src, est, nt, start=start, ins=ins, out2024=cell_out_2024(sid, cap))
# Days of inventory at the Korean cell makers, from their filings as reported (issue 20 section 3).
# The filings give inventories (raw materials, work in process and finished goods together, at
# cost) and cost of sales or turnover; no filing read splits out the anode material. So they
# bound, and do not set, the 30 days of each input assumed at the cell plants below.
SDI_INV_DAYS = round((3.30e12 + 2.88e12) / 2 / 17.655e12 * 365, 1)   # average 2024 inventories / 2024 cost of sales x 365
SDI_FG_SHARE = round(436.1e9 / 3.30e12, 3)                            # finished goods at end-2023 / inventories at end-2023
SDI_MAT_DAYS = round(SDI_INV_DAYS * (1 - SDI_FG_SHARE), 1)            # materials and work in process only
LGES_INV_DAYS_2023 = round(365 / 4.6, 1)                              # 2023 inventory turnover (sales / average inventories)
Q3_2023_DAYS = {k: round(365 / t, 1) for k, t in (("LGES", 4.2), ("Samsung SDI", 5.8), ("SK On", 2.3))}
KR_MAKER_STOCK_NOTE = (
    "assumed 30 days of each input (no filing gives input days); bounded by the makers' filings: Samsung SDI 2024 inventories "
    f"(KRW 3.30 trn end-2023 + 2.88 trn end-2024) / 2 / cost of sales 17.655 trn x 365 = {SDI_INV_DAYS:g} days of all inventory, "
    f"{SDI_MAT_DAYS:g} days without finished goods ({SDI_FG_SHARE * 100:.1f} % at end-2023); LGES 2023 turnover 4.6 -> 365 / 4.6 = "
    f"{LGES_INV_DAYS_2023:g} days of sales; Q3 2023 turnover LGES 4.2 / Samsung SDI 5.8 / SK On 2.3 -> "
    + " / ".join(f"{v:g}" for v in Q3_2023_DAYS.values()) + " days of sales")
for sid in ("kr_cells", "pl_lges_wroclaw", "hu_samsung_god", "hu_skon_komarom", "us_lh_battery"):
    site_by_id[sid]["stock_note"] = (KR_MAKER_STOCK_NOTE, "sdi_audit_2024_naver")
POSCO_INV_DAYS_2023 = round(365 / 4.2, 1)  # POSCO Future M, Q1 2023 inventory turnover (sales / inventories)
for sid in ("kr_posco_anode_natural", "kr_posco_anode_artificial"):
    if sid in site_by_id:
        site_by_id[sid]["stock_note"] = (
            "45 days: Korea's ~45 days of graphite inventory when China announced its controls (Oct 2023, Korea Herald) applied to this plant's "
            f"graphite; for comparison POSCO Future M as a whole (mostly cathode raw materials) held 365 / 4.2 = {POSCO_INV_DAYS_2023:g} days of "
            "sales of inventory in Q1 2023 (turnover 4.2, Dealsite); no anode-only figure", "dealsite_posco_2023")
site_by_id["kr_cells"]["stock_override"] = {"anode_material": ("45 d", "koreaherald_2023", False,
                                                               "Korea ~45 days of graphite inventory when China announced controls (Oct 2023)")}
site_by_id["kr_cells"]["stock_days"] = 30

# ==============================================================================================
# END USE (GWh/yr of cells demanded), IEA 2024
# ==============================================================================================
# Days of purchased materials at a car maker, from its filings (issue 20 section 3): Tesla's raw
# materials (cells and every other purchased part) over its cost of revenues. One company, every
# purchased part at cost: it bounds, and does not set, the 20 days of cells assumed at EV demand sites.
TESLA_RAW_DAYS = round((5_390 + 5_242) / 2 / 80_240 * 365, 1)
EV_MAKER_STOCK_NOTE = (
    "assumed 20 days of cells (no car maker gives days of cells); for comparison Tesla's raw materials (all purchased parts, at cost: "
    f"USD 5,390 M end-2023, 5,242 M end-2024) / 2 / 2024 cost of revenues 80,240 M x 365 = {TESLA_RAW_DAYS:g} days")
EV = 950
EV_KWH_PER_CAR = 950e6 / 17e6  # kWh: IEA 2024 EV battery demand / electric cars sold (all EV types in the numerator: an upper bound)
JP_EV_GWH = round(59_736 * EV_KWH_PER_CAR / 1e6, 2)
KR_EV_GWH = round(162_507 * EV_KWH_PER_CAR / 1e6, 2)
IN_EV_GWH = round(99_378 * EV_KWH_PER_CAR / 1e6, 2)
GB_EV_GWH = round(381_970 * EV_KWH_PER_CAR / 1e6, 2)
BR_EV_GWH = round(125_000 * EV_KWH_PER_CAR / 1e6, 2)
END = [
    # id, country, region, name, ev?, total, lfp share, sources, note
    ("cn_ev_demand", "CN", "CN", "China, EV battery demand", EV * 0.59, 0.70, "iea_gevo2025_electrive",
     "IEA 2024 EV battery demand ~950 GWh x China 59 %; LFP 70 % (estimate from GGII's 72 % LFP share of China's 2024 battery shipments)"),
    ("cn_ess_demand", "CN", "CN", "China, stationary storage battery demand", 91, 0.80, "cec_storage_2024",
     "CEC: 91 GWh new battery storage in 2024; LFP 80 % (IEA: LFP 80 % of new storage in 2023)"),
    ("us_ev_demand", "US", "USW", "United States, EV battery demand", EV * 0.13, 0.10, "iea_gevo2025_electrive",
     "IEA 2024: US 13 % of ~950 GWh; LFP 10 % assumed (IEA: LFP >10 % in the EU; nearly all EU/US LFP from China)"),
    ("us_ess_demand", "US", "USW", "United States, stationary storage battery demand", 49 * 0.88, 0.80, "trendforce_storage_2024",
     "TrendForce 2024 projection: Americas 49 GWh x US 88 %; LFP 80 % (IEA 2023 storage share)"),
    ("eu_ev_demand", "EU", "EU", "European Union, EV battery demand (aggregate of the member states)", EV * 0.13, 0.10, "iea_gevo2025_electrive",
     "IEA 2024: EU 13 % of ~950 GWh; LFP >10 % of the EU EV market (IEA via Mint) -> 10 %"),
    ("eu_ess_demand", "XE", "EU", "Europe (EU, UK, EFTA and others), stationary storage battery demand (aggregate)", 32, 0.80, "trendforce_storage_2024",
     "TrendForce 2024 projection: Europe 32 GWh (no EU-only figure given, so it is placed at the Europe aggregate XE, in no region); LFP 80 %"),
    ("jp_ev_demand", "JP", "JP", "Japan, EV battery demand", JP_EV_GWH, 0.10, "nikkei_japan_ev_2024",
     f"estimate: 59,736 battery-electric cars sold in Japan in 2024 (Nikkei) x {EV_KWH_PER_CAR:.0f} kWh (IEA world EV battery demand ~950 GWh / "
     f">17 M electric cars) = {JP_EV_GWH:.1f} GWh; plug-in hybrids, buses and trucks not counted; LFP 10 % assumed"),
    ("kr_ev_demand", "KR", "KR", "Korea, EV battery demand", KR_EV_GWH, 0.10, "molit_korea_ev_2023",
     f"estimate: 162,507 electric cars bought in Korea in 2023 (MOLIT; 2024 figure not found) x {EV_KWH_PER_CAR:.0f} kWh = {KR_EV_GWH:.1f} GWh; "
     "LFP 10 % assumed"),
    ("in_ev_demand", "IN", "IN", "India, EV battery demand (cars)", IN_EV_GWH, 0.50, "iea_gevo2025_india",
     f"estimate: 99,378 electric cars sold in India in 2024 x {EV_KWH_PER_CAR:.0f} kWh = {IN_EV_GWH:.1f} GWh; two- and three-wheelers not "
     "counted (they stay in the rest of the world); LFP 50 % (IEA via Mint: over half in India)"),
    ("gb_ev_demand", "GB", "EU", "United Kingdom, EV battery demand (cars)", GB_EV_GWH, 0.10, "smmt_uk_2024",
     f"estimate: 381,970 battery-electric cars registered in the UK in 2024 (SMMT) x {EV_KWH_PER_CAR:.0f} kWh = {GB_EV_GWH:.1f} GWh; plug-in "
     "hybrids not counted (as for Japan); LFP 10 % assumed (as the EU)"),
    ("br_ev_demand", "BR", "BR", "Brazil, EV battery demand (cars)", BR_EV_GWH, 0.50, "iea_gevo2025_india",
     f"estimate: nearly 125,000 electric cars sold in Brazil in 2024 (IEA GEVO 2025 via EVFY; battery-electric and plug-in hybrid) x "
     f"{EV_KWH_PER_CAR:.0f} kWh = {BR_EV_GWH:.1f} GWh (an upper bound: plug-in hybrids carry smaller packs); LFP 50 % (IEA via Mint: over "
     "half in Brazil)"),
    ("xw_ev_demand", "XW", "XW", "Rest of world, EV battery demand (EFTA, SE Asia, other Latin America, others)",
     EV * 0.15 - JP_EV_GWH - KR_EV_GWH - IN_EV_GWH - GB_EV_GWH - BR_EV_GWH, 0.35, "iea_gevo2025_electrive",
     "IEA 2024: remaining 15 % of ~950 GWh minus the Japan, Korea, India, UK and Brazil estimates; LFP 35 % assumed (IEA via Mint: >50 % in "
     "SE Asia; low in Korea/Japan/UK)"),
    ("xw_ess_demand", "XW", "XW", "Rest of world, stationary storage battery demand", 186 - 91 - 49 * 0.88 - 32, 0.80, "iea_cm_data_2025",
     "world storage ~186 GWh = 950 GWh x IEA 2024 graphite demand ratio grid storage 164 kt / EVs 839 kt; minus China, US, Europe"),
]
for sid, c, reg, nm, tot, lfp, src, nt in END:
    add_site(sid, c, nm, "", src, True, nt, region=reg, stock_days=20)
    if "_ev_" in sid:
        site_by_id[sid]["stock_note"] = (EV_MAKER_STOCK_NOTE, "tesla_inventory_2024")
    demand.append(dict(site=sid, material="cell_lfp", rate=round(tot * lfp, 2), source=src, estimate=True, note=nt))
    demand.append(dict(site=sid, material="cell_nmc", rate=round(tot * (1 - lfp), 2), source=src, estimate=True, note=nt))

# ==============================================================================================
# LANES
# ==============================================================================================
CELL_Q = "180 d"
# cells -> end use
supply("cn_ev_demand", "cell_nmc", [("cn_cells", 1)], "domestic")
supply("cn_ev_demand", "cell_lfp", [("cn_cells", 1)], "domestic")
supply("cn_ess_demand", "cell_nmc", [("cn_cells", 1)], "domestic")
supply("cn_ess_demand", "cell_lfp", [("cn_cells", 1)], "domestic")
supply("us_ev_demand", "cell_nmc", [("us_panasonic_nv", 0.30), ("us_panasonic_ks", 0.10), ("us_lh_battery", 0.10), ("us_cells_other", 0.23),
                                    ("kr_cells", 0.04), ("jp_cells", 0.08), ("cn_cells", 0.15)],
       "estimated split: Tesla/Panasonic Nevada and Kansas, L-H Battery (Honda), other US plants, imports from Korea, Japan, China",
       alternates=["pl_lges_wroclaw"], qual=CELL_Q)
supply("us_ev_demand", "cell_lfp", [("cn_cells", 1)], "nearly all LFP for EVs sold in the US/EU was made in China (IEA via Mint)",
       source="livemint_lfp_2025")
supply("us_ess_demand", "cell_lfp", [("cn_cells", 1)], "storage LFP cells imported from China")
supply("us_ess_demand", "cell_nmc", [("us_cells_other", 1)], "")
supply("eu_ev_demand", "cell_nmc", [("pl_lges_wroclaw", 0.35), ("hu_samsung_god", 0.15), ("hu_skon_komarom", 0.05), ("de_catl_arnstadt", 0.08),
                                    ("de_cells_other", 0.10), ("fr_cells", 0.04), ("cn_cells", 0.19), ("kr_cells", 0.04)],
       "estimated split: European plants ~77 %, imports ~23 % (IEA: Europe produced 110 GWh vs 185 GWh demand in 2023, Poland ~60 %, Hungary ~30 %)",
       source="iea_gevo2024", alternates=["hu_catl_debrecen"], qual=CELL_Q)
supply("eu_ev_demand", "cell_lfp", [("cn_cells", 1)], "nearly all EU LFP from China (IEA via Mint)", source="livemint_lfp_2025")
supply("eu_ess_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("eu_ess_demand", "cell_nmc", [("pl_lges_wroclaw", 0.5), ("cn_cells", 0.5)], "")
supply("gb_ev_demand", "cell_nmc", [("pl_lges_wroclaw", 0.30), ("hu_samsung_god", 0.15), ("hu_skon_komarom", 0.05), ("kr_cells", 0.05),
                                    ("jp_cells", 0.05), ("cn_cells", 0.40)],
       "estimated split: cars imported from EU plants (Korean-owned cell plants in Poland and Hungary), Japan, Korea and China; "
       "AESC Sunderland is not in the dataset")
supply("gb_ev_demand", "cell_lfp", [("cn_cells", 1)], "nearly all European LFP from China (IEA via Mint)", source="livemint_lfp_2025")
supply("br_ev_demand", "cell_nmc", [("cn_cells", 0.85), ("kr_cells", 0.07), ("jp_cells", 0.08)],
       "IEA GEVO 2025: Chinese imports were 85 % of Brazil's electric car sales in 2024; the rest split between Korea and Japan (estimate)")
supply("br_ev_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("xw_ev_demand", "cell_nmc", [("cn_cells", 0.76), ("kr_cells", 0.04), ("jp_cells", 0.08), ("in_cells", 0.02), ("pl_lges_wroclaw", 0.05),
                                    ("hu_samsung_god", 0.05)], "estimated split")
supply("xw_ev_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("jp_ev_demand", "cell_nmc", [("jp_cells", 0.8), ("kr_cells", 0.1), ("cn_cells", 0.1)], "estimated split: mostly domestic")
supply("jp_ev_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("kr_ev_demand", "cell_nmc", [("kr_cells", 0.9), ("cn_cells", 0.1)], "estimated split: mostly domestic")
supply("kr_ev_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("in_ev_demand", "cell_nmc", [("in_cells", 0.3), ("cn_cells", 0.7)], "estimated split")
supply("in_ev_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("xw_ess_demand", "cell_lfp", [("cn_cells", 1)], "")
supply("xw_ess_demand", "cell_nmc", [("cn_cells", 1)], "")

# Lane capacities (docs/FORMATS.md, "Capacities"): Chinese NMC cells for US and EU EV demand are
# capped at the lane's estimated 2024 flow (its share x demand above), assumed not to rise within a
# one-year horizon (tariffs, sourcing rules and the time to qualify a cell for a car model). An
# assumption, not a published figure: without it the allocation plan serves every scenario by
# buying more Chinese cells. The US cap is written in full: rounded to 16.67 GWh/yr it fell
# 0.0025 GWh/yr (0.015 %) below the flow it states, and the buyer found the lane short of its
# part from day 0 (docs/SIMULATION.md, Re-sourcing, "A capped lane's share stands aside"). The
# EU cap, rounded up, is 0.0015 GWh/yr above its flow and stays as it was.
LANE_CAPACITY = {
    ("cn_cells", "us_ev_demand", "cell_nmc"): "16.6725 GWh/yr",  # 0.15 x 111.15 GWh/yr
    ("cn_cells", "eu_ev_demand", "cell_nmc"): "21.12 GWh/yr",  # 0.19 x 111.15 GWh/yr = 21.1185
}
for l in lanes:
    cap = LANE_CAPACITY.get((l["frm"], l["to"], l["material"]))
    if cap:
        l["capacity"] = cap
        l["note"] += "; capacity: the estimated 2024 flow (share x demand), assumed not to rise within a year (chaintwin assumption)"

NON_CN_CELLS = [c[0] for c in CELL_SITES]
# components -> cells
CAM_SPLIT = {
    "kr_cells": [("kr_posco_cathode", 0.3), ("kr_cathode_other", 0.55), ("cn_cathode", 0.1), ("jp_smm_cathode", 0.05)],
    "jp_cells": [("jp_smm_cathode", 0.6), ("kr_cathode_other", 0.2), ("cn_cathode", 0.2)],
    "us_panasonic_nv": [("jp_smm_cathode", 0.8), ("kr_cathode_other", 0.2)],
    "us_panasonic_ks": [("jp_smm_cathode", 0.8), ("kr_cathode_other", 0.2)],
    "us_lh_battery": [("kr_cathode_other", 0.5), ("kr_posco_cathode", 0.5)],
    "us_cells_other": [("kr_posco_cathode", 0.3), ("kr_cathode_other", 0.5), ("cn_cathode", 0.2)],
    "pl_lges_wroclaw": [("kr_cathode_other", 0.5), ("pl_umicore_nysa", 0.3), ("cn_cathode", 0.2)],
    "hu_samsung_god": [("kr_cathode_other", 0.6), ("cn_cathode", 0.2), ("pl_umicore_nysa", 0.2)],
    "hu_skon_komarom": [("kr_cathode_other", 0.7), ("cn_cathode", 0.3)],
    "hu_catl_debrecen": [("cn_cathode", 1)],
    "de_catl_arnstadt": [("cn_cathode", 1)],
    "de_cells_other": [("cn_cathode", 0.5), ("kr_cathode_other", 0.3), ("pl_umicore_nysa", 0.2)],
    "fr_cells": [("pl_umicore_nysa", 0.5), ("kr_cathode_other", 0.5)],
    "in_cells": [("cn_cathode", 1)],
}
AAM_SPLIT = {
    "kr_cells": [("cn_anode", 0.55), ("kr_posco_anode_natural", 0.30), ("jp_anode", 0.15)],
    "jp_cells": [("jp_anode", 0.6), ("cn_anode", 0.4)],
    "us_panasonic_nv": [("cn_anode", 0.6), ("jp_anode", 0.2), ("us_syrah_vidalia", 0.1), ("ca_nmg_becancour", 0.03), ("kr_posco_anode_natural", 0.07)],
    "us_panasonic_ks": [("cn_anode", 0.6), ("jp_anode", 0.2), ("us_syrah_vidalia", 0.1), ("ca_nmg_becancour", 0.03), ("kr_posco_anode_natural", 0.07)],
    "us_lh_battery": [("cn_anode", 0.5), ("kr_posco_anode_natural", 0.3), ("jp_anode", 0.2)],
    "us_cells_other": [("cn_anode", 0.6), ("kr_posco_anode_natural", 0.2), ("kr_posco_anode_artificial", 0.05), ("jp_anode", 0.1), ("us_syrah_vidalia", 0.05)],
    "pl_lges_wroclaw": [("cn_anode", 0.7), ("kr_posco_anode_natural", 0.1), ("jp_anode", 0.1), ("id_btr_anode", 0.1)],
    "hu_samsung_god": [("cn_anode", 0.8), ("jp_anode", 0.1), ("kr_posco_anode_natural", 0.1)],
    "hu_skon_komarom": [("cn_anode", 0.8), ("kr_posco_anode_natural", 0.2)],
    "hu_catl_debrecen": [("cn_anode", 1)],
    "de_catl_arnstadt": [("cn_anode", 1)],
    "de_cells_other": [("cn_anode", 0.8), ("jp_anode", 0.1), ("id_btr_anode", 0.1)],
    "fr_cells": [("cn_anode", 0.9), ("jp_anode", 0.1)],
    "in_cells": [("cn_anode", 1)],
}
SEP_SPLIT = {
    "kr_cells": [("kr_separator", 0.6), ("jp_separator", 0.3), ("cn_separator", 0.1)],
    "jp_cells": [("jp_separator", 0.9), ("cn_separator", 0.1)],
    "us_panasonic_nv": [("jp_separator", 0.5), ("kr_separator", 0.3), ("cn_separator", 0.2)],
    "us_panasonic_ks": [("jp_separator", 0.5), ("kr_separator", 0.3), ("cn_separator", 0.2)],
    "us_lh_battery": [("kr_separator", 0.4), ("jp_separator", 0.4), ("cn_separator", 0.2)],
    "us_cells_other": [("kr_separator", 0.4), ("jp_separator", 0.3), ("cn_separator", 0.3)],
    "pl_lges_wroclaw": [("hu_lg_toray", 0.5), ("kr_separator", 0.2), ("jp_separator", 0.1), ("cn_separator", 0.2)],
    "hu_samsung_god": [("hu_semcorp_debrecen", 0.4), ("kr_separator", 0.3), ("jp_separator", 0.1), ("cn_separator", 0.2)],
    "hu_skon_komarom": [("hu_semcorp_debrecen", 0.2), ("kr_separator", 0.6), ("cn_separator", 0.2)],
    "hu_catl_debrecen": [("cn_separator", 0.7), ("hu_semcorp_debrecen", 0.3)],
    "de_catl_arnstadt": [("cn_separator", 0.7), ("hu_semcorp_debrecen", 0.3)],
    "de_cells_other": [("cn_separator", 0.6), ("jp_separator", 0.2), ("hu_semcorp_debrecen", 0.2)],
    "fr_cells": [("cn_separator", 0.5), ("jp_separator", 0.5)],
    "in_cells": [("cn_separator", 1)],
}
ELY_SPLIT = {
    "kr_cells": [("kr_electrolyte", 0.6), ("cn_electrolyte", 0.3), ("jp_mcc_electrolyte", 0.1)],
    "jp_cells": [("jp_mcc_electrolyte", 0.8), ("cn_electrolyte", 0.2)],
    "us_panasonic_nv": [("jp_mcc_electrolyte", 0.4), ("kr_electrolyte", 0.4), ("cn_electrolyte", 0.2)],
    "us_panasonic_ks": [("jp_mcc_electrolyte", 0.4), ("kr_electrolyte", 0.4), ("cn_electrolyte", 0.2)],
    "us_lh_battery": [("kr_electrolyte", 0.7), ("cn_electrolyte", 0.3)],
    "us_cells_other": [("kr_electrolyte", 0.5), ("cn_electrolyte", 0.5)],
    "pl_lges_wroclaw": [("kr_electrolyte", 0.5), ("cn_electrolyte", 0.5)],
    "hu_samsung_god": [("kr_electrolyte", 0.5), ("cn_electrolyte", 0.5)],
    "hu_skon_komarom": [("kr_electrolyte", 0.5), ("cn_electrolyte", 0.5)],
    "hu_catl_debrecen": [("cn_electrolyte", 1)],
    "de_catl_arnstadt": [("cn_electrolyte", 1)],
    "de_cells_other": [("cn_electrolyte", 0.8), ("kr_electrolyte", 0.2)],
    "fr_cells": [("cn_electrolyte", 0.8), ("kr_electrolyte", 0.2)],
    "in_cells": [("cn_electrolyte", 1)],
}
AAM_ALTS = ["id_btr_anode", "jp_anode", "us_syrah_vidalia"]
# Qualification of an alternate anode supplier, per existing plant (assumptions: no public figure for
# any of them; automotive qualification of a new active material takes months).
AAM_QUAL = {
    "id_btr_anode": ("90 d", "alternate anode supplier: a new plant (Aug 2024) of BTR, the largest anode supplier (SNE 2024: >432 kt "
                             "shipped), whose customers include Panasonic, Samsung SDI, LGES, SK On, CATL and BYD (evblog 2024): extending "
                             "an existing qualification to a new plant (audit and sample approval) estimated at 90 d; no public figure",
                     "evblog_btr_2024"),
    "jp_anode": ("90 d", "alternate anode supplier: established Japanese makers (Resonac, Mitsubishi Chemical) already supplying cell "
                         "makers; extending an existing qualification assumed 90 d"),
    "us_syrah_vidalia": ("700 d", "alternate anode supplier: a new entrant whose qualification is on record: first AAM Feb 2024; the Tesla "
                                  "offtake set final specifications by 31 Dec 2022 and qualification by 31 May 2025; Tesla's notice of default "
                                  "(Jul 2025, non-conforming samples) and three extensions moved the cure date to 16 Mar 2026, with qualification "
                                  "still not achieved in Jan 2026: Feb 2024 to Jan 2026 is ~700 days and counting, so no new buyer qualifies "
                                  "Vidalia within a one-year horizon (estimate from the record; was an assumed 180 d)", "kallanish_syrah_2025"),
    "kr_posco_anode_artificial": ("180 d", "alternate anode supplier: POSCO Future M artificial graphite for a buyer it does not supply; "
                                           "qualification assumed 180 d"),
}
# Qualified (0 d) alternates: suppliers already contracted or qualified with the buyer, used as soon as
# a primary lane is blocked (the simulator moves a blocked share to qualified alternates).
QUALIFIED_ALTS = {
    "us_panasonic_nv": [("ca_nmg_becancour", "NMG-Panasonic Energy binding offtake, 15 Feb 2024 (18 kt/yr, 7 years)", "nmg_panasonic_2024")],
    "us_panasonic_ks": [("ca_nmg_becancour", "NMG-Panasonic Energy binding offtake, 15 Feb 2024 (18 kt/yr, 7 years)", "nmg_panasonic_2024")],
    "us_cells_other": [("ca_nmg_becancour", "NMG-GM offtake, 15 Feb 2024 (18 kt/yr, 6 years); GM's cells are made by Ultium Cells", "nmg_gm_2024")],
    "kr_cells": [("kr_posco_anode_artificial", "POSCO Future M artificial graphite, an existing Korean supplier; treated as qualified", "posco_2023")],
    "pl_lges_wroclaw": [("kr_posco_anode_artificial", "POSCO Future M artificial graphite for LGES; treated as qualified", "posco_2023")],
    "hu_samsung_god": [("kr_posco_anode_artificial", "POSCO Future M artificial graphite; treated as qualified", "posco_2023")],
    "hu_skon_komarom": [("kr_posco_anode_artificial", "POSCO Future M artificial graphite; treated as qualified", "posco_2023")],
    "us_lh_battery": [("kr_posco_anode_artificial", "POSCO Future M artificial graphite for LGES; treated as qualified", "posco_2023")],
}
for cell in NON_CN_CELLS:
    supply(cell, "cathode_nmc", CAM_SPLIT[cell], "estimated supplier split (no public purchase data)")
    primaries = {s for s, _ in AAM_SPLIT[cell]}
    supply(cell, "anode_material", AAM_SPLIT[cell],
           "estimated; Korean cell makers import over half their anode material from China (KNG 2023)" if cell.startswith(("kr", "pl", "hu_sk", "hu_sam", "us_lh"))
           else "estimated supplier split", source="kng_2023" if cell == "kr_cells" else "chaintwin_assumption",
           alternates=[a for a in AAM_ALTS if a not in primaries and site_by_id[a]["country"] != site_by_id[cell]["country"] or
                       (a not in primaries and a == "kr_posco_anode_artificial")],
           qual=AAM_QUAL)
    for sup, why, src in QUALIFIED_ALTS.get(cell, []):
        add_lane(sup, cell, "anode_material", alternate=True, qualification="0 d", source=src, lid=f"{sup}_qualified_{cell}",
                 note=f"qualified alternate: {why}; takes the blocked share of Chinese supply at once")
    supply(cell, "separator", SEP_SPLIT[cell], "estimated supplier split")
    supply(cell, "electrolyte", ELY_SPLIT[cell], "estimated supplier split")
    if any(i["site"] == cell and i["material"] == "pouch_film" for i in inputs):
        supply(cell, "pouch_film", [("jp_dnp_pouch", 0.5), ("jp_resonac_pouch", 0.5)],
               "Korea's three cell makers imported all pouch film from DNP and Showa Denko (ETNews 2019)", source="etnews_2019",
               alternates=["cn_pouch"], qual="180 d", alt_note="alternate pouch film (Chinese makers); qualification assumed 180 d")
# Chinese cells
for m, s in [("cathode_nmc", "cn_cathode"), ("cathode_lfp", "cn_cathode"), ("anode_material", "cn_anode"),
             ("separator", "cn_separator"), ("electrolyte", "cn_electrolyte")]:
    supply("cn_cells", m, [(s, 1)], "domestic")

# refining -> CAM
supply("cn_cathode", "nickel_sulfate", [("cn_nickel_refining", 0.7), ("id_huayue", 0.1), ("id_huafei", 0.1), ("id_nickel_refining", 0.1)],
       "estimated: Chinese sulphate largely from Indonesian intermediates")
supply("cn_cathode", "cobalt_sulfate", [("cn_cobalt_refining", 1)], "domestic")
supply("cn_cathode", "manganese_sulfate", [("cn_manganese_sulfate", 1)], "domestic")
supply("cn_cathode", "lithium_hydroxide", [("cn_lithium_refining", 1)], "domestic")
supply("cn_cathode", "lithium_carbonate", [("cn_lithium_refining", 0.75), ("cl_sqm_carmen", 0.18), ("cl_lithium_refining_other", 0.02),
                                           ("ar_lithium_refining", 0.05)], "estimated: domestic plus Chilean and Argentine carbonate")
for cam in ["kr_posco_cathode", "kr_cathode_other"]:
    supply(cam, "nickel_sulfate", [("id_nickel_refining", 0.3), ("cn_nickel_refining", 0.3), ("au_nickel_refining", 0.1), ("xw_nickel_refining", 0.3)],
           "estimated", alternates=["ca_nickel_refining", "fi_nickel_refining"])
    supply(cam, "cobalt_sulfate", [("cn_cobalt_refining", 0.9), ("fi_cobalt_refining", 0.1)],
           "Korea sourced 97 % of its cobalt sulphate from China (2021)", source="chaintwin_assumption",
           alternates=["xw_cobalt_refining", "jp_cobalt_refining"])
    supply(cam, "manganese_sulfate", [("cn_manganese_sulfate", 0.9), ("xw_manganese_sulfate", 0.1)], "estimated")
    supply(cam, "lithium_hydroxide", [("cn_lithium_refining", 0.6), ("au_kwinana", 0.15), ("au_kemerton", 0.05), ("cl_sqm_carmen", 0.2)],
           "estimated; Kwinana sells to Korea, Japan, Europe", alternates=["xw_lithium_refining"])
supply("jp_smm_cathode", "nickel_sulfate", [("xw_nickel_refining", 0.45), ("id_nickel_refining", 0.3), ("au_nickel_refining", 0.15),
                                            ("ca_nickel_refining", 0.05), ("us_redwood", 0.05)],
       "estimated; SMM's own Niihama refinery is inside the IEA rest-of-world residual; Canadian nickel under the Japan-Canada battery "
       "supply-chain memorandum of 21 Sep 2023 (share estimated)")
supply("jp_smm_cathode", "cobalt_sulfate", [("jp_cobalt_refining", 0.55), ("cn_cobalt_refining", 0.4), ("us_redwood", 0.05)], "estimated",
       alternates=["xw_cobalt_refining"])
supply("jp_smm_cathode", "manganese_sulfate", [("cn_manganese_sulfate", 0.8), ("xw_manganese_sulfate", 0.2)], "estimated")
supply("jp_smm_cathode", "lithium_hydroxide", [("cn_lithium_refining", 0.45), ("au_kwinana", 0.15), ("au_kemerton", 0.15), ("cl_sqm_carmen", 0.2),
                                                ("us_redwood", 0.05)], "estimated")
supply("pl_umicore_nysa", "nickel_sulfate", [("fi_nickel_refining", 0.5), ("xw_nickel_refining", 0.3), ("au_nickel_refining", 0.2)], "estimated")
supply("pl_umicore_nysa", "cobalt_sulfate", [("fi_cobalt_refining", 0.6), ("cn_cobalt_refining", 0.4)], "estimated", alternates=["xw_cobalt_refining"])
supply("pl_umicore_nysa", "manganese_sulfate", [("cn_manganese_sulfate", 0.8), ("xw_manganese_sulfate", 0.2)], "estimated")
supply("pl_umicore_nysa", "lithium_hydroxide", [("cn_lithium_refining", 0.5), ("au_kwinana", 0.2), ("cl_sqm_carmen", 0.3)], "estimated")
supply("us_redwood", "black_mass", [("us_eol_scrap", 1)], "domestic collection")
circular_data.add_recycling_lanes(lanes, add_lane, supply, processes, RECYCLED,
                                  {"cathode_nmc": {e: NMC[e] / NMC["cam"] for e in ("ni", "co", "li")},
                                   "cathode_lfp": {"li": LFP["li"] / LFP["cam"]}})

# mines -> refining
li_sup = [("au_greenbushes", gb_li - round(50_000 / 6.046) - round(24_000 / 6.046)), ("au_pilgangoora", pg_li),
          ("au_lithium_other", 88_000 - gb_li - pg_li), ("cn_lithium_mines", 41_000), ("zw_lithium_mines", 22_000),
          ("br_lithium_mines", 10_000), ("ca_lithium_mines", 4_300), ("na_lithium_mines", 2_700)]
supply("cn_lithium_refining", "lithium_ore", li_sup,
       "share proportional to each source's output available to China; spodumene goes almost exclusively to China (2024)", source="usgs_mcs2025_lithium")
for ref in ["cl_sqm_carmen", "cl_lithium_refining_other"]:
    supply(ref, "lithium_ore", [("cl_lithium_brine", 1)], "brine from Salar de Atacama")
supply("ar_lithium_refining", "lithium_ore", [("ar_lithium_brine", 1)], "domestic brine")
for ref in ["au_kemerton", "au_kwinana"]:
    supply(ref, "lithium_ore", [("au_greenbushes", 1)], "Greenbushes owners' downstream plants")
supply("cn_nickel_refining", "nickel_ore", [("id_nickel_mines", 0.55), ("ph_nickel_mines", 0.25), ("nc_nickel_mines", 0.05), ("cn_nickel_mines", 0.10),
                                            ("xw_nickel_mines", 0.05)],
       "estimated: Indonesian intermediates (ore export banned since 2020), Philippine ore, domestic", source="indonesia_ban_2019",
       alternates=["br_nickel_mines", "au_nickel_mines"])
for ref in ["id_nickel_refining", "id_huayue", "id_huafei"]:
    supply(ref, "nickel_ore", [("id_nickel_mines", 1)], "domestic ore (exports banned since 1 Jan 2020)", source="indonesia_ban_2019")
supply("ru_nickel_refining", "nickel_ore", [("ru_nickel_mines", 1)], "domestic")
supply("ca_nickel_refining", "nickel_ore", [("ca_nickel_mines", 1)], "domestic")
supply("au_nickel_refining", "nickel_ore", [("au_nickel_mines", 1)], "domestic")
supply("fi_nickel_refining", "nickel_ore", [("ru_nickel_mines", 0.5), ("au_nickel_mines", 0.2), ("xw_nickel_mines", 0.3)],
       "estimated: Harjavalta treats Russian matte; Terrafame's own mine is in USGS 'other'")
supply("cn_cobalt_refining", "cobalt_ore", [("cd_cobalt_mines", 0.85), ("id_cobalt_mines", 0.10), ("au_cobalt_mines", 0.01), ("pg_cobalt_mines", 0.02),
                                            ("tr_cobalt_mines", 0.02)],
       "estimated: Chinese refined cobalt is mostly from DRC and Indonesian intermediates (USGS)", source="usgs_mcs2025_cobalt",
       alternates=["ph_cobalt_mines", "ru_cobalt_mines", "nc_cobalt_mines", "mg_cobalt_mines"])
supply("fi_cobalt_refining", "cobalt_ore", [("cd_cobalt_mines", 0.8), ("ru_cobalt_mines", 0.2)], "estimated")
supply("jp_cobalt_refining", "cobalt_ore", [("ph_cobalt_mines", 0.5), ("mg_cobalt_mines", 0.3), ("nc_cobalt_mines", 0.2)],
       "estimated: SMM's Philippine HPAL plants and Ambatovy")
supply("id_cobalt_refining", "cobalt_ore", [("id_cobalt_mines", 1)], "domestic")
supply("ca_cobalt_refining", "cobalt_ore", [("ca_cobalt_mines", 0.5), ("cu_cobalt_mines", 0.5)], "Moa (Cuba) feed to Fort Saskatchewan")
supply("cn_manganese_sulfate", "manganese_ore", [("za_manganese_mines", 0.4), ("ga_manganese_mines", 0.25), ("au_manganese_mines", 0.15),
                                                 ("cn_manganese_mines", 0.12), ("gh_manganese_mines", 0.05), ("br_manganese_mines", 0.03)],
       "estimated from mine output shares", source="usgs_mcs2025_manganese", alternates=["my_manganese_mines"])
supply("cn_spherical_graphite", "natural_graphite", [("cn_graphite_mines", 0.75), ("mz_balama", 0.07), ("mg_graphite_mines", 0.08),
                                                     ("tz_graphite_mines", 0.04), ("br_graphite_mines", 0.06)],
       "estimated: domestic flake plus African and Brazilian imports", source="usgs_mcs2025_graphite")
supply("us_syrah_vidalia", "natural_graphite", [("mz_balama", 1)], "Balama flake to Vidalia")
supply("ca_nmg_becancour", "natural_graphite", [("ca_nmg_matawinie", 1)], "integrated mine-to-anode project")
supply("cn_anode", "spherical_graphite", [("cn_spherical_graphite", 1)], "domestic")
supply("cn_anode", "synthetic_graphite", [("cn_synthetic_graphite", 1)], "domestic")
supply("jp_anode", "synthetic_graphite", [("jp_synthetic_graphite", 1)], "domestic")
supply("jp_anode", "spherical_graphite", [("cn_spherical_graphite", 1)], "Japan took 29 % of China's spherical graphite exports (Jan-Aug 2024)",
       source="usgs_mcs2025_graphite")
supply("kr_posco_anode_natural", "spherical_graphite", [("cn_spherical_graphite", 1)],
       "Korea took 49 % of China's spherical graphite exports (Jan-Aug 2024); 98 % of Korea's natural graphite imports from China",
       source="usgs_mcs2025_graphite")
supply("id_btr_anode", "synthetic_graphite", [("id_btr_graphite", 1)], "integrated")
supply("fi_shanshan_vaasa", "synthetic_graphite", [("cn_synthetic_graphite", 1)], "assumed from the parent in China")

# ----------------------------------------------------------------------------------------------
# Baseline propagation (expected daily use), capacity sizing for need-sized sites, inventories
# ----------------------------------------------------------------------------------------------
def ratio_value(text):
    num, unit = text.split()
    v = float(num)
    conv = {"kg/kWh": 1.0, "m2/kWh": 1e6, "t/t": 1.0}
    # kg/kWh -> t/GWh = x 1000 ; m2/kWh -> m2/GWh = x 1e6
    if unit == "kg/kWh":
        return v * 1000
    return v * conv[unit]


def propagate():
    need = defaultdict(float)  # (site, material) output per year
    use = defaultdict(float)   # (site, material) input per year
    frontier = defaultdict(float)
    for d in demand:
        frontier[(d["site"], d["material"])] += d["rate"]
        use[(d["site"], d["material"])] += d["rate"]
    prim = defaultdict(list)
    for l in lanes:
        if not l["alternate"]:
            prim[(l["to"], l["material"])].append(l)
    for _ in range(20):
        nxt = defaultdict(float)
        for (buyer, mat), qty in frontier.items():
            for l in prim.get((buyer, mat), []):
                s = l["frm"]
                need[(s, mat)] += qty * l["share"]
                procs = [p for p in processes if p["site"] == s and p["output"] == mat]
                cap_sum = sum(p["cap"] for p in procs)
                for p in procs:
                    # processes of one site making the same material share its output by capacity
                    part = p["cap"] / cap_sum if cap_sum > 0 else 1 / len(procs)
                    for m, (ratio, *_r) in p["inputs"].items():
                        r = ratio_value(ratio)
                        nxt[(s, m)] += qty * l["share"] * r * part
                        use[(s, m)] += qty * l["share"] * r * part
        frontier = nxt
        if not frontier:
            break
    return need, use


# sizing of need-sized sites: first pass without them (their capacities are 0 placeholders)
need, use = propagate()
mn_need = sum(v for (s, m), v in need.items() if m == "manganese_sulfate")
add_proc("cn_manganese_sulfate", "manganese_sulfate", round(2 * mn_need * 0.9, -2), "chaintwin_assumption", True,
         f"no public capacity: 2 x the modelled battery need ({mn_need:.0f} t Mn/yr) x China's share of supply",
         ins=CONTENT("manganese_ore"))
add_proc("xw_manganese_sulfate", "manganese_sulfate", round(2 * mn_need * 0.9 * 5 / 95, -2), "chaintwin_assumption", True,
         "5/95 of China's (Benchmark via NYT: China 95 %)")
ek = need.get(("kr_electrolyte", "electrolyte"), 0)
add_proc("kr_electrolyte", "electrolyte", round(1.5 * ek, -2), "chaintwin_assumption", True,
         f"no public capacity: 1.5 x the modelled need of its buyers ({ek:.0f} t/yr)")
pf = need.get(("jp_dnp_pouch", "pouch_film"), 0)
pr = need.get(("jp_resonac_pouch", "pouch_film"), 0)
add_proc("jp_dnp_pouch", "pouch_film", round(1.5 * pf, -4), "chaintwin_assumption", True, f"1.5 x modelled need ({pf:.0f} m2/yr)")
add_proc("jp_resonac_pouch", "pouch_film", round(1.5 * pr, -4), "chaintwin_assumption", True, f"1.5 x modelled need ({pr:.0f} m2/yr)")
add_proc("cn_pouch", "pouch_film", round(0.43 * 1.5 * (pf + pr), -4), "chaintwin_assumption", True,
         "30/70 of the Japanese pair (ETNews 2019: DNP + Showa Denko ~70 %)")
need, use = propagate()

problems = []


def site_share(p):
    """The share of its site's need of a material that process p makes (by capacity)."""
    same = [x for x in processes if x["site"] == p["site"] and x["output"] == p["output"]]
    tot = sum(x["cap"] for x in same)
    return p["cap"] / tot if tot > 0 else 1 / len(same)


for p in processes:
    n = need.get((p["site"], p["output"]), 0.0) * site_share(p)
    if p["start"] is not None and p["start"] > "2026-01-01":
        continue
    if n > p["cap"] * 0.999 and not site_by_id[p["site"]]["external"]:
        problems.append(f"over capacity: {p['site']} {p['output']} need {n:.0f} > cap {p['cap']:.0f}")
    if p["start"] is not None and p["start"] > "2026-01-01" and n > 0:
        problems.append(f"future process with baseline need: {p['site']} {p['output']} {n:.0f}")

# inventories: stock days x expected daily use of each input (and of demanded cells at end-use sites)
inventory = []
for s in sites:
    if s["external"]:
        continue
    for (sid, m), per_year in sorted(use.items()):
        if sid != s["id"] or per_year <= 0:
            continue
        days = s["stock_days"] or 0
        src, est, nt = "chaintwin_assumption", True, f"{days} d (site stock policy, assumed) x expected use {per_year:.4g}/yr / 365"
        if s.get("stock_note"):
            nt += "; " + s["stock_note"][0]
        if m in s["stock_override"]:
            dtext, src, est, onote = s["stock_override"][m]
            days = float(dtext.split()[0])
            nt = f"{onote}; {days:g} d x expected use {per_year:.4g}/yr / 365"
        qty = days * per_year / 365
        if qty <= 0:
            continue
        u = MAT_UNIT[m]
        inventory.append(dict(site=s["id"], material=m, quantity=f"{q(round(qty, 3 if u == 'GWh' else 0))} {u}",
                              source=src, estimate=est, note=nt))

# ----------------------------------------------------------------------------------------------
# Contracts (named agreements)
# ----------------------------------------------------------------------------------------------
contracts = [
    dict(id="nmg_panasonic_offtake", buyer="us_panasonic_ks", seller="ca_nmg_becancour", material="anode_material", volume="18 kt/yr",
         max_volume="18 kt/yr",
         start="2027-01-01", end="2033-12-31", kind="offtake", priority=1, source="nmg_panasonic_2024", estimate=True,
         note="binding offtake of 15 Feb 2024: 18,000 t/yr for 7 years, conditional on start-up and qualification; +US$25 M equity; start date assumed; max_volume: the offtake volume, as the most NMG delivers to this buyer"),
    dict(id="nmg_gm_offtake", buyer="us_cells_other", seller="ca_nmg_becancour", material="anode_material", volume="18 kt/yr",
         max_volume="18 kt/yr",
         start="2027-01-01", end="2032-12-31", kind="offtake", priority=1, source="nmg_gm_2024", estimate=True,
         note="GM offtake of 15 Feb 2024: 18,000 t/yr for 6 years (GM's cells are made by Ultium Cells, in us_cells_other); start date assumed; max_volume: the offtake volume, as the most NMG delivers to this buyer"),
    dict(id="lh_battery_honda", buyer="us_ev_demand", seller="us_lh_battery", material="cell_nmc", volume="40 GWh/yr",
         start="2025-12-31", kind="offtake", priority=1, source="lh_battery_2023", estimate=True,
         note="all L-H Battery output goes to Honda's North American plants (modelled as US EV demand)"),
]

# ----------------------------------------------------------------------------------------------
# Facts (policy targets)
# ----------------------------------------------------------------------------------------------
FACTS = [
    ("jp_domestic_capacity_target_2030", "150 GWh/yr of battery and materials manufacturing capacity in Japan by 2030 (from ~20 GWh in 2022)",
     "meti_battery_2022", False, "METI Battery Industry Strategy (interim Apr 2022, final Aug 2022); kept in the 2023 revision"),
    ("jp_global_capacity_target_2030", "600 GWh/yr of global manufacturing capacity by Japanese companies by 2030 (~20 % world share)",
     "meti_battery_2022", False, "METI Battery Industry Strategy 2022"),
    ("jp_domestic_capacity_2022", "~20 GWh/yr domestic manufacturing base in 2022", "meti_jmd_2022", False, "baseline of the 150 GWh target"),
    ("jp_partner_countries", "Canada, Australia, the United States, Europe, Southeast Asian and African resource countries (Korea not named)",
     "meti_battery_2022", True, "list as given in the project issue; the 2023 revision's text was not found in public sources (confidence U); group meti_partners"),
    ("jogmec_stockpile_target", "60 days of consumption (42 national + 18 private); up to 180 days for high-risk metals", "jogmec_stockpile", False, "2020 strategy"),
    ("kr_graphite_inventory_2023", "~45 days of graphite inventory in Korea when China announced graphite controls (Oct 2023)", "koreaherald_2023", False,
     "used as kr_cells' anode stock policy"),
    ("cn_graphite_controls_2023", "Export licences for high-purity synthetic graphite and natural flake/spherical graphite from 1 Dec 2023", "xinhua_graphite_2023",
     False, "MOFCOM/GAC announcement of 20 Oct 2023"),
    ("cn_graphite_exports_nov2023", "China's natural graphite exports: over 45,000 t in Nov 2023 (buyers ahead of the 1 Dec licences) against ~17,000 t a month Jan-Oct; 3,973 t in Dec",
     "bloomberg_graphite_dec2023", False, "front-loading before the 2023 controls; Korea's spherical graphite 8,830 t in Nov vs ~3,000 t/month in 2022 (Fastmarkets); used in cn_graphite_licensing_2023"),
    ("posco_spherical_plant_2027", "POSCO Future M spherical graphite plant, Saemangeum: 37,000 t/yr from 2027, KRW 436.1 bn (board approval KRW 396.1 bn, Apr 2025)",
     "posco_spherical_2025", False, "not in the base network (starts after the horizon); the KRW 260 bn figure named in issue 20 was not found in the sources read"),
    ("nextsource_offtakes_2025", "NextSource Materials: binding multi-year offtake of 9 kt/yr coated spherical purified graphite to Mitsubishi Chemical (Aug 2025, for "
     "anode material made in Japan for North American OEMs) and 15 kt/yr to POSCO; feed from the Molo mine (Madagascar), processed in the UAE (20 kt/yr nameplate, not built in 2026)",
     "projectblue_nextsource_2025", False, "not in the base network (the UAE plant is after the base year); a non-China route for Japan's and Korea's natural-graphite anode lines"),
    ("kr_stockpiling_oct2023", "LG Energy Solution said it would buy more graphite before the 1 Dec 2023 controls; POSCO Future M was keeping 'the proper levels of stockpiles'",
     "bloomberg_graphite_oct2023", False, "qualitative: no company gave its days of inventory; the stock days of the dataset stay assumptions (README, Stocks)"),
    ("kr_cell_makers_inventory_days", f"Korean cell makers' days of inventory (all inventory, at cost): Samsung SDI 2024 {SDI_INV_DAYS:g} days of cost of sales "
     f"({SDI_MAT_DAYS:g} without finished goods); LGES 2023 {LGES_INV_DAYS_2023:g} days of sales; Q3 2023: LGES {Q3_2023_DAYS['LGES']:g}, "
     f"Samsung SDI {Q3_2023_DAYS['Samsung SDI']:g}, SK On {Q3_2023_DAYS['SK On']:g} days of sales",
     "sdi_audit_2024_naver", False, "arithmetic: inventories / cost of sales x 365 or 365 / turnover (sources: sdi_audit_2024_naver, stockanalysis_sdi_2024, "
     "dealsite_sdi_2024, asiatoday_lges_2024, economidaily_inventory_2023); an upper bound on the days of any one input held at a cell plant, which "
     "the dataset assumes at 30 (README, Stocks)"),
    ("syrah_vidalia_qualification", "Tesla's qualification of Syrah's Vidalia anode material: due 31 May 2025 under the Dec 2021 offtake; not achieved by Jan 2026 "
     "(default notice Jul 2025; cure date and final qualification deadline moved to 16 Mar 2026)", "electrive_syrah_2026", False,
     "first AAM Feb 2024: ~700 days without qualification; used for Vidalia's qualification time as an alternate supplier (README, Alternates and qualification)"),
    ("tesla_raw_material_days", f"Tesla's raw-material inventory: {TESLA_RAW_DAYS:g} days of 2024 cost of revenues (all purchased parts, at cost)",
     "tesla_inventory_2024", False, "arithmetic: (5,390 + 5,242) / 2 / 80,240 x 365 (sources: tesla_inventory_2024, tesla_income_2024); a comparison "
     "for the 20 days of cells assumed at EV demand sites (README, Stocks)"),
    ("cn_ann58_2025", "Export controls on artificial graphite anode and graphitisation equipment (Ann. No. 58, due 8 Nov 2025) suspended 7 Nov 2025 to 10 Nov 2026",
     "smm_ann58_2025", False, "basis of graphite_ban scenario start in 2026"),
]

# ==============================================================================================
# WRITE
# ==============================================================================================
def yq(s):
    """YAML double-quoted string."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def prov(d, indent):
    out = []
    if d.get("source"):
        out.append(f"{indent}source: {d['source']}")
    if d.get("estimate"):
        out.append(f"{indent}estimate: true")
    if d.get("note"):
        out.append(f"{indent}note: {yq(d['note'])}")
    return out


def write_network():
    L = []
    L.append("# chaintwin bundled dataset: the lithium-ion battery supply chain (base year 2024, for 2026 scenarios).")
    L.append("# Generated by tools/build_dataset.py from the figures and sources listed there; see README.md.")
    L.append("# Unit basis: lithium in t Li content (mine and chemicals); nickel, cobalt, manganese in t metal content;")
    L.append("# graphite, cathode, anode, electrolyte in t; separator and pouch film in m2; cells and demand in GWh.")
    L.append("kind: network")
    L.append("id: battery")
    L.append("name: Lithium-ion battery supply chain (world, country level plus named facilities)")
    L.append("description: >")
    L.append("  Mines, refiners, component makers (cathode, anode, separator, electrolyte, pouch film), cell plants and")
    L.append("  EV and stationary-storage demand by region, with the trade lanes between them and the chokepoints they")
    L.append("  cross. Capacities are nameplate where a capacity or utilisation figure was found (China's cathode,")
    L.append("  anode, lithium carbonate and graphite refining; cells; named plants); elsewhere (mines, other refiners,")
    L.append("  separator, electrolyte) the 2024 output stands as capacity (no headroom modelled). The 2024 output of")
    L.append("  every process is in output_2024.csv. Demand is IEA 2024. Every figure cites a source; derived or")
    L.append("  assumed figures are marked estimate. See data/battery/README.md.")
    L.append("sources:")
    for sid, title, pub, year, url in SOURCES:
        L.append(f"  - {{id: {sid}, title: {yq(title)}, publisher: {yq(pub)}, year: {year}, url: {yq(url)}}}")
    L.append("facts:")
    for fid, text, src, est, nt in FACTS:
        e = ", estimate: true" if est else ""
        L.append(f"  - {{id: {fid}, text: {yq(text)}, source: {src}{e}, note: {yq(nt)}}}")
    L.append("materials:")
    for mid, name, unit, stage in MATERIALS:
        L.append(f"  - {{id: {mid}, name: {yq(name)}, unit: {unit}, stage: {stage}}}")
    L.append("countries:")
    for code in sorted(COUNTRY_NAMES):
        L.append(f"  - {{code: {code}, name: {yq(COUNTRY_NAMES[code])}}}")
    L.append("groups:")
    for gid, name, members, src, est, nt in GROUPS:
        L.append(f"  - id: {gid}")
        L.append(f"    name: {yq(name)}")
        L.append(f"    members: [{', '.join(members)}]")
        if gid in REGIONS:
            L.append("    region: true")
        L.append(f"    source: {src}")
        if est:
            L.append("    estimate: true")
        L.append(f"    note: {yq(nt)}")
    L.append("chokepoints:")
    for cid, name, lat, lon in CHOKEPOINTS:
        L.append(f"  - {{id: {cid}, name: {yq(name)}, lat: {lat}, lon: {lon}}}")
    # named facilities as YAML sites (processes, stock policy and inventory inline)
    L.append("sites:")
    for s in sites:
        if s["kind"] != "yaml":
            continue
        L.append(f"  - id: {s['id']}")
        L.append(f"    name: {yq(s['name'])}")
        if s["operator"]:
            L.append(f"    operator: {yq(s['operator'])}")
        if s["description"]:
            L.append(f"    description: {yq(s['description'])}")
        L.append(f"    country: {s['country']}")
        if s["lat"] is not None:
            L.append(f"    lat: {s['lat']}")
            L.append(f"    lon: {s['lon']}")
        if s["external"]:
            L.append("    external: true")
        L += prov(s, "    ")
        ps = [p for p in processes if p["site"] == s["id"]]
        if ps:
            L.append("    processes:")
            for p in ps:
                L.append(f"      - id: {p['id']}")
                L.append(f"        output: {p['output']}")
                cap = {"value": cap_text(p["output"], p["cap"]), "source": p["source"], "estimate": p["estimate"], "note": p["note"]}
                L.append("        capacity: {value: %s, source: %s%s%s}" % (
                    cap["value"], cap["source"], ", estimate: true" if cap["estimate"] else "",
                    (", note: " + yq(cap["note"])) if cap["note"] else ""))
                if p["start"]:
                    L.append(f"        start: {p['start']}")
                if p["inputs"]:
                    L.append("        inputs:")
                    for m, (ratio, src, est, nt) in p["inputs"].items():
                        L.append("          %s: {value: %s, source: %s%s, note: %s}" % (
                            m, ratio, src, ", estimate: true" if est else "", yq(nt)))
        inv = [i for i in inventory if i["site"] == s["id"]]
        if inv:
            L.append("    inventory:")
            for i in inv:
                L.append("      %s: {value: %s, source: %s%s, note: %s}" % (
                    i["material"], i["quantity"], i["source"], ", estimate: true" if i["estimate"] else "", yq(i["note"])))
        if s["stock_days"] or s["stock_override"]:
            L.append("    stock_policy:")
            snote = s.get("stock_note", ("assumed days of supply (no public figure)", None))[0]
            L.append("      default: {value: %s d, source: chaintwin_assumption, estimate: true, note: %s}" % (q(s["stock_days"] or 30), yq(snote)))
            for m, (d, src, est, nt) in s["stock_override"].items():
                L.append("      %s: {value: %s, source: %s%s, note: %s}" % (m, d, src, ", estimate: true" if est else "", yq(nt)))
    L.append("contracts:")
    for c in contracts:
        L.append(f"  - id: {c['id']}")
        for k in ["buyer", "seller", "material", "volume", "max_volume", "start", "end", "kind", "priority"]:
            if c.get(k) is not None:
                L.append(f"    {k}: {c[k]}")
        L += prov(c, "    ")
    L.append("tables:")
    for t in ["sites", "processes", "inputs", "inventory", "demand", "lanes", "names"]:
        L.append(f"  {t}: {t}.csv")
    with open(os.path.join(OUT, "network.yaml"), "w") as f:
        f.write("\n".join(L) + "\n")


def write_csv(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([("" if r.get(h) is None else ("true" if r.get(h) is True else ("" if r.get(h) is False else r.get(h))))
                        for h in header])


def write_tables():
    rows = []
    for s in sites:
        if s["kind"] == "yaml":
            continue
        rows.append(dict(id=s["id"], country=s["country"], name=s["name"], operator=s["operator"], lat=s["lat"], lon=s["lon"],
                         external=s["external"], stock_days=(f"{q(s['stock_days'])} d" if s["stock_days"] and not s["external"] else None),
                         source=s["source"], estimate=s["estimate"], note=s["note"]))
    write_csv("sites.csv", ["id", "country", "name", "operator", "lat", "lon", "external", "stock_days", "source", "estimate", "note"], rows)
    yaml_sites = {s["id"] for s in sites if s["kind"] == "yaml"}
    rows = [dict(site=p["site"], output=p["output"], capacity=cap_text(p["output"], p["cap"]), id=p["id"], start=p["start"],
                 source=p["source"], estimate=p["estimate"], note=p["note"]) for p in processes if p["site"] not in yaml_sites]
    write_csv("processes.csv", ["site", "output", "capacity", "id", "start", "source", "estimate", "note"], rows)
    rows = [i for i in inputs if i["site"] not in yaml_sites]
    write_csv("inputs.csv", ["site", "process", "material", "per_unit", "source", "estimate", "note"], rows)
    rows = [i for i in inventory if i["site"] not in yaml_sites]
    write_csv("inventory.csv", ["site", "material", "quantity", "source", "estimate", "note"], rows)
    rows = [dict(site=d["site"], material=d["material"], rate=f"{q(d['rate'])} GWh/yr", source=d["source"], estimate=d["estimate"], note=d["note"])
            for d in demand]
    write_csv("demand.csv", ["site", "material", "rate", "source", "estimate", "note"], rows)
    rows = []
    for l in lanes:
        rows.append({"from": l["frm"], "to": l["to"], "material": l["material"], "transit": f"{l['transit']} d", "id": l["id"] or None,
                     "mode": l["mode"], "chokepoints": ";".join(l["chokepoints"]) or None,
                     "share": (q(l["share"]) if l["share"] is not None else None), "alternate": l["alternate"],
                     "qualification": l["qualification"], "capacity": l.get("capacity"), "source": l["source"],
                     "estimate": l["estimate"], "note": l["note"]})
    write_csv("lanes.csv", ["from", "to", "material", "transit", "id", "mode", "distance", "chokepoints", "share", "alternate",
                            "qualification", "capacity", "source", "estimate", "note"], rows)
    rows = names.rows(sorted(COUNTRY_NAMES), [g[0] for g in GROUPS], [m[0] for m in MATERIALS],
                      [(s["id"], s["country"]) for s in sites])
    for r in rows:
        assert not r["source"] or r["source"] in SOURCE_IDS, r
    write_csv("names.csv", ["kind", "id", "lang", "name", "transliterated", "source", "note"], rows)


# ----------------------------------------------------------------------------------------------
# Checks (public figures to compare with the dataset's capacity sums)
# ----------------------------------------------------------------------------------------------
# Each check compares the dataset with a public figure it was NOT built from (a second source for
# the same quantity), so a check can fail. `expect` records the outcome at the tolerance below: `fail`
# rows are known disagreements, explained in `note` and the README (the test requires the outcome,
# so a row that starts passing or failing is noticed). Tolerances: totals +-10 %; shares within
# +-5 points, and for a public share under 20 % also within +-25 % of it.
IEA_MINE = "iea_cm_data_2025"
CHECKS = [
    # stage, materials, country, public value, unit, kind, source, basis, expect, note
    # Mining: the dataset follows USGS MCS 2025; IEA's data explorer is the second source.
    ("mining", "lithium_ore", "", 255400, "t/yr", "world_total", IEA_MINE, "output", "pass", "IEA 255.4 kt Li"),
    ("mining", "lithium_ore", "AU", 35.2, "%", "share", IEA_MINE, "output", "pass", ""),
    ("mining", "lithium_ore", "CN", 22.3, "%", "share", IEA_MINE, "output", "pass", "USGS 17.1 %: within 5 points and 25 % relative, just"),
    ("mining", "lithium_ore", "CL", 19.3, "%", "share", IEA_MINE, "output", "pass", ""),
    ("mining", "lithium_ore", "AR", 5.2, "%", "share", IEA_MINE, "output", "fail", "USGS 18 kt vs IEA 13.2 kt for Argentina: sources disagree"),
    ("mining", "nickel_ore", "", 3861000, "t/yr", "world_total", IEA_MINE, "output", "pass", ""),
    ("mining", "nickel_ore", "ID", 63.8, "%", "share", IEA_MINE, "output", "pass", ""),
    ("mining", "nickel_ore", "PH", 8.9, "%", "share", IEA_MINE, "output", "pass", ""),
    ("mining", "cobalt_ore", "", 273300, "t/yr", "world_total", IEA_MINE, "output", "pass", ""),
    ("mining", "cobalt_ore", "CD", 66.5, "%", "share", IEA_MINE, "output", "fail", "USGS 76 % vs IEA 66.5 % for the DRC: sources disagree (README)"),
    ("mining", "cobalt_ore", "ID", 12.2, "%", "share", IEA_MINE, "output", "pass", ""),
    ("mining", "natural_graphite", "", 1847000, "t/yr", "world_total", IEA_MINE, "output", "fail", "USGS 1.6 Mt vs IEA 1.85 Mt"),
    ("mining", "natural_graphite", "CN", 85.5, "%", "share", IEA_MINE, "output", "fail", "USGS 79 % vs IEA 85.5 % for China: sources disagree (README)"),
    ("mining", "natural_graphite", "MZ", 2.1, "%", "share", IEA_MINE, "output", "fail", "USGS 75 kt vs IEA 37.9 kt for Mozambique (Balama)"),
    ("mining", "natural_graphite", "BR", 3.7, "%", "share", IEA_MINE, "output", "pass", ""),
    # Refining: the dataset follows IEA; MIIT's battery-grade output is the second source for China.
    ("refining", "lithium_carbonate;lithium_hydroxide", "CN", 185400, "t/yr", "country_total", "miit_2024", "output", "pass",
     "MIIT 2024 battery grade: 670 kt Li2CO3 / 5.323 + 360 kt LiOH.H2O / 6.046 = 185.4 kt Li (the dataset uses only MIIT's carbonate/hydroxide split)"),
    # Components.
    ("component", "anode_material", "", 2111000, "t/yr", "world_total", "sne_anode_2024_asiae", "output", "pass",
     "SNE 2024 anode shipments; the dataset's China figure is MIIT's output"),
    ("component", "anode_material", "CN", 91.0, "%", "share", "sp_graphite_2023", "output", "pass", "Benchmark forecast for 2023 (S&P)"),
    ("component", "separator", "", 28650000000, "m2/yr", "world_total", "evtank_separator_2024", "output", "pass",
     "EVTank: China shipped 22.75 bn m2, 79.4 % of the world -> 28.65 bn m2"),
    ("component", "separator", "CN", 79.4, "%", "share", "evtank_separator_2024", "output", "fail",
     "dataset 74 % (Benchmark 2022 via NYT) vs EVTank 79.4 % (2024): Japan's and Korea's separator residuals are too large"),
    # Cells: output.
    ("cell", "cell_nmc;cell_lfp", "", 1545, "GWh/yr", "world_total", "evtank_cells_2024", "output", "pass",
     "EVTank 2024 shipments 1,545 GWh vs MIIT 1,170 GWh for China + ~233 GWh elsewhere (2023 figures): passes narrowly (-9 %)"),
    ("cell", "cell_nmc;cell_lfp", "CN", 78.6, "%", "share", "evtank_cells_2024", "output", "pass",
     "EVTank: China 1,215 of 1,545 GWh; the dataset's 83 % passes narrowly (+4.8 points): output outside China is on the low side"),
    # Refining: Chile's and Argentina's lithium carbonate exports (customs data; both countries use little
    # of their own carbonate) against the dataset's carbonate output (SQM's nameplate and IEA's residual).
    ("refining", "lithium_carbonate", "CL", round(233_700 / 5.323), "t/yr", "country_total", "bmr_latam_li2co3_2024", "output", "pass",
     "Chile's 2024 lithium carbonate exports 233.7 kt Li2CO3 / 5.323 = 43.9 kt Li (exports stand for output)"),
    ("refining", "lithium_carbonate", "AR", round(71_500 / 5.323), "t/yr", "country_total", "bmr_latam_li2co3_2024", "output", "pass",
     "Argentina's 2024 lithium carbonate exports 71.5 kt Li2CO3 / 5.323 = 13.4 kt Li (exports stand for output)"),
    # Anode: SNE's 2024 EV anode loading by supplier nationality (BTR Indonesia counts as Chinese there, as Indonesian here).
    ("component", "anode_material", "CN", round(990 / 1043 * 100, 1), "%", "share", "sne_anode_ev_2024_chosun", "output", "pass",
     "SNE 2024 EV anode loading: Chinese companies 990 of 1,043 kt = 94.9 % (by company nationality, EV use only)"),
    # Cells outside China: no 2024 output by country was found; the dataset stands in IEA GEVO 2024's 2023
    # production (Europe 110, US 70 GWh), and Benchmark's 2023 production by region is a second source for it.
    ("cell", "cell_nmc;cell_lfp", "US", 52.9, "GWh/yr", "country_total", "bmi_wards_2023", "output", "fail",
     "Benchmark: US cell production 52.9 GWh in 2023 vs IEA's ~70 GWh of EV batteries the dataset spreads over the US plants: sources disagree (+32 %)"),
    ("cell", "cell_nmc;cell_lfp", "PL;HU;DE;FR", 44.6, "GWh/yr", "country_total", "bmi_wards_2023", "output", "fail",
     "Benchmark: Europe's cell production 44.6 GWh in 2023 vs IEA's 110 GWh of EV batteries the dataset spreads over Poland, Hungary, Germany and France: sources disagree by 2.5x"),
    # Demand: the dataset's EV demand is IEA GEVO 2025; EVTank's shipments are the second source.
    ("end_use", "cell_nmc;cell_lfp", "ev", 1051, "GWh/yr", "world_total", "evtank_cells_2024", "demand", "pass",
     "EVTank 2024 EV battery shipments 1,051 GWh vs IEA EV battery demand ~950 GWh"),
    ("end_use", "cell_nmc;cell_lfp", "storage", 370, "GWh/yr", "world_total", "evtank_cells_2024", "demand", "fail",
     "EVTank 2024 storage battery shipments 370 GWh vs the dataset's ~186 GWh (derived from IEA's graphite demand ratio): storage demand is underestimated"),
    # Demand by region. EV: Adamas Intelligence's GWh in new passenger EVs, Jan-Oct 2024 (a second source beside IEA GEVO 2025).
    ("end_use", "cell_nmc;cell_lfp", "ev:CN", round(419.9 * 0.91 / 674.6 * 100, 1), "%", "share", "adamas_ev_gwh_2024", "demand", "pass",
     "Adamas Jan-Oct 2024: Asia Pacific 419.9 GWh x China 91 % = 382.1 of 674.6 GWh = 56.6 %"),
    ("end_use", "cell_nmc;cell_lfp", "ev:EU;GB", round(129.5 / 674.6 * 100, 1), "%", "share", "adamas_ev_gwh_2024", "demand", "pass",
     "Adamas Jan-Oct 2024: Europe (with the UK, Russia and non-EU states) 129.5 of 674.6 GWh = 19.2 %; the dataset's EU and UK (the rest of Europe is in XW)"),
    ("end_use", "cell_nmc;cell_lfp", "ev:US;BR", round(113.9 / 674.6 * 100, 1), "%", "share", "adamas_ev_gwh_2024", "demand", "pass",
     "Adamas Jan-Oct 2024: Americas 113.9 of 674.6 GWh = 16.9 %; the dataset's US and Brazil (Canada and Mexico are in XW)"),
    # Storage: installations reported for 2024 against the dataset's storage demand (CEC for China, TrendForce's projection for the US).
    ("end_use", "cell_nmc;cell_lfp", "storage:CN", 101.13, "GWh/yr", "country_total", "nea_storage_2024", "demand", "fail",
     "NEA: 101.13 GWh of new-type storage added in China in 2024 (lithium-ion ~97 % of the fleet) vs CEC's 91 GWh used by the dataset: -10.0 %, just outside"),
    ("end_use", "cell_nmc;cell_lfp", "storage:US", 37.143, "GWh/yr", "country_total", "acp_woodmac_storage_2024", "demand", "fail",
     "Wood Mackenzie/ACP: 37.1 GWh installed in the US in 2024 vs the dataset's 43.1 GWh (TrendForce's 2024 projection): +16 %"),
]
CHECK_TOTAL_TOL = 0.10
CHECK_SHARE_PP = 5.0
CHECK_SHARE_REL = 0.25
CHECK_SMALL_SHARE = 20.0


def base_year(p):
    return p["start"] is None or p["start"] <= "2025-01-01"


def out_value(p):
    return p["out2024"][0] if p["out2024"] is not None else p["cap"]


def base_sums(basis, only_sites=None):
    """Per material, overall and per country: 2024 output, nameplate capacity or end-use demand."""
    tot = defaultdict(float)
    by = defaultdict(float)
    if basis == "demand":
        for d in demand:
            if only_sites and d["site"] not in only_sites:
                continue
            tot[d["material"]] += d["rate"]
            by[(d["material"], site_by_id[d["site"]]["country"])] += d["rate"]
        return tot, by
    for p in processes:
        if not base_year(p):
            continue
        v = out_value(p) if basis == "output" else p["cap"]
        tot[p["output"]] += v
        by[(p["output"], site_by_id[p["site"]]["country"])] += v
    return tot, by


# Demand sites of a `world_total` demand check restricted to one use (checks.csv `sites`).
DEMAND_USE = {"ev": [d[0] for d in END if "_ev_" in d[0]], "storage": [d[0] for d in END if "_ess_" in d[0]]}


def write_output_2024():
    """output_2024.csv: the 2024 output of every process operating in the base year. Where the process's
    capacity is a separate nameplate figure, the output is its own sourced figure; otherwise the
    capacity figure is the output (or the only figure known) and same_as_capacity is true."""
    rows = []
    for p in processes:
        if not base_year(p):
            continue
        if p["out2024"] is not None:
            v, src, est, nt = p["out2024"]
            same = False
        else:
            v, src, est = p["cap"], p["source"], p["estimate"]
            nt = "same figure as the process capacity (see its note)"
            same = True
        rows.append(dict(site=p["site"], process=p["id"], material=p["output"], output=cap_text(p["output"], v),
                         same_as_capacity=same, source=src, estimate=est, note=nt))
    write_csv("output_2024.csv", ["site", "process", "material", "output", "same_as_capacity", "source", "estimate", "note"],
              [dict(r, same_as_capacity=("true" if r["same_as_capacity"] else "false")) for r in rows])


def check_passes(kind, dataset, public):
    """The tolerance of checks.csv (tests/unit/dataset_test.cpp applies the same)."""
    if kind in ("world_total", "country_total"):
        return abs(dataset - public) <= CHECK_TOTAL_TOL * public
    ok = abs(dataset - public) <= CHECK_SHARE_PP
    if public < CHECK_SMALL_SHARE:
        ok = ok and abs(dataset - public) <= CHECK_SHARE_REL * public
    return ok


def write_checks():
    rows = []
    report = []
    for stage, mats, c, val, unit, kind, src, basis, expect, note in CHECKS:
        use = None
        if basis == "demand":  # "ev" / "storage" (world) or "ev:CN" / "ev:EU;GB" (countries)
            use, _, c = c.partition(":")
        only = DEMAND_USE.get(use) if basis == "demand" else None
        tot, by = base_sums(basis, only)
        ms = mats.split(";")
        t = sum(tot[m] for m in ms)
        u = unit.split("/")[0]
        if kind == "world_total":
            ds = t
            diff = f"{(ds - val) / val * 100:+.1f} %"
            shown = (f"{ds:,.0f} {u}", f"{val:,.0f} {u}")
        elif kind == "country_total":
            ds = sum(by[(m, cc)] for m in ms for cc in c.split(";"))
            diff = f"{(ds - val) / val * 100:+.1f} %"
            shown = (f"{ds:,.0f} {u}", f"{val:,.0f} {u}")
        else:
            members = [cc for code in c.split(";") for cc in (EU27 if code == "eu" else [code])]
            ds = sum(by[(m, cc)] for m in ms for cc in members) / t * 100
            diff = f"{ds - val:+.1f} pp" + (f" ({(ds - val) / val * 100:+.0f} %)" if val < CHECK_SMALL_SHARE else "")
            shown = (f"{ds:.1f} %", f"{val:.1f} %")
        ok = check_passes(kind, ds, val)
        if ok != (expect == "pass"):
            problems.append(f"check {stage} {mats} {c or 'world'}: {'passes' if ok else 'fails'} but expect={expect}")
        where = (f"{use} {c}".strip() if basis == "demand" else c) or "world"
        report.append((stage, mats, where, basis, shown[0], shown[1], src, diff, "pass" if ok else "**fail**", note, ok))
        rows.append(dict(stage=stage, material=mats, country=c,
                         sites=(";".join(only) if only else None), public_value=val, unit=unit, kind=kind, source=src,
                         basis=basis, expect=expect, note=note))
    write_csv("checks.csv", ["stage", "material", "country", "sites", "public_value", "unit", "kind", "source", "basis", "expect", "note"],
              rows)
    return report


if __name__ == "__main__":
    write_network()
    write_tables()
    write_output_2024()
    circular_data.write_tables(OUT, write_csv, sites, processes)
    rep = write_checks()
    print(f"sites {len(sites)}  processes {len(processes)}  lanes {len(lanes)}  inventory rows {len(inventory)}")
    for r in rep:
        print(("OK  " if r[-1] else "BAD ") + " | ".join(str(x) for x in r[:-2]))
    for m in sorted(MISSING):
        print("MISSING ROUTE", m)
    for pr in problems:
        print("PROBLEM", pr)
    # where the baseline (modelled demand through the estimated lane shares) asks a process for more
    # than its 2024 output: under `baseline: output_2024` these run short without any disruption
    for p in processes:
        n = need.get((p["site"], p["output"]), 0.0) * site_share(p)
        if base_year(p) and not site_by_id[p["site"]]["external"] and n > out_value(p) * 1.001:
            print(f"ABOVE 2024 OUTPUT {p['site']} {p['output']}: modelled need {n:.4g} > 2024 output {out_value(p):.4g} per year")
    # utilisation summary
    if "-v" in sys.argv:
        for p in processes:
            n = need.get((p["site"], p["output"]), 0.0)
            print(f"  {p['site']:32s} {p['output']:20s} need {n:14.1f} out2024 {out_value(p):14.1f} cap {p['cap']:14.1f} util {n / p['cap'] * 100 if p['cap'] else 0:6.1f}%")
    # markdown table for the README
    with open(os.path.join(HERE, "checks_table.md"), "w") as f:
        f.write("| stage | material | country | basis | dataset | public | source | difference | result | note |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n")
        for r in rep:
            f.write("| " + " | ".join(str(x) for x in r[:-1]) + " |\n")


# ==============================================================================================
# SCENARIOS
# ==============================================================================================
GRAPHITE_MATS = "[anode_material, spherical_graphite, synthetic_graphite, natural_graphite]"
BAN_EVENT = """  - id: cn_graphite_export_ban
    kind: export_ban
    description: China stops exporting graphite anode material, spherical, synthetic and natural graphite
    start: 2026-01-01
    duration: {duration}
    origin: CN
    materials: """ + GRAPHITE_MATS + "\n"

BAN_STORY = (
    "On 20 October 2023 China's Ministry of Commerce and customs administration announced export licences for "
    "high-purity synthetic graphite and natural flake and spherical graphite from 1 December 2023 (Xinhua, 20 Oct 2023); "
    "licensing delays cut China's spherical-graphite exports by about two thirds in early 2024 (USGS MCS 2025), and "
    "Announcement No. 58 of 9 October 2025 added artificial-graphite anode material, then was suspended until 10 November "
    "2026 (SMM). This scenario takes the next step: from 1 January 2026 China licenses nothing for {dur_text}. ")


def scen(fname, sid, name, desc, events, protocol="pro_rata", extra=""):
    L = ["kind: scenario", f"id: {sid}", f"name: {yq(name)}", "description: >"]
    import textwrap
    for line in textwrap.wrap(desc, 100):
        L.append("  " + line)
    L += ["network: ../network.yaml", "start: 2026-01-01", "horizon: 365 d", "seed: 42"]
    if isinstance(protocol, str):
        L.append(f"protocol: {protocol}")
    else:
        L += protocol
    L.append("events:")
    text = "\n".join(L) + "\n" + events + extra
    os.makedirs(os.path.join(OUT, "scenarios"), exist_ok=True)
    with open(os.path.join(OUT, "scenarios", fname), "w") as f:
        f.write(text)


SIM = "as simulated by chaintwin 0.1 (Dec 2026)"
BAN_EXPECT = (
    "What to expect: nothing happens on day one. Cargo that left China before the ban still arrives (2-3 days to Korea "
    "and Japan, about 18 days to US plants, about a month to Europe), and cell plants hold anode stocks (Korea ~45 days, the "
    "only sourced figure; 30 days assumed elsewhere). Orders move at once to the non-Chinese anode makers, which are small; "
    "Japan's and POSCO's natural-graphite lines run on Chinese spherical graphite and stop within four to eight weeks, while "
    "Japan's synthetic-graphite line keeps running. Alternates need qualifying first (assumed: 90 days for BTR's Indonesian "
    "plant and Japan's makers, 180 days for new entrants). Cell plants outside China run short from the sixth week - India "
    "first, then Germany, the US, Korea (which holds 45 days of graphite), Japan, Hungary and Poland - and make less "
    "from March to May. Chinese plants and "
    "demand are untouched; China's anode industry had far more capacity than it used (3.5 Mt/yr for 2.1 Mt made in 2024, "
    "ICC Sino). " + SIM[0].upper() + SIM[1:] + ", roughly 27 GWh of cell output is lost outside China, but short buyers "
    "re-source about 60 GWh of cells from suppliers that can deliver (mostly Korean cell plants; Chinese cell imports are "
    "capped at their 2024 flow, an assumption), so end-use demand is served in full. The figure rests on the "
    "assumed stocks: `chaintwin analyze sensitivity` shows about 3 GWh unserved at half the assumed cell stocks. After the "
    "ban, buyers take their orders back. For what the real 2023 licensing did, see cn_graphite_licensing_2023.")

scen("graphite_ban.yaml", "graphite_ban", "China stops exporting graphite anode material and graphite for 180 days",
     BAN_STORY.format(dur_text="180 days") + BAN_EXPECT, BAN_EVENT.format(duration="180 d"))

scen("graphite_ban_uncertain.yaml", "graphite_ban_uncertain",
     "China graphite export ban with an uncertain duration (triangular 60 / 180 / 365 days)",
     BAN_STORY.format(dur_text="an uncertain time (triangular: at least 60 days, most likely 180, at most the whole year)") +
     "For Monte Carlo: each run draws the duration; the plain run uses the mode, 180 days. " + BAN_EXPECT,
     BAN_EVENT.format(duration="{distribution: triangular, min: 60 d, mode: 180 d, max: 365 d}"))

scen("japan_alliance_first.yaml", "japan_alliance_first",
     "Graphite ban, and Japanese suppliers serve their own country and METI partners first (Korea outside)",
     BAN_STORY.format(dur_text="180 days") +
     "On top of the ban, Japanese suppliers of anode material, separator, electrolyte, cathode and pouch film allocate "
     "scarce output alliance-first: Japan first, then the partner countries named in Japan's battery strategy (METI, "
     "2022 strategy and 2023 revision: Canada, Australia, the United States, Europe, Southeast Asian and African "
     "resource countries; the 2023 list is not confirmed in public text, confidence U), and Korea last, as Korea is not "
     "among them. What to expect: Japanese anode makers become oversubscribed as soon as Chinese supply stops; Korea's "
     "domestic cell plants (which also depend on Japan for pouch film - all of it from DNP and Resonac, ETNews 2019 - "
     "and for part of their cathode, anode and electrolyte) get what is left after Japan and the partners. Korea's "
     "shortage starts when its stocks run out, about the same day as under pro-rata, but is deeper. " + SIM[0].upper() +
     SIM[1:] + ": Korea's cell plants lose about 3.5 GWh of cell output instead of 2.6 GWh under pro-rata; Japan's own plants "
     "lose nothing (1.9 GWh under pro-rata); lost cell output in all rises from 27.5 to 28.9 GWh, and end-use demand "
     "is served in full in both, as short buyers re-source cells. The protocol matters less than one might think because Japan's natural-graphite anode line, "
     "short of Chinese spherical graphite itself, has little to give; its synthetic line is what Korea loses.",
     BAN_EVENT.format(duration="180 d"),
     protocol=["protocol:", "  default: pro_rata", "  by_country: {JP: alliance_first}", "  alliance: {JP: meti_partners}"])

scen("malacca_closed_60d.yaml", "malacca_closed_60d", "Strait of Malacca closed for 60 days (ships reroute via Lombok)",
     "About a quarter of world seaborne trade passes the Strait of Malacca and Singapore Strait, and the Red Sea attacks of "
     "late 2023 showed how fast carriers reroute when a passage closes: Suez transits fell 42 % in two months and ships "
     "went round the Cape (UNCTAD, Feb 2024). No closure of Malacca has happened; this is a stress test. From 1 January "
     "2026 the strait is closed for 60 days and ships take the Lombok/Makassar route instead, which adds about 1,200 nm "
     "or four days at 12 knots on Asia-Europe and East Africa-China voyages (searoute network). Lanes through Malacca in "
     "this dataset: Chinese, Korean and Japanese cells and components to Europe and India, African graphite, manganese "
     "and DRC cobalt to China. What to expect: a four-day delay on those voyages during the closure, absorbed by stocks "
     "of 30-45 days almost everywhere, so little or no lost output; the result shows how much a rerouting option is "
     "worth compared with a closure without a detour.",
     """  - id: malacca_closure
    kind: lane_closure
    description: Strait of Malacca closed; ships detour via Lombok (+4 days)
    start: 2026-01-01
    duration: 60 d
    chokepoint: malacca
    detour: 4 d
""")

scen("drc_cobalt_halt_90d.yaml", "drc_cobalt_halt_90d", "DR Congo halts cobalt exports for 90 days",
     "On 22 February 2025 the DRC's strategic-minerals regulator ARECOMS suspended all cobalt exports for four months to "
     "curb oversupply (Reuters, 25 Feb 2025) and on 21 June 2025 extended the suspension by three months (ARECOMS press "
     "release 2025/003). The DRC mined about 76 % of the world's cobalt in 2024 (USGS MCS 2025), most of it shipped as "
     "hydroxide by road to Durban or Dar es Salaam and on to China's refiners. Here the DRC stops exporting cobalt "
     "intermediates for 90 days from 1 January 2026. What to expect: no lost cell output. Cargo already on the road and "
     "at sea (about 34 days) and the refiners' stocks (45 days assumed) cover most of the halt, and orders move to "
     "Indonesian MHP cobalt and the Australian, Papua New Guinean and Turkish sources, which have spare output because "
     "batteries (NMC only; LFP uses no cobalt) take about a third of mined cobalt. The suppliers ration pro rata for "
     "weeks, which is the warning sign. This matches 2025, when the suspension raised prices but did not stop cathode "
     "production; a longer halt, or one combined with an Indonesian ban, would not be absorbed.",
     """  - id: drc_cobalt_export_halt
    kind: export_ban
    description: Congo (Kinshasa) suspends cobalt exports
    start: 2026-01-01
    duration: 90 d
    origin: CD
    materials: [cobalt_ore]
""")

scen("indonesia_nickel_ban.yaml", "indonesia_nickel_ban", "Indonesia bans nickel exports (ore, intermediates and refined) for the year",
     "Indonesia stopped nickel ore exports from 1 January 2020, two years earlier than planned, to force processing at home "
     "(Reuters, 2 Sep 2019); the country now mines about 60 % of the world's nickel (USGS MCS 2025) and ships it as "
     "nickel pig iron, matte and MHP, largely to China. This scenario extends the ban to every nickel export - "
     "intermediates (modelled as nickel_ore in t Ni) and refined nickel/sulphate - from 1 January 2026 to the end of the "
     "horizon. What to expect: Chinese refiners lose more than half of their feed and Chinese, Korean and Japanese "
     "cathode makers lose their Indonesian sulphate; orders move to the Philippines, New Caledonia, China's own mines and "
     "other refiners, which have ample spare capacity because batteries use under a tenth of world nickel. Expect at most "
     "a small transition loss at cathode makers that relied most on Indonesian sulphate and no unserved end-use demand "
     "(" + SIM + ": no cell output lost); in reality the cost would show up in price, which this model does not track.",
     """  - id: indonesia_nickel_export_ban
    kind: export_ban
    description: Indonesia bans exports of nickel intermediates and refined nickel
    start: 2026-01-01
    origin: ID
    materials: [nickel_ore, nickel_sulfate]
""")

scen("graphite_ban_posco_16kt.yaml", "graphite_ban_posco_16kt", "Graphite ban, with POSCO Future M's artificial-graphite anode plant at 16,000 t/yr",
     BAN_STORY.format(dur_text="180 days") +
     "Mitigation: POSCO Future M's Pohang artificial-graphite anode plant runs at the 16,000 t/yr of its 2020 plan "
     "(phase 1 was 8,000 t/yr, POSCO Chemical 2 Jul 2020) from the start, its needle coke coming from POSCO MC "
     "Materials (outside China). What to expect: 8,000 t/yr more anode is about 9 GWh/yr of NMC cells, a small share of "
     "what non-Chinese cell plants lose; as a qualified supplier of Korean cell makers it takes their blocked Chinese "
     "share at once, so the Korean-owned plants in Poland and Hungary lose less and EU demand is served better, while the "
     "US gains little (" + SIM + ": lost cell output falls from about 27.5 to 22.9 GWh, the US plants' from 9.2 to "
     "8.8 GWh; end-use demand is served in full in both).",
     BAN_EVENT.format(duration="180 d") + """  - id: posco_16kt
    kind: capacity_change
    description: POSCO Future M Pohang artificial-graphite anode at 16 kt/yr
    start: 2026-01-01
    site: kr_posco_anode_artificial
    capacity: 16 kt/yr
""")

scen("graphite_ban_nmg_full.yaml", "graphite_ban_nmg_full", "Graphite ban, with NMG's Matawinie mine and Becancour anode plant at full capacity",
     BAN_STORY.format(dur_text="180 days") +
     "Mitigation: Nouveau Monde Graphite's projects run at their design capacity - the Matawinie mine at 103,000 t/yr "
     "of concentrate (The Assay, 2024) and the Becancour plant at ~42,000 t/yr of anode material (phase-2 design, Mining "
     "Magazine 2021) - instead of the demonstration scale; Panasonic Energy (18 kt/yr for 7 years) and GM (18 kt/yr for "
     "6 years) hold offtakes signed on 15 February 2024. What to expect: Panasonic's Nevada and Kansas plants and other "
     "US plants that list NMG as a supplier move their blocked Chinese share to Becancour, four to seven days away by "
     "rail; 42 kt/yr covers about 45 GWh/yr of cells, so US plants lose far less and US demand is served (" + SIM +
     ": the US plants' lost cell output falls from about 9.2 to 4.9 GWh and the total from 27.5 to 11.3 GWh), "
     "while Korea and Europe are hardly helped.",
     BAN_EVENT.format(duration="180 d") + """  - id: nmg_mine_full
    kind: capacity_change
    description: Matawinie mine at 103 kt/yr
    start: 2026-01-01
    site: ca_nmg_matawinie
    capacity: 103 kt/yr
  - id: nmg_becancour_full
    kind: capacity_change
    description: Becancour anode plant at 42 kt/yr (phase-2 design)
    start: 2026-01-01
    site: ca_nmg_becancour
    capacity: 42 kt/yr
""")

scen("graphite_ban_output_baseline.yaml", "graphite_ban_output_baseline",
     "Graphite ban, with every process capped at its 2024 output instead of its nameplate",
     BAN_STORY.format(dur_text="180 days") +
     "Variant: `baseline: output_2024`, so no plant can make more than it made in 2024 (output_2024.csv: China's cells "
     "1,170 GWh instead of 2,550 GWh of nameplate, POSCO's anode 27 kt instead of 80 kt, BTR Indonesia five months of "
     "output, Syrah 1.1 kt, Kemerton and Kwinana a third of nameplate; plants outside China at their estimated 2023 "
     "production). What to expect: the network runs short even without the ban, because the modelled demand, routed by "
     "the estimated lane shares, asks several plants outside China for more than their estimated 2024 output (" + SIM +
     ": in a run with no event nothing goes short, as short buyers re-source). With the ban, about 12.4 GWh goes "
     "unserved (EU about 6.7, US about 5.7 GWh) and plants outside China lose about 35.8 GWh of cell output, against "
     "0 and 27.5 GWh in graphite_ban on nameplate: without headroom above 2024 output, re-sourcing cannot cover the "
     "loss, so the headline depends on whether the plants outside China can run above their 2024 output.",
     BAN_EVENT.format(duration="180 d"), protocol=["protocol: pro_rata", "baseline: output_2024"])

# ----------------------------------------------------------------------------------------------
# Real export-control measures, modelled as licensing acts: an announcement date buyers can
# front-load against, then a licensing delay (each shipment waits for its licence: a lane closure
# with a `detour` on the lanes the measure covers), then, where a figure is sourced, a throughput
# cut (a `lane_throughput` event: the lanes carry at most a fraction of their baseline flow).
# ----------------------------------------------------------------------------------------------
CN_SITES = {x["id"] for x in sites if x["country"] == "CN"}


def lanes_from_china(materials, to_countries=None):
    out = []
    for l in lanes:
        if l["frm"] not in CN_SITES or l["material"] not in materials:
            continue
        c = site_by_id[l["to"]]["country"]
        if c == "CN" or (to_countries and c not in to_countries):
            continue
        assert l["id"], l
        out.append(l["id"])
    return out


def yaml_list(items, indent="      "):
    return "\n".join(f"{indent}- {i}" for i in items)


LIC_2023_MATS = ["natural_graphite", "spherical_graphite", "synthetic_graphite"]
LIC_2023_CUT = 0.72  # USGS MCS 2025: China's spherical graphite exports Jan-Aug 2024 28 % below the year before


KR_FRONT_LOAD = 8_830 - 3_000   # Fastmarkets: Korea's spherical graphite from China, Nov 2023 vs 2022 monthly average
JP_FRONT_LOAD = round(KR_FRONT_LOAD * 29 / 49)  # estimate: Korea's extra scaled by the two countries' shares (USGS: 49 % / 29 %)
scen("cn_graphite_licensing_2023.yaml", "cn_graphite_licensing_2023",
     "China's graphite export licensing as announced on 20 Oct 2023 and applied from 1 Dec 2023",
     "What happened: on 20 October 2023 MOFCOM and the customs administration announced that from 1 December high-purity "
     "synthetic graphite and natural flake and spherical graphite would need export licences (Xinhua). Buyers front-loaded: "
     "China's natural graphite exports jumped to over 45,000 t in November against ~17,000 t a month before (Bloomberg), and "
     f"Korea took 8,830 t of spherical graphite in November against ~3,000 t a month in 2022 (Fastmarkets). Exports then "
     "fell 91 % in December while licences were pending (most exporters were still waiting in late December) and spherical "
     "graphite exports were down about two thirds in January-February 2024 (USGS); coated anode material was not covered. "
     "No cell plant outside China is reported to have stopped for graphite. How it is modelled, on the 2026 calendar: day 0 "
     "is the announcement, day 42 the start of licensing. Korea's November extra ({kr} t of spherical graphite, sourced) and "
     "an estimated {jp} t for Japan (Korea's extra x 29/49, the two countries' shares of China's spherical exports, USGS) "
     "arrive at the natural-graphite anode lines during days 11-41. From day 42, for 60 days, every shipment of natural, "
     "spherical or synthetic graphite from China to a buyer outside China waits 45 days for its licence (an estimate "
     "matching the December-February slump); nothing is banned and anode material keeps flowing. After that, China's "
     "spherical graphite exports stayed 28 % below the year before (Jan-Aug 2024, USGS): from day 102 to the end of the "
     "year the same lanes carry at most 72 % of their baseline flow (a lane_throughput cut; what a lane cannot carry "
     "stays on order and ships later). What to expect and the result: ".format(kr=KR_FRONT_LOAD, jp=JP_FRONT_LOAD) +
     "with the November purchases and 30-45 days of stock, plants outside China bridge the 45-day wait; the cut is not "
     "made up later, so the natural-graphite anode lines, which have no other spherical graphite, draw their stocks down "
     "by what China no longer ships. " + SIM[:1].upper() + SIM[1:] + ": no cell output is lost and all demand is served, as in 2024, but Japan's "
     "natural-graphite anode line runs short from day 171 (June) to the end of the year, at up to 46 % (1,516 t of anode "
     "material not made), and POSCO's from day 264 (September), at up to 74 % (1,978 t): cell plants cover it from "
     "their other anode suppliers and stocks. The licence gaps this scenario used before (the lanes blocked "
     "8 days in 28) lost nothing, because what a gap holds back is ordered again and ships when it ends; a throughput "
     "cut is not made up. Without the front-loading Japan's line also stops on days 75-89, during the licence wait "
     "(419 t); a stop of 180 days is graphite_ban.",
     f"""  - id: front_load_kr
    kind: stockpile_release
    description: Korea's spherical graphite bought ahead of the controls (Nov 2023 rush)
    start: 2026-01-12
    duration: 30 d
    site: kr_posco_anode_natural
    material: spherical_graphite
    quantity: {KR_FRONT_LOAD} t
  - id: front_load_jp
    kind: stockpile_release
    description: Japan's spherical graphite bought ahead of the controls (estimate)
    start: 2026-01-12
    duration: 30 d
    site: jp_anode
    material: spherical_graphite
    quantity: {JP_FRONT_LOAD} t
  - id: graphite_licensing
    kind: lane_closure
    description: export licences for natural, spherical and high-purity synthetic graphite; each shipment waits 45 days
    start: 2026-02-12
    duration: 60 d
    detour: 45 d
    lanes:
""" + yaml_list(lanes_from_china(LIC_2023_MATS)) + f"""
  - id: licensing_throughput
    kind: lane_throughput
    description: licences granted for {round(LIC_2023_CUT * 100)} % of the year-before volume (spherical graphite exports Jan-Aug 2024, USGS)
    start: 2026-04-13
    origin: CN
    materials: [{", ".join(LIC_2023_MATS)}]
    factor: {LIC_2023_CUT}
""")

US_2024_MATS = ["natural_graphite", "spherical_graphite", "synthetic_graphite"]
scen("cn_export_ban_us_dec2024.yaml", "cn_export_ban_us_dec2024",
     "China's December 2024 measures against the US: graphite under stricter end-use review",
     "What happened: MOFCOM Announcement No. 46 of 3 December 2024 banned exports of gallium, germanium, antimony and "
     "superhard materials to the United States and put graphite exports to the US under stricter end-use review; the "
     "US-specific clause was suspended on 9 November 2025 until 27 November 2026 (Reuters; Fastmarkets). This network has no "
     "gallium, germanium, antimony or superhard materials, so only the graphite part can be represented: from day 0, for the "
     "year, natural, spherical and synthetic graphite from China to US buyers is refused (an export ban limited to the US, "
     "the strictest reading of 'stricter review'). Coated anode material, which the measure did not name, keeps flowing. "
     "What to expect and the result: "
     "no graphite other than anode material flows from China to US plants in this network (US cell plants buy coated "
     "anode material; Syrah's Vidalia plant runs on Mozambican flake), so " + SIM + " nothing changes: no loss. In "
     "reality the measure's weight was in gallium, germanium and antimony, which are outside this battery network.",
     """  - id: cn_graphite_us_review
    kind: export_ban
    description: graphite to the United States refused under end-use review (strictest reading)
    start: 2026-01-01
    origin: CN
    destinations: [US]
    materials: [natural_graphite, spherical_graphite, synthetic_graphite]
""")

OCT25_MATS = ["anode_material", "synthetic_graphite"]
scen("cn_export_controls_oct2025.yaml", "cn_export_controls_oct2025",
     "China's October 2025 controls on artificial-graphite anode material, as announced (before their suspension)",
     "What happened: Announcement No. 58 of 9 October 2025 put lithium-ion cells of 300 Wh/kg and above, cell-making "
     "equipment, high-density LFP and NCM/NCA precursors, lithium-rich manganese cathode, artificial-graphite anode material "
     "and graphitisation equipment under export licensing from 8 November 2025; on 7 November it was suspended until 10 "
     "November 2026 (SMM; ChemRadar). The July 2025 technology catalogue already required licences to export LFP and "
     "lithium-processing technology, which moves no material and is not modelled. Here the measure applies as announced: "
     "day 0 is the announcement and from day 30, for 180 days, every shipment of anode material or synthetic graphite from "
     "China to a buyer outside China waits 45 days for its licence (the same delay as assumed for 2023). Anode material is "
     "one material in this network, so the ~14 % of Chinese anode made from natural graphite (SNE 2024) is delayed too; "
     "cells of 300 Wh/kg and above are a small share of trade and high-density LFP and precursors are not separate "
     "materials, so neither is modelled. No front-loading is modelled: the month between announcement and start is left "
     "to the buyers' normal stocks (no figure on buying ahead in October 2025 was found). What to expect and the result: "
     "plants in Korea, Japan and the US, whose stocks and voyages cover the wait, run on; European and Indian plants, "
     "with a month of stock against a month at sea plus 45 days, run short for one to two weeks each in March-April and "
     "briefly afterwards. " + SIM + ": about 1.6 GWh of cell output lost (Germany 0.6, Hungary 0.6, Poland 0.2, "
     "France 0.1, India 0.1 GWh) and no end-use demand unserved, as cell stocks at the buyers cover the gaps. In reality the measure "
     "was suspended before it took effect.",
     """  - id: anode_licensing
    kind: lane_closure
    description: export licences for artificial-graphite anode material; each shipment waits 45 days
    start: 2026-01-31
    duration: 180 d
    detour: 45 d
    lanes:
""" + yaml_list(lanes_from_china(OCT25_MATS)) + "\n")

stock_events = []
for cell in NON_CN_CELLS:
    u = use.get((cell, "anode_material"), 0.0)
    if u <= 0:
        continue
    qty = 60 * u / 365
    stock_events.append(f"""  - id: stockpile_{cell}
    kind: stockpile_release
    description: joint-stockpile release of 60 days of anode use to {cell}
    start: 2026-02-01
    duration: 60 d
    site: {cell}
    material: anode_material
    quantity: {q(round(qty))} t
""")
for site_, mat in [("jp_anode", "spherical_graphite"), ("kr_posco_anode_natural", "spherical_graphite")]:
    u = use.get((site_, mat), 0.0)
    qty = 60 * u / 365
    stock_events.append(f"""  - id: stockpile_{site_}
    kind: stockpile_release
    description: joint-stockpile release of 60 days of spherical graphite to {site_}
    start: 2026-02-01
    duration: 60 d
    site: {site_}
    material: {mat}
    quantity: {q(round(qty))} t
""")
scen("graphite_ban_joint_stockpile_60d.yaml", "graphite_ban_joint_stockpile_60d",
     "Graphite ban, with a 60-day joint stockpile of anode material among partner countries",
     BAN_STORY.format(dur_text="180 days") +
     "Mitigation: Japan, Korea, the United States, the EU and Canada hold a joint stockpile of anode material and spherical "
     "graphite equal to 60 days of each non-Chinese cell plant's and anode maker's normal use (the JOGMEC rare-metal target "
     "is 60 days; Japan proposed G7 joint reserves for key minerals in June 2026), released evenly over 60 days from 1 "
     "February 2026, when plant stocks start to run out. Quantities are 60 x the baseline daily use computed from the "
     "dataset (estimate). What to expect: shortages come later and are smaller (" + SIM + ": lost cell output falls "
     "from about 27.5 GWh to 0.2 GWh, and no end-use demand goes unserved); the stockpile buys time, "
     "it does not replace 180 days of missing supply.",
     BAN_EVENT.format(duration="180 d") + "".join(stock_events))

scen("graphite_ban_recycling_doubled.yaml", "graphite_ban_recycling_doubled", "Graphite ban, with recycling throughput doubled",
     BAN_STORY.format(dur_text="180 days") +
     "Mitigation: the recycling_doubled hedge (../hedges/recycling_doubled.yaml), applied when the scenario is loaded, "
     "so the variant means exactly what the hedge does: Redwood Materials' Nevada campus, which produced over 60,000 t "
     "of materials in the prior year (company statement, 2025), and the US end-of-life scrap that feeds it double, and "
     "Redwood's buyers take twice their share from it. What to expect: no relief for the graphite ban. Commercial "
     "recyclers recover nickel, cobalt, lithium and copper; graphite from black mass is not recovered at battery grade "
     "at scale, so lost cell output stays as in graphite_ban (" + SIM + ": 27.49 GWh in both). The scenario is in the "
     "set to show that recycling is a hedge for nickel, cobalt and lithium, not for graphite.",
     BAN_EVENT.format(duration="180 d"), extra="hedges: [../hedges/recycling_doubled.yaml]\n")
circular_data.write_scenarios(scen, SIM)
print("scenarios written")
