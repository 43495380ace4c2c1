"""Build ``models/themes-default`` (or ``models/themes-e5``), trained on dev + the labelled corpus.

One command each (from the repository root; ``honest.py`` must have run, its table feeds the card)::

    .venv/bin/python experiments/themes/train_default.py              # the default (fast TF-IDF)
    .venv/bin/python experiments/themes/train_default.py --model e5   # the research ensemble with e5-small

The configurations and their honest figures come from ``experiments/themes/honest.py`` (its
``honest.csv``; see that folder's README). This script fits one of them on every statement of
dev + ``corpora/labelled`` (groups = documents, for the internal threshold CV), saves it with
skops and writes ``MODEL_CARD.md`` and ``metrics.json`` beside it.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 0


def default_estimator():
    """The shipped default: the lexicon of hand seed terms averaged with TF-IDF + seed features.

    Chosen on the one figure comparable across all candidates without leakage: trained on dev,
    scored on ``corpora/labelled`` (never read when the seed terms were written); see
    ``experiments/themes/README.md``.
    """
    from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier

    return EnsembleThemeClassifier(
        [("lexicon", LexiconThemeClassifier()), ("tfidf", TfidfThemeClassifier(seed_weight=1.0, random_state=SEED))],
        random_state=SEED,
    )


def names_estimator():
    """No hand terms: jieba-free TF-IDF (char 1–3-grams) + one feature per label for its Chinese
    name (``ANNOTATION.md``); thresholds tuned by grouped CV."""
    from giptext.themes import TermMiner, TfidfThemeClassifier

    return TfidfThemeClassifier(words=False, seed_weight=1.0, seeds="mined", miner=TermMiner(top_k=0),
                                random_state=SEED)


def research_estimator():
    """The research model: the default's two scorers and e5-small vectors + logistic regression, averaged."""
    from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    from giptext.themes.embedding import EmbeddingThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier

    return EnsembleThemeClassifier([("lexicon", LexiconThemeClassifier()),
                                    ("tfidf", TfidfThemeClassifier(seed_weight=1.0, random_state=SEED)),
                                    ("e5", EmbeddingThemeClassifier("e5-small", C=10.0, random_state=SEED))],
                                   random_state=SEED)


#: (folder under models/, estimator factory, row name in experiments/themes/honest.csv)
MODELS = {
    "default": ("themes-default", default_estimator, "default (lexicon + tfidf + hand seeds)"),
    "names": ("themes-names", names_estimator, "tfidf[chars]+names"),
    "e5": ("themes-e5", research_estimator, "ensemble(lexicon, tfidf+hand seeds, e5-small)"),
}


