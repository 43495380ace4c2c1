"""Reading an annotated corpus (the layout of ``shared/ANNOTATION.md``).

An annotated corpus is a folder with ``docs/NNN.txt``, ``manifest.jsonl`` and optional
gold files ``gold_sections.jsonl``, ``gold_themes.jsonl``, ``gold_reuse.jsonl``.
Evaluations, experiments and tests read gold data through :func:`load_annotated`.

Example (not run as a doctest: it reads ``../shared/dev``, which is not in the repository)::

    >>> ac = load_annotated("../shared/dev")          # doctest: +SKIP
    >>> len(ac.docs), ac.themes.shape                  # doctest: +SKIP
    (226, (364, 4))
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from giptext.errors import CorpusError
from giptext.report import normalize_newlines

GOLD_FILES = ("gold_sections.jsonl", "gold_themes.jsonl", "gold_reuse.jsonl")


def is_annotated_dir(path: str | Path) -> bool:
    """True when ``path`` holds ``manifest.jsonl`` and a ``docs/`` folder."""
    p = Path(path)
    return (p / "manifest.jsonl").is_file() and (p / "docs").is_dir()


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file; a malformed line raises :class:`CorpusError` naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CorpusError(path, f"line {i} is not valid JSON ({exc.msg})") from None
    return rows


@dataclass
class AnnotatedCorpus:
    """Texts, manifest and gold tables of an annotated corpus."""

    root: Path
    docs: dict[str, str]
    manifest: pd.DataFrame
    sections: pd.DataFrame = field(default_factory=pd.DataFrame)
    themes: pd.DataFrame = field(default_factory=pd.DataFrame)
    reuse: pd.DataFrame = field(default_factory=pd.DataFrame)

    def doc_path(self, doc_id: str) -> Path:
        """Path of the text file of ``doc_id``."""
        return self.root / "docs" / f"{doc_id}.txt"

    def meta(self, doc_id: str) -> dict[str, Any]:
        """The manifest row of ``doc_id`` as a dict."""
        row = self.manifest.loc[self.manifest["id"] == doc_id]
        return {} if row.empty else row.iloc[0].to_dict()


def load_annotated(path: str | Path) -> AnnotatedCorpus:
    """Load an annotated corpus; raises :class:`CorpusError` if the layout is wrong."""
    root = Path(path)
    if not is_annotated_dir(root):
        raise CorpusError(root, "not an annotated corpus (needs manifest.jsonl and docs/)")
    manifest = pd.DataFrame(read_jsonl(root / "manifest.jsonl"))
    if "id" not in manifest.columns:
        raise CorpusError(root / "manifest.jsonl", "rows have no 'id' field")
    manifest["id"] = manifest["id"].astype(str)
    docs: dict[str, str] = {}
    for doc_id in manifest["id"]:
        f = root / "docs" / f"{doc_id}.txt"
        if not f.is_file():
            raise CorpusError(f, "listed in manifest.jsonl but missing")
        docs[doc_id] = normalize_newlines(f.read_text(encoding="utf-8-sig"))
    tables = {}
    for name in GOLD_FILES:
        f = root / name
        tables[name] = pd.DataFrame(read_jsonl(f)) if f.is_file() else pd.DataFrame()
        for col in ("id", "doc_a", "doc_b"):
            if col in tables[name].columns:
                tables[name][col] = tables[name][col].astype(str)
    return AnnotatedCorpus(
        root=root,
        docs=docs,
        manifest=manifest,
        sections=tables["gold_sections.jsonl"],
        themes=tables["gold_themes.jsonl"],
        reuse=tables["gold_reuse.jsonl"],
    )


def shared_dir() -> Path:
    """The project's ``shared/`` folder: ``$GIPTEXT_SHARED`` or ``../shared`` beside the checkout."""
    env = os.environ.get("GIPTEXT_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared"


__all__ = ["AnnotatedCorpus", "load_annotated", "is_annotated_dir", "read_jsonl", "shared_dir"]
