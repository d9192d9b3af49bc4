"""Reading a warehouse through its newest commit record, for the tests' independent checks (stdlib
only; docs/datasets.md "Commits"). The notebooks have their own reader (notebooks/cm_nb.py): these
checks must not share code with what they check.
"""
import csv
import hashlib
import json
import os


def newest_record(warehouse, snapshot=None):
    """The newest commit record of `snapshot` (default: the newest committed snapshot)."""
    commits = os.path.join(warehouse, "_commits")
    if snapshot is None:
        snapshot = sorted(d.split("=", 1)[1] for d in os.listdir(commits) if d.startswith("snapshot="))[-1]
    folder = os.path.join(commits, "snapshot=" + snapshot)
    newest = max((f for f in os.listdir(folder) if f.startswith("commit-") and f.endswith(".json")),
                 key=lambda f: int(f[len("commit-"):-len(".json")]))
    with open(os.path.join(folder, newest), encoding="utf-8") as f:
        return json.load(f)


def csv_rows(warehouse, record, name):
    """The rows of a dataset's CSV copy as the record lists it (its SHA-256 checked); [] when it has none."""
    entry = record["datasets"].get("csv/" + name)
    if entry is None:
        return []
    ref = entry["files"][0]
    path = os.path.join(warehouse, entry["partition"], ref["path"])
    with open(path, "rb") as f:
        data = f.read()
    if ref.get("sha256") and hashlib.sha256(data).hexdigest() != ref["sha256"]:
        raise SystemExit(f"{path}: not the committed copy (SHA-256 differs); run again when the job is done")
    return list(csv.DictReader(data.decode("utf-8").splitlines()))
