// English, Japanese and Korean for every label, message, number and date of the dashboard.
// The language is switchable and remembered (localStorage "chaintwin.lang"); numbers and dates go
// through Intl; material, country, region and site names come from the network's `names` block,
// falling back to English, then Intl.DisplayNames for country codes, then the id.
import type { Lang, Names } from "./api";

const en = {
  title: "chaintwin: critical-mineral supply chains",
  language: "Language",
  tab_map: "Map", tab_runner: "Scenarios", tab_shortages: "Shortages", tab_timelines: "Timelines",
  tab_flows: "Flows", tab_risk: "Risk", tab_live: "Live",
  scenario: "Scenario", protocol: "Allocation protocol", run: "Run", running: "Running…",
  download_report: "Report (HTML)", download_report_title: "One self-contained HTML file of this scenario: shortages with causes, charts, assumptions ranked by sensitivity, sources (takes a few seconds)",
  loading: "Loading…", error: "Error", no_run: "Run a scenario to see results here.",
  run_failed: "The run failed", ran: "{scenario}: {shortages} shortages, {lost} GWh of cell output lost, {unserved} GWh of demand unserved ({ms} ms)",
  day: "Day", date: "Date", play: "Play", pause: "Pause",
  status_normal: "normal", status_short: "short", status_stopped: "stopped",
  legend_status: "Status on the selected day", chokepoint: "Chokepoint", lane: "Lane",
  site: "Site", material: "Material", country: "Country", region: "Region", stage: "Stage",
  first_date: "From", last_date: "Until", days: "Days", depth: "Depth", shortfall: "Shortfall (GWh)",
  cause: "Why", kind: "Kind", all: "All", download_csv: "Download CSV", rows: "{n} of {total} rows",
  no_shortages: "No shortages in this run.", no_regions: "(no regions in this network)",
  stock: "Stock", inbound: "Inbound lanes", days_of_supply: "Days of supply", shortages: "Shortages",
  capacity: "Capacity", makes: "Makes", operator: "Operator", close: "Close",
  no_timeline: "This run has no timeline (the server did not return one).",
  no_flows: "This run has no flows section (the server did not return one).",
  opening: "Opening stock", closing: "Closing stock", produced: "Produced", consumed: "Consumed",
  received: "Received", unmet: "Unmet demand", lost_by: "Lost GWh by", by_country: "country",
  by_region: "region", lost_cell_output: "Lost cell output (GWh)", unserved_demand: "Unserved demand (GWh)",
  baseline: "Before the disruption", disruption: "During the disruption",
  tts_ranking: "Time to survive and impact (TTS, GWh lost)", concentration: "Concentration by stage (HHI by country)",
  dependence: "Dependence on", sensitivity: "Sensitivity (tornado): unserved GWh", montecarlo: "Monte Carlo: unserved GWh",
  runs: "Runs", start: "Start", low: "Low end of each range", high: "High end of each range", base: "Base",
  job_state: "Job {state}: {done} / {total} runs", probability_any_loss: "Probability of any loss",
  mean: "Mean", p95: "95th percentile", tts_days: "Time to survive (days)", impact: "Impact (GWh)", share: "Share",
  live_dos: "Days of supply (stored state)", live_alerts: "Projected shortages", live_feeds: "Silent feeds",
  feeds: "Feeds", refreshed: "Refreshed {time}", nothing_stored: "Nothing reported to the store yet.",
  no_alerts: "No projected shortages.", no_silent: "No silent feeds.",
  first_stockout: "First stock-out", days_from_now: "In (days)", owner: "Partner", last_report: "Last report",
  silent_hours: "Silent (h)", compare: "Compare", compare_with: "Compare with", compare_title: "Side by side",
  change: "Change", first_day_a: "From (A)", first_day_b: "From (B)", difference: "Difference",
  editor: "Edit the scenario (JSON)", events: "Events", event_start: "Start", event_duration: "Duration",
  run_edited: "Run the edited scenario", reset: "Reset", invalid_json: "The text is not valid JSON: {message}",
  problems: "Problems", edited: "(edited)", change_appears: "appears", change_vanishes: "vanishes",
  change_earlier: "earlier", change_later: "later", change_same: "same start",
  totals: "Totals", sites_count: "{n} sites, {lanes} lanes, {chokepoints} chokepoints",
  sort_hint: "Press Enter on a column header to sort",
  unplaced: "{n} without coordinates (choose them from the site list)",
  short_off_map: "({n} of the short or stopped sites have no coordinates)",
  estimated_place: "{n} without coordinates placed in their country (dashed outline)",
  estimated_site: "placed in its country: no coordinates",
  stage_mining: "mining", stage_refining: "refining", stage_component: "component", stage_cell: "cell",
  stage_end_of_life: "end of life", stage_pack: "pack", stage_end_use: "end use",
  ttr_days: "Time to recover (days)", hhi_country: "HHI by country", hhi_company: "HHI by company",
  highly_concentrated: "highly concentrated", unserved_gwh: "unserved GWh", sites: "sites",
  status_by_day: "Sites by status, day by day", timeline_title: "Stock, production and unmet need",
};
export type Key = keyof typeof en;
type Dict = Record<Key, string>;

