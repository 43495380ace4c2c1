"""The contract every theme classifier follows, and saving/loading without pickle.

A theme classifier is a scikit-learn estimator for multi-label text classification:

- ``fit(X, Y, groups=None)``: ``X`` a list of statement texts; ``Y`` a list of label lists
  (``[["content", "timeliness"], ["other"], ...]``) or a binary indicator matrix. ``groups``
  (e.g. the document id of each statement) keeps one document's statements on one side of
  any internal cross-validation. Returns ``self``.
- ``predict(X) -> list[list[str]]`` (labels in ``classes_`` order; at least one per text),
  ``predict_proba(X) -> ndarray (n, n_labels)``, ``predict_indicator(X) -> ndarray``,
  ``classes_``.
- Settings in ``__init__``, no work there; learned state ends in ``_``; clonable; usable as
  the last step of a :class:`~sklearn.pipeline.Pipeline`.
- ``save(path)`` / :func:`load_model` use skops: a model file cannot run code on load.

Example::

    >>> from giptext.themes import TfidfThemeClassifier
    >>> clf = TfidfThemeClassifier().fit(texts, labels)          # doctest: +SKIP
    >>> clf.predict(["信息更新不及时"])                             # doctest: +SKIP
    [['timeliness']]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from giptext.errors import ConfigError, ModelNotAvailableError
from giptext.themes.codebook import LABELS, OTHER

#: Threshold grid searched when per-label thresholds are tuned on out-of-fold scores.
THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.05), 2)


def as_texts(X: Any) -> list[str]:
    """Accept a list/array/Series of strings (or a single string column); return ``list[str]``."""
    if isinstance(X, str):
        raise ConfigError(None, "expected a list of texts, got a single string")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        if X.shape[1] != 1:
            raise ConfigError(None, f"expected one text column, got {X.shape[1]}")
        X = X[:, 0] if isinstance(X, np.ndarray) else X.iloc[:, 0]
    out = []
    for x in X:
        if x is None or (isinstance(x, float) and np.isnan(x)):
            out.append("")
        elif not isinstance(x, str):
            raise ConfigError(None, f"expected texts, got {type(x).__name__}")
        else:
            out.append(x)
    return out


def label_order(labels: Iterable[str]) -> list[str]:
    """Labels in codebook order; labels outside the codebook follow, sorted."""
    seen = set(labels)
    known = [lab for lab in LABELS if lab in seen]
    return known + sorted(seen - set(LABELS))


def binarize(Y: Any, classes: Sequence | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``Y`` (label lists or an indicator matrix) → ``(indicator int8 matrix, classes)``."""
    if hasattr(Y, "toarray"):
        Y = Y.toarray()
    if isinstance(Y, np.ndarray) and Y.ndim == 2 and Y.dtype != object:
        B = (Y != 0).astype(np.int8)
        cls = np.asarray(classes) if classes is not None else np.arange(B.shape[1])
        if len(cls) != B.shape[1]:
            raise ConfigError(None, f"Y has {B.shape[1]} columns but {len(cls)} classes")
        return B, cls
    rows = []
    for y in Y:
        if isinstance(y, str):
            y = [y]
        rows.append([str(v) for v in y])
    cls = list(classes) if classes is not None else label_order(v for r in rows for v in r)
    index = {c: j for j, c in enumerate(cls)}
    B = np.zeros((len(rows), len(cls)), dtype=np.int8)
    for i, r in enumerate(rows):
        for v in r:
            if v in index:
                B[i, index[v]] = 1
    return B, np.asarray(cls, dtype=object)


def tune_thresholds(P: np.ndarray, Y: np.ndarray, grid: np.ndarray = THRESHOLD_GRID, min_pos: int = 3) -> np.ndarray:
    """Per-label thresholds maximising F1 of out-of-fold scores ``P`` against ``Y``.

    F1 is smoothed over neighbouring grid points before taking the best one, so a
    threshold sits in a broad good region rather than on one lucky value; labels with
    fewer than ``min_pos`` positives keep 0.5.
    """
    th = np.full(P.shape[1], 0.5)
    for j in range(P.shape[1]):
        y = Y[:, j].astype(bool)
        if y.sum() < min_pos:
            continue
        f1 = []
        for t in grid:
            pred = P[:, j] >= t
            tp = np.sum(pred & y)
            denom = pred.sum() + y.sum()
            f1.append(0.0 if denom == 0 else 2 * tp / denom)
        f1 = np.convolve(np.pad(f1, 1, mode="edge"), np.ones(3) / 3, mode="valid")
        th[j] = grid[int(np.argmax(f1))]
    return th


def decide(P: np.ndarray, thresholds: np.ndarray, at_least_one: bool = True) -> np.ndarray:
    """Indicator matrix from scores: ``P >= thresholds``; an empty row gets its best label.

    The best label is the one furthest above (or least below) its threshold, relative to it.
    """
    B = (P >= thresholds).astype(np.int8)
    if at_least_one and len(P):
        empty = B.sum(axis=1) == 0
        if empty.any():
            rel = P[empty] / np.maximum(thresholds, 1e-9)
            B[np.flatnonzero(empty), rel.argmax(axis=1)] = 1
    return B


