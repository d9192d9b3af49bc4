#!/usr/bin/env python3
"""bench/eventlog.py DIR [--min-seconds S] — where a run's time went, from Spark's event log.

Run a command with the event log on, uncompressed and in one file, e.g.

    bin/campaign-metrics retention --config F --conf spark.eventLog.enabled=true \\
      --conf spark.eventLog.dir=file:///tmp/ev --conf spark.eventLog.compress=false \\
      --conf spark.eventLog.rolling.enabled=false

then `python3 bench/eventlog.py /tmp/ev` prints, in seconds from the application's start: how long
some job was running and how long none was (the driver planning, or work outside Spark), the gaps
without a job longer than 0.3 s, every SQL execution that took at least --min-seconds (default 0.4)
with its step (the progress line's description), jobs and main operators, and the stages that took
longest with their task time, CPU time, GC time and rows read. docs/performance.md's "where the time
goes" paragraphs were read off this output. Standard library only.
"""
import argparse
import collections
import glob
import json
import os
import re
import sys

OPERATORS = ("Scan", "BroadcastExchange", "Exchange", "HashAggregate", "ObjectHashAggregate", "SortAggregate",
             "Window", "BroadcastHashJoin", "BroadcastNestedLoopJoin", "SortMergeJoin", "Generate")


def events(path):
    files = [path] if os.path.isfile(path) else sorted(glob.glob(os.path.join(path, "*")))
    files = [f for f in files if os.path.isfile(f)]
    if not files:
        sys.exit(f"eventlog.py: no event log in {path}")
    if len(files) > 1:
        sys.exit(f"eventlog.py: {len(files)} files in {path}; give one (one run per folder)")
    with open(files[0], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"eventlog.py: {files[0]} line {number}: not JSON ({e}); compressed? "
                         "run with --conf spark.eventLog.compress=false")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="the spark.eventLog.dir folder of one run (or its file)")
    parser.add_argument("--min-seconds", type=float, default=0.4, help="shortest SQL execution listed")
    parser.add_argument("--stages", type=int, default=10, help="how many of the longest stages to list")
    args = parser.parse_args()

    start = end = None
    job_marks = []
    executions = {}
    jobs_of = collections.defaultdict(list)
    stages = []
    for e in events(args.dir):
        kind = e["Event"]
        if kind == "SparkListenerApplicationStart":
            start = e["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            end = e["Timestamp"]
        elif kind == "SparkListenerJobStart":
            job_marks.append((e["Submission Time"], 1))
            jobs_of[e["Properties"].get("spark.sql.execution.id")].append(e["Job ID"])
        elif kind == "SparkListenerJobEnd":
            job_marks.append((e["Completion Time"], -1))
        elif kind.endswith("SparkListenerSQLExecutionStart"):
            executions[e["executionId"]] = [e["time"], None, e.get("description", ""),
                                            e.get("physicalPlanDescription", "")]
        elif kind.endswith("SparkListenerSQLExecutionEnd"):
            if e["executionId"] in executions:
                executions[e["executionId"]][1] = e["time"]
        elif kind == "SparkListenerStageCompleted":
            stages.append(e["Stage Info"])
    if start is None:
        sys.exit("eventlog.py: no application start in the log")
    end = end or max(t for t, _ in job_marks)

    running, last, busy, idle, gaps = 0, start, 0, 0, []
    for at, step in sorted(job_marks):
        if running == 0:
            idle += at - last
            if at - last > 300:
                gaps.append(((last - start) / 1000, (at - last) / 1000))
        else:
            busy += at - last
        running += step
        last = at
    idle += end - last
    jobs = sum(1 for _, s in job_marks if s == 1)
    print(f"{(end - start) / 1000:.1f} s from the application's start to its end, {jobs} jobs: some job running "
          f"{busy / 1000:.1f} s, none {idle / 1000:.1f} s")
    for at, length in gaps:
        print(f"  no job from {at:.2f} s for {length:.2f} s")

    print(f"\nSQL executions of at least {args.min_seconds} s (start, seconds, jobs, step | operators):")
    for eid, (begin, finish, description, plan) in sorted(executions.items()):
        took = ((finish or begin) - begin) / 1000
        if took < args.min_seconds:
            continue
        counts = collections.Counter(re.findall(r"^\(\d+\) (\w+)", plan, re.M))
        ops = ", ".join(f"{op} {counts[op]}" for op in OPERATORS if counts[op])
        ids = jobs_of.get(str(eid), [])
        print(f"  {(begin - start) / 1000:7.2f} {took:6.2f}  {len(ids):3d} jobs  {description[:70]} | {ops}")

    print(f"\nthe {args.stages} longest stages (start, seconds, tasks, name: task s, CPU s, GC s, rows read):")
    def metric(stage, name):
        for a in stage.get("Accumulables", []):
            if a.get("Name") == name:
                return float(a.get("Value") or 0)
        return 0.0
    timed = [s for s in stages if s.get("Submission Time") and s.get("Completion Time")]
    for s in sorted(timed, key=lambda s: s["Completion Time"] - s["Submission Time"], reverse=True)[:args.stages]:
        print(f"  {(s['Submission Time'] - start) / 1000:7.2f} {(s['Completion Time'] - s['Submission Time']) / 1000:6.2f}"
              f" {s['Number of Tasks']:4d}  {s['Stage Name'][:45]}: "
              f"{metric(s, 'internal.metrics.executorRunTime') / 1000:.2f}, "
              f"{metric(s, 'internal.metrics.executorCpuTime') / 1e9:.2f}, "
              f"{metric(s, 'internal.metrics.jvmGCTime') / 1000:.2f}, "
              f"{int(metric(s, 'internal.metrics.input.recordsRead')):,}")


if __name__ == "__main__":
    main()
