"""Benchmark: reports/s of the section splitter alone, with jieba's tokenisation rate beside it.

The dev corpus (``../shared/dev/docs``) is replicated until it holds ≥ 10 MB of text; every
copy gets a distinct numeric suffix on each line so caches keyed on whole titles cannot
turn the run into a dictionary lookup (headings still repeat, as in a real corpus).
Run on one core::

    .venv/bin/python benchmarks/bench_split.py [--mb 10]

Prints reports/s and MB/s for ``split_sections`` (and for ``split_sections`` +
``extract_statements``), then jieba's ``lcut`` rate on the same text as the reference.
"""
from __future__ import annotations

import argparse
import time

from giptext.annotated import load_annotated, shared_dir


def build_corpus(min_mb: float) -> list[str]:
    """Dev texts replicated (with a per-copy marker on the first line) to ≥ ``min_mb`` MB."""
    docs = list(load_annotated(shared_dir() / "dev").docs.values())
    out: list[str] = []
    size = 0
    k = 0
    while size < min_mb * 1e6:
        for d in docs:
            t = f"副本{k}\n{d}"
            out.append(t)
            size += len(t.encode("utf-8"))
        k += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (UTF-8)")
    args = ap.parse_args()
    texts = build_corpus(args.mb)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    chars = sum(len(t) for t in texts)

    from giptext.sections.splitter import split_sections
    from giptext.sections.statements import extract_statements_from

    split_sections(texts[0])  # warm the imports and regex compilation
    t0 = time.perf_counter()
    for t in texts:
        split_sections(t)
    dt_split = time.perf_counter() - t0

    t0 = time.perf_counter()
    for t in texts:
        extract_statements_from(t, split_sections(t))
    dt_both = time.perf_counter() - t0

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    dt_jieba = time.perf_counter() - t0

    n = len(texts)
    print(f"corpus: {n} reports, {mb:.1f} MB, {chars / 1e6:.1f} M chars (dev corpus replicated)")
    print(f"split_sections            : {n / dt_split:8.0f} reports/s  {mb / dt_split:6.2f} MB/s")
    print(f"split + extract_statements: {n / dt_both:8.0f} reports/s  {mb / dt_both:6.2f} MB/s")
    print(f"jieba.lcut (reference)    : {n / dt_jieba:8.0f} reports/s  {mb / dt_jieba:6.2f} MB/s")
    print(f"splitter / jieba speed ratio: {dt_jieba / dt_split:.1f}x")


if __name__ == "__main__":
    main()
