// The scenario runner: pick a bundled scenario, change its protocol, event dates and durations
// in a form or its JSON text, run it (POST /v1/simulate) and compare two runs side by side
// (POST /v1/compare) with the differences highlighted.
import { parse } from "yaml";
import { api, ApiFailure, type CompareResult, type ScenarioRef } from "../api";
import { h, clear } from "../dom";
import { countryName, fmtDate, fmtNumber, materialName, siteName, t, type Key } from "../i18n";
import type { State, Rerender } from "../state";
import { empty, failure, loading } from "./common";

// The bundled scenario files, as the repository ships them (data/battery/scenarios).
const files = import.meta.glob("../../../data/battery/scenarios/*.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
export function bundledDocument(name: string): Record<string, unknown> | undefined {
  const key = Object.keys(files).find((k) => k.endsWith(`/${name}.yaml`));
  return key ? (parse(files[key]) as Record<string, unknown>) : undefined;
}

export const PROTOCOLS = ["pro_rata", "priority", "contract_first", "alliance_first", "plan"];
let chosen = "graphite_ban";
let protocol = "";
let text = "";
let textFor = "";
let compareWith = "";
let compareResult: CompareResult | undefined;
let compareError: unknown;
let comparing = false;
let editorOpen = false;

export async function runScenario(state: State, rerender: Rerender, ref: ScenarioRef, label: string): Promise<void> {
  state.running = true;
  state.runError = undefined;
  rerender();
  const started = performance.now();
  try {
    state.result = await api.simulate(ref, protocol ? { protocol } : {});
    state.result.scenario = label;
    (state as State & { lastMs?: number }).lastMs = performance.now() - started;
    state.day = 0;
  } catch (err) {
    state.result = undefined;
    state.runError = err instanceof ApiFailure ? err : new ApiFailure(0, String(err));
  } finally {
    state.running = false;
    rerender();
  }
}

export function runSummary(state: State): HTMLElement | null {
  const r = state.result;
  if (state.running) return loading();
  if (state.runError) return failure(state.runError, "run_failed");
  if (!r) return null;
  return h("p", { class: "summary", role: "status", "data-testid": "run-summary" }, t("ran", {
    scenario: r.scenario, shortages: fmtNumber(r.shortages.length, 0), lost: fmtNumber(r.totals.lost_cell_output_gwh, 1),
    unserved: fmtNumber(r.totals.unserved_demand_gwh, 1), ms: fmtNumber((state as State & { lastMs?: number }).lastMs ?? 0, 0) }));
}

export function renderRunner(root: HTMLElement, state: State, rerender: Rerender): void {
  if (textFor !== chosen) {
    const doc = bundledDocument(chosen);
    text = doc ? JSON.stringify(doc, null, 2) : "";
    textFor = chosen;
  }
  const scenarioSelect = (value: string, onchange: (v: string) => void, testid: string, label: Key) => h("label", {}, t(label), " ",
    h("select", { "data-testid": testid, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) },
      ...state.scenarios.map((s) => h("option", { value: s.name, selected: s.name === value, disabled: !!s.error, title: s.title ?? "" }, s.error ? `${s.name} (${s.error})` : s.name))));
  const editorArea = h("textarea", { class: "editor", rows: 18, spellcheck: false, "aria-label": t("editor"), "data-testid": "editor",
    oninput: (e: Event) => { text = (e.target as HTMLTextAreaElement).value; } }, text);
  const editorError = h("div", {});
  const editedDocument = (): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      clear(editorError, failure(new ApiFailure(0, t("invalid_json", { message: (err as Error).message }))));
      return undefined;
    }
  };
  // The form: each event's start and duration, written back into the JSON text.
  const doc = (() => { try { return JSON.parse(text) as { events?: Record<string, unknown>[] }; } catch { return undefined; } })();
  const eventRows = (doc?.events ?? []).slice(0, 30).map((ev, i) => h("tr", {},
    h("td", {}, String(ev.id ?? i)), h("td", {}, String(ev.kind ?? "")),
    h("td", {}, h("input", { type: "date", value: String(ev.start ?? ""), "aria-label": `${t("event_start")} ${ev.id ?? i}`,
      onchange: (e: Event) => setEventField(i, "start", (e.target as HTMLInputElement).value, editorArea) })),
    h("td", {}, h("input", { type: "text", size: 8, value: String(ev.duration ?? ""), "aria-label": `${t("event_duration")} ${ev.id ?? i}`,
      onchange: (e: Event) => setEventField(i, "duration", (e.target as HTMLInputElement).value, editorArea) }))));
  const entry = state.scenarios.find((s) => s.name === chosen);
  clear(root,
    h("div", { class: "toolbar" },
      scenarioSelect(chosen, (v) => { chosen = v; rerender(); }, "scenario-select", "scenario"),
      h("label", {}, t("protocol"), " ", h("select", { "data-testid": "protocol", onchange: (e: Event) => { protocol = (e.target as HTMLSelectElement).value; } },
        h("option", { value: "" }, "—"), ...PROTOCOLS.map((p) => h("option", { value: p, selected: p === protocol }, p)))),
      h("button", { type: "button", class: "primary", "data-testid": "run", disabled: state.running,
        onclick: () => runScenario(state, rerender, { scenario: chosen }, chosen) }, state.running ? t("running") : t("run")),
      h("a", { class: "button", "data-testid": "report-link", href: `/v1/report?scenario=${encodeURIComponent(chosen)}`,
        download: `chaintwin-report-${chosen}.html`, title: t("download_report_title") }, t("download_report"))),
    entry?.title ? h("p", { class: "muted" }, entry.title) : null,
    runSummary(state),
    h("details", { class: "editor-box", open: editorOpen, ontoggle: (e: Event) => { editorOpen = (e.target as HTMLDetailsElement).open; } }, h("summary", {}, t("editor")),
      eventRows.length ? h("table", { class: "data small" }, h("thead", {}, h("tr", {}, h("th", {}, "id"), h("th", {}, t("kind")), h("th", {}, t("event_start")), h("th", {}, t("event_duration")))), h("tbody", {}, ...eventRows)) : null,
      editorArea, editorError,
      h("div", { class: "toolbar" },
        h("button", { type: "button", "data-testid": "run-edited", disabled: state.running, onclick: () => {
          clear(editorError);
          const d = editedDocument();
          if (d) void runScenario(state, rerender, { document: d }, `${chosen} ${t("edited")}`);
        } }, t("run_edited")),
        h("button", { type: "button", onclick: () => { textFor = ""; rerender(); } }, t("reset")))),
    h("h3", {}, t("compare_title")),
    h("div", { class: "toolbar" },
      h("span", {}, `A: ${chosen}`),
      scenarioSelect(compareWith || chosen, (v) => { compareWith = v; }, "compare-select", "compare_with"),
      h("button", { type: "button", "data-testid": "compare", disabled: comparing, onclick: async () => {
        comparing = true; compareError = undefined; rerender();
        try { compareResult = await api.compare({ scenario: chosen }, { scenario: compareWith || chosen }); } catch (err) { compareError = err; compareResult = undefined; }
        comparing = false; rerender();
      } }, t("compare"))),
    comparing ? loading() : compareError ? failure(compareError) : compareResult ? compareView(compareResult, state) : empty("—"));
}

