"""Building a reading text and its source map together (shared by the readers)."""
from __future__ import annotations

from giptext.io.limits import Limits
from giptext.report import SourceMap

# One wide (CJK) character: ideographs, CJK punctuation and full-width forms. The readers
# use it where two wide characters meet across a line break or a space (no space between them).
WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"


class TextBuilder:
    """Accumulate output lines, each made of pieces with a source record, and the map.

    Lines are joined by ``\\n``; every piece starts a run of the :class:`SourceMap`, so
    ``Report.source_of`` finds the piece a character came from. The character limit is
    checked as the text grows, so a huge file stops early.
    """

    def __init__(self, kind: str, path, limits: Limits):
        self.map = SourceMap(kind)
        self._parts: list[str] = []
        self._n = 0
        self._path = path
        self._limits = limits

    def add_line(self, pieces) -> None:
        """Append one line made of ``(text, record)`` pieces (empty pieces are skipped)."""
        pieces = [(t, r) for t, r in pieces if t]
        if not pieces:
            return
        if self._parts:
            self._parts.append("\n")
            self._n += 1
        for text, rec in pieces:
            self.map.add(self._n, rec)
            self._parts.append(text)
            self._n += len(text)
        self._limits.check(self._path, "max_chars", self._n, "the reading text length in characters")

    def __len__(self) -> int:
        return self._n

    def text(self) -> str:
        """The reading text built so far."""
        return "".join(self._parts)


class ReadResult:
    """What a reader hands the dispatcher: the reading text, its map and side facts."""

    __slots__ = ("text", "source_map", "encoding", "title", "warnings")

    def __init__(self, text: str, source_map: SourceMap | None, encoding: str | None = None,
                 title: str | None = None, warnings: list[str] | None = None):
        self.text = text
        self.source_map = source_map
        self.encoding = encoding
        self.title = title
        self.warnings = list(warnings or [])
