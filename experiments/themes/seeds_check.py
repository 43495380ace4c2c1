"""Out-of-sample check: models trained on all of dev, scored on the 5 seed reports' statements.

    .venv/bin/python experiments/themes/seeds_check.py

``seeds_check.jsonl`` holds, for each of the 36 statements the section splitter finds in
``shared/seeds`` (offsets into the decoded report text, no text copied), the themes
assigned by hand following ``shared/ANNOTATION.md`` — labelled after the seed terms were
written and before any model's predictions were looked at. None of these statements is in
dev, and nothing was tuned on them. Writes ``seeds_check.md``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    import giptext
    from giptext.annotated import shared_dir
    from giptext.eval.themes import gold_table
    from giptext.themes.codebook import LABELS

    sys.path.insert(0, str(HERE))
    from run import candidates  # the same configurations as the CV comparison

    rows = [json.loads(line) for line in (HERE / "seeds_check.jsonl").read_text(encoding="utf-8").splitlines()]
    texts, labels = [], []
    cache: dict[str, str] = {}
    for r in rows:
        if r["file"] not in cache:
            cache[r["file"]] = giptext.read_report(shared_dir() / "seeds" / r["file"]).text
        texts.append(cache[r["file"]][r["start"]:r["end"]])
        labels.append(r["themes"])
    gold = gold_table(shared_dir() / "dev")
    X, Y, g = gold["text"].tolist(), [list(t) for t in gold["themes"]], gold["id"].to_numpy()
    mlb = MultiLabelBinarizer(classes=list(LABELS)).fit([])  # label lists -> indicator rows
    Yt = mlb.transform(labels)
    present = Yt.sum(axis=0) >= 2
    only = sys.argv[1:]
    lines = ["# Seed reports: trained on all of dev, scored on 36 unseen statements", "",
             f"{len(texts)} statements from 5 reports; macro-F1 over the {int(present.sum())} labels with ≥ 2 examples here.",
             "", "| model | macro-F1 | micro-F1 | samples-F1 |", "|---|---|---|---|"]
    for name, _, _, est in candidates(quick=not only):
        if only and not any(o in name for o in only):
            continue
        est.fit(X, Y, groups=g) if not hasattr(est, "est") else est.fit(X, Y)
        Yp = mlb.transform(est.predict(texts))
        f1 = f1_score(Yt, Yp, average=None, zero_division=0)
        macro = float(np.mean(f1[present]))
        micro = f1_score(Yt, Yp, average="micro", zero_division=0)
        samples = f1_score(Yt, Yp, average="samples", zero_division=0)
        lines.append(f"| {name} | {macro:.3f} | {micro:.3f} | {samples:.3f} |")
        print(lines[-1], flush=True)
    (HERE / "seeds_check.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
