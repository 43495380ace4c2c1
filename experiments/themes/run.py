"""Compare the theme classifiers with 5-fold cross-validation grouped by document.

One command (from the repository root)::

    .venv/bin/python experiments/themes/run.py            # all models
    .venv/bin/python experiments/themes/run.py --quick    # lexicon and TF-IDF only

Reads ``gold_themes.jsonl`` of the dev corpus (``$GIPTEXT_SHARED/dev`` or ``../shared/dev``;
``--corpus DIR`` for another annotated corpus), never copies it. Folds: sklearn's
``GroupKFold(5)`` over document ids, so a report's statements are never on both sides;
every classifier tunes its thresholds inside the training folds only (grouped too).
Hyper-parameters are fixed (no search on the outer folds). Writes ``results.csv``,
``results.md`` and ``results.png`` next to this script.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 0


def candidates(quick: bool):
    """(name, family, embedder, estimator) rows: every configuration compared."""
    from giptext.themes import LexiconThemeClassifier, TfidfThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier

    rows = [
        ("lexicon", "lexicon", "", LexiconThemeClassifier()),
        ("tfidf", "tfidf", "", TfidfThemeClassifier(random_state=SEED)),
        ("tfidf+seeds", "tfidf", "", TfidfThemeClassifier(seed_weight=1.0, random_state=SEED)),
        # the speed variant: no jieba at all (see benchmarks/bench_themes.py)
        ("tfidf[chars only]", "tfidf", "", TfidfThemeClassifier(words=False, random_state=SEED)),
        ("tfidf[chars only]+seeds(substring)", "tfidf", "",
         TfidfThemeClassifier(words=False, seed_weight=1.0, seed_match="substring", random_state=SEED)),
        ("ensemble(lexicon, tfidf+seeds)", "ensemble", "",
         EnsembleThemeClassifier([("lexicon", LexiconThemeClassifier()),
                                  ("tfidf", TfidfThemeClassifier(seed_weight=1.0, random_state=SEED))],
                                 random_state=SEED)),
    ]
    rows += honest_candidates()
    if quick:
        return rows
    from giptext.themes.embedding import EmbeddingThemeClassifier
    from giptext.themes.zeroshot import ZeroShotThemeClassifier

    for emb in ("static-zh", "e5-small"):
        rows += [
            (f"embedding[{emb}]", "embedding", emb, EmbeddingThemeClassifier(emb, random_state=SEED)),
            (f"zeroshot[{emb}]", "zeroshot", emb, _NoLabels(ZeroShotThemeClassifier(emb))),
            (f"zeroshot-calibrated[{emb}]", "zeroshot", emb, ZeroShotThemeClassifier(emb)),
        ]
    return rows


#: Miner settings (min_docs, min_precision, top_k) compared by inner CV in "settings by inner CV".
#: The first is TermMiner's default, fixed before any run; the others were added after looking at
#: it, which is why the row that picks among them does so by inner CV only.
MINER_GRID = [(2, 0.5, 20), (2, 0.7, 20), (3, 0.5, 20), (3, 0.7, 20), (2, 0.5, 5), (2, 0.7, 50)]


def honest_candidates():
    """Seed-feature variants whose seed terms use nothing from held-out documents (see README)."""
    from giptext.themes import TfidfThemeClassifier
    from giptext.themes.mining import TermMiner

    def chars(**kw):
        return TfidfThemeClassifier(words=False, seed_weight=1.0, random_state=SEED, **kw)

    return [
        ("tfidf[chars]+names", "tfidf", "", chars(seeds="mined", miner=TermMiner(top_k=0))),
        ("tfidf[chars]+mined", "tfidf", "", chars(seeds="mined")),
        ("tfidf+mined", "tfidf", "", TfidfThemeClassifier(seed_weight=1.0, seeds="mined", random_state=SEED)),
        ("tfidf[chars]+mined, settings by inner CV", "tfidf", "",
         InnerSelect([chars(seeds="mined", miner=TermMiner(min_docs=d, min_precision=p, top_k=k))
                      for d, p, k in MINER_GRID])),
        ("tfidf[chars]+mined(separate columns)", "tfidf", "", chars(seeds="mined", seed_blocks="separate")),
        ("tfidf[chars]+hand seeds attested in training", "tfidf", "", chars(seeds="attested")),
        ("tfidf[chars]+hand seeds+mined", "tfidf", "", chars(seeds="codebook+mined")),
    ]


class InnerSelect:
    """Pick one of ``candidates`` by grouped 5-fold CV on the training data only, then refit it.

    Nested inside the outer CV, this gives an honest score for "tuned" settings: the choice
    never sees the outer held-out documents. Selection: macro-F1 over labels with ≥ 3 examples.
    """

    def __init__(self, candidates, n_splits: int = 5):
        self.candidates = candidates
        self.n_splits = n_splits

    def get_params(self, deep=True):
        return {"candidates": self.candidates, "n_splits": self.n_splits}

    def set_params(self, **p):
        for k, v in p.items():
            setattr(self, k, v)
        return self

    def fit(self, X, Y, groups=None):
        from sklearn.base import clone

        from giptext.eval.themes import cross_validate
        from giptext.themes.codebook import LABELS

        scores = []
        for est in self.candidates:
            res = cross_validate(est, X, Y, groups, n_splits=self.n_splits, classes=list(LABELS))
            scores.append(res.scores(3)["macro_f1"])
        self.scores_ = scores
        self.best_index_ = int(np.argmax(scores))
        print(f"   inner CV picked #{self.best_index_} {[round(s, 3) for s in scores]}", file=sys.stderr, flush=True)
        self.best_ = clone(self.candidates[self.best_index_]).fit(X, Y, groups=groups)
        self.classes_ = self.best_.classes_
        return self

    def predict_proba(self, X):
        return self.best_.predict_proba(X)

    def predict(self, X):
        return self.best_.predict(X)


class _NoLabels:
    """Wraps a zero-shot classifier so CV fits it without labels (the no-labelled-data use)."""

    def __init__(self, est):
        self.est = est

    def get_params(self, deep=True):
        return {"est": self.est}

    def set_params(self, **p):
        self.est = p.get("est", self.est)
        return self

    def fit(self, X, Y, groups=None):
        self.est.fit()
        self.classes_ = self.est.classes_
        return self

    def predict_proba(self, X):
        return self.est.predict_proba(X)

    def predict(self, X):
        return self.est.predict(X)


def run(corpus: Path, quick: bool, only: list[str] | None) -> pd.DataFrame:
    from giptext.eval.themes import MIN_SUPPORT, cross_validate, gold_table
    from giptext.themes.codebook import LABELS

    gold = gold_table(corpus)
    texts = gold["text"].tolist()
    labels = [list(t) for t in gold["themes"]]
    groups = gold["id"].to_numpy()
    rows = []
    for name, family, emb, est in candidates(quick):
        if only and not any(o in name for o in only):
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            res = cross_validate(est, texts, labels, groups, n_splits=5, classes=list(LABELS))
        except Exception as exc:  # an embedder that is not available here: recorded, not fatal
            traceback.print_exc()
            rows.append({"model": name, "family": family, "embedder": emb, "error": f"{type(exc).__name__}: {exc}"})
            continue
        s = res.scores(MIN_SUPPORT)
        row = {
            "model": name, "family": family, "embedder": emb,
            "macro_f1": round(s["macro_f1"], 4), "micro_f1": round(s["micro_f1"], 4),
            "samples_f1": round(s["samples_f1"], 4),
            "train_s": round(res.fit_seconds, 2), "predict_s": round(res.predict_seconds, 3),
            "predict_per_s": round(len(texts) / max(res.predict_seconds, 1e-9), 1),
            "wall_s": round(time.perf_counter() - t0, 1), "error": "",
        }
        for _, r in s["per_label"].iterrows():
            row[f"f1_{r['label']}"] = round(float(r["f1"]), 4)
        rows.append(row)
        print(f"   macro-F1 {row['macro_f1']:.3f}  micro-F1 {row['micro_f1']:.3f}", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


#: Row order of the results table (rows re-run with --only are merged back into place).
ROW_ORDER = [
    "lexicon", "tfidf", "tfidf+seeds", "tfidf[chars only]", "tfidf[chars only]+seeds(substring)",
    "ensemble(lexicon, tfidf+seeds)", "embedding[static-zh]", "zeroshot[static-zh]", "zeroshot-calibrated[static-zh]",
    "embedding[e5-small]", "zeroshot[e5-small]", "zeroshot-calibrated[e5-small]",
]


def seed_source(model: str) -> str:
    """Where a model's prior terms come from, and so whether its CV score is optimistic."""
    if "attested" in model:
        return "hand ∩ training fold (partly optimistic)"
    if "hand seeds+mined" in model:
        return "hand + mined (optimistic)"
    if "mined" in model:
        return "names + mined in training fold (honest)"
    if "names" in model:
        return "label names only (honest)"
    if model == "lexicon" or "seeds" in model or model.startswith("ensemble"):
        return "hand-written (optimistic)"
    if model.startswith("zeroshot"):
        return "description + hand terms (optimistic)"
    return "none (honest)"


