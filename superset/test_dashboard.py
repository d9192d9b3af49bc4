"""The dashboard test (run by superset/test.sh, in the Superset venv): asks a running Superset for the
data of every chart of the dashboard "campaign-retention" and asserts it equals what the job's
aggregates say, read here independently through the newest commit record with pyarrow.

    python superset/test_dashboard.py --base http://127.0.0.1:PORT --warehouse WH --backend duckdb \
        --min-cell-size 5 [--password-file build/superset/admin_password]

For each chart: (1) its saved query context (GET /api/v1/chart/{id}/data/), (2) the same query
POSTed to /api/v1/chart/data with the snapshot filter the dashboard applies. The expected rows are
computed from the aggregates with the chart's own query (columns, metrics, filters) and the
metric definitions of docs/dashboards.md. Also: no person count shown is under the minimum cell
size (0 aside), and a table's suppressed or censored cells say so. Exit 0 when all hold; prints a
line per chart.
"""
import argparse
import json
import math
import os
import sys
import urllib.request

import pyarrow.parquet as pq
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
from committed import newest_record  # noqa: E402

PERSON_COUNTS = ("cohort_size", "retained", "participants_")


def read_dataset(warehouse, record, name):
    entry = record["datasets"].get(name)
    if entry is None:
        return None
    tables = [pq.read_table(os.path.join(warehouse, entry["partition"], f["path"])) for f in entry["files"]]
    frame = pd.concat([t.to_pandas() for t in tables], ignore_index=True)
    frame["snapshot"] = record["snapshot"]
    return frame


def status(row):
    if row["suppressed"]:
        return "suppressed (a small cell, or one that would reveal it)"
    if row["censored"]:
        return "censored: " + str(row["censored_because"])
    return "published"


def dataset_frame(warehouse, record, name):
    if name == "event_goals":
        goals = read_dataset(warehouse, record, "event_goal_progress")
        events = read_dataset(warehouse, record, "events")
        goals = goals[(goals["visibility"] == "public") & goals["error"].isna()].copy()
        goals["primary_percent"] = [100.0 * m[0]["uncapped_ratio"] if m is not None and len(m) else None
                                    for m in goals["metrics"]]
        merged = goals.merge(events.rename(columns={"country_code": "country"}), on=["event_id", "snapshot"],
                             suffixes=("", "_e"))
        return merged
    frame = read_dataset(warehouse, record, name)
    if frame is not None and "suppressed" in frame.columns and "cohort_size" in frame.columns:
        frame["cell_status"] = frame.apply(status, axis=1)
    return frame


