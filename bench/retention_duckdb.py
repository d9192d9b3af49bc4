"""bench/retention_duckdb.py — DuckDB's run of bench/retention.sql, the peer of our `retention` in
bench/retention.sh (issue 20, item 1), and the comparison of both outputs.

  retention_duckdb.py run WAREHOUSE SNAPSHOT CAMPAIGNS_CSV OUT [--threads N]
      reads the committed edits and users of SNAPSHOT (the files the newest commit record lists),
      the campaigns file and its participants files, runs bench/retention.sql and writes summary,
      curve, by_wiki and rollup as Parquet into OUT (what our job writes too; timed whole process).
  retention_duckdb.py compare WAREHOUSE SNAPSHOT OUT
      compares cell for cell with the job's published CSV copies (the committed ones): every count
      the job published equals DuckDB's; a count the job left null is censored or marked
      suppressed; censoring agrees everywhere. Exit 1 on a difference.

Only the standard library, the duckdb package (bench/requirements.txt) and the tests' commit-record
reader (src/test/python/committed.py).
"""
import csv
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src", "test", "python"))
from committed import csv_rows, newest_record  # noqa: E402  the tests' commit-record reader (stdlib)


def files(warehouse, record, name):
    entry = record["datasets"][name]
    return [os.path.join(warehouse, entry["partition"], ref["path"]) for ref in entry["files"]]


def normalise(name):
    """MediaWiki's user name normalisation, the part ASCII names need: _ and runs of spaces are one
    space, none at the ends, the first letter upper case (docs/metrics.md "Names")."""
    name = " ".join(name.replace("_", " ").split())
    return name[:1].upper() + name[1:]


