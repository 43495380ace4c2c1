"""HTML reports: the visible text of a saved web page, in reading order.

Scripts, styles, forms and page chrome (``<nav>``, ``<header>``, ``<footer>``, ARIA
navigation/banner/contentinfo roles, elements whose class or id is exactly ``nav``,
``header``, ``footer``, ``breadcrumb`` …, hidden elements) are dropped. Block elements start a
new line, table cells are one per line, and white space inside a line is collapsed the way
a browser renders it. The ``<title>`` is not part of the text (it is chrome too), but it is
returned so metadata extraction can use it when the body does not name the report.

Example::

    >>> text, enc, title = read_html_file("report.html")     # doctest: +SKIP
"""
from __future__ import annotations

import re
from pathlib import Path

from giptext.errors import DecodeError
from giptext.io.text import decode_bytes

_DROP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "nav", "header", "footer", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "option", "input", "textarea", "dialog",
}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "html",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f]+")
# CSS Text 3 segment-break rule: a source line break between two wide (CJK) characters
# renders as nothing, not as a space; "落实《条例》，\n  进一步" reads "…，进一步".
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_CJK_BREAK = re.compile(rf"(?<={_WIDE})[ \t\r\f]*\n[ \t\n\r\f]*(?={_WIDE})")
# Declared charsets that Python decodes too strictly: pages labelled gb2312 routinely
# contain GBK/GB18030 characters, and Big5 pages HKSCS ones.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "big5hkscs", "cp950": "big5hkscs"}


# Page chrome marked only by class/id (most government CMS templates use divs, not <nav>):
# an element whose class or id is exactly one of these words is dropped, unless it holds
# the report title (a CMS may call the article head "header").
_CHROME_NAMES = {"nav", "navbar", "menu", "topnav", "header", "footer", "foot", "breadcrumb", "crumb",
                 "crumbs", "sidebar", "share", "bdsharebuttonbox", "copyright"}
_TITLE_WORDS = re.compile(r"报告|報告|年报|年報")


def _is_chrome_by_name(tag) -> bool:
    attrs = tag.attrs or {}
    names = {str(c).lower() for c in attrs.get("class", []) or []}
    if attrs.get("id"):
        names.add(str(attrs["id"]).lower())
    return bool(names & _CHROME_NAMES) and not _TITLE_WORDS.search(tag.get_text())


def _is_hidden(tag) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    if str(attrs.get("role", "")).lower() in _CHROME_ROLES:
        return True
    return bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


def _walk(node, out: list[str], pre: bool = False) -> None:
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    for child in node.children:
        if isinstance(child, NavigableString):
            if isinstance(child, PreformattedString):  # comments, doctype, CDATA
                continue
            s = str(child).replace("\xa0", " ")
            out.append(s if pre else _WS.sub(" ", _CJK_BREAK.sub("", s)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in _DROP or _is_hidden(child) or _is_chrome_by_name(child):
                continue
            if name == "br":
                out.append("\n")
                continue
            block = name in _BLOCK
            if block:
                out.append("\n")
            _walk(child, out, pre or name == "pre")
            if block:
                out.append("\n")


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML string and its ``<title>`` (or ``None``)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    out: list[str] = []
    _walk(soup, out)
    lines = (line.strip(" ") for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line), (title or None)


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


def read_html_file(path: str | Path) -> tuple[str, str, str | None]:
    """Read an ``.html``/``.htm`` page; return ``(text, encoding, title)``."""
    data = Path(path).read_bytes()
    markup, enc = _decode_html(data, path)
    text, title = html_to_text(markup)
    if not text.strip() and "<" not in markup:
        raise DecodeError(path, "no HTML markup found")
    return text, enc, title


__all__ = ["html_to_text", "read_html_file"]
