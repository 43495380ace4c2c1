"""``giptext split PATH...``: read reports and show their sections.

Files and folders may be mixed; folders are read recursively. The default output is one
readable line per report (id, agency, year, section labels with their lengths);
``--json`` writes JSON Lines (one object per report: id, path, meta, sections, overview,
problems, improvements) and ``--csv`` one CSV row per report. Files that cannot be read
are listed on stderr at the end; the exit code is non-zero only when nothing could be read
or when the one file named fails.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, List, Optional

import typer

from giptext.cli._common import load_readable, one_line_errors, report_skipped, write_csv, write_jsonl
from giptext.errors import ConfigError


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def summary_lines(reports: list[dict[str, Any]]) -> list[str]:
    """One aligned line per report (``Report.to_dict()`` form): id, agency, year, ``label chars``
    for every section."""
    rows = []
    for d in reports:
        secs = "  ".join(f"{s['label']} {len(s['text'])}" for s in d["sections"]) or "(no sections)"
        meta = d.get("meta") or {}
        rows.append((d["id"], meta.get("agency") or "-", str(meta.get("year") or "-"), secs))
    head = ("id", "agency", "year", "sections (label chars)")
    widths = [max(_width(x[i]) for x in [head, *rows]) for i in range(3)]
    return ["  ".join(_pad(c, w) for c, w in zip(row[:3], widths)) + "  " + row[3] for row in [head, *rows]]


def report_dict(report) -> dict[str, Any]:
    """``report.to_dict()`` (module-level, so worker processes can run it)."""
    return report.to_dict()


def csv_row(d: dict[str, Any]) -> dict[str, Any]:
    """A flat CSV row from ``Report.to_dict()``: meta fields as columns, sections as JSON."""
    meta = d.get("meta") or {}
    row = {"id": d["id"], "path": d.get("path"), "encoding": d.get("encoding")}
    for k in ("agency", "year", "level", "region", "title"):
        row[k] = meta.get(k)
    row["sections"] = d.get("sections")
    for k in ("overview", "problems", "improvements"):
        row[k] = d.get(k)
    return row




def register(app: typer.Typer) -> None:
    """Add the ``split`` command to the ``giptext`` app."""

    @app.command("split")
    @one_line_errors
    def split(
        paths: List[Path] = typer.Argument(..., help="Report files (.txt .docx .html .pdf) or folders of them."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON Lines, one object per report."),
        as_csv: bool = typer.Option(False, "--csv", help="Write CSV, one row per report."),
        n_jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores)."),
    ) -> None:
        """Split reports into sections (overview, problems, improvements, …)."""
        if as_json and as_csv:
            raise ConfigError(None, "choose one of --json and --csv")
        corpus = load_readable(paths, n_jobs)
        # splitting runs in worker processes for big batches
        dicts = corpus.map(report_dict, n_jobs=n_jobs, desc="splitting")
        if as_json:
            write_jsonl(dicts)
        elif as_csv:
            write_csv([csv_row(d) for d in dicts])
        else:
            for line in summary_lines(dicts):
                typer.echo(line)
            typer.echo(f"{len(corpus)} report(s) read, {len(corpus.skipped)} skipped")
        report_skipped(corpus.skipped)


__all__ = ["register", "summary_lines", "csv_row", "report_dict"]
