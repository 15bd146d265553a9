#!/usr/bin/env bash
# Side by side, in one run, on the captured trees of ../shared/fixtures/linux:
#   - prometheus-node-exporter (Debian's package) with --path.procfs/--path.sysfs
#     pointed at a tree, on a loopback port chosen now, scraped N times with
#     curl; its CPU time per scrape from /proc/<pid>/stat utime+stime deltas,
#     once with its default collectors and once with only the collectors that
#     read what a hawk "standard" sample reads;
#   - hawk's standard sample on the same tree (bench/monitor_bench, CPU time
#     per sample);
# then the resident memory of `hawk monitor` running at 1 Hz on this machine.
#
# Usage: bench/compare_node_exporter.sh [BUILD_DIR] [SCRAPES]
#   BUILD_DIR: a release build with monitor_bench and hawk
#              (cmake --preset bench -B build/bench && cmake --build build/bench
#               --target monitor_bench hawk); default build/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/bench}"
scrapes="${2:-200}"
fixtures="${HAWK_FIXTURES_DIR:-$(cd .. && pwd)/shared/fixtures}"
exporter="$(command -v prometheus-node-exporter || true)"
bench="$build/bench/monitor_bench"
hawk="$build/hawk"

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "compare: $tool is needed" >&2; exit 2; }
done
[ -n "$exporter" ] || { echo "compare: apt-get install prometheus-node-exporter" >&2; exit 2; }
[ -x "$bench" ] || { echo "compare: build $bench first (see the usage above)" >&2; exit 2; }

hz="$(getconf CLK_TCK)"
exporter_pid=""
cleanup() { if [ -n "$exporter_pid" ]; then kill "$exporter_pid" 2>/dev/null || true; wait "$exporter_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# exporter_cost TREE ARGS...: prints "microseconds_per_scrape rss_kib".
exporter_cost() {
  local tree="$1"; shift
  local port; port="$(free_port)"
  "$exporter" --path.procfs="$tree/proc" --path.sysfs="$tree/sys" \
    --web.listen-address="127.0.0.1:$port" --log.level=error "$@" >/dev/null 2>&1 &
  exporter_pid=$!
  local url="http://127.0.0.1:$port/metrics"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
  curl -sf -o /dev/null "$url"  # warm-up
  local before after
  before="$(cpu_ticks "$exporter_pid")"
  for _ in $(seq 1 "$scrapes"); do curl -sf -o /dev/null "$url"; done
  after="$(cpu_ticks "$exporter_pid")"
  local rss; rss="$(rss_kib "$exporter_pid")"
  kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=""
  python3 -c "print(f'{($after - $before) / $hz / $scrapes * 1e6:.0f} $rss')"
}

# hawk_cost TREE_NAME: CPU microseconds per standard sample of that tree.
hawk_cost() {
  HAWK_FIXTURES_DIR="$fixtures" "$bench" --benchmark_filter="BM_FixtureSample/$1\$" \
    --benchmark_format=json --benchmark_min_time=1 2>/dev/null |
    python3 -c 'import json,sys; b=json.load(sys.stdin)["benchmarks"][0]; print("%.1f" % b["cpu_time"])'
}

same_collectors=(--collector.disable-defaults --collector.cpu --collector.meminfo
  --collector.loadavg --collector.diskstats --collector.netdev --collector.hwmon
  --collector.thermal_zone --collector.cpufreq --collector.rapl)

echo "node_exporter: $("$exporter" --version 2>&1 | head -1)"
echo "machine: $(nproc) cores, $(uname -r); scrapes per run: $scrapes; USER_HZ $hz"
printf '\n%-14s %22s %22s %16s %14s %14s\n' tree "node_exporter all (us)" "node_exporter same (us)" "hawk (us)" "ratio all" "ratio same"
for tree in node-exporter procfs; do
  root="$fixtures/linux/$tree"
  read -r all all_rss < <(exporter_cost "$root")
  read -r same same_rss < <(exporter_cost "$root" "${same_collectors[@]}")
  ours="$(hawk_cost "${tree//-/_}")"
  python3 - "$tree" "$all" "$same" "$ours" <<'PY'
import sys
tree, a, s, o = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"{tree:<14} {a:22.0f} {s:22.0f} {o:16.1f} {a/o:13.0f}x {s/o:13.0f}x")
PY
done
echo "node_exporter resident memory after the scrapes: ${all_rss} KiB (all collectors), ${same_rss} KiB (same)"

if [ -x "$hawk" ]; then
  echo
  echo "hawk monitor at 1 Hz on this machine (standard level), resident memory after 10 s:"
  tmp="$(mktemp -d)"
  for mode in "" "--db $tmp/hawk.duckdb"; do
    # shellcheck disable=SC2086
    "$hawk" monitor --interval 1s --duration 12s --json $mode >/dev/null 2>&1 &
    pid=$!
    sleep 10
    rss="$(rss_kib "$pid")"
    hwm="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")"
    ticks="$(cpu_ticks "$pid")"
    wait "$pid" || true
    python3 -c "print(f'  {\"with --db\" if \"$mode\" else \"without --db\":<13} VmRSS {$rss/1024:.1f} MiB, VmHWM {$hwm/1024:.1f} MiB, CPU {$ticks / $hz * 1000:.0f} ms in 10 s')"
  done
  rm -rf "$tmp"
fi
