#!/usr/bin/env bash
# GET /api/client (Pterodactyl client API, API-key auth) for a user with 10 and with 100 servers
# spread over 5 FakeWings nodes, next to an empty endpoint of the same server as the ceiling, then
# again with one of the 5 nodes hung. Needs wrk and a built panel (./mvnw -DskipTests install).
#
#   bench/client-api.sh                  # panel on core 0; wrk and the fakes on core 1; 64 connections
#   DURATION=30 CONNECTIONS=64 bench/client-api.sh
#   PANEL_OPTS="-XX:StartFlightRecording=filename=/tmp/client.jfr,settings=profile" bench/client-api.sh   # profile the panel
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18083}"
WINGS_PORT="${WINGS_PORT:-19300}"
. bench/lib/fleet.sh
require_wrk
start_fakes "$WINGS_PORT" 4 128m
start_controlled_fake $((WINGS_PORT + 4))   # the fifth node, made to hang later
start_panel
ADMIN=$(login bench@example.com)
EGG=$(curl -sf -X POST "$B/api/admin/eggs/import" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  --data-binary @modules/app/src/test/resources/eggs/paper.json | json id | head -c 36)
NODES=()
for i in 0 1 2 3 4; do
  NODES+=("$(curl -sf -X POST "$B/api/nodes" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\",\"url\":\"http://127.0.0.1:$((WINGS_PORT + i))\",\"token\":\"$TOKEN\",\"nodeType\":\"free_and_paid\",\"portRangeStart\":20000,\"portRangeEnd\":20999}" \
    | json id | head -c 36)")
done

KEY10=$(user_with_servers ten 10)
KEY100=$(user_with_servers hundred 100)
COUNT10=$(curl -sf "$B/api/client" -H "Authorization: Bearer $KEY10" | grep -o '"object":"server"' | wc -l)
COUNT100=$(curl -sf "$B/api/client?per_page=100" -H "Authorization: Bearer $KEY100" | grep -o '"object":"server"' | wc -l)

run() { # label, path, key
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $3" "$B$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
for path in "/api/public/features|$KEY10" "/api/client|$KEY10" "/api/client?per_page=100|$KEY100"; do
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer ${path#*|}" "$B${path%%|*}" >/dev/null
done
echo "Servers listed: $COUNT10 and $COUNT100."
echo
echo "| case | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run "ceiling: GET /api/public/features" /api/public/features "$KEY10"
run "GET /api/client, 10 servers" /api/client "$KEY10"
run "GET /api/client?per_page=100, 100 servers" "/api/client?per_page=100" "$KEY100"
echo HANG >&3
sleep 5
run "ceiling, 1 of 5 nodes hung" /api/public/features "$KEY10"
run "GET /api/client, 10 servers, 1 of 5 nodes hung" /api/client "$KEY10"
run "GET /api/client?per_page=100, 100 servers, 1 of 5 nodes hung" "/api/client?per_page=100" "$KEY100"
