// The map view: sites coloured (and shaped) by status on the day the slider selects, a play
// button that replays the run, lanes and chokepoints; clicking a site opens its panel.
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { addDays, countryName, fmtDate, fmtNumber, fmtPercent, materialName, siteName, t } from "../i18n";
import { countByStatus, mapOption, placeSites, statusBySite, STATUS_COLOURS, STATUS_SYMBOLS, type Status } from "../charts/map";
import type { State } from "../state";
import { failure } from "./common";

let timer: number | undefined;

const SHAPES: Record<string, string> = { circle: "●", triangle: "▲", rect: "■" };

export function renderMap(root: HTMLElement, state: State): void {
  const net = state.net;
  const r = state.result;
  const days = r ? r.days : 1;
  const status = r ? statusBySite(days, r.site_status, r.shortages) : new Map<string, Uint8Array>();
  state.day = Math.min(state.day, days - 1);
  const chartEl = h("div", { class: "chart map", "data-testid": "map" });
  const panel = h("aside", { class: "site-panel", "data-testid": "site-panel", "aria-live": "polite" });
  const dayLabel = h("output", { "data-testid": "day-label" });
  const counts = h("span", { class: "legend", "data-testid": "status-counts" });
  const siteIds = net.sites.map((s) => s.id);
  // Sites without coordinates are placed in their country (charts/map.ts placeSites); those of a
  // country with no located site (the rest-of-world aggregates) stay off the map.
  const placedSites = placeSites(net.sites);
  const onMap = new Set(placedSites.map((s) => s.id));
  const unplacedIds = net.sites.filter((s) => !onMap.has(s.id)).map((s) => s.id);
  const unplaced = unplacedIds.length;
  const estimated = placedSites.filter((s) => s.estimated).length;
  const labels = { status: [t("status_normal"), t("status_short"), t("status_stopped")] as [string, string, string],
    chokepoint: t("chokepoint"), lane: t("lane"), siteName, estimated: t("estimated_site") };
  const update = () => {
    const chart = draw("map", chartEl, mapOption(net, status, state.day, labels));
    chart.off("click");
    chart.on("click", (p) => {
      const id = (p.data as { id?: string } | undefined)?.id;
      if (id && net.sites.some((s) => s.id === id)) { state.selectedSite = id; renderPanel(panel, state); }
    });
    dayLabel.textContent = r ? `${t("day")} ${state.day} · ${fmtDate(addDays(r.start_date, state.day))}` : "";
    const n = countByStatus(siteIds, status, state.day);
    const offMap = countByStatus(unplacedIds, status, state.day);
    clear(counts, ...([0, 1, 2] as Status[]).map((c) => h("span", { class: "chip" },
      h("span", { style: `color:${STATUS_COLOURS[c]}`, "aria-hidden": "true" }, SHAPES[STATUS_SYMBOLS[c]]), ` ${labels.status[c]} ${n[c]}`)),
      offMap[1] + offMap[2] > 0 ? h("span", { class: "muted" }, t("short_off_map", { n: offMap[1] + offMap[2] })) : null);
  };
  const slider = h("input", { type: "range", min: 0, max: days - 1, value: state.day, disabled: !r,
    "aria-label": t("day"), "data-testid": "day-slider",
    oninput: (e: Event) => { state.day = Number((e.target as HTMLInputElement).value); update(); } });
  const play = h("button", { type: "button", disabled: !r, "data-testid": "play", onclick: () => {
    if (timer !== undefined) { window.clearInterval(timer); timer = undefined; play.textContent = t("play"); return; }
    play.textContent = t("pause");
    timer = window.setInterval(() => {
      state.day = (state.day + 3) % days; slider.value = String(state.day); update();
    }, 120);
  } }, timer !== undefined ? t("pause") : t("play"));
  if (!r && timer !== undefined) { window.clearInterval(timer); timer = undefined; }
  clear(root,
    state.runError ? failure(state.runError, "run_failed") : null,
    h("div", { class: "toolbar" }, play, h("label", { class: "slider" }, t("day"), " ", slider), dayLabel,
      h("span", { class: "muted" }, t("sites_count", { n: net.sites.length, lanes: net.lanes.length, chokepoints: net.chokepoints.length }),
        estimated ? ` · ${t("estimated_place", { n: estimated })}` : "",
        unplaced ? ` · ${t("unplaced", { n: unplaced })}` : "")),
    h("div", { class: "toolbar", "aria-label": t("legend_status") }, t("legend_status"), ": ", counts,
      h("label", {}, `${t("site")} `, h("select", { "data-testid": "site-select", onchange: (e: Event) => {
        state.selectedSite = (e.target as HTMLSelectElement).value || undefined; renderPanel(panel, state); } },
        h("option", { value: "" }, "—"),
        ...net.sites.map((s) => ({ id: s.id, label: siteName(s.id, s.name) })).sort((a, b) => a.label.localeCompare(b.label))
          .map((s) => h("option", { value: s.id, selected: s.id === state.selectedSite }, s.label))))),
    h("div", { class: "map-row" }, chartEl, panel));
  update();
  renderPanel(panel, state);
}

