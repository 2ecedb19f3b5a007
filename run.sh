#!/usr/bin/env bash
# Starts the whole system locally: the command side (with the order saga) on :8080 and the
# query side on :8081, as two processes. Ctrl-C stops both.
#
#   ./run.sh                      embedded H2 database under .run/ (nothing to install)
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/orders DATABASE_USER=postgres ./run.sh
#   ./run.sh token --role clerk   prints a bearer token for the running system (see below)
#
# Every request but the health probes needs a bearer token. Unless an identity provider is
# configured (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI or ..._JWK_SET_URI), the
# applications trust a key of this script's own, made on first use in .run/, and
# `./run.sh token` signs tokens with it.
#
# Other settings (ports, timeouts) are read from the environment as described in README.md.
set -euo pipefail
cd "$(dirname "$0")"

COMMAND_PORT="${COMMAND_PORT:-8080}"
QUERY_PORT="${QUERY_PORT:-8081}"
RUN_DIR=".run"
mkdir -p "$RUN_DIR"
SIGNING_KEY="${ORDERS_LOCAL_SIGNING_KEY:-$RUN_DIR/signing-key.pem}"

ensure_signing_key() {
    if [ ! -f "$SIGNING_KEY" ]; then
        (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$SIGNING_KEY" 2>/dev/null)
    fi
    openssl pkey -in "$SIGNING_KEY" -pubout -out "${SIGNING_KEY%.pem}.pub.pem"
}

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# ./run.sh token --role ROLE[,ROLE...] [--customer ID] [--subject NAME] [--ttl SECONDS]
# Prints a token signed with the local key, for the audience the applications expect.
issue_token() {
    local roles="" customer="" subject="" ttl=3600
    while [ $# -gt 0 ]; do
        case "$1" in
            --role|--roles) roles="$2"; shift 2 ;;
            --customer) customer="$2"; shift 2 ;;
            --subject) subject="$2"; shift 2 ;;
            --ttl) ttl="$2"; shift 2 ;;
            *) echo "unknown option $1; usage: ./run.sh token --role ROLE[,ROLE...] [--customer ID] [--subject NAME] [--ttl SECONDS]" >&2; exit 2 ;;
        esac
    done
    [ -n "$customer" ] && roles="${roles:+$roles,}customer"
    if [ -z "$roles" ]; then
        echo "name at least one role (viewer, clerk, manager, admin) or a customer: ./run.sh token --role clerk" >&2
        exit 2
    fi
    local word='[A-Za-z0-9._@-]+'
    [[ "$roles" =~ ^$word(,$word)*$ ]] || { echo "--role takes names of letters, digits and . _ @ - separated by commas" >&2; exit 2; }
    for value in "$customer" "$subject"; do
        [[ -z "$value" || "$value" =~ ^$word$ ]] || { echo "'$value': only letters, digits and . _ @ - are allowed" >&2; exit 2; }
    done
    [[ "$ttl" =~ ^[0-9]+$ ]] || { echo "--ttl takes seconds" >&2; exit 2; }
    ensure_signing_key
    local now role_list
    now=$(date +%s)
    local -a role_names
    IFS=, read -ra role_names <<<"$roles"
    role_list=$(printf '"%s",' "${role_names[@]}")
    local header='{"alg":"RS256","typ":"JWT"}'
    local claims
    claims=$(printf '{"iss":"orders-on-axon-local","sub":"%s","aud":"%s","iat":%d,"exp":%d,"roles":[%s]%s}' \
        "${subject:-${customer:-local-${roles%%,*}}}" "${ORDERS_SECURITY_AUDIENCE:-orders-on-axon}" \
        "$now" "$((now + ttl))" "${role_list%,}" "${customer:+,\"customer_id\":\"$customer\"}")
    local signing_input
    signing_input="$(printf '%s' "$header" | base64url).$(printf '%s' "$claims" | base64url)"
    printf '%s.%s\n' "$signing_input" \
        "$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$SIGNING_KEY" -binary | base64url)"
}

if [ "${1:-}" = "token" ]; then
    shift
    issue_token "$@"
    exit 0
fi

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
    if [ -z "${DATABASE_USER:-}" ]; then
        echo "DATABASE_URL is set: set DATABASE_USER (and DATABASE_PASSWORD unless the server trusts local connections) too" >&2
        exit 2
    fi
    # a local server that trusts local connections needs no password
    export DATABASE_PASSWORD="${DATABASE_PASSWORD-}"
    echo "Using the database at $DATABASE_URL as $DATABASE_USER"
fi
export AXONIQ_UPDATE_CHECKER_DISABLED=true
if [ -z "${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI:-}${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI:-}${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION:-}" ]; then
    ensure_signing_key
    public_key="${SIGNING_KEY%.pem}.pub.pem"
    # ORDERS_LOCAL_SIGNING_KEY may be absolute or relative to the repository
    [[ "$public_key" = /* ]] || public_key="$(pwd)/$public_key"
    export SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION="file:$public_key"
    echo "Tokens are verified with the local key in $SIGNING_KEY; ./run.sh token --role ROLE prints one."
fi
# 256 MB of heap each, the parallel collector, and freed native memory given back to the
# system every second keep both processes under 512 MB resident, replays included (see
# README, Benchmark: G1's own tables and glibc's unreturned arenas took the command side
# past 512 MB on a fast machine). -XX:TrimNativeHeapInterval is a product option of recent
# JDK 17 and 21 updates; older ones do without it.
if [ -z "${JAVA_OPTS:-}" ]; then
    JAVA_OPTS="-Xmx256m -XX:+UseParallelGC"
    if java -XX:TrimNativeHeapInterval=1000 -version >/dev/null 2>&1; then
        JAVA_OPTS="$JAVA_OPTS -XX:TrimNativeHeapInterval=1000"
    fi
fi

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

Try (every request needs a token; ./run.sh token --role viewer|clerk|manager|admin prints one):
  TOKEN=\$(./run.sh token --role manager,clerk,viewer)
  curl -s -X POST localhost:$COMMAND_PORT/api/customers -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"customerId":"ann","name":"Ann","creditLimit":100}'
  curl -s -X POST localhost:$COMMAND_PORT/api/products -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"productId":"pen","name":"Pen","price":2.50,"stock":10}'
  curl -s -X POST localhost:$COMMAND_PORT/api/orders -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"orderId":"o-1","customerId":"ann","lines":[{"productId":"pen","quantity":4,"unitPrice":2.50}]}'
  curl -s localhost:$QUERY_PORT/api/orders/o-1 -H "Authorization: Bearer \$TOKEN"

Press Ctrl-C to stop both.
INFO
wait -n "${pids[@]}"
echo "A process stopped unexpectedly; see the logs in $RUN_DIR/." >&2
