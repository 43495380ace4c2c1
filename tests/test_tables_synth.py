"""giptext.tables scored on synthetic tables (corpora/tables_synth.py): every shape, planted faults."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpora.tables_synth import SHAPES, draw, render_tables  # noqa: E402
from giptext.tables import cells, check_rows  # noqa: E402

N = 25


def _involves(c, key) -> bool:
    """Whether a failed check is about the planted cell."""
    table, row, col = key
    if c.check.startswith("narrative:"):
        return False
    if c.table != table:
        return False
    if c.check == "requests_identity":
        return c.column == col and row in ("new", "carried_over", "total", "carried_forward")
    if c.check == "requests_handled_total":
        return c.column == col and row not in ("new", "carried_over", "carried_forward")
    if c.check in ("requests_total_column", "review_total"):
        return c.row == row
    return False


@pytest.mark.parametrize("shape", SHAPES)
def test_cells_exact_and_no_false_alarm(shape):
    right = total = 0
    for seed in range(N):
        d = draw(seed, shape)
        got = {(c.table, c.row, c.column): c.value for c in cells(d["text"])}
        assert set(got) == set(d["values"]), f"seed {seed}: cells found differ from the cells drawn"
        right += sum(got[k] == v for k, v in d["values"].items())
        total += len(d["values"])
        bad = [c for c in check_rows(d["text"]) if c.ok is not True]
        assert not bad, f"seed {seed}: false alarm {bad[0]}"
    assert right / total >= 0.99


@pytest.mark.parametrize("shape", SHAPES)
def test_planted_inconsistencies_found(shape):
    for seed in range(N):
        d = draw(seed, shape, planted=True)
        fails = [c for c in check_rows(d["text"]) if c.ok is False]
        plan = d["planted"]
        if plan["kind"] == "cell":
            assert any(_involves(c, plan["cell"]) for c in fails), f"seed {seed}: {plan} not found"
        else:
            assert [c.check for c in fails] == ["narrative:requests_new"], f"seed {seed}: {fails}"


@pytest.mark.parametrize("shape", ["lines", "pipes", "tabs", "pdf", "flat"])
def test_slash_cells_empty_in_every_shape(shape):
    d = draw(1, shape)
    values = dict(d["values"])
    key = ("requests", "granted", "research")
    values[key] = float("nan")
    text = render_tables(values, d["version"], shape, blank="/")
    got = {(c.table, c.row, c.column): c for c in cells(text)}
    assert got[key].raw == "/" and got[key].value != got[key].value
    assert got[("requests", "granted", "total")].value == d["values"][("requests", "granted", "total")]


@pytest.mark.parametrize("shape", SHAPES)
def test_offsets_and_raw_point_into_the_text(shape):
    for seed in range(5):
        text = draw(seed, shape)["text"]
        for c in cells(text):
            assert text[c.start:c.end] == c.raw, (seed, c)
