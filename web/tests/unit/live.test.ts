import { describe, expect, it } from "vitest";
import { firstDays } from "../../src/views/live";

describe("firstDays", () => {
  it("takes each site and material's earliest day of the flat days list", () => {
    const m = firstDays({
      as_of: "2026-12-07T00:00:00Z",
      results: [],
      days: [
        { site: "a", material: "x", date: "2026-12-08", days_of_supply: 3 },
        { site: "a", material: "x", date: "2026-12-07", days_of_supply: 4, at_least: true },
        { site: "b", material: "x", date: "2026-12-07", days_of_supply: null },
      ],
    });
    expect(m.get("a\u0000x")?.days_of_supply).toBe(4);
    expect(m.get("a\u0000x")?.at_least).toBe(true);
    expect(m.get("b\u0000x")?.days_of_supply).toBeNull();
    expect(m.size).toBe(2);
  });
});
