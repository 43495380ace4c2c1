"""Render a :class:`SourceDoc` as text that lost its line breaks, as crawlers and copy-paste save it.

- ``one_line``: every line of the reading text joined with nothing between (table cells too:
  ``…总计000000…五、存在的主要问题…``), one line, no final newline;
- ``two_lines``: the blocks joined by a space, broken into two lines at a block boundary in the
  first half of the report (so headings sit mid-line: ``…提高。 六、其他需要报告的事项 无。``).
"""
from __future__ import annotations

import random
from pathlib import Path

from corpora.render.model import SourceDoc

VARIANTS = ("one_line", "two_lines")


def _texts(b) -> list[str]:
    return [c.text for r in b.table.rows for c in r] if b.table is not None else [b.text]


def flat_text(doc: SourceDoc, variant: str = "one_line", seed: int = 0) -> str:
    """The flattened text of ``doc`` (see the module docstring for the variants)."""
    if variant == "one_line":
        return "".join(t for b in doc.blocks for t in _texts(b))
    if variant == "two_lines":
        pieces = [" ".join(_texts(b)) for b in doc.blocks]
        rng = random.Random(f"flat:{seed}:{doc.id}")
        k = rng.randint(1, max(1, len(pieces) // 2))
        return " ".join(pieces[:k]) + "\n" + " ".join(pieces[k:])
    raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")


def render_flat(doc: SourceDoc, path: str | Path, variant: str = "one_line", seed: int = 0) -> dict:
    """Write the flattened text (UTF-8) at ``path``; return ``{"path", "lines", "furniture"}``."""
    text = flat_text(doc, variant, seed)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return {"path": str(path), "lines": text.count("\n") + 1, "furniture": []}


__all__ = ["VARIANTS", "flat_text", "render_flat"]
