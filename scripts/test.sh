#!/usr/bin/env bash
# Runs every test layer of tongxing, installing missing tools first (see scripts/setup.sh):
# format and lint checks, native tests, browser tests (wasm-bindgen-test in headless Chromium),
# the release build of the page, and end-to-end tests of dist/ in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Property tests: a fixed seed keeps CI repeatable (unset it locally to explore new cases).
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261125}"
t0=$(date +%s)
last=$t0
stage() {
  local now; now=$(date +%s)
  printf '\n[test %4ss, +%ss] %s\n' "$((now - t0))" "$((now - last))" "$*"
  last=$now
}

stage "setup: install missing tools"
bash scripts/setup.sh

stage "cargo fmt --check"
cargo fmt --all -- --check

stage "cargo clippy (native and wasm32) -D warnings"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
# As the quick worker is built (index.html): without workbooks and text tables, words from the page.
cargo clippy --target wasm32-unknown-unknown --lib --bins --no-default-features --features one-locale,page-locale -- -D warnings
# As the page is built: one language, without its download files' words.
cargo clippy --target wasm32-unknown-unknown --lib --bin app --no-default-features --features first-words -- -D warnings

stage "native tests (cargo test)"
cargo test --quiet
# The page's words (feature first-words): the download files' words arrive after the first result.
cargo test --quiet --lib --no-default-features --features first-words i18n

stage "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown --test web

stage "release build of the page (trunk build --release)"
trunk build --release

stage "end-to-end tests of dist/ (playwright-core + system Chromium)"
out=$(mktemp -d)
cargo run --quiet --release --bin tongxing -- demo "$out"
cargo run --quiet --release --bin tongxing -- analyze "$out/demo_responses.csv" \
  --codebook "$out/demo_codebook.csv" --aliases "$out/demo_aliases.csv" --json > "$out/cli.json"
CLI_DEMO_JSON="$out/cli.json" node --test-reporter=spec e2e/run.mjs ${SCREENSHOT:+--screenshot "$SCREENSHOT"}

stage "all tests passed"
