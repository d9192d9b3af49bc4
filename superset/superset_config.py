"""Superset config for campaign-metrics' local instance (superset/setup.sh, serve.sh, the test).

Everything comes from the environment that setup.sh sets; nothing here is a secret.
- CM_SUPERSET_HOME: the instance folder (metadata DB superset.db, the DuckDB catalog).
- SUPERSET_SECRET_KEY: made once per instance by setup.sh (superset refuses the default key).
- CM_SUPERSET_TEST=1: a throw-away test instance: CSRF off (the test's REST client posts with a
  bearer token only) and anonymous visitors get the Admin role, so headless Chromium can take a
  screenshot without logging in. Never set it on an instance anyone else can reach.
- CM_SQL_PASSWORD: the password of the PostgreSQL/MariaDB user in the bundle's database URI, so it is
  neither in the bundle nor in the metadata DB.
"""
import os

_home = os.environ.get("CM_SUPERSET_HOME", os.path.join(os.path.dirname(__file__), "..", "build", "superset"))
SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.abspath(os.path.join(_home, "superset.db"))
# Answers are the aggregates as they are now: no result cache (a new snapshot shows at once).
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
FILTER_STATE_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}
EXPLORE_FORM_DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 86400}
TALISMAN_ENABLED = False  # serves on 127.0.0.1 only, over plain HTTP
FEATURE_FLAGS = {"DASHBOARD_NATIVE_FILTERS": True}
# read_parquet and friends open any file: not for SQL Lab users of the catalog (context/dashboards.md 2.1)
DISALLOWED_SQL_FUNCTIONS = {
    "duckdb": {"read_csv", "read_csv_auto", "read_text", "read_blob", "read_json", "read_json_auto",
               "read_parquet", "parquet_scan", "glob", "getenv"},
}

if os.environ.get("CM_SQL_PASSWORD"):
    SQLALCHEMY_CUSTOM_PASSWORD_STORE = lambda url: os.environ["CM_SQL_PASSWORD"]  # noqa: E731

if os.environ.get("CM_SUPERSET_TEST") == "1":
    WTF_CSRF_ENABLED = False
    AUTH_ROLE_PUBLIC = "Public"
    PUBLIC_ROLE_LIKE = "Admin"
