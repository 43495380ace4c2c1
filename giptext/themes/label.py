"""Label every statement of reports with themes: one DataFrame row per statement.

Used by :meth:`giptext.Report.themes`, :func:`label_corpus` and ``giptext themes``.

Example::

    >>> from giptext import read_report
    >>> df = label_reports([read_report("report.txt")])          # doctest: +SKIP
    >>> df[["doc", "kind", "text", "labels"]].head()              # doctest: +SKIP
"""
from __future__ import annotations

import os
from typing import Any, Iterable

import numpy as np
import pandas as pd

#: Columns of the frame :func:`label_reports` returns, in order.
COLUMNS = ["doc", "agency", "year", "level", "kind", "section", "start", "end", "text", "labels", "scores"]


def resolve_model(model: Any = None) -> Any:
    """``None`` → the shipped default; a name or path → :func:`giptext.themes.load`; else as is."""
    if model is None:
        from giptext.themes import load_default

        return load_default()
    if isinstance(model, str) or hasattr(model, "__fspath__"):
        from giptext.themes import load

        return load(model)
    return model


def _score_chunk(model: Any, texts: list[str]) -> np.ndarray:
    return model.predict_proba(texts)


def label_texts(texts: list[str], model: Any = None, n_jobs: int = 1,
                batch_size: int = 5000) -> tuple[list[list[str]], list[dict[str, float]]]:
    """Labels and per-label scores (of the labels assigned) for plain statement texts.

    ``n_jobs`` > 1 (or -1: all cores) scores batches of at most ``batch_size`` texts in that
    many worker processes (joblib); worth it from tens of thousands of statements, since each
    batch ships a copy of the model. Results do not depend on ``n_jobs``.
    """
    from giptext.themes._base import decide, indicator_to_labels

    model = resolve_model(model)
    texts = list(texts)
    if not texts:
        return [], []
    if n_jobs != 1 and len(texts) > batch_size:
        from joblib import Parallel, delayed

        # Equal chunks, a multiple of n_jobs in number, so no worker is left with the tail alone.
        workers = n_jobs if n_jobs > 0 else os.cpu_count() or 1
        n_chunks = -(-len(texts) // batch_size)
        n_chunks = -(-n_chunks // workers) * workers
        size = -(-len(texts) // n_chunks)
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        P = np.vstack(Parallel(n_jobs=n_jobs)(delayed(_score_chunk)(model, c) for c in chunks))
    else:
        P = model.predict_proba(texts)
    if hasattr(model, "indicator_from_proba"):
        B = model.indicator_from_proba(P)  # scored once, decided once
    else:
        B = decide(P, getattr(model, "thresholds_", np.full(P.shape[1], 0.5)))
    cls = list(model.classes_)
    labels = indicator_to_labels(B, cls)
    rows, cols = np.nonzero(B)
    scores: list[dict[str, float]] = [{} for _ in texts]
    for i, j, v in zip(rows.tolist(), cols.tolist(), P[rows, cols].tolist()):
        scores[i][cls[j]] = round(v, 4)
    return labels, scores


def label_reports(reports: Iterable[Any], model: Any = None) -> pd.DataFrame:
    """Label the problem/improvement statements of ``reports``; one row per statement.

    Columns: ``doc`` (report id), ``agency``, ``year``, ``level``, ``kind``
    ('problem' | 'improvement'), ``section``, ``start``/``end`` (offsets into
    ``Report.text``), ``text``, ``labels`` (list of theme labels) and ``scores``
    (label → score of each assigned label).
    """
    rows = []
    for r in reports:
        for st in r.statements():
            rows.append(
                {
                    "doc": r.id, "agency": r.meta.agency, "year": r.meta.year, "level": r.meta.level,
                    "kind": st.kind, "section": st.section, "start": st.start, "end": st.end, "text": st.text,
                }
            )
    df = pd.DataFrame(rows, columns=COLUMNS[:-2])
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    labels, scores = label_texts(df["text"].tolist(), model)
    df["labels"] = labels
    df["scores"] = scores
    df["year"] = pd.array([None if v is None or (isinstance(v, float) and np.isnan(v)) else int(v)
                           for v in df["year"]], dtype="Int64")
    return df[COLUMNS]


def label_corpus(corpus: Any, model: Any = None) -> pd.DataFrame:
    """:func:`label_reports` over every report of a :class:`giptext.Corpus` (or any iterable)."""
    return label_reports(list(corpus), model=model)


def theme_counts(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """How many statements carry each label (overall, or per value of column ``by``)."""
    long = frame.explode("labels").dropna(subset=["labels"])
    if by is None:
        return long["labels"].value_counts().rename_axis("label").reset_index(name="statements")
    return pd.crosstab(long["labels"], long[by])


__all__ = ["label_reports", "label_corpus", "label_texts", "theme_counts", "resolve_model", "COLUMNS"]
