"""One assembly path from grouped occurrences to the ``families`` and ``occurrences`` tables.

Copies (:mod:`.detect`, families from :mod:`.families`) and paraphrases (:mod:`.paraphrase`,
star families) group their occurrences differently, but once each family has one span per
report the tables, the template rule and the section labels are the same; they are built
here, once, so the two kinds of family cannot drift apart.

Example::

    >>> import numpy as np
    >>> from giptext.reuse.settings import TemplateSettings
    >>> texts = ["甲：依法公开政府信息。", "乙：依法公开政府信息。"]
    >>> t = family_tables(np.array([0, 0]), np.array([0, 1]), [2, 2], [10, 10], ids=["a", "b"],
    ...                   texts=texts, agency=["甲局", "乙局"], year=[2020, 2021],
    ...                   template=TemplateSettings(), first_coverage=lambda row: 0.0)
    >>> t.families[["family", "n_docs", "first_doc", "template", "text"]].values.tolist()
    [[0, 2, 'a', False, '依法公开政府信息']]
    >>> t.occurrences[["doc", "start", "first"]].values.tolist()
    [['a', 2, True], ['b', 2, False]]
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Sequence

import numpy as np
import pandas as pd

from giptext.reuse.result import FAMILY_COLUMNS, OCCURRENCE_COLUMNS


class FamilyTables(NamedTuple):
    """The result of :func:`family_tables`: the two tables and each family's template flag
    (``template[q]`` belongs to ``families.iloc[q]``)."""

    families: pd.DataFrame
    occurrences: pd.DataFrame
    template: np.ndarray


def agency_keys(agency: Sequence[str | None], ids: Sequence[str]) -> list[str]:
    """Agency of each report for counting agencies; a report without one counts as its own."""
    return [a or f"\x00{i}" for a, i in zip(agency, ids)]


def family_tables(seg_family: np.ndarray, seg_doc: np.ndarray, seg_start: Sequence[int], seg_end: Sequence[int],
                  *, ids: Sequence[str], texts: Sequence[str], agency: Sequence[str | None],
                  year: Sequence[int | None], template: Any,
                  first_coverage: Callable[[int], float]) -> FamilyTables:
    """Family and occurrence tables from one span per (family, report).

    ``seg_*``: the spans (source offsets into ``texts[seg_doc]``), sorted by family, then by
    report number; reports are numbered earliest first, so a family's first row is its first
    occurrence. ``ids``/``texts``/``agency``/``year``: per report number. ``template``: a
    :class:`~giptext.reuse.settings.TemplateSettings`; a family is template text when enough
    agencies use it or when ``first_coverage(row)`` (the template coverage of the family's
    first span, measured as the caller measures it) is high enough. Only called when needed.
    """
    akey = agency_keys(agency, ids)
    bar = template.agency_bar(len(set(akey)))
    sf = np.asarray(seg_family)
    sd = np.asarray(seg_doc).tolist()
    occ_cols: dict[str, list] = {c: [] for c in OCCURRENCE_COLUMNS}
    fam_cols: dict[str, list] = {c: [] for c in FAMILY_COLUMNS}
    flags: list[bool] = []
    if sf.shape[0]:
        bounds = np.flatnonzero(np.r_[True, sf[1:] != sf[:-1]]).tolist()
        ends = bounds[1:] + [sf.shape[0]]
        for f0, f1 in zip(bounds, ends):
            fam = int(sf[f0])
            fdocs = sd[f0:f1]
            first = fdocs[0]
            agencies = {akey[k] for k in fdocs}
            is_tmpl = bool(len(agencies) >= bar or template.mostly_mandated(first_coverage(f0)))
            flags.append(is_tmpl)
            for c, v in (("family", fam), ("n_occurrences", f1 - f0), ("n_docs", len(set(fdocs))),
                         ("n_agencies", len(agencies)),
                         ("years", sorted({y for y in (year[k] for k in fdocs) if y is not None})),
                         ("first_year", year[first]), ("first_doc", ids[first]), ("template", is_tmpl),
                         ("text", texts[first][seg_start[f0]:seg_end[f0]])):
                fam_cols[c].append(v)
            for r in range(f0, f1):
                k = sd[r]
                s, e = seg_start[r], seg_end[r]
                for c, v in (("family", fam), ("doc", ids[k]), ("start", s), ("end", e), ("text", texts[k][s:e]),
                             ("agency", agency[k]), ("year", year[k]), ("first", r == f0)):
                    occ_cols[c].append(v)
    # (the occurrence table first: in a large corpus its lists are the larger)
    occurrences = pd.DataFrame(occ_cols, columns=OCCURRENCE_COLUMNS)
    del occ_cols
    families = pd.DataFrame(fam_cols, columns=FAMILY_COLUMNS)
    return FamilyTables(families, occurrences, np.asarray(flags, dtype=bool))


def section_at(secs: Sequence[tuple[str, int, int]], pos: int) -> str | None:
    """Label of the section holding source offset ``pos`` (a heading belongs to its section:
    sections partition the text, each heading just before its body)."""
    for lab, _s, e in secs:
        if pos < e:
            return lab
    return None


def share_inside(spans: Sequence[tuple[int, int]], s: int, e: int) -> float:
    """Share of ``[s, e)`` inside the (non-overlapping) ``spans``."""
    if e <= s:
        return 0.0
    return sum(max(0, min(e, te) - max(s, ts)) for ts, te in spans) / (e - s)


__all__ = ["FamilyTables", "family_tables", "section_at", "agency_keys", "share_inside"]
