"""Build ``models/themes-default``: the default theme model, trained on all of the dev gold.

One command (from the repository root)::

    .venv/bin/python experiments/themes/train_default.py

The configuration is the one ``experiments/themes/run.py`` picked by cross-validation (see
that folder's README). This script (1) cross-validates exactly this configuration again —
5 folds grouped by document — for the model card, (2) fits it on every statement of
``gold_themes.jsonl`` and saves it with skops, (3) writes ``MODEL_CARD.md`` and
``metrics.json`` beside the model.
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
    """The shipped configuration: lexicon (codebook seed terms) + TF-IDF with seed features, averaged."""
    from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier

    return EnsembleThemeClassifier(
        [("lexicon", LexiconThemeClassifier()), ("tfidf", TfidfThemeClassifier(seed_weight=1.0, random_state=SEED))],
        random_state=SEED,
    )


CARD = """# themes-default — theme labels for problem/improvement statements

Multi-label classifier for the 16-label codebook of `giptext/themes/codebook.json`
(awareness, mechanism, content, timeliness, channels, platform, interpretation, staff,
coordination, requests, supervision, keyareas, grassroots, publicity, confidentiality, other).
Load it with `giptext.themes.load_default()`; `.predict(list_of_texts) -> list[list[str]]`.

## What it is
`{model}`: the average of two scorers, with one decision threshold per label tuned on
out-of-fold scores inside the training data (5 folds grouped by document):
- **lexicon** — the codebook's hand-written seed terms, matched with spaCy's PhraseMatcher over
  jieba tokens (a private jieba dictionary that knows the seed terms; every term is one token,
  so counting is a token lookup that gives the same matches); no training.
- **TF-IDF** — character 1–3-grams + jieba words of the Simplified/half-width view, plus one
  feature per label "a seed term of this label occurs", one-vs-rest logistic regression
  (liblinear, C=10, balanced class weights).
Every statement gets at least one label (the one furthest above its threshold when none clears it).
Saved with skops (`model.skops`); `giptext.themes.load_model` refuses files holding any type outside
the exact allow-list of what giptext's classifiers save (`giptext/themes/_trust.py`). No pickle.

## Training data
`shared/dev/gold_themes.jsonl`: {n} statements ({n_problem} problem, {n_improvement} improvement)
from {n_docs} reports (2008–2025 annual reports of county/township/department bodies, with
Traditional-script mirror copies). Trained {when} with `experiments/themes/train_default.py`
(seed {seed}; training took {train_s:.0f} s on the shared 2-core machine).

## Cross-validated quality (5 folds grouped by document; the same configuration refit per fold)
macro-F1 over the {n_macro} labels with ≥ 5 examples: **{macro:.3f}**; micro-F1: **{micro:.3f}**;
samples-F1: {samples:.3f}.

**These numbers are optimistic.** The hand-written seed terms both halves rely on were chosen
after reading all dev statements, including the ones each fold holds out. Under a protocol that
uses nothing from held-out documents (seed terms mined inside each training fold plus the label
names of the annotation guide; `experiments/themes/README.md`, "Honest estimate") TF-IDF reaches
macro-F1 **0.68–0.70** (0.697 with miner settings chosen by nested CV); keeping only the hand terms
attested in the training fold gives 0.733. Expect the default to land between those and the
figure above on reports from other sources. On 36 statements of 5 reports outside dev
(`experiments/themes/seeds_check.md`) it scored macro-F1 0.906 / micro-F1 0.895 — labelled by
the author of the hand terms, 9 labels.

| label | examples | F1 | precision | recall |
|---|---|---|---|---|
{rows}

## Limits — read before use
- **Small training set.** {n} statements from {n_docs} reports; labels with fewer than 10
  examples (requests, coordination, confidentiality, grassroots) are scored on a handful of
  statements and their F1 swings by ±0.2 between folds.
- **The seed terms were written after reading the dev statements** (from the codebook's
  descriptions and general knowledge of these reports; dev-specific wording was removed). The
  CV figures above are therefore optimistic by roughly 0.05–0.10 macro-F1 (see above).
  A data-driven alternative, `TfidfThemeClassifier(seed_weight=1, seeds="mined")`, is honest to
  evaluate but scored lower both in CV and on the seed reports, so it is not the default.
- Speed: `benchmarks/bench_themes.py` (the jieba-free `TfidfThemeClassifier(words=False,
  seed_weight=1, seed_match="substring")` is ~10x faster at macro-F1 0.780 in the same CV).
- `other` (a generic "work needs strengthening") is the weakest label: it is decided mostly by
  the absence of every specific theme.
- Statements are expected to be single enumerated items (一是…, （一）…). Whole paragraphs get
  many labels; headings or table rows get arbitrary ones.
- Trained on 政府信息公开工作年度报告 only; other genres are out of scope.
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None, help="annotated corpus (default: shared/dev)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: models/themes-default)")
    args = ap.parse_args(argv)

    from giptext.annotated import shared_dir
    from giptext.eval.themes import MIN_SUPPORT, cross_validate, gold_table
    from giptext.themes import DEFAULT_MODEL, MODEL_FILE, shipped_models_dirs
    from giptext.themes.codebook import LABELS

    corpus = args.corpus or shared_dir() / "dev"
    out = args.out or shipped_models_dirs()[0] / DEFAULT_MODEL  # models/ of this checkout
    gold = gold_table(corpus)
    texts = gold["text"].tolist()
    labels = [list(t) for t in gold["themes"]]
    groups = gold["id"].to_numpy()

    print("cross-validating …", file=sys.stderr, flush=True)
    res = cross_validate(default_estimator(), texts, labels, groups, n_splits=5, classes=list(LABELS))
    s = res.scores(MIN_SUPPORT)
    per = s["per_label"]

    print("training on all statements …", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    model = default_estimator().fit(texts, labels, groups=groups)
    train_s = time.perf_counter() - t0
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / MODEL_FILE)

    metrics = {
        "model": type(model).__name__, "corpus": corpus.name, "statements": len(gold),
        "documents": int(gold["id"].nunique()), "folds": 5, "grouped_by": "document",
        "macro_f1": s["macro_f1"], "micro_f1": s["micro_f1"], "samples_f1": s["samples_f1"],
        "macro_labels_min_support": MIN_SUPPORT,
        "per_label": per.round(4).to_dict("records"), "seed": SEED,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = "\n".join(
        f"| {r.label} | {int(r.support)} | {r.f1:.2f} | {r.precision:.2f} | {r.recall:.2f} |" for r in per.itertuples()
    )
    kinds = gold["kind"].value_counts() if "kind" in gold else {}
    card = CARD.format(
        model=type(model).__name__, n=len(gold), n_problem=int(kinds.get("problem", 0)),
        n_improvement=int(kinds.get("improvement", 0)), n_docs=int(gold["id"].nunique()),
        when=datetime.now(timezone.utc).strftime("%Y-%m-%d"), seed=SEED, train_s=train_s,
        n_macro=int((per["support"] >= MIN_SUPPORT).sum()), macro=s["macro_f1"], micro=s["micro_f1"],
        samples=s["samples_f1"], rows=rows,
    )
    (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(f"wrote {out / MODEL_FILE}  macro-F1 {s['macro_f1']:.3f}  micro-F1 {s['micro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
