#!/usr/bin/env bash
# Several panels behind nginx on one PostgreSQL and one Redis (this machine's, on their standard
# ports; a fresh database and key prefix): GET /api/public/features and GET /api/client (a user with
# 10 servers on one FakeWings node) through nginx with 1, 2 and 3 panels, beside nginx's own fixed
# answer (the ceiling of the path through the balancer) in the same run; then 2 panels under a
# steady load while one is killed (SIGKILL) and started again, second by second.
#
# All panels share core 0 and nginx, wrk, the load client and the fake node share core 1, so the
# table shows what each further instance costs on the same CPU, not a gain from more cores.
# Needs wrk, psql, a built panel (./mvnw -DskipTests install).
#
#   bench/scale-out.sh
#   DURATION=15 CONNECTIONS=64 bench/scale-out.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18090}"            # panels on PORT, PORT+1, PORT+2
WINGS_PORT="${WINGS_PORT:-19400}"
LB_PORT="${LB_PORT:-18089}"
PG_ADDRESS="${PG_ADDRESS:-127.0.0.1:5432}"
PG_USER="${PG_USER:-postgres}"
REDIS="${REDIS:-redis://127.0.0.1:6379}"
. bench/lib/fleet.sh
require_wrk

DB="wingman_bench_$(date +%s)"
sql() { psql -q -h "${PG_ADDRESS%:*}" -p "${PG_ADDRESS#*:}" -U "$PG_USER" -d postgres -c "$1" >/dev/null; }
sql "create database $DB"
drop_db() { sql "drop database if exists $DB with (force)" 2>/dev/null || true; }
trap 'cleanup; drop_db' EXIT
PREFIX="wingman-bench-$DB:"

# nginx: installed, or Debian's package unpacked as the tests do (testkit's Nginx).
NGINX="${NGINX:-$(command -v nginx || true)}"
for candidate in /usr/sbin/nginx "${TMPDIR:-/tmp}/wingman-test-nginx/usr/sbin/nginx"; do
  [ -n "$NGINX" ] || { [ -x "$candidate" ] && NGINX="$candidate"; } || true
done
if [ -z "$NGINX" ]; then
  (cd "$DATA" && apt-get download nginx >/dev/null && dpkg-deb -x nginx_*.deb "$DATA/nginx-pkg") \
    || { echo "no nginx: install Debian's nginx or set NGINX" >&2; exit 1; }
  NGINX="$DATA/nginx-pkg/usr/sbin/nginx"
fi
mkdir -p "$DATA/nginx/logs"
nginx_upstreams() { # COUNT: (re)writes the configuration for the first COUNT panels and (re)loads it
  local servers="" i
  for i in $(seq 0 $(($1 - 1))); do servers+="    server 127.0.0.1:$((PORT + i)) max_fails=1 fail_timeout=2s;"$'\n'; done
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
  upstream wingman {
$servers    keepalive 128;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location = /nginx-static { default_type application/json; return 200 '{"ok":true}'; }
    location / {
      proxy_pass http://wingman; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr; proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502; proxy_next_upstream_tries 3;
    }
  }
}
EOF
  if [ -f "$DATA/nginx/nginx.pid" ]; then
    "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" -s reload 2>>"$DATA/nginx/logs/error.log"; sleep 2
  else
    taskset -c 1 "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" 2>>"$DATA/nginx/logs/error.log" &
    PIDS+=($!)
    for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$LB_PORT/nginx-static" && break; sleep 0.2; done
  fi
}

PANEL_PIDS=()
start_member() { # INDEX: a panel on PORT+INDEX, core 0, on the shared database and Redis
  local port=$((PORT + $1))
  SERVER_PORT=$port WINGMAN_DATA_DIR="$DATA/panel-$1" WINGMAN_DATABASE_URL="jdbc:postgresql://$PG_ADDRESS/$DB?user=$PG_USER" \
    WINGMAN_REDIS_URL="$REDIS" WINGMAN_REDIS_KEY_PREFIX="$PREFIX" \
    WINGMAN_ADMIN_EMAIL=bench@example.com WINGMAN_ADMIN_PASSWORD='correct horse 42' \
    WINGMAN_RATE_LIMITS_REGISTER_IP_LIMIT=1000 WINGMAN_RATE_LIMITS_LOGIN_IP_LIMIT=1000 \
    WINGMAN_RATE_LIMITS_SERVER_CREATE_LIMIT=100000 \
    WINGMAN_QUOTAS_FREE_SERVERS=1000 WINGMAN_QUOTAS_FREE_MEMORY_MIB=10000000 WINGMAN_QUOTAS_FREE_DISK_MIB=10000000 \
    taskset -c 0 "$JAVA" -Xmx"$HEAP" ${PANEL_OPTS:-} -jar "$JAR" >>"$DATA/panel-$1.log" 2>&1 &
  PANEL_PIDS[$1]=$!
  PIDS+=($!)
  for _ in $(seq 1 180); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0; sleep 0.5; done
  echo "panel $1 did not start; $DATA/panel-$1.log:" >&2; tail -40 "$DATA/panel-$1.log" >&2; exit 1
}

