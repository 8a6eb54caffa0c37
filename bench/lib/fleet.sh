# Shared by the node and server benchmarks: a built panel on core 0 with its embedded PostgreSQL
# and Redis under a temporary directory, FakeWings agents on core 1, and cleanup on exit.
# Source it from the repository root after setting PORT (and HEAP, PANEL_OPTS if wanted).

JDK="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JDK/bin/java"
JAR=modules/app/target/wingman.jar
TOKEN=bench-wings-token-0123456789abcdef0123456789abcdef0123456789abcd
HEAP="${HEAP:-256m}"
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests install" >&2; exit 1; }
mkdir -p target && ./mvnw -q -B dependency:build-classpath -pl modules/testkit -Dmdep.outputFile="$PWD/target/testkit.cp" >/dev/null 2>&1
FAKE_CP="modules/testkit/target/classes:$(cat target/testkit.cp)"

DATA=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

require_wrk() {
  command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
}

# start_fakes FIRST_PORT COUNT HEAP: COUNT agents on consecutive ports in one JVM on core 1.
start_fakes() {
  taskset -c 1 "$JAVA" -Xmx"$3" -cp "$FAKE_CP" dev.wingman.testkit.api.FakeWings "$1" "$TOKEN" "$2" UP \
    </dev/null >>"$DATA/fakes.log" 2>&1 &
  PIDS+=($!)
}

# start_controlled_fake PORT: one agent whose mode is switched by writing UP/HANG/DOWN/... to fd 3
# (a pipe), so it can be made to hang without a JVM start stealing wrk's core mid-measurement.
start_controlled_fake() {
  mkfifo "$DATA/control"
  taskset -c 1 "$JAVA" -Xmx64m -cp "$FAKE_CP" dev.wingman.testkit.api.FakeWings "$1" "$TOKEN" 1 UP \
    <"$DATA/control" >>"$DATA/fakes.log" 2>&1 &
  PIDS+=($!)
  exec 3>"$DATA/control"
}

# start_panel: the panel on core 0 with an administrator bench@example.com; sets PANEL and B.
start_panel() {
  SERVER_PORT=$PORT WINGMAN_DATA_DIR="$DATA" \
    WINGMAN_ADMIN_EMAIL=bench@example.com WINGMAN_ADMIN_PASSWORD='correct horse 42' \
    WINGMAN_RATE_LIMITS_REGISTER_IP_LIMIT=1000 WINGMAN_RATE_LIMITS_LOGIN_IP_LIMIT=1000 \
    taskset -c 0 "$JAVA" -Xmx"$HEAP" ${PANEL_OPTS:-} -jar "$JAR" >"$DATA/panel.log" 2>&1 &
  PANEL=$!
  PIDS+=($PANEL)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 1; done
  B="http://127.0.0.1:$PORT"
}

# json FIELD: the first string value of FIELD in the JSON on stdin.
json() { sed 's/.*"'"$1"'":"\([^"]*\)".*/\1/'; }

# login EMAIL: a session token (every bench account's password is "correct horse 42").
login() {
  curl -sf -X POST "$B/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"correct horse 42\"}" | json token
}
