"""Tests of notebooks/cm_nb.py (stdlib unittest; notebooks/run.sh runs them in the notebooks venv)."""
import json
import math
import os
import tempfile
import unittest

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import cm_nb


def write(warehouse, snapshot, number, datasets):
    folder = os.path.join(warehouse, "_commits", "snapshot=" + snapshot)
    os.makedirs(folder, exist_ok=True)
    entries = {}
    for name, (file, values) in datasets.items():
        partition = f"{name}/snapshot={snapshot}"
        os.makedirs(os.path.join(warehouse, partition), exist_ok=True)
        pq.write_table(pa.table({"x": values}), os.path.join(warehouse, partition, file))
        entries[name] = {"partition": partition, "files": [{"path": file, "bytes": 1}], "side_files": {}}
    with open(os.path.join(folder, "commit-%06d.json" % number), "w") as f:
        json.dump({"format": 1, "snapshot": snapshot, "number": number, "datasets": entries}, f)


class WilsonTest(unittest.TestCase):
    def test_known_values(self):
        # 12 of 40: p = 0.3, z² = 3.8415; centre = (0.3 + z²/80) / (1 + z²/40) = 0.317525,
        # half-width = z·sqrt(0.21/40 + z²/6400) / (1 + z²/40) = 0.136777 -> [0.18075, 0.45430]
        lo, hi = cm_nb.wilson(12, 40)
        self.assertAlmostEqual(lo, 0.18075, places=5)
        self.assertAlmostEqual(hi, 0.45430, places=5)

    def test_edges(self):
        self.assertEqual(cm_nb.wilson(0, 10)[0], 0.0)
        self.assertEqual(cm_nb.wilson(10, 10)[1], 1.0)
        self.assertTrue(all(math.isnan(v) for v in cm_nb.wilson(3, 0)))
        self.assertTrue(all(math.isnan(v) for v in cm_nb.wilson(None, 10)), "censored: no interval")

    def test_with_wilson_leaves_suppressed_rows_without_an_interval(self):
        frame = cm_nb.with_wilson(pd.DataFrame({"retained": [5, None], "cohort_size": [10, None]}))
        self.assertFalse(math.isnan(frame["ci_low"][0]))
        self.assertTrue(math.isnan(frame["ci_low"][1]))


class ReadTest(unittest.TestCase):
    def test_reads_the_newest_record_only(self):
        with tempfile.TemporaryDirectory() as wh:
            write(wh, "2026-08", 1, {"retention_summary": ("a.parquet", [1])})
            write(wh, "2026-09", 1, {"retention_summary": ("b.parquet", [2, 3])})
            write(wh, "2026-09", 2, {"retention_summary": ("c.parquet", [4])})
            # a file beside the record's that no record lists (a commit under way): not read
            pq.write_table(pa.table({"x": [99]}), os.path.join(wh, "retention_summary/snapshot=2026-09/d.parquet"))
            self.assertEqual(cm_nb.snapshots(wh), ["2026-08", "2026-09"])
            self.assertEqual(list(cm_nb.read(wh, "retention_summary")["x"]), [4])
            self.assertEqual(list(cm_nb.read(wh, "retention_summary", "2026-08")["x"]), [1])
            self.assertEqual(list(cm_nb.read(wh, "retention_summary")["snapshot"]), ["2026-09"])

    def test_refuses_internal_and_names_what_is_missing(self):
        with tempfile.TemporaryDirectory() as wh:
            write(wh, "2026-09", 1, {"campaigns": ("a.parquet", [1])})
            with self.assertRaises(ValueError):
                cm_nb.read(wh, "internal/participants")
            with self.assertRaisesRegex(KeyError, "it has: campaigns"):
                cm_nb.read(wh, "retention_curve")
            with self.assertRaisesRegex(FileNotFoundError, "never committed"):
                cm_nb.read(wh, "campaigns", "2026-01")


class StrippedTest(unittest.TestCase):
    """The notebooks in the repository carry no outputs and no execution counts (papermill writes
    executed copies elsewhere): diffs stay reviewable and no figure of a real warehouse is committed."""

    def test_committed_notebooks_have_no_outputs(self):
        here = os.path.dirname(os.path.abspath(__file__))
        books = sorted(f for f in os.listdir(here) if f.endswith(".ipynb"))
        self.assertGreaterEqual(len(books), 3)
        for name in books:
            with open(os.path.join(here, name), encoding="utf-8") as f:
                book = json.load(f)
            tags = [c.get("metadata", {}).get("tags", []) for c in book["cells"]]
            self.assertIn(["parameters"], tags, f"{name}: a cell tagged parameters (papermill)")
            for i, cell in enumerate(book["cells"]):
                if cell["cell_type"] == "code":
                    self.assertEqual(cell.get("outputs"), [], f"{name} cell {i}: outputs not stripped")
                    self.assertIsNone(cell.get("execution_count"), f"{name} cell {i}: execution_count")


if __name__ == "__main__":
    unittest.main()
