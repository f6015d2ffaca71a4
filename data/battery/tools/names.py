"""Display names of the bundled network's countries, groups (regions), materials and sites in
English, Japanese and Korean, for `names.csv` (docs/FORMATS.md, "Names"). Imported by
build_dataset.py, which checks that every country, group, material and site has an English and
a Japanese name and writes the table.

Rules followed:
- countries: the short names of the foreign ministries' country lists (Japan: MOFA
  "国・地域"; Korea: MOFA 국가/지역정보), source `mofa_jp_countries` / `mofa_kr_countries`;
- materials: the standard terms of Japanese and Korean battery-industry usage (正極材, 負極材,
  セパレータ, 電解液; 양극재, 음극재, 분리막, 전해액); no source row is cited (no document
  was read for them);
- sites: a company's own Japanese or Korean name where the company is Japanese or Korean and
  writes one (パナソニック エナジー, 住友金属鉱山, 포스코퓨처엠, 삼성SDI, SK온, LG에너지솔루션);
  every place or company name we rendered into katakana or hangul ourselves is marked
  `transliterated` (a reader must not take it for the company's own spelling); aggregates are
  described, not named ("中国・負極材メーカー（集計）").
"""

# English short names for display (the network's country names stay as they are: ISO-style,
# "Korea, Republic of"), Japanese, Korean.
COUNTRIES = {
    "AR": ("Argentina", "アルゼンチン", "아르헨티나"),
    "AT": ("Austria", "オーストリア", "오스트리아"),
    "AU": ("Australia", "オーストラリア", "호주"),
    "BE": ("Belgium", "ベルギー", "벨기에"),
    "BG": ("Bulgaria", "ブルガリア", "불가리아"),
    "BH": ("Bahrain", "バーレーン", "바레인"),
    "BR": ("Brazil", "ブラジル", "브라질"),
    "CA": ("Canada", "カナダ", "캐나다"),
    "CD": ("DR Congo", "コンゴ民主共和国", "콩고민주공화국"),
    "CI": ("Côte d'Ivoire", "コートジボワール", "코트디부아르"),
    "CL": ("Chile", "チリ", "칠레"),
    "CN": ("China", "中国", "중국"),
    "CO": ("Colombia", "コロンビア", "콜롬비아"),
    "CR": ("Costa Rica", "コスタリカ", "코스타리카"),
    "CU": ("Cuba", "キューバ", "쿠바"),
    "CY": ("Cyprus", "キプロス", "키프로스"),
    "CZ": ("Czechia", "チェコ", "체코"),
    "DE": ("Germany", "ドイツ", "독일"),
    "DK": ("Denmark", "デンマーク", "덴마크"),
    "DO": ("Dominican Republic", "ドミニカ共和国", "도미니카공화국"),
    "EE": ("Estonia", "エストニア", "에스토니아"),
    "ES": ("Spain", "スペイン", "스페인"),
    "FI": ("Finland", "フィンランド", "핀란드"),
    "FR": ("France", "フランス", "프랑스"),
    "GA": ("Gabon", "ガボン", "가봉"),
    "GB": ("United Kingdom", "英国", "영국"),
    "GH": ("Ghana", "ガーナ", "가나"),
    "GR": ("Greece", "ギリシャ", "그리스"),
    "GT": ("Guatemala", "グアテマラ", "과테말라"),
    "HN": ("Honduras", "ホンジュラス", "온두라스"),
    "HR": ("Croatia", "クロアチア", "크로아티아"),
    "HU": ("Hungary", "ハンガリー", "헝가리"),
    "ID": ("Indonesia", "インドネシア", "인도네시아"),
    "IE": ("Ireland", "アイルランド", "아일랜드"),
    "IL": ("Israel", "イスラエル", "이스라엘"),
    "IN": ("India", "インド", "인도"),
    "IR": ("Iran", "イラン", "이란"),
    "IT": ("Italy", "イタリア", "이탈리아"),
    "JO": ("Jordan", "ヨルダン", "요르단"),
    "JP": ("Japan", "日本", "일본"),
    "KP": ("North Korea", "北朝鮮", "북한"),
    "KR": ("South Korea", "韓国", "대한민국"),
    "LK": ("Sri Lanka", "スリランカ", "스리랑카"),
    "LT": ("Lithuania", "リトアニア", "리투아니아"),
    "LU": ("Luxembourg", "ルクセンブルク", "룩셈부르크"),
    "LV": ("Latvia", "ラトビア", "라트비아"),
    "MA": ("Morocco", "モロッコ", "모로코"),
    "MG": ("Madagascar", "マダガスカル", "마다가스카르"),
    "MT": ("Malta", "マルタ", "몰타"),
    "MX": ("Mexico", "メキシコ", "멕시코"),
    "MY": ("Malaysia", "マレーシア", "말레이시아"),
    "MZ": ("Mozambique", "モザンビーク", "모잠비크"),
    "NA": ("Namibia", "ナミビア", "나미비아"),
    "NC": ("New Caledonia", "ニューカレドニア（仏領）", "누벨칼레도니(프랑스령)"),
    "NI": ("Nicaragua", "ニカラグア", "니카라과"),
    "NL": ("Netherlands", "オランダ", "네덜란드"),
    "NO": ("Norway", "ノルウェー", "노르웨이"),
    "OM": ("Oman", "オマーン", "오만"),
    "PA": ("Panama", "パナマ", "파나마"),
    "PE": ("Peru", "ペルー", "페루"),
    "PG": ("Papua New Guinea", "パプアニューギニア", "파푸아뉴기니"),
    "PH": ("Philippines", "フィリピン", "필리핀"),
    "PL": ("Poland", "ポーランド", "폴란드"),
    "PT": ("Portugal", "ポルトガル", "포르투갈"),
    "RO": ("Romania", "ルーマニア", "루마니아"),
    "RU": ("Russia", "ロシア", "러시아"),
    "SE": ("Sweden", "スウェーデン", "스웨덴"),
    "SG": ("Singapore", "シンガポール", "싱가포르"),
    "SI": ("Slovenia", "スロベニア", "슬로베니아"),
    "SK": ("Slovakia", "スロバキア", "슬로바키아"),
    "SV": ("El Salvador", "エルサルバドル", "엘살바도르"),
    "TH": ("Thailand", "タイ", "태국"),
    "TR": ("Türkiye", "トルコ", "튀르키예"),
    "TZ": ("Tanzania", "タンザニア", "탄자니아"),
    "US": ("United States", "米国", "미국"),
    "VN": ("Viet Nam", "ベトナム", "베트남"),
    "ZA": ("South Africa", "南アフリカ", "남아프리카공화국"),
    "ZM": ("Zambia", "ザンビア", "잠비아"),
    "ZW": ("Zimbabwe", "ジンバブエ", "짐바브웨"),
    "XW": ("Rest of world", "その他の国・地域", "기타 국가·지역"),
    "EU": ("European Union", "欧州連合（EU）", "유럽연합(EU)"),
    "XE": ("Europe", "欧州", "유럽"),
}

