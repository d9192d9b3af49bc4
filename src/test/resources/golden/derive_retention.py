#!/usr/bin/env python3
"""An independent derivation of retention_summary for some campaigns of the bundled sample.

Reads sample-dumps/ with nothing but the Python standard library (bz2, csv) and applies the
rules of docs/metrics.md ("Retention") written out again here, without any of the project's
code: which lines are users and edits, the person key, global registration, newcomers, month
windows, censoring and small-cell suppression. Prints the rows it derives as CSV, in the columns
of retention_summary; golden/README.md says how they compare with sample_retention_summary.csv.

Usage (from the project root): python3 src/test/resources/golden/derive_retention.py [CAMPAIGN ...]
"""
import bz2
import calendar
import csv
import datetime as dt
import os
import re
import sys

ROOT = "sample-dumps/mediawiki_history/2026-09"
HORIZON = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)  # first instant after snapshot 2026-09
MIN_CELL = 5
HORIZONS = [3, 6, 9, 12]
# conf/sample.yaml (dashboard preset: preregistration_days 0)
CAMPAIGNS = {
    "wlm-2025-in": ("2025-09-01T00:00:00Z", "2025-09-30T23:59:59Z", "wlm-2025-in.txt"),
    "hiwiki-course-2025": ("2025-08-01T00:00:00Z", "2025-11-30T23:59:59Z", "hiwiki-course-2025.txt"),
    "editathon-2026-05": ("2026-05-10T00:00:00Z", "2026-05-12T23:59:59Z", "editathon-2026-05.txt"),
    "wlm-2024-in": ("2024-09-01T00:00:00Z", "2024-09-30T23:59:59Z", "wlm-2024-in.txt"),
}
# the earliest start of the sample's campaigns (wlm-2024-in): buckets ending before it are not read
RANGE_FROM = dt.datetime(2024, 9, 1, tzinfo=dt.timezone.utc)

# 78-column layout, 0-based, from the dump format's column table
C = dict(wiki=0, entity=2, ts=4, ev_user_id=6, ev_central=7, ev_text=9, ev_bot_hist=14, ev_bot=15,
         ev_self=16, ev_system=17, ev_peer=18, ev_anon=19, ev_temp=20, ev_reg=23, ev_creation=24, ev_first=25,
         user_id=41, user_central=42, user_text=44, user_bot_hist=49, user_bot=50, user_self=51,
         user_system=52, user_peer=53, user_anon=54, user_temp=55, user_reg=57, user_creation=58,
         user_first=59, revision_id=60)


def instant(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def ts(text):
    if not text:
        return None
    return dt.datetime.strptime(text.split(".")[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)


def unescape(text):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), text)


def add_months(t, k):
    month = t.month - 1 + k
    year = t.year + month // 12
    month = month % 12 + 1
    day = min(t.day, calendar.monthrange(year, month)[1])
    return t.replace(year=year, month=month, day=day)


def bucket_end(bucket):
    if bucket == "all-time":
        return None
    if len(bucket) == 4:
        return dt.datetime(int(bucket) + 1, 1, 1, tzinfo=dt.timezone.utc)
    y, m = map(int, bucket.split("-"))
    return add_months(dt.datetime(y, m, 1, tzinfo=dt.timezone.utc), 1)


