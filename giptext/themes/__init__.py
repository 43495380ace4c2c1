"""Theme labelling of problem and improvement statements (the 16-label codebook).

Classifiers (scikit-learn estimators; multi-label; ``predict`` gives label lists):

- :class:`LexiconThemeClassifier` — codebook seed terms, spaCy PhraseMatcher over jieba tokens.
- :class:`TfidfThemeClassifier` — char n-grams + jieba words, one-vs-rest logistic regression.
- :class:`EmbeddingThemeClassifier` — sentence embeddings + logistic regression.
- :class:`ZeroShotThemeClassifier` — cosine similarity to the codebook descriptions.

:class:`TermMiner` learns seed terms from labelled statements instead of the hand-written
ones (``TfidfThemeClassifier(seed_weight=1, seeds="mined")``), for an evaluation in which
nothing comes from held-out documents.

``load_default()`` gives the shipped model (``models/themes-default``); ``label_reports``
labels every statement of reports; ``discover`` clusters statements to find themes the
codebook lacks.

Example::

    >>> from giptext.themes import load_default
    >>> load_default().predict(["信息更新不够及时", "加强业务培训"])    # doctest: +SKIP
    [['timeliness'], ['staff']]
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from giptext.errors import ModelNotAvailableError
from giptext.embed._base import shipped_models_dirs
from giptext.themes._base import ThemeClassifier, load_model, save_model
from giptext.themes.codebook import LABELS, Codebook, Theme, load_codebook
from giptext.themes.discover import Discovery, discover  # the function shadows the submodule name
from giptext.themes.label import label_corpus, label_reports, label_texts, theme_counts
from giptext.themes.lexicon import LexiconThemeClassifier
from giptext.themes.mining import TermMiner
from giptext.themes.tfidf import TfidfThemeClassifier

#: Folder name of the shipped default model under ``models/``.
DEFAULT_MODEL = "themes-default"
#: File name of a saved model inside its folder.
MODEL_FILE = "model.skops"


_LOADED: dict[str, Any] = {}


def load_default() -> ThemeClassifier:
    """The shipped default theme model (trained on the dev corpus and ``corpora/labelled``; see its
    MODEL_CARD.md); loaded once per process."""
    return load(DEFAULT_MODEL)


def load(name_or_path: str | os.PathLike) -> ThemeClassifier:
    """A theme model by name: ``"default"``/``"themes-default"``, ``"lexicon"`` (untrained
    baseline), a folder under ``models/``, a model folder, or a ``.skops`` file."""
    name = str(name_or_path)
    if name in ("default", DEFAULT_MODEL):
        name = DEFAULT_MODEL
    if name == "lexicon":
        return LexiconThemeClassifier().fit()
    if name in _LOADED:
        return _LOADED[name]
    p = Path(name)
    # shipped models: the same folders, in the same order, as every other model giptext loads
    candidates = [p / MODEL_FILE, p] if p.exists() else [d / name / MODEL_FILE for d in shipped_models_dirs()]
    for c in candidates:
        if c.is_file():
            model = load_model(c)
            _LOADED[name] = model
            return model
    raise ModelNotAvailableError(
        candidates[0], "theme model not found (build it with experiments/themes/train_default.py, "
        "or point GIPTEXT_MODELS_DIR at a models folder)"
    )


def __getattr__(name: str) -> Any:
    # Embedding-based classes and discovery pull in torch only when asked for.
    lazy = {
        "EmbeddingThemeClassifier": "giptext.themes.embedding",
        "ZeroShotThemeClassifier": "giptext.themes.zeroshot",
    }
    if name in lazy:
        from importlib import import_module

        return getattr(import_module(lazy[name]), name)
    raise AttributeError(f"module 'giptext.themes' has no attribute {name!r}")


__all__ = [
    "ThemeClassifier",
    "LexiconThemeClassifier",
    "TfidfThemeClassifier",
    "TermMiner",
    "EmbeddingThemeClassifier",
    "ZeroShotThemeClassifier",
    "load_default",
    "load",
    "load_model",
    "save_model",
    "shipped_models_dirs",
    "label_reports",
    "label_corpus",
    "label_texts",
    "theme_counts",
    "discover",
    "Discovery",
    "load_codebook",
    "Codebook",
    "Theme",
    "LABELS",
]
