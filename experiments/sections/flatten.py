"""Sections and statements on text that lost its line breaks (crawled pages, copied pages).

    .venv/bin/python experiments/sections/flatten.py [--out DIR|-]     # flatten_results.md / .json

Every document with gold (the five seeds, hand-checked offsets in ``seeds_expected.json``; the dev
documents of ``gold_sections.jsonl``) is flattened three ways, each line stripped of its blanks
and blank lines dropped first (a crawler's ``element.text`` keeps no indentation):

- ``nothing``: lines joined with nothing (`…总计000000 五、…` becomes `…总计000000五、…`);
- ``space``: lines joined with one space;
- ``two_lines``: joined with one space, except the line break nearest the middle of the text,
  which stays (a page saved as two lines: navigation + body, or a body cut once);
- ``wrap28`` (the opposite case, for statements): every line cut into lines of 28 characters,
  as plain text copied from a PDF keeps them; nothing is stripped.

Gold spans (overview body, problems body) and gold statements are carried through the
flattening character by character, and the splitter is scored on the flattened text with the
same char-F1 (non-space characters, by position) as ``giptext eval sections``. Each
document's flattened score is set beside its score on the unflattened text: the goal is
≥ 0.99 wherever the unflattened text scores ≥ 0.99. Statements: loose/strict recall of the
gold statements (dev ``gold_themes.jsonl``; seeds' expected statements) as in
:func:`giptext.eval.sections.score_statements`.

No corpus text is stored: the data are read from ``../shared`` at run time.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # (seeds_check, beside this script)
MODES = ("nothing", "space", "two_lines", "wrap28")


def wrap(text: str, width: int = 28) -> tuple[str, list[int]]:
    """``(wrapped, pos)``: every line longer than ``width`` cut into lines of ``width`` characters
    (plain text copied from a PDF: about 28 characters a line on A4), ``pos`` as in :func:`flatten`."""
    out: list[str] = []
    pos = [-1] * len(text)
    n = 0
    p = 0
    for k, ln in enumerate(text.split("\n")):
        if k:
            out.append("\n")
            n += 1
        for i in range(0, max(len(ln), 1), width):
            piece = ln[i : i + width]
            if i:
                out.append("\n")
                n += 1
            for j in range(len(piece)):
                pos[p + i + j] = n + j
            out.append(piece)
            n += len(piece)
        p += len(ln) + 1
    return "".join(out), pos


def flatten(text: str, mode: str) -> tuple[str, list[int]]:
    """``(flat, pos)``: the flattened text and, for every character of ``text``, its offset in
    ``flat`` (-1 where it was dropped: line breaks and the blanks around them)."""
    if mode == "wrap28":
        return wrap(text)
    lines = text.split("\n")
    starts = []
    p = 0
    for ln in lines:
        starts.append(p)
        p += len(ln) + 1
    kept = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
    keep_break = -1
    if mode == "two_lines" and len(kept) > 1:
        half = len(text) // 2
        keep_break = min(range(1, len(kept)), key=lambda k: abs(starts[kept[k][0]] - half))
    pos = [-1] * len(text)
    out: list[str] = []
    n = 0
    for k, (i, ln) in enumerate(kept):
        if k:
            sep = "\n" if k == keep_break else ("" if mode == "nothing" else " ")
            out.append(sep)
            n += len(sep)
        a = len(ln) - len(ln.lstrip())
        b = len(ln.rstrip())
        for j in range(a, b):
            pos[starts[i] + j] = n + j - a
        out.append(ln[a:b])
        n += b - a
    return "".join(out), pos


def map_span(pos: list[int], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A span of the original text as a span of the flattened one (its kept characters)."""
    if span is None:
        return None
    a, b = span
    kept = [pos[i] for i in range(a, b) if pos[i] >= 0]
    if not kept:
        return (max(0, next((pos[i] for i in range(a, len(pos)) if pos[i] >= 0), 0)),) * 2
    return kept[0], kept[-1] + 1


def load() -> list[dict]:
    """Documents with gold: ``{id, text, ov, pr, statements: [(a, b, kind)]}``."""
    import giptext
    from giptext.annotated import load_annotated, shared_dir
    from giptext.eval.sections import gold_spans

    docs = []
    exp = json.loads((HERE / "seeds_expected.json").read_text(encoding="utf-8"))
    for name, e in sorted(exp.items()):
        r = giptext.read_report(shared_dir() / "seeds" / name)
        docs.append({"id": "seed" + name[:3], "text": r.text, "ov": tuple(e["overview"]), "pr": tuple(e["problems"]),
                     "statements": [tuple(s) for s in e["statements"]]})
    ac = load_annotated(shared_dir() / "dev")
    gold = {r["id"]: r for r in ac.sections.to_dict("records")}
    themes = ac.themes.groupby("id") if not ac.themes.empty else []
    by_doc = {k: v.to_dict("records") for k, v in themes}
    for doc_id, text in sorted(ac.docs.items()):
        g = gold_spans(text, gold.get(doc_id))
        st = []
        for row in by_doc.get(doc_id, []):
            a = text.find(row["text"])
            if a >= 0:
                st.append((a, a + len(row["text"]), row["kind"]))
        docs.append({"id": doc_id, "text": text, "ov": g["overview"], "pr": g["problems"], "statements": st})
    return docs


