#!/usr/bin/env bash
# The console proxy (/api/client/servers/{id}/ws): lines per second relayed from a FakeWings
# server to a client, direct and through the panel; delivery latency of paced lines on both paths
# at once (the difference is what the proxy adds); and the panel's heap and threads with 1,000
# idle proxied console sessions open. Needs a built panel (./mvnw -DskipTests install).
#
#   bench/console-proxy.sh                          # panel on core 0; FakeWings and the client on core 1
#   LINES=200000 RATE=2000 SESSIONS=1000 bench/console-proxy.sh
#   HISTOGRAM=/tmp/console-heap.txt bench/console-proxy.sh   # also the panel's class histogram with the sessions open
set -euo pipefail
cd "$(dirname "$0")/.."

LINES="${LINES:-100000}"
RATE="${RATE:-1000}"
SECONDS_PACED="${SECONDS_PACED:-10}"
SESSIONS="${SESSIONS:-1000}"
PORT="${PORT:-18084}"
WINGS_PORT="${WINGS_PORT:-19400}"
. bench/lib/fleet.sh
start_controlled_fake "$WINGS_PORT"
start_panel
one_server "$WINGS_PORT"
curl -sf -X POST "$B/api/client/servers/$SERVER/power" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"signal":"start"}'
sleep 1
STATE=$(curl -sf "$B/api/client/servers/$SERVER/resources" -H "Authorization: Bearer $KEY" | json current_state)
echo "Server $SERVER is $STATE."
CLIENT=("$JAVA" -Xmx512m -cp "$FAKE_CP" bench/ConsoleLoad.java)

echo "| case | lines | lines/s |"
echo "|---|---:|---:|"
taskset -c 1 "${CLIENT[@]}" relay "$B" "$KEY" "$SERVER" "$DATA/control" "$LINES"
echo
echo "| case | lines | p50 | p99 | max |"
echo "|---|---:|---:|---:|---:|"
taskset -c 1 "${CLIENT[@]}" latency "$B" "$KEY" "$SERVER" "$DATA/control" "$RATE" "$SECONDS_PACED"

# KiB used after a full GC, summed over the heap's generations (on one core the JVM picks Serial GC,
# which reports young and old separately); Metaspace is not heap.
heap_used() {
  "$JDK/bin/jcmd" "$PANEL" GC.run >/dev/null; sleep 1
  "$JDK/bin/jcmd" "$PANEL" GC.heap_info | awk '/Metaspace|class space/ {next}
    match($0, /used [0-9]+K/) {sum += substr($0, RSTART + 5, RLENGTH - 6)} END {print sum}'
}
threads() { awk '/^Threads/ {print $2}' "/proc/$PANEL/status"; }
HEAP0=$(heap_used); THREADS0=$(threads)
taskset -c 1 "${CLIENT[@]}" idle "$B" "$KEY" "$SERVER" "$SESSIONS" 40 >"$DATA/idle.out" 2>&1 &
IDLE=$!
for _ in $(seq 1 120); do grep -q '^ready' "$DATA/idle.out" && break; sleep 1; done
grep '^ready' "$DATA/idle.out" || { cat "$DATA/idle.out"; exit 1; }
sleep 5
HEAP1=$(heap_used); THREADS1=$(threads)
[ -n "${HISTOGRAM:-}" ] && "$JDK/bin/jcmd" "$PANEL" GC.class_histogram >"$HISTOGRAM"
wait "$IDLE" || true
echo
echo "| idle proxied sessions | panel heap after GC | panel threads |"
echo "|---:|---:|---:|"
echo "| 0 | $((HEAP0 / 1024)) MiB | $THREADS0 |"
echo "| $SESSIONS | $((HEAP1 / 1024)) MiB | $THREADS1 |"
echo "Per session: $(( (HEAP1 - HEAP0) / SESSIONS )) KiB heap, $(( (THREADS1 - THREADS0) )) threads for all $SESSIONS."
