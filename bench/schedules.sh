#!/usr/bin/env bash
# The schedule runner at scale: 10,000 schedules due evenly across one minute, each run by the
# fleet-wide claim (servers.schedules-due) and its one-off run job (servers.schedule-run). Measures
# the due-time lag (when a run began, its server:schedule.execute entry, against the next_run_at it
# was claimed for) p50/p99/max, when its task was done on Wings (its server:task.run entry) and the
# panel's CPU, in two phases of the same run:
#   1. the ceiling: 10,000 schedules without tasks (claim, run job, execute entry: the runner alone);
#   2. 10,000 schedules with one console command each, sent to FakeWings (a task entry each too).
# It also times the claim statement alone (DueRows' UPDATE ... RETURNING, 500 rows) on the same table.
# Needs a built panel (./mvnw -B -o package -pl modules/app -am -DskipTests), PostgreSQL on
# 127.0.0.1:5432 (user postgres; a fresh database is made and dropped) and psql.
#
#   bench/schedules.sh                   # panel on core 0, FakeWings on core 1
#   SCHEDULES=2000 SPREAD=60 bench/schedules.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEDULES="${SCHEDULES:-10000}"
SPREAD="${SPREAD:-60}"
PORT="${PORT:-18086}"
WINGS_PORT="${WINGS_PORT:-19260}"
PG="${PG:-postgresql://postgres@127.0.0.1:5432}"
DB="bench_schedules_$$"
command -v psql >/dev/null || { echo "needs psql" >&2; exit 1; }
psql -q "$PG/postgres" -c "create database $DB" >/dev/null
export WINGMAN_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"
export WINGMAN_SCHEDULES_MAX_PER_SERVER=$((SCHEDULES * 2))
. bench/lib/fleet.sh
trap 'cleanup; psql -q "$PG/postgres" -c "drop database if exists $DB with (force)" >/dev/null' EXIT
sql() { psql -qAt "$PG/$DB" -c "$1"; }

start_fakes "$WINGS_PORT" 1 256m
start_panel
one_server "$WINGS_PORT"
C="$B/api/client/servers/$SERVER"
curl -sf -o /dev/null -X POST "$C/power" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"signal":"start"}'

# One schedule through the API (yearly, so each copy fires only when made due), with one task.
TEMPLATE=$(curl -sf -X POST "$C/schedules" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"name":"bench","minute":"0","hour":"0","day_of_month":"1","month":"1","day_of_week":"*","is_active":true}' \
  | sed 's/.*"attributes":{"id":\([0-9]*\).*/\1/')
curl -sf -o /dev/null -X POST "$C/schedules/$TEMPLATE/tasks" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"action":"command","payload":"say bench","time_offset":0}'
SERVER_ID=$(sql "select server_id from server_schedules where id = $TEMPLATE")
sql "update server_schedules set is_active = false where id = $TEMPLATE"
sleep 15 # let the JIT settle on the idle panel

ticks() { awk '{print $14 + $15}' /proc/$PANEL/stat; }

