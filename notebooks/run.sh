#!/usr/bin/env bash
# Runs every notebook with papermill against a warehouse, then checks what they print.
#   notebooks/run.sh [--warehouse PATH] [--snapshot YYYY-MM] [--out DIR]
# - the venv: $CM_NOTEBOOKS_VENV (default build/notebooks-venv), made from notebooks/requirements.txt on
#   first use and again when that file changes (PyPI only);
# - cm_nb's tests and the check that the committed notebooks carry no outputs (test_cm_nb.py), then each notebooks/NN_*.ipynb executed into DIR (default
#   build/notebooks/) with its parameters, failing on any error;
# - check_notebooks.py: the figures the notebooks print equal the aggregates.
# Defaults: the warehouse out/warehouse, its newest snapshot. bin/test runs it on a fresh sample run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
WH="$ROOT/out/warehouse"; SNAPSHOT=""; OUT="$ROOT/build/notebooks"; VENV_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --warehouse) WH="$2"; shift 2 ;;
    --snapshot) SNAPSHOT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --venv-only) VENV_ONLY=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "notebooks/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
VENV="${CM_NOTEBOOKS_VENV:-$ROOT/build/notebooks-venv}"
t0=$(date +%s)
stamp="$(sha256sum "$HERE/requirements.txt" | cut -c1-16)"
if [ ! -x "$VENV/bin/papermill" ] || [ "$(cat "$VENV/.cm-requirements" 2>/dev/null)" != "$stamp" ]; then
  echo "notebooks/run.sh: making the venv $VENV from notebooks/requirements.txt …"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  "$VENV/bin/python" -m ipykernel install --prefix "$VENV" --name python3 > /dev/null
  echo "$stamp" > "$VENV/.cm-requirements"
fi
t1=$(date +%s)
[ "$VENV_ONLY" = 1 ] && { echo "notebooks/run.sh: venv ready ($((t1 - t0)) s)"; exit 0; }
[ -d "$WH/_commits" ] || { echo "notebooks/run.sh: $WH has no committed snapshot; run the job first" >&2; exit 2; }
WH="$(cd "$WH" && pwd)"
(cd "$HERE" && "$VENV/bin/python" -m unittest -q test_cm_nb)
mkdir -p "$OUT"
params=(-p warehouse "$WH")
[ -n "$SNAPSHOT" ] && params+=(-p snapshot "$SNAPSHOT")
executed=()
for nb in "$HERE"/[0-9][0-9]_*.ipynb; do
  name="$(basename "$nb")"
  s=$(date +%s)
  PATH="$VENV/bin:$PATH" "$VENV/bin/papermill" --cwd "$HERE" -k python3 --log-level WARNING --no-progress-bar "$nb" "$OUT/$name" "${params[@]}"
  echo "notebooks/run.sh: $name ran in $(( $(date +%s) - s )) s -> $OUT/$name"
  executed+=("$OUT/$name")
done
"$VENV/bin/python" "$HERE/check_notebooks.py" "$WH" "${executed[@]}"
echo "notebooks/run.sh: venv $((t1 - t0)) s, notebooks and checks $(( $(date +%s) - t1 )) s"
