#!/usr/bin/env bash
# bench/ingest-ab.sh REV_A REV_B [SIZE_MB] — our ingest at two commits, on the same files and
# cores, in alternating pairs (A B, B A, A B: a machine that drifts during the bench then favours
# neither side): whether a change moved ingest's speed beyond noise.
# Each commit is checked out in its own worktree under bench/work/ab-<rev>/ and built by its own
# launcher (bench/prepare.sh records its class-data archive first). The input is bench/ingest.sh's
# cached sample of SIZE_MB (default 200). Prints every run's wall time and peak RSS, the medians
# and B's median as a ratio to A's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV_A="$1"; REV_B="$2"; SIZE_MB="${3:-200}"
WORK="$ROOT/bench/work"
SAMPLE="$WORK/sample-${SIZE_MB}mb"
mkdir -p "$WORK"
cd "$ROOT"
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 2; }

tree() { echo "$WORK/ab-$(git rev-parse --short "$1")"; }
for rev in "$REV_A" "$REV_B"; do
  dir="$(tree "$rev")"
  if [ ! -d "$dir" ]; then
    git worktree add --detach "$dir" "$rev" >/dev/null
  fi
  (cd "$dir" && bench/prepare.sh)
done
if [ ! -f "$SAMPLE/.done" ]; then
  scale=$(( (SIZE_MB * 100 + 73) / 74 ))
  echo "bench: generating ~${SIZE_MB} MB of bz2 (scale $scale) in $SAMPLE …" >&2
  rm -rf "$SAMPLE"
  "$(tree "$REV_B")/bin/campaign-metrics" sample --out "$SAMPLE" --scale "$scale" --seed 7 >&2
  touch "$SAMPLE/.done"
fi
CONFIG="$WORK/bench-ab.yaml"
cat > "$CONFIG" <<YAML
snapshot: "2026-09"
warehouse: $WORK/ab-warehouse
history: {source: dumps, path: $SAMPLE/mediawiki_history}
ingest: {max_reject_ratio: 0.001}
output: {formats: [parquet]}
YAML

declare -A T
for i in 1 2 3; do
  order="A B"
  [ $((i % 2)) -eq 0 ] && order="B A"
  for side in $order; do
    rev=$([ $side = A ] && echo "$REV_A" || echo "$REV_B")
    rm -rf "$WORK/ab-warehouse"
    sync
    /usr/bin/time -f "%e %M" -o "$WORK/ab-time.txt" env CM_HEAP="${CM_HEAP:-4g}" \
      "$(tree "$rev")/bin/campaign-metrics" ingest --config "$CONFIG" >/dev/null 2>"$WORK/ab-last-$side.log" \
      || { echo "bench: $side ($rev) failed, see $WORK/ab-last-$side.log" >&2; exit 1; }
    read -r t m < "$WORK/ab-time.txt"
    T[$side]+="$t "
    echo "pair $i  $side $(git rev-parse --short "$rev")  ${t} s  peak RSS $((m / 1024)) MB"
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | sed -n 2p; }
a=$(median "${T[A]}"); b=$(median "${T[B]}")
echo "A $(git rev-parse --short "$REV_A"): ${T[A]}(median $a s)"
echo "B $(git rev-parse --short "$REV_B"): ${T[B]}(median $b s)"
awk -v a="$a" -v b="$b" 'BEGIN { printf "B / A = %.3f\n", b / a }'
