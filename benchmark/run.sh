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
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmark/target/benchmark-0.1.0-SNAPSHOT.jar"

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/benchmark/src" "$root/benchmark/pom.xml" "$root/api/src" \
        -newer "$jar" -type f -print -quit)" ]]; then
    if command -v mvn >/dev/null 2>&1; then maven=mvn; else maven="$root/mvnw"; fi
    echo "building the benchmark tool..." >&2
    (cd "$root" && "$maven" -B -q -pl benchmark -am package -DskipTests) >&2
fi

cd "$root"
exec java -Xmx512m -jar "$jar" "$@"
