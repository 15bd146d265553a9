#!/usr/bin/env bash
# README command (2): set up, build the sanitizer (dev) configuration and run
# every test. In CI (CI=true) warnings are errors. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset=dev
if [ "${CI:-}" = "true" ]; then preset=ci; fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
