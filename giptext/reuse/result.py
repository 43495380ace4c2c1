"""The result of a reuse run: :class:`ReuseResult` (pandas tables, texts, metadata).

Example::

    >>> from giptext.reuse import detect
    >>> res = detect({"a": "我局认真贯彻落实条例，强化组织领导，完善工作机制。",
    ...               "b": "我镇认真贯彻落实条例，强化组织领导，完善工作机制。"}, sections="all")
    >>> res.passages[["doc_a", "doc_b", "kind"]].values.tolist()
    [['a', 'b', 'verbatim']]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

PASSAGE_COLUMNS = [
    "doc_a", "start_a", "end_a", "text_a", "doc_b", "start_b", "end_b", "text_b",
    "similarity", "kind", "scope", "family", "template", "section_a", "section_b", "matched",
]
FAMILY_COLUMNS = [
    "family", "n_occurrences", "n_docs", "n_agencies", "years", "first_year", "first_doc",
    "template", "text",
]
OCCURRENCE_COLUMNS = ["family", "doc", "start", "end", "text", "agency", "year", "first"]


@dataclass
class ReuseResult:
    """Reused passages, their families and per-report originality.

    * ``passages``: one row per aligned passage (``doc_a`` is the earlier report;
      offsets are exact positions in each report's text, ``end`` exclusive).
    * ``families``: one row per family of passages sharing text.
    * ``occurrences``: every occurrence of every family (document, span), with the
      family's earliest occurrence marked ``first``.
    * ``reports``: one row per report: narrative and reused characters, originality
      overall and per section.
    * ``texts``/``meta``: the report texts and metadata by id (for pages and joins).
    """

    passages: pd.DataFrame
    families: pd.DataFrame
    occurrences: pd.DataFrame
    reports: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    meta: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    params: dict[str, Any] = field(default_factory=dict)

    def pairs(self, include_template: bool = False) -> pd.DataFrame:
        """Report pairs ranked by shared narrative (sum of matched characters).

        One row per (doc_a, doc_b): passages, shared characters, kinds, scope.
        """
        p = self.passages if include_template else self.passages[~self.passages["template"]]
        if p.empty:
            return pd.DataFrame(columns=["doc_a", "doc_b", "n_passages", "shared_chars", "kinds", "scope"])
        g = p.groupby(["doc_a", "doc_b"], sort=False)
        out = g.agg(
            n_passages=("family", "size"),
            shared_chars=("matched", "sum"),
            kinds=("kind", lambda s: ",".join(sorted(set(s)))),
            scope=("scope", "first"),
        ).reset_index()
        return out.sort_values(["shared_chars", "doc_a", "doc_b"], ascending=[False, True, True], ignore_index=True)

    def for_report(self, doc_id: str) -> pd.DataFrame:
        """Passages involving ``doc_id`` on either side."""
        p = self.passages
        return p[(p["doc_a"] == doc_id) | (p["doc_b"] == doc_id)].reset_index(drop=True)

    def summary(self) -> dict[str, Any]:
        """Headline numbers: reports, passages by kind and scope, families, mean originality."""
        p = self.passages
        return {
            "reports": int(len(self.reports)),
            "passages": int(len(p)),
            "by_kind": {k: int(v) for k, v in p["kind"].value_counts().items()} if len(p) else {},
            "by_scope": {k: int(v) for k, v in p["scope"].value_counts().items()} if len(p) else {},
            "template_passages": int(p["template"].sum()) if len(p) else 0,
            "families": int(len(self.families)),
            "mean_originality": float(self.reports["originality"].mean()) if len(self.reports) else float("nan"),
        }

    def write_html(self, path, **options: Any) -> Any:
        """Write the self-contained reviewer page to ``path`` and return the path
        (:func:`giptext.present.reuse_page.render_page`; ``options`` are its keywords, such as
        ``max_pairs``). Named ``write_html``, not ``to_html``: pandas' ``to_html`` returns a
        string, this writes a page."""
        from giptext.present.reuse_page import render_page

        return render_page(self, path, **options)

    def _repr_html_(self) -> str:
        from giptext.present.reuse_page import pairs_html

        return pairs_html(self)

    def __repr__(self) -> str:
        """One line: reports, passages by kind, families, mean originality (never the texts)."""
        s = self.summary()
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(s["by_kind"].items()))
        orig = s["mean_originality"]
        orig_s = "n/a" if orig != orig else f"{orig:.2f}"
        return (
            f"ReuseResult({s['reports']} reports, {s['passages']} passages"
            f"{' (' + kinds + ')' if kinds else ''}, {s['families']} families, "
            f"mean originality {orig_s})"
        )


__all__ = ["ReuseResult", "PASSAGE_COLUMNS", "FAMILY_COLUMNS", "OCCURRENCE_COLUMNS"]
