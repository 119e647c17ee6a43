#!/usr/bin/env bash
# npm test: installs what is missing, builds, then runs every test (unit, both stores, real Chromium).
# ClickHouse is started and stopped by the test run itself (test/setup/clickhouse.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/ensure.sh
echo "› type-checking"
pnpm exec tsc -p tsconfig.json --noEmit
exec pnpm exec vitest run "$@"
