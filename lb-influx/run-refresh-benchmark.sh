#!/usr/bin/env bash
# One InfluxMetricsSource refresh for N backends against a real influxd on 127.0.0.1, beside one
# request per backend (same run). Needs influxd (apt-get install -y --no-install-recommends influxdb).
#
#   lb-influx/run-refresh-benchmark.sh [backends=100] [refreshes=200]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run (never a module alone: ~/.m2 may hold stale snapshots of this project).
./mvnw -q -B -pl lb-influx -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/refresh-benchmark.classpath >/dev/null
cp="lb-influx/target/test-classes:lb-influx/target/classes:lb-api/target/classes:lb-core/target/classes"
cp="$cp:$(cat lb-influx/target/refresh-benchmark.classpath)"
exec java -cp "$cp" io.github.fulcrumlb.influx.benchmark.RefreshBenchmark "${1:-100}" "${2:-200}"
