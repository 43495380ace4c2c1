"""Blind sample of paraphrase rows of two settings on an annotated corpus, for judging by hand.

Runs ``detect(paraphrase=True, sections=...)`` with the default settings and with the
settings given as JSON, draws ``--n`` paraphrase rows of each (seeded), shuffles them
together and writes the texts to ``--out`` (numbered, setting hidden) and the key to
``--out`` + ``.key.json``. Judge each item 1 (the two passages state the same thing in
other words) or 0, then ``--score LABELS`` (a string of 0/1) prints the precision of each::

    PYTHONPATH=. .venv/bin/python experiments/reuse_paraphrase/judge_sample.py ../shared/dev '{"k": 10}' --out /tmp/j.txt
    .venv/bin/python experiments/reuse_paraphrase/judge_sample.py ../shared/dev '{}' --out /tmp/j.txt --score 0110...
"""
from __future__ import annotations

import argparse
import json
import random
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])


def main() -> None:
    """Write the sample, or score the labels."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("setting")
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--sections", default="all")
    ap.add_argument("--score")
    a = ap.parse_args()
    if a.score:
        key = json.load(open(a.out + ".key.json"))
        for name in ("default", "setting"):
            labs = [int(a.score[q]) for q, k in enumerate(key) if k == name]
            print(name, f"{sum(labs)}/{len(labs)} = {sum(labs) / len(labs):.3f}")
        return
    from giptext.annotated import load_annotated
    from giptext.reuse import ParaphraseSettings, detect

    ac = load_annotated(a.corpus)
    sec = "all" if a.sections == "all" else ("overview", "problems", "improvements")
    rows = []
    for name, setting in (("default", {}), ("setting", json.loads(a.setting))):
        p = detect(ac, sections=sec, paraphrase=ParaphraseSettings(**setting)).passages
        p = p[p["kind"] == "paraphrase"]
        pick = p.sample(min(a.n, len(p)), random_state=0)
        rows += [(name, r.text_a, r.text_b) for r in pick.itertuples()]
    random.Random(0).shuffle(rows)
    with open(a.out, "w", encoding="utf-8") as f:
        for q, (_n, ta, tb) in enumerate(rows):
            f.write(f"{q} A: {' '.join(ta.split())[:150]}\n   B: {' '.join(tb.split())[:150]}\n")
    json.dump([n for n, _a, _b in rows], open(a.out + ".key.json", "w"))


if __name__ == "__main__":
    main()
