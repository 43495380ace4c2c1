"""Paraphrase recall, precision and cost of ``detect`` on a synthetic corpus.

Runs ``detect(corpus, paraphrase=False)`` and ``detect(corpus, paraphrase=True)`` in this
process (CPU seconds of each call from ``time.process_time``, all threads summed; ``n_jobs=1`` so no
work runs in child processes the clock would miss) and scores
both with :func:`corpora.synthetic.score`; the paraphrase rows alone are scored too
(``para_*``). Set ``GIPTEXT_CACHE`` to an empty folder to time the embedding without the
on-disk cache. Run from the repository root::

    .venv/bin/python experiments/reuse_paraphrase/synthetic_run.py /tmp/h2/syn1k
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from corpora.synthetic import score
from giptext.reuse import detect

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from sweep import paraphrase_setting  # noqa: E402


def main() -> None:
    """Print one JSON object with both runs."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--only-paraphrase", action="store_true", help="skip the paraphrase=False run")
    ap.add_argument("--setting", default="{}", help="ParaphraseSettings fields (JSON)")
    a = ap.parse_args()
    from giptext.annotated import load_annotated

    corpus = load_annotated(a.corpus)
    out = {"corpus": a.corpus, "setting": json.loads(a.setting)}
    for para in ([True] if a.only_paraphrase else [False, True]):
        t = time.process_time()
        w = time.perf_counter()
        res = detect(corpus, paraphrase=paraphrase_setting(json.loads(a.setting)) if para else None, n_jobs=1)
        cpu, wall = time.process_time() - t, time.perf_counter() - w
        s = score(res.passages, a.corpus)
        key = "para" if para else "plain"
        out[key] = {"cpu_s": round(cpu, 1), "wall_s": round(wall, 1), "rows": s["rows"],
                    "precision": s["precision"], "recall": s["recall"],
                    "recall_by_kind": s.get("recall_by_kind")}
        if para:
            p = res.passages[res.passages["kind"] == "paraphrase"]
            sp = score(p, a.corpus)
            out["para_rows"] = {"rows": int(len(p)), "template_flagged": int(p["template"].astype(bool).sum()),
                                "precision": sp["precision"], "precision_planted": sp.get("precision_planted"),
                                "recall_paraphrase": (sp.get("recall_by_kind") or {}).get("paraphrase")}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
