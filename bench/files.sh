#!/usr/bin/env bash
# The client API's file manager through the panel next to the same call made to FakeWings directly
# in the same run (the panel's added cost): listing a 1,000-entry directory, and reading a 10 MB
# file (files/contents, with wingman.files.max-edit-size raised to 16 MiB for this run so that the
# panel relays the bytes). Also the rate of signed download links, which the panel signs without
# calling the node. Needs wrk and a built panel (./mvnw -DskipTests install).
#
#   bench/files.sh                        # panel on core 0; wrk and FakeWings on core 1
#   DURATION=30 CONNECTIONS=16 bench/files.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${PORT:-18086}"
WINGS_PORT="${WINGS_PORT:-19350}"
. bench/lib/fleet.sh
require_wrk
start_fakes "$WINGS_PORT" 1 256m
export WINGMAN_FILES_MAX_EDIT_SIZE=16777216
start_panel
one_server "$WINGS_PORT"
W="http://127.0.0.1:$WINGS_PORT/api/servers/$SERVER_UUID"

# The 1,000 entries and the 10 MB file are written to the agent directly: setting up is not measured.
seq -w 1 1000 | xargs -P 8 -I{} curl -sf -o /dev/null -X POST "$W/files/write?file=%2Fbig%2Ffile-{}.txt" \
  -H "Authorization: Bearer $TOKEN" --data-binary "entry {}"
head -c 10485760 /dev/urandom >"$DATA/ten-mb.bin"
curl -sf -o /dev/null -X POST "$W/files/write?file=%2Fworld.bin" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/octet-stream' --data-binary @"$DATA/ten-mb.bin"
LISTED=$(curl -sf "$B/api/client/servers/$SERVER/files/list?directory=%2Fbig" -H "Authorization: Bearer $KEY" \
  | grep -o '"object":"file_object"' | wc -l)
SAME=$(curl -sf "$B/api/client/servers/$SERVER/files/contents?file=%2Fworld.bin" -H "Authorization: Bearer $KEY" \
  | cmp -s - "$DATA/ten-mb.bin" && echo yes || echo no)

run() { # label, url, authorization, duration
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${4:-$DURATION}s" --latency -H "Authorization: Bearer $3" "$2")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '/Transfer\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')" "$(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
# Warm-up: JIT both paths before measuring.
run warm "$B/api/client/servers/$SERVER/files/list?directory=%2Fbig" "$KEY" 10 >/dev/null
run warm "$B/api/client/servers/$SERVER/files/contents?file=%2Fworld.bin" "$KEY" 10 >/dev/null
echo "Entries listed through the panel: $LISTED; 10 MB read back through the panel byte for byte: $SAME."
echo
echo "| case | req/s | transfer/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|"
run "ceiling: FakeWings list-directory, 1,000 entries" "$W/files/list-directory?directory=%2Fbig" "$TOKEN"
run "panel: files/list, 1,000 entries" "$B/api/client/servers/$SERVER/files/list?directory=%2Fbig" "$KEY"
run "ceiling: FakeWings files/contents, 10 MB" "$W/files/contents?file=%2Fworld.bin" "$TOKEN"
run "panel: files/contents, 10 MB" "$B/api/client/servers/$SERVER/files/contents?file=%2Fworld.bin" "$KEY"
run "panel: files/download (signing the link)" "$B/api/client/servers/$SERVER/files/download?file=%2Fworld.bin" "$KEY"
echo
echo "Panel resident memory after the run: $(( $(awk '/VmRSS/ {print $2}' /proc/$PANEL/status) / 1024 )) MiB (heap $HEAP)."
