"""Benchmark: format fidelity — whole reports rendered as PDF / DOCX / HTML / flattened text, read back.

Sources: the five real seed reports (checked gold sections, ``corpora/render/gold_seeds.jsonl``)
and ``--n-synthetic`` SYNTHETIC whole reports from ``corpora/synthetic.py``. Each is rendered in every
format (``corpora/render``), read back with ``giptext.read_report``, split, and scored against the
gold of its source's reading text::

    PYTHONPATH=. .venv/bin/python benchmarks/bench_formats.py [--n-synthetic 20] [--seed 0] \
        [--formats pdf,docx,html,flat1,flat2] [--json out.json] [--keep DIR]

How each figure is computed (``benchmarks/README.md`` repeats this):

- **Alignment.** Source reading text and read-back text are both reduced to their non-white-space
  characters (``str.isspace``: spaces, TAB = CELL_SEP, newlines, U+3000), and the two character
  streams are aligned by longest common subsequence (rapidfuzz ``Indel.opcodes``). Every score is
  computed on source-stream positions; a read character that does not align (furniture, garbled or
  duplicated text) counts against precision. So white-space, cell-separator and line-break
  differences never count, anything else does.
- **sections** char-F1: for every label, gold = source positions in the gold spans with that label
  (heading included), predicted = source positions aligned to read positions in the read sections
  with that label (unaligned ones as false positives); tp/fp/fn summed over labels, F1 per report,
  mean over reports. ``narr`` restricts the labels to overview / problems / improvements.
- **statements** F1: ``exact`` — a read statement matches a gold one when their texts are equal
  after removing white space (multiset matching); ``lenient`` — when their aligned source positions
  overlap by at least half of the longer one (greedy one-to-one). F1 per report, mean over reports
  that have gold or read statements.
- **furniture**: characters of page furniture left in the read narrative sections (overview,
  problems, improvements, white space removed): page-number strings (``-N-``, ``第N页``) and every
  string the renderer printed outside the text (running header, HTML nav / breadcrumbs / share /
  related links / footer), each counted beyond its occurrences in the gold narrative text.
- **paragraphs** F1: gold boundaries = source positions where a reading-text line starts (a paragraph,
  heading or table row), predicted = aligned positions where a read line starts.
- **speed** (PDF): CPU seconds (``time.process_time``) of ``giptext.read_report`` and of plain pypdf
  ``page.extract_text()`` on the same PDFs in the same run, ``--repeat`` times interleaved; pages per
  CPU-second for both and their ratio.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NARRATIVE = ("overview", "problems", "improvements")
_PAGE_NO = re.compile(r"[-－—–]\d{1,3}[-－—–]|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3}页")


def stream(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, and for each kept character its offset in ``text``."""
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in pos), pos


def align(src: str, read: str) -> list[int]:
    """For each character of ``read`` (a white-space-free stream), the aligned index in ``src`` or -1."""
    from rapidfuzz.distance import Indel

    out = [-1] * len(read)
    for op in Indel.opcodes(src, read):
        if op.tag == "equal":
            for k in range(op.dest_end - op.dest_start):
                out[op.dest_start + k] = op.src_start + k
    return out


def _f1(tp: float, fp: float, fn: float) -> float:
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


class _Doc:
    """Gold and read-back text of one rendering, with the maps between their streams."""

    def __init__(self, gold: dict, read_text: str):
        self.gold, self.text = gold, read_text
        self.src, self.src_pos = stream(gold["text"])
        self.rd, self.rd_pos = stream(read_text)
        self.map = align(self.src, self.rd)
        # text offset -> stream index (first non-space at or after the offset)
        self._src_idx = self._index(gold["text"], self.src_pos)
        self._rd_idx = self._index(read_text, self.rd_pos)

    @staticmethod
    def _index(text: str, pos: list[int]) -> list[int]:
        idx = [0] * (len(text) + 1)
        k = 0
        for off in range(len(text) + 1):
            while k < len(pos) and pos[k] < off:
                k += 1
            idx[off] = k
        return idx

    def src_range(self, a: int, b: int) -> range:
        return range(self._src_idx[a], self._src_idx[b])

    def rd_range(self, a: int, b: int) -> range:
        return range(self._rd_idx[a], self._rd_idx[b])


