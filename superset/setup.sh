#!/usr/bin/env bash
# Make (or update) the local Superset instance and import a campaign-metrics bundle into it.
#   superset/setup.sh BUNDLE.zip [CATALOG.sql DUCKDB_FILE]
#   superset/setup.sh --venv-only      (just make the venv; bin/test does it while Maven runs)
# - the venv: $CM_SUPERSET_VENV (default build/superset-venv), made from superset/requirements.txt on
#   first use and again when that file changes (PyPI only; no browser or binary is downloaded);
# - the instance: $CM_SUPERSET_HOME (default build/superset): a SQLite metadata DB (superset.db), a
#   secret key and the admin's password, each made once (files secret_key, admin_password, mode 600);
# - with CATALOG.sql (written by `campaign-metrics superset`): the DuckDB catalog DUCKDB_FILE, rebuilt
#   beside and renamed into place (superset/catalog.py);
# - the bundle is imported with Superset's assets importer: what it holds is overwritten in place.
# Prints how long each part took. superset/serve.sh calls this; so does the test (superset/test.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
VENV_ONLY=0
if [ "${1:-}" = "--venv-only" ]; then VENV_ONLY=1; set -- "-"; fi
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -ge 1 ] && exit 0 || exit 2
fi
BUNDLE="$1"; CATALOG_SQL="${2:-}"; DUCKDB_FILE="${3:-}"
[ "$VENV_ONLY" = 1 ] || [ -f "$BUNDLE" ] || { echo "setup: no bundle $BUNDLE (run: bin/campaign-metrics superset --config F)" >&2; exit 2; }
VENV="${CM_SUPERSET_VENV:-$ROOT/build/superset-venv}"
export CM_SUPERSET_HOME="${CM_SUPERSET_HOME:-$ROOT/build/superset}"
mkdir -p "$CM_SUPERSET_HOME"
t0=$(date +%s)

stamp="$(sha256sum "$HERE/requirements.txt" | cut -c1-16)"
if [ ! -x "$VENV/bin/superset" ] || [ "$(cat "$VENV/.cm-requirements" 2>/dev/null)" != "$stamp" ]; then
  echo "setup: making the Superset venv $VENV from superset/requirements.txt (a minute) …"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  echo "$stamp" > "$VENV/.cm-requirements"
fi
t1=$(date +%s)
if [ "$VENV_ONLY" = 1 ]; then echo "setup: venv $VENV ready ($((t1 - t0)) s)"; exit 0; fi

umask 077
[ -s "$CM_SUPERSET_HOME/secret_key" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(42))' > "$CM_SUPERSET_HOME/secret_key"
[ -s "$CM_SUPERSET_HOME/admin_password" ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(12))' > "$CM_SUPERSET_HOME/admin_password"
umask 022
export SUPERSET_CONFIG_PATH="$HERE/superset_config.py"
SUPERSET_SECRET_KEY="$(cat "$CM_SUPERSET_HOME/secret_key")"; export SUPERSET_SECRET_KEY
export FLASK_APP=superset SUPERSET_LOG_LEVEL="${SUPERSET_LOG_LEVEL:-warning}"
log="$CM_SUPERSET_HOME/setup.log"
if [ ! -f "$CM_SUPERSET_HOME/superset.db" ]; then
  echo "setup: new instance in $CM_SUPERSET_HOME (metadata DB, admin user, roles) …"
  { "$VENV/bin/superset" db upgrade
    "$VENV/bin/superset" fab create-admin --username admin --firstname Campaign --lastname Metrics \
      --email admin@example.invalid --password "$(cat "$CM_SUPERSET_HOME/admin_password")"
    "$VENV/bin/superset" init; } > "$log" 2>&1 || { tail -30 "$log" >&2; echo "setup: failed; see $log" >&2; exit 1; }
else
  "$VENV/bin/superset" db upgrade > "$log" 2>&1 || { tail -30 "$log" >&2; echo "setup: db upgrade failed; see $log" >&2; exit 1; }
fi
t2=$(date +%s)

if [ -n "$CATALOG_SQL" ]; then
  "$VENV/bin/python" "$HERE/catalog.py" "$CATALOG_SQL" "$DUCKDB_FILE"
fi
"$VENV/bin/python" "$HERE/import_bundle.py" "$BUNDLE" --user admin 2>>"$log"
t3=$(date +%s)
echo "setup: venv $((t1 - t0)) s, instance $((t2 - t1)) s, catalog and import $((t3 - t2)) s"
