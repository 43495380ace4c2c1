"""Theme labelling scores: grouped-by-document cross-validation on ``gold_themes.jsonl``.

``evaluate(corpus_dir)`` refits the default model's estimator (an unfitted clone with the
same settings) in 5 folds grouped by document, so a report's statements are never on both
sides, and scores the out-of-fold predictions: macro-F1 over labels with at least 5
examples, micro-F1, and F1 per label.

Example (not run as a doctest: it reads ``../shared/dev``, which is not in the repository)::

    >>> rep = evaluate("../shared/dev")          # doctest: +SKIP
    >>> round(rep.summary["macro_f1"], 2)        # doctest: +SKIP
    0.8
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold

from giptext.errors import CorpusError
from giptext.eval._base import EvalReport

#: Labels with fewer gold examples than this are left out of macro-F1 (too few to score).
MIN_SUPPORT = 5


@dataclass
class CVResult:
    """Out-of-fold predictions of one estimator and the time it took."""

    classes: list[str]
    Y_true: np.ndarray
    Y_pred: np.ndarray
    P: np.ndarray
    fit_seconds: float
    predict_seconds: float

    def scores(self, min_support: int = MIN_SUPPORT) -> dict[str, Any]:
        """macro-F1 (labels with ≥ ``min_support`` examples), micro-F1, per-label F1/P/R/support."""
        support = self.Y_true.sum(axis=0)
        keep = support >= min_support
        f1 = f1_score(self.Y_true, self.Y_pred, average=None, zero_division=0)
        prec = precision_score(self.Y_true, self.Y_pred, average=None, zero_division=0)
        rec = recall_score(self.Y_true, self.Y_pred, average=None, zero_division=0)
        return {
            "macro_f1": float(f1[keep].mean()) if keep.any() else float("nan"),
            "micro_f1": float(f1_score(self.Y_true, self.Y_pred, average="micro", zero_division=0)),
            "samples_f1": float(f1_score(self.Y_true, self.Y_pred, average="samples", zero_division=0)),
            "per_label": pd.DataFrame(
                {"label": self.classes, "support": support, "f1": f1, "precision": prec, "recall": rec}
            ),
        }


def gold_table(corpus_dir: str | Path) -> pd.DataFrame:
    """``gold_themes.jsonl`` of an annotated corpus as a DataFrame (id, text, kind, themes)."""
    from giptext.annotated import read_jsonl

    f = Path(corpus_dir) / "gold_themes.jsonl"
    if not f.is_file():
        raise CorpusError(f, "no gold_themes.jsonl in this corpus")
    df = pd.DataFrame(read_jsonl(f))
    missing = {"id", "text", "themes"} - set(df.columns)
    if missing:
        raise CorpusError(f, f"rows lack field(s) {', '.join(sorted(missing))}")
    df["id"] = df["id"].astype(str)
    return df


def cross_validate(estimator: Any, texts: list[str], labels: list[list[str]], groups, n_splits: int = 5,
                   classes: list[str] | None = None) -> CVResult:
    """Out-of-fold predictions of ``clone(estimator)`` over ``n_splits`` document-grouped folds.

    ``groups`` goes to the splitter and to ``fit`` (so internal tuning is grouped too).
    """
    from giptext.themes._base import binarize, label_order

    classes = list(classes) if classes is not None else label_order(v for r in labels for v in r)
    Y, _ = binarize(labels, classes=classes)
    groups = np.asarray(groups)
    texts = list(texts)
    Y_pred = np.zeros_like(Y)
    P = np.zeros(Y.shape, dtype=float)
    t_fit = t_pred = 0.0
    for tr, te in GroupKFold(n_splits=n_splits).split(texts, Y, groups):
        est = clone(estimator)
        t0 = time.perf_counter()
        est.fit([texts[i] for i in tr], [labels[i] for i in tr], groups=groups[tr])
        t1 = time.perf_counter()
        X_te = [texts[i] for i in te]
        probs = est.predict_proba(X_te)
        pred = est.predict(X_te)
        t_pred += time.perf_counter() - t1
        t_fit += t1 - t0
        col = {c: j for j, c in enumerate(est.classes_)}
        for k, i in enumerate(te):
            for j, c in enumerate(classes):
                if c in col:
                    P[i, j] = probs[k, col[c]]
            for lab in pred[k]:
                if lab in classes:
                    Y_pred[i, classes.index(lab)] = 1
    return CVResult(classes, Y, Y_pred, P, t_fit, t_pred)


def evaluate(corpus_dir: str | Path, estimator: Any = None, n_splits: int = 5) -> EvalReport:
    """Cross-validated theme scores of ``estimator`` (default: the shipped default model's settings)."""
    if estimator is None:
        from giptext.themes import load_default

        estimator = load_default()
    gold = gold_table(corpus_dir)
    if gold["id"].nunique() < n_splits:
        raise CorpusError(corpus_dir, f"gold_themes.jsonl covers fewer than {n_splits} documents")
    labels = [list(t) for t in gold["themes"]]
    res = cross_validate(estimator, gold["text"].tolist(), labels, gold["id"].to_numpy(), n_splits=n_splits)
    s = res.scores()
    per = s["per_label"]
    summary = {
        "model": type(estimator).__name__,
        "statements": len(gold),
        "documents": int(gold["id"].nunique()),
        "folds": n_splits,
        "macro_f1": s["macro_f1"],
        f"labels_in_macro (support>={MIN_SUPPORT})": int((per["support"] >= MIN_SUPPORT).sum()),
        "micro_f1": s["micro_f1"],
        "samples_f1": s["samples_f1"],
    }
    for _, r in per.iterrows():
        summary[f"f1_{r['label']}"] = float(r["f1"])
    worst = per.sort_values("f1").head(5)[["label", "support", "f1", "precision", "recall"]].reset_index(drop=True)
    return EvalReport("themes", summary, details=per, worst=worst)


__all__ = ["evaluate", "cross_validate", "gold_table", "CVResult", "MIN_SUPPORT"]
