"""Calibrate the paraphrase cosine threshold on an annotated corpus.

The threshold is the cosine that at most ``fpr`` (1%) of random sentence pairs from
different reports reach; the script also reports how many gold paraphrase pairs
(``gold_reuse.jsonl``, kind ``paraphrase``) reach it, and how random and gold pairs fare
at the cosine and lexical gates :func:`giptext.reuse.paraphrase.add_paraphrases` uses by
default. In this register 1% of random pairs is far too many to report (every sentence has
hundreds of partners above it), so the shipped defaults are stricter; see
:data:`giptext.reuse.paraphrase.THRESHOLDS`. Run::

    python -m giptext.reuse.calibrate ../shared/dev --embedder static-zh

and copy the threshold into :data:`giptext.reuse.paraphrase.THRESHOLDS`.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from giptext.annotated import load_annotated
from giptext.reuse.paraphrase import LEXICAL_MIN, THRESHOLDS, lexical_similarity, sentences
from giptext.reuse.view import view_text


def calibrate(corpus_dir: str | Path, embedder: str = "static-zh", n_random: int = 20000,
              fpr: float = 0.01, seed: int = 0) -> dict:
    """Threshold at ``fpr`` on random cross-report sentence pairs, and gold paraphrase recall there."""
    from giptext.embed import Embedder

    ac = load_annotated(corpus_dir)
    gold = ac.reuse[ac.reuse["kind"] == "paraphrase"] if len(ac.reuse) else ac.reuse
    emb = Embedder(embedder)
    ga = emb.encode(list(gold["text_a"]))
    gb = emb.encode(list(gold["text_b"]))
    gold_cos = np.sum(ga * gb, axis=1)
    sent, doc = [], []
    for k, (d, text) in enumerate(sorted(ac.docs.items())):
        for s, e in sentences(text, None):
            sent.append(text[s:e])
            doc.append(k)
    X = emb.encode(sent)
    doc_arr = np.asarray(doc)
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(sent), n_random)
    j = rng.integers(0, len(sent), n_random)
    ok = doc_arr[i] != doc_arr[j]
    rand_cos = np.sum(X[i[ok]] * X[j[ok]], axis=1)
    thr = float(np.quantile(rand_cos, 1.0 - fpr))
    # the default gates: cosine and TF-IDF bigram cosine (IDF over the corpus's sentences)
    views = [view_text(t) for t in sent] + [view_text(t) for t in list(gold["text_a"]) + list(gold["text_b"])]
    ng = len(gold)
    rand_lex = lexical_similarity(views, i[ok], j[ok])
    gold_lex = lexical_similarity(views, np.arange(len(sent), len(sent) + ng), np.arange(len(sent) + ng, len(sent) + 2 * ng))
    dthr = THRESHOLDS.get(embedder, thr)
    rand_pass = (rand_cos >= dthr) & (rand_lex >= LEXICAL_MIN)
    gold_pass = (gold_cos >= dthr) & (gold_lex >= LEXICAL_MIN)
    return {
        "embedder": embedder,
        "threshold": round(thr, 3),
        "fpr": fpr,
        "random_pairs": int(ok.sum()),
        "gold_paraphrase_pairs": int(len(gold)),
        "gold_recall_at_threshold": float(np.mean(gold_cos >= thr)) if len(gold) else float("nan"),
        "gold_cos_median": float(np.median(gold_cos)) if len(gold) else float("nan"),
        "random_cos_median": float(np.median(rand_cos)),
        "default_threshold": dthr,
        "default_lexical": LEXICAL_MIN,
        "random_pass_rate_at_defaults": float(rand_pass.mean()),
        "gold_recall_at_defaults": float(gold_pass.mean()) if ng else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: print the calibration as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus_dir")
    ap.add_argument("--embedder", default="static-zh")
    ap.add_argument("--fpr", type=float, default=0.01)
    a = ap.parse_args(argv)
    print(json.dumps(calibrate(a.corpus_dir, a.embedder, fpr=a.fpr), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
