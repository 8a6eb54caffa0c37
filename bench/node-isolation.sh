#!/usr/bin/env bash
# Fault isolation between nodes: ten FakeWings nodes, then one of them made to hang. Measures
#  - GET /api/nodes/available (PostgreSQL + Redis cache, no Wings call) and
#  - a per-node Wings call loop, GET /api/nodes/{id}/system over the nine healthy nodes,
# with all ten healthy and again with the tenth hung, plus how long a call to the hung node takes
# once its circuit breaker is open. Needs wrk and a built panel (./mvnw -DskipTests install).
#
#   bench/node-isolation.sh               # panel on core 0; wrk and the fakes on core 1
#   DURATION=30 bench/node-isolation.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-8}"
PORT="${PORT:-18081}"
WINGS_PORT="${WINGS_PORT:-19100}"
. bench/lib/fleet.sh
require_wrk
start_fakes "$WINGS_PORT" 9 128m
start_controlled_fake $((WINGS_PORT + 9))   # the tenth node, made to hang later
start_panel
SESSION=$(login bench@example.com)
KEY=$(curl -sf -X POST "$B/api/apikeys" -H "Authorization: Bearer $SESSION" -H 'Content-Type: application/json' \
  -d '{"name":"bench","permissions":["nodes:*"]}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
IDS=()
for i in $(seq 0 9); do
  id=$(curl -sf -X POST "$B/api/nodes" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\",\"url\":\"http://127.0.0.1:$((WINGS_PORT + i))\",\"token\":\"$TOKEN\",\"nodeType\":\"free_and_paid\"}" \
    | sed 's/.*"id":"\([^"]*\)".*/\1/' | head -c 36)
  IDS+=("$id")
done
HUNG=${IDS[9]}

# A wrk script that walks the nine healthy nodes' /system in turn.
LUA="$DATA/healthy.lua"
{
  echo "local ids = {"; for i in $(seq 0 8); do echo "  \"${IDS[$i]}\","; done; echo "}"
  echo "local n = 0"
  echo "request = function() n = n % #ids + 1; return wrk.format('GET', '/api/nodes/' .. ids[n] .. '/system') end"
} >"$LUA"

measure() { # label
  local avail; avail=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" "$B/api/nodes/available")
  local loop; loop=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" -H "Authorization: Bearer $KEY" "$B")
  printf '| %s | GET /api/nodes/available | %s | %s | %s | %s |\n' "$1" \
    "$(echo "$avail" | awk '/Requests\/sec/ {print $2}')" "$(echo "$avail" | awk '$1=="50%" {print $2}')" \
    "$(echo "$avail" | awk '$1=="99%" {print $2}')" "$(echo "$avail" | awk '/Non-2xx/ {print $5}')"
  printf '| %s | GET /api/nodes/{id}/system, 9 healthy nodes | %s | %s | %s | %s |\n' "$1" \
    "$(echo "$loop" | awk '/Requests\/sec/ {print $2}')" "$(echo "$loop" | awk '$1=="50%" {print $2}')" \
    "$(echo "$loop" | awk '$1=="99%" {print $2}')" "$(echo "$loop" | awk '/Non-2xx/ {print $5}')"
}

# Warm-up, then the baseline with every node healthy.
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $KEY" "$B/api/nodes/available" >/dev/null
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d20s -s "$LUA" -H "Authorization: Bearer $KEY" "$B" >/dev/null
echo "| nodes | call | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
measure "10 healthy"

# The tenth node now accepts connections and never answers.
echo HANG >&3
sleep 5
# Trip its breaker with a few calls in the background of the measurement, as real traffic would.
TRIPS=()
for _ in $(seq 1 12); do curl -s -o /dev/null -H "Authorization: Bearer $KEY" "$B/api/nodes/$HUNG/system" & TRIPS+=($!); done
measure "9 healthy + 1 hung"
wait "${TRIPS[@]}" 2>/dev/null || true

# Calls to the hung node once its breaker is open.
curl -s -o /dev/null -H "Authorization: Bearer $KEY" "$B/api/nodes/$HUNG/system"
TIMES=$(for _ in $(seq 1 200); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $KEY" "$B/api/nodes/$HUNG/system"
done)
echo
echo "Calls to the hung node with its breaker open (200 sequential curl calls, time_total in ms):"
echo "$TIMES" | awk '{print $1}' | sort | uniq -c | awk '{printf "  HTTP %s: %s calls\n", $2, $1}'
echo "$TIMES" | awk '{print $2*1000}' | sort -n | awk '{a[NR]=$1} END {printf "  p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", a[int(NR*0.5)], a[int(NR*0.99)], a[NR]}'
