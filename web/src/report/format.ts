// Number and text helpers of the report page.
export function fmt(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return "–";
  return v.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: Math.abs(v) >= 100 ? 0 : Math.min(digits, 1) });
}

/** An element with attributes and children (text or nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c != null) el.append(c);
  return el;
}

/** A table from a header and rows of cells. */
export function table(testid: string, head: string[], rows: (string | Node)[][], numeric: boolean[] = []): HTMLTableElement {
  return h("table", { "data-testid": testid },
    h("thead", {}, h("tr", {}, ...head.map((t, i) => h("th", numeric[i] ? { class: "num", scope: "col" } : { scope: "col" }, t)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c, i) => h("td", numeric[i] ? { class: "num" } : {}, c))))));
}
