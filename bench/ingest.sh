#!/usr/bin/env bash
# bench/ingest.sh [SIZE_MB] — ingest throughput against the decompression limit.
#
# Makes (once, cached in bench/work/) a synthetic sample of about SIZE_MB of bz2 (default 200)
# with the project's generator, then runs three times, alternating, on the same files and cores:
#   lbzip2   lbzip2 -d -n <cores> to /dev/null (the decompression limit; Debian package lbzip2)
#   ours     bin/campaign-metrics ingest (whole process: JVM, Spark, staging, publish)
#   csv      Spark's built-in CSV reader, same projection to Parquet (the naive way)
# and prints each run's wall time, the medians, each median as a ratio to lbzip2's, and
# peak RSS. Results go to stdout and bench/work/ingest-<size>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MB="${1:-200}"
CORES="$(nproc)"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
cd "$ROOT"

if ! command -v lbzip2 >/dev/null; then
  echo "bench: lbzip2 is needed (apt-get install lbzip2)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench: GNU time is needed for peak RSS (apt-get install time)" >&2
  exit 2
fi

# Build once (the launcher builds on first use) and the test classes for the naive baseline.
bench/prepare.sh
mvn -q -B -DskipTests test-compile
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")"
FLAGS="$(sed 's/#.*//' .mvn/jvm.config | tr '\n' ' ')"

SAMPLE="$(bench/sample-data.sh "$SIZE_MB")"
mapfile -t FILES < <(find "$SAMPLE/mediawiki_history" -name '*.tsv.bz2' | sort)
BYTES=$(cat "${FILES[@]}" | wc -c)
CONFIG="$WORK/bench-ingest.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WORK/warehouse
history: {source: dumps, path: $SAMPLE/mediawiki_history}
ingest: {max_reject_ratio: 0.001}
output: {formats: [parquet]}
YAML

# run NAME CMD… : prints "seconds peak_rss_kb" of one whole-process run
run() {
  local name="$1"; shift
  local stats="$WORK/time-$name.txt"
  sync # every run starts with no write-back pending from the one before (the runs write 0.1-0.2 GB each)
  /usr/bin/time -f "%e %M" -o "$stats" "$@" >/dev/null 2>"$WORK/last-$name.log" || {
    echo "bench: $name failed, see $WORK/last-$name.log" >&2; exit 1; }
  cat "$stats"
}

declare -A T M
for i in 1 2 3; do
  read -r t m < <(run lbzip2 bash -c "lbzip2 -d -c -n $CORES $(printf '%q ' "${FILES[@]}") > /dev/null")
  T[lbzip2]+="$t "; M[lbzip2]="$m"
  rm -rf "$WORK/warehouse"
  read -r t m < <(run ours env CM_HEAP="${CM_HEAP:-4g}" bin/campaign-metrics ingest --config "$CONFIG")
  T[ours]+="$t "; M[ours]="$m"
  rm -rf "$WORK/naive"
  # shellcheck disable=SC2086
  read -r t m < <(run csv java $FLAGS -Xmx"${CM_HEAP:-4g}" -Duser.timezone=UTC \
    -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" \
    org.campaignmetrics.bench.NaiveCsvIngest "$WORK/naive" "${FILES[@]}")
  T[csv]+="$t "; M[csv]="$m"
done

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | sed -n 2p; }
base=$(median "${T[lbzip2]}")
{
  echo "bench/ingest.sh: ${#FILES[@]} files, $((BYTES / 1000000)) MB of bz2, $CORES cores, $(date -u +%F)"
  printf '%-8s %-24s %8s %8s %12s\n' "reader" "runs (s)" "median" "ratio" "peak RSS MB"
  for name in lbzip2 ours csv; do
    med=$(median "${T[$name]}")
    printf '%-8s %-24s %8.1f %7.2fx %12d\n' "$name" "${T[$name]}" "$med" "$(awk -v a="$med" -v b="$base" 'BEGIN { print a / b }')" \
      $(( ${M[$name]} / 1024 ))
  done
} | tee "$WORK/ingest-${SIZE_MB}.txt"