GROUPS = {
    "eu": ("European Union", "欧州連合（EU）", "유럽연합(EU)"),
    "g7": ("G7", "G7（主要7か国）", "G7(주요 7개국)"),
    "meti_partners": ("METI battery-strategy partners", "蓄電池産業戦略のパートナー国", "일본 배터리 전략의 협력국"),
    "us_fta": ("US FTA partners", "米国のFTA締結国", "미국 FTA 체결국"),
    "feoc": ("FEOC covered nations", "懸念される外国事業体（FEOC）の対象国", "우려 해외기관(FEOC) 대상국"),
    "asean": ("ASEAN", "東南アジア諸国連合（ASEAN）", "동남아시아국가연합(ASEAN)"),
}

MATERIALS = {
    "lithium_ore": ("Lithium ore and brine", "リチウム鉱石・かん水", "리튬 광석·염수"),
    "nickel_ore": ("Nickel ore and intermediates", "ニッケル鉱石・中間品", "니켈 광석·중간재"),
    "cobalt_ore": ("Cobalt ore and intermediates", "コバルト鉱石・中間品", "코발트 광석·중간재"),
    "manganese_ore": ("Manganese ore", "マンガン鉱石", "망간 광석"),
    "natural_graphite": ("Natural graphite (flake)", "天然黒鉛", "천연흑연"),
    "lithium_carbonate": ("Lithium carbonate", "炭酸リチウム", "탄산리튬"),
    "lithium_hydroxide": ("Lithium hydroxide", "水酸化リチウム", "수산화리튬"),
    "nickel_sulfate": ("Nickel sulphate", "硫酸ニッケル", "황산니켈"),
    "cobalt_sulfate": ("Cobalt sulphate", "硫酸コバルト", "황산코발트"),
    "manganese_sulfate": ("Manganese sulphate", "硫酸マンガン", "황산망간"),
    "spherical_graphite": ("Spherical graphite", "球状黒鉛", "구형흑연"),
    "synthetic_graphite": ("Synthetic graphite", "人造黒鉛", "인조흑연"),
    "cathode_nmc": ("Cathode material (NMC/NCA)", "正極材（三元系）", "양극재(삼원계)"),
    "cathode_lfp": ("Cathode material (LFP)", "正極材（LFP）", "양극재(LFP)"),
    "anode_material": ("Anode material", "負極材", "음극재"),
    "separator": ("Separator", "セパレータ", "분리막"),
    "electrolyte": ("Electrolyte", "電解液", "전해액"),
    "pouch_film": ("Pouch film", "パウチフィルム（アルミラミネート）", "파우치 필름"),
    "black_mass": ("Black mass", "ブラックマス", "블랙매스"),
    "cell_nmc": ("Li-ion cells (NMC/NCA)", "リチウムイオン電池セル（三元系）", "리튬이온 배터리 셀(삼원계)"),
    "cell_lfp": ("Li-ion cells (LFP)", "リチウムイオン電池セル（LFP）", "리튬이온 배터리 셀(LFP)"),
}

