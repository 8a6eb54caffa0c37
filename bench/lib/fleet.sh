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
    WINGMAN_RATE_LIMITS_SERVER_CREATE_LIMIT=100000 \
    WINGMAN_QUOTAS_FREE_SERVERS=1000 WINGMAN_QUOTAS_FREE_MEMORY_MIB=10000000 WINGMAN_QUOTAS_FREE_DISK_MIB=10000000 \
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

# one_server WINGS_PORT: registers the agent on WINGS_PORT as a node, imports the test egg and
# creates one installed server for a new user console@example.com; sets ADMIN, NODE, SERVER (the
# 8-character identifier), SERVER_UUID and KEY (the user's API key, scoped `*`: a key with an
# empty scope reaches no server). The agent is not attached to
# the panel, so the install is reported to the remote API here, as its Wings would.
one_server() {
  ADMIN=$(login bench@example.com)
  local egg created token_id
  egg=$(curl -sf -X POST "$B/api/admin/eggs/import" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    --data-binary @modules/app/src/test/resources/eggs/paper.json | json id | head -c 36)
  NODE=$(curl -sf -X POST "$B/api/nodes" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"one\",\"url\":\"http://127.0.0.1:$1\",\"token\":\"$TOKEN\",\"nodeType\":\"free_and_paid\",\"portRangeStart\":20000,\"portRangeEnd\":20999}" \
    | json id | head -c 36)
  curl -sf -o /dev/null -X POST "$B/api/users/register" -H 'Content-Type: application/json' \
    -d '{"email":"console@example.com","password":"correct horse 42","name":"console"}'
  local session; session=$(login console@example.com)
  created=$(curl -sf -X POST "$B/api/servers" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d "{\"name\":\"one\",\"eggId\":\"$egg\",\"memory\":512,\"disk\":1024,\"nodeId\":\"$NODE\"}")
  SERVER=$(echo "$created" | json identifier)
  SERVER_UUID=$(echo "$created" | json uuid)
  token_id=$(curl -sf "$B/api/nodes/$NODE/credentials" -H "Authorization: Bearer $ADMIN" | json tokenId)
  curl -sf -o /dev/null -X POST "$B/api/remote/servers/$SERVER_UUID/install" \
    -H "Authorization: Bearer $token_id.$TOKEN" -H 'Content-Type: application/json' -d '{"successful":true,"reinstall":false}'
  KEY=$(curl -sf -X POST "$B/api/apikeys" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"bench","permissions":["*"]}' | json key)
}

# user_with_servers NAME COUNT: a new user NAME@example.com with COUNT servers of the egg $EGG spread
# over the nodes in $NODES; prints the user's API key (scoped `*`).
user_with_servers() {
  local email="$1@example.com"
  curl -sf -o /dev/null -X POST "$B/api/users/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse 42\",\"name\":\"$1\"}"
  local session; session=$(login "$email")
  local count=${#NODES[@]}
  seq 1 "$2" | xargs -P 4 -I{} sh -c "curl -sf -o /dev/null -X POST '$B/api/servers' -H 'Authorization: Bearer $session' \
    -H 'Content-Type: application/json' -d '{\"name\":\"s{}\",\"eggId\":\"$EGG\",\"memory\":512,\"disk\":1024,\"nodeId\":\"'\$(echo ${NODES[*]} | cut -d' ' -f\$(( {} % $count + 1 )))'\"}'"
  curl -sf -X POST "$B/api/apikeys" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"bench","permissions":["*"]}' | json key
}
