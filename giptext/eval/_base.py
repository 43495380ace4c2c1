"""The contract every evaluation returns: :class:`EvalReport`.

Example::

    >>> rep = EvalReport("sections", {"overview_f1_mean": 0.99})
    >>> rep.to_dict()["summary"]["overview_f1_mean"]
    0.99
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


def _clean(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


@dataclass
class EvalReport:
    """Result of one evaluation.

    ``summary``: metric name → number (what a table row shows); ``details``: per-item
    rows (per document, per pair, per label); ``worst``: the items most worth reading.
    """

    name: str
    summary: dict[str, Any]
    details: pd.DataFrame = field(default_factory=pd.DataFrame)
    worst: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN → null)."""
        return {
            "name": self.name,
            "summary": {k: _clean(v) for k, v in self.summary.items()},
            "worst": [{k: _clean(v) for k, v in r.items()} for r in self.worst.to_dict("records")],
        }

    def format(self) -> str:
        """A plain-text table for the terminal."""
        lines = [f"== {self.name} =="]
        width = max((len(k) for k in self.summary), default=0)
        for k, v in self.summary.items():
            v = _clean(v)
            shown = f"{v:.4f}" if isinstance(v, float) else str(v)
            lines.append(f"  {k.ljust(width)}  {shown}")
        if not self.worst.empty:
            lines.append("  worst:")
            lines.append("    " + self.worst.to_string(index=False).replace("\n", "\n    "))
        return "\n".join(lines)
