"""Scoring against annotated corpora: sections, themes, reuse.

Each module exposes ``evaluate(corpus_dir, **options) -> EvalReport``.
"""
from giptext.eval._base import EvalReport

__all__ = ["EvalReport"]
