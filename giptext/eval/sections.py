"""Score the section splitter on an annotated corpus (``gold_sections.jsonl``).

Metric: per document, character-level F1 between the predicted and the gold span of the
**overview** and of the **problems** section, counting only non-space characters and
comparing *positions* (a character counts once, where it is, not by identity).

How gold spans are formed
- Gold texts are exact substrings of the doc; each is located after its heading
  (``overview_start`` / ``problems_heading``) so a repeated phrase cannot be matched in
  the wrong place.
- ``overview_text`` null with ``overview_start`` given means the overview runs past the
  excerpt: the gold overview is then everything after the ``overview_start`` line to the
  end of the document, minus trailing chrome as cut by
  :func:`giptext.sections.tables.trailing_chrome_start` (signature, date, share
  buttons). This shares one rule with the splitter, so on such documents the score
  measures the start boundary and the absence of a premature end.
- ``problems_text`` covers both halves where problems and improvements are two
  numbered sections, so the predicted problems span is the ``problems`` section plus an
  ``improvements`` section that follows it (or the ``improvements`` section alone when
  the report has only that, e.g. ``五、下一步工作计划``).

Absent sections: where gold has no overview (no ``overview_start``) or no problems
(``problems_text`` null), the document scores 1 if the prediction is empty and 0 if not.
An empty but present gold section (an excerpt that ends right after the heading) is
scored the same way. ``*_f1_mean`` averages over every document with these rules;
``*_f1_mean_present`` only over documents where gold has the section (the harder,
more informative number); ``*_false_pos`` is the share of absent-section documents
where something was predicted.

Statements: where ``gold_themes.jsonl`` exists, extracted statements are matched to the
gold statement texts (see :func:`score_statements`: loose/strict recall at 80 % overlap,
kind agreement).

Example (not run as a doctest: it reads ``../shared/dev``, which is not in the repository)::

    >>> rep = evaluate("../shared/dev")           # doctest: +SKIP
    >>> round(rep.summary["overview_f1_mean_present"], 3)   # doctest: +SKIP
    0.99
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from giptext.annotated import load_annotated
from giptext.eval._base import EvalReport
from giptext.report import Section
from giptext.sections import split_sections
from giptext.sections.tables import trailing_chrome_start

_NONSPACE = re.compile(r"\S")


def _positions(text: str, a: int, b: int) -> set[int]:
    return {a + m.start() for m in _NONSPACE.finditer(text[a:b])}


def char_f1(text: str, pred: tuple[int, int] | None, gold: tuple[int, int] | None) -> float:
    """Position-level F1 over non-space characters (absent/empty sides: 1 if both empty, else 0)."""
    p = _positions(text, *pred) if pred else set()
    g = _positions(text, *gold) if gold else set()
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    tp = len(p & g)
    if tp == 0:
        return 0.0
    prec, rec = tp / len(p), tp / len(g)
    return 2 * prec * rec / (prec + rec)


def _locate(text: str, needle: str | None, after: int = 0) -> tuple[int, int] | None:
    if needle is None:
        return None
    if needle == "":
        return (after, after)
    i = text.find(needle, after)
    if i < 0:
        i = text.find(needle)
    return None if i < 0 else (i, i + len(needle))


def _heading_end(text: str, heading: str | None) -> int:
    if not heading:
        return 0
    i = text.find(heading)
    return 0 if i < 0 else i + len(heading)


def gold_spans(text: str, row: dict | None) -> dict[str, tuple[int, int] | None]:
    """Gold (start, end) of overview and problems in ``text`` (``None`` when absent)."""
    out: dict[str, tuple[int, int] | None] = {"overview": None, "problems": None}
    if not row:
        return out
    ov_start = row.get("overview_start")
    if _present(ov_start):
        h_end = _heading_end(text, ov_start)
        ov_text = row.get("overview_text")
        if _present(ov_text):
            out["overview"] = _locate(text, ov_text, h_end)
        else:
            # Overview runs past the excerpt: rest of the text after the heading line.
            out["overview"] = (h_end, trailing_chrome_start(text, h_end, len(text)))
    p_text = row.get("problems_text")
    if p_text is not None and not (isinstance(p_text, float) and math.isnan(p_text)):
        out["problems"] = _locate(text, p_text.strip(), _heading_end(text, _str(row.get("problems_heading"))))
    return out


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _str(v) -> str | None:
    return v if isinstance(v, str) else None


def predicted_spans(sections: list[Section]) -> dict[str, tuple[int, int] | None]:
    """Predicted overview span and problems span (problems + a following improvements section)."""
    ov = next((s for s in sections if s.label == "overview"), None)
    pr = next((s for s in sections if s.label == "problems"), None)
    im = next((s for s in sections if s.label == "improvements"), None)
    out: dict[str, tuple[int, int] | None] = {"overview": (ov.start, ov.end) if ov else None, "problems": None}
    if pr is not None:
        end = pr.end
        for s in sections:
            if s.span_start == end and s.label == "improvements":
                end = s.end
        out["problems"] = (pr.start, end)
    elif im is not None:
        end = im.end
        for s in sections:
            if s.span_start == end and s.label == "improvements":
                end = s.end
        out["problems"] = (im.start, end)
    return out


def score_corpus(corpus_dir: str | Path, ids: list[str] | None = None) -> pd.DataFrame:
    """One row per document: gold/predicted presence and char-F1 of overview and problems."""
    ac = load_annotated(corpus_dir)
    gold = {}
    if not ac.sections.empty:
        gold = {r["id"]: r for r in ac.sections.to_dict("records")}
    rows = []
    for doc_id, text in ac.docs.items():
        if ids is not None and doc_id not in ids:
            continue
        g = gold_spans(text, gold.get(doc_id))
        p = predicted_spans(split_sections(text))
        row = {"id": doc_id}
        for name in ("overview", "problems"):
            row[f"{name}_gold"] = g[name] is not None
            row[f"{name}_pred"] = p[name] is not None and bool(text[p[name][0] : p[name][1]].strip())
            gs = g[name]
            gp = p[name]
            row[f"{name}_f1"] = char_f1(text, gp, gs)
        rows.append(row)
    return pd.DataFrame(rows)


def summarize(df: pd.DataFrame, name: str = "sections") -> EvalReport:
    """Summary metrics and worst documents of a :func:`score_corpus` table."""
    summary: dict[str, float | int] = {"documents": int(len(df))}
    for part in ("overview", "problems"):
        f1 = df[f"{part}_f1"]
        present = df[f"{part}_gold"]
        summary[f"{part}_f1_mean"] = float(f1.mean()) if len(df) else float("nan")
        summary[f"{part}_f1_mean_present"] = float(f1[present].mean()) if present.any() else float("nan")
        summary[f"{part}_share_ge_0.99"] = float((f1 >= 0.99).mean()) if len(df) else float("nan")
        summary[f"{part}_present_docs"] = int(present.sum())
        absent = ~present
        summary[f"{part}_false_pos"] = float(df.loc[absent, f"{part}_pred"].mean()) if absent.any() else 0.0
    df = df.assign(worst_f1=df[["overview_f1", "problems_f1"]].min(axis=1))
    worst = df.sort_values(["worst_f1", "id"]).head(10)[["id", "overview_f1", "problems_f1"]]
    worst = worst[(worst["overview_f1"] < 0.99) | (worst["problems_f1"] < 0.99)]
    return EvalReport(name, summary, details=df, worst=worst.round(3).reset_index(drop=True))


def score_statements(corpus_dir: str | Path) -> dict[str, float]:
    """How well extracted statements match ``gold_themes.jsonl`` statement texts.

    For each gold statement, the extracted statement of the same document that overlaps it
    most (in characters) is taken. ``statements_recall_loose``: share of gold statements
    ≥ 80 % covered by that one statement; ``statements_recall_strict``: share where the
    overlap is also ≥ 80 % of the extracted statement (same item, same granularity);
    ``statements_kind_agree``: share where its kind (problem/improvement) matches.
    Empty dict when the corpus has no gold statements.
    """
    from giptext.report import Report

    ac = load_annotated(corpus_dir)
    if ac.themes.empty:
        return {}
    n = loose = strict = kind = 0
    for doc_id, rows in ac.themes.groupby("id"):
        text = ac.docs.get(doc_id)
        if text is None:
            continue
        st = Report(doc_id, text).statements()
        for g in rows.to_dict("records"):
            a = text.find(g["text"])
            if a < 0:
                continue
            b = a + len(g["text"])
            n += 1
            best, ov = None, 0
            for s in st:
                o = min(b, s.end) - max(a, s.start)
                if o > ov:
                    best, ov = s, o
            if best is None:
                continue
            if ov >= 0.8 * (b - a):
                loose += 1
                if ov >= 0.8 * (best.end - best.start):
                    strict += 1
            kind += best.kind == g["kind"]
    if n == 0:
        return {}
    return {
        "statements_gold": n,
        "statements_recall_loose": loose / n,
        "statements_recall_strict": strict / n,
        "statements_kind_agree": kind / n,
    }


def evaluate(corpus_dir: str | Path) -> EvalReport:
    """Score :func:`giptext.sections.split_sections` against ``gold_sections.jsonl`` of ``corpus_dir``.

    Statement extraction is scored too when ``gold_themes.jsonl`` is present
    (:func:`score_statements`).
    """
    rep = summarize(score_corpus(corpus_dir))
    rep.summary.update(score_statements(corpus_dir))
    return rep


__all__ = ["evaluate", "score_corpus", "score_statements", "summarize", "char_f1", "gold_spans", "predicted_spans"]
