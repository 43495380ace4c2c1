"""``giptext analyze CORPUS -o OUT/``: every stage on a corpus, written as tables, figures and pages."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from giptext.cli._common import one_line_errors, report_skipped
from giptext.errors import CorpusError


@one_line_errors
def analyze_cmd(
    corpus: Path = typer.Argument(..., help="A folder of reports (.txt .docx .html .pdf), or one report file."),
    out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder (created if missing)."),
    themes_model: Optional[str] = typer.Option(None, "--themes-model", help="Theme classifier name (default: the shipped default)."),
    no_figures: bool = typer.Option(False, "--no-figures", help="Skip the figures (faster; the dashboard has tables only)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bars."),
) -> None:
    """Read, split, label themes, detect reuse; write CSV/Parquet tables, PNG/SVG figures, reuse.html and index.html."""
    from giptext._atomic import check_output_dir
    from giptext._escape import escape_name
    from giptext.analyze import analyze

    check_output_dir(out)  # refuse a folder of someone else's files before the long run, not after
    # out is excluded from the input (and carries giptext's marker once written): a rerun never reads it
    try:
        result = analyze(corpus, None, themes_model=themes_model, progress=False if quiet else True, exclude=[out])
    except CorpusError as err:  # nothing readable: still say why each file was skipped
        report_skipped(getattr(err, "skipped", []))
        raise
    written = result.write(out, figures=not no_figures, progress=False if quiet else True)
    report_skipped(result.skipped)
    if as_json:
        typer.echo(json.dumps({**result.summary(), "out": escape_name(str(out)),
                               "files": [escape_name(str(p)) for p in written]},
                              ensure_ascii=False, indent=1))
        return
    s = result.summary()
    parts = [f"{s['reports']} reports", f"{s['statements']} statements", f"{s['passages']} reused passages",
             f"{s['families']} boilerplate families"]
    if "narrative_reused_share" in s:
        parts.append(f"{s['narrative_reused_share']:.1%} of narrative reused")
    typer.echo("giptext analyze: " + ", ".join(parts) + (f"; {s['skipped']} file(s) skipped" if s["skipped"] else ""), err=True)
    index = out / "index.html"
    where = f"open {escape_name(str(index))}" if index.exists() else f"{len(written)} files"
    typer.echo(f"Output written to {escape_name(str(out))}/ ({len(written)} files): {where}")


def register(app: typer.Typer) -> None:
    """Attach ``giptext analyze`` to the root app."""
    app.command("analyze", help="Analyse a corpus end to end: tables, figures, dashboard (index.html) and reuse page.")(analyze_cmd)
