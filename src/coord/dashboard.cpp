#include "coord/dashboard.h"

namespace hawk::coord {

std::string_view DashboardHtml() {
  static constexpr std::string_view kPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hawk dashboard</title>
<style>
  :root { --ok:#1a7f37; --warn:#9a6700; --crit:#cf222e; --muted:#57606a; --line:#d0d7de; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { background: #24292f; color: #fff; padding: 10px 20px; display: flex; gap: 20px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  #conn { font-size: 12px; }
  main { padding: 16px 20px; display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); font-size: 13px; }
  th { color: var(--muted); font-weight: 600; }
  .bar { background: #eaeef2; border-radius: 3px; height: 10px; width: 120px; display: inline-block; vertical-align: middle; }
  .bar > span { display: block; height: 100%; border-radius: 3px; background: var(--ok); }
  .warning > span { background: var(--warn); } .critical > span { background: var(--crit); }
  .state-succeeded { color: var(--ok); } .state-failed, .state-lost { color: var(--crit); }
  .state-running { color: #0969da; } .state-cancelled, .state-skipped { color: var(--muted); }
  .muted { color: var(--muted); } .sev-warning { color: var(--warn); }
</style>
</head>
<body>
<header><h1>hawk</h1><span id="summary"></span><span id="conn" class="muted">connecting…</span></header>
<main>
  <section><h2>Workers</h2><table id="workers"><thead><tr><th>worker</th><th>online</th><th>CPU</th><th>memory</th><th>running</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Devices</h2><table id="devices"><thead><tr><th>worker</th><th>device</th><th>model</th><th>utilization</th><th>temperature</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Workloads</h2><table id="workloads"><thead><tr><th>workload</th><th>status</th><th>progress</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Running</h2><table id="running"><thead><tr><th>attempt</th><th>unit</th><th>worker</th><th>devices</th><th>status</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Units</h2><table id="units"><thead><tr><th>workload</th><th>unit</th><th>state</th><th>after</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Alerts</h2><table id="alerts"><thead><tr><th>since</th><th>worker</th><th>device</th><th>severity</th><th>value</th></tr></thead><tbody></tbody></table><p id="no-alerts" class="muted">No alert is open.</p></section>
  <section><h2>Recent events</h2><table id="events"><thead><tr><th>seq</th><th>time</th><th>type</th><th>subject</th></tr></thead><tbody></tbody></table></section>
</main>
<script>
"use strict";
const token = new URLSearchParams(location.search).get("access_token") || "";
const q = token ? "?access_token=" + encodeURIComponent(token) : "";
function cell(text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; return td; }
function bar(ratio) {
  const td = document.createElement("td");
  if (ratio === null || ratio === undefined) { td.textContent = "–"; return td; }
  const pct = Math.round(ratio * 100);
  const b = document.createElement("span");
  b.className = "bar" + (pct >= 90 ? " critical" : pct >= 75 ? " warning" : "");
  const fill = document.createElement("span"); fill.style.width = pct + "%"; b.appendChild(fill);
  td.appendChild(b); td.appendChild(document.createTextNode(" " + pct + "%"));
  return td;
}
function fill(id, rows) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...rows.map(cells => { const tr = document.createElement("tr"); cells.forEach(c => tr.appendChild(c)); return tr; }));
}
function render(o) {
  document.getElementById("summary").textContent =
    o.workers.filter(w => w.online).length + " workers online · " + o.queued_units + " queued · " + o.running_attempts + " running";
  fill("workers", o.workers.map(w => [cell(w.worker_id), cell(w.online ? "yes" : "no", w.online ? "state-succeeded" : "state-failed"),
    bar(w.cpu_utilization), bar(w.memory_utilization), cell(String(w.running_attempts))]));
  fill("devices", o.workers.flatMap(w => w.devices.map(d => [cell(w.worker_id), cell(d.device_id + " (" + d["class"] + ")"), cell(d.model),
    bar(d.utilization), cell(d.temperature_celsius === null || d.temperature_celsius === undefined ? "no sensor" : d.temperature_celsius.toFixed(1) + " °C")])));
  fill("workloads", o.workloads.map(w => [cell(w.workload_id), cell(w.status, "state-" + w.status),
    cell(w.progress.succeeded + "/" + w.progress.total + " succeeded" + (w.progress.failed ? ", " + w.progress.failed + " failed" : "") + (w.progress.running ? ", " + w.progress.running + " running" : ""))]));
  fill("running", o.running.map(a => [cell(a.attempt_id), cell(a.unit_id), cell(a.worker_id), cell(a.device_ids.join(", ")), cell(a.status, "state-running")]));
  fill("units", o.workloads.flatMap(w => w.units.map(u => [cell(w.workload_id), cell(u.unit_id), cell(u.state, "state-" + u.state), cell(u.depends_on.join(", "))])));
  const alerts = o.alerts || [];
  fill("alerts", alerts.map(a => [cell(a.opened_at.substring(11, 19)), cell(a.worker_id), cell(a.device_id || "host"),
    cell(a.severity, a.severity === "critical" ? "state-failed" : "sev-warning"),
    cell(a.metric + " " + a.value.toFixed(1) + " (threshold " + a.threshold.toFixed(1) + ")")]));
  document.getElementById("no-alerts").hidden = alerts.length > 0;
  fill("events", (o.events || []).slice().reverse().map(e => [cell(String(e.seq)), cell(e.ts.substring(11, 19)), cell(e.type),
    cell(e.attempt_id || e.task_id || e.workload_id || (e.payload && (e.payload.worker_id || e.payload.subject)) || "")]));
}
function connect() {
  const source = new EventSource("/api/v1/stream" + q);
  source.onopen = () => { document.getElementById("conn").textContent = "live"; };
  source.onmessage = m => { render(JSON.parse(m.data)); document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1); };
  source.onerror = () => { document.getElementById("conn").textContent = "reconnecting…"; };
}
connect();
</script>
</body>
</html>
)HTML";
  return kPage;
}

}  // namespace hawk::coord
