#!/usr/bin/env bash
# bench/goals.sh [EVENTS] [CONTRIBUTIONS] [PAIRS] — goals at scale against DuckDB (issue 20, item 2).
# Generates (once, cached in bench/work/) a CampaignEvents export of EVENTS events (default 10,000)
# and CONTRIBUTIONS contributions (default 1,000,000) with bench/goals_data.py, then times PAIRS
# (default 3) alternating pairs, whole process each: our `goals` (a goals-only config: every goals
# output, Parquet and CSV) and DuckDB running bench/goals.sql (written from docs/metrics.md: the
# contribution summary and goal progress) on the same TSV files with the same cores. Prints the
# medians, the ratio and peak RSS, then compares both outputs cell for cell
# (bench/goals_duckdb.py compare); exit 1 if they differ.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS="${1:-10000}"; CONTRIBUTIONS="${2:-1000000}"; PAIRS="${3:-3}"
WORK="$ROOT/bench/work"
DATA="$WORK/campaignevents-$EVENTS-$CONTRIBUTIONS"
mkdir -p "$WORK"
cd "$ROOT"
bench/prepare.sh
if [ ! -f "$DATA/.done" ]; then
  rm -rf "$DATA"
  python3 bench/goals_data.py "$DATA" "$EVENTS" "$CONTRIBUTIONS"
  touch "$DATA/.done"
fi
. bench/peer.sh   # VENV, median
WAREHOUSE="$WORK/warehouse-goals-$EVENTS-$CONTRIBUTIONS"
CONFIG="$WORK/bench-goals-$EVENTS-$CONTRIBUTIONS.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WAREHOUSE
campaignevents: {source: files, path: $DATA, disallowed_countries: [AQ]}
output: {formats: [parquet, csv]}
YAML
ours() { timed ours "$WORK/goals.log" bin/campaign-metrics goals --config "$CONFIG"; }
peer() {
  rm -rf "$WORK/goals-duckdb"
  timed peer "$WORK/goals-duckdb-out.txt" "$VENV/bin/python" bench/goals_duckdb.py run "$DATA" "$WORK/goals-duckdb" \
    --threads "$(nproc)"
}
alternate "$PAIRS"
{
  echo "bench/goals.sh: $(date -u +%F), $(nproc) cores, $EVENTS events, $(( $(wc -l < "$DATA/ce_event_contributions.tsv") - 1 )) contributions, $(( $(wc -l < "$DATA/ce_event_goals.tsv") - 1 )) goal rows"
  summary goals bench/goals.sql
  tail -n 1 "$WORK/goals-duckdb-out.txt"
  "$VENV/bin/python" bench/goals_duckdb.py compare "$WAREHOUSE" 2026-09 "$WORK/goals-duckdb" \
    || echo "bench/goals.sh: the outputs differ (above)"
} | tee "$WORK/goals.txt"
! grep -q 'the outputs differ' "$WORK/goals.txt"
