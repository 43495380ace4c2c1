"""Which gate loses each missed planted paraphrase pair of a synthetic corpus?

Runs ``detect(paraphrase=True)`` (narrative sections, the given ``add_paraphrases`` setting),
scores every planted ``paraphrase`` pair as :func:`corpora.synthetic.score` does (one row or
one family covering half of both spans) and, for each missed pair, takes the unit pairs
(:func:`giptext.reuse.paraphrase.build_units`) covering at least half of both gold spans and
reports for the best of them (by cosine) the first gate it fails, in the order of the
detector: ``no unit`` (no sentence or window of two covers half of a gold span), ``rank``
(neither unit among the other's ``k`` neighbours at the lowest threshold), ``hub`` (both
units have more than ``hub_max`` register neighbours), ``cos/margin``
(:func:`stand_out`), ``lexical``, ``short``, ``copy`` (edit similarity or a copied sentence),
``figures``, ``copy passage`` (already linked by a copy passage), or ``passed`` (a candidate
that was lost afterwards: merging, families or the template flag). Prints a count per gate
and one JSON line per missed pair::

    .venv/bin/python experiments/reuse_paraphrase/missed.py /tmp/rb/syn_1000_s0 [--setting '{}']
"""
from __future__ import annotations

import argparse
import collections
import json
import sys

import numpy as np
from rapidfuzz.distance import Levenshtein

from giptext.annotated import load_annotated
from giptext.reuse import detect
from giptext.reuse import NARRATIVE, compared_labels, documents
from giptext.reuse.paraphrase import (HUB_MAX, HUB_THRESHOLDS, K_NEIGHBOURS, LEXICAL_MIN, LOW_MARGIN, LOW_THRESHOLDS,
                                      MARGIN, MIN_PAIR_CHARS, THRESHOLDS, figures_differ, build_units,
                                      lexical_similarity, neighbour_pairs, register_degree, unit_lexical)
from giptext.reuse.view import view_text

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from candidates import _cov, unit_span  # noqa: E402
from sweep import paraphrase_setting  # noqa: E402


def recalled(passages, g) -> bool:
    """Is planted pair ``g`` covered (half of both spans) by one row or one family?"""
    def hits(d, s, e):
        p = passages[((passages.doc_a == d) & (np.minimum(passages.end_a, e) - np.maximum(passages.start_a, s) >= 0.5 * (e - s)))
                     | ((passages.doc_b == d) & (np.minimum(passages.end_b, e) - np.maximum(passages.start_b, s) >= 0.5 * (e - s)))]
        return set(p.index), set(p.family.dropna())
    ra, fa = hits(str(g["doc_a"]), g["start_a"], g["end_a"])
    rb, fb = hits(str(g["doc_b"]), g["start_b"], g["end_b"])
    return bool(ra & rb) or bool(fa & fb)


