"""Margin scoring of paraphrase candidates (bitext-mining style), studied on dev and synthetic.

For every unit, ``knn``: mean cosine of its ``k`` nearest units in other reports (exact,
blocked). A candidate's margin is ``cos / ((knn_i + knn_j) / 2)``: a pair of formulaic
sentences that are close to hundreds of others gets a margin near 1, a reworded item whose
two sides are closer to each other than to anything else gets more. Prints, for gates on
cosine, margin and the TF-IDF bigram cosine, how many candidates pass and how many of them
cover gold (dev: gold paraphrase pairs; synthetic: planted groups)::

    .venv/bin/python experiments/reuse_paraphrase/margin.py ../shared/dev
    .venv/bin/python experiments/reuse_paraphrase/margin.py /tmp/h2/syn300 --synthetic
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from giptext.annotated import load_annotated
from giptext.reuse import detect
from giptext.reuse import compared_labels, documents
from giptext.reuse.paraphrase import build_units, candidate_pairs, neighbour_pairs

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from candidates import _groups, gold_key, gold_spans, planted_spans, unit_span  # noqa: E402


def knn_mean(X: np.ndarray, doc: np.ndarray, k: int, block: int = 1024, kth: bool = False) -> np.ndarray:
    """Mean cosine of each row's ``k`` nearest rows of other documents (exact); with ``kth``
    the ``k``-th nearest's cosine instead (a family of fewer than ``k`` copies leaves it
    at the level of the crowd around the row)."""
    out = np.empty(X.shape[0], dtype=np.float32)
    for s in range(0, X.shape[0], block):
        S = X[s:s + block] @ X.T
        S[doc[s:s + block][:, None] == doc[None, :]] = -1.0
        top = np.partition(-S, k - 1, axis=1)[:, :k]
        out[s:s + block] = -top.max(axis=1) if kth else -top.mean(axis=1)
    return out


def main() -> None:
    """Print the gate table and write the candidates to ``--out``."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--sections", default="all")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--out")
    ap.add_argument("--kth", action="store_true")
    a = ap.parse_args()
    from giptext.embed import Embedder

    ac = load_annotated(a.corpus)
    sections = ("overview", "problems", "improvements") if a.synthetic or a.sections == "narrative" else "all"
    res = detect(ac, sections=sections)
    secs = {d.id: list(d.sections) for d in documents(ac, sections=sections)}
    u = build_units(res.texts, secs, compared_labels(sections))
    ids = list(res.texts)
    X = Embedder("static-zh").encode(u.texts).astype(np.float32)
    knn = knn_mean(X, u.udoc, a.k, kth=a.kth)
    r, c, v = neighbour_pairs(X, u.udoc, 0.85, 10)
    cand = candidate_pairs(res, u, r, c, v, lexical=0.0)
    gold = [] if a.synthetic else gold_spans(ac)
    planted = planted_spans(a.corpus) if a.synthetic else {}
    rows = []
    for i, j, cos, lx in cand:
        da, db = ids[u.udoc[i]], ids[u.udoc[j]]
        sa, sb = unit_span(u, i), unit_span(u, j)
        if a.synthetic:
            hit = bool(_groups(planted, da, *sa) & _groups(planted, db, *sb))
            key = None
        else:
            key = gold_key(gold, da, sa, db, sb)
            hit = key is not None
        rows.append({"i": i, "j": j, "cos": cos, "lex": lx, "margin": cos / ((knn[i] + knn[j]) / 2), "dens": max(knn[i], knn[j]),
                     "gold": hit, "key": key, "text_a": u.texts[i], "text_b": u.texts[j]})
    df = pd.DataFrame(rows)
    if a.out:
        df.to_csv(a.out, index=False)
    print(f"units {len(u.texts)} candidates {len(df)} gold {int(df.gold.sum())}")
    n_keys = lambda d: d["key"].nunique() if not a.synthetic else int(d.gold.sum())  # noqa: E731
    for cos_min in (0.85, 0.88, 0.9, 0.93):
        for lex_min in (0.0, 0.2, 0.3):
            for m_min in (0.0, 1.0, 1.02, 1.04, 1.06, 1.08):
                m = (df.cos >= cos_min) & (df.lex >= lex_min) & (df.margin >= m_min)
                print(f"cos>={cos_min} lex>={lex_min} margin>={m_min}: {int(m.sum())} rows, gold {n_keys(df[m & df.gold])}")


if __name__ == "__main__":
    main()
