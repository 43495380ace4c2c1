"""Paraphrase pairs: sentences with the same meaning and little shared wording.

Each compared region is cut into sentences (。；！？ and line ends); sentences are embedded
with :class:`giptext.embed.Embedder` (``static-zh`` by default, ``e5-small`` is slower
and better) and every sentence is compared with every sentence of *other* reports by a
blocked matrix product (top ``k`` neighbours each). A pair is a paraphrase when the cosine
is at least the threshold and the wording differs (edit similarity below the copy
threshold, so near copies stay with the aligner). The default threshold is calibrated on
``shared/dev`` by :mod:`giptext.reuse.calibrate` (gold paraphrase pairs against random
sentence pairs); see :data:`THRESHOLDS`.

The all-sentences comparison is quadratic in the number of sentences: meant for corpora
of up to a few thousand reports, not for the 100k-report runs of the copy engine.

Example::

    >>> res = detect(reports, paraphrase=True)              # doctest: +SKIP
    >>> res.passages[res.passages.kind == "paraphrase"]     # doctest: +SKIP
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

from giptext.reuse.classify import scope_of, template_coverage
from giptext.reuse.view import view_text

#: Cosine thresholds per embedder, from ``python -m giptext.reuse.calibrate ../shared/dev``
#: (the cosine that 1% of 19,911 random cross-report sentence pairs reach). At these
#: thresholds 10/13 (static-zh) and 11/13 (e5-small) gold paraphrase pairs pass.
THRESHOLDS = {"static-zh": 0.866, "e5-small": 0.937}
#: Sentences shorter than this (normalised characters) carry too little to compare.
MIN_CHARS = 8
MAX_CHARS = 160
_SENT = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


def sentences(text: str, spans: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Sentence spans (source offsets) inside ``spans`` (whole text when ``None``)."""
    out = []
    for s0, e0 in spans if spans is not None else [(0, len(text))]:
        for m in _SENT.finditer(text, s0, e0):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            n = len(view_text(text[s:e]))
            if MIN_CHARS <= n <= MAX_CHARS:
                out.append((s, e))
    return out


def _top_pairs(X: np.ndarray, doc: np.ndarray, threshold: float, k: int = 5, block: int = 2048):
    """Pairs ``(i, j, cos)`` with ``i < j``, different documents, cos ≥ threshold (top ``k`` per row)."""
    n = X.shape[0]
    rows, cols, sims = [], [], []
    for s in range(0, n, block):
        S = X[s : s + block] @ X.T
        idx = np.arange(s, min(n, s + block))
        S[doc[idx][:, None] == doc[None, :]] = -1.0  # same report: not reuse
        kk = min(k, n - 1) if n > 1 else 0
        if kk <= 0:
            break
        top = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        val = np.take_along_axis(S, top, axis=1)
        ok = val >= threshold
        r = np.repeat(idx[:, None], kk, axis=1)[ok]
        c = top[ok]
        rows.append(np.minimum(r, c))
        cols.append(np.maximum(r, c))
        sims.append(val[ok])
    if not rows:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0)
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
    key = r.astype(np.int64) * n + c
    _, first = np.unique(key, return_index=True)
    return r[first], c[first], v[first]


