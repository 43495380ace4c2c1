"""The data model: :class:`Report`, :class:`Meta`, :class:`Section`, :class:`Statement`.

Plain dataclasses. Every offset is a character offset into ``Report.text``, the decoded
text with only line endings normalised. Stages to the right (split, label, compare,
present) read these objects; this module imports none of them at import time. The few
convenience methods that run a later stage (``sections``, ``themes()``) import it lazily,
the way ``DataFrame.plot`` reaches matplotlib.

Provenance: ``Report.source_of(offset)`` maps any offset of ``Report.text`` back to
where that character came from in the file, as a :class:`SourceLocation`:
``kind='pdf'`` with ``page``/``line`` (1-based, the line counted from the top of the page,
page furniture included), ``kind='docx'`` with ``paragraph`` (the n-th body paragraph) or
``table``/``row``/``cell``, ``kind='html'`` with ``element`` (a CSS-like path such as
``div#content>p[4]``), ``kind='txt'`` with ``line``. The map is a :class:`SourceMap`
(run starts and one small record per run, looked up by bisection), so it pickles with the
report; a report made from a string (``parse_report``) has none and is located by line.

Example::

    >>> from giptext import parse_report
    >>> r = parse_report("某局2021年政府信息公开工作年度报告\\n一、总体情况\\n今年……", id="x")
    >>> r.id, r.meta.year
    ('x', 2021)
    >>> str(r.source_of(r.text.index("今年")))
    'line 3'
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from giptext._escape import escape_name

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Canonical section labels, in the order they usually appear.
SECTION_LABELS = (
    "preamble",
    "overview",
    "proactive",
    "requests",
    "fees",
    "review_litigation",
    "problems",
    "improvements",
    "other_matters",
    "other",
)

LEVELS = ("province", "city", "county", "township", "department", "unknown")

#: How a table reaches the reading text: one row per line, its cells joined by this
#: separator (a TAB never occurs inside Chinese prose, and shows as white space).
CELL_SEP = "\t"


def normalize_newlines(text: str) -> str:
    """Return ``text`` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n`` (nothing else changes)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: The record fields of each kind of source, in the order a :class:`SourceMap` stores them.
SOURCE_FIELDS = {
    "pdf": ("page", "line"),
    "docx": ("paragraph", "table", "row", "cell"),
    "html": ("element",),
    "txt": ("line",),
}


@dataclass(frozen=True)
class SourceLocation:
    """Where one character of the reading text came from in its file.

    Only the fields of its ``kind`` are set (see the module docstring); numbers are 1-based
    so they read as a person would cite them ("p. 3, line 12", "table 2, row 3, cell 1").
    """

    kind: str
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    element: str | None = None

    def __str__(self) -> str:
        if self.kind == "pdf":
            return f"p. {self.page}, line {self.line}"
        if self.table is not None:
            return f"table {self.table}, row {self.row}, cell {self.cell}"
        if self.paragraph is not None:
            return f"paragraph {self.paragraph}"
        if self.element is not None:
            return self.element
        return f"line {self.line}"

    def to_dict(self) -> dict[str, Any]:
        """The set fields only, ``kind`` first."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


class SourceMap:
    """Compact provenance of a reading text: runs of characters with one source record each.

    ``starts[i]`` is the offset where run ``i`` begins (increasing); ``records[i]`` the
    tuple of :data:`SOURCE_FIELDS` ``[kind]`` values of that run. An offset belongs to the
    last run starting at or before it. ``kind='txt'`` needs no runs: the line is counted
    in the text. Readers build it with :meth:`add`; users call :meth:`Report.source_of`.
    """

    __slots__ = ("kind", "starts", "records")

    def __init__(self, kind: str, starts: list[int] | None = None, records: list[tuple] | None = None):
        if kind not in SOURCE_FIELDS:
            raise ValueError(f"unknown source kind {kind!r} (one of {sorted(SOURCE_FIELDS)})")
        self.kind = kind
        self.starts: list[int] = list(starts or [])
        self.records: list[tuple] = list(records or [])

    def add(self, start: int, record: tuple) -> None:
        """Start a run at ``start`` (not before the previous run's start)."""
        if self.starts and start < self.starts[-1]:
            raise ValueError("source runs must be added in text order")
        if self.starts and start == self.starts[-1]:
            self.records[-1] = record  # an empty run is replaced by the next one
            return
        self.starts.append(start)
        self.records.append(record)

    def locate(self, offset: int, text: str) -> SourceLocation:
        """The :class:`SourceLocation` of ``offset`` in ``text`` (the text this map describes)."""
        if self.kind == "txt" or not self.starts:
            return SourceLocation(kind=self.kind, line=_line_of(text, offset))
        i = max(0, bisect_right(self.starts, offset) - 1)
        return SourceLocation(self.kind, **dict(zip(SOURCE_FIELDS[self.kind], self.records[i])))

    def __len__(self) -> int:
        return len(self.starts)

    def __getstate__(self):
        return (self.kind, self.starts, self.records)

    def __setstate__(self, state):
        self.kind, self.starts, self.records = state

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceMap) and self.__getstate__() == other.__getstate__()

    def __repr__(self) -> str:
        return f"SourceMap(kind={self.kind!r}, runs={len(self.starts)})"


def _unknown(value: Any) -> str:
    """``repr`` of a known value, ``unknown`` for ``None`` (what reprs and pages show)."""
    return "unknown" if value is None else repr(value)


