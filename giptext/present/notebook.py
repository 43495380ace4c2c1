"""HTML for notebooks: a report with its sections coloured (``Report._repr_html_``).

Everything user-supplied is escaped; the markup is inline-styled so it survives
Jupyter's sanitiser and needs no stylesheet.

Example::

    >>> from giptext import parse_report
    >>> from giptext.present.notebook import report_html
    >>> html = report_html(parse_report("某局2021年政府信息公开工作年度报告\\n一、总体情况\\n今年……"))
    >>> "overview" in html
    True
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from giptext.report import SECTION_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from giptext.report import Report, Statement

#: Background colour of each section label (light tints so black text stays readable).
SECTION_COLOURS = {
    "preamble": "#eeeeee",
    "overview": "#dbeafe",
    "proactive": "#dcfce7",
    "requests": "#fef9c3",
    "fees": "#f3e8ff",
    "review_litigation": "#ffedd5",
    "problems": "#fee2e2",
    "improvements": "#ccfbf1",
    "other_matters": "#e0e7ff",
    "other": "#f5f5f4",
}

#: Sections shown folded (the 2019 template's statistics tables, flattened to text).
COLLAPSED = frozenset({"proactive", "requests", "fees", "review_litigation"})

#: Underline colour of statements by kind.
STATEMENT_COLOURS = {"problem": "#dc2626", "improvement": "#0d9488"}

_BOX = (
    "font-family:'Noto Sans CJK SC','giptext-cjk','Microsoft YaHei','PingFang SC',sans-serif;"
    "font-size:13px;line-height:1.6;max-width:60em;"
)


def _colour(label: str) -> str:
    return SECTION_COLOURS.get(label, "#f5f5f4")


def _with_statements(text: str, offset: int, statements: "list[Statement]") -> str:
    """Escape ``text`` (which starts at ``offset`` in the report) underlining statements inside it."""
    out: list[str] = []
    pos = 0
    end_all = offset + len(text)
    for st in sorted(statements, key=lambda s: s.start):
        a, b = max(st.start, offset), min(st.end, end_all)
        if a >= b or a - offset < pos:
            continue  # outside this block, or overlapping one already drawn
        out.append(escape(text[pos : a - offset]))
        colour = STATEMENT_COLOURS.get(st.kind, "#555")
        out.append(
            f'<span title="{escape(st.kind)}" style="border-bottom:2px solid {colour}">'
            f"{escape(text[a - offset : b - offset])}</span>"
        )
        pos = b - offset
    out.append(escape(text[pos:]))
    return "".join(out)


def legend_html(labels: list[str] | None = None) -> str:
    """A row of coloured chips naming the section labels."""
    labels = list(labels if labels is not None else SECTION_LABELS)
    chips = "".join(
        f'<span style="background:{_colour(l)};padding:1px 6px;margin-right:4px;border-radius:3px">{escape(l)}</span>'
        for l in labels
    )
    return f'<div style="margin:4px 0 8px 0">{chips}</div>'


def report_html(report: "Report", max_chars: int | None = 20000) -> str:
    """The report as HTML: a header with id/agency/year/level, then every section on its colour.

    Each section block is labelled with its canonical label and heading (the statistics-table
    sections are folded in a ``<details>``); problem and
    improvement statements are underlined (red / teal). Text beyond ``max_chars`` is cut
    with a note so a huge file does not freeze the notebook.
    """
    m = report.meta
    facts = [("id", report.id), ("agency", m.agency), ("year", m.year), ("level", m.level), ("region", m.region)]
    head = " · ".join(f"<b>{escape(k)}</b> {escape(str(v))}" for k, v in facts if v not in (None, ""))
    title = f'<div style="font-weight:bold;font-size:15px">{escape(m.title)}</div>' if m.title else ""
    try:
        sections = report.sections
        statements = report.statements()
    except Exception as exc:  # a notebook repr must never raise; say why nothing is coloured
        body = escape(report.text[:max_chars] if max_chars else report.text)
        note = f'<div style="color:#b91c1c">sections unavailable: {escape(str(exc))}</div>'
        return f'<div class="giptext-report" style="{_BOX}">{title}<div>{head}</div>{note}<pre style="white-space:pre-wrap">{body}</pre></div>'

    blocks: list[str] = []
    shown = 0
    for s in sections:
        if max_chars is not None and shown >= max_chars:
            blocks.append(f'<div style="color:#666">… {len(report.text) - shown} more characters not shown</div>')
            break
        text = s.text if max_chars is None else s.text[: max(0, max_chars - shown)]
        shown += len(text)
        heading = (
            f'<div style="font-weight:bold">{escape(s.heading.strip())}</div>' if s.heading and s.heading.strip() else ""
        )
        label_div = f'<div style="font-size:11px;color:#374151;text-transform:uppercase">{escape(s.label)}</div>'
        body = f'<div style="white-space:pre-wrap">{_with_statements(text, s.start, statements)}</div>'
        style = f"background:{_colour(s.label)};padding:4px 8px;margin:2px 0;border-radius:4px"
        if s.label in COLLAPSED:
            # Statistics tables flattened to text: long and rarely read, so folded by default.
            summary = f"{escape(s.label)} · {escape(s.heading.strip()) or '(no heading)'} · {len(s.text)} characters"
            blocks.append(
                f'<details class="giptext-section" data-label="{escape(s.label)}" style="{style}">'
                f'<summary style="cursor:pointer;font-size:12px">{summary}</summary>{body}</details>'
            )
        else:
            blocks.append(
                f'<div class="giptext-section" data-label="{escape(s.label)}" style="{style}">{label_div}{heading}{body}</div>'
            )
    used = [l for l in SECTION_LABELS if any(s.label == l for s in sections)]
    n_p = sum(1 for st in statements if st.kind == "problem")
    n_i = sum(1 for st in statements if st.kind == "improvement")
    counts = f'<div style="color:#555">{len(sections)} sections · {n_p} problem / {n_i} improvement statements</div>'
    return (
        f'<div class="giptext-report" style="{_BOX}">{title}<div>{head}</div>{counts}'
        f"{legend_html(used)}{''.join(blocks)}</div>"
    )


__all__ = ["COLLAPSED", "SECTION_COLOURS", "STATEMENT_COLOURS", "legend_html", "report_html"]
