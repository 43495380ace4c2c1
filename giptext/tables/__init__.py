"""The statistics tables of an annual report: cells, consistency checks, year-on-year changes.

Every report on the 2019 template carries three tables (proactive disclosure under
第二十条, requests received and how each was handled, administrative review and
litigation); older reports carry one 统计表. This stage reads them out of
``Report.text`` whatever shape they arrived in, gives each cell canonical keys
(:mod:`giptext.tables.keys`, the one place they are listed with their Chinese labels),
checks the template's arithmetic and the narrative's figures against the table, and
compares an agency's consecutive years.

Example::

    >>> from giptext import parse_report
    >>> from giptext.tables import extract, check
    >>> text = ("三、收到和处理政府信息公开申请情况\\n申请人情况\\n"
    ...         "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\\n")
    >>> df = extract(parse_report(text, id="r1"))
    >>> first = df.iloc[0]
    >>> first["row"], first["column"], float(first["value"])
    ('new', 'natural_person', 2.0)
    >>> check(text)["check"].unique().tolist()
    ['requests_total_column']
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from giptext.tables import keys
from giptext.tables.checks import Check, arithmetic, narrative
from giptext.tables.extract import Cell, extract_cells, regions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from giptext.report import Report

CELL_COLUMNS = ("report_id", "table", "row", "column", "value", "raw", "start", "end", "note")
CHECK_COLUMNS = ("report_id", "check", "table", "row", "column", "ok", "expected", "found", "start", "end", "note")


def _reports(obj: Any) -> list:
    from giptext.report import Report

    if isinstance(obj, Report):
        return [obj]
    if isinstance(obj, str):
        return [Report(id="", text=obj)]
    return list(obj)


def cells(report: "Report | str") -> list[Cell]:
    """The report's cells as plain tuples (no pandas; what the batch paths use)."""
    text = report if isinstance(report, str) else report.text
    return extract_cells(text)


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> "pd.DataFrame":
    import pandas as pd

    df = pd.DataFrame.from_records(rows, columns=list(columns))
    for c in ("start", "end"):
        df[c] = df[c].astype("int64")
    return df


def extract(report: "Report | str | Iterable[Report]") -> "pd.DataFrame":
    """Tidy DataFrame of every table cell: one row per cell.

    Columns: ``report_id``, ``table`` (``proactive``, ``requests``, ``review_litigation``,
    ``legacy``), ``row`` and ``column`` (canonical keys, :mod:`giptext.tables.keys`),
    ``value`` (a float; NaN for a blank, ``/`` or unreadable cell), ``raw`` (the cell text),
    ``start``/``end`` (offsets in ``Report.text``) and ``note`` (why a cell is empty, e.g.
    figures that ran together). Accepts one report, a text, or many reports (one frame).
    A table that cannot be read gives a row with empty keys and a note, never an exception.
    """
    rows = []
    for r in _reports(report):
        rid = r.id
        rows.extend((rid, *c) for c in cells(r))
    return _frame(rows, CELL_COLUMNS)


def check_rows(report: "Report | str", found: list[Cell] | None = None) -> list[Check]:
    """The report's checks as plain tuples (see :func:`check`)."""
    text = report if isinstance(report, str) else report.text
    found = extract_cells(text) if found is None else found
    spans = list(regions(text).values())
    return arithmetic(found) + narrative(text, found, spans)


def check(report: "Report | str | Iterable[Report]") -> "pd.DataFrame":
    """DataFrame of consistency checks, one row per check made.

    Columns: ``report_id``, ``check``, ``table``, ``row``, ``column``, ``ok`` (nullable
    boolean: NA when a blank operand makes the check impossible), ``expected``, ``found``,
    ``start``/``end`` (the span checked, in ``Report.text``) and ``note``. The checks are the
    template's identity (new + carried over = handled total + carried forward, per column),
    column totals, the total column, review/litigation totals, blank or ``/`` cells,
    unreadable rows, and figures stated in the narrative against the table's
    (:mod:`giptext.tables.checks` lists them).
    """
    rows = []
    for r in _reports(report):
        rows.extend((r.id, *c) for c in check_rows(r))
    df = _frame(rows, CHECK_COLUMNS)
    df["ok"] = df["ok"].astype("boolean")
    for c in ("expected", "found"):
        df[c] = df[c].astype("float64")
    return df


def failed(report: "Report | str | Iterable[Report]") -> "pd.DataFrame":
    """Only the checks that failed (``ok`` is False)."""
    df = check(report)
    return df[df["ok"].fillna(True).eq(False)].reset_index(drop=True)


