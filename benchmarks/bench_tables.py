"""Benchmark: reports/s of table extraction (and extraction + checks), with the splitter's rate beside it.

Two sets of texts, each replicated to ``--n`` reports with a per-copy marker on the first
line (so no cache keyed on whole texts or titles can turn the run into a lookup):

``tables``  reports that all carry the three 2019-template tables: the five seed reports and
            synthetic reports from ``corpora/tables_synth.py`` in all six shapes
``dev``     the development corpus (``../shared/dev/docs``; excerpts, a few with tables)

For each set, in the same process and run: ``giptext.tables.extract_cells`` (the cells),
``extract_cells`` + ``check_rows`` (cells and every check), ``giptext.tables.extract`` (one
pandas DataFrame per report), and ``split_sections`` (the section splitter) on the same
texts. Figures are reports per CPU-second of this one process (wall-clock in brackets; the
machine is shared). Run::

    .venv/bin/python benchmarks/bench_tables.py [--n 2000] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _replicate(texts: list[str], n: int) -> list[str]:
    out = []
    k = 0
    while len(out) < n:
        for t in texts:
            out.append(f"副本{k}\n{t}")
            if len(out) == n:
                break
        k += 1
    return out


def corpora_texts(n: int) -> dict[str, list[str]]:
    """The two sets of texts (see the module docstring)."""
    from corpora.tables_synth import SHAPES, draw
    from giptext.annotated import shared_dir

    shared = shared_dir()
    seeds = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    synth = [draw(s, shape)["text"] for s in range(40) for shape in SHAPES]
    dev = [p.read_text(encoding="utf-8") for p in sorted((shared / "dev" / "docs").glob("*.txt"))]
    return {"tables": _replicate(seeds + synth, n), "dev": _replicate(dev, n)}


def timed(fn, texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) to run ``fn`` on every text."""
    w, c = time.perf_counter(), time.process_time()
    for t in texts:
        fn(t)
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="reports per set")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from giptext.sections.splitter import split_sections
    from giptext.tables import check_rows, extract, extract_cells

    sets = corpora_texts(args.n)
    extract_cells(sets["tables"][0])
    split_sections(sets["tables"][0])
    stages = {
        "extract_cells": extract_cells,
        "cells+checks": lambda t: check_rows(t, extract_cells(t)),
        "extract (DataFrame)": extract,
        "split_sections": split_sections,
    }
    result = {}
    for name, texts in sets.items():
        kb = sum(len(t) for t in texts) / len(texts) / 1000
        cells = sum(len(extract_cells(t)) for t in texts) / len(texts)
        print(f"== {name}: {len(texts)} reports, {kb:.1f} k chars and {cells:.0f} cells a report")
        result[name] = {"reports": len(texts), "kchars_per_report": kb, "cells_per_report": cells}
        for stage, fn in stages.items():
            wall, cpu = timed(fn, texts)
            rate, wrate = len(texts) / cpu, len(texts) / wall
            result[name][stage] = {"reports_per_cpu_s": rate, "reports_per_wall_s": wrate}
            print(f"  {stage:22s} {rate:8.0f} reports/CPU-s  ({wrate:.0f}/wall-s)")
        ratio = result[name]["extract_cells"]["reports_per_cpu_s"] / result[name]["split_sections"]["reports_per_cpu_s"]
        result[name]["extract_cells_vs_split"] = ratio
        print(f"  extract_cells / split_sections = {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
