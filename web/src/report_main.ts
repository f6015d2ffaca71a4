// The self-contained report (`chaintwin report`): reads the data `chaintwin report` put into
// <script id="chaintwin-report" type="application/json"> and draws the scenario, the headline,
// the shortage table with causes, the charts (SVG, inline), the assumptions and the sources.
// Nothing is fetched: the page opens offline.
import "./report/report.css";
import { flowsOption, materialsByChange, sankeyData } from "./charts/flows";
import { concentrationOption, impactOption, tornadoOption, ttsOption } from "./charts/risk";
import { lostByAreaOption, shortSlots, statusOption, timelineOption } from "./charts/timeline";
import type { Concentration, Flow, Sensitivity, SiteStatus, Timeline, Tts } from "./charts/types";
import { disposeAll, draw, resizeAll } from "./report/echarts";
import { fmt, h, table } from "./report/format";
import { siteMapOption, worstStatus, type MapSite } from "./report/map";
import { fill, initialLang, nameIn, REPORT_LANGS, REPORT_TEXTS, type ReportLang } from "./report/text";

interface Shortage {
  site: string; country: string; country_name?: string; material: string; kind: string;
  first_date: string; last_date: string; days: number; shortfall_gwh: number | null; cause: string;
}
interface ReportData {
  generated_at: string;
  scenario: { id: string; name: string; description: string; network: string; start_date: string; horizon_days: number;
    protocol: string; reorder_after_days: number; baseline: string;
    events: { id: string; kind: string; description: string; start_date: string; end_date: string; duration_days: number }[] };
  network: { network: string; name: string; sites: MapSite[]; names?: Record<string, Record<string, Record<string, string | string[]>>> };
  simulate: { headline?: Record<string, unknown> | string; totals: Record<string, number>; shortages: Shortage[];
    by_country: never[]; by_region: never[]; timeline: Timeline; site_status: SiteStatus; flows: Flow[]; days: number };
  sensitivity: Sensitivity | null;
  tts: Tts;
  concentration: Concentration;
  sources: { sources: { id: string; title: string; publisher: string; year: number | null; url: string; figures: number; estimates: number }[];
    figures: number; figures_without_source: number };
  assumptions: { rank: number; id: string; what: string; varied: boolean; swing_gwh: number | null;
    low_factor: number | null; high_factor: number | null; groups: { label: string; swing_gwh: number }[] }[];
}

function readData(): ReportData | null {
  const el = document.getElementById("chaintwin-report");
  const text = el?.textContent ?? "";
  if (!text.trim().startsWith("{")) return null;
  return JSON.parse(text) as ReportData;
}

function section(id: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h("section", { id, "aria-labelledby": `${id}-h` }, h("h2", { id: `${id}-h` }, title), ...children);
}

function chartBox(name: string, option: Record<string, unknown>, height = 320, cls = "", attrs: Record<string, string> = {}): HTMLElement {
  const el = h("div", { class: `chart ${cls}`.trim(), style: `height:${height}px`, "data-testid": `chart-${name}`, ...attrs });
  pending.push(() => draw(name, el, option));
  return el;
}
const pending: (() => void)[] = [];

