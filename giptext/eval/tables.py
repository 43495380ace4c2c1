"""Scoring :mod:`giptext.tables` against a tables gold file (``corpora/tables_gold/``).

The gold holds one line per table row read by a person (see
``corpora/tables_gold/README.md``): the document, ``table``, ``row``, ``columns`` and
``values`` (a number, or ``null`` for a cell left blank or written ``/``), or ``unreadable``
(a reason) where the figures on the page cannot be given to cells. A cell is right when the
extracted value equals the gold number; for a blank gold cell, when the extractor gives no
value for a cell it saw as blank; for an unreadable row, when it gives no value and says why
in ``note``. Cells the extractor reports for rows the gold does not have are counted apart
(``extra_cells``): the gold covers every row with figures on the page.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from giptext.eval._base import EvalReport


def load_gold(path: str | Path) -> list[dict]:
    """The gold rows of a tables gold file (JSON Lines)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_cells(gold: list[dict], extracted: dict[str, list]) -> pd.DataFrame:
    """One row per gold cell: ``doc``, ``table``, ``row``, ``column``, ``gold``, ``found``, ``ok``.

    ``extracted`` maps a gold ``doc`` to its cells (:class:`giptext.tables.Cell` tuples).
    """
    rows = []
    index = {doc: {(c.table, c.row, c.column): c for c in cells} for doc, cells in extracted.items()}
    for g in gold:
        got = index.get(g["doc"], {})
        vals = g.get("values") or [None] * len(g["columns"])
        for col, want in zip(g["columns"], vals):
            c = got.get((g["table"], g["row"], col))
            if c is None:
                ok, found = False, None
            elif g.get("unreadable"):
                ok, found = math.isnan(c.value) and bool(c.note), c.raw
            elif want is None:
                ok, found = math.isnan(c.value) and not c.note, c.raw
            else:
                ok, found = (not math.isnan(c.value)) and abs(c.value - float(want)) < 1e-9, c.value
            rows.append({"doc": g["doc"], "table": g["table"], "row": g["row"], "column": col,
                         "gold": "unreadable" if g.get("unreadable") else want, "found": found, "ok": ok})
    return pd.DataFrame(rows)


def evaluate(gold_path: str | Path, root: str | Path) -> EvalReport:
    """Cell accuracy of :func:`giptext.tables.cells` on the gold file's documents (under ``root``)."""
    from giptext.io import read_report
    from giptext.tables import cells

    gold = load_gold(gold_path)
    docs = sorted({g["doc"] for g in gold})
    extracted = {d: cells(read_report(Path(root) / d)) for d in docs}
    df = score_cells(gold, extracted)
    gold_keys = {(g["doc"], g["table"], g["row"], c) for g in gold for c in g["columns"]}
    extra = sum(1 for d, cs in extracted.items() for c in cs
                if c.row is not None and (d, c.table, c.row, c.column) not in gold_keys)
    unreadable_tables = sum(1 for cs in extracted.values() for c in cs if c.row is None)
    summary = {
        "documents": len(docs),
        "cells": len(df),
        "cell_accuracy": float(df["ok"].mean()) if len(df) else float("nan"),
        "extra_cells": extra,
        "tables_found_unread": unreadable_tables,
    }
    for part, sub in df.groupby(df["doc"].str.split("/").str[0]):
        summary[f"cell_accuracy_{part}"] = float(sub["ok"].mean())
    return EvalReport("tables", summary, details=df, worst=df[~df["ok"]].head(20))


__all__ = ["evaluate", "load_gold", "score_cells"]
