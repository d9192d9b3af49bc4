# bench/peer.sh — sourced by the benches that time us against DuckDB (retention.sh, goals.sh):
# the DuckDB venv (made from bench/requirements.txt, PyPI only, under bench/work/venv), timing,
# the alternating pairs and their summary. Expects ROOT and WORK; sets VENV.
VENV="$WORK/venv"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$ROOT/bench/requirements.txt" "$VENV/requirements.txt"; then
  rm -rf "$VENV"; python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$ROOT/bench/requirements.txt"
  cp "$ROOT/bench/requirements.txt" "$VENV/requirements.txt"
fi
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ours_runs=(); ours_rss=(); peer_runs=(); peer_rss=()

# timed ours|peer LOG COMMAND…: COMMAND's whole process under GNU time, its output in LOG; adds its
# seconds and peak RSS to that side's runs. Stops the bench, showing LOG's end, if COMMAND fails.
timed() {
  local -n runs="$1_runs" rss="$1_rss"
  local log="$2" seconds kb
  shift 2
  if ! /usr/bin/time -f "%e %M" -o "$WORK/time-$$.txt" "$@" > "$log" 2>&1; then
    tail -n 20 "$log" >&2; echo "bench: failed: $* (log: $log)" >&2; exit 1
  fi
  read -r seconds kb < "$WORK/time-$$.txt"
  runs+=("$seconds"); rss+=("$kb")
}

# alternate PAIRS: the caller's functions `ours` and `peer` PAIRS times, ours first in odd pairs.
alternate() {
  for pair in $(seq 1 "$1"); do
    if [ $((pair % 2)) = 1 ]; then ours; peer; else peer; ours; fi
    echo "pair $pair: ours ${ours_runs[-1]} s, DuckDB ${peer_runs[-1]} s"
  done
}

# summary OURS_LABEL PEER_LABEL: each side's runs, median and peak RSS, and the ratio of the medians.
summary() {
  local ours_median peer_median
  ours_median=$(median "${ours_runs[@]}"); peer_median=$(median "${peer_runs[@]}")
  echo "ours ($1): ${ours_runs[*]} s, median $ours_median s, peak RSS $(( $(printf '%s\n' "${ours_rss[@]}" | sort -n | tail -1) / 1024 )) MB"
  echo "DuckDB ($2): ${peer_runs[*]} s, median $peer_median s, peak RSS $(( $(printf '%s\n' "${peer_rss[@]}" | sort -n | tail -1) / 1024 )) MB"
  echo "ratio ours / DuckDB (medians): $(awk -v a="$ours_median" -v b="$peer_median" 'BEGIN { printf "%.2f", a / b }')x (target <= 2.0x)"
}
