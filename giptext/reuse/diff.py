"""Year-over-year comparison of two reports, section by section: :func:`diff_reports`.

Units are the report's **paragraphs** and their **sentences**, never its visual lines: lines
that only wrap a paragraph (plain text copied from a PDF) are joined first
(:func:`giptext.sections.statements.paragraph_view`), and a page that lost its line breaks
is compared sentence by sentence. Each sentence of a section of the later report ``b`` is
matched, one to one, to the most similar sentence of the same section of the earlier
report ``a`` (normalised Levenshtein similarity on the matching view, digits masked) and is

- ``unchanged``: the same text (digits included),
- ``modified``: similar (similarity ≥ ``modified_at``; a changed figure alone gives 1.0),
- ``added``: nothing similar in ``a``;

sentences of ``a`` that no sentence of ``b`` took are ``removed``. A paragraph is
``unchanged`` when all its sentences are, ``added`` when none was matched, else
``modified``; a paragraph of ``a`` none of whose sentences was taken is ``removed``.

**Where**: ``where_a``/``where_b`` say where each unit starts in its file ("p. 3, line 12"
for a PDF, "paragraph 40" for Word, "line 7" for text; :meth:`giptext.report.Report.source_of`),
so a reviewer can find it in the document they hold; empty for reports made from strings.

**Carried over**: per section, the share of ``b``'s characters (normalised view) in
sentences that are unchanged or modified by small edits (similarity ≥ ``carried_at``): how
much of this year's section is last year's text. The summary also keeps
``problems_from_previous``: the share of the problems part covered by any passage aligned
with ``a`` (finer than sentences: it sees a copied clause inside a rewritten sentence).

Example::

    >>> from giptext import parse_report
    >>> a = parse_report("一、总体情况\\n我局全年公开信息10条。\\n五、存在的主要问题及改进情况\\n公开形式不够丰富。\\n", id="2020")
    >>> b = parse_report("一、总体情况\\n我局全年公开信息12条。\\n五、存在的主要问题及改进情况\\n公开形式不够丰富。\\n更新不及时。\\n", id="2021")
    >>> d = diff_reports(a, b)
    >>> d.frame[["section", "status"]].values.tolist()
    [['overview', 'modified'], ['problems', 'unchanged'], ['problems', 'added']]
    >>> d.summary["carried_over"]
    {'overview': 1.0, 'problems': 0.6154}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from giptext.errors import ConfigError
from giptext.report import Report
from giptext.reuse.align import align
from giptext.reuse.view import SENTENCE_ENDS, build_view, view_text
from giptext.sections.statements import paragraph_view

COLUMNS = ["section", "status", "similarity", "start_a", "end_a", "text_a", "start_b", "end_b", "text_b",
           "where_a", "where_b"]
SENTENCE_COLUMNS = ["section", "paragraph_b", "paragraph_a", *COLUMNS[1:]]
SECTION_COLUMNS = ["section", "chars_b", "unchanged", "modified", "small_edits", "added", "removed_a", "carried_over"]
STATUSES = ("unchanged", "modified", "added", "removed")


@dataclass
class ReportDiff:
    """The comparison of two reports.

    ``frame``: one row per paragraph (``COLUMNS``); ``sentences``: one row per sentence
    (``SENTENCE_COLUMNS``: the paragraph numbers, within the section, of both sides);
    ``sections``: one row per section with character counts of ``b`` by status and the
    carried-over share (``SECTION_COLUMNS``); ``summary``: headline numbers. Offsets point
    into each report's ``text``.
    """

    frame: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    sentences: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SENTENCE_COLUMNS))
    sections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SECTION_COLUMNS))

    def format(self, *, sentences: bool = False) -> str:
        """A plain-text rendering for the terminal: counts, the per-section table, then the
        paragraphs (or the sentences) with ``=`` unchanged, ``~`` modified, ``+`` added, ``-`` removed."""
        s = self.summary
        lines = [f"{s['a']} → {s['b']}: paragraphs " + ", ".join(f"{k} {s['counts'].get(k, 0)}" for k in STATUSES)]
        if len(self.sections):
            lines.append(f"{'section':<20} {'chars':>6} {'carried over':>13} {'unchanged':>10} {'small edits':>12} {'added':>7}")
            for r in self.sections.itertuples():
                n = r.chars_b or 1
                lines.append(f"{r.section:<20} {r.chars_b:>6} {r.carried_over:>13.0%} {r.unchanged / n:>10.0%} "
                             f"{r.small_edits / n:>12.0%} {r.added / n:>7.0%}")
        share = s.get("problems_from_previous")
        if share is not None:
            lines.append(f"problems part aligned with {s['a']}: {share:.0%} of its characters")
        mark = {"unchanged": "=", "modified": "~", "added": "+", "removed": "-"}
        rows = self.sentences if sentences else self.frame
        for r in rows.itertuples():
            text = r.text_b if r.status != "removed" else r.text_a
            text = " ".join("".join(str(text).split("\n")).split())  # (a wrapped line joins without a blank)
            where = r.where_b if r.status != "removed" else r.where_a
            at = f" ({where})" if isinstance(where, str) else ""
            lines.append(f"{mark[r.status]} [{r.section}]{at} {text[:70]}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``summary``, ``sections``, ``paragraphs`` and ``sentences`` (lists of records)."""
        def rec(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: (None if _isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]

        return {"summary": self.summary, "sections": rec(self.sections), "paragraphs": rec(self.frame),
                "sentences": rec(self.sentences)}

    def _repr_html_(self) -> str:
        return self.sections.to_html(index=False) + self.frame.to_html()


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_ENDS = SENTENCE_ENDS.replace("\n", "")  # diff splits paragraphs at line ends first
_SENTENCE = re.compile(f"[^{_ENDS}]+[{_ENDS}]*")


def _units(text: str, view: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Paragraphs of ``text[start:end]`` (wrapped lines joined: ``view`` is its
    :func:`~giptext.sections.statements.paragraph_view`), each a list of its sentence spans."""
    view = view[start:end]
    out: list[list[tuple[int, int]]] = []
    pos = 0
    for para in view.split("\n"):
        sents = []
        for m in _SENTENCE.finditer(para):
            a, b = m.start(), m.end()
            while a < b and para[a].isspace() or a < b and para[a] == "\u2060":
                a += 1
            while b > a and (para[b - 1].isspace() or para[b - 1] == "\u2060"):
                b -= 1
            if b > a and view_text(text[start + pos + a : start + pos + b]):
                sents.append((start + pos + a, start + pos + b))
        if sents:
            out.append(sents)
        pos += len(para) + 1
    return out


def _sections(r: Report) -> dict[str, list[list[tuple[int, int]]]]:
    out: dict[str, list[list[tuple[int, int]]]] = {}
    view = paragraph_view(r.text)
    for s in r.sections:
        if s.label == "preamble":
            continue
        out.setdefault(s.label, []).extend(_units(r.text, view, s.start, s.end))
    return out


def diff_reports(a: Report, b: Report, modified_at: float = 0.5, *, carried_at: float = 0.8) -> ReportDiff:
    """Compare report ``a`` (earlier) with ``b`` (later) section by section; see the module doc.

    ``modified_at``: the similarity from which a sentence is ``modified`` rather than
    ``added``; ``carried_at``: from which a modified sentence counts as carried over.
    """
    if not 0.0 <= modified_at <= 1.0 or not 0.0 <= carried_at <= 1.0:
        raise ConfigError(None, f"modified_at and carried_at must lie in [0, 1] (got {modified_at}, {carried_at})")
    sa, sb = _sections(a), _sections(b)
    para_rows: list[dict[str, Any]] = []
    sent_rows: list[dict[str, Any]] = []
    sec_rows: list[dict[str, Any]] = []
    order = list(sb) + [lab for lab in sa if lab not in sb]
    for lab in order:
        pa, pb = sa.get(lab, []), sb.get(lab, [])
        ua = [(k, s, e) for k, para in enumerate(pa) for s, e in para]
        ub = [(k, s, e) for k, para in enumerate(pb) for s, e in para]
        va = [view_text(a.text[s:e]) for _, s, e in ua]
        vb = [view_text(b.text[s:e]) for _, s, e in ub]
        match, sim = _match(va, vb)
        raw_a = [view_text(a.text[s:e], mask_digits=False) for _, s, e in ua]
        status_b = []
        for j, (k, s, e) in enumerate(ub):
            i = match[j]
            if i < 0 or sim[j] < modified_at:
                status_b.append("added")
                sent_rows.append(_srow(lab, k, None, "added", max(sim[j], 0.0), None, None, None, s, e, b.text[s:e]))
                match[j] = -1
                continue
            st = "unchanged" if view_text(b.text[s:e], mask_digits=False) == raw_a[i] else "modified"
            status_b.append(st)
            ka, s0, e0 = ua[i]
            sent_rows.append(_srow(lab, k, ka, st, sim[j], s0, e0, a.text[s0:e0], s, e, b.text[s:e]))
        taken = set(int(i) for i in match if i >= 0)
        for i, (ka, s0, e0) in enumerate(ua):
            if i not in taken:
                sent_rows.append(_srow(lab, None, ka, "removed", None, s0, e0, a.text[s0:e0], None, None, None))
        # paragraphs of b, then the paragraphs of a nothing was taken from
        j = 0
        for k, para in enumerate(pb):
            idx = list(range(j, j + len(para)))
            j += len(para)
            sts = [status_b[x] for x in idx]
            w = [max(len(vb[x]), 1) for x in idx]
            st = "unchanged" if all(x == "unchanged" for x in sts) else "added" if all(x == "added" for x in sts) else "modified"
            s, e = para[0][0], para[-1][1]
            src = [ua[match[x]][0] for x in idx if match[x] >= 0]
            simp = float(np.average([sim[x] if match[x] >= 0 else 0.0 for x in idx], weights=w))
            if src:
                ka = max(set(src), key=lambda q: (sum(w[n] for n, x in enumerate(idx) if match[x] >= 0 and ua[match[x]][0] == q), -q))
                s0, e0 = pa[ka][0][0], pa[ka][-1][1]
                para_rows.append(_row(lab, st, simp, s0, e0, a.text[s0:e0], s, e, b.text[s:e]))
            else:
                para_rows.append(_row(lab, st, simp, None, None, None, s, e, b.text[s:e]))
        used_paras = {ua[i][0] for i in taken}
        for ka, para in enumerate(pa):
            if ka not in used_paras:
                s0, e0 = para[0][0], para[-1][1]
                para_rows.append(_row(lab, "removed", None, s0, e0, a.text[s0:e0], None, None, None))
        chars = {st: 0 for st in ("unchanged", "modified", "added")}
        small = 0
        for x, st in enumerate(status_b):
            chars[st] += len(vb[x])
            if st == "modified" and sim[x] >= carried_at:
                small += len(vb[x])
        n_b = sum(len(v) for v in vb)
        removed_a = sum(len(va[i]) for i in range(len(ua)) if i not in taken)
        sec_rows.append({"section": lab, "chars_b": n_b, "unchanged": chars["unchanged"], "modified": chars["modified"],
                         "small_edits": small, "added": chars["added"], "removed_a": removed_a,
                         "carried_over": round((chars["unchanged"] + small) / n_b, 4) if n_b else None})
    for row in (*para_rows, *sent_rows):
        row["where_a"] = _where(a, row["start_a"])
        row["where_b"] = _where(b, row["start_b"])
    frame = pd.DataFrame(para_rows, columns=COLUMNS)
    sentences = pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)
    sections = pd.DataFrame(sec_rows, columns=SECTION_COLUMNS)
    counts = {k: int(v) for k, v in frame["status"].value_counts().items()} if len(frame) else {}
    sentence_counts = {k: int(v) for k, v in sentences["status"].value_counts().items()} if len(sentences) else {}
    summary: dict[str, Any] = {"a": a.id, "b": b.id, "counts": counts, "sentence_counts": sentence_counts}
    summary["carried_over"] = {r["section"]: r["carried_over"] for r in sec_rows if r["chars_b"]}
    summary["unchanged_share"] = {r["section"]: (round(r["unchanged"] / r["chars_b"], 4) if r["chars_b"] else None)
                                  for r in sec_rows if r["section"] in sb}
    summary["problems_from_previous"] = _taken_share(a, b, "problems")
    return ReportDiff(frame=frame, summary=summary, sentences=sentences, sections=sections)


def _where(r: Report, offset: int | None) -> str | None:
    """Where ``offset`` of ``r`` came from in its file (``None`` for a report made from a string)."""
    if offset is None or (r.source_map is None and r.path is None):
        return None
    return str(r.source_of(int(offset)))


def _match(va: list[str], vb: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One-to-one matching of ``vb`` to ``va``: (index into ``va`` or -1, similarity) per ``vb`` item.

    Pairs are taken best first (equal similarity: earlier ``b``, then earlier ``a``), so an
    unchanged sentence is never taken away by a weaker pair; a ``b`` item whose best ``a``
    item is taken gets its next best free one.
    """
    match = np.full(len(vb), -1, dtype=np.int64)
    sim = np.zeros(len(vb), dtype=np.float64)
    if not va or not vb:
        return match, sim
    m = process.cdist(vb, va, scorer=Levenshtein.normalized_similarity, dtype=np.float32)
    jj, ii = np.nonzero(m > 0)
    vals = m[jj, ii]
    order = np.lexsort((ii, jj, -vals))
    free_a = np.ones(len(va), dtype=bool)
    for t in order:
        j, i = jj[t], ii[t]
        if match[j] >= 0 or not free_a[i]:
            continue
        match[j] = i
        sim[j] = float(vals[t])
        free_a[i] = False
    return match, sim


def _row(section, status, sim, a0, a1, ta, b0, b1, tb) -> dict[str, Any]:
    return {"section": section, "status": status, "similarity": None if sim is None else round(float(sim), 4),
            "start_a": a0, "end_a": a1, "text_a": ta, "start_b": b0, "end_b": b1, "text_b": tb}


def _srow(section, kb, ka, status, sim, a0, a1, ta, b0, b1, tb) -> dict[str, Any]:
    r = _row(section, status, sim, a0, a1, ta, b0, b1, tb)
    r["paragraph_b"], r["paragraph_a"] = kb, ka
    return r


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


__all__ = ["diff_reports", "ReportDiff", "COLUMNS", "SENTENCE_COLUMNS", "SECTION_COLUMNS"]
