"""Score how well report files in any format read back: sections, statements, furniture, paragraphs.

Input is a folder of report files (PDF, DOCX, HTML, text) with ``formats_gold.jsonl``: one row per
file, giving the file (``path``, relative to the folder), its ``format`` label, and the gold of the
text it was made from — ``text`` (the source reading text: one paragraph, heading or table row a
line, cells joined by :data:`giptext.report.CELL_SEP`), ``sections`` (``label``, ``span_start``,
``end`` offsets into ``text``), ``statements`` (``text``, ``start``, ``end``), ``line_starts`` and
``furniture`` (strings the file prints outside the text: page numbers, running headers, a web
page's navigation and footer). ``python benchmarks/bench_formats.py --keep DIR`` renders such a
folder (from the repository's ``corpora/render``, which is not part of the package); any file with
a known source text can be scored the same way.

How each figure is computed:

- **Alignment.** The gold text and the read-back text are reduced to their non-white-space
  characters (``str.isspace``: spaces, TAB = CELL_SEP, newlines, U+3000) and the two streams are
  aligned by longest common subsequence (rapidfuzz ``Indel.opcodes``). Every score is counted on
  gold-stream positions; a read character that does not align (furniture, garbled or doubled text)
  counts against precision. White-space, cell-separator and line-break differences never count;
  anything else does.
- **sections**: character F1 — for each label, gold = gold positions in that label's spans (heading
  included), predicted = positions aligned to read characters in read sections of that label
  (unaligned ones are false positives); tp/fp/fn summed over labels, F1 per file, mean over files.
  Text moved *within* its section counts as found: the label's unaligned read characters are
  matched, as a multiset, to its gold characters that nothing aligned to (a merged table cell's
  text, which the gold gives in the cell's first row, may be read where the cell is centred).
  ``sections_narr`` counts only overview / problems / improvements.
- **statements**: ``exact`` — a read statement matches a gold one when the texts are equal after
  removing white space (multiset matching); ``lenient`` — when their aligned positions overlap by
  at least half of the longer (greedy one-to-one). F1 per file, mean over files with gold or read
  statements.
- **furniture**: characters of page furniture in the read narrative sections (white space removed):
  page-number strings (``-N-``, ``第N页``, ``N/M页``) and every ``furniture`` string of at least two
  characters, each counted beyond its occurrences in the gold narrative text.
- **paragraphs**: F1 of line starts — gold positions where a gold line starts, predicted = aligned
  positions where a read line starts (unaligned ones are false positives).

Example::

    >>> rep = evaluate("/tmp/rendered")                        # doctest: +SKIP
    >>> rep.summary["pdf_sections"] >= 0.99                    # doctest: +SKIP
    True
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean
from typing import Any, Iterable

import pandas as pd

from giptext.eval._base import EvalReport

GOLD_FILE = "formats_gold.jsonl"
NARRATIVE = ("overview", "problems", "improvements")
PAGE_NUMBER = re.compile(r"[-－—–]\d{1,3}[-－—–]|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3}页")
METRICS = ("sections", "sections_narr", "stmt_exact", "stmt_lenient", "furniture", "paragraphs")


def stream(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, and for each kept character its offset in ``text``."""
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in pos), pos


def align(gold: str, read: str) -> list[int]:
    """For each character of the white-space-free ``read`` stream, its aligned index in ``gold`` or -1."""
    from rapidfuzz.distance import Indel

    out = [-1] * len(read)
    for op in Indel.opcodes(gold, read):
        if op.tag == "equal":
            out[op.dest_start:op.dest_end] = range(op.src_start, op.src_end)
    return out


def _f1(tp: float, fp: float, fn: float) -> float:
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def _offset_index(text: str, pos: list[int]) -> list[int]:
    """offset -> index of the first stream character at or after it (len(text)+1 entries)."""
    idx = [0] * (len(text) + 1)
    k = 0
    for off in range(len(text) + 1):
        while k < len(pos) and pos[k] < off:
            k += 1
        idx[off] = k
    return idx


class Aligned:
    """A gold row and the text read back from its file, with the map between their streams."""

    def __init__(self, gold: dict[str, Any], read_text: str):
        self.gold, self.text = gold, read_text
        self.src, src_pos = stream(gold["text"])
        self.rd, rd_pos = stream(read_text)
        self.map = align(self.src, self.rd)
        self._src_idx = _offset_index(gold["text"], src_pos)
        self._rd_idx = _offset_index(read_text, rd_pos)

    def gold_range(self, a: int, b: int) -> range:
        """Gold-stream indices of gold-text offsets ``a:b``."""
        return range(self._src_idx[a], self._src_idx[b])

    def read_range(self, a: int, b: int) -> range:
        """Read-stream indices of read-text offsets ``a:b``."""
        return range(self._rd_idx[a], self._rd_idx[b])