function setEventField(i: number, field: string, value: string, area: HTMLTextAreaElement): void {
  try {
    const d = JSON.parse(text) as { events: Record<string, unknown>[] };
    d.events[i][field] = value;
    text = JSON.stringify(d, null, 2);
    area.value = text;
  } catch { /* the text is being edited by hand; the form leaves it alone */ }
}

function compareView(c: CompareResult, state: State): HTMLElement {
  const diffCls = (a: number, b: number) => (b > a + 1e-9 ? "worse" : b < a - 1e-9 ? "better" : "");
  const row = (label: Key, a: number, b: number, digits: number) => h("tr", {}, h("th", { scope: "row" }, t(label)),
    h("td", { class: "num" }, fmtNumber(a, digits)), h("td", { class: `num ${diffCls(a, b)}` }, fmtNumber(b, digits)),
    h("td", { class: `num ${diffCls(a, b)}` }, (b - a > 0 ? "+" : "") + fmtNumber(b - a, digits)));
  const names = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const change: Record<string, [Key, string]> = { appears: ["change_appears", "worse"], earlier: ["change_earlier", "worse"],
    vanishes: ["change_vanishes", "better"], later: ["change_later", "better"], "same start": ["change_same", ""] };
  return h("div", { class: "compare", "data-testid": "compare-result" },
    h("table", { class: "data small" },
      h("thead", {}, h("tr", {}, h("th", {}), h("th", {}, `A: ${c.a.scenario}`), h("th", {}, `B: ${c.b.scenario}`), h("th", {}, t("difference")))),
      h("tbody", {}, row("shortages", c.a.shortages, c.b.shortages, 0), row("lost_cell_output", c.a.lost_cell_output_gwh, c.b.lost_cell_output_gwh, 1),
        row("unserved_demand", c.a.unserved_demand_gwh, c.b.unserved_demand_gwh, 1))),
    h("table", { class: "data small" },
      h("thead", {}, h("tr", {}, h("th", {}, t("change")), h("th", {}, t("site")), h("th", {}, t("country")), h("th", {}, t("material")), h("th", { class: "num" }, t("first_day_a")), h("th", { class: "num" }, t("first_day_b")))),
      h("tbody", {}, ...c.changes.map((ch) => h("tr", { class: change[ch.change]?.[1] ?? "" },
        h("td", { class: "change" }, change[ch.change] ? t(change[ch.change][0]) : ch.change),
        h("td", {}, siteName(ch.site, names.get(ch.site))), h("td", {}, ch.country ? countryName(ch.country) : "–"),
        h("td", {}, materialName(ch.material)), h("td", { class: "num" }, fmtDate(ch.first_a_date ?? null)), h("td", { class: "num" }, fmtDate(ch.first_b_date ?? null)))))));
}
