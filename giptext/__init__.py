"""giptext: sections, issue themes and copied text in Chinese government information
disclosure annual reports (政府信息公开工作年度报告).

Public API (imported lazily, so ``import giptext`` stays fast)::

    >>> import giptext
    >>> r = giptext.parse_report("某县商务局2021年政府信息公开工作年度报告\\n一、总体情况\\n……")
    >>> r.meta.year
    2021

``read_report(path)``, ``parse_report(text)``, ``Corpus.from_dir(path)``, ``analyze(corpus)``,
``load_nlp()``; errors live in :mod:`giptext.errors`.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from giptext._version import __version__
from giptext.errors import (
    ConfigError,
    CorpusError,
    DecodeError,
    GiptextError,
    ModelNotAvailableError,
    NeedsOCRError,
    ReadError,
    UnsupportedFormatError,
)
from giptext.report import Meta, Report, Section, Statement

_LAZY = {
    "read_report": "giptext.io",
    "parse_report": "giptext.io",
    "Corpus": "giptext.corpus",
    "analyze": "giptext.analyze",
    "load_nlp": "giptext.sections.spacy_component",
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'giptext' has no attribute {name!r}")
    value = getattr(import_module(mod), name)
    globals()[name] = value
    return value


__all__ = [
    "__version__",
    "read_report",
    "parse_report",
    "Corpus",
    "analyze",
    "load_nlp",
    "Report",
    "Meta",
    "Section",
    "Statement",
    "GiptextError",
    "ReadError",
    "UnsupportedFormatError",
    "DecodeError",
    "NeedsOCRError",
    "CorpusError",
    "ModelNotAvailableError",
    "ConfigError",
]
