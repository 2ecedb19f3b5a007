#!/usr/bin/env bash
# Starts the whole system locally: the command side (with the order saga) on :8080 and the
# query side on :8081, as two processes. Ctrl-C stops both.
#
#   ./run.sh                      embedded H2 database under .run/ (nothing to install)
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/orders DATABASE_USER=postgres ./run.sh
#
# Other settings (ports, timeouts) are read from the environment as described in README.md.
set -euo pipefail
cd "$(dirname "$0")"

COMMAND_PORT="${COMMAND_PORT:-8080}"
QUERY_PORT="${QUERY_PORT:-8081}"
RUN_DIR=".run"
mkdir -p "$RUN_DIR"

jar_of() { ls "$1"/target/"$1"-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -n 1; }

needs_build() {
    local module=$1 jar
    jar=$(jar_of "$module")
    [ -z "$jar" ] && return 0
    [ -n "$(find "$module/src" api/src saga/src eventstore-postgres/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}

if needs_build command-side || needs_build query-side; then
    echo "Building the applications (first run takes a few minutes)..."
    ./mvnw -B -q -ntp -pl command-side,query-side -am package -DskipTests -Dspring-javaformat.skip=true
fi

if [ -z "${DATABASE_URL:-}" ]; then
    export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:+$SPRING_PROFILES_ACTIVE,}embedded"
    export DATABASE_URL="jdbc:h2:file:$(pwd)/$RUN_DIR/orders;AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;INIT=CREATE SCHEMA IF NOT EXISTS event_store\\;CREATE SCHEMA IF NOT EXISTS read_model"
    export DATABASE_USER="${DATABASE_USER:-sa}"
    export DATABASE_PASSWORD="${DATABASE_PASSWORD:-}"
    echo "No DATABASE_URL set: using the embedded H2 database in $RUN_DIR/ (PostgreSQL is the production path)."
else
    echo "Using the database at $DATABASE_URL"
fi
export AXONIQ_UPDATE_CHECKER_DISABLED=true
# 256 MB of heap each keeps both processes under 512 MB resident, replays included
JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"

pids=()
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "Stopping..."
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

await_ready() {
    local name=$1 port=$2 pid=$3
    for _ in $(seq 1 120); do
        if curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name exited during start-up; see $RUN_DIR/$name.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "$name did not become ready in 60 s; see $RUN_DIR/$name.log" >&2
    exit 1
}

# The command side first: it migrates the event store schema the query side reads.
PORT="$COMMAND_PORT" java $JAVA_OPTS -jar "$(jar_of command-side)" >"$RUN_DIR/command-side.log" 2>&1 &
pids+=($!)
await_ready command-side "$COMMAND_PORT" "${pids[0]}"
# The benchmark follows every order in flight on a stream of its own, all from this machine's
# address: a local run lets one client hold more streams than the default cap of 20.
QUERY_SIDE_UPDATES_PER_CLIENT="${QUERY_SIDE_UPDATES_PER_CLIENT:-1000}" \
PORT="$QUERY_PORT" java $JAVA_OPTS -jar "$(jar_of query-side)" >"$RUN_DIR/query-side.log" 2>&1 &
pids+=($!)
await_ready query-side "$QUERY_PORT" "${pids[1]}"

cat <<INFO

orders-on-axon is running
  command API  http://localhost:$COMMAND_PORT/api   (health: /actuator/health)
  query API    http://localhost:$QUERY_PORT/api   (projections: /api/admin/projections)
  logs         $RUN_DIR/command-side.log, $RUN_DIR/query-side.log

Try:
  curl -s -X POST localhost:$COMMAND_PORT/api/customers -H 'Content-Type: application/json' -d '{"customerId":"ann","name":"Ann","creditLimit":100}'
  curl -s -X POST localhost:$COMMAND_PORT/api/products -H 'Content-Type: application/json' -d '{"productId":"pen","name":"Pen","price":2.50,"stock":10}'
  curl -s -X POST localhost:$COMMAND_PORT/api/orders -H 'Content-Type: application/json' -d '{"orderId":"o-1","customerId":"ann","lines":[{"productId":"pen","quantity":4,"unitPrice":2.50}]}'
  curl -s localhost:$QUERY_PORT/api/orders/o-1

Press Ctrl-C to stop both.
INFO
wait -n "${pids[@]}"
echo "A process stopped unexpectedly; see the logs in $RUN_DIR/." >&2
