"""HTML reports: the article of a saved government web page, in reading order.

A government CMS page wraps the report in navigation, breadcrumbs, a date/source line,
share and print buttons, related links and a footer. The reader

1. drops what is never text (scripts, styles, forms, hidden elements, ``<nav>``/``<header>``/
   ``<footer>``, ARIA navigation roles) and page chrome named by class or id (``nav``,
   ``breadcrumb``, ``share``, ``footer``, ``related`` … as a whole word of the class/id);
2. picks the article: an element with a known content class (``TRS_Editor``, ``zoom``,
   ``article``, ``content`` …) holding most of the page's non-link text, else the deepest
   element that still holds nearly all of it (text density: link text does not count);
3. puts back the report's title when it sits above the article block (an ``<h1>`` or a
   ``title`` element naming a 报告), so metadata and the preamble keep it.

Block elements and ``<br>`` break lines; white space is collapsed the way a browser
renders it (a source line break between two CJK characters renders as nothing); tables
come out one row per line with the cells joined by :data:`giptext.report.CELL_SEP`.
The walk is iterative, and the nesting depth is bounded by ``Limits.max_html_depth``
(the HTML parser itself stops at 2,048 levels). Provenance: ``element``, a CSS-like path
from the nearest ancestor with an id (``div#content>p[4]``, 1-based among siblings of the
same tag).

Example::

    >>> text, title = html_to_text("<html><head><title>某局报告</title></head><body>"
    ...                            "<div class='nav'><a href='/'>首页</a></div>"
    ...                            "<div id='zoom'><p>一、总体情况</p><p>今年……</p></div></body></html>")
    >>> text, title
    ('一、总体情况\\n今年……', '某局报告')
"""
from __future__ import annotations

import re
from pathlib import Path

from giptext.errors import DecodeError, LimitExceededError
from giptext.io._build import WIDE, ReadResult, TextBuilder
from giptext.io.limits import DEFAULT_LIMITS, Limits
from giptext.io.text import decode_bytes
from giptext.report import CELL_SEP

_DROP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "nav", "header", "footer", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "option", "input", "textarea", "dialog", "map", "area", "audio", "video",
}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "html",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f\v]+")
# CSS Text 3 segment-break rule: a source line break between two wide (CJK) characters
# renders as nothing, not as a space; "落实《条例》，\n  进一步" reads "…，进一步".
_WIDE = WIDE
_CJK_BREAK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n[ \t\n\r\f]*(?={_WIDE})")
_WIDE_CHAR = re.compile(_WIDE)
_EDGE = " \t\xa0\u3000"
# Declared charsets that Python decodes too strictly: pages labelled gb2312 routinely
# contain GBK/GB18030 characters, and Big5 pages HKSCS ones.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "big5hkscs", "cp950": "big5hkscs"}

# Page chrome marked only by class/id (government CMS templates use divs, not <nav>): an
# element one of whose class/id words (split at - and _) is one of these is dropped
# (a "header" or "banner" only when it does not hold the report title).
_CHROME_NAMES = {"nav", "navbar", "menu", "topnav", "subnav", "header", "footer", "foot", "breadcrumb",
                 "breadcrumbs", "crumb", "crumbs", "bread", "sidebar", "share", "bdsharebuttonbox", "bdshare",
                 "fenxiang", "copyright", "position", "location", "weizhi", "dqwz", "related", "relevant", "xgwz",
                 "xglj", "xgxx", "print", "dayin", "toolbar", "tools", "pager", "pagination", "fontsize", "zihao",
                 "qrcode", "ewm", "banner", "search", "login", "skip"}
_TITLE_WORDS = re.compile(r"报告|報告|年报|年報")
_HEAD_NAMES = {"header", "banner", "top"}
# Class/id words of the article body in common government CMS templates.
_CONTENT_NAMES = re.compile(
    r"^(trs_?editor|trs_?doc|zoom|article|article_?con(tent)?|content|con_?text|contents|main_?content|"
    r"detail|details|detail_?con(tent)?|text|txt|zw|zwnr|nr|wznr|view|pages_?content|news_?content|"
    r"info_?content|art_?con|custom_unionstyle|xxgk_?content|bt_?content|ue_?content|post|entry)$", re.I)
