"""The report in a real browser (bin/test runs it; issue 19): every page of a report rendered in
headless Chromium (Debian's) with the network refused, then
- no console message and no blocked request (a CSP violation or a fetch is logged as one);
- every number the page shows carries data-ds/data-key/data-col/data-v, and each equals the
  aggregate it names, read here from the job's CSV copies through the newest commit record
  (independent of the Java that wrote the page); its text is data-v formatted;
- with --hostile DIR: the pages made from hostile names (HtmlReportTest) show them as text
  (no script element ran or exists, the names are in the text).
Stdlib only.

    python3 src/test/python/check_report.py --warehouse WH [--hostile target/report-hostile] [--screenshot PNG]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

from committed import csv_rows, newest_record

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0"]


def chromium(args, url):
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args, url],
                             capture_output=True, text=True, timeout=120)
    return run.stdout, run.stderr


def console_problems(stderr):
    lines = [l for l in stderr.splitlines()
             if re.search(r"CONSOLE|Refused to|ERR_BLOCKED|net::ERR_|Content Security Policy", l)]
    return lines


class Tagged(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items, self.stack, self.scripts, self.text = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if "data-ds" in a:
            self.stack.append([a["data-ds"], a["data-key"], a["data-col"], a.get("data-v", ""), ""])
        elif tag not in ("br", "meta", "line", "rect", "path", "img", "input"):
            self.stack.append(None)

    def handle_endtag(self, tag):
        if tag in ("br", "meta", "line", "rect", "path", "img", "input"):
            return
        if self.stack:
            top = self.stack.pop()
            if top is not None:
                self.items.append(tuple(top))

    def handle_data(self, data):
        self.text.append(data)
        for top in self.stack:
            if top is not None:
                top[4] += data


KEYS = {
    "retention_summary": ["campaign_id", "cohort", "horizon_months"],
    "retention_curve": ["campaign_id", "cohort", "month"],
    "retention_rollup": ["series", "country", "cohort", "horizon_months"],
    "retention_by_wiki": ["campaign_id", "cohort", "horizon_months", "wiki_db"],
    "campaigns": ["campaign_id"],
    "event_contribution_summary": ["event_id"],
}


def aggregates(warehouse):
    rec = newest_record(warehouse)
    values = {}
    for name, key in KEYS.items():
        for r in csv_rows(warehouse, rec, name):
            if r.get("visibility", "public") != "public":
                continue
            k = "|".join(r[c] for c in key)
            for col, v in r.items():
                values[(name, k, col)] = v
    summary = csv_rows(warehouse, rec, "retention_summary")
    first = min(int(r["horizon_months"]) for r in summary) if summary else 3
    known = [r for r in summary if r["cohort"] == "newcomers" and int(r["horizon_months"]) == first and r["retained"]]
    values[("derived", f"newcomers_at_{first}", "cohort_size_sum")] = str(sum(
        int(r["cohort_size"]) for r in summary if r["cohort"] == "newcomers" and int(r["horizon_months"]) == first
        and r["cohort_size"]))
    if known:
        values[("derived", f"newcomers_at_{first}", "retention_rate")] = repr(
            sum(int(r["retained"]) for r in known) / sum(int(r["cohort_size"]) for r in known))
    values[("derived", "campaigns", "count")] = str(len(csv_rows(warehouse, rec, "campaigns")))
    progress = [r for r in csv_rows(warehouse, rec, "event_goal_progress") if r["visibility"] == "public"]
    valid = [r for r in progress if not r["error"]]
    for r in progress:
        if r["error"]:
            values[("event_goal_progress", r["event_id"], "error")] = r["error"]
    values[("derived", "goals", "valid")] = str(len(valid))
    values[("derived", "goals", "reached")] = str(sum(r["reached"] == "true" for r in valid))
    for r in valid:
        metrics = json.loads(r["metrics"])
        values[("event_goal_progress", r["event_id"], "primary_uncapped_ratio")] = repr(metrics[0]["uncapped_ratio"])
        for m in metrics:
            for col in ("target", "actual", "uncapped_ratio"):
                values[("event_goal_progress", f"{r['event_id']}|{m['path']}", col)] = repr(m[col])
    for dim in ("event_type", "metric", "wiki", "topic", "country"):
        for r in csv_rows(warehouse, rec, f"goal_outcomes_by_{dim}"):
            if r["visibility"] == "public":
                for col in ("events_with_goals", "reached", "not_reached", "goal_errors", "median_percent"):
                    values[(f"goal_outcomes_by_{dim}", f"{dim}|{r[dim]}", col)] = r[col]
    return values


def same(a, b):
    if a in ("", None) or b in ("", None):
        return (a or "") == (b or "")
    try:
        return abs(float(a) - float(b)) < 1e-9
    except ValueError:
        return a == b


def shown_matches(raw, text):
    text = text.strip().rsplit(": ", 1)[-1]  # an SVG point's title: "newcomers, month 3: 41.7 %"
    if raw == "":
        return not re.search(r"\d", text) or "fewer than" in text
    value = float(raw)
    if text.endswith("%"):
        return text == f"{value * 100:.1f} %"
    if "." in raw and not raw.endswith(".0"):
        return text == f"{value:,.1f}"
    return text.replace(",", "") in (str(int(value)), f"{value:.1f}")


def check_page(path, expected, problems):
    dom, stderr = chromium(["--dump-dom"], "file://" + os.path.abspath(path))
    for line in console_problems(stderr):
        problems.append(f"{os.path.basename(path)}: console: {line[:200]}")
    parser = Tagged()
    parser.feed(dom)
    if parser.scripts:
        problems.append(f"{os.path.basename(path)}: {parser.scripts} script element(s)")
    if "</html>" not in dom and "</body>" not in dom:
        problems.append(f"{os.path.basename(path)}: the browser rendered nothing")
    compared = 0
    for ds, key, col, raw, text in parser.items:
        if expected is None:
            continue
        want = expected.get((ds, key, col))
        if want is None:
            problems.append(f"{os.path.basename(path)}: {ds} {key} {col}: no such aggregate")
            continue
        if not same(raw, want):
            problems.append(f"{os.path.basename(path)}: {ds} {key} {col}: page {raw!r}, aggregate {want!r}")
        if col != "error" and text.strip() and not shown_matches(raw, text):
            problems.append(f"{os.path.basename(path)}: {ds} {key} {col}: shown {text.strip()!r} for {raw!r}")
        compared += 1
    return compared, parser


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--warehouse", required=True)
    p.add_argument("--hostile")
    p.add_argument("--screenshot")
    args = p.parse_args(argv[1:])
    rec = newest_record(args.warehouse)
    folder = os.path.join(args.warehouse, "report", "snapshot=" + rec["snapshot"])
    pages = sorted(f for f in os.listdir(folder) if f.endswith(".html"))
    expected = aggregates(args.warehouse)
    problems, total = [], 0
    # the detector must see what it is meant to: a page whose image the same CSP blocks
    with tempfile.TemporaryDirectory() as canary:
        page = os.path.join(canary, "canary.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src '
                    "'none'\"></head><body><img src=\"http://example.invalid/x.png\"></body></html>")
        if not console_problems(chromium(["--dump-dom"], "file://" + page)[1]):
            problems.append("the console capture saw no blocked request on the canary page: it cannot be trusted")
    for page in pages:
        n, _ = check_page(os.path.join(folder, page), expected, problems)
        total += n
        print(f"report: {page}: {n} numbers equal the aggregates")
    if args.hostile:
        for page in sorted(os.listdir(args.hostile)):
            _, parser = check_page(os.path.join(args.hostile, page), None, problems)
            text = "".join(parser.text)
            if "<script>alert(1)</script>" not in text or "=cmd|' /C calc'!A0" not in text:
                problems.append(f"hostile {page}: the hostile names are not shown as text")
        print(f"report: hostile pages: {len(os.listdir(args.hostile))} rendered, names shown as text")
    pdf = os.path.join(tempfile.gettempdir(), "cm-report-index.pdf")
    chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], "file://" + os.path.abspath(os.path.join(folder, "index.html")))
    with open(pdf, "rb") as f:
        head = f.read(5)
    pages_pdf = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read())) if head == b"%PDF-" else 0
    if pages_pdf == 0:
        problems.append("index.html did not print to PDF")
    print(f"report: index.html printed to PDF: {pages_pdf} page(s), {os.path.getsize(pdf)} bytes")
    if args.screenshot:
        chromium(["--window-size=1100,1500", "--hide-scrollbars", f"--screenshot={args.screenshot}"],
                 "file://" + os.path.abspath(os.path.join(folder, "index.html")))
        print(f"report: screenshot {args.screenshot}")
    for problem in problems:
        print("report: FAILED: " + problem)
    print(f"report: {len(pages)} pages, {total} numbers compared, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