def read():
    accounts = {}  # (wiki, user id) -> dict
    edits = []     # (wiki, user id, time)
    for wiki in sorted(os.listdir(ROOT)):
        for name in sorted(os.listdir(os.path.join(ROOT, wiki))):
            bucket = name.split(".")[2]
            end = bucket_end(bucket)
            if end is not None and end <= RANGE_FROM:
                continue  # the run skips these buckets too (outside the range)
            with bz2.open(os.path.join(ROOT, wiki, name), "rt", encoding="utf-8") as f:
                for line in f:
                    c = line.rstrip("\n").split("\t")
                    assert len(c) == 78, (name, len(c))
                    entity, t = c[C["entity"]], ts(c[C["ts"]])
                    if entity == "revision":
                        p = "ev_"
                        uid = c[C["ev_user_id"]]
                        if uid and int(uid) > 0 and c[C["ev_anon"]] != "true":
                            edits.append((c[0], int(uid), t))
                    elif entity == "user":
                        p = "user_"
                        uid = c[C["user_id"]]
                    else:
                        continue
                    if not uid or int(uid) <= 0 or c[C[p + "anon"]] == "true":
                        continue
                    a = accounts.setdefault((c[0], int(uid)), dict(latest=None, name=None, central=None,
                                                                   bot=False, temp=False, created=None,
                                                                   created_at=None, reg=None, creation=None,
                                                                   first=None))
                    text = c[C["ev_text" if p == "ev_" else "user_text"]]
                    central = c[C["ev_central" if p == "ev_" else "user_central"]]
                    if a["latest"] is None or t >= a["latest"]:
                        a["latest"] = t
                        if text:
                            a["name"] = unescape(text)
                        if central:
                            a["central"] = int(central)
                    by = [c[C[p + "bot_hist"]], c[C[p + "bot"]]] if p == "user_" else [c[C["ev_bot_hist"]], c[C["ev_bot"]]]
                    a["bot"] |= any(v not in ("", "[]") for v in by)
                    a["temp"] |= c[C[p + "temp"]] == "true"
                    made = ("self" if c[C[p + "self"]] == "true" else "system" if c[C[p + "system"]] == "true"
                            else "peer" if c[C[p + "peer"]] == "true" else None)
                    if made is not None and (a["created_at"] is None or t >= a["created_at"]):
                        a["created"], a["created_at"] = made, t
                    for key, col in (("reg", "reg"), ("creation", "creation"), ("first", "first")):
                        v = ts(c[C[p + col]])
                        if v is not None and (a[key] is None or v < a[key]):
                            a[key] = v
    return accounts, edits


def derive(ids):
    accounts, edits = read()
    central_by_name = {}
    for a in accounts.values():
        if a["central"] is not None:
            central_by_name[a["name"]] = min(a["central"], central_by_name.get(a["name"], a["central"]))
    key_of = {}
    for k, a in accounts.items():
        central = a["central"] if a["central"] is not None else central_by_name.get(a["name"])
        key_of[k] = "c:%d" % central if central is not None else "n:" + a["name"]
    keys_by_name = {}
    for k, a in accounts.items():
        keys_by_name[a["name"]] = key_of[k]
    person = {}
    for k, a in accounts.items():
        p = person.setdefault(key_of[k], dict(bot=False, temp=False, reg=None, accounts=set()))
        p["bot"] |= a["bot"]
        p["temp"] |= a["temp"]
        p["accounts"].add(k)
        if a["created"] in ("self", "peer"):
            r = a["reg"] or a["creation"] or a["first"]
            if r is not None and (p["reg"] is None or r < p["reg"]):
                p["reg"] = r
    edits_of = {}
    for wiki, uid, t in edits:
        edits_of.setdefault(key_of.get((wiki, uid)), []).append(t)
    rows = []
    for cid in ids:
        start, end, file = CAMPAIGNS[cid]
        start, end = instant(start), instant(end)
        names = []
        for line in open(os.path.join("sample-dumps/participants", file), encoding="utf-8"):
            n = line.strip().replace("_", " ")
            if n:
                n = n[0].upper() + n[1:]
                if n not in names:
                    names.append(n)
        members = {}
        for n in names:
            key = keys_by_name.get(n)
            if key is None or person[key]["bot"] or person[key]["temp"]:
                continue  # unverified (a plain list), or left out
            reg = person[key]["reg"]
            members[key] = reg is not None and start <= reg <= end
        for cohort in ("all", "newcomers", "existing"):
            people = [k for k, new in members.items()
                      if cohort == "all" or (cohort == "newcomers") == new]
            for h in HORIZONS:
                a, b = add_months(end, h - 1), add_months(end, h)
                censored = b > HORIZON
                size = len(people)
                retained = sum(1 for k in people if any(a <= t < b for t in edits_of.get(k, [])))
                small = lambda n: 0 < n < MIN_CELL
                suppressed = small(size) or (not censored and small(retained))
                out_size = None if small(size) else size
                out_ret = None if censored or small(size) or small(retained) else retained
                rate = None if out_ret is None or out_size in (None, 0) else out_ret / out_size
                rows.append([cid, cohort, h, a, b, out_size, out_ret, rate, censored,
                             "window_open" if censored else None, suppressed])
    return rows


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(v)


if __name__ == "__main__":
    ids = sys.argv[1:] or ["wlm-2025-in", "hiwiki-course-2025", "editathon-2026-05"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["campaign_id", "cohort", "horizon_months", "window_start", "window_end", "cohort_size",
                  "retained", "rate", "censored", "censored_because", "suppressed"])
    for row in derive(ids):
        out.writerow([fmt(v) for v in row])
