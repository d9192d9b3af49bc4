#!/usr/bin/env bash
# bench/compare-warehouses.sh A B [SNAPSHOT]: do two warehouses hold the same data? Every dataset's
# snapshot partition is compared by schema and rows (multisets; file names, row order and Parquet
# footers may differ), and every CSV byte for byte. A and B: local paths or hdfs:// URIs. Used to
# show that a refactoring changed no output (docs/performance.md, "Reshaping the code") and that a
# cluster's run equals the local one (jobs/smoke-standalone-cluster.sh). Exit 0 when all are the same.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A="$1"; B="$2"; SNAPSHOT="${3:-2026-09}"
cd "$ROOT"
bin/campaign-metrics --version >/dev/null   # builds target/classes and target/classpath.txt if needed
[ -d target/test-classes/org/campaignmetrics/bench ] || mvn -q -B -o test-compile
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")"
status=0
java $(grep -o -- '--add-[a-z]*=[^ ]*' bin/campaign-metrics | sort -u | tr '\n' ' ') -Dlog4j.configurationFile="file:$ROOT/src/test/resources/log4j2.properties" \
  -cp "$CP" org.campaignmetrics.bench.CompareWarehouses "$A" "$B" "$SNAPSHOT" || status=1
exit $status
