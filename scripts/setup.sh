#!/usr/bin/env bash
# Installs every tool tongxing needs to build and test, skipping what is already present at the
# right version, so it is cheap to run again and safe on a fresh machine. Nothing is downloaded
# from anywhere but the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
stage() { printf '[setup %4ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }

# The wasm-bindgen CLI must equal the library version in Cargo.lock (pinned with "=" in Cargo.toml).
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WB=${WB:-0.2.130}
TRUNK=0.21.14
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

stage "rust target wasm32-unknown-unknown"
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# Chromium and its driver for browser tests; a small CJK font so screenshots show Chinese
# (the page itself relies on the user's system fonts and never downloads one).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then
  stage "apt: chromium chromium-driver fonts-wqy-microhei"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-wqy-microhei fontconfig >/dev/null
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK"; then
  stage "cargo install trunk@$TRUNK (about 6 minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB\$"; then
  stage "cargo install wasm-bindgen-cli $WB (about 2 minutes)"
  # --locked fails on this registry mirror (a yanked webpki-roots); fall back to an unlocked install.
  cargo install --locked wasm-bindgen-cli --version "$WB" || cargo install --force wasm-bindgen-cli --version "$WB"
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/playwright-core ] || [ ! -f tools/node_modules/axe-core/axe.min.js ] || [ ! -f tools/node_modules/papaparse/papaparse.min.js ] || [ ! -d tools/node_modules/terser ]; then
  stage "npm: binaryen (wasm-opt), playwright-core, axe-core, papaparse (benchmark reference), terser (the page's glue)"
  if [ -f tools/package-lock.json ]; then npm ci --prefix tools --no-audit --no-fund >/dev/null
  else npm install --prefix tools --no-audit --no-fund >/dev/null; fi
fi
stage "tools ready: $(trunk --version), $(wasm-bindgen --version), $(tools/node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null)"