# Aggregate sites: "<country>・<what>（集計）". Keyed by the site id without its country prefix.
AGGREGATE = {
    "lithium_mines": ("lithium mines", "リチウム鉱山", "리튬 광산"),
    "lithium_other": ("other lithium mines", "その他のリチウム鉱山", "기타 리튬 광산"),
    "lithium_brine": ("lithium brines", "リチウムかん水", "리튬 염호"),
    "nickel_mines": ("nickel mines", "ニッケル鉱山", "니켈 광산"),
    "cobalt_mines": ("cobalt mines", "コバルト鉱山", "코발트 광산"),
    "manganese_mines": ("manganese mines", "マンガン鉱山", "망간 광산"),
    "graphite_mines": ("graphite mines", "黒鉛鉱山", "흑연 광산"),
    "lithium_refining": ("lithium chemical plants", "リチウム化合物工場", "리튬 화합물 공장"),
    "lithium_refining_other": ("other lithium chemical plants", "その他のリチウム化合物工場", "기타 리튬 화합물 공장"),
    "nickel_refining": ("nickel refineries", "ニッケル製錬所", "니켈 제련소"),
    "cobalt_refining": ("cobalt refineries", "コバルト製錬所", "코발트 제련소"),
    "spherical_graphite": ("spherical graphite plants", "球状黒鉛工場", "구형흑연 공장"),
    "synthetic_graphite": ("synthetic graphite plants", "人造黒鉛工場", "인조흑연 공장"),
    "manganese_sulfate": ("manganese sulphate plants", "硫酸マンガン工場", "황산망간 공장"),
    "cathode": ("cathode plants", "正極材メーカー", "양극재 업체"),
    "cathode_other": ("other cathode plants", "その他の正極材メーカー", "기타 양극재 업체"),
    "anode": ("anode plants", "負極材メーカー", "음극재 업체"),
    "separator": ("separator plants", "セパレータメーカー", "분리막 업체"),
    "electrolyte": ("electrolyte plants", "電解液メーカー", "전해액 업체"),
    "pouch": ("pouch film makers", "パウチフィルムメーカー", "파우치 필름 업체"),
    "eol_scrap": ("end-of-life batteries and scrap", "使用済み電池・工程スクラップ", "폐배터리·공정 스크랩"),
    "cells": ("cell plants", "電池セル工場", "배터리 셀 공장"),
    "cells_other": ("other cell plants", "その他の電池セル工場", "기타 배터리 셀 공장"),
    "ev_demand": ("EV battery demand", "EV向け電池需要", "전기차용 배터리 수요"),
    "ess_demand": ("storage battery demand", "定置用蓄電池需要", "ESS용 배터리 수요"),
}

