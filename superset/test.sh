#!/usr/bin/env bash
# The Superset test (bin/test runs it after `mvn verify`; issue 18): on a fresh warehouse of the
# bundled sample, in a throw-away Superset 6.1 instance (SQLite metadata DB, CM_SUPERSET_TEST=1):
#   1. run the job on the sample with output.sql pointing at a private PostgreSQL (bin/test-postgres,
#      or CM_TEST_POSTGRES_URL);
#   2. DuckDB: build the bundle and the catalog, import, serve on a free loopback port, assert every
#      chart's data equals the aggregates (superset/test_dashboard.py), and take the dashboard's
#      screenshot in headless Chromium (build/superset-test/dashboard.png; docs/img/ has the
#      committed one) after checking the page shows every chart and no error;
#   3. PostgreSQL: build the bundle for it, re-import in place (same dashboard), assert again.
# Prints how long each part took. CM_TEST_SUPERSET=0 skips it (bin/test says so).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"
WORK="${CM_SUPERSET_TEST_DIR:-$ROOT/build/superset-test}"
rm -rf "$WORK"; mkdir -p "$WORK"
export CM_SUPERSET_HOME="$WORK/instance" CM_SUPERSET_TEST=1
VENV="${CM_SUPERSET_VENV:-$ROOT/build/superset-venv}"; export CM_SUPERSET_VENV="$VENV"
t0=$(date +%s)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${PG_DIR:-}" ] && "$ROOT/bin/test-postgres" stop "$PG_DIR" || true
}
trap cleanup EXIT

# 1. PostgreSQL and the job
if [ -n "${CM_TEST_POSTGRES_URL:-}" ]; then
  PG_URL="$CM_TEST_POSTGRES_URL"
else
  PG_DIR="$(mktemp -d /tmp/cm-pg-XXXXXX)"
  PG_URL="$("$ROOT/bin/test-postgres" start "$PG_DIR")"
fi
read -r JDBC PG_USER PG_PASSWORD < <(python3 -c '
import sys, urllib.parse as u
url = sys.argv[1]; base, _, query = url.partition("?"); q = dict(u.parse_qsl(query))
print(base, q.get("user", "postgres"), q.get("password", "") or "-")' "$PG_URL")
[ "$PG_PASSWORD" = "-" ] && PG_PASSWORD=""
export CM_SQL_USER="$PG_USER" CM_SQL_PASSWORD="$PG_PASSWORD"
CONFIG="$WORK/sample-sql.yaml"
sed "s|^  formats: \[parquet, csv\]|  formats: [parquet, csv]\n  sql: {url: \"$JDBC\", schema: campaign_metrics_test}|" conf/sample.yaml > "$CONFIG"
grep -q 'schema: campaign_metrics_test' "$CONFIG" || { echo "superset/test.sh: could not add output.sql to the sample config" >&2; exit 1; }
WH="$WORK/warehouse"
bin/campaign-metrics run --config "$CONFIG" --warehouse "$WH" > "$WORK/run.log" 2>&1 \
  || { tail -30 "$WORK/run.log" >&2; echo "superset/test.sh: the sample run failed; see $WORK/run.log" >&2; exit 1; }
grep -o 'output.sql: snapshot .*' "$WORK/run.log" | tail -1
t1=$(date +%s)

# 2. DuckDB
BUNDLE="$WORK/campaign_metrics_bundle.zip"
bin/campaign-metrics superset --config "$CONFIG" --warehouse "$WH" --out "$BUNDLE" 2>/dev/null | sed 's/^/superset\/test.sh: /'
"$HERE/setup.sh" "$BUNDLE" "$WORK/campaign_metrics_catalog.sql" "$WORK/campaign_metrics.duckdb"
t2=$(date +%s)
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export SUPERSET_CONFIG_PATH="$HERE/superset_config.py"
SUPERSET_SECRET_KEY="$(cat "$CM_SUPERSET_HOME/secret_key")"; export SUPERSET_SECRET_KEY
"$VENV/bin/gunicorn" -w 1 --threads 4 -b "127.0.0.1:$PORT" --timeout 120 "superset.app:create_app()" \
  > "$WORK/gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 1; done
BASE="http://127.0.0.1:$PORT"
MIN_CELL="$(sed -n 's/^ *min_cell_size: *\([0-9]*\).*/\1/p' "$CONFIG" | head -1)"
"$VENV/bin/python" "$HERE/test_dashboard.py" --base "$BASE" --warehouse "$WH" --backend duckdb \
  --min-cell-size "${MIN_CELL:-5}" --password-file "$CM_SUPERSET_HOME/admin_password"
t3=$(date +%s)

# the page itself, as a person sees it: every chart rendered, no error, then the screenshot
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$(mktemp -d)")
URL="$BASE/superset/dashboard/campaign-retention/?standalone=1"
chromium "${FLAGS[@]}" --window-size=1400,3400 --virtual-time-budget=40000 --dump-dom "$URL" \
  > "$WORK/dashboard.html" 2>"$WORK/chromium.log"
"$VENV/bin/python" - "$WORK/dashboard.html" "$BUNDLE" <<'PY'
import re, sys, zipfile, yaml
html = open(sys.argv[1], encoding="utf-8").read()
with zipfile.ZipFile(sys.argv[2]) as z:
    titles = [yaml.safe_load(z.read(n))["slice_name"] for n in z.namelist() if "/charts/" in n]
missing = [t for t in titles if t.replace("'", "&#39;") not in html and t not in html]
errors = re.findall(r"(Unexpected error|Error: [^<]{0,200}|No results were returned|Data error)", html)
rendered = len(re.findall(r'class="[^"]*chart-container', html))
print(f"superset/test.sh: dashboard page: {len(titles) - len(missing)} of {len(titles)} chart titles, "
      f"{rendered} chart containers, {len(errors)} errors")
if missing or errors:
    print("superset/test.sh: FAILED: missing " + repr(missing) + ", errors " + repr(errors[:5]))
    sys.exit(1)
PY
chromium "${FLAGS[@]}" --window-size=1400,3400 --virtual-time-budget=40000 --screenshot="$WORK/dashboard.png" "$URL" \
  >>"$WORK/chromium.log" 2>&1
[ -s "$WORK/dashboard.png" ] || { echo "superset/test.sh: no screenshot" >&2; exit 1; }
echo "superset/test.sh: screenshot $WORK/dashboard.png"
t4=$(date +%s)

# 3. PostgreSQL: the same dashboard re-imported in place over the tables output.sql published
bin/campaign-metrics superset --config "$CONFIG" --warehouse "$WH" --database postgresql --out "$WORK/pg_bundle.zip" \
  2>/dev/null | sed 's/^/superset\/test.sh: /'
"$VENV/bin/python" "$HERE/import_bundle.py" "$WORK/pg_bundle.zip" 2>>"$WORK/import.log"
"$VENV/bin/python" "$HERE/test_dashboard.py" --base "$BASE" --warehouse "$WH" --backend postgresql \
  --min-cell-size "${MIN_CELL:-5}" --password-file "$CM_SUPERSET_HOME/admin_password"
t5=$(date +%s)
echo "superset/test.sh: sample run with output.sql $((t1 - t0)) s, bundle and instance $((t2 - t1)) s," \
  "DuckDB checks $((t3 - t2)) s, browser $((t4 - t3)) s, PostgreSQL $((t5 - t4)) s, in all $((t5 - t0)) s"
