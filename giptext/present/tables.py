"""Presenting the statistics tables: the requests-by-outcome figure, the dashboard section, notebook HTML.

Everything here reads the DataFrames of :mod:`giptext.tables` (cells: ``report_id``,
``table``, ``row``, ``column``, ``value`` …; checks: ``check``, ``ok``, ``expected``,
``found`` …) and never extracts anything itself.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from giptext.present.fonts import use_cjk_font
from giptext.tables import keys as K

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Outcome groups of the requests table, as shown (English, then the template's words).
OUTCOME_NAMES = {
    "granted": "granted 予以公开", "partly_granted": "partly 部分公开", "refused": "refused 不予公开",
    "unavailable": "cannot provide 无法提供", "not_processed": "not processed 不予处理", "other": "other 其他处理",
}
#: Checks listed on the dashboard (blank and unreadable cells are counted, not listed).
LISTED = ("requests_identity", "requests_handled_total", "requests_total_column", "review_total", "unreadable_table")


def outcome_totals(cells: pd.DataFrame) -> pd.DataFrame:
    """Requests handled per outcome group over all reports: ``outcome``, ``requests``, ``reports``
    (reports whose table gave a figure for the group)."""
    cols = ["outcome", "requests", "reports"]
    if cells is None or cells.empty:
        return pd.DataFrame(columns=cols)
    req = cells[(cells["table"] == "requests") & (cells["column"] == "total")].dropna(subset=["value"])
    rows = []
    for group, members in K.REQUEST_OUTCOME_GROUPS.items():
        sub = req[req["row"].isin(members)]
        rows.append((group, float(sub["value"].sum()), int(sub["report_id"].nunique())))
    return pd.DataFrame(rows, columns=cols)


def requests_by_outcome(cells: pd.DataFrame) -> "Figure":
    """Horizontal bars: requests handled across the corpus, by outcome of the 2019 template."""
    use_cjk_font()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.0), dpi=110, layout="constrained")
    ax = fig.subplots()
    tot = outcome_totals(cells)
    if tot.empty or tot["reports"].max() == 0:
        ax.axis("off")
        ax.text(0.5, 0.5, "No requests table was read in this corpus.", ha="center", va="center")
        return fig
    names = [OUTCOME_NAMES[o] for o in tot["outcome"]][::-1]
    vals = tot["requests"].tolist()[::-1]
    ax.barh(names, vals, color="#c8553d")
    whole = sum(vals) or 1.0
    for i, v in enumerate(vals):
        ax.text(v, i, f" {v:,.0f} ({v / whole:.0%})", va="center", fontsize=8)
    ax.set_xlabel(f"requests handled (总计 column), {int(tot['reports'].max())} reports with a requests table")
    ax.set_xlim(0, max(vals) * 1.25 or 1)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per check: how many were made, failed, and could not be made (a blank operand)."""
    cols = ["check", "made", "failed", "not_made", "reports_failing"]
    if checks is None or checks.empty:
        return pd.DataFrame(columns=cols)
    g = checks.groupby("check", sort=True)
    out = pd.DataFrame({
        "made": g.size(),
        "failed": g["ok"].apply(lambda s: int((s == False).sum())),  # noqa: E712 (nullable boolean)
        "not_made": g["ok"].apply(lambda s: int(s.isna().sum())),
        "reports_failing": g.apply(lambda d: int(d.loc[d["ok"] == False, "report_id"].nunique())),  # noqa: E712
    }).reset_index()
    return out[cols]


def tables_section(analysis: Any) -> str:
    """The dashboard's tables section (empty when the analysis carries no table data)."""
    from giptext.present.dashboard import table_html

    cells = getattr(analysis, "tables", None)
    checks = getattr(analysis, "table_checks", None)
    if cells is None or checks is None or (cells.empty and checks.empty):
        return ""
    n_rep = cells["report_id"].nunique() if not cells.empty else 0
    parts = ['<h2 id="tables">Statistics tables</h2>',
             f'<p class="muted">{len(cells):,} table cells read from {n_rep} report(s). '
             "Checks that failed, by kind (every cell is in <code>table_cells.csv</code>, every failed check in "
             "<code>table_checks.csv</code>):</p>"]
    parts.append(table_html(check_summary(checks), "t-table-checks"))
    listed = checks[checks["check"].isin(LISTED) | checks["check"].str.startswith("narrative:")]
    if not listed.empty:
        parts.append('<p class="muted">Arithmetic and narrative checks that failed:</p>')
        parts.append(table_html(listed, "t-table-failed",
                                ["report_id", "check", "table", "row", "column", "expected", "found", "start", "end", "note"],
                                max_rows=1000))
    return "".join(parts)


def pivot(cells: pd.DataFrame, table: str = "requests") -> pd.DataFrame:
    """One table of one report as printed: canonical rows × columns, in template order."""
    sub = cells[cells["table"] == table]
    if sub.empty:
        return pd.DataFrame()
    wide = sub.pivot_table(index="row", columns="column", values="value", aggfunc="first", dropna=False, sort=False)
    if table == "requests":
        rows, cols = list(K.REQUEST_ROWS), list(K.REQUEST_COLUMNS)
    elif table == "review_litigation":
        rows, cols = list(K.REVIEW_ROWS), list(K.REVIEW_COLUMNS)
    else:
        rows, cols = list(dict.fromkeys(sub["row"])), list(dict.fromkeys(sub["column"]))
    return wide.reindex(index=[r for r in rows if r in wide.index], columns=[c for c in cols if c in wide.columns])


def report_tables_html(cells: pd.DataFrame, checks: pd.DataFrame, max_rows: int = 40) -> str:
    """Small notebook view: each table as printed, failed checks underneath."""
    parts = []
    for table in K.TABLES:
        wide = pivot(cells, table)
        if wide.empty:
            continue
        parts.append(f"<b>{escape(table)}</b>" + wide.head(max_rows).to_html(na_rep="·", float_format=lambda v: f"{v:g}"))
    bad = checks[checks["ok"] == False] if not checks.empty else checks  # noqa: E712
    if bad is not None and not bad.empty:
        parts.append(f"<b>{len(bad)} failed check(s)</b>"
                     + bad[["check", "table", "row", "column", "expected", "found", "note"]].head(max_rows).to_html(index=False))
    elif not checks.empty:
        parts.append(f"<i>all {len(checks)} checks passed</i>")
    return "<div>" + ("".join(parts) or "<i>no statistics table found</i>") + "</div>"


__all__ = ["LISTED", "OUTCOME_NAMES", "check_summary", "outcome_totals", "pivot", "report_tables_html",
           "requests_by_outcome", "tables_section"]