start_fakes "$WINGS_PORT" 1 128m
start_member 0
B="http://127.0.0.1:$PORT"
ADMIN=$(login bench@example.com)
EGG=$(curl -sf -X POST "$B/api/admin/eggs/import" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  --data-binary @modules/app/src/test/resources/eggs/paper.json | json id | head -c 36)
NODES=("$(curl -sf -X POST "$B/api/nodes" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"url\":\"http://127.0.0.1:$WINGS_PORT\",\"token\":\"$TOKEN\",\"nodeType\":\"free_and_paid\",\"portRangeStart\":20000,\"portRangeEnd\":20999}" \
  | json id | head -c 36)")
KEY=$(user_with_servers ten 10)
nginx_upstreams 1
LB="http://127.0.0.1:$LB_PORT"
COUNT=$(curl -sf "$LB/api/client" -H "Authorization: Bearer $KEY" | grep -o '"object":"server"' | wc -l)

measure() { # label, path
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" "$LB$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
warm() { for path in /api/public/features /api/client; do taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $KEY" "$LB$path" >/dev/null; done; }
rss() { local total=0 i; for i in $(seq 0 $(($1 - 1))); do total=$((total + $(ps -o rss= -p "${PANEL_PIDS[$i]}"))); done; echo $((total / 1024)); }

echo "Servers listed: $COUNT. nginx: $NGINX"
echo
echo "| instances: case | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
RSS=()
for n in 1 2 3; do
  if [ "$n" -gt 1 ]; then start_member $((n - 1)); nginx_upstreams "$n"; fi
  warm
  measure "$n: nginx fixed answer (ceiling)" /nginx-static
  measure "$n: GET /api/public/features" /api/public/features
  measure "$n: GET /api/client, 10 servers" /api/client
  RSS[$n]=$(rss "$n")
done
echo
echo "Resident memory of all panels after the runs: 1 instance ${RSS[1]} MiB, 2 instances ${RSS[2]} MiB, 3 instances ${RSS[3]} MiB."

# Killing one of two instances under a steady load: second-by-second answers through nginx.
kill "${PANEL_PIDS[2]}"; wait "${PANEL_PIDS[2]}" 2>/dev/null || true
nginx_upstreams 2
SECONDS_TOTAL=70
taskset -c 1 "$JAVA" -Xmx256m bench/BalancedLoad.java "$LB/api/client" "$KEY" 32 "$SECONDS_TOTAL" >"$DATA/timeline.txt" &
LOAD=$!
sleep 10
kill -9 "${PANEL_PIDS[1]}"
KILLED_AT=10
sleep 5
RESTART_BEGAN=$(date +%s.%N)
start_member 1
READY_AFTER=$(awk -v a="$RESTART_BEGAN" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
REJOINED_AT=$(awk -v r="$READY_AFTER" 'BEGIN { printf "%d", 15 + r + 0.999 }')
wait "$LOAD"
echo
echo "One of two instances killed at second $KILLED_AT and started again at second 15 (ready $READY_AFTER s later, so back behind nginx from second $REJOINED_AT):"
echo
echo '```'
cat "$DATA/timeline.txt"
echo '```'
awk -v killed="$KILLED_AT" -v rejoined="$REJOINED_AT" 'NR > 1 { s = $1; ok[s] = $2; err += $3 + $4 + $5; last = s;
      if (s >= 3 && s < killed) { base += $2; n++ } }
  function low(from, to,   m, t) { m = -1; for (t = from; t < to && t <= last; t++) if (m < 0 || ok[t] < m) m = ok[t]; return m }
  END { avg = base / n; back = -1
        for (s = rejoined; s + 2 <= last; s++) if (ok[s] >= 0.9 * avg && ok[s + 1] >= 0.9 * avg && ok[s + 2] >= 0.9 * avg) { back = s; break }
        printf "\nBefore the kill %.0f answers/s. Lowest second while one instance was down: %d (%.0f%%); while the other started: %d (%.0f%%); after it rejoined: %d (%.0f%%). Back to 90%% for 3 s at second %d (%d s after it rejoined). Requests without a 2xx: %d.\n",
               avg, low(killed, 15), 100 * low(killed, 15) / avg, low(15, rejoined), 100 * low(15, rejoined) / avg,
               low(rejoined, last - 1), 100 * low(rejoined, last - 1) / avg, back, back - rejoined, err }' "$DATA/timeline.txt"
