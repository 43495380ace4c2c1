"""Calibrate the paraphrase cosine threshold on an annotated corpus.

The threshold is the cosine that at most ``fpr`` (1%) of random sentence pairs from
different reports reach; the script also reports how many gold paraphrase pairs
(``gold_reuse.jsonl``, kind ``paraphrase``) reach it. Run::

    python -m giptext.reuse.calibrate ../shared/dev --embedder static-zh

and copy the threshold into :data:`giptext.reuse.paraphrase.THRESHOLDS`.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from giptext.annotated import load_annotated
from giptext.reuse.paraphrase import sentences


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
    return {
        "embedder": embedder,
        "threshold": round(thr, 3),
        "fpr": fpr,
        "random_pairs": int(ok.sum()),
        "gold_paraphrase_pairs": int(len(gold)),
        "gold_recall_at_threshold": float(np.mean(gold_cos >= thr)) if len(gold) else float("nan"),
        "gold_cos_median": float(np.median(gold_cos)) if len(gold) else float("nan"),
        "random_cos_median": float(np.median(rand_cos)),
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
