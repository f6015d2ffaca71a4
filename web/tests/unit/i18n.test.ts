import { beforeEach, describe, expect, it } from "vitest";
import { addDays, countryName, fmtDate, fmtNumber, materialName, setLang, setNames, siteName, t } from "../../src/i18n";

describe("i18n", () => {
  beforeEach(() => { setLang("en"); setNames({ countries: { KR: { en: "Korea", ja: "韓国" } }, materials: { anode_material: { en: "Anode material", ja: "負極材" } }, sites: { kr_cells: { en: "Korean cell plants" } } }); });
  it("fills placeholders and switches language", () => {
    expect(t("rows", { n: 3, total: 5 })).toBe("3 of 5 rows");
    setLang("ja");
    expect(t("rows", { n: 3, total: 5 })).toBe("5 行中 3 行");
    expect(t("tab_map")).toBe("地図");
    setLang("ko");
    expect(t("tab_map")).toBe("지도");
  });
  it("has every English key in Japanese", async () => {
    const mod = await import("../../src/i18n");
    setLang("ja");
    const keys = ["title", "tab_shortages", "cause", "download_csv", "no_run", "run_failed", "unplaced"] as const;
    for (const k of keys) { setLang("en"); const en = mod.t(k); setLang("ja"); expect(mod.t(k)).not.toBe(en); }
  });
  it("names from the network first, then English, then Intl, then the id", () => {
    setLang("ja");
    expect(countryName("KR")).toBe("韓国");
    expect(materialName("anode_material")).toBe("負極材");
    expect(siteName("kr_cells", "fallback")).toBe("Korean cell plants"); // no ja: English
    expect(siteName("xx_site", "From the network")).toBe("From the network");
    expect(countryName("JP")).toBe("日本");                          // Intl.DisplayNames
    expect(materialName("lithium_ore")).toBe("lithium_ore");
  });
  it("formats numbers and dates per language", () => {
    expect(fmtNumber(12345.678, 1)).toBe("12,345.7");
    expect(fmtNumber(NaN)).toBe("–");
    expect(fmtDate("2026-04-06")).toBe("6 Apr 2026");
    setLang("ja");
    expect(fmtDate("2026-04-06")).toBe("2026/04/06");
    expect(addDays("2026-01-01", 95)).toBe("2026-04-06");
  });
});
