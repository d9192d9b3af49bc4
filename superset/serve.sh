#!/usr/bin/env bash
# One command for a person: a local Superset with the dashboard "Campaign retention and event goals"
# over a warehouse the job has written.
#   superset/serve.sh --config conf/sample.yaml [--database duckdb|postgresql|mariadb] [--port 8088]
#                     [--foreground] [--warehouse PATH] [--snapshot YYYY-MM]
#   superset/serve.sh --stop
# Builds the bundle (bin/campaign-metrics superset), makes or updates the instance and the venv on
# first use (superset/setup.sh), imports the bundle, and starts Superset on 127.0.0.1 in the
# background (log and pid in build/superset/). Log in as admin with the password it prints.
# Run it again after each run of the job: it rebuilds the DuckDB catalog and re-imports in place.
# For --database postgresql|mariadb the config needs output.sql, and Superset reads the password
# from CM_SQL_PASSWORD (export it first).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
export CM_SUPERSET_HOME="${CM_SUPERSET_HOME:-$ROOT/build/superset}"
VENV="${CM_SUPERSET_VENV:-$ROOT/build/superset-venv}"
PORT=8088; DATABASE=duckdb; FOREGROUND=0; JOB_ARGS=()
stop() {
  if [ -f "$CM_SUPERSET_HOME/gunicorn.pid" ] && kill -0 "$(cat "$CM_SUPERSET_HOME/gunicorn.pid")" 2>/dev/null; then
    kill "$(cat "$CM_SUPERSET_HOME/gunicorn.pid")"; sleep 1; echo "serve: stopped the Superset of $CM_SUPERSET_HOME"
  fi
  rm -f "$CM_SUPERSET_HOME/gunicorn.pid"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --config|--warehouse|--snapshot) JOB_ARGS+=("$1" "$2"); shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --foreground) FOREGROUND=1; shift ;;
    --stop) stop; exit 0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "serve: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#JOB_ARGS[@]} -gt 0 ] || { echo "serve: --config FILE is required (see --help)" >&2; exit 2; }
mkdir -p "$CM_SUPERSET_HOME"
BUNDLE="$CM_SUPERSET_HOME/campaign_metrics_bundle.zip"
"$ROOT/bin/campaign-metrics" superset "${JOB_ARGS[@]}" --database "$DATABASE" --out "$BUNDLE" \
  --duckdb-file "$CM_SUPERSET_HOME/campaign_metrics.duckdb"
if [ "$DATABASE" = duckdb ] && ! grep -q '^INSERT INTO _catalog' "$CM_SUPERSET_HOME/campaign_metrics_catalog.sql"; then
  echo "serve: the warehouse has no committed snapshot yet, so the dashboard will be empty;" \
    "run the job first: bin/campaign-metrics run ${JOB_ARGS[*]}" >&2
fi
if [ "$DATABASE" = duckdb ]; then
  "$HERE/setup.sh" "$BUNDLE" "$CM_SUPERSET_HOME/campaign_metrics_catalog.sql" "$CM_SUPERSET_HOME/campaign_metrics.duckdb"
else
  "$HERE/setup.sh" "$BUNDLE"
fi
stop >/dev/null
export SUPERSET_CONFIG_PATH="$HERE/superset_config.py"
SUPERSET_SECRET_KEY="$(cat "$CM_SUPERSET_HOME/secret_key")"; export SUPERSET_SECRET_KEY
URL="http://127.0.0.1:$PORT/superset/dashboard/campaign-retention/"
GUNICORN=("$VENV/bin/gunicorn" -w 2 --threads 4 -b "127.0.0.1:$PORT" --timeout 120 "superset.app:create_app()")
if [ "$FOREGROUND" = 1 ]; then
  echo "serve: $URL (Ctrl-C stops it)"; echo "user: admin"; echo "password: $(cat "$CM_SUPERSET_HOME/admin_password")"
  exec "${GUNICORN[@]}"
fi
nohup "${GUNICORN[@]}" --pid "$CM_SUPERSET_HOME/gunicorn.pid" > "$CM_SUPERSET_HOME/gunicorn.log" 2>&1 &
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 || { tail -20 "$CM_SUPERSET_HOME/gunicorn.log" >&2; echo "serve: Superset did not start; see $CM_SUPERSET_HOME/gunicorn.log" >&2; exit 1; }
echo "serve: Superset is running: $URL"
echo "serve: stop it with superset/serve.sh --stop (log: $CM_SUPERSET_HOME/gunicorn.log)"
echo "user: admin"
echo "password: $(cat "$CM_SUPERSET_HOME/admin_password")"
