#!/usr/bin/env bash
# Installs missing tools, then builds and serves the page at http://127.0.0.1:8080
# (rebuilding on change). The served page is the same static dist/ you can deploy anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# No autoreload: its injected inline script would be blocked by the page's CSP.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port 8080 "$@"
