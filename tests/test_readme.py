"""The README's "Output tables" lists exactly the columns `giptext analyze` writes."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from giptext.analyze import TABLES
from giptext.reuse.result import OCCURRENCE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def readme_columns() -> dict[str, list[str]]:
    """{table: columns} from the README's tables headed **`name`**."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("## Output tables", 1)[1].split("\n## ", 1)[0]
    out: dict[str, list[str]] = {}
    for m in re.finditer(r"^\*\*`(\w+)`\*\*.*?\n\n(\|.*?)(?:\n\n|\Z)", part, re.M | re.S):
        cols: list[str] = []
        for row in m.group(2).splitlines()[2:]:
            first = row.split("|")[1]
            cols += re.findall(r"`([\w*]+)`", first)
        out[m.group(1)] = cols
    return out


def test_readme_documents_every_table():
    assert set(readme_columns()) == set(TABLES.values())


def test_readme_columns_match_what_analyze_writes():
    from test_analyze import run_samples

    out, result, _ = run_samples()
    assert result.exit_code == 0, result.output
    documented = readme_columns()
    for stem in TABLES.values():
        written = [c for c in pd.read_parquet(out / f"{stem}.parquet").columns if not c.startswith("meta_")]
        listed = [c for c in documented[stem] if c != "meta_*"]
        assert sorted(written) == sorted(listed), stem


def test_readme_names_the_occurrence_columns():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in text.split("\n\n") if "`ReuseResult.occurrences`" in x)
    assert re.findall(r"`(\w+)`", line.split("occurrence of every family:")[1]) == OCCURRENCE_COLUMNS


@pytest.mark.parametrize("command", ["split", "themes", "reuse", "diff", "analyze", "eval"])
def test_readme_tours_every_command(command):
    assert f"**`giptext {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
