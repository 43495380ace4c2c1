"""The data model: :class:`Report`, :class:`Meta`, :class:`Section`, :class:`Statement`.

Plain dataclasses. Every offset is a character offset into ``Report.text``, the decoded
text with only line endings normalised. Stages to the right (split, label, compare,
present) read these objects; this module imports none of them at import time. The few
convenience methods that run a later stage (``sections``, ``themes()``) import it lazily,
the way ``DataFrame.plot`` reaches matplotlib.

Example::

    >>> from giptext import parse_report
    >>> r = parse_report("某局2021年政府信息公开工作年度报告\\n一、总体情况\\n今年……", id="x")
    >>> r.id, r.meta.year
    ('x', 2021)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

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
    _sections: list[Section] | None = field(default=None, repr=False, compare=False)
    _statements: list[Statement] | None = field(default=None, repr=False, compare=False)

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