def add_paraphrases(res, docs_sections: dict[str, list[tuple[str, int, int]]], wanted: tuple[str, ...] | None,
                    embedder: str = "static-zh", threshold: float | None = None,
                    copy_similarity: float = 0.65) -> Any:
    """Add ``kind='paraphrase'`` rows to a :class:`ReuseResult` (new families, one per group)."""
    from giptext.embed import Embedder

    thr = THRESHOLDS.get(str(embedder), THRESHOLDS["static-zh"]) if threshold is None else float(threshold)
    ids = list(res.texts)
    order = {d: k for k, d in enumerate(ids)}  # texts are kept earliest first
    sent_doc, sent_span = [], []
    for d in ids:
        text = res.texts[d]
        spans = None
        if wanted is not None:
            spans = [(s, e) for lab, s, e in docs_sections.get(d, []) if lab in wanted]
        for s, e in sentences(text, spans):
            sent_doc.append(order[d])
            sent_span.append((s, e))
    if len(sent_doc) < 2:
        return res
    texts = [res.texts[ids[d]][s:e] for d, (s, e) in zip(sent_doc, sent_span)]
    X = Embedder(embedder).encode(texts).astype(np.float32)
    doc = np.asarray(sent_doc)
    r, c, v = _top_pairs(X, doc, thr)
    rows = []
    for i, j, cos in zip(r.tolist(), c.tolist(), v.tolist()):
        if doc[i] > doc[j]:
            i, j = j, i
        ta, tb = texts[i], texts[j]
        if Levenshtein.normalized_similarity(view_text(ta, False), view_text(tb, False)) >= copy_similarity:
            continue  # shared wording: the aligner's business
        da, db = ids[doc[i]], ids[doc[j]]
        rows.append((da, sent_span[i], ta, db, sent_span[j], tb, cos))
    if not rows:
        return res
    # one family per connected group of paraphrased sentences
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    node = {}
    for da, sa, _, db, sb, _, _ in rows:
        node.setdefault((da, sa), len(node))
        node.setdefault((db, sb), len(node))
    ra = np.array([node[(x[0], x[1])] for x in rows])
    rb = np.array([node[(x[3], x[4])] for x in rows])
    g = coo_matrix((np.ones(len(rows)), (ra, rb)), shape=(len(node), len(node)))
    _, comp = connected_components(g, directed=False)
    base = int(res.families["family"].max()) + 1 if len(res.families) else 0
    # number the new families by first appearance (rows are in a deterministic order)
    rows_sorted = sorted(range(len(rows)), key=lambda q: (order[rows[q][0]], rows[q][1], order[rows[q][3]], rows[q][4]))
    fam_id: dict[int, int] = {}
    prow, fam_rows, occ_rows = [], [], []
    for q in rows_sorted:
        da, (s0, e0), ta, db, (s1, e1), tb, cos = rows[q]
        cid = int(comp[ra[q]])
        if cid not in fam_id:
            fam_id[cid] = base + len(fam_id)
        ma, mb = res.meta.get(da, {}), res.meta.get(db, {})
        prow.append({
            "doc_a": da, "start_a": s0, "end_a": e0, "text_a": ta, "doc_b": db, "start_b": s1, "end_b": e1,
            "text_b": tb, "similarity": round(float(cos), 4), "kind": "paraphrase",
            "scope": scope_of(ma.get("agency"), mb.get("agency")), "family": fam_id[cid],
            "template": template_coverage(ta) >= 0.5, "section_a": _label(docs_sections.get(da, []), s0),
            "section_b": _label(docs_sections.get(db, []), s1), "matched": 0,
        })
    members: dict[int, dict[tuple[str, int, int], str]] = {}
    for p in prow:
        members.setdefault(p["family"], {})[(p["doc_a"], p["start_a"], p["end_a"])] = p["text_a"]
        members[p["family"]][(p["doc_b"], p["start_b"], p["end_b"])] = p["text_b"]
    for f, occ in members.items():
        keys = sorted(occ, key=lambda t: (order[t[0]], t[1]))
        first = keys[0]
        agencies = {res.meta.get(d, {}).get("agency") or f"\x00{d}" for d, _, _ in keys}
        years = sorted({y for y in (res.meta.get(d, {}).get("year") for d, _, _ in keys) if y is not None})
        fam_rows.append({"family": f, "n_occurrences": len(keys), "n_docs": len({d for d, _, _ in keys}),
                         "n_agencies": len(agencies), "years": years,
                         "first_year": res.meta.get(first[0], {}).get("year"), "first_doc": first[0],
                         "template": False, "text": occ[first]})
        for t in keys:
            m = res.meta.get(t[0], {})
            occ_rows.append({"family": f, "doc": t[0], "start": t[1], "end": t[2], "text": occ[t],
                             "agency": m.get("agency"), "year": m.get("year"), "first": t == first})
    res.passages = pd.concat([res.passages, pd.DataFrame(prow, columns=res.passages.columns)], ignore_index=True)
    res.families = pd.concat([res.families, pd.DataFrame(fam_rows, columns=res.families.columns)], ignore_index=True)
    res.occurrences = pd.concat([res.occurrences, pd.DataFrame(occ_rows, columns=res.occurrences.columns)],
                                ignore_index=True)
    return res


def _label(secs: list[tuple[str, int, int]], pos: int) -> str | None:
    for lab, _s, e in secs:
        if pos < e:
            return lab
    return None


__all__ = ["add_paraphrases", "sentences", "THRESHOLDS"]
