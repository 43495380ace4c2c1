"""The documents a reuse run compares, and their compared sections: one public way to get them.

:func:`detect` accepts many shapes of input (Reports, a Corpus, an annotated corpus,
``{id: text}``, a list of texts) and orders the reports earliest first; studies of the engine
need the same documents in the same order with the same sections. :func:`documents` gives
them, so a study never re-implements (or imports the private parts of) that preparation.

Example::

    >>> docs = documents({"b": "一、总体情况\\n我镇认真落实条例。", "a": "一、总体情况\\n我局认真落实条例。"})
    >>> [(d.id, [d.text[s:e].strip() for s, e in d.compared]) for d in docs]
    [('a', ['我局认真落实条例。']), ('b', ['我镇认真落实条例。'])]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from giptext.errors import ConfigError
from giptext.report import SECTION_LABELS, Meta, Report

#: The narrative sections compared by default: where agencies write in their own words.
NARRATIVE = ("overview", "problems", "improvements")


@dataclass
class _Doc:
    id: str
    text: str
    meta: dict[str, Any]
    report: Report | None = None
    sections: list[tuple[str, int, int]] = field(default_factory=list)


def _meta_dict(m: Any) -> dict[str, Any]:
    if m is None:
        return {}
    if isinstance(m, Meta):
        return m.to_dict()
    return dict(m)


def _as_docs(obj: Any) -> list[_Doc]:
    """Accept reports, a Corpus, an AnnotatedCorpus, ``{id: text}`` or a list of texts."""
    if hasattr(obj, "docs") and hasattr(obj, "manifest") and isinstance(getattr(obj, "docs"), dict):
        man = {str(r["id"]): r for r in obj.manifest.to_dict("records")}
        return [_Doc(str(k), t, _clean_meta(man.get(str(k), {}))) for k, t in obj.docs.items()]
    if isinstance(obj, (str, bytes)):
        raise TypeError("reports must be Reports, a Corpus, {id: text} or a list of texts, not one string")
    if isinstance(obj, Report):
        obj = [obj]
    if isinstance(obj, dict):
        items: Iterable[Any] = obj.items()
    else:
        if hasattr(obj, "reports") and not callable(getattr(obj, "reports")):
            obj = obj.reports
        items = enumerate(obj)
    docs = []
    for key, val in items:
        if isinstance(val, Report):
            docs.append(_Doc(str(val.id), val.text, _meta_dict(val.meta), val))
        elif isinstance(val, str):
            docs.append(_Doc(str(key), val, {}))
        elif isinstance(val, tuple) and len(val) == 2 and isinstance(val[1], str):
            docs.append(_Doc(str(val[0]), val[1], {}))
        else:
            raise ConfigError(None, f"detect() cannot compare a {type(val).__name__}; pass Reports, a Corpus or texts")
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:3]
        raise ConfigError(None, f"report ids must be unique; repeated: {', '.join(dup)}")
    return docs


def _clean_meta(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k in ("agency", "year", "level"):
        v = row.get(k)
        if isinstance(v, float) and np.isnan(v):
            v = None
        if k == "year" and v is not None:
            v = int(v)
        out[k] = v
    return out


def _year(d: _Doc) -> int | None:
    y = d.meta.get("year")
    try:
        return None if y is None else int(y)
    except (TypeError, ValueError):
        return None


def _sections_of(d: "_Doc") -> list[tuple[str, int, int]]:
    # A text given without its Report is split here and the Report dropped: keeping one per
    # document would hold a second copy of every section's text for the whole run.
    rep = d.report if d.report is not None else Report(id=d.id, text=d.text)
    return [(s.label, s.start, s.end) for s in rep.sections]


def compared_labels(sections: Any) -> tuple[str, ...] | None:
    """The section labels ``detect(sections=...)`` compares (``None``: the whole text).

    ``"all"``/``None`` is the whole text; one label or a list of labels is checked against
    :data:`giptext.report.SECTION_LABELS`; problems bring improvements along, because
    reports file the same item under either heading.

    >>> compared_labels(["overview", "problems"])
    ('overview', 'problems', 'improvements')
    >>> compared_labels("all") is None
    True
    """
    if sections is None or sections == "all":
        return None
    if isinstance(sections, str):
        sections = (sections,)
    try:
        wanted = tuple(sections)
    except TypeError:
        raise TypeError(f"sections must be 'all', a section label or a list of labels, "
                        f"got {type(sections).__name__}") from None
    bad = [x for x in wanted if x not in SECTION_LABELS]
    if bad:
        raise ConfigError(None, f"unknown section label {bad[0]!r}; the labels are {', '.join(SECTION_LABELS)}")
    if not wanted:
        raise ConfigError(None, "sections is empty: give 'all' or at least one label")
    if "problems" in wanted and "improvements" not in wanted:
        wanted = wanted + ("improvements",)
    return wanted


_wanted = compared_labels  # (the engine's internal name)


@dataclass(frozen=True)
class Document:
    """One report as the reuse engine sees it.

    ``id``/``text``/``meta`` (agency, year, level when known); ``sections``: every section as
    ``(label, start, end)`` (source offsets, partitioning ``text``); ``compared``: the spans
    of the compared sections, in order (the whole text when every section is compared).
    """

    id: str
    text: str
    meta: dict[str, Any] = field(repr=False)
    sections: tuple[tuple[str, int, int], ...] = field(repr=False)
    compared: tuple[tuple[int, int], ...]


def documents(reports: Any, *, sections: Any = NARRATIVE) -> list[Document]:
    """The documents ``detect(reports, sections=sections)`` compares, in its order (by year,
    then id, reports of unknown year last), each with its sections and compared spans.

    ``reports``: anything :func:`giptext.reuse.detect` accepts; ``sections``: as for
    ``detect``. ``{d.id: d.sections for d in documents(...)}`` is the ``docs_sections`` of
    :func:`giptext.reuse.paraphrase.build_units` and ``add_paraphrases``, and
    :func:`compared_labels` gives their ``wanted``.
    """
    wanted = compared_labels(sections)
    docs = _as_docs(reports)
    docs.sort(key=lambda d: (_year(d) is None, _year(d) or 0, d.id))
    out = []
    for d in docs:
        secs = tuple(_sections_of(d))
        if wanted is None:
            compared = ((0, len(d.text)),)
        else:
            compared = tuple((s, e) for lab, s, e in secs if lab in wanted)
        out.append(Document(d.id, d.text, dict(d.meta), secs, compared))
    return out


__all__ = ["Document", "documents", "compared_labels", "NARRATIVE"]
