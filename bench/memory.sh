#!/usr/bin/env bash
# bench/memory.sh [SAMPLE_DIR] [HEAP] — ingest of an input several times larger than the JVM heap.
# Uses a sample made by bench/scaling.sh or bench/ingest.sh (default: bench/work/sample-scale-320,
# ≈ 2 GB decompressed) and runs our ingest with a small heap (default 512m, near Spark's minimum).
# Prints the decompressed input size, the heap, their ratio, wall time and peak RSS; exits
# non-zero if the ingest fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work"
SAMPLE="${1:-$WORK/sample-scale-320}"
HEAP="${2:-512m}"
cd "$ROOT"
if [ ! -f "$SAMPLE/.done" ]; then
  echo "bench: no sample at $SAMPLE; run bench/scaling.sh (or bench/ingest.sh) first" >&2
  exit 2
fi
bench/prepare.sh
mapfile -t FILES < <(find "$SAMPLE/mediawiki_history" -name '*.tsv.bz2' | sort)
RAW=$(lbzip2 -dc "${FILES[@]}" | wc -c)
CONFIG="$WORK/bench-memory.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WORK/warehouse-memory
history: {source: dumps, path: $SAMPLE/mediawiki_history}
output: {formats: [parquet]}
YAML
rm -rf "$WORK/warehouse-memory"
heap_bytes=$(numfmt --from=iec "${HEAP^^}")
/usr/bin/time -f "%e %M" -o "$WORK/time-memory.txt" env CM_HEAP="$HEAP" \
  bin/campaign-metrics ingest --config "$CONFIG" > "$WORK/memory-out.txt" 2> "$WORK/memory.log"
read -r seconds rss < "$WORK/time-memory.txt"
{
  echo "bench/memory.sh: $(date -u +%F), $(nproc) cores"
  echo "input: ${#FILES[@]} files, $(( RAW / 1000000 )) MB decompressed; heap $HEAP"
  awk -v r="$RAW" -v h="$heap_bytes" 'BEGIN { printf "input / heap: %.1fx\n", r / h }'
  echo "ingest: OK in ${seconds} s, peak RSS $(( rss / 1024 )) MB"
  cat "$WORK/memory-out.txt"
} | tee "$WORK/memory.txt"
