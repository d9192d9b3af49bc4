"""Make the DuckDB catalog Superset reads: run the SQL that `campaign-metrics superset` wrote
(views over the files of the newest commit records) into a new file, then rename it over the old
one, so a Superset that has the old file open keeps reading it until its next connection.

    python superset/catalog.py build/superset/campaign_metrics_catalog.sql build/superset/campaign_metrics.duckdb

Runs in the Superset venv (duckdb 1.5.x, the version Superset's duckdb-engine opens: DuckDB 2.0
files are unreadable by 1.x). Prints the views and each one's row count.
"""
import os
import sys
import tempfile

import duckdb


def build(sql_path: str, out_path: str) -> dict:
    with open(sql_path, encoding="utf-8") as f:
        sql = f.read()
    folder = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".catalog-", suffix=".duckdb", dir=folder)
    os.close(fd)
    os.unlink(temp)  # duckdb makes the file itself
    counts = {}
    try:
        con = duckdb.connect(temp)
        try:
            con.execute(sql)
            views = [r[0] for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
            for view in views:
                counts[view] = con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
        finally:
            con.close()
        os.replace(temp, out_path)
    finally:
        for leftover in (temp, temp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return counts


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) > 1 and argv[1] in ("-h", "--help") else 2
    counts = build(argv[1], argv[2])
    print(f"catalog: {argv[2]} (duckdb {duckdb.__version__}): {len(counts)} views")
    for view, rows in counts.items():
        if not view.endswith("_all_snapshots"):
            print(f"catalog:   {view}: {rows} rows (all snapshots: {counts.get(view + '_all_snapshots', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