CARD = """# {folder} — theme labels for problem/improvement statements

Multi-label classifier for the 16-label codebook of `giptext/themes/codebook.json`
(awareness, mechanism, content, timeliness, channels, platform, interpretation, staff,
coordination, requests, supervision, keyareas, grassroots, publicity, confidentiality, other).
{load}; `.predict(list_of_texts) -> list[list[str]]`.

## What it is
{what}
Per-label decision thresholds are tuned on out-of-fold scores inside the training data (5 folds
grouped by document); every statement gets at least one label (the one furthest above its
threshold when none clears it). Saved with skops (`model.skops`); `giptext.themes.load_model` refuses files
holding any type outside the exact allow-list of `giptext/themes/_trust.py`. No pickle.

## Training data
{n} statements from {n_docs} documents: `shared/dev/gold_themes.jsonl` ({n_dev} statements, annual
reports) + `corpora/labelled/gold_themes.jsonl` ({n_lab} statements, labelled by reading; mostly
other genres — inspection notices, news, analysis — and {n_lab_ar} annual-report statements).
Trained {when} with `experiments/themes/train_default.py --model {key}` (seed {seed}; training
took {train_s:.0f} s on the shared 2-core machine).

## Quality (`experiments/themes/honest.md`; which figure is honest for this model: below the table)
macro-F1 over labels with ≥ 10 examples in the scored set (number of such labels in brackets),
micro-F1 after the slash:

| protocol | macro-F1 | lowest label F1 | micro-F1 |
|---|---|---|---|
{summary}

- *all-cv*: this configuration, 5-fold CV on dev + labelled grouped by document (the figure for
  this model, which is trained on both).
- *dev→labelled*: the same configuration trained on dev only and scored on the labelled corpus,
  never used for tuning — most of it other genres than annual reports, so it measures transfer.
- *dev-cv*: 5-fold CV on dev alone.

{caveat}

**Goal not met**: the issue asks for honest CV macro-F1 ≥ 0.80 with no label below 0.6.

Per label, all-cv:

| label | examples | F1 |
|---|---|---|
{rows}

## Limits — read before use
- Labels with few examples (publicity, coordination, other, requests) are scored on a handful of
  statements; their F1 swings by ±0.2 between folds. `other` (a generic "work needs
  strengthening") is decided mostly by the absence of every specific theme.
- 95 % of the labelled corpus is not annual-report text; `platform` dominates it (inspection
  notices of government websites). Expect lower quality on genres outside both corpora.
- Statements are expected to be single enumerated items (一是…, （一）…). Whole paragraphs get
  many labels; headings or table rows get arbitrary ones.
- Speed: `benchmarks/bench_themes.py` ({speed}).
"""

