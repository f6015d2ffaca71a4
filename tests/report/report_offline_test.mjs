// The HTML report opens offline in headless Chromium and draws every chart with data.
// Usage: node report_offline_test.mjs CHAINTWIN SOURCE_DIR OUTPUT_DIR   (exit 77: skipped)
//   - `chaintwin report graphite_ban` writes the report (and its data, --data-out);
//   - Chromium (Debian's /usr/bin/chromium, driven by playwright-core from web/node_modules)
//     opens it with the network off (context.setOffline) and every request that is not the
//     file itself aborted and recorded;
//   - every chart has an SVG with drawn elements (counted), the shortage table has exactly the
//     rows of the simulate JSON in the data, in order; the sources table lists every source;
//   - a full-page screenshot goes to OUTPUT_DIR/report.png (and report_print.pdf, printed).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [cli, src, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); console.log("FAIL:", what); } return ok; };

let chromium;
try {
  chromium = createRequire(path.join(src, "web", "package.json"))("playwright-core").chromium;
} catch {
  console.log("SKIP: playwright-core is not installed (cd web && npm ci)");
  process.exit(77);
}
const template = path.join(src, "web", "dist-report", "report.html");
if (!fs.existsSync(template) || !fs.existsSync("/usr/bin/chromium")) {
  console.log("SKIP: no built report template (cd web && npm run build) or no /usr/bin/chromium");
  process.exit(77);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chaintwin_report_"));
const html = path.join(tmp, "report.html");
const dataFile = path.join(tmp, "data.json");
execFileSync(cli, ["report", "graphite_ban", "--out", html, "--data-out", dataFile, "--template", template,
  "--threads", "2", "--no-progress"], { stdio: "inherit" });
const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.setOffline(true);
  const left = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    left.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) left.push(r.url()); });
  await page.goto(pathToFileURL(html).href);
  await page.waitForSelector("body[data-rendered]", { timeout: 30000 });
  check(await page.getAttribute("body", "data-rendered") === "true", "the page says it could not draw the report");

  // Every chart: an SVG with drawn paths (bars, lines, countries, Sankey links, points).
  const charts = await page.$$eval("[data-chart]", (els) => els.map((el) => ({
    name: el.dataset.chart, material: el.dataset.material, period: el.dataset.period, total: Number(el.dataset.total),
    svg: el.querySelectorAll("svg").length,
    drawn: el.querySelectorAll("svg path, svg rect, svg polyline, svg polygon, svg circle").length,
  })));
  const expected = { map: 150, status: 3, timeline: 4, "lost-country": 4, "lost-region": 3, flows: 3, tts: 10,
    impact: 10, concentration: 10, tornado: 6 };
  if (!data.simulate.by_region?.length) delete expected["lost-region"];  // a network without regions
  for (const [name, min] of Object.entries(expected)) {
    const found = charts.filter((c) => c.name === name);
    check(found.length > 0, `no ${name} chart`);
    for (const c of found) {
      if (name === "flows") {
        // Cross-border flow of the material in the window, from the data: an empty Sankey only when it is 0.
        const total = data.simulate.flows.filter((f) => f.material === c.material && f.period === c.period &&
          f.from_country !== f.to_country).reduce((a, f) => a + f.quantity_per_day, 0);
        check(Math.abs(total - c.total) <= 1e-9 * Math.max(1, total), `flows ${c.material} ${c.period}: page ${c.total}, data ${total}`);
        if (total === 0) continue;
      }
      check(c.svg === 1 && c.drawn >= min, `${name}: ${c.drawn} drawn elements (at least ${min}), ${c.svg} svg`);
    }
  }
  check(charts.filter((c) => c.name === "flows").length === 4, "flows: not two materials x (before, during)");
  check(charts.filter((c) => c.name === "flows" && c.total > 0).length >= 3, "flows: fewer than three Sankeys with data");
  // The map draws a point per placed site in its status colour: one scatter symbol each.
  const placed = data.network.sites.filter((s) => s.lat != null && s.lon != null).length;
  check(placed > 50, `only ${placed} sites placed`);

  // The shortage table is the simulate JSON's shortages, in order.
  const rows = await page.$$eval("[data-testid=shortage-table] tbody tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const shortages = data.simulate.shortages;
  check(rows.length === shortages.length && rows.length > 0, `shortage table has ${rows.length} rows, the JSON ${shortages.length}`);
  rows.forEach((r, i) => {
    const s = shortages[i];
    check(r[2] === s.material && r[3] === s.first_date && r[4] === s.last_date && r[7] === s.cause,
      `shortage row ${i + 1}: ${r.slice(2, 5)} is not ${s.material} ${s.first_date} ${s.last_date}`);
  });
  const sources = await page.$$eval("[data-testid=source-table] tbody tr", (trs) => trs.length);
  check(sources === data.sources.sources.length && sources > 0, `sources table ${sources} rows, data ${data.sources.sources.length}`);
  const assumptions = await page.$$eval("[data-testid=assumption-table] tbody tr", (trs) => trs.map((tr) => tr.children[1].textContent));
  check(assumptions.length === data.assumptions.length && assumptions[0].startsWith(data.assumptions[0].id), "assumptions table");
  check(left.length === 0, `requests left the file: ${[...new Set(left)].slice(0, 5)}`);
  check(errors.length === 0, `page errors: ${errors.slice(0, 3)}`);

  // Japanese: the switch redraws the page with Japanese headings and the dataset's Japanese
  // names, every chart again, and the choice is kept for the next opening.
  const h2en = await page.$$eval("h2", (hs) => hs.map((x) => x.textContent));
  await page.selectOption("[data-testid=report-lang]", "ja");
  await page.waitForFunction(() => document.documentElement.lang === "ja" && document.body.dataset.rendered === "true");
  const h2ja = await page.$$eval("h2", (hs) => hs.map((x) => x.textContent));
  check(h2ja.length === h2en.length && h2ja.every((t, i) => t !== h2en[i]), `section headings change to Japanese (${h2ja.slice(0, 3)})`);
  check(h2ja.includes("出典"), "the sources heading is Japanese");
  const jaMaterial = data.network.names?.materials?.[shortages[0].material]?.ja;
  const jaRow = await page.$$eval("[data-testid=shortage-table] tbody tr", (trs) => [...trs[0].children].map((td) => td.textContent));
  check(jaMaterial && jaRow[2] === jaMaterial, `the first shortage's material in Japanese (${jaRow[2]}, expected ${jaMaterial})`);
  const jaCharts = await page.$$eval("[data-chart]", (els) => els.filter((e) => e.querySelector("svg path")).length);
  check(jaCharts === charts.length, `every chart drawn again in Japanese (${jaCharts} of ${charts.length})`);
  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, "report_ja_top.png") });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.rendered === "true");
  check(await page.evaluate(() => document.documentElement.lang) === "ja", "the language choice is kept after a reload");
  await page.selectOption("[data-testid=report-lang]", "en");
  await page.waitForFunction(() => document.documentElement.lang === "en" && document.body.dataset.rendered === "true");

  await page.screenshot({ path: path.join(outDir, "report.png"), fullPage: true });
  // The first screen as a reader sees it, and each section on its own (for review).
  await page.screenshot({ path: path.join(outDir, "report_top.png") });
  for (const id of ["shortages", "map", "timelines", "flows", "risk", "assumptions", "sources"]) {
    await page.locator(`#${id}`).screenshot({ path: path.join(outDir, `report_${id}.png`) });
  }
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: path.join(outDir, "report_print.pdf"), format: "A4", printBackground: true });
  console.log(`screenshot: ${path.join(outDir, "report.png")}`);
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (failures.length) { console.log(`${failures.length} failure(s)`); process.exit(1); }
console.log("ok");