function renderPanel(panel: HTMLElement, state: State): void {
  const id = state.selectedSite;
  const site = state.net.sites.find((s) => s.id === id);
  if (!site) { delete panel.dataset.site; return clear(panel, h("p", { class: "muted" }, `${t("site")}: —`)); }
  panel.dataset.site = site.id;
  const r = state.result;
  const inbound = state.net.lanes.filter((l) => l.buyer === site.id);
  const shortages = r?.shortages.filter((s) => s.site === site.id) ?? [];
  const series = r?.timeline?.series.filter((s) => s.site === site.id) ?? [];
  const tl = r?.timeline;
  let stockRows: HTMLElement | null = null;
  if (tl && series.length) {
    // The period that holds the selected day.
    let p = 0;
    while (p + 1 < tl.period_start_days.length && tl.period_start_days[p + 1] <= state.day) p++;
    const length = (tl.period_start_days[p + 1] ?? (r!.days)) - tl.period_start_days[p];
    stockRows = h("table", { class: "data small" },
      h("thead", {}, h("tr", {}, h("th", {}, t("material")), h("th", { class: "num" }, t("stock")), h("th", { class: "num" }, t("received")), h("th", { class: "num" }, t("days_of_supply")))),
      h("tbody", {}, ...series.map((s) => {
        const use = (s.consumed[p] ?? 0) / Math.max(1, length);
        return h("tr", {}, h("td", {}, materialName(s.material)), h("td", { class: "num" }, fmtNumber(s.closing[p], 0)),
          h("td", { class: "num" }, fmtNumber(s.received[p], 0)), h("td", { class: "num" }, use > 0 ? fmtNumber((s.closing[p] ?? 0) / use, 0) : "–"));
      })));
  }
  clear(panel,
    h("div", { class: "panel-head" }, h("h3", {}, siteName(site.id, site.name)),
      h("button", { type: "button", "aria-label": t("close"), onclick: () => { state.selectedSite = undefined; renderPanel(panel, state); } }, "×")),
    h("p", {}, countryName(site.country), site.operator ? ` · ${site.operator}` : ""),
    h("p", {}, `${t("makes")}: `, site.makes.map(materialName).join(", ") || "–"),
    stockRows ?? (r ? h("p", { class: "muted" }, t("no_timeline")) : null),
    h("h4", {}, `${t("inbound")} (${inbound.length})`),
    h("ul", { class: "compact" }, ...inbound.slice(0, 12).map((l) => h("li", {},
      `${siteName(l.supplier, state.net.sites.find((s) => s.id === l.supplier)?.name)} → ${materialName(l.material)}`,
      l.transit_days !== undefined ? ` (${fmtNumber(l.transit_days, 0)} ${t("days")})` : "",
      l.chokepoints.length ? ` ⚓ ${l.chokepoints.map((c) => state.net.chokepoints.find((x) => x.id === c.chokepoint)?.name ?? c.chokepoint).join(", ")}` : ""))),
    h("h4", {}, `${t("shortages")} (${shortages.length})`),
    ...shortages.map((s) => h("div", { class: "shortage-cause" },
      h("strong", {}, `${materialName(s.material)}: ${fmtDate(s.first_date)} – ${fmtDate(s.last_date)} (${fmtPercent(s.depth)})`),
      h("p", {}, s.cause))));
}
