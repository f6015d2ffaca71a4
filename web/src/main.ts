// The dashboard (docs/DASHBOARD.md): a tab per view over the served network and the last run.
// Tabs follow the WAI-ARIA tabs pattern (arrow keys, Home/End); the language is switchable and
// remembered; every view redraws on a new run or a language change.
import "./style.css";
import { api, type Lang } from "./api";
import { h, clear } from "./dom";
import { lang, onLangChange, setLang, setNames, t, type Key } from "./i18n";
import type { State } from "./state";
import { failure, loading } from "./views/common";
import { renderLive, stopLive } from "./views/live";
import { renderRunner, runSummary } from "./views/runner";
import { renderShortages } from "./views/shortages";

type Render = (root: HTMLElement, s: State, rerender: () => void) => void;
// The chart views (and ECharts with the world map, most of the script) load on first use, so the
// runner is usable before they are parsed; they are fetched in the background once it is.
const chartViews = () => import("./views/charts");
const lazy = (name: "renderMap" | "renderTimelines" | "renderFlows" | "renderRisk"): Render => (root, s, rerender) => {
  if (!root.firstChild) root.append(loading());
  chartViews().then((m) => (m[name] as Render)(root, s, rerender), (err) => clear(root, failure(err)));
};

const TABS: { id: string; label: Key; render: Render }[] = [
  { id: "runner", label: "tab_runner", render: renderRunner },
  { id: "map", label: "tab_map", render: lazy("renderMap") },
  { id: "shortages", label: "tab_shortages", render: renderShortages },
  { id: "timelines", label: "tab_timelines", render: lazy("renderTimelines") },
  { id: "flows", label: "tab_flows", render: lazy("renderFlows") },
  { id: "risk", label: "tab_risk", render: lazy("renderRisk") },
  { id: "live", label: "tab_live", render: renderLive },
];
const LANGS: { id: Lang; label: string }[] = [{ id: "en", label: "English" }, { id: "ja", label: "日本語" }, { id: "ko", label: "한국어" }];

const app = document.getElementById("app")!;
let active = location.hash.slice(1) || "runner";
if (!TABS.some((x) => x.id === active)) active = "runner";

async function start(): Promise<void> {
  document.documentElement.lang = lang();
  clear(app, loading());
  let state: State;
  try {
    const [net, scenarios] = await Promise.all([api.network(), api.scenarios()]);
    setNames(net.names);
    state = { net, scenarios: scenarios.scenarios, running: false, day: 0 };
  } catch (err) {
    clear(app, failure(err));
    return;
  }
  const header = h("header", {});
  const tablist = h("div", { role: "tablist", class: "tabs", "aria-label": "chaintwin" });
  const summary = h("div", { class: "run-line" });
  const panels = new Map(TABS.map((tab) => [tab.id, h("section", { role: "tabpanel", id: `panel-${tab.id}`, "aria-labelledby": `tab-${tab.id}`, tabindex: 0, hidden: tab.id !== active, "data-view": tab.id })]));
  clear(app, header, tablist, summary, ...panels.values());

  const renderActive = () => {
    const tab = TABS.find((x) => x.id === active)!;
    if (tab.id !== "live") stopLive();
    tab.render(panels.get(tab.id)!, state, rerender);
  };
  const rerender = () => {
    clear(summary, active === "runner" ? null : runSummary(state));
    renderActive();
  };
  const select = (id: string, focus: boolean) => {
    active = id;
    history.replaceState(null, "", `#${id}`);
    for (const tab of TABS) {
      const button = tablist.querySelector<HTMLButtonElement>(`#tab-${tab.id}`)!;
      button.setAttribute("aria-selected", String(tab.id === id));
      button.tabIndex = tab.id === id ? 0 : -1;
      panels.get(tab.id)!.hidden = tab.id !== id;
      if (tab.id === id && focus) button.focus();
    }
    rerender();
  };
  const drawChrome = () => {
    document.title = t("title");
    clear(header, h("h1", {}, t("title")), h("label", { class: "lang" }, `${t("language")} `,
      h("select", { "data-testid": "lang", onchange: (e: Event) => setLang((e.target as HTMLSelectElement).value as Lang) },
        ...LANGS.map((l) => h("option", { value: l.id, selected: l.id === lang() }, l.label)))));
    clear(tablist, ...TABS.map((tab, i) => h("button", {
      role: "tab", id: `tab-${tab.id}`, type: "button", "aria-controls": `panel-${tab.id}`, "aria-selected": String(tab.id === active),
      tabindex: tab.id === active ? 0 : -1, "data-tab": tab.id,
      onclick: () => select(tab.id, false),
      onkeydown: (e: KeyboardEvent) => {
        const n = TABS.length;
        const next = e.key === "ArrowRight" ? (i + 1) % n : e.key === "ArrowLeft" ? (i - 1 + n) % n : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : -1;
        if (next >= 0) { e.preventDefault(); select(TABS[next].id, true); }
      },
    }, t(tab.label))));
  };
  onLangChange(() => { drawChrome(); rerender(); });
  window.addEventListener("hashchange", () => {
    const id = location.hash.slice(1);
    if (id !== active && TABS.some((x) => x.id === id)) select(id, false);
  });
  drawChrome();
  rerender();
  setTimeout(() => void chartViews(), 0);
}

void start();
