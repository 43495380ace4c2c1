"""Why are gold paraphrase pairs of an annotated corpus missed by ``detect(paraphrase=True)``?

For every gold ``paraphrase`` pair: the units (:func:`giptext.reuse.paraphrase.build_units`)
that cover at least half of each gold span, and for the best unit pair its embedding cosine
(static-zh, and e5-small with ``--e5``), TF-IDF bigram cosine, edit similarity and the rank of
the b-unit among the a-unit's neighbours in other reports; then the first default gate it
fails. Run from the repository root::

    .venv/bin/python experiments/reuse_paraphrase/diagnose.py ../shared/dev [--e5] [--sections narrative]
"""
from __future__ import annotations

import argparse
import json

import numpy as np
from rapidfuzz.distance import Levenshtein

from giptext.annotated import load_annotated
from giptext.reuse import detect
from giptext.reuse import NARRATIVE, compared_labels, documents
from giptext.reuse.paraphrase import LEXICAL_MIN, THRESHOLDS, build_units, lexical_similarity
from giptext.reuse.view import view_text

from candidates import _cov, unit_span


def _covering(u, d: int, gs: int, ge: int) -> list[int]:
    return [q for q in np.flatnonzero(u.udoc == d).tolist() if _cov(*unit_span(u, q), gs, ge)]


def main() -> None:
    """Print one JSON line per gold paraphrase pair."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--e5", action="store_true")
    ap.add_argument("--sections", default="all")
    a = ap.parse_args()
    from giptext.embed import Embedder

    ac = load_annotated(a.corpus)
    sections = NARRATIVE if a.sections == "narrative" else "all"
    res = detect(ac, sections=sections)  # texts in the engine's order, and the sections

    secs = {d.id: list(d.sections) for d in documents(ac, sections=sections)}
    u = build_units(res.texts, secs, compared_labels(sections))
    ids = list(res.texts)
    X = Embedder("static-zh").encode(u.texts)
    e5 = Embedder("e5-small") if a.e5 else None
    uviews = [view_text(t) for t in u.texts]
    single = np.flatnonzero(u.uf == u.ul).tolist()
    gold = ac.reuse[ac.reuse.kind == "paraphrase"]
    for g in gold.to_dict("records"):
        da, db = ids.index(g["doc_a"]), ids.index(g["doc_b"])
        ga = ac.docs[g["doc_a"]].find(g["text_a"])
        gb = ac.docs[g["doc_b"]].find(g["text_b"])
        A = _covering(u, da, ga, ga + len(g["text_a"]))
        B = _covering(u, db, gb, gb + len(g["text_b"]))
        row = {"pair": f'{g["doc_a"]}-{g["doc_b"]}', "units_a": len(A), "units_b": len(B)}
        if A and B:
            r = np.repeat(A, len(B))
            c = np.tile(B, len(A))
            cos = np.sum(X[r] * X[c], axis=1)
            lex = lexical_similarity(uviews, r, c, idf_from=[uviews[q] for q in single])
            best = int(np.argmax(cos + (lex >= LEXICAL_MIN)))
            i, j = int(r[best]), int(c[best])
            other = u.udoc != u.udoc[i]
            sims = X[other] @ X[i]
            row.update(cos=round(float(cos[best]), 3), lex=round(float(lex[best]), 3),
                       lev=round(Levenshtein.normalized_similarity(view_text(u.texts[i], False), view_text(u.texts[j], False)), 3),
                       rank=int((sims > cos[best]).sum()) + 1, max_cos=round(float(cos.max()), 3),
                       max_lex=round(float(lex.max()), 3), a=u.texts[i][:50], b=u.texts[j][:50])
            if e5 is not None:  # the gold units only: e5 on every unit would take an hour
                E = e5.encode([u.texts[q] for q in (i, j)])
                row.update(e5=round(float(E[0] @ E[1]), 3))
            fail = []
            if cos[best] < THRESHOLDS["static-zh"]:
                fail.append("cos")
            if lex[best] < LEXICAL_MIN:
                fail.append("lex")
            if row["rank"] > 5:
                fail.append("rank")
            if row["lev"] >= 0.65:
                fail.append("copy")
            row["fails"] = fail
        else:
            row["fails"] = ["no unit"]
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