def write_outputs(df: pd.DataFrame, corpus: Path, out: Path) -> None:
    from giptext.eval.themes import MIN_SUPPORT, gold_table

    out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out / "results.csv", index=False)
    gold = gold_table(corpus)
    support = gold["themes"].explode().value_counts()
    ok = df[df.get("error", "").fillna("") == ""] if "error" in df else df
    lines = [
        "# Theme classifiers: 5-fold CV grouped by document",
        "",
        f"Corpus: `{corpus.name}` — {len(gold)} statements from {gold['id'].nunique()} documents. "
        f"macro-F1 averages the labels with ≥ {MIN_SUPPORT} examples; train/predict seconds are summed over the 5 folds "
        "(shared 2-core machine: times are indicative).",
        "",
        "Seed terms: *optimistic* = written by hand after reading all dev statements, held-out ones included; "
        "*honest* = nothing derived from the held-out documents (see README).",
        "",
        "| model | seed terms | macro-F1 | micro-F1 | samples-F1 | train s | predict s | statements/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in ok.iterrows():
        lines.append(f"| {r['model']} | {seed_source(r['model'])} | {r['macro_f1']:.3f} | {r['micro_f1']:.3f} | "
                     f"{r['samples_f1']:.3f} | "
                     f"{r['train_s']:.1f} | {r['predict_s']:.2f} | {r['predict_per_s']:.0f} |")
    for _, r in df.iterrows():
        if isinstance(r.get("error"), str) and r["error"]:
            lines.append(f"| {r['model']} | | not run: {r['error'][:120]} | | | | | |")
    f1_cols = [c for c in df.columns if c.startswith("f1_")]
    if len(ok) and f1_cols:
        lines += ["", "## F1 per label", "", "| label | n | " + " | ".join(ok["model"]) + " |",
                  "|---|---|" + "---|" * len(ok)]
        for c in f1_cols:
            lab = c[3:]
            lines.append(f"| {lab} | {int(support.get(lab, 0))} | " + " | ".join(f"{v:.2f}" for v in ok[c]) + " |")
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not len(ok):
        return
    fig, axes = plt.subplots(1, 2, figsize=(15, max(4, 0.45 * len(ok) + 2)),
                             gridspec_kw={"width_ratios": [1, 2.2]})
    y = np.arange(len(ok))
    axes[0].barh(y - 0.2, ok["macro_f1"], height=0.4, label="macro-F1")
    axes[0].barh(y + 0.2, ok["micro_f1"], height=0.4, label="micro-F1")
    axes[0].axvline(0.8, color="grey", ls="--", lw=1)
    axes[0].set_yticks(y, ok["model"])
    axes[0].invert_yaxis()
    axes[0].set_xlim(0, 1)
    axes[0].legend(loc="lower right")
    axes[0].set_title("5-fold CV grouped by document")
    M = ok[f1_cols].to_numpy(dtype=float)
    im = axes[1].imshow(M, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    axes[1].set_xticks(range(len(f1_cols)), [f"{c[3:]}\n({int(support.get(c[3:], 0))})" for c in f1_cols],
                       rotation=60, ha="right", fontsize=8)
    axes[1].set_yticks(y, ok["model"])
    for i in range(M.shape[0]):
        for j in range(M.shape[1]):
            axes[1].text(j, i, f"{M[i, j]:.2f}", ha="center", va="center", fontsize=6,
                         color="white" if M[i, j] < 0.5 else "black")
    axes[1].set_title("F1 per label (n = gold examples)")
    fig.colorbar(im, ax=axes[1], shrink=0.8)
    fig.tight_layout()
    fig.savefig(out / "results.png", dpi=120)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None, help="annotated corpus (default: shared/dev)")
    ap.add_argument("--quick", action="store_true", help="lexicon and TF-IDF models only")
    ap.add_argument("--only", nargs="*", help="run models whose name contains one of these strings")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    from giptext.annotated import shared_dir

    corpus = args.corpus or shared_dir() / "dev"
    df = run(corpus, args.quick, args.only)
    if args.only and (args.out / "results.csv").is_file():
        # Merge into earlier results, replacing rows of the models re-run.
        old = pd.read_csv(args.out / "results.csv", keep_default_na=False)
        df = pd.concat([old[~old["model"].isin(df["model"])], df], ignore_index=True)
    order = {name: i for i, name in enumerate(ROW_ORDER)}
    df = df.iloc[sorted(range(len(df)), key=lambda i: (order.get(df["model"].iloc[i], len(order)), i))]
    write_outputs(df.reset_index(drop=True), corpus, args.out)
    print((args.out / "results.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
