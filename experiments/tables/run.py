"""Accuracy of giptext.tables: the gold typed by reading, and synthetic tables in every shape.

For each shape of ``corpora/tables_synth.py`` and ``--n`` seeds: cell accuracy against the
drawn values (a cell left empty counts as wrong), false alarms (a failed arithmetic or
narrative check on a consistent report; blank and unreadable-cell flags counted apart), and
planted inconsistencies found (a failed check that involves the planted cell, or the
narrative check for a planted narrative figure). Then the gold (``corpora/tables_gold``).
Run::

    PYTHONPATH=. .venv/bin/python experiments/tables/run.py --n 200 --json experiments/tables/results.json
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FLAGS = ("unreadable_row", "blank_cell", "unreadable_table")


def involves(c, key) -> bool:
    """Whether a failed check is about the planted cell."""
    table, row, col = key
    if c.table != table or c.check.startswith("narrative:"):
        return False
    if c.check == "requests_identity":
        return c.column == col and row in ("new", "carried_over", "total", "carried_forward")
    if c.check == "requests_handled_total":
        return c.column == col and row not in ("new", "carried_over", "carried_forward")
    return c.check in ("requests_total_column", "review_total") and c.row == row


def synthetic(n: int) -> dict:
    from corpora.tables_synth import SHAPES, draw
    from giptext.tables import cells, check_rows

    out = {}
    for shape in SHAPES:
        right = total = wrong_value = false_alarm = found = 0
        for seed in range(n):
            d = draw(seed, shape)
            got = {(c.table, c.row, c.column): c.value for c in cells(d["text"])}
            for k, v in d["values"].items():
                total += 1
                g = got.get(k)
                if g is not None and not math.isnan(g) and abs(g - v) < 1e-9:
                    right += 1
                elif g is not None and not math.isnan(g):
                    wrong_value += 1
            false_alarm += any(c.ok is False and c.check not in FLAGS for c in check_rows(d["text"]))
            p = draw(seed, shape, planted=True)
            fails = [c for c in check_rows(p["text"]) if c.ok is False]
            plan = p["planted"]
            if plan["kind"] == "cell":
                found += any(involves(c, plan["cell"]) for c in fails)
            else:
                found += any(c.check == "narrative:requests_new" for c in fails)
        out[shape] = {"reports": n, "cells": total, "cell_accuracy": right / total, "wrong_values": wrong_value,
                      "false_alarm_reports": false_alarm, "planted": n, "planted_found": found,
                      "planted_found_rate": found / n}
        print(shape, json.dumps(out[shape]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from giptext.annotated import shared_dir
    from giptext.eval.tables import evaluate

    result = {"synthetic": synthetic(args.n)}
    rep = evaluate(ROOT / "corpora" / "tables_gold" / "gold_tables.jsonl", shared_dir())
    result["gold"] = rep.summary
    print(rep.format())
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
