#!/usr/bin/env bash
# Checks that an existing Pterodactyl client library works against /api/client unchanged:
# installs Nodeactyl 3.3.0 from the npm registry into a temporary directory and lists, inspects,
# starts, commands and stops a server on a FakeWings node. Needs a built panel
# (./mvnw -DskipTests install), Node.js and npm.
#
#   compat/nodeactyl.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18085}"
WINGS_PORT="${WINGS_PORT:-19500}"
. bench/lib/fleet.sh
start_fakes "$WINGS_PORT" 1 64m
start_panel
one_server "$WINGS_PORT"
npm install --silent --prefix "$DATA/npm" nodeactyl@3.3.0 >/dev/null
NODE_PATH="$DATA/npm/node_modules" node compat/nodeactyl-check.js "$B" "$KEY" "$SERVER"
