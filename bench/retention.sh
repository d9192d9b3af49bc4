#!/usr/bin/env bash
# bench/retention.sh [SCALE] [PAIRS] — retention at scale against DuckDB (issue 20, item 1): ≥ 5 M
# staged edits, 100 campaigns, 50,000 participants. Generates (once) a sample at SCALE (default 340 ≈
# 5.2 M edits), 100 campaigns (a campaigns_file CSV spread over 2024-09..2025-12, 10 series × 10
# countries) with 500 names each drawn from the sample's people, ingests the sample (once), then
# times PAIRS (default 3) alternating pairs, whole process each: our `retention`, and DuckDB running
# bench/retention.sql (written from docs/metrics.md) over the same committed Parquet files with the
# same cores (bench/retention_duckdb.py; DuckDB from PyPI, pinned in bench/requirements.txt, in a
# venv under bench/work/). Prints the median of each, the ratio and our peak RSS, then compares both
# outputs cell for cell (summary, curve, rollup, by wiki; bench/retention_duckdb.py compare). That
# the edits are scanned once is RetentionTest.theEditsAreScannedOnceAndJoinedByBroadcastOnly's.
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
ours() { timed ours "$WORK/retention.log" bin/campaign-metrics retention --config "$CONFIG"; }
peer() {
  rm -rf "$WORK/retention-duckdb"
  timed peer "$WORK/duckdb-out.txt" "$VENV/bin/python" bench/retention_duckdb.py run "$WORK/warehouse-retention-$SCALE" \
    2026-09 "$CAMPAIGNS/campaigns.csv" "$WORK/retention-duckdb" --threads "$(nproc)"
}
alternate "$PAIRS"
edits=$(grep -o '[0-9][0-9]* edits' "$WORK/retention-ingest-$SCALE.txt" | head -1 || true)
{
  echo "bench/retention.sh: $(date -u +%F), $(nproc) cores, sample scale $SCALE ($edits staged)"
  echo "campaigns: 100, participants listed: $(cat "$CAMPAIGNS"/p*.txt | wc -l)"
  summary retention bench/retention.sql
  tail -n 1 "$WORK/duckdb-out.txt"
  "$VENV/bin/python" bench/retention_duckdb.py compare "$WORK/warehouse-retention-$SCALE" 2026-09 "$WORK/retention-duckdb" \
    || echo "bench/retention.sh: the outputs differ (above)"
} | tee "$WORK/retention.txt"
! grep -q 'the outputs differ' "$WORK/retention.txt"
