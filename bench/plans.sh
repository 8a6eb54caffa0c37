#!/usr/bin/env bash
# The public plan list: GET /api/plans with 20 plans under wrk, beside nginx serving the very same
# bytes as a static file (the ceiling), in the same run. Both servers get core 0 (one at a time:
# the panel is idle while nginx is measured), wrk core 1. Needs wrk, nginx (Debian's package) and a
# built panel (./mvnw -B -o package -pl modules/app -am -DskipTests).
#
#   bench/plans.sh                      # DURATION=10 CONNECTIONS=32
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18088}"
NGINX_PORT="${NGINX_PORT:-18089}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$NGINX" ] || { echo "needs nginx (apt-get install nginx)" >&2; exit 1; }
. bench/lib/fleet.sh
trap cleanup EXIT
require_wrk

start_panel
ADMIN=$(login bench@example.com)
for i in $(seq 1 20); do
  curl -sf -o /dev/null -X POST "$B/api/admin/plans" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Plan $i\",\"description\":\"A game server plan with room for a community of ${i}0 players\",\"tier\":\"paid\",
         \"price\":{\"amount\":$((i * 100 + 99)),\"currency\":\"EUR\"},\"period\":\"monthly\",\"limits\":{\"servers\":$i,
         \"memoryMib\":$((i * 1024)),\"diskMib\":$((i * 10240)),\"cpuPercent\":$((i * 100)),\"allocations\":$i,\"databases\":$i,
         \"backups\":$i,\"tunnelPorts\":$i,\"aiTokens\":$((i * 1000))},\"visible\":true,\"active\":true}"
done
mkdir -p "$DATA/www/api" "$DATA/nginx/logs"
curl -sf "$B/api/plans" >"$DATA/www/api/plans"
chmod a+x "$DATA"; chmod -R a+rX "$DATA/www" # nginx's workers run as another user
echo "GET /api/plans: $(grep -o '"id":' "$DATA/www/api/plans" | wc -l) ids, $(wc -c <"$DATA/www/api/plans") bytes."

run() { # label, url
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  echo "$out" | awk '/Requests\/sec/ {print $2}' >"$DATA/last-rps"
}
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP:-20}s" "$B/api/plans" >/dev/null # warm-up: one core settles the JIT slowly
echo
echo "| case | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run "panel: GET /api/plans (20 plans)" "$B/api/plans"
PANEL_RPS=$(cat "$DATA/last-rps")

cat >"$DATA/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
error_log $DATA/nginx/logs/error.log warn;
pid $DATA/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DATA/nginx/body; proxy_temp_path $DATA/nginx/proxy; fastcgi_temp_path $DATA/nginx/fastcgi;
  uwsgi_temp_path $DATA/nginx/uwsgi; scgi_temp_path $DATA/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DATA/www;
    default_type application/json;
  }
}
EOF
taskset -c 0 "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" 2>>"$DATA/nginx/logs/error.log" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/plans" && break; sleep 0.2; done
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$NGINX_PORT/api/plans" >/dev/null
run "ceiling: nginx, the same bytes as a static file" "http://127.0.0.1:$NGINX_PORT/api/plans"
NGINX_RPS=$(cat "$DATA/last-rps")
echo
echo "Panel / ceiling: $(echo "scale=3; $PANEL_RPS / $NGINX_RPS" | bc)."
