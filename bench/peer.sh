# bench/peer.sh — sourced by the benches that time us against DuckDB (retention.sh, goals.sh):
# the DuckDB venv (made from bench/requirements.txt, PyPI only, under bench/work/venv) and a median.
# Expects ROOT and WORK; sets VENV.
VENV="$WORK/venv"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$ROOT/bench/requirements.txt" "$VENV/requirements.txt"; then
  rm -rf "$VENV"; python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$ROOT/bench/requirements.txt"
  cp "$ROOT/bench/requirements.txt" "$VENV/requirements.txt"
fi
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