def nan_to_none(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return nan_to_none(value.item())
    return value


def metric(name, frame):
    def col(c):
        return frame[c]
    if name == "count":
        return len(frame)
    if name == "retention_rate":
        known = frame[frame["retained"].notna()]
        denominator = known["cohort_size"].sum(min_count=1)
        if known.empty or pd.isna(denominator) or denominator == 0:
            return None
        return float(known["retained"].sum()) / float(denominator)
    if name == "primary_percent_max":
        return col("primary_percent").max()
    if name == "reached_share":
        reached, not_reached = col("reached").sum(), col("not_reached").sum()
        return None if reached + not_reached == 0 else reached / (reached + not_reached)
    base, agg = name.rsplit("_", 1)
    series = col(base)
    if agg == "sum":
        return series.sum(min_count=1)
    if agg == "max":
        return series.max()
    raise ValueError("no expected value for metric " + name)


def apply_filters(frame, filters):
    for f in filters:
        c, op = f["col"], f["op"]
        if op == "==":
            frame = frame[frame[c] == f["val"]]
        elif op == "IN":
            frame = frame[frame[c].isin(f["val"])]
        elif op == "IS NULL":
            frame = frame[frame[c].isna()]
        else:
            raise ValueError("filter op " + op)
    return frame


def expected_rows(frame, query):
    frame = apply_filters(frame, query.get("filters", []))
    columns = [c if isinstance(c, str) else c["label"] for c in query.get("columns", [])]
    metrics = query.get("metrics")
    if metrics is None:  # raw mode
        return [tuple(nan_to_none(v) for v in row) for row in frame[columns].itertuples(index=False)], columns
    if not columns:
        return [tuple(nan_to_none(metric(m, frame)) for m in metrics)], metrics
    rows = []
    for key, group in frame.groupby(columns, dropna=False, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        rows.append(tuple(nan_to_none(k) for k in key) + tuple(nan_to_none(metric(m, group)) for m in metrics))
    return rows, columns + metrics


def normalise(value):
    if isinstance(value, pd.Timestamp):  # Superset answers epoch milliseconds; the job's timestamps are UTC
        stamp = value.tz_convert("UTC") if value.tzinfo else value.tz_localize("UTC")
        return float(stamp.value // 1_000_000)
    value = nan_to_none(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 9)
    return str(value)


def sort_key(row):
    return tuple((v is None, str(type(v)), v if v is not None else 0) for v in row)


class Api:
    def __init__(self, base, password):
        self.base = base
        token = self.call("POST", "/api/v1/security/login",
                          {"username": "admin", "password": password, "provider": "db", "refresh": True})
        self.token = token["access_token"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if getattr(self, "token", None):
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            raise AssertionError(f"{method} {path}: HTTP {e.code}: {e.read()[:2000]!r}")


def check_chart(api, chart_id, title, frame, query, label, min_cell_size, problems):
    result = api.call("GET", f"/api/v1/chart/{chart_id}/data/?format=json&type=full")["result"][0]
    if result.get("error"):
        problems.append(f"{title}: {result['error']}")
        return 0
    checked = compare(title + " (saved query)", result, frame, query, min_cell_size, problems)
    # the same query as the dashboard sends it, with the snapshot filter applied
    snapshot = frame["snapshot"].iloc[0] if len(frame) else None
    posted = dict(query)
    posted["filters"] = list(query.get("filters", [])) + ([{"col": "snapshot", "op": "IN", "val": [snapshot]}]
                                                           if snapshot else [])
    context = {"datasource": {"id": result_datasource(api, chart_id), "type": "table"}, "force": True,
               "queries": [posted], "result_format": "json", "result_type": "full"}
    posted_result = api.call("POST", "/api/v1/chart/data", context)["result"][0]
    checked += compare(title + " (posted query)", posted_result, frame, posted, min_cell_size, problems)
    return checked


_datasources = {}


def result_datasource(api, chart_id):
    if chart_id not in _datasources:
        chart = api.call("GET", f"/api/v1/chart/{chart_id}")["result"]
        _datasources[chart_id] = json.loads(chart["query_context"])["datasource"]["id"]
    return _datasources[chart_id]


def compare(title, result, frame, query, min_cell_size, problems):
    expected, names = expected_rows(frame, query)
    got = [tuple(normalise(row.get(n)) for n in names) for row in result["data"]]
    want = [tuple(normalise(v) for v in row) for row in expected]
    if sorted(got, key=sort_key) != sorted(want, key=sort_key):
        problems.append(f"{title}: Superset answered {len(got)} rows, the aggregates give {len(want)}; "
                        f"first differences: {sorted(set(got) - set(want), key=sort_key)[:3]} vs "
                        f"{sorted(set(want) - set(got), key=sort_key)[:3]}")
    for row in result["data"]:
        for name, value in row.items():
            if any(name.startswith(p) for p in PERSON_COUNTS) and name != "retention_rate" \
                    and isinstance(value, (int, float)) and 0 < value < min_cell_size:
                problems.append(f"{title}: {name} = {value} is under the minimum cell size {min_cell_size}")
        if "cell_status" in row and row["cell_status"].startswith("suppressed"):
            if all(row.get(c) is not None for c in ("cohort_size", "retained", "rate") if c in row):
                problems.append(f"{title}: a suppressed row shows all its counts: {row}")
    return len(got)


def main(argv):
    parser = argparse.ArgumentParser(description="Superset dashboard numbers vs the aggregates")
    parser.add_argument("--base", required=True)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--min-cell-size", type=int, default=5)
    parser.add_argument("--password-file", help="file holding the admin's password (setup.sh's admin_password); "
                        "default: $CM_SUPERSET_ADMIN_PASSWORD, else 'admin'. Not taken on the command line: "
                        "a password there shows in the process list, and one starting with '-' reads as an option")
    args = parser.parse_args(argv[1:])
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read().strip()
    else:
        password = os.environ.get("CM_SUPERSET_ADMIN_PASSWORD", "admin")
    api = Api(args.base, password)
    record = newest_record(args.warehouse)
    dashboard = api.call("GET", "/api/v1/dashboard/campaign-retention")["result"]
    charts = api.call("GET", "/api/v1/dashboard/campaign-retention/charts")["result"]
    listed = api.call("GET", "/api/v1/database/?q=(filters:!((col:database_name,opr:eq,value:campaign_metrics)))")
    uri = "?"
    if listed["result"]:
        connection = api.call("GET", f"/api/v1/database/{listed['result'][0]['id']}/connection")["result"]
        uri = connection.get("sqlalchemy_uri") or connection.get("backend", "?")
    print(f"test: dashboard '{dashboard['dashboard_title']}' with {len(charts)} charts, database {uri}")
    if args.backend not in uri:
        print(f"test: FAILED: the database is {uri}, not {args.backend}")
        return 1
    problems, rows = [], 0
    frames = {}
    for chart in charts:
        detail = api.call("GET", f"/api/v1/chart/{chart['id']}")["result"]
        context = json.loads(detail["query_context"])
        dataset = api.call("GET", f"/api/v1/dataset/{context['datasource']['id']}")["result"]["table_name"]
        if dataset not in frames:
            frames[dataset] = dataset_frame(args.warehouse, record, dataset)
        frame = frames[dataset]
        n = check_chart(api, chart["id"], chart["slice_name"], frame, context["queries"][0], args.backend,
                        args.min_cell_size, problems)
        rows += n
        print(f"test:   {chart['slice_name']} ({dataset}): {n} rows (saved and posted query) checked")
    if len(charts) < 15:
        problems.append(f"the dashboard has {len(charts)} charts, expected 18")
    for p in problems:
        print("test: FAILED: " + p)
    print(f"test: {args.backend}: {len(charts)} charts, {rows} rows compared, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
