#!/usr/bin/env bash
# bench/scaling.sh [BASE_SCALE] — memory and time as the input grows (1×, 4×, 16×).
# Generates (once, cached in bench/work/) samples at BASE_SCALE (default 20, ≈ 16 MB of bz2),
# 4× and 16× that, runs our ingest on each with a fixed heap (CM_HEAP, default 4g), and prints
# bz2 size, decompressed size, wall time, time per MB and peak RSS. Flat RSS and a constant
# time per MB mean memory does not grow with the input and time grows linearly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${1:-20}"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
cd "$ROOT"
bench/prepare.sh
printf '%-6s %10s %12s %8s %10s %12s\n' "input" "bz2 MB" "raw MB" "wall s" "s per MB" "peak RSS MB" | tee "$WORK/scaling.txt"
for factor in 1 4 16; do
  scale=$((BASE * factor))
  sample="$WORK/sample-scale-$scale"
  if [ ! -f "$sample/.done" ]; then
    rm -rf "$sample"
    bin/campaign-metrics sample --out "$sample" --scale "$scale" --seed 7 >/dev/null 2>&1
    touch "$sample/.done"
  fi
  mapfile -t files < <(find "$sample/mediawiki_history" -name '*.tsv.bz2')
  bz2=$(cat "${files[@]}" | wc -c)
  raw=$(lbzip2 -dc "${files[@]}" | wc -c)
  config="$WORK/scaling-$scale.yaml"
  printf 'snapshot: "2026-09"\nwarehouse: %s\nhistory: {source: dumps, path: %s}\noutput: {formats: [parquet]}\n' \
    "$WORK/warehouse-scaling" "$sample/mediawiki_history" > "$config"
  rm -rf "$WORK/warehouse-scaling"
  /usr/bin/time -f "%e %M" -o "$WORK/time-scaling.txt" env CM_HEAP="${CM_HEAP:-4g}" \
    bin/campaign-metrics ingest --config "$config" >/dev/null 2>"$WORK/scaling-$scale.log"
  read -r seconds rss < "$WORK/time-scaling.txt"
  awk -v f="${factor}x" -v b="$bz2" -v r="$raw" -v s="$seconds" -v m="$rss" \
    'BEGIN { printf "%-6s %10.1f %12.1f %8.1f %10.3f %12d\n", f, b / 1e6, r / 1e6, s, s / (b / 1e6), m / 1024 }' \
    | tee -a "$WORK/scaling.txt"
done