# Named sites: (en, ja, ja transliterated?, ko, ko transliterated?). "Transliterated" = the name
# holds a place or company name we rendered into katakana / hangul, not the company's own.
NAMED = {
    "au_greenbushes": ("Greenbushes lithium mine", "グリーンブッシュズ・リチウム鉱山", True, "그린부시스 리튬 광산", True),
    "au_pilgangoora": ("Pilgangoora lithium mine", "ピルガングーラ・リチウム鉱山", True, "필강구라 리튬 광산", True),
    "mz_balama": ("Balama graphite mine", "バラマ黒鉛鉱山", True, "발라마 흑연 광산", True),
    "ca_nmg_matawinie": ("NMG Matawinie graphite mine", "NMG マタウィニー黒鉛鉱山", True, "NMG 마타위니 흑연 광산", True),
    "cl_sqm_carmen": ("SQM Salar del Carmen lithium plant", "SQM サラール・デル・カルメン・リチウム工場", True,
                      "SQM 살라르 델 카르멘 리튬 공장", True),
    "au_kemerton": ("Albemarle Kemerton LiOH plant", "アルベマール ケマートン水酸化リチウム工場", True, "앨버말 케머턴 수산화리튬 공장", True),
    "au_kwinana": ("Tianqi Kwinana LiOH plant", "天斉リチウム クィナナ水酸化リチウム工場", True, "톈치리튬 퀴나나 수산화리튬 공장", True),
    "id_huayue": ("PT Huayue HPAL, Morowali", "華越ニッケル・コバルト（HPAL）モロワリ", True, "화웨 니켈코발트(HPAL) 모로왈리", True),
    "id_huafei": ("PT Huafei HPAL, Weda Bay", "華飛ニッケル・コバルト（HPAL）ウェダベイ", True, "화페이 니켈코발트(HPAL) 웨다베이", True),
    "id_btr_graphite": ("BTR Indonesia graphitisation", "BTR インドネシア黒鉛化工場", True, "BTR 인도네시아 흑연화 공장", True),
    "kr_posco_cathode": ("POSCO Future M cathode plant, Gwangyang", "ポスコフューチャーエム 光陽正極材工場", True,
                         "포스코퓨처엠 광양 양극재 공장", False),
    "jp_smm_cathode": ("Sumitomo Metal Mining cathode plants", "住友金属鉱山 正極材工場（新居浜・播磨）", False,
                       "스미토모금속광산 양극재 공장(니이하마·하리마)", True),
    "pl_umicore_nysa": ("Umicore cathode plant, Nysa", "ユミコア ニサ正極材工場", True, "유미코아 니사 양극재 공장", True),
    "kr_posco_anode_natural": ("POSCO Future M natural-graphite anode plants, Sejong", "ポスコフューチャーエム 世宗天然黒鉛負極材工場", True,
                               "포스코퓨처엠 세종 천연흑연 음극재 공장", False),
    "kr_posco_anode_artificial": ("POSCO Future M artificial-graphite anode plant, Pohang", "ポスコフューチャーエム 浦項人造黒鉛負極材工場", True,
                                  "포스코퓨처엠 포항 인조흑연 음극재 공장", False),
    "id_btr_anode": ("BTR Indonesia anode plant", "BTR インドネシア負極材工場", True, "BTR 인도네시아 음극재 공장", True),
    "us_syrah_vidalia": ("Syrah Vidalia anode plant, Louisiana", "シラー ビダリア負極材工場（ルイジアナ州）", True,
                         "시라 비달리아 음극재 공장(루이지애나주)", True),
    "ca_nmg_becancour": ("NMG Bécancour anode plant", "NMG ベカンクール負極材工場", True, "NMG 베캉쿠르 음극재 공장", True),
    "fi_shanshan_vaasa": ("Shanshan anode plant, Vaasa", "杉杉 ヴァーサ負極材工場", True, "산산 바사 음극재 공장", True),
    "hu_lg_toray": ("LG Toray Hungary separator plant", "LG東レ・ハンガリー・セパレータ工場", True, "LG도레이 헝가리 분리막 공장", True),
    "hu_semcorp_debrecen": ("SEMCORP separator plant, Debrecen", "恩捷 デブレツェン・セパレータ工場", True, "SEMCORP 데브레첸 분리막 공장", True),
    "ca_asahi_port_colborne": ("Asahi Kasei separator plant, Port Colborne", "旭化成 ポートコルボーン・セパレータ工場", True,
                               "아사히카세이 포트콜본 분리막 공장", True),
    "jp_mcc_electrolyte": ("Mitsubishi Chemical electrolyte plants", "三菱ケミカル 電解液工場（四日市ほか）", False,
                           "미쓰비시케미컬 전해액 공장(욧카이치 등)", True),
    "jp_dnp_pouch": ("Dai Nippon Printing pouch film", "大日本印刷 バッテリーパウチ", False, "다이니폰인쇄 파우치 필름", True),
    "jp_resonac_pouch": ("Resonac pouch film", "レゾナック アルミラミネートフィルム", False, "레조낙 파우치 필름", True),
    "us_redwood": ("Redwood Materials, Nevada (recycling)", "レッドウッド・マテリアルズ ネバダ（リサイクル）", True,
                   "레드우드 머티리얼즈 네바다(재활용)", True),
    "kr_cells": ("Korea, cell plants (LGES, Samsung SDI, SK On)", "韓国・電池セル工場（LGES、サムスンSDI、SKオン）", False,
                 "한국 배터리 셀 공장(LG에너지솔루션·삼성SDI·SK온)", False),
    "jp_cells": ("Japan, cell plants (Panasonic Energy and others)", "日本・電池セル工場（パナソニック エナジーほか）", False,
                 "일본 배터리 셀 공장(파나소닉 에너지 등)", True),
    "us_panasonic_nv": ("Panasonic Energy, Nevada", "パナソニック エナジー ネバダ工場", False, "파나소닉 에너지 네바다 공장", True),
    "us_panasonic_ks": ("Panasonic Energy, Kansas", "パナソニック エナジー カンザス工場", False, "파나소닉 에너지 캔자스 공장", True),
    "us_lh_battery": ("L-H Battery (LGES-Honda), Ohio", "L-Hバッテリー（LGES・ホンダ合弁）オハイオ工場", True,
                      "L-H 배터리(LG에너지솔루션·혼다 합작) 오하이오 공장", False),
    "pl_lges_wroclaw": ("LG Energy Solution Wrocław", "LGエナジーソリューション ヴロツワフ工場", True,
                        "LG에너지솔루션 브로츠와프 공장", False),
    "hu_samsung_god": ("Samsung SDI Göd", "サムスンSDI ゲド工場", True, "삼성SDI 괴드 공장", False),
    "hu_skon_komarom": ("SK On Komárom", "SKオン コマーロム工場", True, "SK온 코마롬 공장", False),
    "hu_catl_debrecen": ("CATL Debrecen", "CATL デブレツェン工場", True, "CATL 데브레첸 공장", True),
    "de_catl_arnstadt": ("CATL Arnstadt", "CATL アルンシュタット工場", True, "CATL 아른슈타트 공장", True),
}

