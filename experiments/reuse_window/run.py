"""The MinHash window of the reuse engine: recall, output and cost for windows 2, 3 and 4.

``detect`` samples each report's shingles with a sliding-window MinHash (window ``w``: the
smallest shingle hash of every ``w`` consecutive ones). Two reports become a candidate pair
when they share ``min_shared`` rare picks, and a shared run of ``L`` characters holds at
least ``(L - LSH_SHINGLE + 1) // w`` picks, so a smaller window lets a shorter shared run make a
candidate, at the price of more picks, candidates and output rows. This study measures that
trade on ``shared/dev`` (gold pairs) and on SYNTHETIC corpora (``corpora/synthetic.py``),
each synthetic run in its own process via ``benchmarks/bench_reuse.py`` so that time and
peak memory are that run's own.

    .venv/bin/python experiments/reuse_window/run.py --dev ../shared/dev \\
        --sizes 1000 10000 --work /tmp/giptext-window --out experiments/reuse_window/results.json

Time and memory are of this machine, read as ratios between rows of one run only.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def dev_rows(dev: Path, windows: list[int]) -> list[dict]:
    """``giptext eval reuse`` figures on the annotated corpus for each window."""
    from giptext.eval.reuse import evaluate
    from giptext.reuse.settings import LSHSettings

    out = []
    for w in windows:
        t = time.process_time()
        s = evaluate(dev, settings=LSHSettings(window=w)).summary
        out.append({"window": w, "rows": s["reported_passages"], "recall_near": s["recall_near"],
                    "recall_verbatim": s["recall_verbatim"], "recall_copy": s["recall_copy"],
                    "recall_direct_copy": s["recall_direct_copy"], "precision_copy": s["precision_copy"],
                    "cpu_s": time.process_time() - t})
        print(f"dev window {w}: {out[-1]}", flush=True)
    return out


def synthetic_rows(sizes: list[int], windows: list[int], work: Path, jobs: int) -> list[dict]:
    """Benchmark-worker figures (wall, CPU, peak RSS, rows, precision, recall) per size and window."""
    from bench_reuse import ensure_corpus, run

    out = []
    for n in sizes:
        corpus = ensure_corpus(work, n, 0)
        for w in windows:
            r = run("giptext", corpus, work, 3600, False, 50, jobs, {"lsh": {"window": w}}, tag=f"_w{w}")
            row = {"reports": n, "window": w, **{k: r.get(k) for k in (
                "status", "wall_s", "cpu_s", "peak_rss_mb", "rows", "precision", "precision_planted",
                "recall_verbatim_near", "false_rows")}}
            out.append(row)
            print(f"synthetic {n} window {w}: {row}", flush=True)
    return out


def to_markdown(dev: list[dict], syn: list[dict]) -> str:
    """Two tables of the measured rows."""
    lines = ["| window | rows | recall near | recall copy | direct | precision copy |", "|---|---|---|---|---|---|"]
    for r in dev:
        lines.append(f"| {r['window']} | {r['rows']:,} | {r['recall_near']:.3f} | {r['recall_copy']:.3f} | "
                     f"{r['recall_direct_copy']:.3f} | {r['precision_copy']:.4f} |")
    lines += ["", "| reports | window | wall s | CPU s | peak MB | rows | precision | recall v+n |",
              "|---|---|---|---|---|---|---|---|"]
    for r in syn:
        if r.get("status") != "ok":
            lines.append(f"| {r['reports']:,} | {r['window']} | {r.get('status')} | | | | | |")
            continue
        lines.append(f"| {r['reports']:,} | {r['window']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['rows']:,} | {r['precision']:.4f} | {r['recall_verbatim_near']:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the study; print and write the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, help="annotated corpus folder (default $GIPTEXT_SHARED/dev or ../shared/dev)")
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic corpus sizes")
    ap.add_argument("--windows", type=int, nargs="+", default=[4, 3, 2])
    ap.add_argument("--work", type=Path, default=Path("/tmp/giptext-window"), help="corpora and outputs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, help="write the figures here (JSON; a .md beside it)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.dev is None:
        from giptext.annotated import shared_dir

        args.dev = shared_dir() / "dev"
    dev = dev_rows(args.dev, args.windows) if args.dev.is_dir() else []
    syn = synthetic_rows(args.sizes, args.windows, args.work, args.jobs)
    md = to_markdown(dev, syn)
    print(md)
    if args.out:
        args.out.write_text(json.dumps({"dev": dev, "synthetic": syn}, indent=1), encoding="utf-8")
        args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
