// Timelines: stock, production and unmet need of one site and material over the run (the
// simulate `timeline` section), sites by status day by day (`site_status`), and the lost GWh by
// country or region, stacked. The options come from the shared builders in src/charts/.
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { chartLabels, fmtDate, materialName, siteName, t } from "../i18n";
import { lostByAreaOption, shortSlots, statusOption, timelineOption } from "../charts/timeline";
import { STATUS_COLOURS, type Status } from "../charts/map";
import type { State } from "../state";
import { empty, failure } from "./common";

let pick = "";
let by: "country" | "region" = "country";

export function renderTimelines(root: HTMLElement, state: State): void {
  const r = state.result;
  if (state.runError) return clear(root, failure(state.runError, "run_failed"));
  if (!r) return clear(root, empty(t("no_run")));
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const labels = chartLabels((id) => siteNames.get(id));
  const tl = r.timeline;
  const seriesEl = h("div", { class: "chart", "data-testid": "timeline-chart" });
  const statusEl = h("div", { class: "chart short", "data-testid": "status-chart" });
  const lostEl = h("div", { class: "chart", "data-testid": "lost-chart" });
  let top: HTMLElement;
  if (tl && tl.series.length) {
    // Default: the slot with the most unmet need, else the first.
    if (!tl.series.some((s) => `${s.site}|${s.material}` === pick)) {
      // else the first shortage's slot, else the first series.
      const first = r.shortages.find((x) => tl.series.some((y) => y.site === x.site && y.material === x.material));
      const s = shortSlots(tl, 1)[0] ?? first ?? tl.series[0];
      pick = `${s.site}|${s.material}`;
    }
    const select = h("select", { "data-testid": "timeline-select", "aria-label": `${t("site")} / ${t("material")}`,
      onchange: (e: Event) => { pick = (e.target as HTMLSelectElement).value; renderTimelines(root, state); } },
      ...tl.series.map((s) => h("option", { value: `${s.site}|${s.material}`, selected: `${s.site}|${s.material}` === pick },
        `${siteName(s.site, siteNames.get(s.site))} · ${materialName(s.material)}`)));
    top = h("section", {}, h("h3", {}, t("timeline_title")), h("div", { class: "toolbar" }, h("label", {}, `${t("site")} / ${t("material")} `, select)), seriesEl);
  } else {
    top = empty(t("no_timeline"));
  }
  const regions = (r.by_region ?? []).length > 0;
  const toggle = h("select", { "data-testid": "lost-by", "aria-label": t("lost_by"), onchange: (e: Event) => { by = (e.target as HTMLSelectElement).value as typeof by; renderTimelines(root, state); } },
    h("option", { value: "country", selected: by === "country" }, t("by_country")),
    h("option", { value: "region", selected: by === "region", disabled: !regions }, t("by_region") + (regions ? "" : ` ${t("no_regions")}`)));
  clear(root, top,
    r.site_status ? h("section", {}, h("h3", {}, t("status_by_day")), statusEl) : null,
    h("section", {}, h("h3", {}, h("label", {}, t("lost_by"), " ", toggle)), lostEl));
  if (tl && tl.series.length) {
    const [site, material] = pick.split("|");
    const option = timelineOption(tl, site, material, labels);
    (option.xAxis as { data: string[] }).data = tl.period_start_dates.map(fmtDate);
    option.dataZoom = [{ type: "slider", bottom: 4, height: 18 }];
    (option.grid as { bottom: number }).bottom = 60;
    draw("timeline", seriesEl, option);
  }
  if (r.site_status) {
    const dates = Array.from({ length: r.site_status.days }, (_, d) => fmtDate(new Date(Date.parse(r.start_date) + d * 86400000).toISOString().slice(0, 10)));
    // The map's status colours (blue normal, orange short, vermillion stopped), so both views agree.
    const option = statusOption(r.site_status, dates, labels);
    (option.series as { itemStyle: { color: string } }[]).forEach((x, i) => { x.itemStyle = { color: STATUS_COLOURS[i as Status] }; });
    draw("status", statusEl, option);
  }
  const kind = by === "region" && regions ? "region" : "country";
  const rows = kind === "region" ? r.by_region ?? [] : r.by_country;
  if (!rows.some((x) => x.lost_cell_output_gwh > 0 || x.unserved_demand_gwh > 0)) return void lostEl.replaceWith(empty(t("no_shortages")));
  draw("lost", lostEl, lostByAreaOption(rows.map((x) => ({ ...x, name: null })), kind, labels));
}
