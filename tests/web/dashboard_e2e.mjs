// End-to-end test of the dashboard in headless Chromium (playwright-core driving /usr/bin/chromium):
// starts `chaintwin serve` on a free loopback port with a fresh temporary store, runs
// graphite_ban from the page and checks what the page shows against the API's own answers:
// the shortage table has exactly the rows POST /v1/simulate returns, the map and every chart
// drew their data, the live view refreshes without a reload, a failed run shows the validation
// messages, the keyboard works, Japanese replaces the labels and is remembered.
// Screenshots at 1280×800 and 1920×1080 go to BUILD/test-output/web/.
//
// Usage (ctest web.e2e): node tests/web/dashboard_e2e.mjs BUILD/chaintwin SOURCE_DIR
import { createRequire } from "node:module";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";

const [binary, source] = [path.resolve(process.argv[2] ?? "build/chaintwin"), path.resolve(process.argv[3] ?? ".")];
const { chromium } = createRequire(path.join(source, "web", "package.json"))("playwright-core");
const outDir = path.join(path.dirname(binary), "test-output", "web");
mkdirSync(outDir, { recursive: true });
const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); console.log("FAIL:", what); } return ok; };
const started = Date.now();
const step = (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

// 0. The built dashboard must be as new as its sources (scripts/setup.sh builds it; rebuild when
// a source changed since, so the test never checks stale files).
const web = path.join(source, "web");
const newest = (p) => { const st = statSync(p); return st.isDirectory() ? Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f)))) : st.mtimeMs; };
let builtAt = 0;
try { builtAt = statSync(path.join(web, "dist", "index.html")).mtimeMs; } catch { /* not built */ }
if (builtAt < Math.max(newest(path.join(web, "src")), newest(path.join(web, "index.html")))) {
  console.log("web/dist is older than web/src: building it");
  execFileSync(process.execPath, [path.join(web, "node_modules", "vite", "bin", "vite.js"), "build"], { cwd: web, stdio: "inherit" });
}

// 1. The server, on a port it picks, with a store of its own.
const dir = mkdtempSync(path.join(tmpdir(), "chaintwin_web_e2e_"));
const server = spawn(binary, ["serve", "--port", "0", "--store", path.join(dir, "twin.db"), "--web", path.join(source, "web", "dist"),
  "--access-log", path.join(dir, "access.log")], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("server did not start in 60 s")), 60000);
  readline.createInterface({ input: server.stdout }).once("line", (line) => {
    clearTimeout(timer);
    const m = /port (\d+)\)/.exec(line);
    m ? resolve(Number(m[1])) : reject(new Error(`unexpected first line: ${line}`));
  });
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const apiPost = async (p, body) => (await fetch(base + p, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })).json();
step(`server on ${base}`);