const ja: Dict = {
  title: "chaintwin：重要鉱物サプライチェーン",
  language: "言語",
  tab_map: "地図", tab_runner: "シナリオ", tab_shortages: "供給不足", tab_timelines: "時系列",
  tab_flows: "物流", tab_risk: "リスク", tab_live: "ライブ",
  scenario: "シナリオ", protocol: "配分ルール", run: "実行", running: "実行中…",
  download_report: "レポート（HTML）", download_report_title: "このシナリオの単一HTMLファイル：供給不足と原因、グラフ、感度順の前提、出典（数秒かかります）",
  loading: "読み込み中…", error: "エラー", no_run: "シナリオを実行すると結果がここに表示されます。",
  run_failed: "実行に失敗しました", ran: "{scenario}：供給不足 {shortages} 件、セル生産の損失 {lost} GWh、未充足需要 {unserved} GWh（{ms} ミリ秒）",
  day: "日", date: "日付", play: "再生", pause: "一時停止",
  status_normal: "正常", status_short: "不足", status_stopped: "停止",
  legend_status: "選択日の状態", chokepoint: "チョークポイント", lane: "輸送路",
  site: "拠点", material: "材料", country: "国", region: "地域", stage: "工程",
  first_date: "開始", last_date: "終了", days: "日数", depth: "深刻度", shortfall: "不足量（GWh）",
  cause: "原因", kind: "種類", all: "すべて", download_csv: "CSV をダウンロード", rows: "{total} 行中 {n} 行",
  no_shortages: "この実行では供給不足はありません。", no_regions: "（このネットワークに地域はありません）",
  stock: "在庫", inbound: "入荷経路", days_of_supply: "在庫日数", shortages: "供給不足",
  capacity: "生産能力", makes: "生産品目", operator: "事業者", close: "閉じる",
  no_timeline: "この実行には時系列データがありません（サーバーが返しませんでした）。",
  no_flows: "この実行には物流データがありません（サーバーが返しませんでした）。",
  opening: "期首在庫", closing: "期末在庫", produced: "生産", consumed: "消費",
  received: "入荷", unmet: "未充足需要", lost_by: "損失 GWh：", by_country: "国別",
  by_region: "地域別", lost_cell_output: "セル生産の損失（GWh）", unserved_demand: "未充足需要（GWh）",
  baseline: "途絶前", disruption: "途絶中",
  tts_ranking: "存続可能期間と影響（TTS、損失 GWh）", concentration: "工程別の集中度（国別 HHI）",
  dependence: "依存先", sensitivity: "感度分析（トルネード）：未充足 GWh", montecarlo: "モンテカルロ：未充足 GWh",
  runs: "試行回数", start: "開始", low: "範囲の下限", high: "範囲の上限", base: "基準",
  job_state: "ジョブ {state}：{done} / {total} 回", probability_any_loss: "損失が生じる確率",
  mean: "平均", p95: "95 パーセンタイル", tts_days: "存続可能期間（日）", impact: "影響（GWh）", share: "シェア",
  live_dos: "在庫日数（保存された状態）", live_alerts: "予測される供給不足", live_feeds: "途絶えたフィード",
  feeds: "フィード", refreshed: "{time} に更新", nothing_stored: "まだ何も報告されていません。",
  no_alerts: "予測される供給不足はありません。", no_silent: "途絶えたフィードはありません。",
  first_stockout: "最初の欠品", days_from_now: "残り日数", owner: "取引先", last_report: "最終報告",
  silent_hours: "無報告（時間）", compare: "比較", compare_with: "比較対象", compare_title: "並べて比較",
  change: "変化", first_day_a: "開始（A）", first_day_b: "開始（B）", difference: "差",
  editor: "シナリオを編集（JSON）", events: "イベント", event_start: "開始", event_duration: "期間",
  run_edited: "編集したシナリオを実行", reset: "元に戻す", invalid_json: "JSON として正しくありません：{message}",
  problems: "問題点", edited: "（編集済み）", change_appears: "発生", change_vanishes: "解消",
  change_earlier: "早まる", change_later: "遅れる", change_same: "開始日は同じ",
  totals: "合計", sites_count: "拠点 {n}、輸送路 {lanes}、チョークポイント {chokepoints}",
  sort_hint: "列見出しで Enter キーを押すと並べ替えます",
  unplaced: "座標のない拠点 {n} 件（拠点リストから選択できます）",
  short_off_map: "（不足・停止中の拠点のうち {n} 件は座標がありません）",
  estimated_place: "座標のない拠点 {n} 件は所在国内に配置（破線の枠）",
  estimated_site: "座標がないため所在国内に配置",
  stage_mining: "採掘", stage_refining: "精製", stage_component: "部材", stage_cell: "セル",
  stage_end_of_life: "使用済み", stage_pack: "パック", stage_end_use: "最終需要",
  ttr_days: "復旧期間（日）", hhi_country: "国別 HHI", hhi_company: "企業別 HHI",
  highly_concentrated: "高集中", unserved_gwh: "未充足 GWh", sites: "拠点数",
  status_by_day: "状態別の拠点数（日別）", timeline_title: "在庫・生産・未充足",
};

