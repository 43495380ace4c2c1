"""Every experiment and benchmark script imports; experiments use only giptext's public API.

A study that reaches into private functions breaks silently when the engine is reshaped;
this test fails instead. (Benchmarks may time private fast paths against their references,
so only their importing is checked.) Scripts run their work under ``if __name__ == "__main__"``, so
importing one is cheap.
"""
from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted([*ROOT.glob("experiments/*/*.py"), *ROOT.glob("benchmarks/*.py")])


def _private_uses(path: Path) -> list[str]:
    """``module.name`` of every private giptext name the script imports or reads."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "giptext":
            parts = node.module.split(".")
            out += [f"{node.module}.{a.name}" for a in node.names
                    if a.name.startswith("_") or any(p.startswith("_") for p in parts)]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names
                    if a.name.split(".")[0] == "giptext" and any(p.startswith("_") for p in a.name.split("."))]
    return out


def test_there_are_scripts():
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_script_imports_and_uses_public_api_only(path: Path, monkeypatch):
    if path.parent.parent.name == "experiments":
        assert _private_uses(path) == []
    # scripts import their neighbours (``from sweep import ...``) and the benchmarks
    for d in (path.parent, ROOT / "benchmarks", ROOT):
        monkeypatch.syspath_prepend(str(d))
    name = f"_exp_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, mod)
    spec.loader.exec_module(mod)
    assert (mod.__doc__ or "").strip(), "every script says what it does"
