"""Dump the paraphrase candidates of an annotated corpus with their features.

Candidates: unit pairs of :func:`giptext.reuse.paraphrase.neighbour_pairs` at a loose static-zh
cosine (``--cos``) and ``--k`` neighbours, through the copy gates of
:func:`giptext.reuse.paraphrase.candidate_pairs` with no lexical floor. Each row: cosine,
TF-IDF bigram cosine, unit lengths, whether it covers a gold paraphrase pair (both spans at
least half covered), and with ``--e5`` the e5-small cosine of the two units. Written as CSV
for threshold studies (``sweep.py``) and for reading samples by hand::

    .venv/bin/python experiments/reuse_paraphrase/candidates.py ../shared/dev --out /tmp/cand.csv --e5
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from giptext.annotated import load_annotated
from giptext.reuse import detect
from giptext.reuse import NARRATIVE, compared_labels, documents
from giptext.reuse.paraphrase import build_units, candidate_pairs, neighbour_pairs
from giptext.reuse.view import view_text

from features import cover_min


def gold_spans(ac) -> list[tuple[str, int, int, str, int, int]]:
    """Source spans of the corpus's gold paraphrase pairs."""
    out = []
    for g in ac.reuse[ac.reuse.kind == "paraphrase"].to_dict("records"):
        a = ac.docs[g["doc_a"]].find(g["text_a"])
        b = ac.docs[g["doc_b"]].find(g["text_b"])
        out.append((g["doc_a"], a, a + len(g["text_a"]), g["doc_b"], b, b + len(g["text_b"])))
    return out


def planted_spans(corpus_dir) -> dict[str, list[tuple[int, int, int]]]:
    """``{doc: [(start, end, group)]}`` of a synthetic corpus's planted copies."""
    import json
    from pathlib import Path

    out: dict[str, list[tuple[int, int, int]]] = {}
    for line in open(Path(corpus_dir) / "gold_reuse.jsonl", encoding="utf-8"):
        g = json.loads(line)
        for d, s, e in ((g["doc_a"], g["start_a"], g["end_a"]), (g["doc_b"], g["start_b"], g["end_b"])):
            out.setdefault(str(d), []).append((s, e, g["group"]))
    return out


def _groups(planted, d: str, s: int, e: int) -> set[int]:
    return {gid for gs, ge, gid in planted.get(d, ()) if min(e, ge) - max(s, gs) >= 0.5 * (e - s)}


def _cov(s: int, e: int, gs: int, ge: int) -> bool:
    return min(e, ge) - max(s, gs) >= 0.5 * (ge - gs)


def unit_span(u, q: int) -> tuple[int, int]:
    """Source span of unit ``q`` of :func:`giptext.reuse.paraphrase.build_units`."""
    return u.sent_span[u.uf[q]][0], u.sent_span[u.ul[q]][1]


def gold_key(gold, da: str, sa: tuple[int, int], db: str, sb: tuple[int, int]) -> str | None:
    """``"doc_a-doc_b"`` of the gold pair whose two spans the unit pair covers (either order), or ``None``."""
    return next((f"{g[0]}-{g[3]}" for g in gold if (da, db) == (g[0], g[3]) and _cov(*sa, g[1], g[2])
                 and _cov(*sb, g[4], g[5]) or (db, da) == (g[0], g[3]) and _cov(*sb, g[1], g[2])
                 and _cov(*sa, g[4], g[5])), None)


def main() -> None:
    """Write the candidate table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sections", default="all")
    ap.add_argument("--cos", type=float, default=0.85)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--e5", action="store_true")
    ap.add_argument("--synthetic", action="store_true",
                    help="label a pair planted when both units lie at least half in copies of one planted group")
    a = ap.parse_args()
    from giptext.embed import Embedder

    ac = load_annotated(a.corpus)
    sections = NARRATIVE if a.sections == "narrative" else "all"
    res = detect(ac, sections=sections)
    secs = {d.id: list(d.sections) for d in documents(ac, sections=sections)}
    u = build_units(res.texts, secs, compared_labels(sections))
    ids = list(res.texts)
    X = Embedder("static-zh").encode(u.texts)
    r, c, v = neighbour_pairs(X, u.udoc, a.cos, a.k)
    cand = candidate_pairs(res, u, r, c, v, lexical=0.0)
    gold = gold_spans(ac) if not a.synthetic else []
    planted = planted_spans(a.corpus) if a.synthetic else {}
    rows = []
    for i, j, cos, lx in cand:
        da, db = ids[u.udoc[i]], ids[u.udoc[j]]
        sa, sb = unit_span(u, i), unit_span(u, j)
        if a.synthetic:
            hit = bool(_groups(planted, da, *sa) & _groups(planted, db, *sb))
        else:
            hit = gold_key(gold, da, sa, db, sb) is not None
        rows.append({"i": i, "j": j, "doc_a": da, "doc_b": db, "cos": cos, "lex": lx,
                     "len_a": len(view_text(u.texts[i])), "len_b": len(view_text(u.texts[j])),
                     "win_a": int(u.ul[i] > u.uf[i]), "win_b": int(u.ul[j] > u.uf[j]), "gold": hit,
                     "text_a": u.texts[i], "text_b": u.texts[j]})
    df = pd.DataFrame(rows)
    if len(df):
        views = [view_text(t) for t in u.texts]
        single = [views[q] for q in np.flatnonzero(u.uf == u.ul).tolist()]
        ri, rj = df.i.to_numpy(), df.j.to_numpy()
        df["cover_bi"] = cover_min(views, ri, rj, single)
        df["cover_w"] = cover_min(views, ri, rj, single, words=True)
    print(f"units {len(u.texts)}, candidates {len(df)}, gold-covering {int(df.gold.sum())}")
    if a.e5 and len(df):
        need = np.unique(np.r_[df.i.to_numpy(), df.j.to_numpy()])
        t = time.process_time()
        E = Embedder("e5-small").encode([u.texts[q] for q in need.tolist()])
        print(f"e5-small: {len(need)} units in {time.process_time() - t:.1f} CPU s")
        pos = {q: n for n, q in enumerate(need.tolist())}
        df["e5"] = [float(E[pos[i]] @ E[pos[j]]) for i, j in zip(df.i, df.j)]
    df.to_csv(a.out, index=False)


if __name__ == "__main__":
    main()
