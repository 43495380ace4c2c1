"""End-to-end sweep of ``add_paraphrases`` settings on dev gold and a synthetic corpus.

For each setting (keyword arguments of :func:`giptext.reuse.paraphrase.add_paraphrases`,
given as JSON objects), runs ``detect(paraphrase=True)`` on the annotated corpus with
``sections="all"`` and with the narrative sections, and on the synthetic corpus (narrative),
and prints one JSON line (``-`` for the annotated corpus: synthetic only): dev paraphrase recall (all; narrative in scope), paraphrase rows,
synthetic paraphrase recall and the precision of the paraphrase rows alone. Embeddings come
from the on-disk cache after the first run, so CPU seconds here are not the cold cost (see
``synthetic_run.py``)::

    PYTHONPATH=. .venv/bin/python experiments/reuse_paraphrase/sweep.py ../shared/dev /tmp/h2/syn1k \\
        '{}' '{"threshold": 0.9}'
"""
from __future__ import annotations

import argparse
import contextlib
import json
import time

import giptext.reuse.paraphrase as para
from corpora.synthetic import score
from giptext.annotated import load_annotated
from giptext.eval.reuse import score_result
from giptext.reuse import detect

_ORIGINAL = para.add_paraphrases


@contextlib.contextmanager
def paraphrase_setting(setting: dict):
    """Within the block, ``detect(paraphrase=True)`` calls ``add_paraphrases`` with ``setting``."""
    def patched(*args, **kw):
        kw.update(setting)  # detect() passes threshold=None explicitly: the setting wins
        return _ORIGINAL(*args, **kw)

    para.add_paraphrases = patched
    try:
        yield
    finally:
        para.add_paraphrases = _ORIGINAL


def run(setting: dict, dev, syn, syn_dir: str) -> dict:
    """Scores of one setting."""
    with paraphrase_setting(setting):
        out = {"setting": setting}
        for sec in ("all", "narrative") if dev is not None else ():
            t = time.process_time()
            res = detect(dev, sections="all" if sec == "all" else ("overview", "problems", "improvements"),
                         paraphrase=True)
            s = score_result(dev, res).summary
            out[f"dev_{sec}"] = {"recall_para": s.get("recall_paraphrase"),
                                 "recall_para_in_scope": s.get("recall_paraphrase_in_scope"),
                                 "rows": s.get("paraphrase_passages", 0), "cpu_s": round(time.process_time() - t, 1)}
        if syn is not None:
            t = time.process_time()
            res = detect(syn, paraphrase=True)
            p = res.passages[res.passages["kind"] == "paraphrase"]
            sp = score(p, syn_dir)
            sa = score(res.passages, syn_dir)
            out["syn_all_kinds"] = {"precision": round(sa["precision"], 4), "recall": round(sa["recall"], 4)}
            out["syn"] = {"rows": int(len(p)), "recall_para": sa["recall_by_kind"].get("paraphrase"),
                          "precision_rows": sp["precision"], "precision_planted_rows": sp["precision_planted"],
                          "cpu_s": round(time.process_time() - t, 1)}
        return out


def main() -> None:
    """One JSON line per setting."""
    ap = argparse.ArgumentParser()
    ap.add_argument("dev")
    ap.add_argument("synthetic", nargs="?")
    ap.add_argument("settings", nargs="*")
    a = ap.parse_args()
    dev = load_annotated(a.dev) if a.dev != "-" else None  # "-": synthetic only
    syn = load_annotated(a.synthetic) if a.synthetic and a.synthetic != "-" else None
    for s in a.settings or ["{}"]:
        print(json.dumps(run(json.loads(s), dev, syn, a.synthetic), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
