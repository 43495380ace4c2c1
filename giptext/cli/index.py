"""``giptext index build|add|remove|info`` and ``giptext check``: a reuse archive on disk.

``giptext index build CORPUS... -o ARCHIVE`` indexes reports once
(:class:`giptext.reuse.Archive`); ``giptext index add ARCHIVE FILES...`` adds this year's
reports without rebuilding; ``giptext index info ARCHIVE`` describes an archive and checks it;
``giptext check REPORT... --index ARCHIVE`` lists, for each report, the passages found in the
archive with their source reports, kind, template flag and scope, and the report's
originality (``--json`` one object per report, ``--html OUT`` the reviewer page).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from giptext.cli._common import load_corpus, one_line_errors, report_skipped, write_jsonl
from giptext.errors import ConfigError, CorpusError


def _tty() -> bool:
    return sys.stderr.isatty()


def _safe_name(doc_id: str) -> str:
    """A file name for a report id (no separators, no leading dot)."""
    s = re.sub(r"[^\w\-.]+", "_", doc_id).lstrip(".")
    return s[:120] or "report"


def check_row(hit) -> dict[str, Any]:
    """One :class:`~giptext.reuse.archive.CheckResult` as a JSON-ready dict."""
    from giptext.cli.reuse import passage_rows

    sources = [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
               for r in hit.sources.to_dict("records")]
    orig = hit.originality
    return {"id": hit.id, "originality": None if orig != orig else round(orig, 4),
            "candidates": hit.candidates, "sources": sources, "passages": passage_rows(hit.result)}


def register(app: typer.Typer) -> None:
    """Add the ``index`` command group and the ``check`` command to the ``giptext`` app."""
    index = typer.Typer(help="Build, extend and describe a reuse archive (check new reports against it "
                             "with `giptext check`).", no_args_is_help=True)
    app.add_typer(index, name="index")

    @index.command("build")
    @one_line_errors
    def build(
        corpus: List[Path] = typer.Argument(..., help="Report files or folders (annotated corpora too)."),
        out: Path = typer.Option(..., "--output", "-o", help="The archive folder to create (must not exist)."),
        all_text: bool = typer.Option(False, "--all-text", help="Index the whole text, not only the narrative sections."),
        threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                                  help="Least similarity of a copied passage (default: detect()'s)."),
        n_jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores)."),
        as_json: bool = typer.Option(False, "--json", help="Print the archive's description as JSON."),
    ) -> None:
        """Index reports into a new archive (written under a temporary name, renamed when complete)."""
        from giptext.reuse import NARRATIVE, Archive

        if out.exists():
            raise ConfigError(out, "already exists; `giptext index add` extends an archive")
        reports = load_corpus(corpus, n_jobs)
        if len(reports) == 0:
            report_skipped(reports.skipped)
            raise CorpusError(None, f"no readable reports in {', '.join(str(p) for p in corpus)}")
        tmp = out.with_name(f".{out.name}.building-{os.getpid()}")
        try:
            arc = Archive.create(tmp, sections="all" if all_text else NARRATIVE,
                                 **({} if threshold is None else {"threshold": threshold}))
            arc.add(reports, n_jobs=-1 if n_jobs is None else n_jobs, progress=_tty())
            arc.close()
            os.rename(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _print_info(Archive.open(out, verify=False).info(), as_json)
        report_skipped(reports.skipped)

    @index.command("add")
    @one_line_errors
    def add(
        archive: Path = typer.Argument(..., help="The archive folder."),
        files: List[Path] = typer.Argument(..., help="Report files or folders to add."),
        replace: bool = typer.Option(False, "--replace", help="Replace archived reports with the same id (default: skip them)."),
        n_jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores)."),
        as_json: bool = typer.Option(False, "--json", help="Print the archive's description as JSON."),
    ) -> None:
        """Add reports to an archive: one atomic step, other processes keep checking meanwhile."""
        from giptext.reuse import Archive

        arc = Archive.open(archive)
        reports = load_corpus(files, n_jobs)
        before = len(arc)
        n = arc.add(reports, n_jobs=-1 if n_jobs is None else n_jobs, progress=_tty(), replace=replace)
        if not as_json:
            typer.echo(f"added {n} report(s) ({len(reports) - n} already archived, skipped); "
                       f"{before} -> {len(arc)} reports")
        _print_info(arc.info(), as_json)
        report_skipped(reports.skipped)

    @index.command("remove")
    @one_line_errors
    def remove(
        archive: Path = typer.Argument(..., help="The archive folder."),
        ids: List[str] = typer.Argument(..., help="Ids of the reports to withdraw."),
    ) -> None:
        """Withdraw reports from an archive (they are no longer sources; nothing is rewritten)."""
        from giptext.reuse import Archive

        arc = Archive.open(archive)
        n = arc.remove(ids)
        typer.echo(f"removed {n} report(s) of {len(ids)} named; {len(arc)} reports remain")

    @index.command("info")
    @one_line_errors
    def info(
        archive: Path = typer.Argument(..., help="The archive folder."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Describe an archive (reports, agencies, years, size, settings) after checking all of it
        (SQLite integrity check, segment and record checksums)."""
        from giptext.reuse import Archive

        arc = Archive.open(archive, verify=False)
        checked = arc.verify()
        _print_info({**arc.info(), "verified": checked}, as_json)

    @app.command("check")
    @one_line_errors
    def check(
        reports: List[Path] = typer.Argument(..., help="Report files (or folders) to check."),
        index_path: Path = typer.Option(..., "--index", "-i", help="The archive to check against."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON Lines, one object per report."),
        html: Optional[Path] = typer.Option(None, "--html", help="Reviewer pages: a FILE.html for one report, else a "
                                                                  "folder with one page per report."),
        include_template: bool = typer.Option(False, "--template", help="List template passages too."),
    ) -> None:
        """Find what each report reused from the reports in an archive, and from whom (a report
        whose id is already archived is checked against the others)."""
        from giptext.reuse import Archive

        arc = Archive.open(index_path)
        corpus = load_corpus(list(reports))
        skipped = list(corpus.skipped)
        if len(corpus) == 0:
            report_skipped(skipped)
            raise CorpusError(None, "no readable reports to check")
        many = len(corpus) > 1
        to_file = html is not None and html.suffix.lower() in (".html", ".htm")
        if to_file and many:
            raise ConfigError(html, f"--html names one page but {len(corpus)} reports are checked; give a folder")
        if html is not None and not to_file:
            html.mkdir(parents=True, exist_ok=True)
        items = list(corpus)
        bar = None
        if _tty() and many:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(items), desc="check", leave=False)
        for rep in items:
            hit = arc.check(rep)
            if html is not None:
                page = html if to_file else html / f"{_safe_name(hit.id)}.html"
                hit.result.write_html(page, title=f"Reused text in {hit.id}")
            if as_json:
                row = check_row(hit)
                if not include_template:
                    row["passages"] = [p for p in row["passages"] if not p["template"]]
                write_jsonl([row])
            else:
                _print_check(hit, include_template)
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        report_skipped(skipped)


