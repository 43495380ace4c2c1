"""``giptext tables PATH...``: the statistics tables of reports, and their consistency checks.

The default output is one readable line per report (tables found, cells read, empty
cells, failed checks), then the failed checks. ``--years`` compares each agency's
consecutive reports instead (CSV, or JSON Lines with ``--json``). ``--csv`` writes one CSV row per cell
(``--checks``: per check); ``--json`` writes JSON Lines, one object per report with its
cells and checks. Files that cannot be read are skipped and listed on stderr at the end;
a table that cannot be read is a note in the output, never a failure of the batch.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, List, Optional

import typer

from giptext.cli._common import load_readable, one_line_errors, report_skipped, write_csv, write_jsonl
from giptext.errors import ConfigError


def _clean(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def tables_dict(report) -> dict[str, Any]:
    """One report's cells and checks as plain dicts (module-level, so worker processes can run it)."""
    from giptext.tables import check_rows, extract_cells

    cells = extract_cells(report.text)
    checks = check_rows(report, cells)
    return {
        "id": report.id,
        "path": report.path,
        "agency": report.meta.agency,
        "year": report.meta.year,
        "cells": [{k: _clean(v) for k, v in c._asdict().items()} for c in cells],
        "checks": [{k: _clean(v) for k, v in c._asdict().items()} for c in checks],
    }


def summary_lines(dicts: list[dict[str, Any]]) -> list[str]:
    """One line per report, then one per failed check."""
    out = []
    failed = []
    for d in dicts:
        tables = sorted({c["table"] for c in d["cells"]})
        empty = sum(1 for c in d["cells"] if c["value"] is None)
        bad = [c for c in d["checks"] if c["ok"] is False]
        out.append(f"{d['id']}  tables: {','.join(tables) or '-'}  cells: {len(d['cells'])}  "
                   f"empty: {empty}  failed checks: {len(bad)}")
        failed.extend((d["id"], c) for c in bad if c["check"] not in ("blank_cell", "unreadable_row"))
    if failed:
        out.append("failed checks (blank and unreadable cells are in --csv/--json):")
        for rid, c in failed:
            where = "/".join(str(x) for x in (c["table"], c["row"], c["column"]) if x)
            out.append(f"  {rid}  {c['check']}  {where}  expected {c['expected']}  found {c['found']}"
                       f"  [{c['start']}:{c['end']}]")
    return out


def register(app: typer.Typer) -> None:
    """Add the ``tables`` command to the ``giptext`` app."""

    @app.command("tables")
    @one_line_errors
    def tables(
        paths: List[Path] = typer.Argument(..., help="Report files (.txt .docx .html .pdf) or folders of them."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON Lines, one object per report (cells and checks)."),
        as_csv: bool = typer.Option(False, "--csv", help="Write CSV, one row per cell (with --checks: per check)."),
        checks: bool = typer.Option(False, "--checks", help="With --csv: the checks instead of the cells."),
        failed_only: bool = typer.Option(False, "--failed", help="Keep only the checks that failed."),
        years: bool = typer.Option(False, "--years", help="Instead: each agency's consecutive years compared "
                                   "(cell changes; 结转下年度 of year N against 上年结转 of N+1)."),
        n_jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores)."),
    ) -> None:
        """Read the statistics tables (cells with canonical keys) and check their arithmetic."""
        if as_json and as_csv:
            raise ConfigError(None, "choose one of --json and --csv")
        corpus = load_readable(paths, n_jobs)
        if years:
            from giptext.tables import compare_years

            rows = [{k: _clean(v) for k, v in r.items()} for r in compare_years(list(corpus)).to_dict("records")]
            if as_json:
                write_jsonl(rows)
            else:
                write_csv(rows)
            report_skipped(corpus.skipped)
            return
        dicts = corpus.map(tables_dict, n_jobs=n_jobs, desc="tables")
        if failed_only:
            for d in dicts:
                d["checks"] = [c for c in d["checks"] if c["ok"] is False]
        if as_json:
            write_jsonl(dicts)
        elif as_csv:
            part = "checks" if checks else "cells"
            write_csv([{"report_id": d["id"], **c} for d in dicts for c in d[part]])
        else:
            for line in summary_lines(dicts):
                typer.echo(line)
            typer.echo(f"{len(corpus)} report(s) read, {len(corpus.skipped)} skipped")
        report_skipped(corpus.skipped)


__all__ = ["register", "summary_lines", "tables_dict"]
