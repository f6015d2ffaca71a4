// The Monte Carlo view's histogram (pure; tests/unit/transforms.test.ts).
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