const ko: Dict = {
  ...en,
  title: "chaintwin: 핵심 광물 공급망",
  language: "언어",
  tab_map: "지도", tab_runner: "시나리오", tab_shortages: "공급 부족", tab_timelines: "시계열",
  tab_flows: "물류", tab_risk: "위험", tab_live: "실시간",
  scenario: "시나리오", protocol: "배분 규칙", run: "실행", running: "실행 중…",
  download_report: "보고서(HTML)", download_report_title: "이 시나리오의 단일 HTML 파일: 원인별 공급 부족, 차트, 민감도 순 가정, 출처(몇 초 걸림)",
  loading: "불러오는 중…", error: "오류", no_run: "시나리오를 실행하면 결과가 여기에 표시됩니다.",
  run_failed: "실행에 실패했습니다",
  ran: "{scenario}: 공급 부족 {shortages}건, 셀 생산 손실 {lost} GWh, 미충족 수요 {unserved} GWh ({ms} ms)",
  day: "일", date: "날짜", play: "재생", pause: "일시 정지",
  status_normal: "정상", status_short: "부족", status_stopped: "중단",
  legend_status: "선택한 날의 상태", chokepoint: "해상 요충지", lane: "운송로",
  site: "거점", material: "소재", country: "국가", region: "지역", stage: "공정",
  first_date: "시작", last_date: "종료", days: "일수", shortfall: "부족량(GWh)",
  cause: "원인", kind: "종류", all: "전체", download_csv: "CSV 다운로드", rows: "{total}행 중 {n}행",
  no_shortages: "이 실행에서는 공급 부족이 없습니다.",
  stock: "재고", inbound: "입고 경로", days_of_supply: "재고 일수", shortages: "공급 부족",
  baseline: "중단 이전", disruption: "중단 기간", close: "닫기",
  stage_mining: "채굴", stage_refining: "정제", stage_component: "소재·부품", stage_cell: "셀",
  stage_end_of_life: "사용 후", stage_pack: "팩", stage_end_use: "최종 수요",
};

