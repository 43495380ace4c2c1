"""Tables read back from real files: synthetic tables rendered as PDF, DOCX, HTML and flat text
by the format renderers (``corpora/render``, branch ``render``), read with ``giptext.io``, scored.

A false alarm is a failed arithmetic or narrative check on a consistent report (cells left
empty with a note are counted apart, as ``left_empty_with_note``). Needs a checkout that holds ``corpora/render`` (this branch does not; pass its root with
``--render-repo``; ``corpora`` is a namespace package, so both roots' ``corpora`` merge) and
fpdf2 for the PDF renderer. Only the second version of the 2019 template is rendered (the
renderer's tables). Run::

    PYTHONPATH=. .venv/bin/python experiments/tables/formats.py --render-repo ../wt-render --n 20
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def figures(values: dict) -> list:
    """The renderer's reading-order figure list for our values (2021 version)."""
    from corpora.tables_synth import REQ_COLS, REV_COLS, REV_ROWS, request_rows

    pro = [("rules", "issued"), ("rules", "repealed"), ("rules", "in_force"),
           ("normative_documents", "issued"), ("normative_documents", "repealed"), ("normative_documents", "in_force"),
           ("licensing", "decisions"), ("penalty", "decisions"), ("enforcement", "decisions"), ("fees", "amount")]
    out = [values[("proactive", r, c)] for r, c in pro]
    for _g, _l, k in request_rows("2021"):
        out += [values[("requests", k, c)] for c in REQ_COLS]
    out += [values[("review_litigation", r, c)] for r in REV_ROWS for c in REV_COLS]
    return [int(v) if float(v).is_integer() else v for v in out]


def source_doc(i: int, values: dict):
    from corpora.render.model import Block, SourceDoc
    from corpora.render.tables import template_tables

    pro, req, rev = template_tables(figures(values))
    n = int(values[("requests", "new", "total")])
    blocks = [
        Block("title", "某县某局2022年政府信息公开工作年度报告"),
        Block("heading", "一、总体情况", "一、"),
        Block("para", f"2022年，我局全年共受理政府信息公开申请{n}件，均按时答复。"),
        Block("heading", "二、主动公开政府信息情况", "二、"), Block("table", table=pro),
        Block("heading", "三、收到和处理政府信息公开申请情况", "三、"), Block("table", table=req),
        Block("heading", "四、政府信息公开行政复议、行政诉讼情况", "四、"), Block("table", table=rev),
        Block("heading", "五、存在的主要问题及改进情况", "五、"), Block("para", "一是公开内容不够丰富。二是人员培训不足。"),
        Block("heading", "六、其他需要报告的事项", "六、"), Block("para", "无。"),
    ]
    return SourceDoc(id=f"tbl{i:04d}", blocks=blocks, agency="某县某局", year=2022, synthetic=True,
                     origin=f"corpora/tables_synth seed {i}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--render-repo", type=Path, required=True)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--formats", nargs="+", default=["pdf", "docx", "html", "flat1", "flat2"])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    sys.path.append(str(args.render_repo.resolve()))
    from corpora.render import render
    from corpora.tables_synth import make_values, plant
    from giptext.io import read_report
    from giptext.tables import cells, check_rows

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            right = total = false_alarm = found = planted_n = wrong_value = unread = not_made = 0
            wrong: dict = {}
            for i in range(args.n):
                rng = random.Random(f"formats:{i}")
                values = make_values(rng, "2021")
                bad, plan = plant(rng, values, "2021")
                for tag, vals in (("ok", values), ("planted", bad)):
                    if tag == "planted" and plan["kind"] != "cell":
                        continue
                    info = render(source_doc(i, vals), fmt, Path(tmp) / tag, seed=i)
                    rep = read_report(info["path"])
                    got = {(c.table, c.row, c.column): c.value for c in cells(rep)}
                    made = check_rows(rep)
                    fails = [c for c in made if c.ok is False and c.check not in ("unreadable_row", "blank_cell")]
                    if tag == "ok":
                        for k, v in vals.items():
                            total += 1
                            g = got.get(k)
                            if g is not None and not math.isnan(g) and abs(g - v) < 1e-6:
                                right += 1
                            else:
                                wrong[k[1]] = wrong.get(k[1], 0) + 1
                                if g is None or math.isnan(g):
                                    unread += 1
                                else:
                                    wrong_value += 1
                        false_alarm += bool(fails)
                        not_made += sum(1 for c in made if c.ok is None)
                    else:
                        planted_n += 1
                        found += any(not c.check.startswith("narrative") for c in fails)
            result[fmt] = {"cells": total, "cell_accuracy": right / total, "wrong_values": wrong_value,
                           "left_empty_with_note": unread, "checks_not_made": not_made,
                           "false_alarm_reports": false_alarm,
                           "reports": args.n, "planted": planted_n, "planted_found": found,
                           "worst_rows": sorted(wrong.items(), key=lambda x: -x[1])[:5]}
            print(fmt, json.dumps(result[fmt], ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