def main() -> None:
    """Print the per-gate count and the missed pairs."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--setting", default="{}")
    a = ap.parse_args()
    from giptext.embed import Embedder

    setting = json.loads(a.setting)
    ac = load_annotated(a.corpus)
    res = detect(ac, sections=NARRATIVE, paraphrase=paraphrase_setting(setting))
    secs = {d.id: list(d.sections) for d in documents(ac, sections=NARRATIVE)}
    u = build_units(res.texts, secs, compared_labels(NARRATIVE))
    ids = list(res.texts)
    X = Embedder("static-zh").encode(u.texts).astype(np.float32)
    k = setting.get("k", K_NEIGHBOURS)
    thr = setting.get("threshold") or THRESHOLDS["static-zh"]
    low = setting.get("low_threshold", LOW_THRESHOLDS["static-zh"])
    low = LOW_THRESHOLDS["static-zh"] if low == "auto" else low
    margin, low_margin = setting.get("margin", MARGIN), setting.get("low_margin", LOW_MARGIN)
    lexical = setting.get("lexical", LEXICAL_MIN)
    hub = setting.get("hub_threshold", "auto")
    hub = HUB_THRESHOLDS["static-zh"] if hub == "auto" else hub
    hub_max, min_chars = setting.get("hub_max", HUB_MAX), setting.get("min_pair_chars", MIN_PAIR_CHARS)
    crowd = np.full(X.shape[0], -1.0, dtype=np.float32)
    nr, nc, nv = neighbour_pairs(X, u.udoc, min(thr, low or thr, hub or thr), k, crowd_out=crowd)
    deg = register_degree(X.shape[0], nr, nc, nv, unit_lexical(u, nr, nc), hub, lexical) if hub is not None \
        else np.zeros(X.shape[0], dtype=np.int64)
    uviews = [view_text(t) for t in u.texts]
    single = [uviews[q] for q in np.flatnonzero(u.uf == u.ul).tolist()]
    pos = {d: q for q, d in enumerate(ids)}
    copies = res.passages[res.passages.kind != "paraphrase"]
    gold = [g for g in (json.loads(line) for line in open(f"{a.corpus}/gold_reuse.jsonl", encoding="utf-8"))
            if g["kind"] == "paraphrase"]
    count: collections.Counter = collections.Counter()
    lines = []
    for g in gold:
        if recalled(res.passages, g):
            count["recalled"] += 1
            continue
        da, db = pos[str(g["doc_a"])], pos[str(g["doc_b"])]
        A = [q for q in np.flatnonzero(u.udoc == da).tolist() if _cov(*unit_span(u, q), g["start_a"], g["end_a"])]
        B = [q for q in np.flatnonzero(u.udoc == db).tolist() if _cov(*unit_span(u, q), g["start_b"], g["end_b"])]
        row = {"a": g["text_a"], "b": g["text_b"], "units": [len(A), len(B)]}
        if not A or not B:
            row["fails"] = "no unit"
        else:
            r, c = np.repeat(A, len(B)), np.tile(B, len(A))
            cos = np.sum(X[r] * X[c], axis=1)
            lex = lexical_similarity(uviews, r, c, idf_from=single)
            best = int(np.argmax(cos))
            i, j = int(r[best]), int(c[best])
            ratio = cos[best] / ((crowd[i] + crowd[j]) / 2)
            oi, oj = u.udoc != u.udoc[i], u.udoc != u.udoc[j]
            rank = min(int((X[oi] @ X[i] > cos[best]).sum()) + 1, int((X[oj] @ X[j] > cos[best]).sum()) + 1)
            lev = Levenshtein.normalized_similarity(view_text(u.texts[i], False), view_text(u.texts[j], False))
            covered = ((copies.doc_a == ids[da]) & (copies.doc_b == ids[db])
                       | (copies.doc_a == ids[db]) & (copies.doc_b == ids[da])).any()
            row.update(cos=round(float(cos[best]), 3), ratio=round(float(ratio), 3), rank=rank,
                       degree=[int(deg[i]), int(deg[j])],
                       lex=round(float(lex[best]), 3), max_lex=round(float(lex.max()), 3), lev=round(lev, 3),
                       ua=u.texts[i], ub=u.texts[j])
            if rank > k or cos[best] < min(thr, low if low is not None else thr):
                row["fails"] = "rank" if cos[best] >= min(thr, low or thr) else "cos<low"
            elif min(deg[i], deg[j]) > hub_max:
                row["fails"] = "hub"
            elif not ((cos[best] >= thr and ratio >= margin) or (low is not None and cos[best] >= low and ratio >= low_margin)):
                row["fails"] = "cos/margin"
            elif lex[best] < lexical:
                row["fails"] = "lexical"
            elif min(len(uviews[i]), len(uviews[j])) < min_chars:
                row["fails"] = "short"
            elif lev >= 0.65:
                row["fails"] = "copy"
            elif figures_differ(u.texts[i], u.texts[j], setting.get("figures_min", 0.5)):
                row["fails"] = "figures"
            elif covered:
                row["fails"] = "copy passage?"
            else:
                row["fails"] = "passed"
        count[row["fails"]] += 1
        lines.append(row)
    print(json.dumps({"pairs": len(gold), **dict(count)}, ensure_ascii=False))
    for row in lines:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
