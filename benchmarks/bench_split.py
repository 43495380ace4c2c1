"""Benchmark: reports/s of the section splitter alone, with jieba's tokenisation rate beside it.

The dev corpus (``../shared/dev/docs``) is replicated until it holds ≥ 10 MB of text; every
copy gets a distinct numeric suffix on each line so caches keyed on whole titles cannot
turn the run into a dictionary lookup (headings still repeat, as in a real corpus).
Run on one core::

    .venv/bin/python benchmarks/bench_split.py [--mb 10] [--flatten space|nothing]

Prints reports/s and MB/s for ``split_sections`` (and for ``split_sections`` +
``extract_statements``), then jieba's ``lcut`` rate on the same text as the reference.
"""
from __future__ import annotations

import argparse
import time

from giptext.annotated import load_annotated, shared_dir


def flatten(text: str, sep: str) -> str:
    """``text`` as a crawled page that lost its line breaks: lines stripped, joined with ``sep``."""
    return sep.join(ln.strip() for ln in text.split("\n") if ln.strip())


def build_corpus(min_mb: float, flat: str | None = None) -> list[str]:
    """Dev texts replicated (with a per-copy marker on the first line) to ≥ ``min_mb`` MB;
    ``flat`` (``"space"``/``"nothing"``): each text flattened to one line first."""
    docs = list(load_annotated(shared_dir() / "dev").docs.values())
    if flat is not None:
        docs = [flatten(d, " " if flat == "space" else "") for d in docs]
    out: list[str] = []
    size = 0
    k = 0
    while size < min_mb * 1e6:
        for d in docs:
            t = f"副本{k}\n{d}" if flat is None else f"副本{k} {d}"
            out.append(t)
            size += len(t.encode("utf-8"))
        k += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (UTF-8)")
    ap.add_argument("--flatten", choices=["space", "nothing"], default=None,
                    help="time the dev texts flattened to one line (joined with a space / nothing)")
    args = ap.parse_args()
    texts = build_corpus(args.mb, args.flatten)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    chars = sum(len(t) for t in texts)

    from giptext.sections.splitter import split_sections
    from giptext.sections.statements import extract_statements_from

    split_sections(texts[0])  # warm the imports and regex compilation

    def timed(fn) -> tuple[float, float]:
        """(wall seconds, CPU seconds of this process): CPU time is the per-core figure on a busy machine."""
        w, c = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        return time.perf_counter() - w, time.process_time() - c

    wall_split, cpu_split = timed(split_sections)
    wall_both, cpu_both = timed(lambda t: extract_statements_from(t, split_sections(t)))

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    wall_jieba, cpu_jieba = timed(jieba.lcut)

    # Cold caches: heading titles repeat across copies, so also time one pass over the
    # distinct dev texts with every title cache emptied first (the unseen-corpus case).
    from giptext.sections import headings

    distinct = texts[: len(load_annotated(shared_dir() / "dev").docs)]
    for fn in (headings.folded, headings.classify_title, headings.is_table_label, headings._heading_end):
        fn.cache_clear()
    c0 = time.process_time()
    for t in distinct:
        split_sections(t)
    cpu_cold = time.process_time() - c0

    n = len(texts)
    print(f"corpus: {n} reports, {mb:.1f} MB, {chars / 1e6:.1f} M chars (dev corpus replicated), one process")
    print(f"{'':28s}{'reports/s':>12s}{'MB/s':>8s}   (per CPU-second; wall-clock in brackets)")
    for name, wall, cpu in (
        ("split_sections", wall_split, cpu_split),
        ("split + extract_statements", wall_both, cpu_both),
        ("jieba.lcut (reference)", wall_jieba, cpu_jieba),
    ):
        print(f"{name:28s}{n / cpu:12.0f}{mb / cpu:8.2f}   ({n / wall:.0f} reports/s wall)")
    print(f"{'split_sections, cold caches':28s}{len(distinct) / cpu_cold:12.0f}"
          f"{sum(len(t.encode('utf-8')) for t in distinct) / 1e6 / cpu_cold:8.2f}   ({len(distinct)} distinct dev texts)")
    print(f"splitter is {cpu_jieba / cpu_split:.1f}x faster than jieba tokenisation of the same text")


if __name__ == "__main__":
    main()
