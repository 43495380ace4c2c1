"""Consistency checks (勾稽) on the extracted cells, and the narrative's figures against the table.

Each check is one row: ``check`` (its name), ``table``, ``row``, ``column``, ``ok``
(``True``/``False``, or ``<NA>`` when an operand is blank so the check cannot be made),
``expected``, ``found``, ``start``/``end`` (the span in ``Report.text`` the check is about)
and a ``note``.

Checks made (names as in the ``check`` column):

``requests_identity``
    per column: 本年新收 + 上年结转 (expected) against （七）总计 + 结转下年度 (found) — the
    template's own rule, printed above the table.
``requests_handled_total``
    per column: the sum of the outcome rows (（一）…（六）) against （七）总计.
``requests_total_column``
    per row: the sum of the six applicant columns against 总计.
``review_total``
    行政复议, 未经复议直接起诉, 复议后起诉: 维持 + 纠正 + 其他 + 尚未审结 against 总计.
``blank_cell``
    a cell left blank or written ``/`` (ok is False; ``found`` holds what was written).
``unreadable_row``
    a row whose cells could not be told apart (figures ran together, or too few figures).
``narrative:NAME``
    a figure stated in the narrative (``受理政府信息公开申请21件``) against the table's
    (:data:`giptext.tables.keys.NARRATIVE_FIGURES`).
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

from giptext.tables import keys as K
from giptext.tables.extract import Cell

_EPS = 1e-6


class Check(NamedTuple):
    """One check's outcome (see the module docstring for the names)."""

    check: str
    table: str
    row: str | None
    column: str | None
    ok: bool | None
    expected: float | None
    found: float | None
    start: int
    end: int
    note: str


def _sum(cells: list[Cell]) -> float | None:
    total = 0.0
    for c in cells:
        total += c[3]  # value (NaN makes the total NaN)
    return None if total != total else total


_SELF_TOTAL = "row's own total"
_SELF_CHECKS = frozenset(("requests_total_column", "review_total"))


def _cmp(name: str, table: str, row, column, parts: list[Cell], against: list[Cell], note: str = "") -> Check:
    everything = parts + against
    s = min(c[5] for c in everything)  # start
    e = max(c[6] for c in everything)  # end
    exp, fnd = _sum(parts), _sum(against)
    if name in _SELF_CHECKS and any(c[7] and _SELF_TOTAL in c[7] for c in everything):
        return Check(name, table, row, column, None, exp, fnd, s, e, "the row was read with this total: not a check")
    if exp is None or fnd is None:
        return Check(name, table, row, column, None, exp, fnd, s, e, note or "a blank or unreadable operand")
    return Check(name, table, row, column, abs(exp - fnd) < _EPS, exp, fnd, s, e, note)


def arithmetic(cells: list[Cell]) -> list[Check]:
    """The template's arithmetic on one report's cells (checks whose rows are all present)."""
    by = {(c.table, c.row, c.column): c for c in cells if c.row is not None}
    out: list[Check] = []

    get = by.get
    # requests
    rows_present = {r for (t, r, _c) in by if t == "requests"}
    base = [r for r in K.REQUEST_OUTCOME_ROWS if not r.startswith("other")]
    subs = [r for r in K.REQUEST_OUTCOME_ROWS if r.startswith("other_")]
    tail = subs if any(r in rows_present for r in subs) else ["other"]
    outcome = base + tail if all(r in rows_present for r in base + tail) else []
    for col in K.REQUEST_COLUMNS:
        a = [get(("requests", r, col)) for r in ("new", "carried_over")]
        b = [get(("requests", r, col)) for r in ("total", "carried_forward")]
        if all(a) and all(b):
            out.append(_cmp("requests_identity", "requests", None, col, a, b))
        tot = get(("requests", "total", col))
        parts = [get(("requests", r, col)) for r in outcome]
        if tot and outcome and all(parts):
            out.append(_cmp("requests_handled_total", "requests", "total", col, parts, [tot]))
    for row in K.REQUEST_ROWS:
        parts = [get(("requests", row, c)) for c in K.APPLICANT_COLUMNS]
        tot = get(("requests", row, "total"))
        if tot and all(parts):
            out.append(_cmp("requests_total_column", "requests", row, "total", parts, [tot]))
    # review and litigation
    for row in K.REVIEW_ROWS:
        parts = [get(("review_litigation", row, c)) for c in K.REVIEW_COLUMNS[:-1]]
        tot = get(("review_litigation", row, "total"))
        if tot and all(parts):
            out.append(_cmp("review_total", "review_litigation", row, "total", parts, [tot]))
    # blank and unreadable cells
    for c in cells:
        if c[3] == c[3]:  # a value: nothing to flag
            continue
        if c.row is None:
            out.append(Check("unreadable_table", c.table, None, None, False, None, None, c.start, c.end, c.note))
        elif math.isnan(c.value):
            if c.raw == "" and c.note:
                out.append(Check("unreadable_row", c.table, c.row, c.column, False, None, None, c.start, c.end, c.note))
            else:
                out.append(Check("blank_cell", c.table, c.row, c.column, False, None, None, c.start, c.end,
                                 f"cell written {c.raw!r}" if c.raw else "cell left blank"))
    return out


_NARR = [(name, re.compile(p), where) for name, (p, where) in K.NARRATIVE_FIGURES.items()]
_NONE = re.compile(K.NO_REQUESTS)


_FULL = str.maketrans("０１２３４５６７８９", "0123456789", ",，")


def _number(s: str) -> float:
    return float(s.translate(_FULL))


def narrative(text: str, cells: list[Cell], spans: list[tuple[int, int]]) -> list[Check]:
    """Figures stated in the narrative (outside the tables' ``spans``) against the table's cells.

    A statement whose table cell is missing (table absent or truncated) gives no check. The
    number of requests may be stated with or without those carried over from last year:
    either agrees.
    """
    by = {(c.table, c.row, c.column): c for c in cells if c.row is not None}
    pieces = []
    pos = 0
    for a, b in sorted(spans):
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b)
    pieces.append((pos, len(text)))
    out: list[Check] = []
    for a, b in pieces:
        for name, rx, where in _NARR:
            cell = by.get(where)
            if cell is None or math.isnan(cell.value):
                continue
            for m in rx.finditer(text, a, b):
                try:
                    found = _number(m.group(1))
                except ValueError:
                    continue
                ok = abs(found - cell.value) < _EPS
                note = ""
                if not ok and name == "requests_new":
                    co = by.get(("requests", "carried_over", "total"))
                    if co is not None and not math.isnan(co.value) and abs(found - cell.value - co.value) < _EPS:
                        ok, note = True, "stated figure includes the requests carried over"
                out.append(Check("narrative:" + name, where[0], where[1], where[2], ok, cell.value, found,
                                 m.start(), m.end(), note or f"narrative says {m.group(0)!r}"))
        cell = by.get(("requests", "new", "total"))
        if cell is not None and not math.isnan(cell.value):
            for m in _NONE.finditer(text, a, b):
                out.append(Check("narrative:requests_none", "requests", "new", "total", abs(cell.value) < _EPS,
                                 cell.value, 0.0, m.start(), m.end(), f"narrative says {m.group(0)!r}"))
    return out


__all__ = ["Check", "arithmetic", "narrative"]
