// The live view: days of supply, projected shortages and silent feeds from the twin store,
// polled every few seconds while the view is open (no reload).
import { api, type DaysOfSupply } from "../api";
import { h, clear } from "../dom";
import { fmtDate, fmtNumber, materialName, siteName, t } from "../i18n";
import type { State } from "../state";
import { empty, failure, loading, sortableTable } from "./common";

let timer: number | undefined;
export const POLL_MS = 5000;

// The first day of each result's window (days of supply as of now), by site and material.
export function firstDays(d: DaysOfSupply): Map<string, DaysOfSupply["days"][number]> {
  const out = new Map<string, DaysOfSupply["days"][number]>();
  for (const day of d.days) {
    const key = `${day.site}\u0000${day.material}`;
    const seen = out.get(key);
    if (!seen || day.date < seen.date) out.set(key, day);
  }
  return out;
}

export function stopLive(): void {
  if (timer !== undefined) window.clearTimeout(timer);
  timer = undefined;
}

export function renderLive(root: HTMLElement, state: State): void {
  stopLive();
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const status = h("p", { class: "muted", "data-testid": "live-refreshed", "aria-live": "polite" });
  const dos = h("section", { class: "card" }, h("h3", {}, t("live_dos")), loading());
  const alerts = h("section", { class: "card" }, h("h3", {}, t("live_alerts")), loading());
  const silent = h("section", { class: "card" }, h("h3", {}, t("live_feeds")), loading());
  clear(root, status, h("div", { class: "grid2" }, dos, alerts, silent));
  const body = (card: HTMLElement, ...nodes: (Node | null)[]) => { card.replaceChildren(card.firstChild!, ...nodes.filter((n): n is Node => !!n)); };
  const poll = async () => {
    const [d, a, f] = await Promise.allSettled([api.daysOfSupply(), api.alerts(), api.feeds()]);
    if (d.status === "fulfilled") {
      const today = firstDays(d.value);
      const rows = d.value.results.map((r) => ({ ...r, today: today.get(`${r.site}\u0000${r.material}`) }));
      body(dos, rows.length ? sortableTable(rows, [
        { key: "site", label: t("site"), value: (r) => siteName(r.site, siteNames.get(r.site)) },
        { key: "material", label: t("material"), value: (r) => materialName(r.material) },
        { key: "stock", label: t("stock"), value: (r) => r.stock, text: (r) => fmtNumber(r.stock, 0), num: true },
        { key: "dos", label: t("days_of_supply"), value: (r) => r.today?.days_of_supply ?? -1, text: (r) => (r.today?.at_least ? "≥ " : "") + fmtNumber(r.today?.days_of_supply, 1), num: true },
        { key: "out", label: t("first_stockout"), value: (r) => r.first_stockout ?? "", text: (r) => fmtDate(r.first_stockout) },
      ], "live-dos") : empty(t("nothing_stored")));
    } else body(dos, failure(d.reason));
    if (a.status === "fulfilled") {
      body(alerts, a.value.projected_shortages.length ? sortableTable(a.value.projected_shortages, [
        { key: "days", label: t("days_from_now"), value: (r) => r.days_from_now, text: (r) => fmtNumber(r.days_from_now, 0), num: true },
        { key: "date", label: t("first_date"), value: (r) => r.first_date, text: (r) => fmtDate(r.first_date) },
        { key: "site", label: t("site"), value: (r) => siteName(r.site, siteNames.get(r.site)) },
        { key: "material", label: t("material"), value: (r) => materialName(r.material) },
        { key: "cause", label: t("cause"), value: (r) => r.cause },
      ], "live-alerts", { key: "days", asc: true }) : empty(t("no_alerts")));
      body(silent, a.value.silent_feeds.length ? sortableTable(a.value.silent_feeds, [
        { key: "owner", label: t("owner"), value: (r) => r.owner },
        { key: "kind", label: t("kind"), value: (r) => r.kind },
        { key: "material", label: t("material"), value: (r) => materialName(r.material) },
        { key: "last", label: t("last_report"), value: (r) => r.last_report, text: (r) => fmtDate(r.last_report) },
        { key: "hours", label: t("silent_hours"), value: (r) => r.silent_hours, text: (r) => fmtNumber(r.silent_hours, 0), num: true },
      ], "live-silent") : empty(t("no_silent")));
    } else { body(alerts, failure(a.reason)); body(silent, failure(a.reason)); }
    const feeds = f.status === "fulfilled" ? ` · ${t("feeds")}: ${f.value.feeds.length}` : "";
    status.textContent = t("refreshed", { time: new Intl.DateTimeFormat(document.documentElement.lang || "en", { timeStyle: "medium" }).format(new Date()) }) + feeds;
    if (root.isConnected && !root.hidden) timer = window.setTimeout(poll, POLL_MS);
  };
  void poll();
}
