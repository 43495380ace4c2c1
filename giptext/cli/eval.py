"""``giptext eval``: score giptext on an annotated corpus.

``giptext eval CORPUS_DIR`` runs every evaluation and prints one table;
``giptext eval sections|themes|reuse CORPUS_DIR`` runs one. ``giptext eval formats FOLDER`` scores
report files read back against the text they were made from (``formats_gold.jsonl``; not part of
``all``, which needs an annotated corpus).
"""
from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import click
import typer

from giptext.cli._common import one_line_errors
from giptext.errors import CorpusError

EVALUATIONS = ("sections", "themes", "reuse")


def run_evaluation(name: str, corpus_dir: Path):
    """Run ``giptext.eval.<name>.evaluate(corpus_dir)`` and return its EvalReport."""
    from giptext.annotated import is_annotated_dir

    if not Path(corpus_dir).exists():
        raise CorpusError(corpus_dir, "no such folder")
    if name == "formats":
        import sys

        return import_module("giptext.eval.formats").evaluate(corpus_dir, progress=sys.stderr.isatty())
    if not is_annotated_dir(corpus_dir):
        raise CorpusError(corpus_dir, "not an annotated corpus (needs manifest.jsonl and docs/)")
    return import_module(f"giptext.eval.{name}").evaluate(corpus_dir)


def _emit(reports, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1))
    else:
        typer.echo("\n\n".join(r.format() for r in reports))


class _EvalGroup(typer.core.TyperGroup):
    """A group whose first argument may be a corpus folder instead of a subcommand."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "all", self.commands["all"], args
        return super().resolve_command(ctx, args)


eval_app = typer.Typer(
    cls=_EvalGroup,
    help="Score giptext on an annotated corpus: `giptext eval CORPUS_DIR` runs all three evaluations.",
    no_args_is_help=True,
)


def _make(name: str, help_text: str):
    @one_line_errors
    def cmd(
        corpus_dir: Path = typer.Argument(..., help="Annotated corpus folder (manifest.jsonl + docs/)."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    ) -> None:
        _emit([run_evaluation(name, corpus_dir)], as_json)

    cmd.__doc__ = help_text
    eval_app.command(name, help=help_text)(cmd)


_make("sections", "Character-level F1 of the overview and problems sections against gold_sections.jsonl.")
_make("themes", "Cross-validated theme-labelling scores against gold_themes.jsonl.")
_make("reuse", "Recall of the annotated reused pairs (gold_reuse.jsonl) and precision of reported passages.")


@eval_app.command("formats")
@one_line_errors
def _formats(
    folder: Path = typer.Argument(..., help="Folder of report files with formats_gold.jsonl "
                                  "(benchmarks/bench_formats.py --keep DIR writes one)."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Per format, how files read back: sections char-F1, statements F1, page furniture left in the
    narrative, paragraph-boundary F1, against the text each file was made from."""
    _emit([run_evaluation("formats", folder)], as_json)


@eval_app.command("all", hidden=True)
@one_line_errors
def _all(
    corpus_dir: Path = typer.Argument(..., help="Annotated corpus folder."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Run all three evaluations and print one table."""
    _emit([run_evaluation(n, corpus_dir) for n in EVALUATIONS], as_json)


def register(app: typer.Typer) -> None:
    """Attach ``giptext eval`` to the root app."""
    app.add_typer(eval_app, name="eval")
