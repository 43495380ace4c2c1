"""End-to-end sweep of paraphrase settings on dev gold and a synthetic corpus.

For each setting (fields of :class:`giptext.reuse.ParaphraseSettings`, given as JSON
objects), runs ``detect(paraphrase=ParaphraseSettings(**setting))`` on the annotated corpus with
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
import json
import time

from corpora.synthetic import score
from giptext.annotated import load_annotated
from giptext.eval.reuse import score_result
from giptext.reuse import ParaphraseSettings, detect


def paraphrase_setting(setting: dict) -> ParaphraseSettings:
    """A setting (``ParaphraseSettings`` fields as a JSON object) as the object ``detect`` takes."""
    return ParaphraseSettings(**setting)


def run(setting: dict, dev, syn, syn_dir: str) -> dict:
    """Scores of one setting."""
    para = paraphrase_setting(setting)
    out = {"setting": setting}
    for sec in ("all", "narrative") if dev is not None else ():
        t = time.process_time()
        res = detect(dev, sections="all" if sec == "all" else ("overview", "problems", "improvements"),
                     paraphrase=para)
        s = score_result(dev, res).summary
        out[f"dev_{sec}"] = {"recall_para": s.get("recall_paraphrase"),
                             "recall_para_in_scope": s.get("recall_paraphrase_in_scope"),
                             "rows": s.get("paraphrase_passages", 0), "cpu_s": round(time.process_time() - t, 1)}
    if syn is not None:
        t = time.process_time()
        res = detect(syn, paraphrase=para)
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