# Whole lines of page furniture that survive inside the article block.
_FURNITURE_LINE = re.compile(
    r"^(?:[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|分享到|分享|打印此页|保存)\s*[】\]]?[\s|：:]*)+$"
    r"|^(?:字号|字体)\s*[:：]?\s*[【\[]?\s*[大中小\s【】\[\]]+$"
    r"|^(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：]"
    r"|^(?:(?:发布时间|发布日期|更新时间|信息来源|来源|发布机构|作者|浏览次数|访问次数|点击(?:数|量|次数)|阅读(?:数|量|次数)"
    r"|责任编辑|字号)\s*[:：][^。；]{0,40}\s*)+$")


def _classes(el) -> set[str]:
    names = set()
    for attr in ("class", "id"):
        v = el.get(attr)
        if v:
            for word in v.split():
                names.add(word.lower())
                names.update(w for w in re.split(r"[-_]", word.lower()) if w)
    return names


def _is_chrome(el) -> bool:
    hit = _classes(el) & _CHROME_NAMES
    if not hit:
        return False
    # a CMS may call the article head "header": keep it when it holds the report title
    return not (hit <= _HEAD_NAMES and _TITLE_WORDS.search(el.text_content()[:2000]))


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _tag(el) -> str | None:
    t = el.tag
    return t.lower() if isinstance(t, str) else None


def _dense_len(s: str | None) -> int:
    return len(_WS.sub("", s)) if s else 0


def _prune(root, path, limits: Limits) -> set:
    """The never-text and chrome elements (skipped with their content, tails kept); checks depth."""
    drop = set()
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > limits.max_html_depth:
            raise LimitExceededError(path, f"HTML elements nested deeper than the reading limit "
                                           f"max_html_depth={limits.max_html_depth:,}; if the page is genuine, "
                                           f"pass limits=Limits(max_html_depth=...) (at most 2,048)")
        name = _tag(el)
        if name is None or (el is not root and (name in _DROP or _is_hidden(el) or _is_chrome(el))):
            drop.add(el)
            continue
        stack.extend((c, depth + 1) for c in el)
    return drop


def _live(root, drop: set):
    """Elements under ``root`` in document order, skipping dropped subtrees."""
    stack = [root]
    while stack:
        el = stack.pop()
        if el in drop:
            continue
        yield el
        stack.extend(reversed(el))


def _text_weights(root, drop: set) -> dict:
    """Non-link visible characters under every kept element (post-order, iteratively)."""
    own: dict = {}
    links: dict = {}
    for el in reversed(list(_live(root, drop))):
        n = _dense_len(el.text)
        k = 0
        for c in el:
            n += _dense_len(c.tail)
            if c not in drop:
                n += own[c]
                k += links[c]
        own[el] = n
        links[el] = n if _tag(el) == "a" else k
    return {el: own[el] - links[el] for el in own}


def _pick_article(root, drop: set):
    """The element holding the article (see the module docstring)."""
    w = _text_weights(root, drop)
    total = w.get(root, 0)
    if total <= 0:
        return root
    named = [el for el in _live(root, drop) if isinstance(el.tag, str) and (el.get("class") or el.get("id"))
             and any(_CONTENT_NAMES.match(n) for n in _classes(el)) and w.get(el, 0) >= 0.4 * total]
    if named:
        best = max(w[el] for el in named)
        # the outermost named block with (nearly) all of the best's text: it keeps the title
        for el in named:  # document order: ancestors first
            if w[el] >= 0.9 * best:
                return el
    node = root
    while True:
        kids = [c for c in node if isinstance(c.tag, str) and c not in drop]
        if not kids:
            return node
        top = max(kids, key=lambda c: w.get(c, 0))
        if w.get(top, 0) < 0.85 * max(w.get(node, 0), 1):
            return node
        node = top


