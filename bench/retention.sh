#!/usr/bin/env bash
# bench/retention.sh [SCALE] [PAIRS] — retention at scale against DuckDB (issue 20, item 1): ≥ 5 M
# staged edits, 100 campaigns, 50,000 participants. Generates (once) a sample at SCALE (default 340 ≈
# 5.2 M edits), 100 campaigns (a campaigns_file CSV spread over 2024-09..2025-12, 10 series × 10
# countries) with 500 names each drawn from the sample's people, ingests the sample (once), then
# times PAIRS (default 3) alternating pairs, whole process each: our `retention`, and DuckDB running
# bench/retention.sql (written from docs/metrics.md) over the same committed Parquet files with the
# same cores (bench/retention_duckdb.py; DuckDB from PyPI, pinned in bench/requirements.txt, in a
# venv under bench/work/). Prints the median of each, the ratio, our peak RSS and how often our
# plan scans the edits (it must be once), then compares both outputs cell for cell (summary, curve,
# rollup, by wiki; bench/retention_duckdb.py compare).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCALE="${1:-340}"
PAIRS="${2:-3}"
WORK="$ROOT/bench/work"
SAMPLE="$WORK/sample-scale-$SCALE"
mkdir -p "$WORK"
cd "$ROOT"
bench/prepare.sh
if [ ! -f "$SAMPLE/.done" ]; then
  rm -rf "$SAMPLE"
  bin/campaign-metrics sample --out "$SAMPLE" --scale "$SCALE" --seed 7 >/dev/null 2>&1
  touch "$SAMPLE/.done"
fi
CAMPAIGNS="$WORK/retention-bench-$SCALE"
bench/campaigns.sh "$SCALE" 500 "$CAMPAIGNS"
CONFIG="$WORK/bench-retention-$SCALE.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WORK/warehouse-retention-$SCALE
history: {source: dumps, path: $SAMPLE/mediawiki_history, from: "2024-01-01"}   # stage all (≥ 5 M edits)
campaigns_file: $CAMPAIGNS/campaigns.csv
output: {formats: [parquet, csv]}
YAML
if [ ! -f "$WORK/warehouse-retention-$SCALE/edits/snapshot=2026-09/_SUCCESS" ]; then
  bin/campaign-metrics ingest --config "$CONFIG" > "$WORK/retention-ingest-$SCALE.txt" 2>&1
fi
. bench/peer.sh   # VENV, median
ours() {
  /usr/bin/time -f "%e %M" -o "$WORK/time-retention.txt" bin/campaign-metrics retention --config "$CONFIG" \
    > "$WORK/retention-out.txt" 2> "$WORK/retention.log"
  read -r seconds rss < "$WORK/time-retention.txt"
  ours_runs+=("$seconds"); ours_rss+=("$rss")
}
peer() {
  rm -rf "$WORK/retention-duckdb"
  /usr/bin/time -f "%e %M" -o "$WORK/time-duckdb.txt" "$VENV/bin/python" bench/retention_duckdb.py run \
    "$WORK/warehouse-retention-$SCALE" 2026-09 "$CAMPAIGNS/campaigns.csv" "$WORK/retention-duckdb" --threads "$(nproc)" \
    > "$WORK/duckdb-out.txt" 2>&1 || { cat "$WORK/duckdb-out.txt" >&2; exit 1; }
  read -r seconds rss < "$WORK/time-duckdb.txt"
  peer_runs+=("$seconds"); peer_rss+=("$rss")
}
ours_runs=(); ours_rss=(); peer_runs=(); peer_rss=()
for pair in $(seq 1 "$PAIRS"); do
  if [ $((pair % 2)) = 1 ]; then ours; peer; else peer; ours; fi
  echo "pair $pair: ours ${ours_runs[-1]} s, DuckDB ${peer_runs[-1]} s"
done
ours_median=$(median "${ours_runs[@]}"); peer_median=$(median "${peer_runs[@]}")
edits=$(grep -o '[0-9][0-9]* edits' "$WORK/retention-ingest-$SCALE.txt" | head -1 || true)
{
  echo "bench/retention.sh: $(date -u +%F), $(nproc) cores, sample scale $SCALE ($edits staged)"
  echo "campaigns: 100, participants listed: $(cat "$CAMPAIGNS"/p*.txt | wc -l)"
  echo "ours (retention):  ${ours_runs[*]} s, median $ours_median s, peak RSS $(( $(printf '%s\n' "${ours_rss[@]}" | sort -n | tail -1) / 1024 )) MB"
  echo "DuckDB (bench/retention.sql): ${peer_runs[*]} s, median $peer_median s, peak RSS $(( $(printf '%s\n' "${peer_rss[@]}" | sort -n | tail -1) / 1024 )) MB"
  echo "ratio ours / DuckDB (medians): $(awk -v a="$ours_median" -v b="$peer_median" 'BEGIN { printf "%.2f", a / b }')x (target <= 2.0x)"
  tail -n 1 "$WORK/duckdb-out.txt"
  grep -E "retention: plan" "$WORK/retention.log" || true
  "$VENV/bin/python" bench/retention_duckdb.py compare "$WORK/warehouse-retention-$SCALE" 2026-09 "$WORK/retention-duckdb" \
    || echo "bench/retention.sh: the outputs differ (above)"
} | tee "$WORK/retention.txt"
! grep -q 'the outputs differ' "$WORK/retention.txt"
