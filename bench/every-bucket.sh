#!/usr/bin/env bash
# bench/every-bucket.sh [SIZE_MB] — the price of ingest.every_bucket (docs/performance.md).
#
# On the synthetic sample of bench/ingest.sh (made once, cached in bench/work/), with the bundled
# sample's campaigns (conf/sample.yaml: 2024-09 to the snapshot, so the older buckets are
# skipped), times in alternating pairs (pruned, every, every, pruned, pruned, every):
#   pruned   ingest as configured: the buckets outside the campaigns' range are not read
#   every    the same with ingest.every_bucket: true (every file read: users then holds every
#            account, so a listed name found nowhere is known not to exist)
# each on an empty warehouse, and prints each run's wall time, the files and bytes each read,
# and the medians' ratio. Results go to stdout and bench/work/every-bucket-<size>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MB="${1:-200}"
WORK="$ROOT/bench/work"
cd "$ROOT"
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 2; }
bench/prepare.sh
SAMPLE="$(bench/sample-data.sh "$SIZE_MB")"
for mode in pruned every; do
  extra=""
  [ "$mode" = every ] && extra="ingest: {every_bucket: true}"
  # the sample's campaigns, without the CampaignEvents part, on the bench dumps
  sed -e "s|path: sample-dumps/mediawiki_history|path: $SAMPLE/mediawiki_history|" \
      -e '/^campaignevents:/,$d' -e 's|^ingest:|ingest_unused:|' -e '/^ingest_unused:/,/^[a-z]/{/^  /d}' \
      -e '/^ingest_unused:/d' conf/sample.yaml > "$WORK/every-bucket-$mode.yaml"
  echo "$extra" >> "$WORK/every-bucket-$mode.yaml"
done
run() {
  local mode="$1"
  rm -rf "$WORK/every-bucket-warehouse"
  sync
  /usr/bin/time -f "%e" -o "$WORK/time-every-bucket.txt" bin/campaign-metrics ingest \
    --config "$WORK/every-bucket-$mode.yaml" --warehouse "$WORK/every-bucket-warehouse" \
    >"$WORK/last-every-bucket-$mode.out" 2>"$WORK/last-every-bucket-$mode.log" || {
      echo "bench: $mode failed, see $WORK/last-every-bucket-$mode.log" >&2; exit 1; }
  local read
  read="$(grep -o '[0-9]* files read.*rejected' "$WORK/last-every-bucket-$mode.out" | head -1)"
  echo "$mode $(cat "$WORK/time-every-bucket.txt") s — $read"
}
OUT="$WORK/every-bucket-${SIZE_MB}.txt"
{
  echo "every-bucket bench: $SAMPLE ($(du -sm "$SAMPLE/mediawiki_history" | cut -f1) MB), $(nproc) cores, $(date -u +%FT%TZ)"
  for mode in pruned every every pruned pruned every; do run "$mode"; done
} | tee "$OUT"
awk '/^pruned/ {p[n1++]=$2} /^every/ {e[n2++]=$2}
  END {asort(p); asort(e); printf "medians: pruned %.1f s, every %.1f s, every/pruned %.2f\n", p[2], e[2], e[2]/p[2]}' \
  "$OUT" | tee -a "$OUT"
