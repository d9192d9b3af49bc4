"""bench/goals_duckdb.py — DuckDB's run of bench/goals.sql, the peer of our `goals` in bench/goals.sh
(issue 20, item 2), and the comparison of both outputs.

  goals_duckdb.py run CAMPAIGNEVENTS_DIR OUT [--threads N]
      reads the ten TSV tables, runs bench/goals.sql, writes summary and progress as Parquet into
      OUT (timed whole process by bench/goals.sh).
  goals_duckdb.py compare WAREHOUSE SNAPSHOT OUT
      compares with the job's committed CSV copies of event_contribution_summary and
      event_goal_progress (visibility public): every count equal; ratio within 1e-12, percent,
      reached, primary metric and its current value equal where the job has no error; where it has
      one, DuckDB found the goal not counted ("not counted: …") or not valid (any other error).
      Exit 1 on a difference.

Only the standard library, the duckdb package (bench/requirements.txt) and the tests' commit-record
reader (src/test/python/committed.py).
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src", "test", "python"))
from committed import csv_rows, newest_record  # noqa: E402  the tests' commit-record reader (stdlib)
TABLES = ["campaign_events", "ce_participants", "ce_organizers", "ce_event_wikis", "ce_event_topics", "ce_address",
          "ce_event_address", "ce_event_contributions", "ce_event_goals", "globaluser"]


def run(folder, out, threads):
    import duckdb
    started = time.monotonic()
    con = duckdb.connect(config={"threads": threads})
    for table in TABLES:
        path = os.path.join(folder, table + ".tsv").replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_csv('{path}', delim = '\t', header = true, "
                    f"nullstr = 'NULL', quote = '', escape = '', sample_size = -1)")
    con.execute("CREATE TABLE disallowed AS SELECT 'AQ' AS country")
    with open(os.path.join(HERE, "goals.sql"), encoding="utf-8") as f:
        con.execute(f.read())
    os.makedirs(out, exist_ok=True)
    for table in ("summary", "progress"):
        con.execute(f"COPY {table} TO '{os.path.join(out, table + '.parquet')}' (FORMAT parquet)")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("kept", "summary", "progress")}
    print(f"duckdb {duckdb.__version__}, {threads} threads: {counts['kept']} events kept, {counts['progress']} goals "
          f"in {time.monotonic() - started:.1f} s")


def committed_csv(warehouse, snapshot, name):
    """The public rows of the job's committed CSV copy of `name`."""
    rows = csv_rows(warehouse, newest_record(warehouse, snapshot), name)
    return [r for r in rows if r["visibility"] == "public"]


def compare(warehouse, snapshot, out):
    import duckdb
    con = duckdb.connect()

    def peer(table):
        cur = con.execute(f"SELECT * FROM read_parquet('{os.path.join(out, table + '.parquet')}')")
        names = [d[0] for d in cur.description]
        return {str(row[0]): dict(zip(names, row)) for row in cur.fetchall()}

    problems, cells = [], 0
    summary = peer("summary")
    ours = committed_csv(warehouse, snapshot, "event_contribution_summary")
    counts = ["participants", "wikis", "articles_created", "articles_edited", "edits", "bytes_added", "bytes_removed",
              "links_added", "links_removed"]
    for row in ours:
        theirs = summary.get(row["event_id"])
        if theirs is None:
            problems.append(f"summary {row['event_id']}: only in the job's output")
            continue
        for column in counts:
            cells += 1
            if int(row[column]) != theirs[column]:
                problems.append(f"summary {row['event_id']}: {column} {row[column]} vs DuckDB's {theirs[column]}")
    for event in summary.keys() - {r["event_id"] for r in ours}:
        problems.append(f"summary {event}: only in DuckDB's output")
    progress = peer("progress")
    ours = committed_csv(warehouse, snapshot, "event_goal_progress")
    errors = {"not counted": 0, "not valid": 0}
    for row in ours:
        theirs = progress.get(row["event_id"])
        if theirs is None:
            problems.append(f"progress {row['event_id']}: only in the job's output")
            continue
        if row["error"]:
            kind = "not counted" if row["error"].startswith("not counted") else "not valid"
            errors[kind] += 1
            if theirs["error"] != kind:
                problems.append(f"progress {row['event_id']}: the job says {row['error']!r}, DuckDB {theirs['error']!r}")
            continue
        if theirs["error"]:
            problems.append(f"progress {row['event_id']}: DuckDB says {theirs['error']!r}, the job has a value")
            continue
        cells += 5
        if abs(float(row["ratio"]) - theirs["ratio"]) > 1e-12:
            problems.append(f"progress {row['event_id']}: ratio {row['ratio']} vs DuckDB's {theirs['ratio']}")
        for column, value in (("percent", int(row["percent"])), ("reached", row["reached"] == "true"),
                              ("primary_metric", row["primary_metric"]),
                              ("primary_current", int(row["primary_current"]))):
            if value != theirs[column]:
                problems.append(f"progress {row['event_id']}: {column} {row[column]} vs DuckDB's {theirs[column]}")
    for event in progress.keys() - {r["event_id"] for r in ours}:
        problems.append(f"progress {event}: only in DuckDB's output")
    for p in problems[:40]:
        print("  " + p)
    print(f"compare: {cells} published values compared with DuckDB's ({len(summary)} events, {len(progress)} goals, "
          f"{errors['not counted']} not counted, {errors['not valid']} not valid), {len(problems)} difference(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else os.cpu_count()
        run(sys.argv[2], sys.argv[3], threads)
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        sys.exit(__doc__)
