"""The splitter and statement extraction on the five seed reports, against hand-checked expectations.

    .venv/bin/python experiments/sections/seeds_check.py        # writes seeds_results.md here

``seeds_expected.json`` holds, per seed file (``shared/seeds``), offsets into the decoded
report text (no text is copied): the overview body and the problems body (from the line
after the heading to the line of the next top-level heading; for 004, whose page lost the
二、 heading, the overview ends where the statistics table begins), and the enumerated
problem/improvement statements (one per enumerated item, following ``shared/ANNOTATION.md``;
003's problems are a run-on list of three issues; a title sentence stays with its
explanation). They were set by reading the reports, before scoring, and nothing was
tuned on them afterwards.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best_overlap(statements, a: int, b: int):
    """(the statement overlapping ``[a, b)`` most, the overlap in characters); ``(None, 0)`` if none does."""
    best, o = None, 0
    for s in statements:
        x = min(b, s.end) - max(a, s.start)
        if x > o:
            best, o = s, x
    return best, o


def main() -> int:
    import giptext
    from giptext.annotated import shared_dir
    from giptext.eval.sections import char_f1, predicted_spans

    exp = json.loads((HERE / "seeds_expected.json").read_text(encoding="utf-8"))
    rows = []
    totals = {"n": 0, "loose": 0, "strict": 0, "kind": 0, "pred": 0}
    for name, e in sorted(exp.items()):
        r = giptext.read_report(shared_dir() / "seeds" / name)
        p = predicted_spans(r.sections)
        ov = char_f1(r.text, p["overview"], tuple(e["overview"]))
        pr = char_f1(r.text, p["problems"], tuple(e["problems"]))
        st = r.statements()
        loose = strict = kind = 0
        for a, b, k in e["statements"]:
            best, o = best_overlap(st, a, b)
            if best is not None and o >= 0.8 * (b - a):
                loose += 1
                strict += o >= 0.8 * (best.end - best.start)
            kind += best is not None and best.kind == k
        n = len(e["statements"])
        for key, v in (("n", n), ("loose", loose), ("strict", strict), ("kind", kind), ("pred", len(st))):
            totals[key] += v
        rows.append(f"| {name[:3]} | {ov:.3f} | {pr:.3f} | {n} | {len(st)} | {loose} | {strict} | {kind} |")
    n = totals["n"]
    out = [
        "| seed | overview F1 | problems F1 | expected statements | extracted | loose | strict | kind agrees |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        f"| all | | | {n} | {totals['pred']} | {totals['loose'] / n:.3f} | {totals['strict'] / n:.3f} | {totals['kind'] / n:.3f} |",
    ]
    md = "\n".join(out) + "\n"
    print(md)
    if "--no-write" not in sys.argv:
        (HERE / "seeds_results.md").write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
