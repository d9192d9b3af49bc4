#!/usr/bin/env bash
# The README's sample run, timed whole and split by step (issue 20, item 3): a fresh warehouse
# each time, on an already built checkout. Usage: bench/sample-run.sh [RUNS] [-- extra run args]
# Prints per run: wall seconds and when each step ended, from the log's own lines (1 s resolution).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; shift || true
[ "${1:-}" = "--" ] && shift
bin/campaign-metrics --help >/dev/null 2>&1 # builds when needed, outside the timing
for i in $(seq 1 "$runs"); do
  warehouse=$(mktemp -d)/warehouse
  log=$(mktemp)
  start=$(date +%s.%N)
  bin/campaign-metrics run --config conf/sample.yaml --warehouse "$warehouse" "$@" >"$log" 2>&1
  end=$(date +%s.%N)
  python3 - "$log" "$start" "$end" <<'PY'
import re, sys, datetime
log, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
day = datetime.datetime.fromtimestamp(start, datetime.timezone.utc).date()
marks = [("config logged (JVM, launcher)", r"resolved config"),
         ("campaignevents read, events as campaigns", r"EventCampaigns: campaignevents: \d+ events as campaigns"),
         ("ingest", r"ingest: (published snapshot|snapshot \S+ already staged)"),
         ("retention", r"RetentionJob: retention: \d+ campaigns"),
         ("goals", r"GoalsJob: goals: events"),
         ("commit", r"commit: snapshot \S+ — commit \d+ by")]
seen = {}
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.match(r"(\d\d):(\d\d):(\d\d) ", line)
    if not m:
        continue
    t = datetime.datetime.combine(day, datetime.time(*map(int, m.groups())), datetime.timezone.utc).timestamp()
    for name, pattern in marks:
        if name not in seen and re.search(pattern, line):
            seen[name] = t
parts, last = [], start
for name, _ in marks:
    if name in seen:
        parts.append(f"{name} +{max(0, seen[name] - last):.0f} s")
        last = seen[name]
parts.append(f"summary printed, exit +{max(0, end - last):.0f} s")
print(f"sample run: {end - start:.1f} s wall — " + "; ".join(parts))
PY
  rm -rf "$(dirname "$warehouse")" "$log"
done
