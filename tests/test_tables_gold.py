"""giptext.tables against the tables gold typed by reading (corpora/tables_gold/)."""
from __future__ import annotations

from pathlib import Path

from giptext.eval.tables import evaluate, load_gold

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "tables_gold" / "gold_tables.jsonl"


def test_gold_file_is_well_formed():
    gold = load_gold(GOLD)
    assert len({g["doc"] for g in gold}) == 15
    for g in gold:
        assert g["table"] in ("proactive", "requests", "review_litigation")
        assert (g["values"] is None) == bool(g.get("unreadable"))
        assert g["values"] is None or len(g["values"]) == len(g["columns"])


def test_cell_accuracy_on_the_gold(shared):
    rep = evaluate(GOLD, shared)
    assert rep.summary["cells"] > 1000
    assert rep.summary["cell_accuracy"] >= 0.99, rep.format()
    assert rep.summary["extra_cells"] == 0, rep.format()
