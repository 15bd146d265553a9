#!/usr/bin/env bash
# Formatting and static analysis: clang-format (dry run, fails on a diff) and
# clang-tidy over the dev build's compile_commands.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'bench/*.cpp' 'fuzz/*.cpp')
clang-format --dry-run --Werror "${files[@]}"
if [ ! -f build/dev/compile_commands.json ]; then cmake --preset dev >/dev/null; fi
mapfile -t sources < <(git ls-files 'src/*.cpp')
clang-tidy -p build/dev --quiet "${sources[@]}"
echo "lint: clean"
