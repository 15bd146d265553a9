#!/usr/bin/env bash
# README command (1): set up, build the optimized hawk, and run the main job on
# the embedded defaults: check the example workloads, then run the engine on
# the built-in heterogeneous fleet with every feature on, recording everything
# in hawk.duckdb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
hawk=build/release/hawk
for f in examples/*.yaml; do "$hawk" validate "$f"; echo; done
"$hawk" demo --all-features --db hawk.duckdb --export-json hawk-demo.json
