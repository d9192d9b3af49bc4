#!/usr/bin/env bash
# bench/campaigns.sh SCALE NAMES OUT — the bench campaigns for a sample made with `sample --scale
# SCALE --seed 7`: 100 campaigns in a campaigns_file CSV (OUT/campaigns.csv), spread over
# 2024-09..2025-12, 10 series × 10 countries, each with NAMES participants drawn from the sample's
# people (existing editors Editor<i> and newcomers Newcomer<k>x<i>, 60:40; a name may repeat, as
# in real lists) in OUT/p<c>.txt. The same SCALE and NAMES give the same files.
set -euo pipefail
SCALE="$1"; NAMES="$2"; OUT="$3"
rm -rf "$OUT"; mkdir -p "$OUT"
countries=(IN DE FR BR NG ID MX PL UA GH)
echo "id,name,series,start,end,country,wikis,participants_file" > "$OUT/campaigns.csv"
for c in $(seq 0 99); do
  month=$(( c % 16 ))                       # 2024-09 .. 2025-12
  year=$(( 2024 + (8 + month) / 12 )); mon=$(( (8 + month) % 12 + 1 ))
  start=$(printf '%04d-%02d-01' "$year" "$mon")
  end=$(printf '%04d-%02d-28T23:59:59Z' "$year" "$mon")
  file="$OUT/p$c.txt"
  awk -v c="$c" -v s="$SCALE" -v n="$NAMES" 'BEGIN { srand(c + 1); for (i = 0; i < n; i++) {
      if (rand() < 0.6) printf "Editor%d\n", int(rand() * 60 * s);
      else { k = int(rand() * 5); printf "Newcomer%dx%d\n", k, int(rand() * 6 * s) } } }' > "$file"
  echo "bench-$c,Bench campaign $c,Series $(( c / 10 )),$start,$end,${countries[$(( c % 10 ))]},commonswiki,$file" \
    >> "$OUT/campaigns.csv"
done