def indicator_to_labels(B: np.ndarray, classes: Sequence) -> list[list[str]]:
    """Rows of an indicator matrix as label lists (in ``classes`` order), without a loop per cell."""
    cls = list(classes)
    out: list[list[str]] = [[] for _ in range(len(B))]
    rows, cols = np.nonzero(B)  # row-major, so each row's labels come in column order
    for i, j in zip(rows.tolist(), cols.tolist()):
        out[i].append(cls[j])
    return out


def fit_quietly(model: Any, X: Any, Y: np.ndarray) -> Any:
    """``model.fit(X, Y)`` without one-vs-rest's warning for a label absent from a fold (expected
    with rare labels: that label's model then predicts its constant prior)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        return model.fit(X, Y)


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Base class: multi-label theme classifier over statement texts.

    Subclasses implement ``_fit(texts, Y, groups)`` (``Y`` an int8 indicator matrix aligned
    with ``classes_``) and ``_scores(texts) -> ndarray`` (scores in [0, 1]); they may set
    ``thresholds_`` (default 0.5 each).
    """

    #: Assign the best-scoring label when no label clears its threshold (every gold statement has one).
    at_least_one = True

    def fit(self, X: Any, Y: Any, groups: Sequence | None = None):
        """Learn from texts ``X`` and label lists (or an indicator matrix) ``Y``; returns ``self``."""
        texts = as_texts(X)
        B, classes = binarize(Y)
        if len(texts) != len(B):
            raise ConfigError(None, f"X has {len(texts)} texts but Y has {len(B)} rows")
        if groups is not None and len(groups) != len(texts):
            raise ConfigError(None, f"groups has {len(groups)} entries for {len(texts)} texts")
        self.classes_ = classes
        self.thresholds_ = np.full(len(classes), 0.5)
        self._fit(texts, B, None if groups is None else np.asarray(groups))
        return self

    def _fit(self, texts: list[str], Y: np.ndarray, groups: np.ndarray | None) -> None:  # pragma: no cover
        raise NotImplementedError

    def _scores(self, texts: list[str]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def predict_proba(self, X: Any) -> np.ndarray:
        """Scores in [0, 1], shape ``(n_texts, len(classes_))`` (independent per label)."""
        check_is_fitted(self, "classes_")
        texts = as_texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        return np.asarray(self._scores(texts), dtype=float)

    def predict_indicator(self, X: Any) -> np.ndarray:
        """Binary indicator matrix aligned with ``classes_``."""
        return self.indicator_from_proba(self.predict_proba(X))

    def indicator_from_proba(self, P: np.ndarray) -> np.ndarray:
        """The decision ``predict_indicator`` takes on scores ``P`` (lets callers score once)."""
        return decide(P, self.thresholds_, self.at_least_one)

    def predict(self, X: Any) -> list[list[str]]:
        """Labels of each text (a list per text, in ``classes_`` order)."""
        return indicator_to_labels(self.predict_indicator(X), self.classes_)

    def score(self, X: Any, Y: Any, sample_weight=None) -> float:
        """Micro-averaged F1 of ``predict(X)`` against ``Y`` (the default scorer for CV)."""
        from sklearn.metrics import f1_score

        B_true, _ = binarize(Y, classes=self.classes_)
        return float(f1_score(B_true, self.predict_indicator(X), average="micro", zero_division=0,
                              sample_weight=sample_weight))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.two_d_labels = True
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        tags.non_deterministic = False
        return tags

    def __getstate__(self):
        # Caches (tokenizers, loaded embedders, spaCy pipelines) are rebuilt lazily; never saved.
        state = super().__getstate__() if hasattr(super(), "__getstate__") else self.__dict__.copy()
        return {k: v for k, v in state.items() if not k.startswith("_cache")}

    def save(self, path: str | Path) -> Path:
        """Write the fitted model to ``path`` with skops (no pickle)."""
        return save_model(self, path)


def save_model(model: Any, path: str | Path) -> Path:
    """Save ``model`` with :func:`skops.io.dump`."""
    import skops.io as sio

    from giptext._atomic import atomic_path

    p = Path(path)
    with atomic_path(p) as tmp:
        sio.dump(model, tmp)
    return p


def load_model(path: str | Path, trusted: Sequence[str] = (),
               trusted_embedders: Sequence[str] = ()) -> Any:
    """Load a model saved by :func:`save_model`, refusing anything giptext's own models do not hold.

    The file's types must all be in the exact allow-list
    :data:`giptext.themes._trust.MODEL_TYPES` (plus ``trusted``, exact fully-qualified names
    you vouch for); otherwise :class:`ConfigError` names the refused types and nothing in
    the file is built. An embedder named inside the model must be one giptext ships, or
    listed in ``trusted_embedders``.
    """
    import io

    import skops.io as sio

    from giptext.themes._trust import check_embedders, read_checked

    p = Path(path)
    if not p.is_file():
        raise ModelNotAvailableError(p, "model file not found")
    data, ok = read_checked(p, trusted)
    try:
        model = sio.load(io.BytesIO(data), trusted=ok)
    except Exception as exc:  # a file that passed the type check but does not build
        raise ConfigError(p, f"model file does not load ({type(exc).__name__}: {exc})") from None
    check_embedders(p, model, trusted_embedders)
    return model


__all__ = [
    "ThemeClassifier",
    "as_texts",
    "binarize",
    "label_order",
    "tune_thresholds",
    "decide",
    "save_model",
    "load_model",
    "fit_quietly",
    "indicator_to_labels",
    "THRESHOLD_GRID",
    "OTHER",
]
