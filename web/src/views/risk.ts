// Risk views: TTS/impact ranking, concentration by stage, dependence on a chosen country or
// group, the sensitivity tornado of the chosen scenario and a Monte Carlo histogram run as a job
// with a progress bar.
import { api, type Job } from "../api";
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { chartLabels, countryName, fmtNumber, fmtPercent, materialName, regionName, t } from "../i18n";
import { concentrationOption, impactOption, tornadoOption, ttsOption } from "../charts/risk";
import type { State } from "../state";
import { failure, loading } from "./common";
import { OKABE_ITO } from "./palette";
import { histogram } from "../transforms";

let dependenceOn = "CN";
let mcScenario = "graphite_ban_uncertain";
let job: Job | undefined;
let jobError: unknown;

/** Long category names (sites, sensitivity inputs) cut to `width` px with "…", so the bars keep their room. */
function truncateCategories(option: Record<string, unknown>, width = 170): Record<string, unknown> {
  const axis = option.yAxis as Record<string, unknown>;
  axis.axisLabel = { ...(axis.axisLabel as object | undefined), width, overflow: "truncate", fontSize: 11 };
  option.grid = { ...(option.grid as object), left: width + 12 };
  return option;
}

function section(title: string, testid: string): [HTMLElement, HTMLElement] {
  const body = h("div", { class: "chart", "data-testid": testid }, loading());
  return [h("section", { class: "card" }, h("h3", {}, title), body), body];
}

async function fill(el: HTMLElement, name: string, load: () => Promise<Record<string, unknown> | HTMLElement>) {
  try {
    const option = await load();
    if (option instanceof HTMLElement) return clear(el, option);
    el.replaceChildren();
    draw(name, el, option);
  } catch (err) {
    clear(el, failure(err));
  }
}

export function renderRisk(root: HTMLElement, state: State): void {
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const [tts, ttsEl] = section(t("tts_ranking"), "tts-chart");
  const [surv, survEl] = section(t("tts_days"), "survival-chart");
  const [conc, concEl] = section(t("concentration"), "concentration-chart");
  const countries = [...new Set(state.net.sites.map((s) => s.country))].sort();
  const groups = state.net.groups ?? [];
  const depSelect = h("select", { "data-testid": "dependence-on", "aria-label": t("dependence"), onchange: (e: Event) => { dependenceOn = (e.target as HTMLSelectElement).value; renderRisk(root, state); } },
    ...groups.map((g) => h("option", { value: g.id, selected: g.id === dependenceOn }, regionName(g.id, g.name))),
    ...countries.map((c) => h("option", { value: c, selected: c === dependenceOn }, countryName(c))));
  const [dep, depEl] = section(t("dependence"), "dependence-chart");
  dep.querySelector("h3")!.append(" ", depSelect);
  const scenario = state.result?.scenario && state.scenarios.some((s) => s.name === state.result!.scenario) ? state.result.scenario : "graphite_ban";
  const [sens, sensEl] = section(`${t("sensitivity")} · ${scenario}`, "sensitivity-chart");
  const mc = h("section", { class: "card" }, h("h3", {}, t("montecarlo")));
  const mcBody = h("div", {});
  mc.append(mcBody);
  clear(root, h("div", { class: "grid2" }, tts, surv, conc, dep, sens, mc));

  const labels = chartLabels((id) => siteNames.get(id));
  void fill(ttsEl, "tts", async () => {
    const d = await api.tts();
    return truncateCategories(impactOption(d, 15, labels));
  });
  void fill(survEl, "survival", async () => truncateCategories(ttsOption(await api.tts(), 15, labels)));
  void fill(concEl, "concentration", async () => truncateCategories(concentrationOption(await api.concentration(), labels), 150));
  void fill(depEl, "dependence", async () => {
    const d = await api.dependence(dependenceOn);
    const xs = [...new Set(d.rows.map((r) => r.upstream))];
    const ys = [...new Set(d.rows.map((r) => r.country))].sort();
    if (!d.rows.length) return h("p", { class: "empty" }, "—");
    const cell = new Map<string, number>();
    for (const r of d.rows) { const k = `${r.upstream}|${r.country}`; cell.set(k, Math.max(cell.get(k) ?? 0, r.share)); }
    return { animation: false, tooltip: { formatter: (p: { value: [number, number, number] }) => `${countryName(ys[p.value[1]])} · ${materialName(xs[p.value[0]])}: ${fmtPercent(p.value[2])}` },
      grid: { left: 110, right: 20, top: 10, bottom: 110 },
      xAxis: { type: "category", data: xs.map(materialName), axisLabel: { rotate: 45, fontSize: 10 } }, yAxis: { type: "category", data: ys.map(countryName) },
      visualMap: { min: 0, max: 1, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, inRange: { color: ["#f7f7f7", OKABE_ITO[4], OKABE_ITO[0]] }, formatter: (v: number) => fmtPercent(v) },
      series: [{ type: "heatmap", data: [...cell].map(([k, v]) => { const [x, y] = k.split("|"); return [xs.indexOf(x), ys.indexOf(y), v]; }) }] };
  });
  void fill(sensEl, "sensitivity", async () => {
    const d = await api.sensitivity(scenario);
    if (!d.rows.some((r) => r.swing_gwh > 0)) return h("p", { class: "empty" }, `${t("base")} ${fmtNumber(d.base, 2)} GWh: —`);
    return truncateCategories(tornadoOption(d, 10, labels), 190);
  });
  renderMonteCarlo(mcBody, state);
}

