#!/usr/bin/env bash
# bench/sample-data.sh [SIZE_MB] — makes (once, cached in bench/work/sample-<SIZE_MB>mb) a
# synthetic dump sample of about SIZE_MB of bz2 with the project's generator, and prints its path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MB="${1:-200}"
SAMPLE="$ROOT/bench/work/sample-${SIZE_MB}mb"
cd "$ROOT"
if [ ! -f "$SAMPLE/.done" ]; then
  # the generator writes ~0.75 MB of bz2 per unit of scale (scale 236 gave 178 MB)
  scale=$(( (SIZE_MB * 100 + 73) / 74 ))
  echo "bench: generating ~${SIZE_MB} MB of bz2 (scale $scale) in $SAMPLE …" >&2
  rm -rf "$SAMPLE"
  mkdir -p "$ROOT/bench/work"
  bin/campaign-metrics sample --out "$SAMPLE" --scale "$scale" --seed 7 >&2
  touch "$SAMPLE/.done"
fi
echo "$SAMPLE"
