"""Clause-level features of paraphrase candidates, for the order-free matching study.

Candidates: unit pairs of :func:`giptext.reuse.paraphrase.neighbour_pairs` at a loose cosine
(``--cos``) and ``--k`` neighbours, with each unit's crowd (:data:`CROWD_K`-th neighbour),
through the copy and figures gates of :func:`candidate_pairs` with no lexical floor. Each row:
cosine, crowd ratio, TF-IDF bigram cosine of the units, and clause features: the units are
cut into clauses (，；、： and sentence ends, list markers dropped), each clause a TF-IDF
character-bigram vector (IDF over all clauses of the compared sections) and a static-zh
vector, and the best one-to-one matching of the two clause sets (Hungarian) is scored as
``Σ matched similarity / max(n_a, n_b)`` (``clause_bi``, ``clause_emb``) so that neither
order nor an unmatched clause on either side is free. Label: planted (synthetic) or gold key
(dev). Written as a pickle for ``clause_gate.py``::

    .venv/bin/python experiments/reuse_paraphrase/clause_study.py /tmp/rb/syn_1000_s0 --synthetic --out /tmp/c0.pkl
    .venv/bin/python experiments/reuse_paraphrase/clause_study.py ../shared/dev --out /tmp/cdev.pkl
"""
from __future__ import annotations

import argparse
import re
import sys

import numpy as np
import pandas as pd

from giptext.annotated import load_annotated
from giptext.reuse import detect
from giptext.reuse import NARRATIVE, compared_labels, documents
from giptext.reuse.paraphrase import build_units, candidate_pairs, neighbour_pairs
from giptext.reuse.view import view_text

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from candidates import _groups, gold_key, gold_spans, planted_spans, unit_span  # noqa: E402


# The clause matching studied here (tried and dropped, see README.md): kept with the study,
# not in the package.
_CLAUSE = re.compile(r"[^，,；;。：:！？!?、\n]+")
#: A list marker opening a clause (一是 / （一） / 1. / 1、), dropped before comparing.
_MARKER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[是、]|\d+[、.．])")


def clauses(text: str) -> list[str]:
    """Normalised clauses of ``text`` (cut at ，；、：and sentence ends, list markers dropped,
    :func:`view_text` applied), those of at least two characters."""
    out = []
    for m in _CLAUSE.finditer(text):
        v = view_text(_MARKER.sub("", m.group()))
        if len(v) >= 2:
            out.append(v)
    return out


def _match(S: np.ndarray) -> float:
    """Sum of the best one-to-one matching of the rows and columns of similarity matrix ``S``."""
    if S.shape[0] == 1 or S.shape[1] == 1:
        return float(S.max())
    from scipy.optimize import linear_sum_assignment

    ri, ci = linear_sum_assignment(S, maximize=True)
    return float(S[ri, ci].sum())


def clause_scores(texts: list[str], r: np.ndarray, c: np.ndarray, embedder=None,
                  idf_from: list[str] | None = None) -> dict[str, np.ndarray]:
    """Order-free clause matching of units ``texts[r[q]]`` and ``texts[c[q]]``: each unit is cut
    into :func:`clauses`, each clause a TF-IDF character-bigram vector (IDF over the clauses
    of ``idf_from``, default of ``texts``), and the best one-to-one matching of the two clause
    sets (each clause used once, any order) is scored as the sum of the matched cosines over
    the larger clause count, so an unmatched clause on either side counts 0. ``clause_bi``:
    that score; with ``embedder`` also ``clause_emb`` (static embedding cosines of clauses)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = r.shape[0]
    out = {"clause_bi": np.zeros(n), "clause_emb": np.zeros(n) if embedder is not None else None}
    if n == 0:
        return {k: v for k, v in out.items() if v is not None}
    used = np.unique(np.r_[r, c]).tolist()
    cl = {q: clauses(texts[q]) for q in used}
    flat = [x for q in used for x in cl[q]]
    start, pos = {}, 0
    for q in used:
        start[q] = pos
        pos += len(cl[q])
    idf_texts = flat if idf_from is None else [x for t in idf_from for x in clauses(t)]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, lowercase=False, dtype=np.float32)
    vec.fit(idf_texts or flat)
    A = vec.transform(flat).tocsr()
    E = embedder.encode(flat).astype(np.float32) if embedder is not None else None
    for q, (i, j) in enumerate(zip(r.tolist(), c.tolist())):
        na, nb = len(cl[i]), len(cl[j])
        if na == 0 or nb == 0:
            continue
        sa, sb = slice(start[i], start[i] + na), slice(start[j], start[j] + nb)
        S = (A[sa] @ A[sb].T).toarray()
        out["clause_bi"][q] = _match(S) / max(na, nb)
        if E is not None:
            out["clause_emb"][q] = _match(E[sa] @ E[sb].T) / max(na, nb)
    return {k: v for k, v in out.items() if v is not None}


def main() -> None:
    """Write the candidate table with clause features."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sections", default=None, help="all or narrative (default: narrative for --synthetic, else all)")
    ap.add_argument("--cos", type=float, default=0.85)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--synthetic", action="store_true")
    a = ap.parse_args()
    from giptext.embed import Embedder

    ac = load_annotated(a.corpus)
    sec = a.sections or ("narrative" if a.synthetic else "all")
    sections = NARRATIVE if sec == "narrative" else "all"
    res = detect(ac, sections=sections)
    secs = {d.id: list(d.sections) for d in documents(ac, sections=sections)}
    u = build_units(res.texts, secs, compared_labels(sections))
    ids = list(res.texts)
    X = Embedder("static-zh").encode(u.texts).astype(np.float32)
    crowd = np.full(X.shape[0], -1.0, dtype=np.float32)
    r, c, v = neighbour_pairs(X, u.udoc, a.cos, a.k, crowd_out=crowd)
    cand = candidate_pairs(res, u, r, c, v, lexical=0.0)
    ci = np.array([x[0] for x in cand], dtype=np.int64)
    cj = np.array([x[1] for x in cand], dtype=np.int64)
    feats = clause_scores(u.texts, ci, cj, Embedder("static-zh"))
    gold = [] if a.synthetic else gold_spans(ac)
    planted = planted_spans(a.corpus) if a.synthetic else {}
    rows = []
    for n, (i, j, cos, lx) in enumerate(cand):
        da, db = ids[u.udoc[i]], ids[u.udoc[j]]
        sa, sb = unit_span(u, i), unit_span(u, j)
        key = None
        if a.synthetic:
            hit = bool(_groups(planted, da, *sa) & _groups(planted, db, *sb))
        else:
            key = gold_key(gold, da, sa, db, sb)
            hit = key is not None
        rows.append({"i": i, "j": j, "doc_a": da, "doc_b": db, "cos": cos, "lex": lx,
                     "ratio": cos / max((crowd[i] + crowd[j]) / 2, 1e-6),
                     **{f: float(val[n]) for f, val in feats.items()},
                     "win": int(u.ul[i] > u.uf[i]) + int(u.ul[j] > u.uf[j]),
                     "gold": hit, "key": key, "text_a": u.texts[i], "text_b": u.texts[j]})
    df = pd.DataFrame(rows)
    print(f"units {len(u.texts)}, candidates {len(df)}, gold-covering {int(df.gold.sum())}")
    df.to_pickle(a.out)


if __name__ == "__main__":
    main()
