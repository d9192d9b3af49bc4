#!/usr/bin/env bash
# bench/fuzz.sh [ROUNDS] — fuzzes every target of FuzzTargetsTest (issue 17, item 8) for ROUNDS
# runs of 30 s each (default 10: 5 minutes a target). Each run goes on from the corpus the last
# one left in .cifuzz-corpus/ (git-ignored); a crash stops the script, and its input is kept as a
# regression seed in src/test/resources/org/campaignmetrics/fuzz/FuzzTargetsTestInputs/<target>/
# (commit it with the fix). Prints the executions per target.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-10}"
cd "$ROOT"
mvn -B -q test-compile
mkdir -p bench/work
for target in dumpLineDecoder bz2BlockDecoder goalBlobParser batchTsvReader configLoader; do
  total=0
  for round in $(seq 1 "$ROUNDS"); do
    log="bench/work/fuzz-$target.log"
    if ! JAZZER_FUZZ=1 mvn -B surefire:test -Dtest="FuzzTargetsTest#$target" > "$log" 2>&1; then
      echo "bench/fuzz.sh: $target: a finding in round $round; see $log" >&2
      grep -E 'FuzzTestFinding|== Java Exception' "$log" | head -5 >&2 || true
      exit 1
    fi
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2}')
    total=$((total + ${runs:-0}))
  done
  echo "bench/fuzz.sh: $target: $total executions in $ROUNDS × 30 s, no crash"
done | tee bench/work/fuzz.txt