function renderMonteCarlo(el: HTMLElement, state: State): void {
  const select = h("select", { "data-testid": "mc-scenario", "aria-label": t("scenario"), onchange: (e: Event) => { mcScenario = (e.target as HTMLSelectElement).value; } },
    ...state.scenarios.filter((s) => !s.error).map((s) => h("option", { value: s.name, selected: s.name === mcScenario }, s.name)));
  const runs = h("input", { type: "number", min: 1, max: 5000, value: 200, "aria-label": t("runs"), class: "narrow" });
  const running = job && (job.state === "queued" || job.state === "running");
  const start = h("button", { type: "button", "data-testid": "mc-start", disabled: running, onclick: async () => {
    jobError = undefined;
    try {
      job = await api.startMonteCarlo(mcScenario, Math.max(1, Number(runs.value) || 200));
      renderMonteCarlo(el, state);
      while (job && (job.state === "queued" || job.state === "running")) {
        await new Promise((ok) => setTimeout(ok, 250));
        job = await api.job(job.id);
        renderMonteCarlo(el, state);
      }
    } catch (err) {
      jobError = err;
    }
    renderMonteCarlo(el, state);
  } }, t("start"));
  const chartEl = h("div", { class: "chart", "data-testid": "mc-chart" });
  clear(el, h("div", { class: "toolbar" }, select, h("label", {}, t("runs"), " ", runs), start),
    job ? h("div", { class: "progress" }, h("progress", { max: job.progress.total || 1, value: job.progress.done, "data-testid": "mc-progress", "aria-label": t("montecarlo") }),
      " ", t("job_state", { state: job.state, done: job.progress.done, total: job.progress.total })) : null,
    jobError ? failure(jobError) : job?.error ? failure(new Error(job.error)) : null,
    job?.result ? h("p", {}, `${t("mean")} ${fmtNumber(job.result.unserved_demand_gwh.mean, 2)} GWh · ${t("p95")} ${fmtNumber(job.result.unserved_demand_gwh.p95, 2)} GWh · ${t("probability_any_loss")} ${fmtPercent(job.result.probability_any_loss)}`) : null,
    chartEl);
  const per = job?.result?.per_run;
  if (per && per.length) {
    const hist = histogram(per.map((p) => p.unserved_demand_gwh));
    draw("montecarlo", chartEl, { animation: false, tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", name: "GWh", data: hist.edges.map((e) => fmtNumber(e, 1)) }, yAxis: { type: "value", name: t("runs") },
      series: [{ type: "bar", name: t("runs"), data: hist.counts, barCategoryGap: "5%", itemStyle: { color: OKABE_ITO[2] } }] });
  } else {
    chartEl.style.display = "none";
  }
}
