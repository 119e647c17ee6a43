#!/usr/bin/env bash
# The servers the tests drive for real: Debian's Chromium, ClickHouse and ZooKeeper (the ClickHouse cluster test).
# Installed once when missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/clickhouse-server ] || [ -x /usr/bin/clickhouse-server ] || missing+=(clickhouse-server)
[ -x /usr/bin/clickhouse-client ] || missing+=(clickhouse-client)
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "› installing ${missing[*]} from Debian's packages"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