function render(d: ReportData, root: HTMLElement, lang: ReportLang, onLang: (l: ReportLang) => void): void {
  const sim = d.simulate;
  const t = sim.totals;
  const x = REPORT_TEXTS[lang];
  const names = d.network.names;
  const siteName = (id: string) => nameIn(names?.sites, id, lang, d.network.sites.find((s) => s.id === id)?.name ?? id);
  // English keeps the material ids the CLI prints; Japanese gives the dataset's names.
  const materialName = (id: string) => (lang === "en" ? id : nameIn(names?.materials, id, lang, id));
  const countryName = (code: string, fallback: string) => nameIn(names?.countries, code, lang, fallback);
  document.documentElement.lang = lang;
  document.title = fill(x.title, { name: d.scenario.name || d.scenario.id });
  const picker = h("select", { "data-testid": "report-lang", "aria-label": x.language },
    ...REPORT_LANGS.map((l) => h("option", l === lang ? { value: l, selected: "" } : { value: l }, l === "en" ? "English" : "日本語")));
  picker.addEventListener("change", () => onLang(picker.value as ReportLang));
  root.append(h("header", {},
    h("label", { class: "lang no-print" }, `${x.language} `, picker),
    h("h1", {}, d.scenario.name || d.scenario.id),
    h("p", { class: "meta" }, fill(x.meta, { id: d.scenario.id, network: d.network.name || d.network.network, file: d.scenario.network,
      start: d.scenario.start_date, days: d.scenario.horizon_days, protocol: d.scenario.protocol, generated: d.generated_at }))));

  root.append(section("scenario", x.scenario,
    h("p", {}, d.scenario.description),
    table("events", x.events_head,
      d.scenario.events.map((e) => [e.id, e.kind, e.start_date, e.end_date, fmt(e.duration_days, 0), e.description]), [false, false, false, false, true, false])));

  const tiles: [string, string][] = [
    [x.tiles[0], `${fmt(t.unserved_demand_gwh)} GWh`],
    [x.tiles[1], `${fmt(t.lost_cell_output_gwh)} GWh`],
    [x.tiles[2], `${fmt(t.resourced_gwh)} GWh`],
    [x.tiles[3], fmt(t.shortages, 0)],
    [x.tiles[4], `${fmt(t.demand_gwh)} GWh`],
  ];
  root.append(section("headline", x.headline,
    h("div", { class: "tiles" }, ...tiles.map(([k, v]) => h("div", { class: "tile" }, h("div", { class: "v" }, v), h("div", { class: "k" }, k)))),
    h("p", { class: "note" }, x.headline_note)));

  root.append(section("shortages", x.shortages,
    x.causes_english ? h("p", { class: "note" }, x.causes_english) : null,
    sim.shortages.length === 0 ? h("p", { class: "empty" }, x.no_shortages) :
      table("shortage-table", x.shortages_head,
        sim.shortages.map((s) => [siteName(s.site), countryName(s.country, s.country_name ?? s.country), materialName(s.material), s.first_date, s.last_date,
          fmt(s.days, 0), fmt(s.shortfall_gwh, 2), s.cause]), [false, false, false, false, false, true, true, false])));

  const statusNames = x.status;
  const dates = Array.from({ length: sim.site_status.days }, (_, i) => {
    const dt = new Date(`${d.scenario.start_date}T00:00:00Z`);
    dt.setUTCDate(dt.getUTCDate() + i);
    return dt.toISOString().slice(0, 10);
  });
  root.append(section("map", x.map,
    h("p", { class: "note" }, x.map_note),
    chartBox("map", siteMapOption(d.network.sites, worstStatus(sim.site_status.sites), statusNames), 420, "wide"),
    chartBox("status", statusOption(sim.site_status, dates), 240, "wide")));

  const slots = shortSlots(sim.timeline, 4);
  const bySlot = sim.shortages.slice(0, 4).map((s) => ({ site: s.site, material: s.material }));
  const shown = (bySlot.length ? bySlot : slots).filter((s, i, a) =>
    a.findIndex((x) => x.site === s.site && x.material === s.material) === i &&
    sim.timeline.series.some((x) => x.site === s.site && x.material === s.material));
  const labels = Object.fromEntries(d.network.sites.map((s) => [`site:${s.id}`, siteName(s.id)]));
  root.append(section("timelines", x.timelines,
    shown.length === 0 ? h("p", { class: "empty" }, x.no_timeline) :
      h("div", { class: "grid" }, ...shown.map((s) => chartBox("timeline", timelineOption(sim.timeline, s.site, s.material, labels, true), 280))),
    h("div", { class: "grid" },
      chartBox("lost-country", lostByAreaOption(sim.by_country, "country"), 300),
      sim.by_region?.length ? chartBox("lost-region", lostByAreaOption(sim.by_region, "region"), 300) : null)));

  const materials = materialsByChange(sim.flows).slice(0, 2);
  root.append(section("flows", x.flows,
    h("p", { class: "note" }, x.flows_note),
    ...materials.map((m) => h("div", {},
      h("h3", {}, `${materialName(m.material)} (${fill(x.per_day, { unit: m.unit })})`),
      h("div", { class: "grid" },
        ...(["baseline", "disruption"] as const).map((period) => chartBox("flows", flowsOption(sim.flows, m.material, period), 360, "",
          { "data-material": m.material, "data-period": period, "data-total": String(sankeyData(sim.flows, m.material, period).total) })))))));

  root.append(section("risk", x.risk,
    h("h3", {}, x.tts),
    chartBox("tts", ttsOption(d.tts, 15, labels), 420, "wide"),
    h("h3", {}, fill(x.impact, { unit: d.tts.unit })),
    chartBox("impact", impactOption(d.tts, 15, labels), 420, "wide"),
    h("h3", {}, x.concentration),
    chartBox("concentration", concentrationOption(d.concentration), Math.max(300, 26 * d.concentration.materials.length), "wide")));

  root.append(section("assumptions", x.assumptions,
    d.sensitivity ? h("p", { class: "note" }, fill(x.assumptions_ranked, { base: fmt(d.sensitivity.base, 2) })) :
      h("p", { class: "note" }, x.assumptions_no_sensitivity),
    d.sensitivity ? chartBox("tornado", tornadoOption(d.sensitivity, 12), 420, "wide") : null,
    table("assumption-table", x.assumptions_head,
      d.assumptions.map((a) => [String(a.rank), `${a.id}: ${a.what}`, a.varied ? `×${fmt(a.low_factor, 2)} – ×${fmt(a.high_factor, 2)}` : x.not_varied,
        a.swing_gwh == null ? "–" : fmt(a.swing_gwh, 2), a.groups.map((g) => `${g.label} (${fmt(g.swing_gwh, 2)})`).join("; ")]),
      [true, false, false, true, false])));

  root.append(section("sources", x.sources,
    h("p", { class: "note" }, fill(x.sources_note, { figures: fmt(d.sources.figures, 0), without: fmt(d.sources.figures_without_source, 0) })),
    table("source-table", x.sources_head,
      d.sources.sources.map((s) => [s.title, s.publisher, s.year == null ? "–" : String(s.year),
        s.url ? h("a", { href: s.url, rel: "noreferrer" }, s.url) : "–", fmt(s.figures, 0), fmt(s.estimates, 0)]),
      [false, false, true, false, true, true])));

  for (const f of pending.splice(0)) f();
  document.body.dataset.rendered = "true";
}

const root = document.getElementById("report")!;
const LANG_KEY = "chaintwin.report.lang";
let saved: string | null = null;
try { saved = localStorage.getItem(LANG_KEY); } catch { /* a file:// page may have no storage */ }
const start = initialLang(location.search, saved, navigator.language || "en");
function show(lang: ReportLang): void {
  try {
    const data = readData();
    disposeAll();
    root.replaceChildren();
    if (!data) {
      root.append(h("p", { class: "empty" }, REPORT_TEXTS[lang].template));
    } else {
      render(data, root, lang, (l) => { try { localStorage.setItem(LANG_KEY, l); } catch { /* no storage */ } show(l); });
    }
  } catch (e) {
    root.append(h("p", { class: "error", role: "alert" }, fill(REPORT_TEXTS[lang].failed, { message: (e as Error).message })));
    document.body.dataset.rendered = "error";
  }
}
show(start);
window.addEventListener("resize", resizeAll);
window.addEventListener("beforeprint", resizeAll);
