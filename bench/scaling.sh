#!/usr/bin/env bash
# bench/scaling.sh [BASE_SCALE] — memory and time as the input grows (1×, 4×, 16×), for ingest and
# for retention (issue 20, item 4).
# Generates (once, cached in bench/work/) samples at BASE_SCALE (default 20, ≈ 16 MB of bz2), 4× and
# 16× that. For each, with a fixed heap (CM_HEAP, default 1g):
#   - our ingest of every file: bz2 size, decompressed size, wall time, time per MB, peak RSS;
#   - then our retention over what it staged, with 100 campaigns (bench/campaigns.sh) whose
#     participants grow with the input too: 500 × factor / 16 names each (31, 125, 500): edits,
#     participants, wall time, time per million edits, peak RSS.
# Prints the least-squares line of time over input for each and how far each point is from it:
# within ±15 % of a straight line and a flat RSS (bounded by the heap, not the input) is linear.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${1:-20}"
HEAP="${CM_HEAP:-1g}"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
cd "$ROOT"
bench/prepare.sh
points="$WORK/scaling-points.txt"; : > "$points"
printf '%-6s %10s %12s %8s %10s %12s\n' "ingest" "bz2 MB" "raw MB" "wall s" "s per MB" "peak RSS MB" | tee "$WORK/scaling.txt"
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
  /usr/bin/time -f "%e %M" -o "$WORK/time-scaling.txt" env CM_HEAP="$HEAP" \
    bin/campaign-metrics ingest --config "$config" >"$WORK/scaling-ingest-$scale.out" 2>"$WORK/scaling-$scale.log"
  read -r seconds rss < "$WORK/time-scaling.txt"
  awk -v f="${factor}x" -v b="$bz2" -v r="$raw" -v s="$seconds" -v m="$rss" \
    'BEGIN { printf "%-6s %10.1f %12.1f %8.1f %10.3f %12d\n", f, b / 1e6, r / 1e6, s, s / (b / 1e6), m / 1024 }' \
    | tee -a "$WORK/scaling.txt"
  # retention over the same warehouse: 100 campaigns, participants growing with the input
  names=$(( 500 * factor / 16 ))
  bench/campaigns.sh "$scale" "$names" "$WORK/scaling-campaigns-$scale"
  rconfig="$WORK/scaling-retention-$scale.yaml"
  { cat "$config"; echo "campaigns_file: $WORK/scaling-campaigns-$scale/campaigns.csv"; } > "$rconfig"
  /usr/bin/time -f "%e %M" -o "$WORK/time-scaling-retention.txt" env CM_HEAP="$HEAP" \
    bin/campaign-metrics retention --config "$rconfig" >/dev/null 2>"$WORK/scaling-retention-$scale.log"
  read -r rseconds rrss < "$WORK/time-scaling-retention.txt"
  edits=$(grep -o '[0-9]* edits' "$WORK/scaling-ingest-$scale.out" | head -1 | grep -o '[0-9]*' || echo 0)
  echo "$factor $bz2 $seconds $rss $edits $((100 * names)) $rseconds $rrss" >> "$points"
done
printf '\n%-6s %10s %12s %8s %14s %12s\n' "retain" "edits" "participants" "wall s" "s per M edits" "peak RSS MB" | tee -a "$WORK/scaling.txt"
awk '{ printf "%-6s %10d %12d %8.1f %14.2f %12d\n", $1 "x", $5, $6, $7, $7 / ($5 / 1e6), $8 / 1024 }' "$points" \
  | tee -a "$WORK/scaling.txt"
# least squares t = a + b·x through the three points, and each point's distance from the line
fit() {   # COLUMN_X COLUMN_T NAME UNIT
  awk -v x="$1" -v t="$2" -v name="$3" -v unit="$4" '{ X[NR] = $x; T[NR] = $t; sx += $x; st += $t; sxx += $x * $x; sxt += $x * $t }
    END { n = NR; b = (n * sxt - sx * st) / (n * sxx - sx * sx); a = (st - b * sx) / n
          printf "%s: t = %.2f s + %.4g s/%s;", name, a, b, unit
          for (i = 1; i <= n; i++) { f = a + b * X[i]; printf " %+.1f %%", 100 * (T[i] - f) / f }
          print " from the line (1x, 4x, 16x)" }' "$points"
}
{ echo; fit 2 3 "ingest" "byte of bz2"; fit 5 7 "retention" "edit"; } | tee -a "$WORK/scaling.txt"
