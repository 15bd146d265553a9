// The live dashboard in real headless Chromium: a coordinator and a worker
// start (real processes, a port chosen at run time), the page opens with the
// client token, a workload is submitted, and the page — updated over its
// EventSource, never reloaded — shows the workload appear, run and succeed.
// A screenshot goes to DASHBOARD_OUT/dashboard.png.
//
// Environment: HAWK_BINARY, HAWK_PLAYWRIGHT_DIR (playwright-core from
// scripts/setup.sh), CHROMIUM (default /usr/bin/chromium), DASHBOARD_OUT.
// Exits 77 (skipped) when Chromium or playwright-core is missing.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const hawk = process.env.HAWK_BINARY;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const playwrightDir = process.env.HAWK_PLAYWRIGHT_DIR;
const out = process.env.DASHBOARD_OUT || '.';
if (!fs.existsSync(chromiumPath) || !playwrightDir || !fs.existsSync(playwrightDir)) {
  console.log(`skipped: needs ${chromiumPath} and playwright-core (scripts/setup.sh)`);
  process.exit(77);
}
const { chromium } = createRequire(import.meta.url)(playwrightDir);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hawk-dashboard-'));
const clientToken = 'dashboard-client-token';
fs.writeFileSync(path.join(dir, 'client.token'), clientToken + '\n');
fs.writeFileSync(path.join(dir, 'worker.token'), 'dashboard-worker-token\n');
const children = [];
function start(args, env = {}) {
  const log = fs.openSync(path.join(dir, args[0] + '.log'), 'a');
  const child = spawn(hawk, args, { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  children.push(child);
  return child;
}
function cleanup() {
  for (const c of children) c.kill('SIGKILL');
}
async function until(what, check, limitMs = 60000) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting for ' + what);
}

let browser;
let failed = false;
try {
  const portFile = path.join(dir, 'port');
  start(['coordinator', '--listen', '127.0.0.1:0', '--port-file', portFile,
         '--db', path.join(dir, 'hawk.duckdb'), '--state-dir', path.join(dir, 'state'),
         '--client-token-file', path.join(dir, 'client.token'),
         '--worker-token-file', path.join(dir, 'worker.token'), '--heartbeat-interval', '200ms',
         '--overload-threshold', '1']);
  const port = await until('the coordinator to listen', () =>
    fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : null);
  const base = `http://127.0.0.1:${port}`;
  start(['worker', '--coordinator', `ws://127.0.0.1:${port}`, '--id', 'dash-worker', '--slots', '2',
         '--state-dir', path.join(dir, 'worker'), '--heartbeat-interval', '200ms'],
        { HAWK_WORKER_TOKEN: 'dashboard-worker-token' });

  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/?access_token=${clientToken}`);
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'live');
  await page.waitForFunction(() => document.querySelector('#workers tbody').textContent.includes('dash-worker'));
  const updatesBefore = Number(await page.evaluate(() => document.body.dataset.updates));

  const spec = ['version: 1', 'name: dashboard-e2e', 'tasks:',
                '  - {id: prepare, run: "sleep 1"}',
                '  - {id: work, run: "sleep 1", depends_on: [prepare]}', ''].join('\n');
  const reply = await fetch(`${base}/api/v1/workloads?name=e2e.yaml`, {
    method: 'POST', body: spec, headers: { Authorization: `Bearer ${clientToken}` } });
  if (reply.status !== 201) throw new Error(`submit: ${reply.status} ${await reply.text()}`);
  const { workload_id: id } = await reply.json();

  // It appears and runs, then succeeds: the page sees both without a reload.
  await page.waitForFunction((wid) => {
    const row = [...document.querySelectorAll('#workloads tbody tr')].find((r) => r.textContent.includes(wid));
    return row && row.textContent.includes('running');
  }, id, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('#running tbody').textContent.includes('dash-worker'),
                             null, { timeout: 30000 });
  await page.waitForFunction((wid) => {
    const row = [...document.querySelectorAll('#workloads tbody tr')].find((r) => r.textContent.includes(wid));
    return row && row.textContent.includes('succeeded') && row.textContent.includes('2/2 succeeded');
  }, id, { timeout: 60000 });
  const updatesAfter = Number(await page.evaluate(() => document.body.dataset.updates));
  if (!(updatesAfter > updatesBefore)) throw new Error('the page was not updated live');
  const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  if (navigations !== 1) throw new Error('the page was reloaded');
  // The alerts panel agrees with the API's open alerts (none, or each one
  // listed). Alerts are real (this machine's CPU may cross a threshold
  // meanwhile), so a disagreement gets a few page updates to settle.
  let panel = '';
  for (let attempt = 0; ; ++attempt) {
    const open = await (await fetch(`${base}/api/v1/alerts?open=1`,
                                    { headers: { Authorization: `Bearer ${clientToken}` } })).json();
    const rows = await page.evaluate(() => document.querySelectorAll('#alerts tbody tr').length);
    const none = await page.evaluate(() => !document.getElementById('no-alerts').hidden);
    panel = `${rows} rows, "none" shown: ${none}; API: ${open.alerts.length} open`;
    if (rows === open.alerts.length && none === (open.alerts.length === 0)) break;
    if (attempt === 5) throw new Error('alerts panel: ' + panel);
    const seen = Number(await page.evaluate(() => document.body.dataset.updates));
    await page.waitForFunction((n) => Number(document.body.dataset.updates) > n, seen);
  }
  const units = await page.textContent('#units tbody');
  if (!units.includes('prepare') || !units.includes('work')) throw new Error('units missing: ' + units);
  // Nothing the page loaded came from anywhere but the coordinator.
  const foreign = await page.evaluate((origin) =>
    performance.getEntriesByType('resource').map((r) => r.name).filter((n) => !n.startsWith(origin)), base);
  if (foreign.length) throw new Error('external resources: ' + foreign.join(', '));
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'dashboard.png'), fullPage: true });
  console.log(`dashboard showed ${id} run and succeed over ${updatesAfter - updatesBefore} live updates; ` +
              `alerts panel: ${panel}; ` +
              `screenshot: ${path.join(out, 'dashboard.png')}`);
} catch (e) {
  failed = true;
  console.error('FAILED: ' + e.message);
  for (const name of ['coordinator.log', 'worker.log']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) console.error(`--- ${name}\n` + fs.readFileSync(p, 'utf8'));
  }
} finally {
  if (browser) await browser.close();
  cleanup();
  if (!failed) fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
