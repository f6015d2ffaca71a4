// Data transforms of the flow and Monte Carlo views (pure; tests/unit/transforms.test.ts).
import type { Flow } from "./api";

/** Sankey nodes and links of one period and material: exporting countries on the left ("CN ▸"), importing on the right. */
export function sankeyData(flows: Flow[], period: Flow["period"], mat: string, name: (c: string) => string) {
  const links = new Map<string, number>();
  for (const f of flows) {
    if (f.period !== period || f.material !== mat || !(f.quantity_per_day > 0)) continue;
    const key = `${f.from_country}\u0000${f.to_country}`;
    links.set(key, (links.get(key) ?? 0) + f.quantity_per_day);
  }
  const nodes = new Set<string>();
  const out = [...links].map(([key, value]) => {
    const [from, to] = key.split("\u0000");
    const source = `${name(from)} ▸`, target = `▸ ${name(to)}`;
    nodes.add(source); nodes.add(target);
    return { source, target, value };
  });
  return { nodes: [...nodes].map((n) => ({ name: n })), links: out };
}

/** Equal-width bins of `values` (at least one bin): [lower edge, count]. */
export function histogram(values: number[], bins = 20): { edges: number[]; counts: number[] } {
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0, hi = finite.length ? Math.max(...finite) : 0;
  const n = hi > lo ? bins : 1;
  const width = hi > lo ? (hi - lo) / n : 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of finite) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  return { edges: counts.map((_, i) => lo + i * width), counts };
}

