#!/usr/bin/env bash
# Installs what the project needs, once: pnpm, the workspace's packages (better-sqlite3 compiled from
# source, since no prebuilt binary is reachable), the collector's own build and the builds it serves. A second run
# finds everything in place and does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm i -g pnpm@12.21.0 >/dev/null
fi

# better-sqlite3's source build needs Node's headers; pnpm 12 reads this from the environment only.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"

stamp=node_modules/.uptake-install
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "› installing packages"
  pnpm install --frozen-lockfile --reporter=append-only
  # Fail here, with the real reason, if the native build did not happen.
  (cd apps/collector && node -e "require('better-sqlite3')")
  touch "$stamp"
fi

# Rebuild the browser bundles when any of their sources is newer than the build.
needs_build() {
  local out=$1; shift
  [ ! -f "$out" ] && return 0
  [ -n "$(find "$@" -newer "$out" -type f 2>/dev/null | head -1)" ]
}
if needs_build packages/sdk/dist/sdk.js packages/sdk/src packages/sdk/vite.config.ts ||
  needs_build packages/sdk/dist/widgets.js packages/sdk/src/widgets packages/sdk/vite.widgets.config.ts; then
  echo "› building the SDK"
  pnpm --filter @uptake/sdk run build >/dev/null
fi
if needs_build apps/collector/dist/server.mjs apps/collector/src packages/schema/src apps/collector/build.mjs; then
  echo "› building the collector"
  pnpm --filter @uptake/collector run build >/dev/null
fi
if [ -f apps/dashboard/index.html ] && needs_build apps/dashboard/dist/index.html apps/dashboard/src apps/dashboard/index.html; then
  echo "› building the dashboard"
  pnpm --filter @uptake/dashboard run build >/dev/null
fi