def score_sections(d: _Doc, sections, labels: tuple[str, ...] | None = None) -> dict[str, float]:
    """Char-F1 of the read sections against the gold sections (see the module docstring)."""
    gold: dict[str, set[int]] = defaultdict(set)
    for s in d.gold["sections"]:
        gold[s["label"]].update(d.src_range(s["span_start"], s["end"]))
    pred: dict[str, set[int]] = defaultdict(set)
    extra: Counter = Counter()
    for s in sections:
        for k in d.rd_range(s.span_start, s.end):
            j = d.map[k]
            if j < 0:
                extra[s.label] += 1
            else:
                pred[s.label].add(j)
    tp = fp = fn = 0
    for lab in set(gold) | set(pred) | set(extra):
        if labels is not None and lab not in labels:
            continue
        g, p = gold.get(lab, set()), pred.get(lab, set())
        tp += len(g & p)
        fp += len(p - g) + extra[lab]
        fn += len(g - p)
    return {"f1": _f1(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn}


def score_statements(d: _Doc, statements) -> dict[str, Any]:
    """Exact and lenient statement F1 (see the module docstring)."""
    def norm(t: str) -> str:
        return "".join(ch for ch in t if not ch.isspace())

    gold = d.gold["statements"]
    gc = Counter(norm(s["text"]) for s in gold)
    pc = Counter(norm(s.text) for s in statements)
    tp = sum((gc & pc).values())
    exact = _f1(tp, sum(pc.values()) - tp, sum(gc.values()) - tp)
    gsets = [set(d.src_range(s["start"], s["end"])) for s in gold]
    psets = [{d.map[k] for k in d.rd_range(s.start, s.end) if d.map[k] >= 0} | {-1 - k for k in d.rd_range(s.start, s.end) if d.map[k] < 0}
             for s in statements]
    used: set[int] = set()
    ltp = 0
    for g in gsets:
        best, bi = 0.0, -1
        for i, p in enumerate(psets):
            if i in used or not g or not p:
                continue
            ov = len(g & p) / max(len(g), len(p))
            if ov > best:
                best, bi = ov, i
        if best >= 0.5:
            used.add(bi)
            ltp += 1
    lenient = _f1(ltp, len(psets) - ltp, len(gsets) - ltp)
    return {"exact": exact, "lenient": lenient, "n_gold": len(gold), "n_read": len(statements)}


def furniture_chars(d: _Doc, sections, strings: list[str]) -> int:
    """Characters of page furniture in the read narrative sections, beyond what the gold narrative has."""
    def narr(text: str, spans) -> str:
        return "".join(stream(text[a:b])[0] for lab, a, b in spans if lab in NARRATIVE)

    got = narr(d.text, [(s.label, s.span_start, s.end) for s in sections])
    want = narr(d.gold["text"], [(s["label"], s["span_start"], s["end"]) for s in d.gold["sections"]])
    extra = Counter(_PAGE_NO.findall(got)) - Counter(_PAGE_NO.findall(want))
    n = sum(len(h) * c for h, c in extra.items())
    seen = set()
    for s in strings:
        s = stream(s)[0]
        if len(s) < 2 or s in seen or _PAGE_NO.fullmatch(s):
            continue
        seen.add(s)
        n += len(s) * max(0, got.count(s) - want.count(s))
    return n


def score_paragraphs(d: _Doc) -> dict[str, float]:
    """F1 of line-start positions (source stream) between the gold reading text and the read text."""
    gold = {d._src_idx[o] for o in d.gold["line_starts"]} - {0, len(d.src)}
    pred: set[int] = set()
    fp_extra = 0
    off = 0
    for line in d.text.split("\n")[:-1]:
        off += len(line) + 1
        k = d._rd_idx[off]
        if k >= len(d.rd) or k == 0:
            continue
        j = d.map[k]
        if j < 0:
            fp_extra += 1
        else:
            pred.add(j)
    tp = len(gold & pred)
    return {"f1": _f1(tp, len(pred - gold) + fp_extra, len(gold - pred))}


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


def run(n_synthetic: int, seed: int, formats: tuple[str, ...], out_dir: Path, repeat: int,
        progress: bool = True) -> dict[str, Any]:
    """Render, read back and score; return ``{"formats": {fmt: summary}, "docs": [rows], "speed": …}``."""
    import giptext
    from giptext.errors import ReadError
    from giptext.sections.statements import extract_statements_from
    from corpora.render import render, seed_docs, synthetic_docs

    docs = seed_docs() + (synthetic_docs(n_synthetic, seed=seed) if n_synthetic else [])
    rows: list[dict[str, Any]] = []
    read_cpu: dict[str, float] = defaultdict(float)
    pdf_paths: list[str] = []
    try:
        from tqdm import tqdm
        it = tqdm([(d, f) for d in docs for f in formats], desc="render+read", disable=not progress)
    except ImportError:  # pragma: no cover
        it = [(d, f) for d in docs for f in formats]
    for doc, fmt in it:
        info = render(doc, fmt, out_dir, seed=seed)
        if fmt == "pdf":
            pdf_paths.append(info["path"])
        row: dict[str, Any] = {"id": doc.id, "format": fmt, "synthetic": doc.synthetic, "style": info["style"]}
        c0 = time.process_time()
        try:
            rep = giptext.read_report(info["path"])
        except ReadError as exc:
            row.update(error=str(exc), sections=0.0, sections_narr=0.0, stmt_exact=0.0, stmt_lenient=0.0,
                       furniture=0, paragraphs=0.0)
            rows.append(row)
            continue
        read_cpu[fmt] += time.process_time() - c0
        secs = rep.sections
        stmts = extract_statements_from(rep.text, secs)
        d = _Doc(info["gold"], rep.text)
        st = score_statements(d, stmts)
        row.update(sections=score_sections(d, secs)["f1"], sections_narr=score_sections(d, secs, NARRATIVE)["f1"],
                   stmt_exact=st["exact"], stmt_lenient=st["lenient"], stmt_gold=st["n_gold"], stmt_read=st["n_read"],
                   furniture=furniture_chars(d, secs, info["furniture"]), paragraphs=score_paragraphs(d)["f1"],
                   read_labels=[s.label for s in secs])
        rows.append(row)
    summary: dict[str, Any] = {}
    for fmt in formats:
        rs = [r for r in rows if r["format"] == fmt]
        with_st = [r for r in rs if r.get("stmt_gold", 0) or r.get("stmt_read", 0)]
        summary[fmt] = {
            "n": len(rs), "errors": sum("error" in r for r in rs),
            "sections": mean(r["sections"] for r in rs), "sections_narr": mean(r["sections_narr"] for r in rs),
            "sections_seeds": mean([r["sections"] for r in rs if not r["synthetic"]] or [float("nan")]),
            "sections_synthetic": mean([r["sections"] for r in rs if r["synthetic"]] or [float("nan")]),
            "stmt_exact": mean([r["stmt_exact"] for r in with_st] or [float("nan")]),
            "stmt_lenient": mean([r["stmt_lenient"] for r in with_st] or [float("nan")]),
            "furniture": sum(r["furniture"] for r in rs), "furniture_docs": sum(r["furniture"] > 0 for r in rs),
            "paragraphs": mean(r["paragraphs"] for r in rs), "read_cpu_s": read_cpu[fmt],
        }
    speed = pdf_speed(pdf_paths, repeat) if pdf_paths and repeat > 0 else None
    return {"n_seeds": sum(not d.synthetic for d in docs), "n_synthetic": sum(d.synthetic for d in docs),
            "seed": seed, "formats": summary, "speed": speed, "docs": rows}


def markdown(res: dict[str, Any]) -> str:
    """The summary as a markdown table (and the PDF speed line)."""
    lines = [f"{res['n_seeds']} seeds + {res['n_synthetic']} SYNTHETIC reports, seed {res['seed']}", "",
             "| format | n | read errors | sections F1 | narrative F1 | seeds / synthetic | statements exact | "
             "lenient | furniture chars (docs) | paragraph F1 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for fmt, s in res["formats"].items():
        lines.append(f"| {fmt} | {s['n']} | {s['errors']} | {s['sections']:.3f} | {s['sections_narr']:.3f} | "
                     f"{s['sections_seeds']:.3f} / {s['sections_synthetic']:.3f} | {s['stmt_exact']:.3f} | "
                     f"{s['stmt_lenient']:.3f} | {s['furniture']} ({s['furniture_docs']}) | {s['paragraphs']:.3f} |")
    sp = res.get("speed")
    if sp:
        lines += ["", f"PDF reading: giptext {sp['giptext_pages_per_cpu_s']:.1f} pages/CPU-s, plain pypdf "
                      f"{sp['pypdf_pages_per_cpu_s']:.1f} pages/CPU-s on the same {sp['pages']} pages "
                      f"(×{sp['repeat']}): cost ratio {sp['cost_ratio']:.2f}× (goal ≤ 2×)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-synthetic", type=int, default=20, help="SYNTHETIC whole reports besides the 5 seeds")
    ap.add_argument("--seed", type=int, default=0, help="seed for the synthetic reports and layout choices")
    ap.add_argument("--formats", default="pdf,docx,html,flat1,flat2", help="comma-separated formats")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the PDFs for the speed ratio (0: skip)")
    ap.add_argument("--json", help="write the full result (summary + per-document rows) here")
    ap.add_argument("--keep", help="render into this folder and keep the files (default: a temp folder)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
        res = run(args.n_synthetic, args.seed, formats, out, args.repeat, not args.quiet)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            res = run(args.n_synthetic, args.seed, formats, Path(tmp), args.repeat, not args.quiet)
    print(markdown(res))
    if args.json:
        p = Path(args.json)
        tmp_p = p.with_name(p.name + ".part")
        tmp_p.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp_p.replace(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
