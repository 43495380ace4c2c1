"""Theme classifier prediction speed: statements per second (goals: default ≥ 2,000/s, TF-IDF ≥ 10,000/s, 2 cores).

    .venv/bin/python benchmarks/bench_themes.py [--repeat 30] [--jobs 2]

Trains each model once on the dev gold statements, then times ``predict`` on those 364
statements ``--repeat`` times (one ``predict`` call per pass of 364). The only per-text
memory is the jieba segmentation memo of Han-character runs
(:func:`giptext.themes._text.jieba_cut`, used by the models with jieba words); it is
emptied before every pass, so each pass costs what 364 never-seen statements cost.

Figures:
- statements per CPU-second of one process (wall-clock in brackets);
- for the TF-IDF models and the shipped default: ``--jobs`` worker processes, each with
  its own copy of the model, each doing all the passes — statements per wall-second of
  the whole, and per CPU-second summed over the workers;
- ``label_texts(n_jobs=--jobs)`` on all passes as one list (joblib, batches of 5,000),
  the user-facing parallel path, for the fastest TF-IDF model and the default.
The load average is printed before and after: the machine may be shared.
"""
from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_MODEL = None


def _init(path: str) -> None:
    global _MODEL
    from giptext.themes import load_model

    _MODEL = load_model(path)
    _MODEL.predict(["预热"])  # tokenizer and tables loaded before the clock starts


def _passes(model, texts: list[str], repeat: int) -> int:
    from giptext.themes._text import _cut_block

    n = 0
    for _ in range(repeat):
        _cut_block.cache_clear()  # every pass starts cold
        n += len(model.predict(texts))
    return n


def _predict(job: tuple[list[str], int]) -> tuple[int, float]:
    c0 = time.process_time()
    n = _passes(_MODEL, *job)
    return n, time.process_time() - c0


def timed(model, texts: list[str], repeat: int) -> tuple[float, float]:
    """(statements per CPU-second, statements per wall-second) of ``model.predict``."""
    model.predict(texts[:50])  # warm-up: tokenizer and tables loaded
    c0, w0 = time.process_time(), time.perf_counter()
    n = _passes(model, texts, repeat)
    c1, w1 = time.process_time(), time.perf_counter()
    return n / max(c1 - c0, 1e-9), n / max(w1 - w0, 1e-9)


def processes(path: Path, texts: list[str], repeat: int, jobs: int) -> tuple[float, float]:
    """(wall statements/s, statements per worker CPU-second) of ``jobs`` processes, each with its own model."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(str(path),)) as pool:
        list(pool.map(_predict, [(["预热"], 1)] * jobs))
        w0 = time.perf_counter()
        out = list(pool.map(_predict, [(texts, repeat)] * jobs))
        wall = time.perf_counter() - w0
    n = sum(k for k, _ in out)
    return n / wall, n / max(sum(c for _, c in out), 1e-9)


def joblib_rate(model, texts: list[str], repeat: int, jobs: int) -> float:
    """Wall statements/s of ``label_texts(all passes as one list, n_jobs=jobs)`` (workers started and warmed first)."""
    from giptext.themes.label import label_texts

    many = texts * repeat
    label_texts(many[: 2 * 5000 + 1], model, n_jobs=jobs)  # start the worker pool
    w0 = time.perf_counter()
    labels, _ = label_texts(many, model, n_jobs=jobs)
    return len(labels) / (time.perf_counter() - w0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tmp", type=Path, default=Path("/tmp/giptext-bench-themes"))
    ap.add_argument("--e5", action="store_true",
                    help="also time the ensemble with e5-small (embedding cache off; one pass)")
    args = ap.parse_args()

    from giptext.annotated import shared_dir
    from giptext.eval.themes import gold_table
    from giptext.themes import LexiconThemeClassifier, TermMiner, TfidfThemeClassifier, load_default
    from giptext.themes.ensemble import EnsembleThemeClassifier

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)")
    gold = gold_table(shared_dir() / "dev")
    X, Y, g = gold["text"].tolist(), [list(t) for t in gold["themes"]], gold["id"].to_numpy()
    texts = X
    print(f"{len(texts)} statements x {args.repeat} passes ({sum(map(len, texts)) / len(texts):.0f} characters on average)")
    models = {
        "tfidf (char 1-3 + jieba words)": TfidfThemeClassifier(),
        "tfidf + seed features (jieba tokens)": TfidfThemeClassifier(seed_weight=1.0),
        "tfidf, chars only (no jieba)": TfidfThemeClassifier(words=False),
        "tfidf, chars only + hand seeds (substring)": TfidfThemeClassifier(words=False, seed_weight=1.0,
                                                                           seed_match="substring"),
        "tfidf, chars only + mined seeds": TfidfThemeClassifier(words=False, seed_weight=1.0, seeds="mined"),
        "tfidf, chars only + label names (themes-names)": TfidfThemeClassifier(
            words=False, seed_weight=1.0, seeds="mined", miner=TermMiner(top_k=0)),
        "lexicon (spaCy PhraseMatcher)": LexiconThemeClassifier(),
        "ensemble(lexicon, tfidf+seeds)": EnsembleThemeClassifier(
            [("lexicon", LexiconThemeClassifier()), ("tfidf", TfidfThemeClassifier(seed_weight=1.0))]),
        "shipped default (load_default())": None,
    }
    args.tmp.mkdir(parents=True, exist_ok=True)
    fastest = None
    for name, m in models.items():
        if m is None:
            m = load_default()
        else:
            m.fit(X, Y, groups=g)
        cpu, wall = timed(m, texts, args.repeat)
        print(f"{name:44s} {cpu:9,.0f} statements/CPU-s  ({wall:,.0f}/s wall, 1 process)", flush=True)
        if name.startswith("tfidf") or name.startswith("shipped"):
            path = m.save(args.tmp / "model.skops")
            rate, cpu_w = processes(path, texts, args.repeat, args.jobs)
            target = 2_000 if name.startswith("shipped") else 10_000
            goal = "meets" if rate >= target else "below"
            print(f"{'':44s} {rate:9,.0f} statements/s wall with {args.jobs} processes "
                  f"({cpu_w:,.0f}/CPU-s in the workers; {goal} the {target:,}/s goal)", flush=True)
            if name.startswith("tfidf") and (fastest is None or cpu > fastest[0]):
                fastest = (cpu, name, m)
        if name.startswith("shipped"):
            fastest = [fastest, (0, name, m)]
    if args.e5:
        from giptext.embed import Embedder
        from giptext.themes.embedding import EmbeddingThemeClassifier

        m = EnsembleThemeClassifier([("tfidf", TfidfThemeClassifier(words=False, seed_weight=1.0, seeds="mined",
                                                                     miner=TermMiner(top_k=0))),
                                     ("e5", EmbeddingThemeClassifier("e5-small"))]).fit(X, Y, groups=g)
        # every pass must embed: the on-disk cache would otherwise serve the vectors
        m.estimators_[1]._cache_embedder = Embedder("e5-small", progress=False, cache_dir=False)
        cpu, wall = timed(m, texts, 1)
        print(f"{'ensemble(tfidf+names, e5-small), no cache':44s} {cpu:9,.0f} statements/CPU-s  "
              f"({wall:,.0f}/s wall, 1 process; onnxruntime uses its own threads)", flush=True)
    for _, name, m in fastest:
        rate = joblib_rate(m, texts, args.repeat, args.jobs)
        print(f"label_texts(n_jobs={args.jobs}), {name}: {rate:,.0f} statements/s wall "
              f"({len(texts) * args.repeat:,} statements in one call)", flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