def _statement_hits(text: str, gold: list[tuple[int, int, str]]) -> tuple[int, int]:
    """(loose, strict) recall counts of ``gold`` statements among those extracted from ``text``."""
    from giptext.report import Report

    from seeds_check import best_overlap

    st = Report("x", text).statements()
    loose = strict = 0
    for a, b, _k in gold:
        best, ov = best_overlap(st, a, b)
        if best is not None and ov >= 0.8 * (b - a):
            loose += 1
            strict += ov >= 0.8 * (best.end - best.start)
    return loose, strict


def run() -> dict:
    from giptext.eval.sections import char_f1, predicted_spans
    from giptext.sections import split_sections

    docs = load()
    res: dict = {"documents": len(docs), "modes": {}, "failures": {}}
    base = {}
    n_st = sum(len(d["statements"]) for d in docs)
    lo = st = 0
    for d in docs:
        p = predicted_spans(split_sections(d["text"]))
        base[d["id"]] = (char_f1(d["text"], p["overview"], d["ov"]), char_f1(d["text"], p["problems"], d["pr"]))
        a, b = _statement_hits(d["text"], d["statements"])
        lo, st = lo + a, st + b
    res["original"] = _summary(base, base, lo, st, n_st)
    for mode in MODES:
        got = {}
        lo = st = 0
        for d in docs:
            flat, pos = flatten(d["text"], mode)
            p = predicted_spans(split_sections(flat))
            got[d["id"]] = (char_f1(flat, p["overview"], map_span(pos, d["ov"])),
                            char_f1(flat, p["problems"], map_span(pos, d["pr"])))
            gst = [(s[0], s[1]) for s in (map_span(pos, (a, b)) for a, b, _ in d["statements"])]
            a, b = _statement_hits(flat, [(x, y, k) for (x, y), (_, _, k) in zip(gst, d["statements"])])
            lo, st = lo + a, st + b
        res["modes"][mode] = _summary(got, base, lo, st, n_st)
        res["failures"][mode] = [
            {"id": k, "overview": round(v[0], 3), "problems": round(v[1], 3),
             "unflattened": [round(x, 3) for x in base[k]]}
            for k, v in sorted(got.items())
            if (v[0] < 0.99 <= base[k][0]) or (v[1] < 0.99 <= base[k][1])
        ]
    return res


def _summary(got: dict, base: dict, loose: int, strict: int, n_st: int) -> dict:
    import statistics

    ov = [v[0] for v in got.values()]
    pr = [v[1] for v in got.values()]
    ok_ov = [got[k][0] for k in got if base[k][0] >= 0.99]
    ok_pr = [got[k][1] for k in got if base[k][1] >= 0.99]
    return {
        "overview_f1_mean": statistics.fmean(ov),
        "problems_f1_mean": statistics.fmean(pr),
        # on the documents whose unflattened text the splitter gets right (≥ 0.99)
        "overview_f1_where_ok": statistics.fmean(ok_ov),
        "problems_f1_where_ok": statistics.fmean(ok_pr),
        "overview_share_ge_0.99_where_ok": sum(x >= 0.99 for x in ok_ov) / len(ok_ov),
        "problems_share_ge_0.99_where_ok": sum(x >= 0.99 for x in ok_pr) / len(ok_pr),
        "statements_recall_loose": loose / n_st,
        "statements_recall_strict": strict / n_st,
    }


def to_markdown(res: dict) -> str:
    rows = [("original", res["original"])] + list(res["modes"].items())
    out = [
        f"{res['documents']} documents (5 seeds + dev). 'where ok': documents whose unflattened text scores ≥ 0.99.",
        "",
        "| text | overview F1 | problems F1 | overview where ok | problems where ok | share ≥ 0.99 where ok (ov / pr) | statements loose / strict |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in rows:
        out.append(
            f"| {name} | {s['overview_f1_mean']:.3f} | {s['problems_f1_mean']:.3f} | {s['overview_f1_where_ok']:.3f} "
            f"| {s['problems_f1_where_ok']:.3f} | {s['overview_share_ge_0.99_where_ok']:.3f} / "
            f"{s['problems_share_ge_0.99_where_ok']:.3f} | {s['statements_recall_loose']:.3f} / {s['statements_recall_strict']:.3f} |"
        )
    out.append("")
    for mode, fails in res["failures"].items():
        out.append(f"{mode}: {len(fails)} documents below 0.99 that score ≥ 0.99 unflattened"
                   + (": " + ", ".join(f"{f['id']} ({f['overview']}/{f['problems']})" for f in fails) if fails else ""))
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE), help="folder for flatten_results.md/.json, or - for stdout")
    args = ap.parse_args(argv)
    res = run()
    md = to_markdown(res)
    if args.out == "-":
        sys.stdout.write(md)
        return 0
    out = Path(args.out)
    (out / "flatten_results.md").write_text(md, encoding="utf-8")
    (out / "flatten_results.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
