"""Theme classifier prediction speed: statements per second (goal: TF-IDF ≥ 10,000/s on 2 cores).

    .venv/bin/python benchmarks/bench_themes.py [--repeat 30]

Trains each model once on the dev gold statements, then times ``predict`` on those 364
statements ``--repeat`` times. The only per-text memory is the jieba segmentation memo of
Han-character runs (:func:`giptext.themes._text.jieba_cut`); it is emptied before every
pass, so each pass costs what 364 never-seen statements cost. Figures are per CPU-second of one process (the machine may
be shared; wall-clock in brackets) and, for TF-IDF, the wall-clock rate of 2 worker
processes each predicting half the input.
"""
from __future__ import annotations

import argparse
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


def _predict(job: tuple[list[str], int]) -> int:
    return _passes(_MODEL, *job)


def timed(model, texts: list[str], repeat: int) -> tuple[float, float]:
    """(statements per CPU-second, statements per wall-second) of ``model.predict``."""
    model.predict(texts[:50])  # warm-up: tokenizer and tables loaded
    c0, w0 = time.process_time(), time.perf_counter()
    n = _passes(model, texts, repeat)
    c1, w1 = time.process_time(), time.perf_counter()
    return n / max(c1 - c0, 1e-9), n / max(w1 - w0, 1e-9)


def two_processes(path: Path, texts: list[str], repeat: int, jobs: int = 2) -> float:
    """Wall-clock statements/s of ``jobs`` processes, each with its own model, each doing ``repeat`` passes."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(str(path),)) as pool:
        list(pool.map(_predict, [(["预热"], 1)] * jobs))
        w0 = time.perf_counter()
        n = sum(pool.map(_predict, [(texts, repeat)] * jobs))
        return n / (time.perf_counter() - w0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--tmp", type=Path, default=Path("/tmp/giptext-bench-themes"))
    args = ap.parse_args()

    from giptext.annotated import shared_dir
    from giptext.eval.themes import gold_table
    from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier

    gold = gold_table(shared_dir() / "dev")
    X, Y, g = gold["text"].tolist(), [list(t) for t in gold["themes"]], gold["id"].to_numpy()
    texts = X
    print(f"{len(texts)} statements x {args.repeat} passes ({sum(map(len, texts)) / len(texts):.0f} characters on average)")
    models = {
        "tfidf (char 1-3 + jieba words)": TfidfThemeClassifier(),
        "tfidf + seed features": TfidfThemeClassifier(seed_weight=1.0),
        "tfidf, chars only (no jieba)": TfidfThemeClassifier(words=False),
        "tfidf, chars only + seeds (substring)": TfidfThemeClassifier(words=False, seed_weight=1.0,
                                                                      seed_match="substring"),
        "lexicon (spaCy PhraseMatcher)": LexiconThemeClassifier(),
        "default: ensemble(lexicon, tfidf+seeds)": EnsembleThemeClassifier(
            [("lexicon", LexiconThemeClassifier()), ("tfidf", TfidfThemeClassifier(seed_weight=1.0))]),
    }
    args.tmp.mkdir(parents=True, exist_ok=True)
    for name, m in models.items():
        m.fit(X, Y, groups=g)
        cpu, wall = timed(m, texts, args.repeat)
        print(f"{name:42s} {cpu:9,.0f} statements/CPU-s  ({wall:,.0f}/s wall, 1 process)")
        if name.startswith("tfidf"):
            path = m.save(args.tmp / "tfidf.skops")
            rate = two_processes(path, texts, args.repeat)
            goal = "meets" if rate >= 10_000 else "below"
            print(f"{'':42s} {rate:9,.0f} statements/s wall with 2 processes ({goal} the 10,000/s goal)")


if __name__ == "__main__":
    main()