def score_sections(d: Aligned, sections, labels: Iterable[str] | None = None) -> float:
    """Character F1 of the read ``sections`` against the gold sections (see the module docstring)."""
    keep = None if labels is None else set(labels)
    gold: dict[str, set[int]] = defaultdict(set)
    for s in d.gold["sections"]:
        gold[s["label"]].update(d.gold_range(s["span_start"], s["end"]))
    pred: dict[str, set[int]] = defaultdict(set)
    extra: dict[str, Counter] = defaultdict(Counter)  # unaligned read characters by label
    for s in sections:
        for k in d.read_range(s.span_start, s.end):
            j = d.map[k]
            if j < 0:
                extra[s.label][d.rd[k]] += 1
            else:
                pred[s.label].add(j)
    aligned = set(j for j in d.map if j >= 0)
    tp = fp = fn = 0
    for lab in set(gold) | set(pred) | set(extra):
        if keep is not None and lab not in keep:
            continue
        g, p = gold.get(lab, set()), pred.get(lab, set())
        # text moved within its section (a merged table cell's text placed in another row, as a
        # reader working from positions may put it) is found, not lost and added: unaligned read
        # characters of the label are matched, as a multiset, to its gold characters nothing aligned to
        lost = Counter(d.src[j] for j in g - aligned)
        moved = sum((lost & extra[lab]).values())
        tp += len(g & p) + moved
        fp += len(p - g) + sum(extra[lab].values()) - moved
        fn += len(g - p) - moved
    return _f1(tp, fp, fn)


def score_statements(d: Aligned, statements) -> dict[str, Any]:
    """``exact`` and ``lenient`` statement F1 and the counts (see the module docstring)."""
    def norm(t: str) -> str:
        return "".join(ch for ch in t if not ch.isspace())

    gold = d.gold["statements"]
    gc = Counter(norm(s["text"]) for s in gold)
    pc = Counter(norm(s.text) for s in statements)
    tp = sum((gc & pc).values())
    exact = _f1(tp, sum(pc.values()) - tp, sum(gc.values()) - tp)
    gsets = [set(d.gold_range(s["start"], s["end"])) for s in gold]
    psets = []
    for s in statements:
        ks = d.read_range(s.start, s.end)
        psets.append({d.map[k] if d.map[k] >= 0 else -1 - k for k in ks})
    used: set[int] = set()
    ltp = 0
    for g in gsets:
        best, bi = 0.0, -1
        for i, p in enumerate(psets):
            if i not in used and g and p:
                ov = len(g & p) / max(len(g), len(p))
                if ov > best:
                    best, bi = ov, i
        if best >= 0.5:
            used.add(bi)
            ltp += 1
    return {"exact": exact, "lenient": _f1(ltp, len(psets) - ltp, len(gsets) - ltp),
            "n_gold": len(gsets), "n_read": len(psets)}


def furniture_chars(d: Aligned, sections, strings: Iterable[str]) -> int:
    """Characters of page furniture in the read narrative sections, beyond what the gold narrative has."""
    def narr(text: str, spans) -> str:
        return "".join(stream(text[a:b])[0] for lab, a, b in spans if lab in NARRATIVE)

    got = narr(d.text, [(s.label, s.span_start, s.end) for s in sections])
    want = narr(d.gold["text"], [(s["label"], s["span_start"], s["end"]) for s in d.gold["sections"]])
    extra = Counter(PAGE_NUMBER.findall(got)) - Counter(PAGE_NUMBER.findall(want))
    n = sum(len(h) * c for h, c in extra.items())
    seen: set[str] = set()
    for s in strings:
        s = stream(s)[0]
        if len(s) < 2 or s in seen or PAGE_NUMBER.fullmatch(s):
            continue
        seen.add(s)
        n += len(s) * max(0, got.count(s) - want.count(s))
    return n


