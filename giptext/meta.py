"""Who issued a report and for which year, read from its title and opening text.

:func:`extract_meta` looks for the report's title (a line such as
``驻马店市商务局2021年政府信息公开工作年度报告``, also inside a flattened page header
``名 称: | … |`` or a file name) and reads the issuing body (``agency``), the report
``year`` (the year reported on, never the publication date), the ``level`` of the body and
the ``region`` named in it. When the title does not say, a few explicit phrasings of the
body are tried (统计期限自2013年1月1日…, 由临邑县人民政府编制…, 我局/我镇…). Whatever
cannot be read is ``None``: no field is filled with a guess.

Matching runs on the Simplified, half-width view of the text (:func:`giptext.textnorm.fold`,
length-preserving), so ``agency`` and ``region`` come out in Simplified characters;
``title`` is returned as written.

``level`` is the kind of body, as in the annotation guide: ``department`` for any office,
bureau, commission or centre; ``province``/``city``/``county``/``township`` for the people's
government of that tier (a street office counts as township). It is read from the name's
form alone, so a county-level city (``瑞安市人民政府``) reads as ``city``.

Example::

    >>> m = extract_meta("驻马店市商务局2021年政府信息公开工作年度报告\\n一、总体情况")
    >>> m.agency, m.year, m.level, m.region
    ('驻马店市商务局', 2021, 'department', '驻马店市')
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from giptext.report import Meta
from giptext.textnorm import to_simplified

# How much of the report is searched for a title: page chrome can push it down a little.
_HEAD_CHARS = 2500
_HEAD_LINES = 40
_TAIL_CHARS = 600
_TIERS = "省市县区旗镇乡"  # an agency name starting with one of these has lost its place name
_MIN_YEAR, _MAX_YEAR = 1990, 2100

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
_CJK = r"\u4e00-\u9fff"

# The disclosure-report phrase that makes a line a title: 政府信息公开(工作)年度报告,
# 信息公开年报, 政务公开工作报告, 政府信息公开情况报告 …
_REPORT_PHRASE = (r"(?:政府信息公开|政务信息公开|信息公开|政务公开)(?:工作)?(?:开展)?(?:情况)?(?:的)?(?:年度)?(?:工作)?"
                  r"(?:年度报告|年报|报告|汇报)")
# A title: [agency] year年(度) [agency] <report phrase>, or agency <report phrase>(year年).
# (\x00 stands for a blanked-out pinyin gloss, see _view.)
_NAME_CHARS = rf"[{_CJK}()·\x00]"
_TITLE_YEAR = re.compile(
    rf"(?P<pre>[{_CJK}A-Za-z0-9()·\x00]*?)\s*{_YEAR}\s*年度?\s*(?P<mid>{_NAME_CHARS}*?)\s*(?P<phrase>{_REPORT_PHRASE})"
)
_TITLE_YEAR_AFTER = re.compile(rf"(?P<pre>{_NAME_CHARS}*?)(?P<phrase>{_REPORT_PHRASE})\s*[(]?\s*{_YEAR}\s*年度?")
_TITLE_NOYEAR = re.compile(rf"(?P<pre>{_NAME_CHARS}*?)(?P<phrase>{_REPORT_PHRASE})")

# Name endings of administrative places and of government bodies.
_PLACE_SUFFIX = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "街道", "苏木",
                 "省", "市", "盟", "县", "区", "旗", "乡", "镇")
_PLACE = re.compile(rf"[{_CJK}]{{1,12}}?(?:{'|'.join(_PLACE_SUFFIX)})")
# A run of CJK that ends like the name of a place: the part of an agency name before the body.
_NOT_PLACE_END = ("城乡", "城市", "超市", "都市")
_NOT_PLACE_WORDS = {"乡镇", "城镇", "各乡镇", "城区", "园区", "景区", "社区", "辖区", "市区", "县区", "郊区", "全区", "全县", "全市", "全省", "全镇",
                    "全乡", "本市", "本县", "本区", "我市", "我县", "我区", "我镇", "我乡", "该市", "该县", "各县", "各区"}
_BODY_SUFFIX = ("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办公厅", "街道办事处",
                "办事处", "办公室", "办公厅", "管理委员会", "管委会", "委员会", "行政公署", "政府", "总队", "支队", "大队", "分局",
                "局", "厅", "委", "办", "中心", "院", "署", "所", "站", "队", "馆", "处", "部", "会")
_BODY = re.compile(rf"(?:{'|'.join(_BODY_SUFFIX)})$")
# Words that open a sentence rather than a name: drop them from the front of a candidate.
_LEAD = re.compile(r"^(?:现将|现公布|特向社会公布|公布|关于|印发|发布|报送|编制|本单位|本|我|的|由|是|根据|按照|依据|标题|名称|全文)+")
_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,8}\)")  # pinyin glosses: 區(qū)
_PLACEHOLDER = re.compile(r"^(?:某|xx|XX|x|X|\*)")  # 某县, xx镇: a name withheld, no region
_NOT_IN_PLACE = set("是由的在与对为年度报告我将了该各从经按据把被及向至其")  # function words
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

# Where the body says which year it reports on, most explicit first.
_YEAR_CLUES = [
    re.compile(r"统计期限(?:为|是|从|自)?\s*" + _YEAR + r"\s*年\s*1\s*月\s*1\s*日"),
    re.compile(_YEAR + r"\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)\s*(?:(?P=year)\s*年\s*)?12\s*月\s*31\s*日"),
    re.compile(r"(?:现将|公布|由[^。\n]{0,30}?编制的?|本报告)[^。\n]{0,30}?" + _YEAR + r"\s*年度?\s*(?:政府|政务|[我本]局|[我本]单位)?\s*(?:信息|政务)?公开"),
    re.compile(r"回顾\s*" + _YEAR + r"\s*年"),
    re.compile(r"(?:^|[\n。::])\s*" + _YEAR + r"\s*年度?(?:以来)?\s*[,，]?\s*(?:[我本全在按根围]|,|，)"),
]
_SELF_REF = {
    "department": re.compile(r"[我本](?:局|委|办|厅|中心|院|所|站|队|分局|单位)"),
    "township": re.compile(r"[我本](?:镇|乡|街道|街)(?![长办])"),
}


# textnorm.to_halfwidth as a str.translate table (same mapping, C speed)
_HALFWIDTH = {0xFF01 + i: 0x21 + i for i in range(0xFF5E - 0xFF01 + 1)} | {0x3000: 0x20}


def _view(text: str) -> str:
    """:func:`giptext.textnorm.fold` with pinyin glosses (區(qū)) blanked to NULs: same length."""
    return _GLOSS.sub(lambda m: "\x00" * len(m.group()), to_simplified(text).translate(_HALFWIDTH))


def _cn_year(s: str) -> int | None:
    if s.isdigit():
        y = int(s)
    else:
        try:
            y = int("".join(str(_CN_DIGITS[c]) for c in s))
        except KeyError:
            return None
    return y if _MIN_YEAR <= y <= _MAX_YEAR else None


def _clean_name(s: str) -> str | None:
    """Trim a candidate agency name; ``None`` if what is left is no name of a body or place."""
    s = _GLOSS.sub("", s.replace("\x00", "")).strip(" ()·")
    s = _LEAD.sub("", s)
    if "(" in s and ")" not in s:  # an unclosed bracket opened a remark, not a name
        s = s.split("(")[0]
    if len(s) < 2 or not re.search(rf"[{_CJK}]", s):
        return None
    if re.search(r"[A-Za-z0-9]", s):  # a domain or code where the name was replaced
        return None
    if s in _NOT_PLACE_WORDS or s.endswith(_NOT_PLACE_END):
        return None
    if _BODY.search(s) or s.endswith(_PLACE_SUFFIX):
        if s in ("政府", "人民政府", "本局", "我局"):
            return None
        return s
    return None


def region_of(agency: str | None) -> str | None:
    """The administrative places that open an agency name: 南充市顺庆区教育局 → 南充市顺庆区."""
    if not agency:
        return None
    pos = 0
    while pos < len(agency):
        m = _PLACE.match(agency, pos)
        if not m:
            break
        part = m.group()
        if part.endswith(_NOT_PLACE_END) or part in _NOT_PLACE_WORDS or _PLACEHOLDER.match(part):
            break  # 城市管理局, 全县, 某县: not a place name
        pos = m.end()
    # 广州市白云区人民政府嘉禾街道办事处: the district government sits between two places
    return agency[:pos].replace("人民政府", "") or None


def level_of(agency: str | None) -> str | None:
    """The kind of body an agency name denotes (see module docstring), or ``None``."""
    if not agency:
        return None
    a = re.sub(r"\([^)]*\)$", "", agency)  # a trailing remark in brackets
    gov = re.search(r"(?:人民政府|政府|行政公署)$", a)
    if gov:
        a = a[: gov.start()]
    elif re.search(r"(?:街道办事处|街道办|街道|办事处)$", a):
        return "township"
    elif _BODY.search(a) and not a.endswith(_PLACE_SUFFIX):
        return "department"
    elif not a.endswith(_PLACE_SUFFIX):
        return None
    # a people's government, or a bare place name standing for it
    if a.endswith(("镇", "乡", "街道", "苏木")):
        return "township"
    if a.endswith(("县", "区", "旗", "自治县", "自治旗")) and not a.endswith(("地区", "自治区")):
        return "county"
    if a in _MUNICIPALITIES:
        return "province"
    if a.endswith(("省", "自治区", "特别行政区")):
        return "province"
    if a.endswith(("市", "自治州", "州", "盟", "地区")):
        return "city"
    return None


def _title_lines(head: str) -> list[tuple[int, str, int]]:
    """Candidate title strings in the head with their offsets and line numbers (table cells
    count as lines)."""
    out = []
    pos = 0
    for n, line in enumerate(head.split("\n")):
        if n >= _HEAD_LINES:
            break
        for cell in re.finditer(r"[^|]+", line):
            text = cell.group()
            # a label such as 名称: / 标题 | in front of the title
            lab = re.match(r"\s*[•·]?\s*(?:标\s*题|名\s*称|题\s*名)\s*[::]?\s*", text)
            off = pos + cell.start() + (lab.end() if lab else 0)
            out.append((off, text[lab.end():] if lab else text, n))
        pos += len(line) + 1
    return out


def _wrapped_title_lines(head: str) -> list[tuple[int, str, int, int, int]]:
    """Pairs of short consecutive lines joined, for titles wrapped over two lines (PDFs).

    Returns ``(offset, joined, k, skip, line)``: characters of ``joined`` from ``k`` on sit
    ``skip`` characters further on in the source (the line break and white space around it).
    """
    lines = head.split("\n")[:_HEAD_LINES]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out = []
    for i in range(len(lines) - 1):
        a, b = lines[i].rstrip(), lines[i + 1].lstrip()
        if not a.strip() or not b or len(a.strip()) > 40 or len(b) > 40 or "|" in a + b:
            continue
        # the first line must be a whole name (and maybe the year): 某县商务局 / 某县商务局2021年度
        first = re.fullmatch(rf"(?P<name>{_NAME_CHARS}+?)\s*(?:{_YEAR}\s*年度?)?", a.strip())
        if not first or _clean_name(first.group("name")) != first.group("name").replace("\x00", ""):
            continue
        skip = len(lines[i]) - len(a) + 1 + len(lines[i + 1]) - len(b)
        out.append((starts[i], a + b, len(a), skip, i))
    return out


def _title_candidates(view: str) -> list[tuple[re.Match, int, tuple[int, int]]]:
    """Title matches in the head, in reading order: ``(match, offset, (start, end))`` with the
    title's span in the source (the agency-free lead-in such as 关于 left out).

    A match inside a sentence (a cited notice 《关于做好…年度报告…》, 现将…报告如下) is
    not a title: the text before it in its line must be short and free of punctuation.
    A title wrapped over two short lines is tried where no single line holds a complete one.
    """
    head = view[:_HEAD_CHARS]

    def scan(items):
        found = []
        for off, line, k, skip, n in items:
            if len(line.strip()) > 80 or "公开" not in line or not ("报" in line or "汇" in line):
                continue
            for rx in (_TITLE_YEAR, _TITLE_YEAR_AFTER, _TITLE_NOYEAR):
                m = rx.search(line)
                if m is None:
                    continue
                if k is not None and m.start() >= k:  # a wrapped title starts on the first line
                    break
                before = line[: m.start()].lstrip(" *#【《")
                if len(before.strip()) > 15 or re.search(r"[,，。;；《“\"]", before):
                    continue
                lead = len(m.group("pre")) - len(_LEAD.sub("", m.group("pre")))

                def to_src(i: int) -> int:
                    return off + i + (skip if k is not None and i >= k else 0)

                found.append((m, off, (to_src(m.start() + lead), to_src(m.end())), n))
                break
        return found

    single = scan((off, line, None, 0, n) for off, line, n in _title_lines(head))
    has_title = {c[3] for c in single}
    complete = {c[3] for c in single if _agency_from_title(c[0]) and "year" in c[0].re.groupindex}
    # 某县商务局 / 2021年政府信息公开工作年度报告: join only where the first line holds no
    # title and the second no complete one
    wrapped = [c for c in scan(_wrapped_title_lines(head)) if c[3] not in has_title and c[3] + 1 not in complete]
    return [c[:3] for c in sorted(single + wrapped, key=lambda c: (c[3], c[1]))]


def _agency_from_title(m: re.Match) -> str | None:
    g = m.groupdict()
    for part in (g.get("pre"), g.get("mid")):
        if not part:
            continue
        # 张义镇人民 + 政府信息公开…: the government's name runs into the report phrase.
        if part.endswith("人民") and g["phrase"].startswith("政府"):
            part += "政府"
        name = _clean_name(part)
        if name:
            return name
    return None


def _pick_title(cands: list[tuple[re.Match, int, tuple[int, int]]]):
    """Best title candidate (agency and year, else year, else agency): its source span,
    agency and year (each ``None`` when no candidate gives it)."""
    read = [(span, _agency_from_title(m), _cn_year(m.group("year")) if "year" in m.re.groupindex else None)
            for m, off, span in cands]
    for want in (lambda a, y: a and y, lambda a, y: y, lambda a, y: a, lambda a, y: True):
        for span, a, y in read:
            if want(a, y):
                agency = a or next((x[1] for x in read if x[1]), None)
                year = y or next((x[2] for x in read if x[2]), None)
                return span, agency, year
    return None, None, None


def _agency_from_body(view: str) -> str | None:
    head = view[:_HEAD_CHARS]
    for rx in (
        re.compile(rf"由([{_CJK}()]{{2,30}}?)(?:负责)?编制"),
        re.compile(rf"(?:发布机构|信息来源|发文机关|来源|发布单位)\s*[::|]?\s*\|?\s*([{_CJK}()]{{2,30}})"),
        re.compile(rf"(?:现公布|现将|特向社会公布)([{_CJK}()]{{2,30}}?){_YEAR}\s*年"),
    ):
        for m in rx.finditer(head):
            name = _clean_name(m.group(1))
            if name and region_of(name) != name or name and level_of(name):
                return name
    return None


def _expand_bare_tier(agency: str, view: str) -> str:
    """县商务局 → 城步苗族自治县商务局 when the text spells the full name out somewhere.

    Titles often drop the place (县商务局, 区发改委); the first occurrence in the text of a
    place name followed by the same words is taken, nothing is made up.
    """
    if not agency or agency[0] not in _TIERS:
        return agency
    for m in re.finditer(rf"([{_CJK}]{{1,16}}){re.escape(agency)}", view):
        # the place name is the part right before the short name, back to the first word
        # that cannot be part of a place name (由县交通运输局, 2019年度区发改委)
        run = m.group(1)
        i = len(run)
        while i > 0 and run[i - 1] not in _NOT_IN_PLACE:
            i -= 1
        place = run[i:] + agency[0]
        if len(place) >= 3 and region_of(place) == place and not _PLACEHOLDER.match(place):
            return run[i:] + agency
    return agency


def _year_from_body(view: str) -> int | None:
    head = view[: _HEAD_CHARS * 2]
    for rx in _YEAR_CLUES:
        for m in rx.finditer(head):
            y = _cn_year(m.group("year"))
            if y:
                return y
    return None


def _level_from_self_reference(view: str) -> str | None:
    counts = Counter({k: len(rx.findall(view[: _HEAD_CHARS * 2])) for k, rx in _SELF_REF.items()})
    (best, n), *rest = counts.most_common()
    if n >= 1 and all(n >= 2 * m for _, m in rest):
        return best
    return None


def extract_meta(text: str, filename: str | None = None, hints: list[str] | None = None) -> Meta:
    """Read agency, year, level, region and title of a report (unknown fields are ``None``).

    ``filename`` (e.g. ``"某局2021年政府信息公开工作年度报告.docx"``) and ``hints`` (e.g. an
    HTML ``<title>``) are searched for a title when the text has none.

    Example::

        >>> m = extract_meta("2008年张义镇人民政府信息公开工作年度报告\\n……")
        >>> m.agency, m.year, m.level
        ('张义镇人民政府', 2008, 'township')
    """
    # The folded view costs time (OpenCC): fold the head, and the next stretch only if needed.
    view = _view(text[:_HEAD_CHARS])
    source = text
    span, agency, year = _pick_title(_title_candidates(view))
    if span is None:
        for extra in [*(hints or []), Path(filename).stem if filename else None]:
            if extra:
                span, agency, year = _pick_title(_title_candidates(_view(extra)))
                if span is not None:
                    source = extra
                    break
    title = None
    if span is not None:
        # a title wrapped over two lines is returned on one
        title = re.sub(r"\s*\n\s*", "", source[span[0]: span[1]]).strip() or None
    if agency is None:
        agency = _agency_from_body(view)
    if agency and agency[0] in _TIERS:
        # the full name is often only in the signature at the end
        agency = _expand_bare_tier(agency, view + "\n" + _view(text[-_TAIL_CHARS:]))
    level = level_of(agency)
    if (year is None or level is None) and len(text) > _HEAD_CHARS:
        view += _view(text[_HEAD_CHARS: _HEAD_CHARS * 2])
    if year is None:
        year = _year_from_body(view)
    level = level or _level_from_self_reference(view)
    return Meta(agency=agency, year=year, level=level, region=region_of(agency), title=title)


__all__ = ["extract_meta", "level_of", "region_of"]