@dataclass
class Meta:
    """What can be read about a report's issuer and year. Unknown is ``None``, never a guess."""

    agency: str | None = None
    year: int | None = None
    level: str | None = None
    region: str | None = None
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (``extra`` merged in last, never overriding the named fields)."""
        d = {k: v for k, v in asdict(self).items() if k != "extra"}
        for k, v in self.extra.items():
            d.setdefault(k, v)
        return d


@dataclass(frozen=True, repr=False)
class Section:
    """One top-level section: its heading line and body.

    ``start``/``end`` delimit the body (``text``) in ``Report.text``; the heading occupies
    ``heading_start``..``start`` (empty for the preamble or an unheaded overview).
    """

    label: str
    heading: str
    start: int
    end: int
    text: str
    heading_start: int | None = None

    @property
    def span_start(self) -> int:
        """Offset where the section begins, heading included."""
        return self.start if self.heading_start is None else self.heading_start

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for JSON."""
        return asdict(self)

    def __repr__(self) -> str:
        """One line: label, heading, body span and size (never the body text)."""
        return (f"Section(label={self.label!r}, heading={_clip(self.heading)!r}, "
                f"start={self.start}, end={self.end}, {len(self.text):,} chars)")


def _clip(text: str, n: int = 40) -> str:
    """``text`` cut to ``n`` characters with an ellipsis (for reprs)."""
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True)
class Statement:
    """One enumerated problem or improvement statement (``kind``: 'problem' | 'improvement')."""

    text: str
    start: int
    end: int
    kind: str
    section: str = "problems"

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for JSON."""
        return asdict(self)


@dataclass(repr=False)
class Report:
    """One annual report: its decoded text, where it came from, and what can be read of it.

    ``sections`` and ``statements()`` are computed on first use by the section splitter
    (:mod:`giptext.sections`) and cached.
    """

    id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    path: str | None = None
    encoding: str | None = None
    format: str | None = None
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)
    warnings: list[str] = field(default_factory=list, repr=False, compare=False)
    _sections: list[Section] | None = field(default=None, repr=False, compare=False)
    _statements: list[Statement] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches us as lone surrogates, which no JSON, CSV,
        # Parquet or HTML writer accepts: keep the visible \xNN escape instead (giptext._escape).
        self.id = escape_name(self.id)
        self.path = escape_name(self.path)
        m = self.meta
        if not isinstance(m, Meta):
            return
        for name in ("agency", "level", "region", "title"):
            setattr(m, name, escape_name(getattr(m, name)))
        if m.extra:
            m.extra = {escape_name(k): escape_name(v) for k, v in m.extra.items()}

    # -- provenance --------------------------------------------------------------------
    def page_starts(self) -> list[int] | None:
        """Offsets in ``text`` where each printed page begins (index 0 is page 1), for a
        report read from a PDF; ``None`` for formats without pages.

        Compact enough to travel with results (the reviewer page turns a passage offset into
        "p. 3" with it) where the whole :class:`SourceMap` would not.
        """
        sm = self.source_map
        if sm is None or sm.kind != "pdf" or not sm.starts:
            return None
        out: list[int] = []
        for start, rec in zip(sm.starts, sm.records):
            page = rec[0]
            while len(out) < page:
                out.append(start)
        return out

    def source_of(self, offset: int) -> SourceLocation:
        """Where the character at ``offset`` of ``text`` came from in the file.

        PDF: page and line; DOCX: body paragraph or table cell; HTML: element path;
        text files and strings: line. See the module docstring for the fields.
        """
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside the text (0..{len(self.text)})")
        if self.source_map is None:
            return SourceLocation(kind="txt", line=_line_of(self.text, offset))
        return self.source_map.locate(offset, self.text)

    # -- sections ---------------------------------------------------------------------
    @property
    def sections(self) -> list[Section]:
        """Ordered sections that partition ``text`` (computed once by the splitter)."""
        if self._sections is None:
            from giptext.sections import split_sections

            self._sections = split_sections(self.text)
        return self._sections

    def section(self, label: str) -> Section | None:
        """The first section with this canonical label, or ``None``."""
        for s in self.sections:
            if s.label == label:
                return s
        return None

    def _part(self, name: str) -> str:
        from giptext.sections import section_part

        return section_part(self, name)

    @property
    def overview(self) -> str:
        """Overview body text (``""`` when absent)."""
        return self._part("overview")

    @property
    def problems(self) -> str:
        """The problems part only (``""`` when absent)."""
        return self._part("problems")

    @property
    def improvements(self) -> str:
        """The improvements part, separate section or second half of problems (``""`` when absent)."""
        return self._part("improvements")

    def statements(self, kind: str | None = None) -> list[Statement]:
        """Enumerated problem/improvement statements; ``kind`` filters ('problem' | 'improvement')."""
        if self._statements is None:
            from giptext.sections import extract_statements

            self._statements = extract_statements(self)
        if kind is None:
            return list(self._statements)
        return [s for s in self._statements if s.kind == kind]

    # -- later stages (lazy façades) ----------------------------------------------------
    def themes(self, model: Any = None) -> "pd.DataFrame":
        """Label every statement with codebook themes; one DataFrame row per statement."""
        from giptext.themes import label_reports

        return label_reports([self], model=model)

    # -- export -------------------------------------------------------------------------
    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        """JSON-ready dict: id, path, meta, sections, overview, problems, improvements."""
        d: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "encoding": self.encoding,
            "meta": self.meta.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "overview": self.overview,
            "problems": self.problems,
            "improvements": self.improvements,
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if with_text:
            d["text"] = self.text
        return d

    def _repr_html_(self) -> str:
        from giptext.present.notebook import report_html

        return report_html(self)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        """One line: id, agency, year, size and the sections found (never the text)."""
        labels = list(dict.fromkeys(s.label for s in self.sections))
        shown = ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "")
        return (f"Report(id={self.id!r}, agency={_unknown(self.meta.agency)}, year={_unknown(self.meta.year)}, "
                f"{len(self.text):,} chars, sections: {shown or 'none'})")