# phase NAME WITH_TASK: SCHEDULES copies due across SPREAD seconds from 20 s from now; waits for
# every run to begin and end; prints one table row.
phase() {
  local label=$1 with_task=$2
  sql "delete from server_schedules where name like 'bench-%'"
  sql "insert into server_schedules (server_id, name, cron_minute, cron_hour, cron_day_of_month, cron_month,
         cron_day_of_week, timezone, is_active, only_when_online, is_processing, next_run_at, created_at, updated_at)
       select '$SERVER_ID', 'bench-' || i, '0', '0', '1', '1', '*', 'UTC', true, false, false,
         now() + interval '20 seconds' + make_interval(secs => i * $SPREAD.0 / $SCHEDULES), now(), now()
       from generate_series(0, $SCHEDULES - 1) i"
  if [ "$with_task" = yes ]; then
    sql "insert into server_schedule_tasks (schedule_id, sequence_id, action, payload, time_offset, is_queued,
           continue_on_failure, created_at, updated_at)
         select id, 1, 'command', 'say ' || name, 0, false, false, now(), now() from server_schedules where name like 'bench-%'"
  fi
  local since; since=$(sql "select now()")
  local t0; t0=$(ticks); local w0; w0=$(date +%s.%N)
  local deadline=$(( $(date +%s) + 20 + SPREAD + 120 ))
  while [ "$(sql "select count(*) from server_schedules where name like 'bench-%' and (is_processing or last_run_at is null)")" != 0 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "runs did not finish in time" >&2; break; }
    sleep 1
  done
  local t1; t1=$(ticks); local w1; w1=$(date +%s.%N)
  local stats; stats=$(sql "with l as (
      select extract(epoch from a.created_at - (a.details->>'due')::timestamptz) * 1000 as ms
      from audit_log a where a.action = 'server.schedule.execute' and a.created_at >= '$since'
        and a.details->>'trigger' = 'cron')
    select count(*), round(percentile_cont(0.5) within group (order by ms)), round(percentile_cont(0.99) within group (order by ms)),
      round(max(ms)) from l")
  local tasks; tasks=$(sql "select count(*) filter (where details->>'result' = 'ok') || ' ok, ' ||
      count(*) filter (where details->>'result' <> 'ok') || ' failed' from audit_log
      where action = 'server.task.run' and created_at >= '$since'")
  # When each run's task had been done on Wings (its server:task.run entry), against the run's due time.
  # (Materialised first: joined on the jsonb fields directly, the planner loops over both sides.)
  local done; done=$(sql "with e as materialized (
      select details->>'schedule' as s, (details->>'due')::timestamptz as due from audit_log
      where action = 'server.schedule.execute' and created_at >= '$since' and details->>'trigger' = 'cron'),
    t as materialized (select details->>'schedule' as s, created_at from audit_log
      where action = 'server.task.run' and created_at >= '$since'),
    l as (select extract(epoch from t.created_at - e.due) * 1000 as ms from t join e using (s))
    select coalesce(round(percentile_cont(0.5) within group (order by ms)) || ' / '
      || round(percentile_cont(0.99) within group (order by ms)), '-') from l")
  IFS='|' read -r runs p50 p99 max <<<"$stats"
  local cpu; cpu=$(awk -v d=$((t1 - t0)) -v w="$(echo "$w1 - $w0" | bc)" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f s (%.0f%% of one core over %.0f s)", d / hz, d / hz / w * 100, w}')
  echo "| $label | $runs | $p50 | $p99 | $max | $tasks | $done | $cpu |"
}

echo "| phase ($SCHEDULES schedules due across ${SPREAD} s) | runs begun | lag p50, ms | lag p99, ms | lag max, ms | task results | task done p50 / p99, ms | panel CPU |"
echo "|---|---:|---:|---:|---:|---|---:|---|"
phase "ceiling: no tasks (claim, run job, execute entry)" no
phase "one console command each, to FakeWings" yes

# The claim statement alone, on a copy of the table with every row due: 500 rows a claim, as the job claims.
sql "create table claim_bench as select * from server_schedules; update claim_bench set next_run_at = now() - interval '1 minute',
     is_processing = false, is_active = true; create index on claim_bench (next_run_at) where is_active and not is_processing; analyze claim_bench"
CLAIMS=$(for _ in $(seq 1 20); do
  psql -qAt "$PG/$DB" -c '\timing on' -c "update claim_bench set next_run_at = now() + make_interval(secs => 60) where id in
    (select id from claim_bench where next_run_at <= now() and (is_active and not is_processing) order by next_run_at
     limit 500 for update skip locked) returning id" | awk '/^Time:/ {print $2}'
done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms", a[int((NR+1)/2)], a[NR]}')
echo
echo "The claim statement alone (500 of $(sql "select count(*) from claim_bench") due rows, 20 claims): $CLAIMS."
