#!/usr/bin/env bash
# Benchmarks: (a) native core (`cargo bench`), (b) the same workloads in headless Chromium
# through the built page. Results: benches/results/native.md and benches/results/browser.md.
# Pass --large to include the 100k/1M graph in the browser run (several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo bench --bench pipeline
trunk build --release
node e2e/bench.mjs "$@"
