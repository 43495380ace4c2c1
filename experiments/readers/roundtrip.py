"""Exact round trip of the readers: render whole reports (corpora/render), read them back with
``giptext.read_report`` and compare the reading text to the source's reading text, character for
character (stricter than the benchmark's scores, which ignore white space).

    PYTHONPATH=. python experiments/readers/roundtrip.py [--formats pdf,docx,html] \
        [--n-synthetic 60] [--seed 7] [--out DIR]

Prints, per format, how many files read back identical and the first differing lines of the rest.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None) -> None:
    from corpora.render import render, seed_docs, synthetic_docs
    from giptext import read_report

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default="pdf,docx,html")
    ap.add_argument("--n-synthetic", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7, help="seed of the synthetic reports")
    ap.add_argument("--out", default=None, help="folder for the rendered files (default: a temporary one)")
    ap.add_argument("--show", type=int, default=6, help="differing files to show per format")
    args = ap.parse_args(argv)
    docs = seed_docs() + synthetic_docs(args.n_synthetic, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        for fmt in args.formats.split(","):
            bad = []
            for doc in docs:
                info = render(doc, fmt, out, seed=0)
                src, got = doc.text(), read_report(info["path"]).text
                if got != src:
                    diff = [line for line in difflib.unified_diff(src.split("\n"), got.split("\n"), lineterm="", n=0)
                            if not line.startswith(("---", "+++", "@@"))]
                    bad.append((doc.id, diff))
            print(f"{fmt}: identical {len(docs) - len(bad)}/{len(docs)}")
            for doc_id, diff in bad[: args.show]:
                print(f"  {doc_id}: {len(diff)} differing lines")
                for line in diff[:6]:
                    print("     ", line[:160])


if __name__ == "__main__":
    main()
