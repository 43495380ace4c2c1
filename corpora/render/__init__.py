"""Whole reports rendered the way governments publish them, each file carrying its source's gold.

For the format-fidelity benchmark (``benchmarks/bench_formats.py``) and the round-trip tests
(``tests/test_render.py``). Not part of the ``giptext`` package: the rendering libraries (fpdf2;
python-docx is a core dependency anyway) are test extras.

    >>> from corpora.render import seed_docs, render        # doctest: +SKIP
    >>> doc = seed_docs()[0]                                 # doctest: +SKIP
    >>> info = render(doc, "pdf", "/tmp/out", seed=0)        # doctest: +SKIP
    >>> info["path"], info["gold"]["sections"][1]["label"]   # doctest: +SKIP
    ('/tmp/out/seed_000_6319e4ffbf0a3273.pdf', 'overview')

Formats (``FORMATS``): ``pdf`` (:mod:`.pdf`), ``docx`` (:mod:`.docx`), ``html`` (:mod:`.html`),
``flat1`` / ``flat2`` (:mod:`.flat`: one line / two lines). The per-document layout choices
(running header, heading typography, Word numbering, ``<br>`` paragraphs) are drawn from
``(seed, doc.id)``, so a run is deterministic. Sources: :func:`seed_docs` (the five real seeds,
gold sections from ``gold_seeds.jsonl``), :func:`synthetic_docs` (SYNTHETIC reports).
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from corpora.render.model import Block, Cell, SourceDoc, Table, gold_of
from corpora.render.sources import seed_docs, synthetic_docs

FORMATS = ("pdf", "docx", "html", "flat1", "flat2")
EXT = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "flat1": ".txt", "flat2": ".txt"}
GOLD_SEEDS = Path(__file__).with_name("gold_seeds.jsonl")


def seed_gold() -> dict[str, dict]:
    """The checked seed gold rows (``gold_seeds.jsonl``) by id."""
    rows = [json.loads(l) for l in GOLD_SEEDS.read_text(encoding="utf-8").splitlines() if l.strip()]
    return {r["id"]: r for r in rows}


def gold(doc: SourceDoc) -> dict[str, Any]:
    """The gold of ``doc``: for a seed, its checked sections (refused if the reading text changed
    since they were checked); otherwise the splitter's sections of the reading text."""
    if not doc.synthetic and doc.id.startswith("seed_"):
        row = seed_gold().get(doc.id)
        if row is None or row["sha"] != doc.sha():
            raise ValueError(f"{doc.id}: no checked gold for this reading text; run "
                             "`python -m corpora.render.make_seed_gold` and check the spans by reading")
        return gold_of(doc, row["sections"])
    return gold_of(doc)


def _header_text(doc: SourceDoc, rng: random.Random) -> str:
    agency = doc.agency or "某县人民政府"
    return rng.choice([f"{agency}办公室", doc.title, "政府信息公开工作年度报告"])


def styles(doc: SourceDoc, seed: int = 0) -> dict[str, Any]:
    """The layout choices for ``doc`` in every format, drawn from ``(seed, doc.id)``."""
    from corpora.render.docx import DocxStyle
    from corpora.render.html import HtmlStyle
    from corpora.render.pdf import PdfStyle

    rng = random.Random(f"styles:{seed}:{doc.id}")
    pdf = PdfStyle(header=_header_text(doc, rng) if rng.random() < 0.5 else None, header_first=rng.random() < 0.5,
                   bold_headings=rng.random() < 0.6, centre_headings=rng.random() < 0.4,
                   furniture_last=rng.random() < 0.3, justify=rng.random() < 0.7, synthetic=doc.synthetic)
    docx = DocxStyle(auto_numbering=rng.random() < 0.5,
                     header=_header_text(doc, rng) if rng.random() < 0.5 else None,
                     bold_headings=rng.random() < 0.6, centre_headings=rng.random() < 0.4,
                     comment=rng.random() < 0.3, synthetic=doc.synthetic)
    place = (doc.agency[:3] if doc.agency else "某县")
    html = HtmlStyle(br_paragraphs=rng.random() < 0.5, site=f"{place}人民政府", seed=seed,
                     space_indent=rng.random() < 0.5, spans=rng.random() < 0.4, synthetic=doc.synthetic)
    return {"pdf": pdf, "docx": docx, "html": html}


def render(doc: SourceDoc, fmt: str, out_dir: str | Path, seed: int = 0) -> dict[str, Any]:
    """Render ``doc`` in format ``fmt`` into ``out_dir``; return the renderer's info (``path``,
    ``furniture`` …) with the source's ``gold`` and the ``style`` used."""
    from corpora.render.docx import render_docx
    from corpora.render.flat import render_flat
    from corpora.render.html import render_html
    from corpora.render.pdf import render_pdf

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    out = Path(out_dir) / fmt
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{doc.id}{EXT[fmt]}"
    st = styles(doc, seed)
    if fmt == "pdf":
        info = render_pdf(doc, path, st["pdf"])
    elif fmt == "docx":
        info = render_docx(doc, path, st["docx"])
    elif fmt == "html":
        info = render_html(doc, path, st["html"])
    else:
        info = render_flat(doc, path, "one_line" if fmt == "flat1" else "two_lines", seed)
    info["format"] = fmt
    info["style"] = repr(st.get(fmt, fmt))
    info["gold"] = gold(doc)
    return info


__all__ = ["FORMATS", "Block", "Cell", "SourceDoc", "Table", "gold", "gold_of", "render", "seed_docs",
           "seed_gold", "styles", "synthetic_docs"]
