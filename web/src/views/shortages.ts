// The shortage table: which material, when, where and why; sortable by any column (click or
// Enter), filterable by material, country, region and stage, downloadable as CSV.
import { h, clear } from "../dom";
import { countryName, fmtDate, fmtNumber, fmtPercent, materialName, regionName, siteName, stageName, t, type Key } from "../i18n";
import { distinct, filterRows, regionOf, shortageRows, sortRows, toCsv, type Filter, type ShortageRow, type SortKey } from "../charts/shortages";
import type { State } from "../state";
import { empty, failure } from "./common";

let filter: Filter = {};
let sort: { key: SortKey; asc: boolean } = { key: "first_day", asc: true };

export function renderShortages(root: HTMLElement, state: State): void {
  if (state.runError) return clear(root, failure(state.runError, "run_failed"));
  if (!state.result) return clear(root, empty(t("no_run")));
  const regions = regionOf(state.net.groups);
  const all = shortageRows(state.result.shortages, state.net.materials, regions);
  if (all.length === 0) return clear(root, empty(t("no_shortages")));
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const select = (key: "material" | "country" | "region" | "stage", label: Key, show: (v: string) => string) => {
    const values = distinct(all, key);
    const el = h("select", { "data-filter": key, "aria-label": t(label), disabled: values.length === 0,
      onchange: (e: Event) => { filter = { ...filter, [key]: (e.target as HTMLSelectElement).value || undefined }; draw(); } },
      h("option", { value: "" }, values.length ? t("all") : t("no_regions")),
      ...values.map((v) => h("option", { value: v, selected: filter[key] === v }, show(v))));
    return h("label", {}, t(label), " ", el);
  };
  const columns: { key: SortKey; label: Key; text: (r: ShortageRow) => string; num?: boolean }[] = [
    { key: "material", label: "material", text: (r) => materialName(r.material) },
    { key: "first_date", label: "first_date", text: (r) => fmtDate(r.first_date) },
    { key: "last_date", label: "last_date", text: (r) => fmtDate(r.last_date) + (r.open_at_end ? " →" : "") },
    { key: "days", label: "days", text: (r) => fmtNumber(r.days, 0), num: true },
    { key: "site", label: "site", text: (r) => siteName(r.site, siteNames.get(r.site)) },
    { key: "country", label: "country", text: (r) => countryName(r.country) },
    { key: "stage", label: "stage", text: (r) => stageName(r.stage) },
    { key: "depth", label: "depth", text: (r) => fmtPercent(r.depth), num: true },
    { key: "shortfall_gwh", label: "shortfall", text: (r) => fmtNumber(r.shortfall_gwh, 2), num: true },
    { key: "cause", label: "cause", text: (r) => r.cause },
  ];
  const count = h("span", { class: "count", "data-testid": "shortage-count" });
  const table = h("table", { class: "data shortages", "data-testid": "shortage-table" });
  function draw(focusKey?: SortKey) {
    const rows = sortRows(filterRows(all, filter), sort.key, sort.asc);
    count.textContent = t("rows", { n: rows.length, total: all.length });
    const head = h("tr", {}, ...columns.map((c) => {
      const th = h("th", { scope: "col", tabindex: 0, "data-key": c.key, class: c.num ? "num" : "",
        "aria-sort": c.key === sort.key ? (sort.asc ? "ascending" : "descending") : "none" },
        t(c.label), c.key === sort.key ? (sort.asc ? " ▲" : " ▼") : "");
      const act = () => { sort = { key: c.key, asc: c.key === sort.key ? !sort.asc : true }; draw(c.key); };
      th.addEventListener("click", act);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); act(); } });
      return th;
    }));
    table.replaceChildren(h("caption", { class: "hint" }, t("sort_hint")), h("thead", {}, head), h("tbody", {}, ...rows.map((r) =>
      h("tr", { "data-site": r.site, "data-material": r.material, "data-first-day": r.first_day },
        ...columns.map((c) => h("td", { class: `col-${c.key}${c.num ? " num" : ""}` }, c.text(r)))))));
    if (focusKey) (table.querySelector(`th[data-key="${focusKey}"]`) as HTMLElement | null)?.focus();
  }
  const download = h("button", { type: "button", "data-testid": "csv", onclick: () => {
    const rows = sortRows(filterRows(all, filter), sort.key, sort.asc);
    const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
    const a = h("a", { href: url, download: `${state.result!.scenario}-shortages.csv` });
    document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(url), 1000);
  } }, t("download_csv"));
  clear(root, h("div", { class: "toolbar" },
    select("material", "material", materialName), select("country", "country", countryName),
    select("region", "region", (v) => regionName(v, state.net.groups?.find((g) => g.id === v)?.name)), select("stage", "stage", stageName),
    download, count), h("div", { class: "table-wrap" }, table));
  draw();
}
