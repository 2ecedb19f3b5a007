#!/usr/bin/env bash
# Runs the benchmark against the running system, building the tool first when its sources
# are newer than the jar. Results land in ./benchmark-results/ of the repository.
#
#   benchmark/run.sh load --rate 100 --duration 60s --baseline
#   benchmark/run.sh load --concurrency 16 --duration 60s
#   benchmark/run.sh overload --capacity-duration 30s --duration 60s --factor 3
#   benchmark/run.sh replay --database-url jdbc:postgresql://127.0.0.1:5432/orders_replay \
#       --create-database --query-side-jar query-side/target/query-side-0.1.0-SNAPSHOT.jar
#   benchmark/run.sh baseline --clients 10 --duration 10s
#   benchmark/run.sh compare benchmark-results/load-A.json benchmark-results/load-B.json
#
# Every option: benchmark/run.sh --help
#
# Every request carries a bearer token with the roles manager, clerk, viewer and admin:
# --token or ORDERS_TOKEN, else one minted here with `./run.sh token` from the local key
# that ./run.sh's system trusts (.run/signing-key.pem, or ORDERS_LOCAL_SIGNING_KEY). The
# query side the replay mode starts inherits this environment, so it is told to trust that
# key too unless SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_* already says how to verify.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmark/target/benchmark-0.1.0-SNAPSHOT.jar"

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/benchmark/src" "$root/benchmark/pom.xml" "$root/api/src" \
        -newer "$jar" -type f -print -quit)" ]]; then
    if command -v mvn >/dev/null 2>&1; then maven=mvn; else maven="$root/mvnw"; fi
    echo "building the benchmark tool..." >&2
    (cd "$root" && "$maven" -B -q -pl benchmark -am package -DskipTests) >&2
fi

token_given() {
    for arg in "$@"; do
        case "$arg" in --token|--token=*) return 0 ;; esac
    done
    return 1
}

# only the modes that talk to the applications need a token
case "${1:-}" in
    load|overload|replay)
        if [[ -z "${ORDERS_TOKEN:-}" ]] && ! token_given "$@"; then
            ORDERS_TOKEN="$("$root/run.sh" token --role manager,clerk,viewer,admin --subject benchmark --ttl 86400)"
            export ORDERS_TOKEN
            if [[ -z "${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI:-}${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI:-}${SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION:-}" ]]; then
                # where ./run.sh keeps the public half of the key it signed with
                signing_key="${ORDERS_LOCAL_SIGNING_KEY:-.run/signing-key.pem}"
                [[ "$signing_key" = /* ]] || signing_key="$root/$signing_key"
                export SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION="file:${signing_key%.pem}.pub.pem"
            fi
        fi
        ;;
esac

cd "$root"
exec java -Xmx512m -jar "$jar" "$@"