const dictionaries: Record<Lang, Dict> = { en, ja, ko };
const locales: Record<Lang, string> = { en: "en-GB", ja: "ja-JP", ko: "ko-KR" };
const STORAGE_KEY = "chaintwin.lang";

function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (v === "en" || v === "ja" || v === "ko") return v;
  } catch {
    /* storage blocked: fall through */
  }
  const nav = globalThis.navigator?.language ?? "en";
  return nav.startsWith("ja") ? "ja" : nav.startsWith("ko") ? "ko" : "en";
}

let current: Lang = storedLang();
let names: Names = {};
const listeners: (() => void)[] = [];

export const lang = (): Lang => current;
export const locale = (): string => locales[current];

export function setLang(next: Lang): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    /* not remembered, still switched */
  }
  if (globalThis.document) document.documentElement.lang = next;
  for (const f of listeners) f();
}
export function onLangChange(f: () => void): void {
  listeners.push(f);
}
export function setNames(n: Names | undefined): void {
  names = n ?? {};
}

/** The label `key` in the current language with `{name}` placeholders filled. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text: string = dictionaries[current][key] ?? en[key] ?? String(key);
  return text.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

export function fmtNumber(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(x);
}
export function fmtPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(x);
}
/** An ISO date (YYYY-MM-DD) as the language writes it; anything else unchanged. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), m ? { dateStyle: "medium", timeZone: "UTC" } : { dateStyle: "medium", timeStyle: "short" }).format(d);
}
/** The date `day` days after `start` (YYYY-MM-DD). */
export function addDays(start: string, day: number): string {
  const [y, mo, d] = start.split("-").map(Number);
  return new Date(Date.UTC(y, mo - 1, d + day)).toISOString().slice(0, 10);
}

function pick(entry: Partial<Record<Lang, string>> | undefined): string | undefined {
  return entry?.[current] ?? entry?.en;
}
export function countryName(code: string): string {
  const named = pick(names.countries?.[code]);
  if (named) return named;
  try {
    const dn = new Intl.DisplayNames([locale()], { type: "region", fallback: "none" });
    return dn.of(code) ?? code;
  } catch {
    return code;
  }
}
export function regionName(id: string, fallback?: string): string {
  return pick(names.regions?.[id]) ?? fallback ?? id;
}
/**
 * Labels for the shared chart builders (src/charts/*.ts): "site:ID", "material:ID",
 * "country:CODE", "region:ID" give names; any other key is the dashboard's label of that key
 * when it has one, else undefined (the builder keeps its English default).
 */
export function chartLabels(siteFallback: (id: string) => string | undefined): Record<string, string> {
  return new Proxy({} as Record<string, string>, {
    get(_, key) {
      if (typeof key !== "string") return undefined;
      const colon = key.indexOf(":");
      if (colon > 0) {
        const [kind, id] = [key.slice(0, colon), key.slice(colon + 1)];
        if (kind === "site") return siteName(id, siteFallback(id));
        if (kind === "material") return materialName(id);
        if (kind === "country") return countryName(id);
        if (kind === "region") return regionName(id);
        return undefined;
      }
      return key in en ? t(key as Key) : undefined;
    },
  });
}

/** A supply-chain stage (mining, refining, ...) in the current language; unknown stages as given. */
export function stageName(stage: string): string {
  const key = `stage_${stage}` as Key;
  return key in en ? t(key) : stage;
}
export function materialName(id: string): string {
  return pick(names.materials?.[id]) ?? id;
}
export function siteName(id: string, fallback?: string): string {
  return pick(names.sites?.[id]) ?? fallback ?? id;
}
