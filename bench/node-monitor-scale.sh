#!/usr/bin/env bash
# What the heartbeat monitor costs: the panel's CPU and heap with no nodes, then with 1,000
# registered nodes (served by four FakeWings processes) pinged every 30 s. Needs a built panel
# (./mvnw -DskipTests install) and jcmd from the JDK.
#
#   bench/node-monitor-scale.sh            # panel on core 0, fakes on core 1
#   NODES=2000 WINDOW=120 bench/node-monitor-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."

NODES="${NODES:-1000}"
WINDOW="${WINDOW:-90}"
PORT="${PORT:-18082}"
WINGS_PORT="${WINGS_PORT:-19200}"
. bench/lib/fleet.sh
start_fakes "$WINGS_PORT" 4 256m
start_panel
SESSION=$(login bench@example.com)

ticks() { awk '{print $14 + $15}' /proc/$PANEL/stat; }
heap_mib() { # used heap after a full GC
  "$JDK/bin/jcmd" $PANEL GC.run >/dev/null
  # jstat columns S0U S1U EU OU are the used KiB of survivor, eden and old space
  "$JDK/bin/jstat" -gc $PANEL | awk 'NR==2 {printf "%.1f", ($3 + $4 + $6 + $8) / 1024}'
}
cpu_window() { # prints CPU use over WINDOW seconds as a percentage of both cores
  local t0; t0=$(ticks); sleep "$WINDOW"; local t1; t1=$(ticks)
  awk -v d=$((t1 - t0)) -v w="$WINDOW" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", d / hz / w / 2 * 100}'
}
heartbeats() { # total heartbeats recorded so far
  curl -sf "$B/api/nodes/heartbeats?perPage=1&from=2000-01-01T00:00:00Z" -H "Authorization: Bearer $SESSION" \
    | sed 's/.*"total":\([0-9]*\).*/\1/'
}

sleep 20
BASE_HEAP=$(heap_mib)
BASE_CPU=$(cpu_window)

START=$(date +%s)
seq 1 "$NODES" | xargs -P 8 -I{} sh -c "curl -sf -o /dev/null -X POST '$B/api/nodes' -H 'Authorization: Bearer $SESSION' \
  -H 'Content-Type: application/json' -d '{\"name\":\"scale-{}\",\"url\":\"http://127.0.0.1:'\$(( $WINGS_PORT + {} % 4 ))'\",\"token\":\"$TOKEN\"}'"
REGISTERED=$(($(date +%s) - START))
sleep 40
BEFORE=$(heartbeats)
LOADED_CPU=$(cpu_window)
AFTER=$(heartbeats)
LOADED_HEAP=$(heap_mib)
HEALTHY=$(curl -sf "$B/api/nodes/available" -H "Authorization: Bearer $SESSION" | grep -o '"status":"healthy"' | wc -l)

echo "| | CPU, % of 2 cores | heap used after GC, MiB |"
echo "|---|---:|---:|"
echo "| idle panel, no nodes | $BASE_CPU | $BASE_HEAP |"
echo "| $NODES nodes, pinged every 30 s | $LOADED_CPU | $LOADED_HEAP |"
echo
echo "Registered $NODES nodes in ${REGISTERED}s; $((AFTER - BEFORE)) heartbeats in the ${WINDOW}s window" \
  "(expected $((NODES * WINDOW / 30))); $HEALTHY nodes healthy and available at the end."
