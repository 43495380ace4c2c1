"""The document model the renderers draw from, and the gold each rendered file carries.

A :class:`SourceDoc` is a whole report as an ordered list of :class:`Block` s (title, headings,
sub-headings, paragraphs, tables, signature lines). Its **reading text** (:meth:`SourceDoc.text`)
is what a perfect reader would give back from any rendering: one block per line, a table one row
per line with its cells (those that start in that row, merged cells once) joined by
:data:`giptext.report.CELL_SEP`. All gold is defined on that text:

- sections: the splitter's sections of the reading text (for the real seeds, spans checked by
  reading and stored in ``corpora/render/gold_seeds.jsonl``);
- statements: ``giptext.sections.extract_statements_from`` on the reading text;
- paragraph boundaries: the offsets where a block (or a table row) starts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Union

from giptext.report import CELL_SEP


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and how many grid columns / rows it covers (as HTML's colspan/rowspan)."""

    text: str
    colspan: int = 1
    rowspan: int = 1


CellLike = Union[Cell, str]


@dataclass(frozen=True)
class Table:
    """A table as rows of cells. A row lists only the cells that *start* in it (the HTML model):
    a cell with ``rowspan=3`` is given once, in its first row, and the next two rows omit it."""

    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def of(cls, rows: list[list[CellLike]]) -> "Table":
        """Build from rows of cell strings or :class:`Cell` s (strings are 1×1 cells)."""
        return cls(tuple(tuple(c if isinstance(c, Cell) else Cell(str(c)) for c in r) for r in rows))

    def row_texts(self) -> list[str]:
        """Each row as its reading-text line: the row's cell texts joined by CELL_SEP."""
        return [CELL_SEP.join(c.text for c in r) for r in self.rows]

    def grid(self) -> tuple[int, int, list[tuple[int, int, Cell]]]:
        """Lay the cells on a grid (HTML table algorithm): ``(n_rows, n_cols, [(row, col, cell), …])``.

        A cell takes the first free column of its row at or after the previous cell; ``rowspan``
        reserves the columns below it."""
        taken: set[tuple[int, int]] = set()
        placed: list[tuple[int, int, Cell]] = []
        n_cols = 0
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                placed.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
                n_cols = max(n_cols, c)
        n_rows = max([r + cell.rowspan for r, _, cell in placed] + [len(self.rows)])
        return n_rows, n_cols, placed


BLOCK_KINDS = ("title", "heading", "subheading", "para", "table", "signature")


@dataclass(frozen=True)
class Block:
    """One block of a report. ``number`` is a heading's outline number as written (``一、``,
    ``（一）``), so a renderer can hand it to Word's automatic numbering and write only ``body``."""

    kind: str
    text: str = ""
    number: str = ""
    table: Table | None = None

    @property
    def body(self) -> str:
        """The text without its outline number."""
        return self.text[len(self.number):] if self.number and self.text.startswith(self.number) else self.text

    def lines(self) -> list[str]:
        """The block's lines in the reading text (a table gives one line per row)."""
        return self.table.row_texts() if self.table is not None else [self.text]


@dataclass
class SourceDoc:
    """A whole report to render: id, blocks, and what the renderers print around it.

    ``synthetic`` is True for reports made by ``corpora/synthetic.py`` (never real); ``origin``
    says where the text came from (a seed file name or the generator and seed)."""

    id: str
    blocks: list[Block]
    agency: str = ""
    year: int | None = None
    synthetic: bool = False
    origin: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The reading text: every block's lines joined by newlines."""
        return "\n".join(line for b in self.blocks for line in b.lines())

    def sha(self) -> str:
        """SHA-256 of the reading text (ties a stored gold file to the text it was checked on)."""
        return hashlib.sha256(self.text().encode("utf-8")).hexdigest()

    def line_starts(self) -> list[int]:
        """Offsets in :meth:`text` where a line (a paragraph, heading or table row) starts."""
        out, pos = [], 0
        for b in self.blocks:
            for line in b.lines():
                out.append(pos)
                pos += len(line) + 1
        return out

    @property
    def title(self) -> str:
        """The title block's text, or a title made from agency and year when the report has none."""
        for b in self.blocks:
            if b.kind == "title":
                return b.text
        return f"{self.agency}{self.year or ''}年政府信息公开工作年度报告"


def gold_of(doc: SourceDoc, sections: list[dict] | None = None) -> dict[str, Any]:
    """The gold a rendering of ``doc`` carries: reading text, sections, statements, paragraph starts.

    ``sections`` (from a checked gold file) overrides the splitter's sections; each is a dict with
    ``label``, ``heading``, ``span_start``, ``start``, ``end`` (offsets into the reading text)."""
    from giptext.report import Section
    from giptext.sections import split_sections
    from giptext.sections.statements import extract_statements_from

    text = doc.text()
    if sections is None:
        secs = split_sections(text)
    else:
        secs = [Section(label=s["label"], heading=s["heading"], start=s["start"], end=s["end"],
                        text=text[s["start"]:s["end"]],
                        heading_start=None if s["span_start"] == s["start"] else s["span_start"]) for s in sections]
    stmts = extract_statements_from(text, secs)
    return {
        "id": doc.id,
        "text": text,
        "sha": doc.sha(),
        "sections": [{"label": s.label, "heading": s.heading, "span_start": s.span_start, "start": s.start,
                      "end": s.end} for s in secs],
        "statements": [{"kind": st.kind, "section": st.section, "start": st.start, "end": st.end,
                        "text": st.text} for st in stmts],
        "line_starts": doc.line_starts(),
        "synthetic": doc.synthetic,
        "origin": doc.origin,
    }
