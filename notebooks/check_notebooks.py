"""Compares the figures the executed notebooks print (`CHECK name = value`) with the aggregates,
computed here from the job's CSV copies (csv/<name>/snapshot=S/<name>.csv, checked against the
SHA-256 the newest commit record gives) — a second path to the same numbers, independent of
cm_nb's Parquet reading and of the notebooks' code. Stdlib only.

    python notebooks/check_notebooks.py WAREHOUSE EXECUTED_NOTEBOOK...

Exit 0 when every expected figure was printed and equal; prints one line per figure.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
from committed import csv_rows, newest_record  # noqa: E402  (the tests' reader, not cm_nb's)


def num(text):
    return None if text in ("", None) else float(text)


def expected(warehouse):
    rec = newest_record(warehouse)
    curve = csv_rows(warehouse, rec, "retention_curve")
    summary = csv_rows(warehouse, rec, "retention_summary")
    rollup = csv_rows(warehouse, rec, "retention_rollup")
    by_wiki = csv_rows(warehouse, rec, "retention_by_wiki")
    campaigns = csv_rows(warehouse, rec, "campaigns")
    progress = [r for r in csv_rows(warehouse, rec, "event_goal_progress") if r["visibility"] == "public"]
    first = min(int(r["horizon_months"]) for r in summary)
    known = [r for r in summary if r["cohort"] == "newcomers" and int(r["horizon_months"]) == first
             and r["retained"] != ""]
    wiki = {}
    for r in by_wiki:
        if r["cohort"] == "newcomers" and int(r["horizon_months"]) == first and r["retained"] != "":
            wiki[r["wiki_db"]] = wiki.get(r["wiki_db"], 0) + int(r["retained"])
    top = sorted(wiki.items(), key=lambda kv: -kv[1])
    valid = [r for r in progress if r["error"] == ""]
    percents = [100 * json.loads(r["metrics"])[0]["uncapped_ratio"] for r in valid]
    return {
        "campaigns_plotted": len({r["campaign_id"] for r in curve if r["cohort"] in ("newcomers", "existing")}),
        "curve_cells_with_rate": sum(1 for r in curve if r["cohort"] in ("newcomers", "existing") and r["rate"] != ""),
        f"newcomers_pooled_rate_at_{first}": round(sum(num(r["retained"]) for r in known)
                                                   / sum(num(r["cohort_size"]) for r in known), 6),
        "series_count": len({r["series"] for r in rollup if r["country"] == "" and r["cohort"] == "newcomers"}),
        "top_wiki": top[0][0] if top else "none",
        "top_wiki_retained": top[0][1] if top else 0,
        "participants_listed_total": int(sum(num(r["participants_listed"]) or 0 for r in campaigns)),
        "goals_valid": len(valid),
        "goals_reached": sum(1 for r in valid if r["reached"] == "true"),
        "goals_not_valid": len(progress) - len(valid),
        "max_primary_percent": round(max(percents), 6),
    }


def printed(notebook):
    with open(notebook, encoding="utf-8") as f:
        book = json.load(f)
    found = {}
    for cell in book["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", "")) if output.get("output_type") == "stream" else ""
            for name, value in re.findall(r"^CHECK (\S+) = (.*)$", text, re.M):
                found[name] = value.strip()
    return found


def same(a, b):
    try:
        return abs(float(a) - float(b)) < 1e-9
    except ValueError:
        return str(a) == str(b)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip())
        return 2
    want = expected(argv[1])
    got = {}
    for notebook in argv[2:]:
        got.update(printed(notebook))
    problems = 0
    for name, value in want.items():
        ok = name in got and same(got[name], value)
        problems += not ok
        print(f"check: {name}: notebook {got.get(name, '(not printed)')}, aggregates {value} {'ok' if ok else 'DIFFERS'}")
    print(f"check: {len(want) - problems} of {len(want)} figures equal the aggregates")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
