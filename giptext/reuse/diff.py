"""Year-over-year comparison of two reports, section by section: :func:`diff_reports`.

Each section of the later report is cut into paragraphs (lines); each paragraph is
matched to the most similar paragraph of the same section of the earlier report and
called ``unchanged`` (same normalised text), ``modified`` (similar: normalised
Levenshtein similarity ≥ ``modified_at``) or ``added``; earlier paragraphs no later one
matched are ``removed``. The summary also says how much of this year's problems section
is last year's text (characters covered by passages aligned with last year's report).

Example::

    >>> from giptext import parse_report
    >>> a = parse_report("一、总体情况\\n我局全年公开信息10条。\\n五、存在的主要问题及改进情况\\n公开形式不够丰富。\\n", id="2020")
    >>> b = parse_report("一、总体情况\\n我局全年公开信息12条。\\n五、存在的主要问题及改进情况\\n公开形式不够丰富。\\n更新不及时。\\n", id="2021")
    >>> d = diff_reports(a, b)
    >>> d.frame[["section", "status"]].values.tolist()
    [['overview', 'modified'], ['problems', 'unchanged'], ['problems', 'added']]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

from giptext.report import Report
from giptext.reuse.align import align
from giptext.reuse.view import build_view, view_text

COLUMNS = ["section", "status", "similarity", "start_a", "end_a", "text_a", "start_b", "end_b", "text_b"]


@dataclass
class ReportDiff:
    """Paragraph rows (``frame``) and headline numbers (``summary``) of a two-report comparison."""

    frame: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    def format(self) -> str:
        """A plain-text rendering for the terminal."""
        s = self.summary
        lines = [f"{s['a']} → {s['b']}: " + ", ".join(f"{k} {s['counts'].get(k, 0)}" for k in ("unchanged", "modified", "added", "removed"))]
        share = s.get("problems_from_previous")
        if share is not None:
            lines.append(f"problems section taken from {s['a']}: {share:.0%} of its characters")
        mark = {"unchanged": "=", "modified": "~", "added": "+", "removed": "-"}
        for r in self.frame.itertuples():
            text = r.text_b if r.status != "removed" else r.text_a
            text = " ".join(str(text).split())
            lines.append(f"{mark[r.status]} [{r.section}] {text[:70]}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.frame.to_html()


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-empty lines of ``text[start:end]`` as stripped spans."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s and view_text(text[s:e]):
            out.append((s, e))
        pos += len(line) + 1
    return out


def _sections(r: Report) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for s in r.sections:
        if s.label == "preamble":
            continue
        out.setdefault(s.label, []).extend(_paragraphs(r.text, s.start, s.end))
    return out


def diff_reports(a: Report, b: Report, modified_at: float = 0.5) -> ReportDiff:
    """Compare report ``a`` (earlier) with ``b`` (later) section by section; see the module doc."""
    sa, sb = _sections(a), _sections(b)
    rows: list[dict[str, Any]] = []
    order = [lab for lab in sb] + [lab for lab in sa if lab not in sb]
    for lab in order:
        pa, pb = sa.get(lab, []), sb.get(lab, [])
        va = [view_text(a.text[s:e]) for s, e in pa]
        va_raw = [view_text(a.text[s:e], mask_digits=False) for s, e in pa]
        used = np.zeros(len(pa), dtype=bool)
        for s, e in pb:
            v = view_text(b.text[s:e])
            v_raw = view_text(b.text[s:e], mask_digits=False)
            best, best_sim = -1, -1.0
            for k, w in enumerate(va):
                sim = Levenshtein.normalized_similarity(v, w)
                if sim > best_sim or (sim == best_sim and used[best] and not used[k]):
                    best, best_sim = k, sim
            if best >= 0 and best_sim >= modified_at:
                used[best] = True
                status = "unchanged" if v_raw == va_raw[best] else "modified"
                a0, a1 = pa[best]
                rows.append(_row(lab, status, best_sim, a0, a1, a.text[a0:a1], s, e, b.text[s:e]))
            else:
                rows.append(_row(lab, "added", max(best_sim, 0.0), None, None, None, s, e, b.text[s:e]))
        for k, (s, e) in enumerate(pa):
            if not used[k]:
                rows.append(_row(lab, "removed", None, s, e, a.text[s:e], None, None, None))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    counts = {k: int(v) for k, v in frame["status"].value_counts().items()} if len(frame) else {}
    summary: dict[str, Any] = {"a": a.id, "b": b.id, "counts": counts}
    chars_b = {lab: sum(len(view_text(b.text[s:e])) for s, e in ps) for lab, ps in sb.items()}
    same = frame[frame["status"] == "unchanged"]
    summary["unchanged_share"] = {
        lab: (sum(len(view_text(t)) for t in same.loc[same["section"] == lab, "text_b"]) / n) if n else None
        for lab, n in chars_b.items()
    }
    summary["problems_from_previous"] = _taken_share(a, b, "problems")
    return ReportDiff(frame=frame, summary=summary)


def _row(section, status, sim, a0, a1, ta, b0, b1, tb) -> dict[str, Any]:
    return {"section": section, "status": status, "similarity": None if sim is None else round(float(sim), 4),
            "start_a": a0, "end_a": a1, "text_a": ta, "start_b": b0, "end_b": b1, "text_b": tb}


def _taken_share(a: Report, b: Report, label: str) -> float | None:
    """Share of ``b``'s ``label`` section (normalised characters) aligned with any text of ``a``."""
    spans = [(s.start, s.end) for s in b.sections if s.label == label]
    if label == "problems":
        spans += [(s.start, s.end) for s in b.sections if s.label == "improvements"]
    if not spans:
        return None
    vb = build_view(b.text, spans)
    if len(vb) == 0:
        return None
    va = build_view(a.text)
    covered = np.zeros(len(vb), dtype=bool)
    for p in align(vb, va, min_match=10, min_similarity=0.65):
        covered[p.start_a : p.end_a] = True
    return float(covered.mean())


__all__ = ["diff_reports", "ReportDiff"]
