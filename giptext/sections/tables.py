"""Flattened tables and page chrome: material that looks like headings or narrative but is neither.

Statistics tables of the 2019 template arrive as ``|`` runs, tab-separated cells or one
cell per line; their row labels (``一、本年新收政府信息公开申请数量``, ``四、结转下年度继续办理``)
have the numbering of a top-level heading. :func:`in_table` tells, from the lines around
a candidate, whether it sits inside such a table. :func:`trailing_chrome_start` finds
where a document's closing debris (signature, date, share buttons, 附件) begins.

Example::

    >>> t = "正文。\\n\\n某某县商务局\\n2020年2月12日\\n"
    >>> t[trailing_chrome_start(t, 0):].split()
    ['某某县商务局', '2020年2月12日']
"""
from __future__ import annotations

import re

from giptext.sections.headings import _INNER_PUNCT, folded

# A cell line: only a number, a percentage, a dash or pipes.
_CELL = re.compile(r"^[\s|]*(?:[-—–/]|[0-9０-９.．%％]+|)[\s|]*$")


def in_table(text: str, line_start: int, line_end: int, window: int = 6) -> bool:
    """True when most of the few lines after ``line_end`` are bare table cells."""
    after = text[line_end : line_end + 400].split("\n")[1 : window + 1]
    after = [a for a in after if a.strip() != ""] or after
    if not after:
        return False
    cells = sum(1 for a in after[:window] if _CELL.match(a) or "|" in a or "\t" in a.strip("\t"))
    return cells >= max(2, (len(after[:window]) + 1) // 2 + 1)


_DATE = re.compile(
    r"^\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?.{0,12}$"
    r"|^[〇零一二三四五六七八九○O]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$"
    r"|^\d{4}年\d{1,2}月$"
)
_CHROME = re.compile(
    r"扫一扫|二维码|分享|打印|关闭|字号|字体|附件|上一篇|下一篇|责任编辑|编辑[:：]|来源[:：]|【|】"
    r"|相关链接|相关阅读|微信|微博|网站地图|版权|主办|承办|ICP|备案|联系我们|收藏|返回|顶部|浏览次数|点击"
    r"|window\.|javascript|function|var |当前位置|您的位置|首页|\[bookmark"
    r"|本文共\d+字|仅供.{0,8}参考|会员|下载|登录|注册"
    r"|\.(?:png|jpg|jpeg|gif)\b|联系电话|电话[:：]|标识码|公网安备|没有了|相关词条|热门词条|联络我们|邮编|地址[:：]"
)
# Unmistakable site-footer words: these mark chrome even on a longer line.
_FOOTER = re.compile(r"ICP|公网安备|标识码|版权所有|主办单位|网站地图|\.(?:png|jpg|gif|docx?|xlsx?|pdf|wps)\b|^标签[:：]")
_RUNNING_TITLE = re.compile(r"(?:报告|年报)$")
_LIST_PUNCT = re.compile(r"[。，,；;：:、]")
_SIGNATURE = re.compile(
    r"^[\w()（）]{2,30}(?:局|办公室|政府|办事处|委员会|委|中心|院|所|厅|街道|镇|乡|公司|站|队|馆|会|处|部|署)$"
)


def is_chrome_line(line: str) -> bool:
    """A closing line that belongs to no narrative section (date, signature, page chrome)."""
    s = line.strip().strip("|").strip()
    if not s:
        return True
    f = "".join(folded(s).split()) if len(s) < 80 else s  # (white space dropped)
    if len(f) <= 40 and (_DATE.match(f) or _SIGNATURE.match(f)):
        return True
    if "。" in f[:-1] and len(f) > 20:
        return False  # a sentence, whatever words it holds
    if (len(f) <= 40 and _CHROME.search(f)) or (len(f) <= 160 and _FOOTER.search(f)):
        return True
    if len(f) <= 60 and _RUNNING_TITLE.search(f) and not _INNER_PUNCT.search(f):
        return True  # the report's title, repeated as a PDF page's running header
    # A short line with no clause punctuation at the very end: a caption, a link, a name
    # (but not a short enumerated item such as `3、加强培训`).
    if len(f) <= 16 and not _LIST_PUNCT.search(f) and not _ITEM.match(f):
        return True
    return False


_ITEM = re.compile(r"(?:[0-9]{1,2}[.、．]|[(（][一二三四五六七八九十0-9]{1,2}[)）]|[一二三四五六七八九十]{1,2}(?:是|要|、))\D")


def trailing_chrome_start(text: str, lo: int, hi: int | None = None) -> int:
    """Offset in ``text[lo:hi]`` where trailing chrome begins (``hi`` when there is none).

    Chrome is a run of closing lines (blank, date, signature, page chrome) at the end;
    the offset is the start of its first non-blank line, so the narrative keeps its
    final newline and blank lines.
    """
    hi = len(text) if hi is None else hi
    pos = hi
    first_chrome = hi
    while pos > lo:
        line_start = text.rfind("\n", lo, pos - 1) + 1 if pos - 1 > lo else lo
        line_start = max(line_start, lo)
        line = text[line_start:pos]
        if not is_chrome_line(line):
            break
        if line.strip():
            first_chrome = line_start
        pos = line_start
    if first_chrome < hi and pos <= lo:
        return lo
    return first_chrome


__all__ = ["in_table", "is_chrome_line", "trailing_chrome_start"]
