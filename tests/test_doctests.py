"""Every ``>>>`` example in giptext's docstrings runs and gives what it shows.

The modules are found, not listed: a new example is tested the day it is written. An example
that needs files not in the repository is marked ``# doctest: +SKIP`` where it is written.
"""
from __future__ import annotations

import doctest
import importlib
import os
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "giptext"
MODULES = sorted(
    ".".join(p.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__")
    for p in PKG.rglob("*.py") if ">>>" in p.read_text(encoding="utf-8")
)


#: Modules whose examples run the whole pipeline on corpora/samples (tens of seconds).
SLOW = {"giptext.analyze", "giptext.present.dashboard"}


def test_examples_are_found():
    assert len(MODULES) >= 60 and "giptext.reuse.detect" in MODULES


@pytest.mark.parametrize("name", [pytest.param(m, marks=pytest.mark.slow) if m in SLOW else m for m in MODULES])
def test_docstring_examples(name, tmp_path, monkeypatch):
    # Examples run in an empty folder that sees the repository's corpora/ and models/ (as from
    # the repository root), so what they write ("out/") lands in the temporary folder.
    for d in ("corpora", "models"):
        (tmp_path / d).symlink_to(PKG.parent / d, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    mod = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(mod, name, globs=dict(vars(mod))) if t.examples]
    # examples of objects re-exported from another module are that module's to run
    tests = [t for t in tests if t.filename is None or os.path.samefile(t.filename, mod.__file__)]
    for t in tests:
        runner.run(t)
    res = runner.summarize(verbose=False)
    assert res.failed == 0, f"{res.failed} of {res.attempted} examples in {name} failed (output above)"
