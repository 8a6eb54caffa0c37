#!/usr/bin/env bash
# Invoices at scale: ORDERS orders placed at once with distinct Idempotency-Keys (CONCURRENCY at a
# time), then their payments confirmed at once (each confirmation issues an invoice from the
# year's gapless sequence and queues its mail with the PDF attached); checks that every order was
# placed once and that the invoice numbers are distinct and without gaps. Then the invoice PDF
# download (rendered on each request) under wrk with 1 connection (latency: a render plus the
# request) and 4 (throughput), beside the same order's JSON (GET /api/orders/{id}: the same access
# path without the render) as the ceiling, in the same run.
# Needs wrk, psql and a built panel (./mvnw -B -o package -pl modules/app -am -DskipTests);
# PostgreSQL on 127.0.0.1:5432 (user postgres; a fresh database is made and dropped).
#
#   bench/invoices.sh                          # ORDERS=1000 CONCURRENCY=32 DURATION=10
set -euo pipefail
cd "$(dirname "$0")/.."

ORDERS="${ORDERS:-1000}"
CONCURRENCY="${CONCURRENCY:-32}"
DURATION="${DURATION:-10}"
PORT="${PORT:-18087}"
PG="${PG:-postgresql://postgres@127.0.0.1:5432}"
DB="bench_invoices_$$"
command -v psql >/dev/null || { echo "needs psql" >&2; exit 1; }
psql -q "$PG/postgres" -c "create database $DB" >/dev/null
export WINGMAN_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"
export WINGMAN_RATE_LIMITS_REGISTER_IP_LIMIT=1000
. bench/lib/fleet.sh
trap 'cleanup; psql -q "$PG/postgres" -c "drop database if exists $DB with (force)" >/dev/null' EXIT
require_wrk
sql() { psql -qAt "$PG/$DB" -c "$1"; }
post() { curl -sf -X POST "$B$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"; }

start_panel
ADMIN=$(login bench@example.com)
PLAN=$(post /api/admin/plans "$ADMIN" '{"name":"Bench Pro","description":"","tier":"paid","price":{"amount":1999,"currency":"EUR"},"period":"monthly","limits":{"servers":2,"memoryMib":4096,"diskMib":20480,"cpuPercent":200,"allocations":4,"databases":2,"backups":3,"tunnelPorts":0,"aiTokens":0},"visible":true,"active":true}' | json id)
curl -sf -o /dev/null -X PUT "$B/api/admin/tax-rates/DE" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name":"VAT","basisPoints":1900,"inclusive":false}'
METHOD=$(post /api/admin/payment-methods "$ADMIN" '{"kind":"bank_transfer","name":"Bank transfer","instructions":"Quote the reference","address":"DE89 3704 0044 0532 0130 00","active":true}' | json id)
curl -sf -o /dev/null -X POST "$B/api/users/register" -H 'Content-Type: application/json' \
  -d '{"email":"buyer@example.com","password":"correct horse 42","name":"Buyer"}'
BUYER=$(login buyer@example.com)
export B BUYER ADMIN PLAN METHOD

# One order through its whole path: placed (a key of its own), checked out, marked sent.
place() {
  local id
  id=$(curl -sf -X POST "$B/api/orders" -H "Authorization: Bearer $BUYER" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-$1" -d "{\"planId\":\"$PLAN\",\"country\":\"DE\"}" \
    | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  curl -sf -o /dev/null -X POST "$B/api/orders/$id/checkout" -H "Authorization: Bearer $BUYER" \
    -H 'Content-Type: application/json' -d "{\"paymentMethodId\":\"$METHOD\"}"
  curl -sf -o /dev/null -X POST "$B/api/orders/$id/mark-sent" -H "Authorization: Bearer $BUYER" \
    -H 'Content-Type: application/json' -d '{"reference":"transfer"}'
  echo "$id"
}
confirm() {
  curl -sf -o /dev/null -w '%{http_code}\n' -X POST "$B/api/admin/orders/$1/confirm-payment" \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"reference\":\"R-$1\"}"
}
export -f place confirm

t0=$(date +%s.%N)
seq 1 "$ORDERS" | xargs -P "$CONCURRENCY" -I{} bash -c 'place {}' >"$DATA/orders.txt"
t1=$(date +%s.%N)
xargs -P "$CONCURRENCY" -I{} bash -c 'confirm {}' <"$DATA/orders.txt" | sort | uniq -c >"$DATA/confirmed.txt"
t2=$(date +%s.%N)

echo "Orders placed (checkout and mark-sent each) by $CONCURRENCY clients at once: $(sort -u "$DATA/orders.txt" | grep -c .) distinct of $ORDERS," \
  "$(sql "select count(*) from orders") in the database, in $(echo "$t1 - $t0" | bc | xargs printf '%.1f') s."
echo "Confirmations ($CONCURRENCY at once): $(tr -s ' ' <"$DATA/confirmed.txt" | paste -sd, -) (count status), in $(echo "$t2 - $t1" | bc | xargs printf '%.1f') s."
echo "Invoices: $(sql "select count(*) || ' issued, ' || count(distinct number) || ' distinct numbers, from ' || min(number) || ' to ' || max(number) from invoices");" \
  "gaps: $(sql "with n as (select cast(substr(number, 10) as int) as k from invoices) select max(k) - min(k) + 1 - count(*) from n")."
echo "Mail queued: $(sql "select count(*) from mail_outbox")."
echo

ORDER=$(head -1 "$DATA/orders.txt")
run() { # label, path, connections
  local out; out=$(taskset -c 1 wrk -t1 -c"$3" -d"${DURATION}s" --latency -H "Authorization: Bearer $BUYER" "$B$2")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$3" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
run warm "/api/orders/$ORDER/invoice" 4 >/dev/null
echo "| case | connections | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|"
run "ceiling: the order as JSON" "/api/orders/$ORDER" 1
run "invoice PDF, rendered per request" "/api/orders/$ORDER/invoice" 1
run "ceiling: the order as JSON" "/api/orders/$ORDER" 4
run "invoice PDF, rendered per request" "/api/orders/$ORDER/invoice" 4
echo
echo "PDF size: $(curl -sf "$B/api/orders/$ORDER/invoice" -H "Authorization: Bearer $BUYER" | wc -c) bytes."