def _title_above(root, article, drop: set):
    """A heading naming the report that sits before the article block, outside it."""
    found = None
    for el in _live(root, drop):
        if el is article:
            break
        if not isinstance(el.tag, str):
            continue
        name = _tag(el)
        cls = " ".join(_classes(el))
        if name in ("h1", "h2", "h3") or "title" in cls or "bt" in _classes(el):
            t = _WS.sub("", el.text_content())
            if 4 <= len(t) <= 100 and _TITLE_WORDS.search(t):
                found = el
    return found


def _path(el, cache: dict) -> str:
    """CSS-like path of ``el`` from its nearest ancestor with an id (or the root)."""
    if el in cache:
        return cache[el]
    steps = []
    cur = el
    while cur is not None:
        name = _tag(cur) or "?"
        ident = cur.get("id")
        if ident:
            steps.append(f"{name}#{ident}")
            break
        parent = cur.getparent()
        if parent is None or name in ("body", "html"):
            steps.append(name)
            break
        same = [c for c in parent if c.tag == cur.tag]
        steps.append(f"{name}[{same.index(cur) + 1}]" if len(same) > 1 else name)
        cur = parent
    out = ">".join(reversed(steps))
    cache[el] = out
    return out


def _norm(s: str, pre: bool) -> str:
    # no-break spaces stay as written (the text has them); collapsible white space collapses
    return s if pre else _WS.sub(" ", _CJK_BREAK.sub("", s))


class _Walker:
    def __init__(self, builder: TextBuilder, drop: set):
        self.b = builder
        self.drop = drop
        self.line: list[list] = []  # [text, record]
        self.paths: dict = {}

    def flush(self) -> None:
        pieces = [p for p in self.line if p[0]]
        self.line = []
        if not pieces:
            return
        # collapse a space at a piece boundary, strip the line's ends
        for i in range(1, len(pieces)):
            if pieces[i - 1][0].endswith(" ") and pieces[i][0].startswith(" "):
                pieces[i][0] = pieces[i][0].lstrip(" ")
        # indentation typed as &nbsp; or ideographic spaces is layout, not text
        while pieces and not pieces[0][0].strip(_EDGE):
            pieces.pop(0)
        while pieces and not pieces[-1][0].strip(_EDGE):
            pieces.pop()
        if not pieces:
            return
        pieces[0][0] = pieces[0][0].lstrip(_EDGE)
        pieces[-1][0] = pieces[-1][0].rstrip(_EDGE)
        text = "".join(p[0] for p in pieces)
        if not text.strip() or _FURNITURE_LINE.match(text.strip()):
            return
        self.b.add_line([(t.replace("\n", " "), r) for t, r in pieces])

    def add(self, text: str | None, rec, pre: bool) -> None:
        if not text:
            return
        s = _norm(text, pre)
        if pre and "\n" in s:
            first, *rest = s.split("\n")
            self.line.append([first, rec])
            for part in rest:
                self.flush()
                self.line.append([part, rec])
        else:
            self.line.append([s, rec])

    def cell_text(self, td) -> str:
        parts = [_norm(t, False) for t in _itertext(td, self.drop)]
        s = re.sub(rf"(?<={_WIDE}) (?={_WIDE})", "", _WS.sub(" ", "".join(parts)))
        return s.strip(_EDGE)

    def table(self, table) -> None:
        self.flush()
        rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
        for tr in rows:
            cells = [c for c in tr if _tag(c) in ("td", "th")]
            texts = [self.cell_text(c) for c in cells]
            if not any(texts):
                continue
            pieces = [(t + CELL_SEP, (_path(c, self.paths),)) for t, c in zip(texts[:-1], cells[:-1])]
            pieces.append((texts[-1], (_path(cells[-1], self.paths),)))
            self.b.add_line(pieces)

    def walk(self, top, pre: bool = False) -> None:
        # stack entries: ("open", el, pre, rec) or ("tail", el, pre, rec_of_parent)
        stack = [("open", top, pre, (_path(top, self.paths),))]
        while stack:
            kind, el, pre, rec = stack.pop()
            name = _tag(el)
            if kind == "tail":
                if name in _BLOCK:
                    self.flush()
                self.add(el.tail, rec, pre)
                continue
            if name is None or el in self.drop:
                if el is not top:
                    self.add(el.tail, rec, pre)
                continue
            parent_rec = rec
            if name == "br":
                self.flush()
                stack.append(("tail", el, pre, parent_rec))
                continue
            if name == "table":
                self.table(el)
                stack.append(("tail", el, pre, parent_rec))
                continue
            block = name in _BLOCK
            my_rec = (_path(el, self.paths),) if block else rec
            if block:
                self.flush()
            if el is not top:
                stack.append(("tail", el, pre, parent_rec))
            self.add(el.text, my_rec, pre or name == "pre")
            for c in reversed(el):
                stack.append(("open", c, pre or name == "pre", my_rec))
        self.flush()