def run(warehouse, snapshot, campaigns_csv, out, threads):
    import duckdb
    started = time.monotonic()
    record = newest_record(warehouse, snapshot)
    coverage = json.loads(record["datasets"]["edits"]["side_files"]["_coverage.json"])
    con = duckdb.connect(config={"threads": threads})
    con.execute("SET TimeZone = 'UTC'")

    def parquet_view(view, name):
        paths = files(warehouse, record, name)
        listed_paths = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet([{listed_paths}], hive_partitioning = true)")

    parquet_view("edits", "edits")
    parquet_view("users", "users")
    campaigns, listed = [], []
    with open(campaigns_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            campaigns.append((row["id"], row["series"] or None, row["country"] or None, row["start"], row["end"]))
            with open(row["participants_file"], encoding="utf-8") as names:
                listed.extend((row["id"], normalise(n)) for n in names.read().splitlines() if n.strip())
    con.execute("CREATE TABLE campaigns (campaign_id VARCHAR, series VARCHAR, country VARCHAR, "
                "campaign_start TIMESTAMPTZ, campaign_end TIMESTAMPTZ)")
    con.executemany("INSERT INTO campaigns VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ)", campaigns)
    # through a file DuckDB reads: binding two lists of 50,000 values as query parameters took 14 s in
    # the Python client, most of the peer's time in its first measurements
    os.makedirs(out, exist_ok=True)
    listed_file = os.path.join(out, "listed.tsv")
    with open(listed_file, "w", encoding="utf-8") as f:
        f.writelines(f"{c}\t{n}\n" for c, n in listed)
    con.execute("CREATE TABLE listed AS SELECT * FROM read_csv($1, delim = '\t', header = false, quote = '', "
                "escape = '', columns = {'campaign_id': 'VARCHAR', 'user_name': 'VARCHAR'})", [listed_file])
    protected = []
    with open(os.path.join(ROOT, "conf", "country-protection-list.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                protected.append(line.split()[0])
    con.execute("CREATE TABLE protected AS SELECT unnest($1::VARCHAR[]) AS country", [protected])
    # the data horizon: the first instant after the snapshot's month; the history read: coverage's `to`
    year, month = map(int, snapshot.split("-"))
    horizon = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01T00:00:00Z"
    con.execute("CREATE TABLE params AS SELECT $1::TIMESTAMPTZ AS data_horizon, $2::TIMESTAMPTZ AS history_to, "
                "0 AS preregistration_days, 1 AS min_edits, 12 AS max_horizon, [3, 6, 9, 12] AS horizons",
                [horizon, coverage["to"] or horizon])
    with open(os.path.join(HERE, "retention.sql"), encoding="utf-8") as f:
        con.execute(f.read())
    os.makedirs(out, exist_ok=True)
    for table in ("summary", "curve", "by_wiki", "rollup"):
        con.execute(f"COPY {table} TO '{os.path.join(out, table + '.parquet')}' (FORMAT parquet)")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("members", "activity", "summary")}
    print(f"duckdb {duckdb.__version__}, {threads} threads: {len(campaigns)} campaigns, {len(listed)} names listed, "
          f"{counts['members']} cohort members, {counts['activity']} activity rows, {counts['summary']} summary rows "
          f"in {time.monotonic() - started:.1f} s")


def compare(warehouse, snapshot, out):
    import duckdb
    record = newest_record(warehouse, snapshot)
    con = duckdb.connect()
    problems, cells, suppressed = [], 0, 0

    def check(table, ours, key_columns, peer_rows, counts, whole):
        """ours: the job's CSV rows; peer_rows: DuckDB's {key: row}. whole: every key on both sides."""
        nonlocal cells, suppressed
        seen = set()
        for row in ours:
            key = tuple(row[c] for c in key_columns)
            seen.add(key)
            peer = peer_rows.get(key)
            if peer is None:
                problems.append(f"{table} {key}: only in the job's output")
                continue
            if "censored" in row and (row["censored"] == "true") != bool(peer["censored"]):
                problems.append(f"{table} {key}: censored {row['censored']} vs {peer['censored']}")
            for column in counts:
                if row[column] == "":
                    if not (row.get("censored") == "true" and column == "retained") and row["suppressed"] != "true":
                        problems.append(f"{table} {key}: {column} null but neither censored nor suppressed")
                    suppressed += row["suppressed"] == "true"
                    continue
                cells += 1
                if int(row[column]) != peer[column]:
                    problems.append(f"{table} {key}: {column} {row[column]} vs DuckDB's {peer[column]}")
        if whole:
            for key in peer_rows.keys() - seen:
                problems.append(f"{table} {key}: only in DuckDB's output")

    def peer(table, key_columns):
        # timestamps as text: the comparison does not need them (and Python's time zones need pytz)
        cur = con.execute(f"SELECT COLUMNS(c -> c NOT IN ('window_start', 'window_end')) "
                          f"FROM read_parquet('{os.path.join(out, table + '.parquet')}')")
        names = [d[0] for d in cur.description]
        rows = {}
        for values in cur.fetchall():
            row = dict(zip(names, values))
            rows[tuple("" if row[c] is None else str(row[c]) for c in key_columns)] = row
        return rows

    summary_key = ["campaign_id", "cohort", "horizon_months"]
    check("retention_summary", csv_rows(warehouse, record, "retention_summary"), summary_key,
          peer("summary", summary_key), ["cohort_size", "retained"], True)
    curve_key = ["campaign_id", "cohort", "month"]
    check("retention_curve", csv_rows(warehouse, record, "retention_curve"), curve_key,
          peer("curve", curve_key), ["cohort_size", "retained"], True)
    rollup_key = ["series", "country", "cohort", "horizon_months"]
    check("retention_rollup", csv_rows(warehouse, record, "retention_rollup"), rollup_key,
          peer("rollup", rollup_key), ["cohort_size", "retained"], True)
    # by wiki: the job publishes the rows of cohorts not suppressed and windows not censored only
    wiki_key = ["campaign_id", "cohort", "horizon_months", "wiki_db"]
    wiki_rows = peer("by_wiki", wiki_key)
    for row in wiki_rows.values():
        row["censored"] = None
    check("retention_by_wiki", [dict(r, censored="") for r in csv_rows(warehouse, record, "retention_by_wiki")],
          wiki_key, wiki_rows, ["retained"], False)
    for p in problems[:40]:
        print("  " + p)
    print(f"compare: {cells} published counts compared with DuckDB's, {suppressed} suppressed ones checked "
          f"marked, {len(problems)} difference(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "run":
        threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else os.cpu_count()
        run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], threads)
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        sys.exit(__doc__)