WHAT = {
    "default": "`EnsembleThemeClassifier`: the average of two scorers — the **lexicon** (the codebook's "
               "hand-written seed terms, spaCy PhraseMatcher over jieba tokens; no training) and **TF-IDF** "
               "(character 1–3-grams + jieba words + one feature per label \"a seed term of this label occurs\", "
               "one-vs-rest logistic regression, liblinear, C=10, balanced class weights).",
    "names": "`TfidfThemeClassifier(words=False, seed_weight=1, seeds=\"mined\", miner=TermMiner(top_k=0))`: "
               "character 1–3-gram TF-IDF of the Simplified/half-width view plus one feature per label "
               "\"the label's Chinese name occurs\", one-vs-rest logistic regression (liblinear, C=10, "
               "balanced class weights). Needs neither jieba, spaCy nor torch. No hand-written seed terms: the "
             "only prior vocabulary is the Chinese name of each label in `shared/ANNOTATION.md`.",
    "e5": "`EnsembleThemeClassifier`: the average of the default's two scorers (lexicon of hand seed terms; "
          "TF-IDF + seed features) and `EmbeddingThemeClassifier(\"e5-small\")` (multilingual-e5-small sentence "
          "vectors, onnxruntime int8, + one-vs-rest logistic regression). The embedder is named, not "
          "stored: e5-small must be available locally (`giptext.embed`).",
}
CAVEAT = {
    "default": "**The dev figures of this model are optimistic**: its seed terms were written after reading "
               "all dev statements (the dev-cv and the dev part of all-cv score statements the terms were "
               "partly chosen from; it was quoted at 0.803 in dev CV before). The seed terms were never "
               "checked against `corpora/labelled`, so **dev→labelled is its honest figure**. It is the "
               "default because it is the best there among the models fast enough for the 2,000 statements/s "
               "goal, ahead of every model without hand terms (best: 0.570); the same ensemble with e5-small "
               "added (`themes-e5`) scores 0.625 there at e5's speed (`experiments/themes/honest.md`).",
    "names": "Every figure here is honest: nothing comes from held-out documents.",
    "e5": "**The dev figures of this model are optimistic** (it uses the default's hand seed terms, written "
          "after reading all dev statements); **dev→labelled is its honest figure**, the best of all models "
          "compared (`experiments/themes/honest.md`).",
}
LOAD = {
    "default": "Load it with `giptext.themes.load_default()` (used by `giptext themes` and `giptext analyze`)",
    "names": "Load it with `giptext.themes.load(\"themes-names\")` or `giptext themes --model themes-names`",
    "e5": "Load it with `giptext.themes.load(\"themes-e5\")` or `giptext themes --model themes-e5` (research mode)",
}
SPEED = {
    "names": "about five times the default's rate",
    "default": "above the 2,000 statements/s goal on 2 cores",
    "e5": "limited by e5-small, far below the 2,000 statements/s goal; hence not the default",
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=sorted(MODELS), default="default",
                    help="default (hand terms), names (no hand terms, fastest) or e5 (ensemble with e5-small)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: models/<folder>)")
    args = ap.parse_args(argv)

    import pandas as pd

    sys.path.insert(0, str(ROOT / "experiments" / "themes"))
    from honest import load_data  # noqa: E402  (the experiment's data loading, one definition)

    from giptext.themes import MODEL_FILE, shipped_models_dirs
    from giptext.themes.codebook import LABELS

    folder, make, row = MODELS[args.model]
    out = args.out or shipped_models_dirs()[0] / folder  # models/ of this checkout
    table = ROOT / "experiments" / "themes" / "honest.csv"
    if not table.is_file():
        raise SystemExit(f"{table} missing: run experiments/themes/honest.py first")
    h = pd.read_csv(table)
    h = h[h["model"] == row].set_index("protocol")
    if "all-cv" not in h.index:
        raise SystemExit(f"{table} has no all-cv row for {row!r}: run experiments/themes/honest.py first")

    dev, lab = load_data()
    both = pd.concat([dev, lab], ignore_index=True)
    print(f"training {folder} on {len(both)} statements …", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    model = make().fit(both["text"].tolist(), [list(t) for t in both["themes"]], groups=both["group"].to_numpy())
    train_s = time.perf_counter() - t0
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / MODEL_FILE)

    protocols = [p for p in ("all-cv", "dev→labelled", "dev→labelled[annual_report]", "dev-cv") if p in h.index]
    summary = "\n".join(f"| {p} | {h.loc[p, 'macro_f1']:.3f} ({int(h.loc[p, 'n_macro_labels'])}) | "
                        f"{h.loc[p, 'min_label_f1']:.2f} | {h.loc[p, 'micro_f1']:.3f} |" for p in protocols)
    a = h.loc["all-cv"]
    rows = "\n".join(f"| {lab_} | {int(a[f'n_{lab_}'])} | {a[f'f1_{lab_}']:.2f} |" for lab_ in LABELS)
    metrics = {
        "model": type(model).__name__, "training": ["shared/dev", "corpora/labelled"],
        "statements": len(both), "documents": int(both["group"].nunique()), "seed": SEED,
        "min_support": 10, "source": "experiments/themes/honest.csv",
        "protocols": {p: {k: (float(h.loc[p, k]) if k != "n_macro_labels" else int(h.loc[p, k]))
                          for k in ("macro_f1", "micro_f1", "min_label_f1", "n_macro_labels")} for p in protocols},
        "per_label_all_cv": {lab_: round(float(a[f"f1_{lab_}"]), 4) for lab_ in LABELS},
    }
    # the pre-existing key the evaluation readers use
    for k in ("macro_f1", "micro_f1"):
        metrics[k] = metrics["protocols"]["all-cv"][k]
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    card = CARD.format(
        folder=folder, key=args.model, load=LOAD[args.model], what=WHAT[args.model], n=len(both),
        n_docs=int(both["group"].nunique()), n_dev=len(dev), n_lab=len(lab),
        n_lab_ar=int((lab["genre"] == "annual_report").sum()),
        when=datetime.now(timezone.utc).strftime("%Y-%m-%d"), seed=SEED, train_s=train_s,
        summary=summary, rows=rows, speed=SPEED[args.model], caveat=CAVEAT[args.model],
    )
    (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(f"wrote {out / MODEL_FILE}  all-cv macro-F1 {a['macro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
