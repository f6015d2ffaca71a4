// Risk views: TTS/impact ranking, concentration by stage, dependence on a chosen country or
// group, the sensitivity tornado of the chosen scenario and a Monte Carlo histogram run as a job
// with a progress bar.
import { api, type Job } from "../api";
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { countryName, fmtNumber, fmtPercent, materialName, regionName, siteName, stageName, t } from "../i18n";
import type { State } from "../state";
import { failure, loading } from "./common";
import { OKABE_ITO } from "./palette";
import { histogram } from "../transforms";

let dependenceOn = "CN";
let mcScenario = "graphite_ban_uncertain";
let job: Job | undefined;
let jobError: unknown;

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
  clear(root, h("div", { class: "grid2" }, tts, conc, dep, sens, mc));

  void fill(ttsEl, "tts", async () => {
    const d = await api.tts();
    const rows = d.sites.slice().reverse();
    return { animation: false, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, grid: { left: 170, right: 40, top: 10, bottom: 30 },
      xAxis: { type: "value", name: t("impact") }, yAxis: { type: "category", data: rows.map((s) => siteName(s.label, siteNames.get(s.label))), axisLabel: { width: 160, overflow: "truncate" } },
      series: [{ type: "bar", name: t("impact"), data: rows.map((s) => ({ value: s.pi, tts: s.tts_days })), itemStyle: { color: OKABE_ITO[5] },
        label: { show: true, position: "right", formatter: (p: { data: { tts: number | null } }) => `${t("tts_days")} ${fmtNumber(p.data.tts, 0)}` } }] };
  });
  void fill(concEl, "concentration", async () => {
    const d = await api.concentration();
    const stages = [...new Set(d.materials.map((m) => m.stage))];
    return { animation: false, tooltip: { trigger: "item", formatter: (p: { data: { name: string; value: number; top: string; share: number } }) =>
        `${p.data.name}<br/>HHI ${fmtNumber(p.data.value, 0)}<br/>${countryName(p.data.top)} ${fmtPercent(p.data.share)}` },
      legend: { top: 0, data: stages.map(stageName) }, grid: { left: 60, right: 20, top: 40, bottom: 90 },
      xAxis: { type: "category", data: d.materials.map((m) => materialName(m.material)), axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: "value", name: "HHI", max: 10000 },
      series: stages.map((st, i) => ({ type: "bar", name: stageName(st), stack: "hhi", itemStyle: { color: OKABE_ITO[i % OKABE_ITO.length] },
        data: d.materials.map((m) => m.stage === st ? { value: m.hhi_country, name: materialName(m.material), top: m.top_country, share: m.top_country_share } : null) })),
      };
  });
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
    const rows = d.rows.slice().reverse();
    return { animation: false, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { bottom: 0 },
      grid: { left: 220, right: 30, top: 30, bottom: 50 },
      xAxis: { type: "value", name: "GWh" }, yAxis: { type: "category", data: rows.map((r) => r.label), axisLabel: { width: 210, overflow: "truncate", fontSize: 10 } },
      series: [
        { type: "bar", name: t("low"), data: rows.map((r) => r.unserved_demand_gwh_low - d.base), stack: "x", itemStyle: { color: OKABE_ITO[0] } },
        { type: "bar", name: t("high"), data: rows.map((r) => r.unserved_demand_gwh_high - d.base), stack: "y", barGap: "-100%", itemStyle: { color: OKABE_ITO[1], decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0.78 } },
          markLine: { silent: true, symbol: "none", data: [{ xAxis: 0, name: t("base") }], label: { formatter: `${t("base")} ${fmtNumber(d.base, 1)} GWh` } } },
      ] };
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