def _print_info(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    years = info["years"]
    typer.echo(f"{info['path']}: {info['reports']} reports ({info['removed']} removed), "
               f"{info['agencies']} agencies, years {years[0]}-{years[1] if years else ''}".rstrip("-")
               if years else f"{info['path']}: {info['reports']} reports ({info['removed']} removed), "
                             f"{info['agencies']} agencies")
    typer.echo(f"  {info['segments']} segment(s), {info['postings']} postings, {info['bytes'] / 1e6:.1f} MB on disk; "
               f"sections {info['sections']}, threshold {info['threshold']}; "
               f"giptext {info['giptext_version']}, format {info['format_version']}")


def _print_check(hit, include_template: bool) -> None:
    p = hit.passages
    shown = p if include_template else p[~p["template"].astype(bool)] if len(p) else p
    n_t = int(p["template"].sum()) if len(p) else 0
    orig = hit.originality
    typer.echo(f"{hit.id}: {len(p)} passage(s) from {hit.sources.shape[0]} archived report(s) "
               f"({n_t} template), originality {orig:.3f}" if orig == orig else
               f"{hit.id}: {len(p)} passage(s), no compared text")
    src = hit.sources
    if not include_template and len(src):
        src = src[src["n_passages"] > src["template_passages"]]
    if len(src) and len(shown):
        typer.echo(src.head(20).to_string(index=False))


__all__ = ["register", "check_row"]
