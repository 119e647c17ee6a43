#!/usr/bin/env bash
# npm run bench: installs and builds what is missing, then runs bench/run.ts (all modules, or those named).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/ensure.sh
exec node --import tsx bench/run.ts "$@"
