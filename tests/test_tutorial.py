"""docs/tutorial.ipynb runs from top to bottom (nbclient, the venv's own Python as kernel)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_tutorial_notebook_runs(shared, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("GIPTEXT_SHARED", str(shared))
    figure = ROOT / "tutorial-out" / "tutorial_themes_by_era.png"  # not out/: that is make demo's output folder
    figure.unlink(missing_ok=True)
    # kernel "python3" is ipykernel's native spec: this interpreter, so the venv's packages
    nb = nbformat.read(ROOT / "docs" / "tutorial.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "docs")}})
    client.execute()  # raises CellExecutionError, naming the cell, on any failure
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "Corpus(" in text and "ReuseResult(" in text and "Report(id=" in text
    assert figure.stat().st_size > 1000
