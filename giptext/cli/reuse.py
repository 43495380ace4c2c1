"""``giptext reuse PATH...`` and ``giptext diff A B``: copied text between reports.

``giptext reuse`` reads report files and folders (annotated corpora too), finds reused
passages in the narrative sections (``--all-text`` for the whole text) and prints the
report pairs that share most text; ``--json`` writes one JSON object per passage,
``--csv`` one CSV row per passage, ``--html FILE`` the reviewer page.
``giptext diff A B`` compares two reports (usually one agency's two years) section by
section, by paragraphs and sentences, and says how much of each section was carried over.
"""
from __future__ import annotations

import sys

import warnings
from pathlib import Path
from typing import Any, List, Optional

import typer

from giptext._escape import escape_name
from giptext.cli._common import one_line_errors, report_skipped, write_csv, write_jsonl
from giptext.errors import ConfigError, CorpusError, ReadError


def _load(paths: list[Path], n_jobs: int | None):
    from giptext.corpus import Corpus

    for p in paths:
        if not p.exists():
            raise ReadError(p, "no such file or folder")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = Corpus.from_paths(paths, n_jobs=n_jobs)
    for w in caught:
        typer.echo(f"giptext: note: {w.message}", err=True)
    return corpus


def passage_rows(res) -> list[dict[str, Any]]:
    """Passages of a ReuseResult as plain dicts (JSON/CSV ready)."""
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in res.passages.to_dict("records")]


def _read_one(path: Path):
    from giptext.io import read_report

    if not path.exists():
        raise ReadError(path, "no such file")
    return read_report(path)


def register(app: typer.Typer) -> None:
    """Add the ``reuse`` and ``diff`` commands to the ``giptext`` app."""

    @app.command("reuse")
    @one_line_errors
    def reuse(
        paths: List[Path] = typer.Argument(..., help="Report files or folders (read recursively)."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON Lines, one object per passage."),
        as_csv: bool = typer.Option(False, "--csv", help="Write CSV, one row per passage."),
        html: Optional[Path] = typer.Option(None, "--html", help="Also write the reviewer page to this file."),
        all_text: bool = typer.Option(False, "--all-text", help="Compare the whole text, not only the narrative sections."),
        paraphrase: bool = typer.Option(False, "--paraphrase", help="Also find paraphrased sentences (sentence embeddings)."),
        threshold: Optional[float] = typer.Option(
            None, "--threshold", min=0.0, max=1.0,
            help="Least similarity of a copied passage (0-1; default: detect()'s); below it a reworded "
                 "sentence can still be a paraphrase."),
        include_template: bool = typer.Option(False, "--template", help="List template passages too (default: copied text only)."),
        top: int = typer.Option(20, "--top", help="Pairs to list in the summary."),
        n_jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes for reading and comparing (default: all cores)."),
    ) -> None:
        """Find text reused between reports: verbatim, near and (optionally) paraphrased passages."""
        from giptext.reuse import NARRATIVE, detect

        if as_json and as_csv:
            raise ConfigError(None, "choose one of --json and --csv")
        corpus = _load(paths, n_jobs)
        if len(corpus) < 2:
            report_skipped(corpus.skipped)
            where = ", ".join(escape_name(str(p)) for p in paths)
            raise CorpusError(None, f"need at least two readable reports in {where}, found {len(corpus)}")
        res = detect(corpus, sections="all" if all_text else NARRATIVE,
                     **({} if threshold is None else {"threshold": threshold}),
                     paraphrase=paraphrase, n_jobs=-1 if n_jobs is None else n_jobs,
                     progress=sys.stderr.isatty())
        if html is not None:
            from giptext._atomic import atomic_path

            with atomic_path(html) as tmp:  # a stopped run leaves the previous page, not half a page
                res.write_html(tmp)
        rows = passage_rows(res)
        if not include_template:
            rows = [r for r in rows if not r["template"]]
        if as_json:
            write_jsonl(rows)
        elif as_csv:
            write_csv(rows)
        else:
            s = res.summary()
            typer.echo(f"{s['reports']} reports, {s['passages']} reused passages "
                       f"({s['template_passages']} template), {s['families']} families, "
                       f"mean originality {s['mean_originality']:.3f}")
            pairs = res.pairs(include_template=include_template).head(top)
            if len(pairs):
                typer.echo(pairs.to_string(index=False))
            if html is not None:
                typer.echo(f"reviewer page: {escape_name(str(html))}")
        report_skipped(corpus.skipped)

    @app.command("diff")
    @one_line_errors
    def diff(
        a: Path = typer.Argument(..., help="The earlier report (e.g. last year's)."),
        b: Path = typer.Argument(..., help="The later report."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON: summary, per-section table, paragraph and sentence rows."),
        sentences: bool = typer.Option(False, "--sentences", help="List sentences instead of paragraphs."),
        modified_at: float = typer.Option(0.5, "--modified-at", min=0.0, max=1.0,
                                          help="Similarity from which a sentence is 'modified' rather than 'added'."),
        carried_at: float = typer.Option(0.8, "--carried-at", min=0.0, max=1.0,
                                         help="Similarity from which a modified sentence counts as carried over."),
    ) -> None:
        """Compare two reports section by section, by paragraphs and sentences (wrapped lines joined).

        Prints per section the share of the later report carried over from the earlier one
        (unchanged sentences plus sentences modified by small edits), then the paragraphs
        marked = unchanged, ~ modified, + added, - removed.
        """
        import json

        from giptext.reuse import diff_reports

        d = diff_reports(_read_one(a), _read_one(b), modified_at, carried_at=carried_at)
        if as_json:
            typer.echo(json.dumps(d.to_dict(), ensure_ascii=False, indent=1, default=str))
            return
        typer.echo(d.format(sentences=sentences))


__all__ = ["register", "passage_rows"]
