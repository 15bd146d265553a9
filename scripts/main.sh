#!/usr/bin/env bash
# README command (1): set up, build the optimized hawk, and run the main job on
# the embedded defaults: check the example workloads, run the quickstart
# workload for real on this machine (hawk.duckdb, report in hawk-report.html),
# then the engine on the built-in simulated heterogeneous fleet with every
# feature on (hawk-demo.duckdb, hawk-demo.html, charts in hawk-demo-charts/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
hawk=build/release/hawk
for f in examples/*.yaml; do "$hawk" validate "$f"; echo; done
"$hawk" run examples/quickstart.yaml --db hawk.duckdb
"$hawk" report --db hawk.duckdb --html hawk-report.html --json hawk-report.json
echo "report: hawk-report.html"
"$hawk" demo --all-features --db hawk-demo.duckdb --export-json hawk-demo.json \
  --report hawk-demo.html --visualize --charts hawk-demo-charts
