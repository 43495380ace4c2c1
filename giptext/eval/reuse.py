"""Score the reuse engine on an annotated corpus (``gold_reuse.jsonl``).

* **Recall** by kind: a gold pair is recalled when the engine links its two spans:
  directly (a reported passage between the two documents covers at least ``cover`` of
  each gold span's characters) or through a common source (passages from both documents
  to the same third report, whose spans there overlap) — the engine lists a passage
  that hundreds of reports share against its earliest occurrence, not all pairs.
  ``recall_direct_*`` counts direct links only.
* **Precision**: the share of reported copy passages (verbatim/near) that truly are
  similar: Indel similarity (rapidfuzz ``fuzz.ratio``/100) ≥ ``similar_bar`` between the
  two reported spans as written — only white space and pinyin glosses (區(qū)) removed and
  the script folded to Simplified; punctuation, digits and other letters kept. This is a different measure from
  the engine's own (Levenshtein on the punctuation-free view), so it is a check, not an echo.

Gold pairs may sit anywhere in a document (preamble too), so detection runs with
``sections="all"``. When it runs on some sections only, gold pairs outside them cannot be
found: each gold pair is marked ``in_scope`` (both spans at least ``cover`` inside the
compared sections, as the splitter finds them) and ``recall_*_in_scope`` counts those only.
Many dev copy pairs lie outside overview/problems/improvements (the preamble, the tables), so
``recall_copy`` with ``sections=NARRATIVE`` is not comparable with the ``"all"`` figure; the
in-scope figure is.

Example (not run as a doctest: it reads ``../shared/dev``, which is not in the repository)::

    >>> rep = evaluate("../shared/dev")          # doctest: +SKIP
    >>> rep.summary["recall_copy"]               # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from giptext.annotated import load_annotated
from giptext.eval._base import EvalReport

SIMILAR_BAR = 0.6
COVER = 0.5


def _cover(ps: int, pe: int, gs: int, ge: int) -> float:
    return max(0, min(pe, ge) - max(ps, gs)) / max(1, ge - gs)


def _sides(passages: pd.DataFrame) -> pd.DataFrame:
    """Both orientations of every passage: (doc, start, end, other, ostart, oend, row)."""
    p = passages
    a = pd.DataFrame({"doc": p.doc_a, "s": p.start_a, "e": p.end_a, "other": p.doc_b,
                      "os": p.start_b, "oe": p.end_b, "kind": p.kind, "row": p.index})
    b = pd.DataFrame({"doc": p.doc_b, "s": p.start_b, "e": p.end_b, "other": p.doc_a,
                      "os": p.start_a, "oe": p.end_a, "kind": p.kind, "row": p.index})
    return pd.concat([a, b], ignore_index=True)


def match_gold(gold: pd.DataFrame, docs: dict[str, str], passages: pd.DataFrame, cover: float = COVER) -> pd.DataFrame:
    """One row per gold pair: its spans and whether it is recalled (direct / via a common source)."""
    sides = _sides(passages) if len(passages) else pd.DataFrame(columns=["doc", "s", "e", "other", "os", "oe", "kind", "row"])
    by_doc = {k: g for k, g in sides.groupby("doc")} if len(sides) else {}
    out = []
    for g in gold.to_dict("records"):
        ta, tb = docs[g["doc_a"]], docs[g["doc_b"]]
        ga, gb = ta.find(g["text_a"]), tb.find(g["text_b"])
        spans = ((ga, ga + len(g["text_a"])), (gb, gb + len(g["text_b"])))
        hits_a = _hits(by_doc.get(g["doc_a"]), *spans[0], cover)
        hits_b = _hits(by_doc.get(g["doc_b"]), *spans[1], cover)
        direct = any(
            h["other"] == g["doc_b"] and _cover(h["os"], h["oe"], *spans[1]) >= cover for h in hits_a
        )
        via = direct
        if not via:
            for h in hits_a:
                for k in hits_b:
                    if h["other"] == k["other"] and h["other"] not in (g["doc_a"], g["doc_b"]):
                        inter = min(h["oe"], k["oe"]) - max(h["os"], k["os"])
                        if inter >= 0.5 * min(h["oe"] - h["os"], k["oe"] - k["os"]):
                            via = True
                            break
                if via:
                    break
        kinds = sorted({h["kind"] for h in hits_a if h["other"] == g["doc_b"]})
        out.append({
            "doc_a": g["doc_a"], "doc_b": g["doc_b"], "kind": g["kind"], "found_a": ga >= 0, "found_b": gb >= 0,
            "direct": bool(direct), "recalled": bool(via), "reported_kinds": ",".join(kinds),
            "text_a": g["text_a"][:40], "text_b": g["text_b"][:40],
        })
    return pd.DataFrame(out)


def _hits(side: pd.DataFrame | None, gs: int, ge: int, cover: float) -> list[dict[str, Any]]:
    if side is None or gs < 0:
        return []
    s, e = side["s"].to_numpy(), side["e"].to_numpy()
    inter = np.minimum(e, ge) - np.maximum(s, gs)
    ok = inter >= cover * max(1, ge - gs)
    return side[ok].to_dict("records")


def truly_similar(passages: pd.DataFrame, bar: float = SIMILAR_BAR) -> np.ndarray:
    """Independent check of reported passages: Indel similarity of the spans as written
    (white space and pinyin glosses dropped, Simplified script), punctuation and figures
    included. A gloss (區(qū)委) annotates the character before it; left in, it made a
    Traditional mirror of a passage look unlike its Simplified original."""
    from rapidfuzz import fuzz

    from giptext.textnorm import drop_pinyin_glosses, to_simplified

    def raw(t: str) -> str:
        return to_simplified("".join(drop_pinyin_glosses(t).split()))

    sims = np.array([fuzz.ratio(raw(a), raw(b)) / 100.0 for a, b in zip(passages.text_a, passages.text_b)])
    return sims >= bar if len(sims) else np.zeros(0, dtype=bool)


def evaluate(corpus_dir: str | Path, sections: Any = "all", similar_bar: float = SIMILAR_BAR,
             cover: float = COVER, **detect_options: Any) -> EvalReport:
    """Recall of ``gold_reuse.jsonl`` by kind and precision of reported copy passages.

    ``detect_options`` are passed to :func:`giptext.reuse.detect` (e.g. ``paraphrase=True``).
    """
    from giptext.reuse import detect

    ac = load_annotated(corpus_dir)
    res = detect(ac, sections=sections, **detect_options)
    return score_result(ac, res, similar_bar, cover)


def in_scope(gold: pd.DataFrame, docs: dict[str, str], sections: Any, cover: float = COVER) -> np.ndarray:
    """For each gold pair: are both spans at least ``cover`` inside the compared ``sections``
    (``"all"``/``None``: everything is)? Sections are found by the splitter, as detect() does."""
    if sections is None or sections == "all" or not len(gold):
        return np.ones(len(gold), dtype=bool)
    from giptext.report import Report

    wanted = {sections} if isinstance(sections, str) else set(sections)
    if "problems" in wanted:
        wanted.add("improvements")  # detect() compares improvements with problems
    spans: dict[str, list[tuple[int, int]]] = {}

    def inside(d: str, text: str) -> bool:
        if d not in spans:
            spans[d] = [(s.start, s.end) for s in Report(id=d, text=docs[d]).sections if s.label in wanted]
        g = docs[d].find(text)
        if g < 0:
            return False
        return sum(max(0, min(e, g + len(text)) - max(s, g)) for s, e in spans[d]) >= cover * max(1, len(text))

    return np.array([inside(r["doc_a"], r["text_a"]) and inside(r["doc_b"], r["text_b"])
                     for r in gold.to_dict("records")], dtype=bool)


def score_result(ac, res, similar_bar: float = SIMILAR_BAR, cover: float = COVER) -> EvalReport:
    """Score a :class:`~giptext.reuse.ReuseResult` against an annotated corpus's gold pairs."""
    gold = ac.reuse
    p = res.passages
    copy_p = p[p["kind"].isin(["verbatim", "near"])] if len(p) else p
    det = pd.DataFrame()
    if len(gold):
        # copy gold pairs are matched against copy passages only; paraphrase gold against all
        is_copy = gold["kind"].isin(["verbatim", "near"])
        parts = [match_gold(gold[is_copy], ac.docs, copy_p, cover) if is_copy.any() else None,
                 match_gold(gold[~is_copy], ac.docs, p, cover) if (~is_copy).any() else None]
        det = pd.concat([x for x in parts if x is not None], ignore_index=True)
        # the same order as ``parts``: copy gold first, then the rest
        ordered = pd.concat([gold[is_copy], gold[~is_copy]], ignore_index=True)
        det["in_scope"] = in_scope(ordered, ac.docs, (res.params or {}).get("sections", "all"), cover)
    summary: dict[str, Any] = {"gold_pairs": int(len(det)), "reported_passages": int(len(p))}
    if len(det):
        copy = det["kind"].isin(["verbatim", "near"])
        summary["recall_copy"] = float(det.loc[copy, "recalled"].mean()) if copy.any() else float("nan")
        summary["recall_direct_copy"] = float(det.loc[copy, "direct"].mean()) if copy.any() else float("nan")
        for k in ("verbatim", "near", "paraphrase"):
            m = det["kind"] == k
            summary[f"recall_{k}"] = float(det.loc[m, "recalled"].mean()) if m.any() else float("nan")
        if not det["in_scope"].all():
            sc = det["in_scope"]
            summary["gold_in_scope"] = int(sc.sum())
            summary["recall_copy_in_scope"] = float(det.loc[copy & sc, "recalled"].mean()) if (copy & sc).any() else float("nan")
            for k in ("verbatim", "near", "paraphrase"):
                m = (det["kind"] == k) & sc
                summary[f"recall_{k}_in_scope"] = float(det.loc[m, "recalled"].mean()) if m.any() else float("nan")
    ok = truly_similar(copy_p, similar_bar)
    summary["precision_copy"] = float(ok.mean()) if len(ok) else float("nan")
    summary["similar_bar"] = similar_bar
    if len(p) and "paraphrase" in set(p["kind"]):
        summary["paraphrase_passages"] = int((p["kind"] == "paraphrase").sum())
    summary["families"] = int(len(res.families))
    # misses the engine could have found (inside the compared sections) first
    worst = det[~det["recalled"]].sort_values("in_scope", ascending=False, kind="stable") if len(det) else det
    return EvalReport("reuse", summary, details=det, worst=worst.head(15))


__all__ = ["evaluate", "score_result", "match_gold", "in_scope", "truly_similar", "SIMILAR_BAR", "COVER"]
