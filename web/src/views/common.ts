// Pieces every view uses: empty, loading and error states, and a table with keyboard sorting.
import { ApiFailure } from "../api";
import { h } from "../dom";
import { t, type Key } from "../i18n";

export function empty(message: string): HTMLElement {
  return h("p", { class: "empty", role: "status" }, message);
}
export function loading(): HTMLElement {
  return h("p", { class: "loading", role: "status", "aria-busy": "true" }, t("loading"));
}
/** An error with the server's message and every problem (path: sentence). */
export function failure(err: unknown, title: Key = "error"): HTMLElement {
  const f = err instanceof ApiFailure ? err : new ApiFailure(0, String((err as Error)?.message ?? err));
  return h("div", { class: "error", role: "alert", "data-testid": "error" },
    h("strong", {}, `${t(title)}: `), f.status ? `HTTP ${f.status} ` : "", f.message,
    f.problems.length ? h("ul", { class: "problems" }, ...f.problems.map((p) => h("li", {}, h("code", {}, p.path || "·"), " ", p.message))) : null);
}

export interface Column<R> { key: string; label: string; value: (r: R) => string | number; text?: (r: R) => string; num?: boolean; cls?: (r: R) => string }

/** A table whose headers sort on click or Enter/Space (aria-sort tells screen readers). */
export function sortableTable<R>(rows: R[], columns: Column<R>[], testid: string, initial?: { key: string; asc: boolean }): HTMLElement {
  let sort = initial ?? { key: "", asc: true };
  const table = h("table", { class: "data", "data-testid": testid });
  const render = () => {
    const col = columns.find((c) => c.key === sort.key);
    const sorted = col ? rows.map((r, i) => [r, i] as const).sort(([a, ia], [b, ib]) => {
      const x = col.value(a), y = col.value(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? (sort.asc ? c : -c) : ia - ib;
    }).map(([r]) => r) : rows;
    const head = h("tr", {}, ...columns.map((c) => {
      const th = h("th", { scope: "col", tabindex: 0, class: c.num ? "num" : "",
        "aria-sort": c.key === sort.key ? (sort.asc ? "ascending" : "descending") : "none" },
        c.label, c.key === sort.key ? (sort.asc ? " ▲" : " ▼") : "");
      const act = () => { sort = { key: c.key, asc: c.key === sort.key ? !sort.asc : true }; render(); (table.querySelector(`th:nth-child(${columns.indexOf(c) + 1})`) as HTMLElement | null)?.focus(); };
      th.addEventListener("click", act);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); act(); } });
      return th;
    }));
    table.replaceChildren(h("thead", {}, head), h("tbody", {}, ...sorted.map((r) =>
      h("tr", {}, ...columns.map((c) => h("td", { class: [c.num ? "num" : "", c.cls?.(r) ?? ""].join(" ").trim() }, c.text ? c.text(r) : String(c.value(r))))))));
  };
  render();
  return h("div", { class: "table-wrap" }, table);
}
