#!/usr/bin/env bash
# npm start: the collector on :8787 with SQLite under ./data, the dashboard, /sdk.js and /demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
exec node apps/collector/dist/server.mjs
