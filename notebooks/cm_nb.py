"""Helpers for the campaign-metrics notebooks: read the job's public aggregates through the
snapshot's newest commit record (never a folder listing: a run's commit in progress can leave new
files beside the old for a moment), and the 95 % Wilson interval.

    import cm_nb
    curve = cm_nb.read(warehouse, "retention_curve")              # newest snapshot
    summary = cm_nb.read(warehouse, "retention_summary", "2026-09")
    lo, hi = cm_nb.wilson(12, 40)

The record format is docs/datasets.md "Commits". Only public datasets are read here: the
internal tree (names, private participants) is refused.
"""
from __future__ import annotations

import json
import math
import os
from typing import Optional

import pandas as pd
import pyarrow.parquet as pq

Z95 = 1.959963984540054


def snapshots(warehouse: str) -> list[str]:
    """The snapshots that have a commit record, oldest first."""
    commits = os.path.join(warehouse, "_commits")
    if not os.path.isdir(commits):
        raise FileNotFoundError(f"{warehouse}: no _commits/ folder; run the job first "
                                "(bin/campaign-metrics run --config …)")
    found = []
    for name in os.listdir(commits):
        folder = os.path.join(commits, name)
        if name.startswith("snapshot=") and any(f.startswith("commit-") for f in os.listdir(folder)):
            found.append(name.split("=", 1)[1])
    return sorted(found)


def record(warehouse: str, snapshot: Optional[str] = None) -> dict:
    """The newest commit record of `snapshot` (default: the newest snapshot)."""
    if snapshot is None:
        known = snapshots(warehouse)
        if not known:
            raise FileNotFoundError(f"{warehouse}: no committed snapshot")
        snapshot = known[-1]
    folder = os.path.join(warehouse, "_commits", "snapshot=" + snapshot)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{warehouse}: snapshot {snapshot} was never committed "
                                f"(committed: {', '.join(snapshots(warehouse)) or 'none'})")
    numbers = [f for f in os.listdir(folder) if f.startswith("commit-") and f.endswith(".json")]
    newest = max(numbers, key=lambda f: int(f[len("commit-"):-len(".json")]))
    with open(os.path.join(folder, newest), encoding="utf-8") as f:
        return json.load(f)


def read(warehouse: str, name: str, snapshot: Optional[str] = None) -> pd.DataFrame:
    """A public dataset of a snapshot as pandas, from exactly the files the newest record lists,
    with a `snapshot` column. Retries once with the new record if a listed file vanished (a newer
    run committed meanwhile)."""
    if name.startswith("internal") or name.startswith("csv/"):
        raise ValueError(f"{name}: the notebooks read public datasets only")
    for attempt in (1, 2):
        rec = record(warehouse, snapshot)
        entry = rec["datasets"].get(name)
        if entry is None:
            raise KeyError(f"{name}: not in snapshot {rec['snapshot']} (it has: "
                           f"{', '.join(sorted(k for k in rec['datasets'] if '/' not in k))})")
        try:
            tables = [pq.read_table(os.path.join(warehouse, entry["partition"], f["path"])) for f in entry["files"]]
            break
        except FileNotFoundError:
            if attempt == 2:
                raise
    frame = pd.concat([t.to_pandas() for t in tables], ignore_index=True) if tables else pd.DataFrame()
    frame["snapshot"] = rec["snapshot"]
    return frame


def wilson(k, n, z: float = Z95):
    """The Wilson score interval (lo, hi) for k successes of n; (nan, nan) when n is 0 or unknown."""
    if n is None or k is None or pd.isna(n) or pd.isna(k) or n <= 0:
        return (math.nan, math.nan)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)  # exact at the edges, not 0.9999999999999999
    return (lo, hi)


def with_wilson(frame: pd.DataFrame, k: str = "retained", n: str = "cohort_size") -> pd.DataFrame:
    """`frame` with `ci_low`/`ci_high` from its counts (null where a count is censored or suppressed)."""
    bounds = [wilson(a, b) for a, b in zip(frame[k], frame[n])]
    out = frame.copy()
    out["ci_low"] = [b[0] for b in bounds]
    out["ci_high"] = [b[1] for b in bounds]
    return out


def check(name: str, value) -> None:
    """Prints a figure the CI test compares with the aggregates: `CHECK <name> = <value>`."""
    print(f"CHECK {name} = {value}")