def _itertext(top, drop: set):
    """Text and tails under ``top`` in reading order, skipping dropped subtrees; a space
    stands for each block or ``<br>`` boundary."""
    stack = [("open", top)]
    while stack:
        kind, el = stack.pop()
        if kind == "tail":
            if _tag(el) in _BLOCK or _tag(el) == "br":
                yield " "
            if el.tail:
                yield el.tail
            continue
        if el is not top:
            stack.append(("tail", el))
        if el in drop:
            continue
        if _tag(el) in _BLOCK and el is not top:
            yield " "
        if el.text:
            yield el.text
        stack.extend(("open", c) for c in reversed(el))


def _nearest_table(el):
    p = el.getparent()
    while p is not None and _tag(p) != "table":
        p = p.getparent()
    return p


def _parse(markup: str, path, limits: Limits):
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True,
                                  no_network=True)
    data = markup.encode("utf-8")
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    for e in parser.error_log:
        if "depth" in e.message.lower():
            raise LimitExceededError(path, "HTML elements nested deeper than 2,048 levels (the parser's ceiling); "
                                           "the page cannot be read faithfully")
    return doc


def html_to_result(markup: str, path=None, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Reading text, source map and ``<title>`` of an HTML string (see the module docstring)."""
    # lxml reads the declared charset from bytes; the markup is already decoded, so say UTF-8
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    doc = _parse(markup, path, limits)
    b = TextBuilder("html", path, limits)
    if doc is None:
        return ReadResult("", b.map)
    t = doc.find(".//title")
    title = _WS.sub(" ", t.text_content()).strip() if t is not None and t.text_content() else None
    body = doc.find("body")
    root = body if body is not None else doc
    drop = _prune(root, path, limits)
    article = _pick_article(root, drop)
    walker = _Walker(b, drop)
    head = _title_above(root, article, drop) if article is not root else None
    if head is not None:
        walker.walk(head)
    walker.walk(article)
    return ReadResult(b.text(), b.map, title=title or None)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Reading text of an HTML string and its ``<title>`` (or ``None``)."""
    res = html_to_result(markup)
    return res.text, res.title


def _decode_html(data: bytes, path: str | Path) -> tuple[str, str]:
    from bs4.dammit import EncodingDetector

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, path)  # a byte-order mark outranks any declaration
    if not data.isascii():
        # Valid UTF-8 is UTF-8 whatever the page declares: pages re-saved as UTF-8 keep
        # their old charset=gb2312 tag, and GB18030 would decode the bytes into mojibake.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = EncodingDetector.find_declared_encoding(data, is_html=True, search_entire_document=False)
    if declared:
        enc = _SUPERSET.get(declared.lower(), declared.lower())
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common; fall back to detection
    return decode_bytes(data, path)


def read_html(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read an ``.html``/``.htm`` page into its reading text, source map, encoding and title."""
    data = Path(path).read_bytes()
    markup, enc = _decode_html(data, path)
    res = html_to_result(markup, path, limits)
    if not res.text.strip() and "<" not in markup:
        raise DecodeError(path, "no HTML markup found")
    res.encoding = enc
    return res


def read_html_file(path: str | Path) -> tuple[str, str, str | None]:
    """Read an ``.html``/``.htm`` page; return ``(text, encoding, title)`` (earlier API)."""
    res = read_html(path)
    return res.text, res.encoding, res.title


__all__ = ["html_to_result", "html_to_text", "read_html", "read_html_file"]
