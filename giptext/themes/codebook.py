"""The theme codebook (package data ``codebook.json``): labels, names, descriptions, seed terms.

Example::

    >>> cb = load_codebook()
    >>> cb.labels[:3]
    ('awareness', 'mechanism', 'content')
    >>> cb["timeliness"].zh
    '时效/及时性'
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from giptext.errors import ConfigError

#: The label a statement gets when no other theme applies.
OTHER = "other"


@dataclass(frozen=True)
class Theme:
    """One codebook entry."""

    label: str
    zh: str
    description: str
    description_zh: str
    seed_terms: tuple[str, ...]

    def prompt(self) -> str:
        """Text the zero-shot classifier embeds for this theme (Chinese name, description, seed terms)."""
        terms = "、".join(self.seed_terms[:12])
        return f"{self.zh}：{self.description_zh}" + (f"（{terms}）" if terms else "")


@dataclass(frozen=True)
class Codebook:
    """An ordered collection of :class:`Theme` entries."""

    themes: tuple[Theme, ...]
    version: int = 1

    @property
    def labels(self) -> tuple[str, ...]:
        """Label names in codebook order."""
        return tuple(t.label for t in self.themes)

    def __getitem__(self, label: str) -> Theme:
        for t in self.themes:
            if t.label == label:
                return t
        raise KeyError(label)

    def __len__(self) -> int:
        return len(self.themes)

    def __iter__(self):
        return iter(self.themes)

    def to_frame(self):
        """The codebook as a pandas DataFrame (one row per label)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {"label": t.label, "zh": t.zh, "description": t.description, "seed_terms": "、".join(t.seed_terms)}
                for t in self.themes
            ]
        )


def _parse(data: dict, where: str) -> Codebook:
    try:
        entries = data["labels"]
        themes = tuple(
            Theme(
                label=str(e["label"]),
                zh=str(e.get("zh", "")),
                description=str(e.get("description", "")),
                description_zh=str(e.get("description_zh", e.get("description", ""))),
                seed_terms=tuple(str(s) for s in e.get("seed_terms", [])),
            )
            for e in entries
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(where, f"malformed codebook ({exc!r})") from None
    labels = [t.label for t in themes]
    if len(set(labels)) != len(labels):
        raise ConfigError(where, "codebook has duplicate labels")
    return Codebook(themes=themes, version=int(data.get("version", 1)))


@lru_cache(maxsize=1)
def _default() -> Codebook:
    text = resources.files("giptext.themes").joinpath("codebook.json").read_text(encoding="utf-8")
    return _parse(json.loads(text), "giptext/themes/codebook.json")


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load the shipped codebook, or a JSON file with the same layout (``{"labels": [...]}``)."""
    if path is None:
        return _default()
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(p, "codebook file not found") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(p, f"codebook is not valid JSON ({exc.msg})") from None
    return _parse(data, str(p))


LABELS: tuple[str, ...] = (
    "awareness", "mechanism", "content", "timeliness", "channels", "platform", "interpretation", "staff",
    "coordination", "requests", "supervision", "keyareas", "grassroots", "publicity", "confidentiality", "other",
)

__all__ = ["Theme", "Codebook", "load_codebook", "LABELS", "OTHER"]
