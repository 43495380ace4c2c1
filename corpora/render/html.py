"""Render a :class:`SourceDoc` as a government CMS article page, as a crawler saves it.

Around the article: a site header, the navigation bar, breadcrumbs (您当前的位置：首页 > …), the
title in ``<h1>``, a meta line (发布时间 / 来源 / 浏览次数), the article body, font-size and print
buttons, share buttons, related links (titles of other years' reports), and a footer (主办单位,
网站标识码, ICP 备案号, 公安备案号). In the body: paragraphs as ``<p>`` with a two-character indent,
on some documents several paragraphs in one ``<p>`` separated by ``<br>``, headings bold, tables as
``<table>`` with ``colspan`` / ``rowspan`` (``table_html`` takes any
:class:`~corpora.render.model.Table`).
"""
from __future__ import annotations

import html
import random
from dataclasses import dataclass
from pathlib import Path

from corpora.render.model import SourceDoc, Table


@dataclass(frozen=True)
class HtmlStyle:
    """Per-document choices: ``br_paragraphs`` (runs of paragraphs in one ``<p>`` split by ``<br>``),
    ``space_indent`` (paragraphs indented by two U+3000 in the text instead of CSS), ``spans``
    (paragraph text cut into inline ``<span>`` runs mid-sentence, as CMS editors leave it),
    ``site`` (the site's name), ``seed`` (for the page's ids and figures)."""

    br_paragraphs: bool = False
    space_indent: bool = False
    spans: bool = False
    site: str = "某县人民政府"
    seed: int = 0
    synthetic: bool = False


def _runs(text: str, rng: random.Random, spans: bool) -> str:
    """``text`` escaped; with ``spans``, cut at 1–3 random points into ``<span>`` runs (no white space added)."""
    if not spans or len(text) < 8:
        return html.escape(text)
    cuts = sorted(rng.sample(range(1, len(text)), min(3, len(text) - 1)))
    parts = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    return "".join(f'<span style="font-family:仿宋_GB2312;font-size:16pt">{html.escape(p)}</span>' for p in parts)


def table_html(table: Table) -> str:
    """``table`` as an HTML table (border 1, colspan/rowspan, cell text escaped)."""
    rows = []
    for row in table.rows:
        cells = []
        for c in row:
            span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
            cells.append(f'<td{span} style="text-align:center">{html.escape(c.text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">'
            "<tbody>" + "\n".join(rows) + "</tbody></table>")


def _furniture(doc: SourceDoc, style: HtmlStyle, rng: random.Random) -> dict[str, list[str]]:
    site = style.site
    y = doc.year or 2021
    return {
        "header": [f"{site}门户网站", "无障碍", "长者模式", "English"],
        "nav": ["首页", "走进" + site[:-4] if site.endswith("人民政府") else "概况", "政务公开", "政务服务", "互动交流",
                "专题专栏"],
        "crumbs": ["您当前的位置：", "首页", "政务公开", "政府信息公开年报"],
        "meta": [f"发布时间：{y + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}", f"来源：{doc.agency or site}",
                 f"浏览次数：{rng.randint(50, 3000)}", "字体：[大 中 小]"],
        "tools": ["【打印本页】", "【关闭窗口】", "分享到：", "微信", "微博", "QQ空间"],
        "related": ["相关链接", f"{doc.agency or site}{y - 1}年政府信息公开工作年度报告",
                    f"{doc.agency or site}{y - 2}年政府信息公开工作年度报告", "政府信息公开指南"],
        "footer": [f"主办单位：{site}办公室", f"网站标识码：{rng.randint(1000000000, 9999999999)}",
                   f"ICP备案号：某ICP备{rng.randint(10000000, 99999999)}号-1",
                   f"公安机关备案号：{rng.randint(10000000000000, 99999999999999)}", "网站地图", "联系我们"],
    }


def render_html(doc: SourceDoc, path: str | Path, style: HtmlStyle | None = None) -> dict:
    """Write ``doc`` as a saved CMS page at ``path``; return ``{"path", "furniture"}`` (the page's
    strings outside the article, for counting what a reader lets through)."""
    style = style or HtmlStyle()
    rng = random.Random(f"html:{style.seed}:{doc.id}")
    f = _furniture(doc, style, rng)
    body: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            indent = "" if style.space_indent else ' style="text-indent:2em"'
            body.append(f"<p{indent}>" + "<br/>\n".join(pending) + "</p>")
            pending.clear()

    blocks = [b for b in doc.blocks if not (b.kind == "title" and b is doc.blocks[0])]
    for b in blocks:
        if b.kind == "table":
            flush()
            body.append(table_html(b.table))
        elif b.kind in ("heading", "subheading"):
            flush()
            body.append(f'<p style="text-indent:2em"><strong>{html.escape(b.text)}</strong></p>')
        elif b.kind == "signature":
            flush()
            body.append(f'<p style="text-align:right">{html.escape(b.text)}</p>')
        elif b.kind == "title":
            flush()
            body.append(f'<p style="text-align:center"><strong>{html.escape(b.text)}</strong></p>')
        else:
            pending.append(("\u3000\u3000" if style.space_indent else "") + _runs(b.text, rng, style.spans))
            if not style.br_paragraphs or rng.random() < 0.4:
                flush()
    flush()
    title = html.escape(doc.title)
    li = lambda xs: "".join(f'<li><a href="#">{html.escape(x)}</a></li>' for x in xs)  # noqa: E731
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_{html.escape(style.site)}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="description" content="{'SYNTHETIC report (not real)' if style.synthetic else 'rendered from ' + html.escape(doc.origin)}">
<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; var siteid = "{rng.randint(1000, 9999)}";</script>
</head><body>
<div class="top-bar"><div class="w1200"><span>{html.escape(f['header'][0])}</span>
<a href="#">{f['header'][1]}</a> <a href="#">{f['header'][2]}</a> <a href="#">{f['header'][3]}</a></div></div>
<div class="nav"><ul>{li(f['nav'])}</ul></div>
<div class="position">{html.escape(f['crumbs'][0])}<a href="#">{f['crumbs'][1]}</a> &gt; <a href="#">{f['crumbs'][2]}</a> &gt; <a href="#">{f['crumbs'][3]}</a></div>
<div class="article-main">
<h1 class="article-title">{title}</h1>
<div class="article-info">{'&nbsp;&nbsp;'.join(html.escape(x) for x in f['meta'])}</div>
<div class="article-content TRS_Editor" id="zoom">
{chr(10).join(body)}
</div>
<div class="article-tools">{' '.join(html.escape(x) for x in f['tools'][:2])}
<div class="share">{html.escape(f['tools'][2])}<a href="#">{f['tools'][3]}</a><a href="#">{f['tools'][4]}</a><a href="#">{f['tools'][5]}</a></div></div>
<div class="related"><h3>{f['related'][0]}</h3><ul>{li(f['related'][1:])}</ul></div>
</div>
<div class="footer"><p>{html.escape(f['footer'][4])} | {html.escape(f['footer'][5])}</p>
<p>{html.escape(f['footer'][0])}</p><p>{html.escape(f['footer'][1])} {html.escape(f['footer'][2])}</p>
<p>{html.escape(f['footer'][3])}</p></div>
<script>document.getElementById("zoom").style.fontSize = "16px";</script>
</body></html>
"""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return {"path": str(path), "furniture": [s for xs in f.values() for s in xs]}


__all__ = ["HtmlStyle", "render_html", "table_html"]
