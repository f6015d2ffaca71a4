// Dashboard benchmarks (issue 23): page load on the bundled dataset, and a simulate round trip
// from the page, in headless Chromium (/usr/bin/chromium via playwright-core) against
// `chaintwin serve` on loopback. Prints the medians (and min/max) as JSON.
//
//   node bench/web_load.mjs [build/chaintwin] [repetitions=15]
//
// Page load: from navigation start until the scenario runner is usable (the page's script
// loaded, GET /v1/network and GET /v1/scenarios answered, the view drawn), cold (a new browser
// context each time: nothing cached) and warm (same context, hashed assets from cache).
// Round trip: from the click on Run until the run's summary is on screen (POST /v1/simulate of
// graphite_ban with timeline, site status and flows when the server has them, JSON parsed,
// summary drawn); then until the map view has drawn that run after switching to it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import readline from "node:readline";

const here = path.dirname(new URL(import.meta.url).pathname);
const source = path.resolve(here, "..");
const binary = path.resolve(process.argv[2] ?? path.join(source, "build", "chaintwin"));
const reps = Number(process.argv[3] ?? 15);
const { chromium } = createRequire(path.join(source, "web", "package.json"))("playwright-core");

const dir = mkdtempSync(path.join(tmpdir(), "chaintwin_web_bench_"));
const server = spawn(binary, ["serve", "--port", "0", "--store", path.join(dir, "twin.db"), "--web", path.join(source, "web", "dist"),
  "--access-log", path.join(dir, "access.log")], { stdio: ["ignore", "pipe", "ignore"] });
const port = await new Promise((resolve, reject) => {
  readline.createInterface({ input: server.stdout }).once("line", (line) => {
    const m = /port (\d+)\)/.exec(line);
    m ? resolve(Number(m[1])) : reject(new Error(line));
  });
});
const url = `http://127.0.0.1:${port}/#runner`;
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); const mid = s.length >> 1;
  return { median_ms: +(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2).toFixed(1), min_ms: +s[0].toFixed(1), max_ms: +s.at(-1).toFixed(1), n: s.length }; };
const ready = '[data-testid="run"]:not([disabled])';
const loadTime = (page) => page.evaluate(() => performance.now());

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const cold = [], warm = [], trip = [], tripMap = [];
try {
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector(ready);
    cold.push(await loadTime(page));
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(ready);
  for (let i = 0; i < reps; i++) {
    await page.reload();
    await page.waitForSelector(ready);
    warm.push(await loadTime(page));
  }
  for (let i = 0; i < reps; i++) {
    await page.goto(url);
    await page.waitForSelector(ready);
    const t0 = await page.evaluate(() => performance.now());
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="run-summary"]');
    trip.push((await page.evaluate(() => performance.now())) - t0);
    await page.click('[data-tab="map"]');
    await page.waitForFunction(() => globalThis.__chaintwinCharts?.get("map")?.getDom().isConnected);
    tripMap.push((await page.evaluate(() => performance.now())) - t0);
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({
  when: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2)),
  page_load_cold: stats(cold), page_load_warm: stats(warm), simulate_round_trip: stats(trip), simulate_then_map: stats(tripMap),
}, null, 2));
