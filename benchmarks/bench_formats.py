"""Benchmark: format fidelity — whole reports rendered as PDF / DOCX / HTML / flattened text, read back.

Sources: the five real seed reports (checked gold sections, ``corpora/render/gold_seeds.jsonl``)
and ``--n-synthetic`` SYNTHETIC whole reports from ``corpora/synthetic.py``. Each is rendered in every
format (``corpora/render``), read back with ``giptext.read_report``, split, and scored against the
gold of its source's reading text::

    PYTHONPATH=. .venv/bin/python benchmarks/bench_formats.py [--n-synthetic 20] [--seed 0] \
        [--formats pdf,docx,html,flat1,flat2] [--json out.json] [--keep DIR]

The scores are those of ``giptext eval formats`` (:mod:`giptext.eval.formats`, whose docstring
says exactly how each is computed): the benchmark renders the files and their gold
(``formats_gold.jsonl``) into a folder and runs that evaluation on it, so ``--keep DIR`` leaves a
folder that ``giptext eval formats DIR`` scores identically.

**Speed** (PDF): CPU seconds (``time.process_time``) of ``giptext.read_report`` and of plain pypdf
``page.extract_text()`` on the same PDFs in the same run, ``--repeat`` passes, interleaved file by
file; pages per CPU-second for both and the cost ratio.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pdf_speed(paths: list[str], repeat: int) -> dict[str, float]:
    """CPU seconds of giptext.read_report and of plain pypdf extraction on the same PDFs (interleaved)."""
    import giptext
    from pypdf import PdfReader

    pages = sum(len(PdfReader(p).pages) for p in paths)
    t_g = t_p = 0.0
    for _ in range(repeat):
        for p in paths:
            c0 = time.process_time()
            giptext.read_report(p)
            c1 = time.process_time()
            _ = [pg.extract_text() for pg in PdfReader(p).pages]
            c2 = time.process_time()
            t_g += c1 - c0
            t_p += c2 - c1
    n = pages * repeat
    return {"pages": pages, "repeat": repeat, "giptext_cpu_s": t_g, "pypdf_cpu_s": t_p,
            "giptext_pages_per_cpu_s": n / t_g if t_g else float("nan"),
            "pypdf_pages_per_cpu_s": n / t_p if t_p else float("nan"),
            "cost_ratio": t_g / t_p if t_p else float("nan")}


def render_folder(n_synthetic: int, seed: int, formats: tuple[str, ...], out_dir: Path,
                  progress: bool = True, template_share: float | None = 0.5) -> list[dict[str, Any]]:
    """Render the seeds and ``n_synthetic`` SYNTHETIC reports in every format into ``out_dir`` and
    write ``formats_gold.jsonl`` there (atomically); return its rows."""
    from giptext.eval.formats import GOLD_FILE
    from corpora.render import render, seed_docs, synthetic_docs

    docs = seed_docs() + (synthetic_docs(n_synthetic, seed=seed, template_share=template_share)
                          if n_synthetic else [])
    pairs = [(d, f) for d in docs for f in formats]
    try:
        from tqdm import tqdm

        pairs = tqdm(pairs, desc="render", disable=not progress)
    except ImportError:  # pragma: no cover
        pass
    rows = []
    for doc, fmt in pairs:
        info = render(doc, fmt, out_dir, seed=seed)
        g = info["gold"]
        rows.append({"path": str(Path(info["path"]).relative_to(out_dir)), "format": fmt, "id": doc.id,
                     "synthetic": doc.synthetic, "origin": doc.origin, "style": info["style"],
                     "pages": info.get("pages"), "furniture": info["furniture"], "text": g["text"],
                     "sections": g["sections"], "statements": g["statements"], "line_starts": g["line_starts"]})
    p = out_dir / GOLD_FILE
    tmp = p.with_name(p.name + ".part")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(p)
    return rows


def run(n_synthetic: int, seed: int, formats: tuple[str, ...], out_dir: Path, repeat: int,
        progress: bool = True, template_share: float | None = 0.5) -> dict[str, Any]:
    """Render, evaluate (``giptext.eval.formats``), time; return summary, per-file rows and speed."""
    from giptext.eval.formats import evaluate, summarize

    gold_rows = render_folder(n_synthetic, seed, formats, out_dir, progress, template_share)
    rep = evaluate(out_dir, progress=progress)
    rows = rep.details.to_dict("records")
    syn = {(r["id"], r["format"]): r["synthetic"] for r in gold_rows}
    for r in rows:
        r["synthetic"] = syn[(r["id"], r["format"])]
    summary = summarize(rows)
    nan = float("nan")
    for fmt, s in summary.items():
        rs = [r for r in rows if r["format"] == fmt and "error" not in r]
        s["sections_seeds"] = mean([r["sections"] for r in rs if not r["synthetic"]] or [nan])
        s["sections_synthetic"] = mean([r["sections"] for r in rs if r["synthetic"]] or [nan])
        s["read_cpu_s"] = sum(r.get("read_cpu_s") or 0.0 for r in rs)
    pdfs = [str(out_dir / r["path"]) for r in gold_rows if r["format"] == "pdf"]
    speed = pdf_speed(pdfs, repeat) if pdfs and repeat > 0 else None
    clean = [{k: v for k, v in r.items() if not (isinstance(v, float) and v != v)} for r in rows]
    n_tables = sum(1 for r in gold_rows if "\t" in r["text"]) // max(1, len(formats))
    return {"n_tables": n_tables,
            "n_seeds": sum(1 for r in gold_rows if not r["synthetic"]) // max(1, len(formats)),
            "n_synthetic": sum(1 for r in gold_rows if r["synthetic"]) // max(1, len(formats)),
            "seed": seed, "formats": summary, "speed": speed, "docs": clean}


def markdown(res: dict[str, Any]) -> str:
    """The summary as a markdown table (and the PDF speed line)."""
    lines = [f"{res['n_seeds']} seeds + {res['n_synthetic']} SYNTHETIC reports ({res['n_tables']} with the 2019 "
             f"tables), seed {res['seed']}", "",
             "| format | n | read errors | sections F1 | narrative F1 | seeds / synthetic | statements exact | "
             "lenient | furniture chars (files) | paragraph F1 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for fmt, s in res["formats"].items():
        lines.append(f"| {fmt} | {s['n']} | {s['errors']} | {s['sections']:.3f} | {s['sections_narr']:.3f} | "
                     f"{s['sections_seeds']:.3f} / {s['sections_synthetic']:.3f} | {s['stmt_exact']:.3f} | "
                     f"{s['stmt_lenient']:.3f} | {s['furniture']} ({s['furniture_files']}) | {s['paragraphs']:.3f} |")
    sp = res.get("speed")
    if sp:
        lines += ["", f"PDF reading: giptext {sp['giptext_pages_per_cpu_s']:.1f} pages/CPU-s, plain pypdf "
                      f"{sp['pypdf_pages_per_cpu_s']:.1f} pages/CPU-s on the same {sp['pages']} pages "
                      f"(x{sp['repeat']}): cost ratio {sp['cost_ratio']:.2f}x (goal <= 2x)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-synthetic", type=int, default=20, help="SYNTHETIC whole reports besides the 5 seeds")
    ap.add_argument("--seed", type=int, default=0, help="seed for the synthetic reports and layout choices")
    ap.add_argument("--formats", default="pdf,docx,html,flat1,flat2", help="comma-separated formats")
    ap.add_argument("--template-share", type=float, default=0.5,
                    help="share of the synthetic reports in the 2019 format (with the statistics tables); "
                         "-1: the generator's own mix")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the PDFs for the speed ratio (0: skip)")
    ap.add_argument("--json", help="write the full result (summary + per-file rows) here")
    ap.add_argument("--keep", help="render into this folder and keep it (files + formats_gold.jsonl)")
    ap.add_argument("--quiet", action="store_true", help="no progress bars")
    args = ap.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    share = None if args.template_share < 0 else args.template_share
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
        res = run(args.n_synthetic, args.seed, formats, out, args.repeat, not args.quiet, share)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            res = run(args.n_synthetic, args.seed, formats, Path(tmp), args.repeat, not args.quiet, share)
    print(markdown(res))
    if args.json:
        p = Path(args.json)
        tmp_p = p.with_name(p.name + ".part")
        tmp_p.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp_p.replace(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
