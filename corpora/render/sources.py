"""Whole reports to render: the five real seed reports and SYNTHETIC reports from ``corpora/synthetic.py``.

Both are turned into :class:`~corpora.render.model.SourceDoc` s the same way:

1. lines are stripped of surrounding white space (ASCII, ideographic space, TAB) and of
   ``[bookmark: …]`` markers left by a Word-to-text converter; empty lines are dropped;
2. (seeds) the web page furniture a crawler saved around the report is dropped: lines before the
   title or first heading that carry the CMS's breadcrumbs / index-number box (当前的位置, 索 引 号,
   投稿, 信息来源, 名 称, 文 号, ``>`` trails) and the 编辑 / 信息来源 trailer; a seed with no title
   line gets the title from its ``名 称:`` field;
3. the statistics part of a 2019-format report (from the line after ``二、主动公开政府信息情况`` to
   the line before ``五、``, when it holds the template's tables: 第二十条 / 信息内容 / 申请人情况)
   is replaced by the 2019 template's three tables (:mod:`corpora.render.tables`), with the
   template's headings 三/四, filled with the figures found there in reading order (missing
   ones 0). The seeds' tables survive only as cell-per-line debris, so their grid cannot be
   recovered; the narrative sections are kept as written;
4. lines become blocks: ``一、…`` headings, ``（一）…`` sub-headings (short lines, no sentence
   punctuation), the title (first line naming a 报告), a closing signature (agency / date lines
   after the last section), paragraphs.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from corpora.render.model import Block, SourceDoc
from corpora.render.tables import template_tables


_WS = " \t\u3000\u00a0\r"
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_FURNITURE_HEAD = re.compile(r"当前的位置|^>|索\s*引\s*号|^投稿|^信息来源|^名\s*称|^文\s*号|^政府信息公开$|^首页")
_FURNITURE_TAIL = re.compile(r"^(编辑|信息来源|责任编辑|来源)[:：]")
_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3}、)(?=\S)")
_SUBHEADING = re.compile(r"^([（(][一二三四五六七八九十]{1,3}[）)])(?=\S)")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_TPL_HEADS = ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")


def _clean_lines(text: str) -> list[str]:
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _BOOKMARK.sub("", line).strip(_WS)
        if line.endswith("|"):
            line = line.rstrip("|").strip(_WS)
        if line:
            out.append(line)
    return out


def _figures(lines: list[str]) -> list[str]:
    """Numeric cells of a flattened table region, in reading order."""
    out = []
    for line in lines:
        for tok in re.split(r"\s*\|\s*|\t", line):
            tok = tok.strip(_WS)
            if _NUMBER.match(tok):
                out.append(tok)
    return out


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line) <= 40 and not re.search(r"[。；;]", line)


def _blocks(lines: list[str]) -> list[Block]:
    """Lines (tables already rebuilt) to blocks; see the module docstring, step 4."""
    # the statistics part, replaced by the template tables
    i2 = next((i for i, l in enumerate(lines) if _is_heading(l) and l.startswith("二、") and "主动公开" in l), None)
    if i2 is None:  # the heading lost in the crawl (its unnumbered text sits after the first table)
        k = next((i for i, l in enumerate(lines) if l.startswith("第二十条")), None)
        if k is not None:
            lines = lines[:k] + ["二、主动公开政府信息情况"] + lines[k:]
            i2 = k
    i5 = next((i for i, l in enumerate(lines) if i2 is not None and i > i2 and _is_heading(l)
               and l.startswith(("五、", "六、")) and "问题" in l), None)
    tables: dict[int, list[Block]] = {}
    # only a 2019-template statistics part (its tables' own words) is rebuilt; a pre-2019 report's
    # 二、三、四、五 are prose sections and stay as written
    if i2 is not None and i5 is not None and any(l.startswith("第二十条") or "信息内容" in l or "申请人情况" in l
                                                 for l in lines[i2 + 1:i5]):
        region = lines[i2 + 1:i5]
        t1, t2, t3 = template_tables(_figures(region))
        tables[i2] = [Block("table", table=t1), Block("heading", _TPL_HEADS[0], "三、"), Block("table", table=t2),
                      Block("heading", _TPL_HEADS[1], "四、"), Block("table", table=t3)]
        lines = lines[:i2 + 1] + lines[i5:]
    # the closing signature: trailing agency / date lines after the last heading
    last_h = max((i for i, l in enumerate(lines) if _is_heading(l)), default=-1)
    sig_from = len(lines)
    for j in range(len(lines) - 1, last_h + 1, -1):
        line = lines[j]
        if _DATE.match(line) or (len(line) <= 25 and re.search(r"(局|委员会|委|政府|办公室|中心|厅|街道|镇|乡)$", line)):
            sig_from = j
        else:
            break
    out: list[Block] = []
    for i, line in enumerate(lines):
        if i == 0 and "报告" in line and not _is_heading(line):
            out.append(Block("title", line))
        elif _is_heading(line):
            out.append(Block("heading", line, _HEADING.match(line).group(1)))
        elif _SUBHEADING.match(line) and len(line) <= 30 and not re.search(r"[。，,；;：:]", line[3:]):
            out.append(Block("subheading", line, _SUBHEADING.match(line).group(1)))
        elif i >= sig_from:
            out.append(Block("signature", line))
        else:
            out.append(Block("para", line))
        if i2 is not None and i == i2 and i2 in tables:
            out.extend(tables[i2])
    return out


def seed_doc(path: str | Path) -> SourceDoc:
    """One real seed report (``shared/seeds/*.txt``) as a :class:`SourceDoc` (see the module docstring)."""
    path = Path(path)
    lines = _clean_lines(path.read_text(encoding="utf-8"))
    first = next((i for i, l in enumerate(lines)
                  if not _FURNITURE_HEAD.search(l) and (_is_heading(l) or "年度报告" in l)), 0)
    title = None
    for l in lines[:first]:
        m = re.match(r"^名\s*称[:：]\s*\|?\s*([^|]*年度报告)", l)
        if m:
            title = m.group(1).strip(_WS)
    head = [l for l in lines[:first] if not _FURNITURE_HEAD.search(l)]
    body = lines[first:]
    while body and _FURNITURE_TAIL.match(body[-1]):
        body.pop()
    if title and not any("年度报告" in l for l in head + body[:1]):
        head = [title] + head
    lines = head + body
    m = re.search(r"(\d{4})年", next((l for l in lines if "报告" in l), ""))
    agency_m = re.match(r"(.+?)(?:\d{4})", lines[0]) if lines else None
    return SourceDoc(id=f"seed_{path.stem}", blocks=_blocks(lines),
                     agency=agency_m.group(1) if agency_m else "", year=int(m.group(1)) if m else None,
                     synthetic=False, origin=f"shared/seeds/{path.name}")


def seed_docs(seeds_dir: str | Path | None = None) -> list[SourceDoc]:
    """The five seed reports (``shared/seeds``, found as :func:`giptext.annotated.shared_dir` does),
    in file-name order."""
    from giptext.annotated import shared_dir

    d = Path(seeds_dir) if seeds_dir else shared_dir() / "seeds"
    return [seed_doc(p) for p in sorted(d.glob("*.txt"))]


def synthetic_docs(n: int, seed: int = 0, *, template_share: float | None = None,
                   workdir: str | Path | None = None) -> list[SourceDoc]:
    """``n`` SYNTHETIC whole reports from ``corpora/synthetic.py`` (deterministic given the arguments).

    ``template_share``: the share of 2019-format reports (with the statistics tables) to take;
    ``None`` takes the generator's own mix (years 2008–2025, so mostly pre-2019). With a share, the
    generator is asked for ``4 n`` reports and the first ones of each kind are kept, in id order."""
    from corpora.synthetic import generate

    n_gen = n if template_share is None else 4 * n
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        generate(n_gen, seed=seed, out_dir=tmp, workers=1)
        rows = [json.loads(l) for l in (Path(tmp) / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if l]
        docs = []
        for row in rows:
            text = (Path(tmp) / "docs" / f"{row['id']}.txt").read_text(encoding="utf-8")
            docs.append(SourceDoc(id=f"syn{seed}_{row['id']}", blocks=_blocks(_clean_lines(text)),
                                  agency=row.get("agency") or "", year=row.get("year"), synthetic=True,
                                  origin=f"corpora/synthetic.py n={n_gen} seed={seed} id={row['id']} (SYNTHETIC)"))
    if template_share is None:
        return docs
    want = round(n * template_share)
    tpl = [d for d in docs if any(b.kind == "table" for b in d.blocks)][:want]
    rest = [d for d in docs if not any(b.kind == "table" for b in d.blocks)][:n - len(tpl)]
    keep = {d.id for d in tpl + rest}
    return [d for d in docs if d.id in keep]


__all__ = ["seed_doc", "seed_docs", "synthetic_docs"]
