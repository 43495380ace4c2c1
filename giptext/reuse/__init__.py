"""Boilerplate and reuse detection across reports.

``detect(reports)`` finds passages copied between reports (verbatim, near, optionally
paraphrase), groups them into families, flags template text and self/cross-agency reuse,
and scores each report's originality; ``diff_reports(a, b)`` compares one agency's two
years section by section. ``threshold`` is the one knob most users need; the engine's other
settings are grouped by stage in :mod:`giptext.reuse.settings` (``LSHSettings``,
``AlignSettings``, ``TemplateSettings``, ``ParaphraseSettings``) and passed through
``detect(settings=...)`` and ``detect(paraphrase=...)``. ``documents(reports, sections=...)``
gives the documents a run compares, in its order, with their sections (for studies).
``Archive`` (:mod:`giptext.reuse.archive`) keeps an indexed archive on disk and checks one
new report against it with the answers ``detect`` would give.

Example::

    >>> from giptext.reuse import detect
    >>> res = detect({"a": "我局认真贯彻落实条例，强化组织领导，完善工作机制。",
    ...               "b": "我镇认真贯彻落实条例，强化组织领导，完善工作机制。"}, sections="all")
    >>> len(res.passages)
    1
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from giptext.reuse.detect import detect
from giptext.reuse.documents import NARRATIVE, Document, compared_labels, documents
from giptext.reuse.result import ReuseResult
from giptext.reuse.settings import (
    AlignSettings,
    LSHSettings,
    ParaphraseSettings,
    ReuseSettings,
    TemplateSettings,
)


def __getattr__(name: str) -> Any:
    if name == "diff_reports":
        return import_module("giptext.reuse.diff").diff_reports
    if name in ("Archive", "ArchiveError", "CheckResult"):
        return getattr(import_module("giptext.reuse.archive"), name)
    raise AttributeError(f"module 'giptext.reuse' has no attribute {name!r}")


__all__ = ["detect", "ReuseResult", "diff_reports", "Archive", "ArchiveError", "CheckResult", "NARRATIVE", "Document", "documents", "compared_labels",
           "AlignSettings", "LSHSettings",
           "ParaphraseSettings", "ReuseSettings", "TemplateSettings"]
