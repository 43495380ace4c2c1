"""``giptext themes PATH...``: label every problem/improvement statement with codebook themes.

``giptext themes PATH...`` reads reports (files and folders, recursively), extracts their
statements and labels them; ``giptext themes --texts FILE`` labels one statement per line
of a UTF-8 text file (``-`` reads stdin). Output: a readable line per statement, or
``--json`` (JSON Lines) / ``--csv``. ``--model`` picks another model (``lexicon``, a model
folder or ``.skops`` file).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from giptext.cli._common import load_corpus, one_line_errors, report_skipped, write_csv, write_jsonl
from giptext.errors import ConfigError, CorpusError, ReadError


def _read_lines(path: Path) -> list[str]:
    if str(path) == "-":
        raw = sys.stdin.read()
    else:
        if not path.is_file():
            raise ReadError(path, "no such file")
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ReadError(path, "not UTF-8 text (one statement per line expected)") from None
    return [line.strip() for line in raw.splitlines() if line.strip()]




def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def register(app: typer.Typer) -> None:
    """Add the ``themes`` command to the ``giptext`` app."""

    @app.command("themes")
    @one_line_errors
    def themes(
        paths: Optional[List[Path]] = typer.Argument(None, help="Report files or folders of them."),
        texts: Optional[Path] = typer.Option(None, "--texts", help="Label the statements of this file, one per line ('-': stdin)."),
        as_json: bool = typer.Option(False, "--json", help="Write JSON Lines, one object per statement."),
        as_csv: bool = typer.Option(False, "--csv", help="Write CSV, one row per statement."),
        model: Optional[str] = typer.Option(None, "--model", help="Theme model: 'default', 'lexicon', a model folder or .skops file."),
        n_jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes for --texts (-1: all cores; pays off from tens of thousands of lines)."),
    ) -> None:
        """Label problem/improvement statements with codebook themes."""
        from giptext.themes import load, load_default
        from giptext.themes.label import label_reports, label_texts

        if as_json and as_csv:
            raise ConfigError(None, "choose one of --json and --csv")
        if bool(paths) == (texts is not None):
            raise ConfigError(None, "give report PATHs or --texts FILE (one of the two)")
        lines = _read_lines(texts) if texts is not None else None  # input errors before model loading
        if not model:  # the shipped model takes seconds to load; a user's model file is checked
            # against the allow-list first, and a refusal must stay a one-line error
            typer.echo("giptext: loading the theme model (default)", err=True)
        clf = load(model) if model else load_default()
        skipped: list[tuple[str, str]] = []
        if lines is not None:
            labels, scores = label_texts(lines, clf, n_jobs=n_jobs)
            rows = [{"line": i + 1, "text": t, "labels": lab, "scores": sc}
                    for i, (t, lab, sc) in enumerate(zip(lines, labels, scores))]
        else:
            corpus = load_corpus(list(paths))
            skipped = list(corpus.skipped)
            if len(corpus) == 0:
                report_skipped(skipped)
                raise CorpusError(None, "no report could be read from " + ", ".join(str(p) for p in paths))
            df = label_reports(corpus, model=clf)
            rows = [{k: (None if k == "year" and v is not None and str(v) == "<NA>" else v) for k, v in r.items()}
                    for r in df.to_dict("records")]
        if as_json:
            write_jsonl(rows)
        elif as_csv:
            write_csv(rows)
        else:
            for r in rows:
                where = f"{r['line']}" if "line" in r else f"{r['doc']} {r['kind']}"
                typer.echo(f"{where}\t{','.join(r['labels'])}\t{_short(r['text'])}")
            if texts is None:
                n_docs = len({r["doc"] for r in rows})
                typer.echo(f"{len(rows)} statement(s) from {n_docs} report(s) with statements", err=True)
        report_skipped(skipped)


__all__ = ["register"]
