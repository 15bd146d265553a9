#!/usr/bin/env bash
# Installs everything hawk needs on a fresh Debian 12 machine. Idempotent: apt
# packages already present are skipped, and DuckDB is downloaded once into a
# cache outside the build tree (HAWK_CACHE_DIR, default ~/.cache/hawk).
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgtest-dev libgmock-dev libbenchmark-dev
  libexpected-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libspdlog-dev libfmt-dev libboost-dev libhwloc-dev libssl-dev
  libcurl4-openssl-dev libgraphviz-dev libexpat1-dev
  clang-14 libclang-rt-14-dev clang-format clang-tidy
  chromium prometheus
)
# Node.js and npm fetch DuckDB (and later the browser test tools); a machine
# that already has them from elsewhere keeps its own.
NODE_PACKAGES=(nodejs npm)

DUCKDB_VERSION=1.4.4
DUCKDB_LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
DUCKDB_LIB_TGZ="duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz"
DUCKDB_LIB_SHA256=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b
DUCKDB_HDR_PKG="duckdb@1.4.4"
DUCKDB_HDR_TGZ="duckdb-1.4.4.tgz"
DUCKDB_HDR_SHA256=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed

# The dashboard's browser test drives Debian's chromium with playwright-core
# (no dependencies of its own; no browser download).
PLAYWRIGHT_PKG="playwright-core@1.65.1"
PLAYWRIGHT_TGZ="playwright-core-1.65.1.tgz"
PLAYWRIGHT_SHA256=6f5a60be62a4fddfbe7d10c448d8fbd54547da3358f2f8a04211440471ee863e

CACHE_DIR="${HAWK_CACHE_DIR:-$HOME/.cache/hawk}"
DUCKDB_DIR="${HAWK_DUCKDB_DIR:-$CACHE_DIR/duckdb-$DUCKDB_VERSION}"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ! command -v npm >/dev/null 2>&1; then
    missing+=("${NODE_PACKAGES[@]}")
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages: all ${#APT_PACKAGES[@]} present"
    return
  fi
  log "apt packages: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# fetch_npm_tarball PACKAGE@VERSION FILE SHA256: downloads with the npm client
# into the cache (once) and checks the tarball's sha256 every time.
fetch_npm_tarball() {
  local spec=$1 file=$2 sha=$3
  local dest="$CACHE_DIR/npm/$file"
  mkdir -p "$CACHE_DIR/npm"
  if [ ! -f "$dest" ]; then
    log "downloading $spec"
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
    mv "$tmp/$file" "$dest" || die "npm pack $spec did not produce $file"
    rm -rf "$tmp"
  fi
  echo "$sha  $dest" | sha256sum --check --status ||
    { rm -f "$dest"; die "sha256 mismatch for $file (removed; run again to re-download)"; }
}

install_duckdb() {
  if [ -f "$DUCKDB_DIR/lib/libduckdb.so" ] && [ -f "$DUCKDB_DIR/include/duckdb.h" ] &&
     [ -f "$DUCKDB_DIR/.verified" ]; then
    log "duckdb $DUCKDB_VERSION: present in $DUCKDB_DIR"
    return
  fi
  fetch_npm_tarball "$DUCKDB_LIB_PKG" "$DUCKDB_LIB_TGZ" "$DUCKDB_LIB_SHA256"
  fetch_npm_tarball "$DUCKDB_HDR_PKG" "$DUCKDB_HDR_TGZ" "$DUCKDB_HDR_SHA256"
  mkdir -p "$DUCKDB_DIR/lib" "$DUCKDB_DIR/include"
  tar -xzf "$CACHE_DIR/npm/$DUCKDB_LIB_TGZ" -C "$DUCKDB_DIR/lib" --strip-components=1 package/libduckdb.so
  tar -xzf "$CACHE_DIR/npm/$DUCKDB_HDR_TGZ" -C "$DUCKDB_DIR/include" --strip-components=5 \
    package/src/duckdb/src/include/duckdb.h
  touch "$DUCKDB_DIR/.verified"
  log "duckdb $DUCKDB_VERSION: installed in $DUCKDB_DIR"
}

install_playwright() {
  local dir="$CACHE_DIR/node_modules/playwright-core"
  if [ -f "$dir/.verified-1.65.1" ]; then
    log "playwright-core: present in $dir"
    return
  fi
  fetch_npm_tarball "$PLAYWRIGHT_PKG" "$PLAYWRIGHT_TGZ" "$PLAYWRIGHT_SHA256"
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -xzf "$CACHE_DIR/npm/$PLAYWRIGHT_TGZ" -C "$dir" --strip-components=1
  touch "$dir/.verified-1.65.1"
  log "playwright-core: installed in $dir"
}

install_apt_packages
install_duckdb
install_playwright
