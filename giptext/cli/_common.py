"""Shared pieces of the command line: one-line errors, JSON/CSV output, skip reports."""
from __future__ import annotations

import csv
import functools
import json
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable

import typer

from giptext.errors import GiptextError, ReadError


def one_line_errors(fn: Callable) -> Callable:
    """Turn a :class:`GiptextError` (and a missing file) into one line on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GiptextError as err:
            typer.echo(f"giptext: error: {err}", err=True)
            raise typer.Exit(2) from None
        except FileNotFoundError as err:
            typer.echo(f"giptext: error: {err.filename}: no such file", err=True)
            raise typer.Exit(2) from None

    return wrapper


def write_jsonl(rows: Iterable[dict[str, Any]], out=None) -> None:
    """Write dicts as JSON Lines (UTF-8, Chinese kept readable)."""
    out = out or sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def write_csv(rows: list[dict[str, Any]], out=None) -> None:
    """Write dicts as CSV with the union of their keys as header (first-seen order)."""
    out = out or sys.stdout
    fields: list[str] = []
    for r in rows:
        for k in r:
            if k not in fields:
                fields.append(k)
    w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in r.items()})


def report_skipped(skipped: list[tuple[str, str]]) -> None:
    """Print the files a batch skipped, one line each, on stderr."""
    if not skipped:
        return
    typer.echo(f"giptext: skipped {len(skipped)} file(s):", err=True)
    for path, reason in skipped:
        typer.echo(f"  {path}: {reason}", err=True)


def load_corpus(paths: list[Path], n_jobs: int | None = None):
    """Read the named files and folders into a Corpus; notes (renamed ids) go to stderr.

    A single named file is read directly, so its failure is the command's failure (a
    one-line error); files inside folders that fail are skipped and listed at the end.
    """
    from giptext.corpus import Corpus
    from giptext.io import read_report

    if len(paths) == 1 and not paths[0].is_dir():
        if not paths[0].exists():
            raise ReadError(paths[0], "no such file or folder")
        return Corpus([read_report(paths[0])])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = Corpus.from_paths(paths, n_jobs=n_jobs)
    for w in caught:
        typer.echo(f"giptext: note: {w.message}", err=True)
    return corpus


def load_readable(paths: list[Path], n_jobs: int | None = None):
    """:func:`load_corpus`, failing with one line (after listing what was skipped) when no
    report at all could be read."""
    from giptext._escape import escape_name
    from giptext.errors import CorpusError

    corpus = load_corpus(paths, n_jobs)
    if len(corpus) == 0:
        report_skipped(corpus.skipped)
        where = ", ".join(escape_name(str(p)) for p in paths)
        raise CorpusError(None, f"no report could be read from {where}")
    return corpus