class ReportTables:
    """One report's tables and checks, for a notebook: ``.cells``, ``.checks``, ``.pivot(table)``.

    Made by :func:`read_tables`; shows each table as printed (rows × columns) with the failed
    checks underneath in Jupyter.
    """

    def __init__(self, report_id: str, cells: "pd.DataFrame", checks: "pd.DataFrame"):
        self.report_id = report_id
        self.cells = cells
        self.checks = checks

    @property
    def failed(self) -> "pd.DataFrame":
        """The checks that failed."""
        return self.checks[self.checks["ok"].fillna(True).eq(False)].reset_index(drop=True)

    def pivot(self, table: str = "requests") -> "pd.DataFrame":
        """One table as printed: canonical rows × columns (values; NaN for empty cells)."""
        from giptext.present.tables import pivot

        return pivot(self.cells, table)

    def _repr_html_(self) -> str:
        from giptext.present.tables import report_tables_html

        return report_tables_html(self.cells, self.checks)

    def __repr__(self) -> str:
        tables = sorted(set(self.cells["table"])) if not self.cells.empty else []
        return (f"ReportTables({self.report_id!r}: {', '.join(tables) or 'no table'}; {len(self.cells)} cells, "
                f"{len(self.failed)} of {len(self.checks)} checks failed)")


def read_tables(report: "Report | str") -> ReportTables:
    """A report's cells and checks together (see :class:`ReportTables`)."""
    r = _reports(report)[0]
    found = cells(r)
    cdf = _frame([(r.id, *c) for c in found], CELL_COLUMNS)
    kdf = _frame([(r.id, *c) for c in check_rows(r, found)], CHECK_COLUMNS)
    kdf["ok"] = kdf["ok"].astype("boolean")
    return ReportTables(r.id, cdf, kdf)


def compare_years(reports: Iterable["Report"], *, by: Callable[["Report"], Any] | None = None) -> "pd.DataFrame":
    """Year-on-year table changes for each agency's consecutive reports.

    Reports are grouped by ``by(report)`` (default: ``report.meta.agency``) and ordered by
    ``report.meta.year``; reports with no agency or year are left out. For each pair of
    consecutive years (N, N+1) one row per cell present in either: ``agency``, ``year_a``,
    ``year_b``, ``report_a``, ``report_b``, ``table``, ``row``, ``column``, ``value_a``,
    ``value_b``, ``change`` (b − a), and ``check`` = ``"carry"`` on the rows comparing the
    template's 结转下年度 of year N with 上年结转 of year N+1 (``ok`` tells whether they agree;
    ``row`` is ``carried_forward>carried_over``). Years with a gap are not paired.
    """
    import pandas as pd

    key = by or (lambda r: r.meta.agency)
    groups: dict[Any, list] = {}
    for r in reports:
        k, y = key(r), r.meta.year
        if k is None or y is None:
            continue
        groups.setdefault(k, []).append(r)
    out = []
    for agency, rs in groups.items():
        rs.sort(key=lambda r: (r.meta.year, r.id))
        vals = [{(c.table, c.row, c.column): c.value for c in cells(r) if c.row is not None} for r in rs]
        for i in range(len(rs) - 1):
            a, b = rs[i], rs[i + 1]
            if b.meta.year != a.meta.year + 1:
                continue
            va, vb = vals[i], vals[i + 1]
            for k in sorted(set(va) | set(vb), key=str):
                x, y = va.get(k, float("nan")), vb.get(k, float("nan"))
                out.append((agency, a.meta.year, b.meta.year, a.id, b.id, *k, x, y, y - x, "", None))
            for col in keys.REQUEST_COLUMNS:
                x = va.get(("requests", "carried_forward", col))
                y = vb.get(("requests", "carried_over", col))
                if x is None or y is None:
                    continue
                ok = None if x != x or y != y else abs(x - y) < 1e-6
                out.append((agency, a.meta.year, b.meta.year, a.id, b.id, "requests",
                            "carried_forward>carried_over", col, x, y, y - x, "carry", ok))
    cols = ["agency", "year_a", "year_b", "report_a", "report_b", "table", "row", "column",
            "value_a", "value_b", "change", "check", "ok"]
    df = pd.DataFrame.from_records(out, columns=cols)
    df["ok"] = df["ok"].astype("boolean")
    return df


__all__ = ["CELL_COLUMNS", "CHECK_COLUMNS", "Cell", "Check", "ReportTables", "cells", "read_tables", "check", "check_rows", "compare_years",
           "extract", "extract_cells", "failed", "keys"]
