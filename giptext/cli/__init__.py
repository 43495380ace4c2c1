"""The ``giptext`` command line: a thin layer over the public API.

Each command group lives in its own module here and exposes ``register(app)``.
"""
from __future__ import annotations

from importlib import import_module

import typer

from giptext._version import __version__

app = typer.Typer(
    name="giptext",
    help="Sections, issue themes and copied text in government information disclosure annual reports.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"giptext {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """giptext: read, split, label and compare 政府信息公开工作年度报告."""


_COMMAND_MODULES = ("split", "themes", "reuse", "tables", "eval", "analyze", "index")
for _name in _COMMAND_MODULES:
    try:
        _mod = import_module(f"giptext.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group not built yet
        if _exc.name != f"giptext.cli.{_name}":
            raise
        continue
    _mod.register(app)


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