# Sources cited by the rows (added to the dataset's source list by build_dataset.py).
SOURCES = [
    ("mofa_jp_countries", "Countries and regions (kuni/chiiki): the Japanese-language country list", "Ministry of Foreign Affairs of Japan", 2025,
     "https://www.mofa.go.jp/mofaj/area/index.html"),
    ("mofa_kr_countries", "Country and region information (gukga/jiyeok jeongbo): the Korean-language country list", "Ministry of Foreign Affairs, Republic of Korea", 2025,
     "https://www.mofa.go.kr/www/nation/m_3458/list.do"),
]


def rows(countries, groups, materials, sites):
    """The rows of names.csv: kind, id, lang, name, transliterated, source, note.

    countries: ISO codes; groups: group ids; materials: material ids; sites: (id, country) pairs.
    Raises KeyError naming what has no Japanese name, so the build stops rather than ship a gap."""
    out = []

    def add(kind, key, en, ja, ko, ja_tr=False, ko_tr=False, src_ja="", src_ko="", note=""):
        out.append(dict(kind=kind, id=key, lang="en", name=en, transliterated=False, source="", note=note))
        out.append(dict(kind=kind, id=key, lang="ja", name=ja, transliterated=ja_tr, source=src_ja, note=""))
        if ko:
            out.append(dict(kind=kind, id=key, lang="ko", name=ko, transliterated=ko_tr, source=src_ko, note=""))

    for code in countries:
        en, ja, ko = COUNTRIES[code]
        aggregate = code in ("XW", "XE", "EU")
        note = "not a country: an aggregate code of the dataset" if aggregate else ""
        add("country", code, en, ja, ko, src_ja="" if aggregate else "mofa_jp_countries",
            src_ko="" if aggregate else "mofa_kr_countries", note=note)
    for gid in groups:
        en, ja, ko = GROUPS[gid]
        add("group", gid, en, ja, ko)
    for mid in materials:
        en, ja, ko = MATERIALS[mid]
        add("material", mid, en, ja, ko, note="standard terms of Japanese and Korean battery-industry usage")
    for sid, country in sites:
        if sid in NAMED:
            en, ja, ja_tr, ko, ko_tr = NAMED[sid]
            add("site", sid, en, ja, ko, ja_tr, ko_tr)
            continue
        prefix, _, rest = sid.partition("_")
        if rest not in AGGREGATE:
            raise KeyError(f"site {sid}: no Japanese/Korean name rule (add it to names.py)")
        en_c, ja_c, ko_c = COUNTRIES[country] if prefix.upper() in (country, "EU") else GROUPS[prefix]
        en, ja, ko = AGGREGATE[rest]
        add("site", sid, f"{en_c}, {en}", f"{ja_c}・{ja}（集計）", f"{ko_c} {ko}(집계)",
            note="aggregate: the names describe it")
    return out
