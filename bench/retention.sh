#!/usr/bin/env bash
# bench/retention.sh [SCALE] — retention at scale: ≥ 5 M staged edits, 100 campaigns, 50,000
# participants. Generates (once) a sample at SCALE (default 340 ≈ 5.2 M edits), 100 campaigns
# (a campaigns_file CSV spread over 2024-09..2025-12, 10 series × 10 countries) with 500 names
# each drawn from the sample's people, ingests the sample (once), then times `retention` alone:
# wall time, peak RSS, and how often the run's plan scans the edits (it must be once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCALE="${1:-340}"
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
CAMPAIGNS="$WORK/retention-bench"
rm -rf "$CAMPAIGNS"; mkdir -p "$CAMPAIGNS"
countries=(IN DE FR BR NG ID MX PL UA GH)
echo "id,name,series,start,end,country,wikis,participants_file" > "$CAMPAIGNS/campaigns.csv"
for c in $(seq 0 99); do
  month=$(( c % 16 ))                       # 2024-09 .. 2025-12
  year=$(( 2024 + (8 + month) / 12 )); mon=$(( (8 + month) % 12 + 1 ))
  start=$(printf '%04d-%02d-01' "$year" "$mon")
  end=$(printf '%04d-%02d-28T23:59:59Z' "$year" "$mon")
  file="$CAMPAIGNS/p$c.txt"
  # 500 names: existing editors and newcomers of the sample (Editor<i>, Newcomer<k>x<i>)
  awk -v c="$c" -v s="$SCALE" 'BEGIN { srand(c + 1); for (i = 0; i < 500; i++) {
      if (rand() < 0.6) printf "Editor%d\n", int(rand() * 60 * s);
      else { k = int(rand() * 5); printf "Newcomer%dx%d\n", k, int(rand() * 6 * s) } } }' > "$file"
  echo "bench-$c,Bench campaign $c,Series $(( c / 10 )),$start,$end,${countries[$(( c % 10 ))]},commonswiki,$file" \
    >> "$CAMPAIGNS/campaigns.csv"
done
CONFIG="$WORK/bench-retention.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WORK/warehouse-retention
history: {source: dumps, path: $SAMPLE/mediawiki_history, from: "2024-01-01"}   # stage all (≥ 5 M edits)
campaigns_file: $CAMPAIGNS/campaigns.csv
output: {formats: [parquet, csv]}
YAML
if [ ! -f "$WORK/warehouse-retention/edits/snapshot=2026-09/_SUCCESS" ]; then
  bin/campaign-metrics ingest --config "$CONFIG" > "$WORK/retention-ingest.txt" 2>&1
fi
/usr/bin/time -f "%e %M" -o "$WORK/time-retention.txt" bin/campaign-metrics retention --config "$CONFIG" \
  > "$WORK/retention-out.txt" 2> "$WORK/retention.log"
read -r seconds rss < "$WORK/time-retention.txt"
edits=$(grep -o '[0-9][0-9]* edits' "$WORK/retention-ingest.txt" | head -1 || true)
{
  echo "bench/retention.sh: $(date -u +%F), $(nproc) cores, sample scale $SCALE ($edits staged)"
  echo "campaigns: 100, participants listed: $(cat "$CAMPAIGNS"/p*.txt | wc -l)"
  echo "retention: ${seconds} s, peak RSS $(( rss / 1024 )) MB"
  grep -E "retention: plan" "$WORK/retention.log" || true
} | tee "$WORK/retention.txt"
