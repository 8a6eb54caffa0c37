#!/usr/bin/env bash
# Throughput and memory of the authenticated read path: how much per-request work the
# authentication filter (session check, API-key check, account permissions) and the permission
# interceptor add over an unauthenticated endpoint, and what one PostgreSQL read adds on top. Needs wrk (apt-get install wrk) and a built panel (./mvnw -DskipTests package).
#
#   bench/auth-read-path.sh            # pinned: server on core 0, wrk on core 1
#   DURATION=30 bench/auth-read-path.sh
#
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
PORT="${PORT:-18080}"
HEAP="${HEAP:-256m}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=modules/app/target/wingman.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

DATA=$(mktemp -d)
LOG="$DATA/panel.log"
SERVER_PORT=$PORT WINGMAN_DATA_DIR="$DATA" \
  WINGMAN_ADMIN_EMAIL=bench@example.com WINGMAN_ADMIN_PASSWORD='correct horse 42' \
  WINGMAN_RATE_LIMITS_REGISTER_IP_LIMIT=1000 WINGMAN_RATE_LIMITS_LOGIN_IP_LIMIT=1000 \
  taskset -c 0 "$JAVA" -Xmx"$HEAP" -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 1
done

B="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf -X POST "$B/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse 42"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
KEY=$(curl -sf -X POST "$B/api/apikeys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"bench","permissions":["features:read"]}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

# Warm the JIT on every path first: on one pinned core it takes tens of seconds to settle.
for round in 1 2; do
  for target in "/api/public/features|" "/api/admin/features|$TOKEN" "/api/admin/features|$KEY" "/api/users/me|$TOKEN" "/health/ready|"; do
    path=${target%%|*} auth=${target#*|}
    if [ -n "$auth" ]; then
      taskset -c 1 wrk -t1 -c32 -d8s -H "Authorization: Bearer $auth" "$B$path" >/dev/null
    else
      taskset -c 1 wrk -t1 -c32 -d8s "$B$path" >/dev/null
    fi
  done
done

run() { # name, path, auth header (may be empty)
  local args=(-t1 -c32 -d"${DURATION}s" --latency)
  [ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
  local out; out=$(taskset -c 1 wrk "${args[@]}" "$B$2")
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50; p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  local p99; p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  local rss; rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' /proc/$PID/status)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "$rss"
}

echo "| endpoint | req/s | p50 | p99 | non-2xx | RSS MiB after |"
echo "|---|---:|---:|---:|---:|---:|"
run "GET /api/public/features (no auth)" /api/public/features ""
run "GET /api/admin/features (session token + permission check)" /api/admin/features "$TOKEN"
run "GET /api/admin/features (API key + permission check)" /api/admin/features "$KEY"
run "GET /api/users/me (session token + one PostgreSQL read)" /api/users/me "$TOKEN"
run "GET /health/ready (PostgreSQL + Redis ping)" /health/ready ""