def score_paragraphs(d: Aligned) -> float:
    """F1 of line starts (gold stream) between the gold text and the read text."""
    gold = {d._src_idx[o] for o in d.gold["line_starts"]} - {0, len(d.src)}
    pred: set[int] = set()
    unaligned = 0
    off = 0
    for line in d.text.split("\n")[:-1]:
        off += len(line) + 1
        k = d._rd_idx[off]
        if 0 < k < len(d.rd):
            j = d.map[k]
            if j < 0:
                unaligned += 1
            else:
                pred.add(j)
    tp = len(gold & pred)
    return _f1(tp, len(pred - gold) + unaligned, len(gold - pred))


def score_file(gold: dict[str, Any], report) -> dict[str, Any]:
    """Every figure for one read-back :class:`~giptext.report.Report` against its gold row."""
    from giptext.sections.statements import extract_statements_from

    secs = report.sections
    d = Aligned(gold, report.text)
    st = score_statements(d, extract_statements_from(report.text, secs))
    return {"sections": score_sections(d, secs), "sections_narr": score_sections(d, secs, NARRATIVE),
            "stmt_exact": st["exact"], "stmt_lenient": st["lenient"], "stmt_gold": st["n_gold"],
            "stmt_read": st["n_read"], "furniture": furniture_chars(d, secs, gold.get("furniture", [])),
            "paragraphs": score_paragraphs(d), "read_labels": [s.label for s in secs]}


def summarize(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per format: n, read errors, mean scores (statements over files that have any), furniture
    characters in total and the number of files with any."""
    out: dict[str, dict[str, Any]] = {}
    for fmt in dict.fromkeys(r["format"] for r in rows):
        rs = [r for r in rows if r["format"] == fmt]
        ok = [r for r in rs if "error" not in r]
        with_st = [r for r in ok if r["stmt_gold"] or r["stmt_read"]]
        nan = float("nan")
        out[fmt] = {
            "n": len(rs), "errors": len(rs) - len(ok),
            # an unreadable file scores 0 (it is in the denominator)
            "sections": sum(r["sections"] for r in ok) / len(rs),
            "sections_narr": sum(r["sections_narr"] for r in ok) / len(rs),
            "stmt_exact": mean([r["stmt_exact"] for r in with_st] or [nan]),
            "stmt_lenient": mean([r["stmt_lenient"] for r in with_st] or [nan]),
            "furniture": sum(r["furniture"] for r in ok), "furniture_files": sum(r["furniture"] > 0 for r in ok),
            "paragraphs": sum(r["paragraphs"] for r in ok) / len(rs),
        }
    return out


def load_gold(folder: str | Path) -> list[dict[str, Any]]:
    """The rows of ``folder/formats_gold.jsonl`` (a :class:`~giptext.errors.CorpusError` if missing)."""
    from giptext.errors import CorpusError

    p = Path(folder) / GOLD_FILE
    if not p.is_file():
        raise CorpusError(folder, f"no {GOLD_FILE} (render one with benchmarks/bench_formats.py --keep DIR)")
    rows = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CorpusError(p, f"line {n}: not JSON ({exc.msg})") from None
    return rows


def evaluate(folder: str | Path, *, progress: bool = False) -> EvalReport:
    """Read every file listed in ``folder/formats_gold.jsonl`` and score it; an unreadable file is
    a row with its one-line error (scored 0), and the rest go on."""
    from giptext.errors import ReadError
    from giptext.io import read_report

    folder = Path(folder)
    gold_rows = load_gold(folder)
    try:
        from tqdm import tqdm

        it = tqdm(gold_rows, desc="formats", disable=not progress)
    except ImportError:  # pragma: no cover
        it = gold_rows
    rows: list[dict[str, Any]] = []
    for g in it:
        row: dict[str, Any] = {"id": g.get("id"), "format": g.get("format", "?"), "path": g["path"]}
        c0 = time.process_time()
        try:
            rep = read_report(folder / g["path"])
        except ReadError as exc:
            row["error"] = str(exc)
            rows.append(row)
            continue
        row["read_cpu_s"] = time.process_time() - c0
        row.update(score_file(g, rep))
        rows.append(row)
    summary = {f"{fmt}_{k}": v for fmt, s in summarize(rows).items() for k, v in s.items()}
    details = pd.DataFrame(rows)
    worst = pd.DataFrame()
    if not details.empty and "sections" in details:
        worst = details.dropna(subset=["sections"]).nsmallest(5, "sections")[["id", "format", "sections", "furniture"]]
    return EvalReport("formats", summary, details, worst)


__all__ = ["GOLD_FILE", "Aligned", "align", "evaluate", "furniture_chars", "load_gold", "score_file",
           "score_paragraphs", "score_sections", "score_statements", "stream", "summarize"]