let browser, page;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  // Refused requests are logged by Chromium as "Failed to load resource"; the test makes some on purpose.
  page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text()); });
  page.setDefaultTimeout(20000);
  const openTab = async (id) => { await page.click(`[data-tab="${id}"]`); await page.waitForSelector(`[data-view="${id}"]:not([hidden])`); };
  const chartInfo = (name) => page.evaluate((n) => {
    const c = globalThis.__chaintwinCharts.get(n);
    if (!c) return null;
    const opt = c.getOption();
    const dom = c.getDom();
    return { series: opt.series.map((s) => ({ type: s.type, name: s.name, n: (s.data ?? []).filter((d) => d !== null && d !== undefined).length, links: (s.links ?? []).length })),
      paths: dom.querySelectorAll("svg path, svg rect, svg circle").length, width: dom.clientWidth, height: dom.clientHeight };
  }, name);
  const waitChart = (name) => page.waitForFunction((n) => { const c = globalThis.__chaintwinCharts?.get(n); return c && c.getDom().isConnected && c.getDom().querySelector("svg path"); }, name);

  // 2. Load, run graphite_ban from the page.
  await page.goto(base + "/");
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  check((await page.locator('[data-tab]').count()) === 7, "seven tabs");
  await page.selectOption('[data-testid="scenario-select"]', "graphite_ban");
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-summary"]');
  step("graphite_ban ran from the page");
  // The report download beside Run: the same HTML as `chaintwin report`, for the chosen scenario.
  const reportHref = await page.getAttribute('[data-testid="report-link"]', "href");
  check(reportHref === "/v1/report?scenario=graphite_ban", `report link points at the chosen scenario (${reportHref})`);
  const report = await page.request.get(base + reportHref + "&sensitivity=false");
  check(report.status() === 200 && (report.headers()["content-type"] ?? "").startsWith("text/html"), `report download answers 200 text/html (${report.status()})`);
  check((await report.text()).includes('id="chaintwin-report"'), "the download is the report with its data");
  let sim = await apiPost("/v1/simulate", { scenario: "graphite_ban", include: ["timeline", "site_status", "flows"], timeline_by: "week" });
  if (sim.error && sim.error.problems?.[0]?.path === "include") sim = await apiPost("/v1/simulate", { scenario: "graphite_ban" });
  check(Array.isArray(sim.shortages) && sim.shortages.length > 0, `the API returns shortages for graphite_ban (${sim.shortages?.length})`);

  // 3. The shortage table has exactly the API's rows.
  await openTab("shortages");
  await page.waitForSelector('[data-testid="shortage-table"] tbody tr');
  const rows = await page.$$eval('[data-testid="shortage-table"] tbody tr', (trs) => trs.map((tr) => `${tr.dataset.site}|${tr.dataset.material}|${tr.dataset.firstDay}`));
  const expected = sim.shortages.map((s) => `${s.site}|${s.material}|${s.first_day}`);
  check(rows.length === expected.length, `table rows ${rows.length} = API shortages ${expected.length}`);
  check(JSON.stringify([...rows].sort()) === JSON.stringify([...expected].sort()), "table rows are the API's (site, material, first day)");
  // Sorting from the keyboard: Enter on "Days" sorts ascending, again descending.
  await page.focus('[data-testid="shortage-table"] th[data-key="days"]');
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  const days = await page.$$eval('[data-testid="shortage-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.site));
  const byDays = [...sim.shortages].sort((a, b) => b.days - a.days);
  check(days[0] === byDays[0].site || sim.shortages.find((s) => s.site === days[0]).days === byDays[0].days, "Enter on a header sorts (longest first after two presses)");
  check(await page.$eval('[data-testid="shortage-table"] th[data-key="days"]', (th) => th.getAttribute("aria-sort")) === "descending", "aria-sort follows");
  // Filter by material.
  const mat = sim.shortages[0].material;
  await page.selectOption('select[data-filter="material"]', mat);
  const filtered = await page.locator('[data-testid="shortage-table"] tbody tr').count();
  check(filtered === sim.shortages.filter((s) => s.material === mat).length, `filter by ${mat}: ${filtered} rows`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="csv"]')]);
  const csvPath = path.join(dir, "shortages.csv");
  await download.saveAs(csvPath);
  const csv = (await import("node:fs")).readFileSync(csvPath, "utf8").trim().split(/\r\n/);
  check(csv.length === filtered + 1 && csv[0].startsWith("site,material"), `CSV has a header and ${filtered} rows (${csv.length - 1})`);
  await page.selectOption('select[data-filter="material"]', "");
  // Filter by region, when the network declares regions (GET /v1/network groups with region: true).
  const network = await (await fetch(base + "/v1/network")).json();
  const region = (network.groups ?? []).find((g) => g.region && sim.shortages.some((s) => g.members.includes(s.country)));
  if (region) {
    await page.selectOption('select[data-filter="region"]', region.id);
    const n = await page.locator('[data-testid="shortage-table"] tbody tr').count();
    const inRegion = (c) => (network.groups.filter((g) => g.region).find((g) => g.members.includes(c)) ?? {}).id === region.id;
    check(n === sim.shortages.filter((s) => inRegion(s.country)).length, `filter by region ${region.id}: ${n} rows`);
    await page.selectOption('select[data-filter="region"]', "");
  }
  await page.screenshot({ path: path.join(outDir, "shortages-1280x800.png") });
  step("shortage table checked");

  // 4. The map: every placed site, the chokepoints and the lanes; statuses change over the days.
  await openTab("map");
  await waitChart("map");
  const net = await (await fetch(base + "/v1/network")).json();
  // On the map: every site with coordinates, and every site without them whose country has a
  // site with coordinates (placed in that country, docs/DASHBOARD.md).
  const located = new Set(net.sites.filter((s) => s.lat !== null && s.lon !== null).map((s) => s.country));
  const onMap = (s) => (s.lat !== null && s.lon !== null) || located.has(s.country);
  const placed = net.sites.filter(onMap).length;
  check(placed > net.sites.filter((s) => s.lat !== null).length, `sites without coordinates are placed in their country (${placed} of ${net.sites.length} on the map)`);
  let info = await chartInfo("map");
  const statusSeries = info.series.filter((s) => s.type === "scatter").slice(0, 3);
  check(statusSeries.reduce((a, s) => a + s.n, 0) === placed, `map shows every placed site (${placed})`);
  check(info.series.at(-1).n === net.chokepoints.length, `map marks ${net.chokepoints.length} chokepoints`);
  check(info.series[0].type === "lines" && info.series[0].n > 100, `map draws lanes (${info.series[0].n})`);
  check(info.paths > placed, `map SVG drawn (${info.paths} shapes)`);
  const peak = sim.shortages.reduce((a, s) => Math.max(a, s.first_day), 0);
  await page.$eval('[data-testid="day-slider"]', (el, d) => { el.value = String(d); el.dispatchEvent(new Event("input")); }, peak);
  info = await chartInfo("map");
  const shortOnPeak = info.series[2].n + info.series[3].n;
  const expectedShort = new Set(sim.site_status
    ? sim.site_status.sites.filter((s) => s.status[peak] > 0).map((s) => s.site)
    : sim.shortages.filter((s) => s.first_day <= peak && s.last_day >= peak).map((s) => s.site));
  check(shortOnPeak === [...expectedShort].filter((id) => net.sites.find((s) => s.id === id && onMap(s))).length,
    `on day ${peak} the map shows ${shortOnPeak} short or stopped sites (expected ${expectedShort.size})`);
  // Keyboard on the slider.
  await page.focus('[data-testid="day-slider"]');
  await page.keyboard.press("ArrowRight");
  check(Number(await page.$eval('[data-testid="day-slider"]', (el) => el.value)) === peak + 1, "ArrowRight moves the day slider");
  // Click a short site on the map (at its pixel): its panel shows the cause.
  const placedIds = new Set(net.sites.filter(onMap).map((s) => s.id));
  const clicked = sim.shortages.find((s) => placedIds.has(s.site));
  const site = clicked.site;
  // The chart may still be resizing to its box on a busy machine: take the pixel after two
  // animation frames, and click again (from a fresh pixel) if no panel opened.
  for (let attempt = 0; attempt < 5; attempt++) {
    const at = await page.evaluate(async (id) => {
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      const c = globalThis.__chaintwinCharts.get("map");
      c.resize();
      const s = c.getOption().series.flatMap((x) => x.type === "scatter" ? x.data : []).find((d) => d.id === id);
      const [x, y] = c.convertToPixel({ geoIndex: 0 }, s.value);
      const box = c.getDom().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, site);
    await page.mouse.click(at.x, at.y);
    if (await page.waitForSelector('[data-testid="site-panel"][data-site]', { timeout: 3000 }).catch(() => null)) break;
  }
  // Markers can overlap: whichever site is on top opens, and its panel lists that site's causes.
  await page.waitForSelector('[data-testid="site-panel"][data-site]');
  const shown = await page.getAttribute('[data-testid="site-panel"]', "data-site");
  const causes = await page.$$eval('[data-testid="site-panel"] .shortage-cause p', (ps) => ps.map((p) => p.textContent));
  check(JSON.stringify(causes) === JSON.stringify(sim.shortages.filter((s) => s.site === shown).map((s) => s.cause)),
    `the clicked site's panel (${shown}, clicked near ${site}) lists its shortage causes (${causes.length})`);
  await page.selectOption('[data-testid="site-select"]', site);
  await page.waitForFunction((cause) => document.querySelector('[data-testid="site-panel"]')?.textContent.includes(cause.slice(0, 40)), clicked.cause);
  await page.screenshot({ path: path.join(outDir, "map-1280x800.png") });
  step("map checked");

  // 5. Timelines and lost GWh.
  await openTab("timelines");
  await waitChart("lost");
  info = await chartInfo("lost");
  const losing = sim.by_country.filter((c) => c.lost_cell_output_gwh > 0 || c.unserved_demand_gwh > 0).length;
  check(info.series.length === 2 && info.series[0].n === losing, `lost GWh stacked by country: ${info.series[0].n} countries (expected ${losing})`);
  if (sim.timeline) {
    await waitChart("timeline");
    info = await chartInfo("timeline");
    check(info.series.length === 4 && info.series.every((x) => x.n === sim.timeline.period_start_days.length),
      `timeline: stock, production, receipts and unmet, one point per period (${JSON.stringify(info.series.map((x) => x.n))})`);
  } else {
    check(await page.locator('[data-view="timelines"] .empty').count() > 0, "without a timeline section the view says so");
  }
  if (sim.site_status) {
    await waitChart("status");
    info = await chartInfo("status");
    check(info.series.length === 3 && info.series.every((x) => x.n === sim.site_status.days), `sites by status: three series of ${sim.site_status.days} days`);
    const day = Math.min(peak, sim.site_status.days - 1);
    const shortThatDay = await page.evaluate((d) => { const o = globalThis.__chaintwinCharts.get("status").getOption(); return o.series[1].data[d] + o.series[2].data[d]; }, day);
    check(shortThatDay === sim.site_status.sites.filter((x) => x.status[day] > 0).length, `status chart on day ${day}: ${shortThatDay} sites short or stopped`);
  }
  await page.screenshot({ path: path.join(outDir, "timelines-1280x800.png"), fullPage: true });

  // 6. Flows.
  await openTab("flows");
  if (sim.flows && sim.flows.length) {
    await waitChart("flows-baseline");
    info = await chartInfo("flows-baseline");
    check(info.series[0].type === "sankey" && info.series[0].links > 0, `baseline Sankey has links (${info.series[0].links})`);
  } else {
    check(await page.locator('[data-view="flows"] .empty').count() > 0, "without a flows section the view says so");
  }
  await page.screenshot({ path: path.join(outDir, "flows-1280x800.png") });
  step("timelines and flows checked");

  // 7. Risk: four analyses and a Monte Carlo job with its progress bar.
  await openTab("risk");
  for (const name of ["tts", "survival", "concentration", "dependence", "sensitivity"]) {
    await waitChart(name);
    info = await chartInfo(name);
    check(info.series.some((s) => s.n > 0), `${name} chart has data (${JSON.stringify(info.series.map((s) => s.n))})`);
  }
  const conc = await (await fetch(base + "/v1/analyze/concentration")).json();
  info = await chartInfo("concentration");
  check(info.series[0].n === conc.materials.length, `concentration: one bar per material (${info.series[0].n} of ${conc.materials.length})`);
  await page.selectOption('[data-testid="mc-scenario"]', "graphite_ban_uncertain");
  await page.fill('[data-view="risk"] input[type=number]', "60");
  await page.click('[data-testid="mc-start"]');
  await page.waitForSelector('[data-testid="mc-progress"]');
  await waitChart("montecarlo");
  info = await chartInfo("montecarlo");
  const mcTotal = await page.evaluate(() => globalThis.__chaintwinCharts.get("montecarlo").getOption().series[0].data.reduce((a, b) => a + b, 0));
  check(mcTotal === 60, `Monte Carlo histogram counts the 60 runs (${mcTotal})`);
  await page.screenshot({ path: path.join(outDir, "risk-1280x800.png"), fullPage: true });
  step("risk checked");

  // 8. Live: empty store first, then a stock report appears without a reload.
  await openTab("live");
  await page.waitForSelector('[data-testid="live-refreshed"]:not(:empty)');
  const stored = await apiPost("/v1/events", { source: "e2e", events: [{ key: "e2e-stock-1", kind: "item_stock", owner: "BPNL000000000KRC",
    customer: "BPNL000000000KRC", supplier: "BPNL000000000CNA", time: new Date().toISOString(), site: "kr_cells", material: "anode_material", direction: "inbound", quantity: "1200 t" }] });
  check(stored.added === 1, `event stored: ${JSON.stringify(stored)}`);
  await page.waitForSelector('[data-testid="live-dos"] tbody tr', { timeout: 15000 });
  check(await page.locator('[data-testid="live-dos"] tbody tr').count() >= 1, "days of supply appear by polling");
  await page.screenshot({ path: path.join(outDir, "live-1280x800.png") });
  step("live checked");

  // 9. A failed run shows the validation messages.
  await openTab("runner");
  await page.click(".editor-box summary");
  const doc = JSON.parse(await page.inputValue('[data-testid="editor"]'));
  doc.events[0].duration = "forever";
  await page.fill('[data-testid="editor"]', JSON.stringify(doc));
  await page.click('[data-testid="run-edited"]');
  await page.waitForSelector('[data-testid="error"] .problems li');
  const problem = await page.textContent('[data-testid="error"]');
  check(/duration/.test(problem), `the error names the field: ${problem.slice(0, 200)}`);
  await page.screenshot({ path: path.join(outDir, "runner-error-1280x800.png") });
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-summary"]');
  await page.selectOption('[data-testid="compare-select"]', "graphite_ban_joint_stockpile_60d");
  await page.click('[data-testid="compare"]');
  await page.waitForSelector('[data-testid="compare-result"] .better, [data-testid="compare-result"] .worse');
  await page.screenshot({ path: path.join(outDir, "runner-compare-1280x800.png"), fullPage: true });
  step("error state and compare checked");

  // 10. Keyboard on the tabs.
  await page.focus('[data-tab="runner"]');
  await page.keyboard.press("ArrowRight");
  check(await page.$eval('[data-tab="map"]', (b) => b.getAttribute("aria-selected")) === "true", "ArrowRight selects the next tab");
  await page.keyboard.press("End");
  check(await page.$eval('[data-tab="live"]', (b) => b.getAttribute("aria-selected")) === "true", "End selects the last tab");

  // 11. Japanese, remembered across a reload.
  const before = await page.textContent('[data-tab="map"]');
  await page.selectOption('[data-testid="lang"]', "ja");
  const after = await page.textContent('[data-tab="map"]');
  check(before !== after && after === "地図", `map tab label changes to Japanese (${before} -> ${after})`);
  check((await page.getAttribute("html", "lang")) === "ja", "html lang follows");
  await page.reload();
  await page.waitForSelector('[data-tab="runner"]');
  check((await page.textContent('[data-tab="shortages"]')) === "供給不足", "Japanese is remembered after a reload");
  await openTab("runner");
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="run-summary"]');
  await openTab("shortages");
  await page.waitForSelector('[data-testid="shortage-table"] tbody tr');
  const header = await page.textContent('[data-testid="shortage-table"] th[data-key="cause"]');
  check(header.includes("原因"), `table header in Japanese (${header})`);
  const dateCell = await page.textContent('[data-testid="shortage-table"] tbody tr td:nth-child(2)');
  check(/\d{4}\/\d{1,2}\/\d{1,2}|\d{4}年/.test(dateCell), `dates in Japanese format (${dateCell})`);
  const jaMaterial = network.names?.materials?.[sim.shortages[0].material]?.ja;
  if (jaMaterial) {
    const cells = await page.$$eval('[data-testid="shortage-table"] tbody td.col-material', (tds) => tds.map((td) => td.textContent));
    check(cells.includes(jaMaterial), `material names from the names block in Japanese (${jaMaterial})`);
  }
  await page.screenshot({ path: path.join(outDir, "shortages-ja-1280x800.png") });
  await openTab("map");
  await waitChart("map");
  await page.$eval('[data-testid="day-slider"]', (el, d) => { el.value = String(d); el.dispatchEvent(new Event("input")); }, peak);
  await page.selectOption('[data-testid="site-select"]', site);
  await page.screenshot({ path: path.join(outDir, "map-ja-1280x800.png") });

  // 12. 1920×1080.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.selectOption('[data-testid="lang"]', "en");
  await page.waitForFunction(() => document.querySelector('[data-tab="map"]')?.textContent === "Map");
  await page.screenshot({ path: path.join(outDir, "map-1920x1080.png") });
  await openTab("shortages");
  await page.screenshot({ path: path.join(outDir, "shortages-1920x1080.png") });
  await openTab("risk");
  await waitChart("sensitivity");
  await page.screenshot({ path: path.join(outDir, "risk-1920x1080.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  check(!overflow, "no horizontal scrolling at 1920 wide");

  check(consoleErrors.length === 0, `no errors in the page console: ${consoleErrors.join(" | ")}`);
  step("done");
} catch (err) {
  failures.push(String(err?.stack ?? err));
  console.log("FAIL:", err);
  await page?.screenshot({ path: path.join(outDir, "failure.png") }).catch(() => {});
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} failure(s)` : "ok", `(${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${outDir})`);
process.exit(failures.length ? 1 : 0);
