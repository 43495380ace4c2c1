"""Word ``.docx`` reports: body paragraphs and tables in document order.

The package is read directly (zip + lxml), not through python-docx, for three reasons:
Word's automatic list numbering must be resolved (a heading typed as "总体情况" in a list
whose level text is ``%1、`` in ``chineseCounting`` reads ``一、总体情况`` on screen, and
the section splitter needs that number); every XML part must be size-checked before and
while it is decompressed (a 3 MB package can expand to gigabytes); and XML is parsed with
entity resolution, DTDs and network access off.

What is read: ``word/document.xml`` (the main part named by ``_rels/.rels``), with
``numbering.xml`` and ``styles.xml`` for list numbers. Headers, footers, comments,
footnotes, text boxes and deleted (tracked) text are left out. Tables come out one row
per line, the cells joined by :data:`giptext.report.CELL_SEP`; a merged cell is written
once, in its first row (later rows omit it, as HTML's ``rowspan`` does); a nested table's
text stays inside its cell. Provenance: ``paragraph`` (the n-th body paragraph, empty ones
counted, 1-based) or ``table``/``row``/``cell`` (1-based).

Example::

    >>> res = read_docx("report.docx")          # doctest: +SKIP
    >>> res.text.split("\\n")[1]                  # doctest: +SKIP
    '一、总体情况'
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from giptext.errors import MalformedFileError
from giptext.io._build import WIDE, ReadResult, TextBuilder
from giptext.io.limits import DEFAULT_LIMITS, Limits
from giptext.report import CELL_SEP

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not body text: tracked deletions, field instructions, text boxes
# (their DrawingML copy and its VML fallback would both be read), properties, references.
_SKIP = {W + t for t in ("delText", "instrText", "delInstrText", "txbxContent", "pPr", "rPr", "tblPr", "trPr",
                         "tcPr", "sectPr", "footnoteReference", "endnoteReference", "commentReference",
                         "annotationRef", "del", "moveFrom", "drawing", "pict", "object")} | {_MC_FALLBACK}
_CONTAINERS = {W + t for t in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "txbxContent")}
_WIDE = re.compile(WIDE)


# -- the package ----------------------------------------------------------------------------------
def _read_part(zf: zipfile.ZipFile, name: str, path, limits: Limits) -> bytes | None:
    """Bytes of one part, refused when its declared or its real size exceeds the limit."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    limit = limits.max_docx_part_bytes
    limits.check(path, "max_docx_part_bytes", info.file_size, f"the decompressed size of {name} in bytes")
    buf = bytearray()
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > limit:  # the zip directory lied about the size
                    limits.check(path, "max_docx_part_bytes", len(buf),
                                 f"the decompressed size of {name} in bytes (more than the zip directory says)")
    except RuntimeError as exc:
        if "encrypted" in str(exc):
            raise MalformedFileError(path, f"the .docx package is password-protected ({name} is encrypted)") from None
        raise MalformedFileError(path, f"not a valid .docx file: cannot decompress {name} ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise MalformedFileError(path, f"not a valid .docx file: cannot decompress {name} ({type(exc).__name__}: {exc})") from None
    return bytes(buf)


def _parse_xml(data: bytes, name: str, path):
    """Parse one XML part safely: no DTD, no entity expansion, no network, no huge trees."""
    from lxml import etree

    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
        raise MalformedFileError(path, f"not a valid .docx file: {name} declares a DTD/entities (not allowed in Office XML)")
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        pass  # UTF-16 XML: lxml reads the byte-order mark
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFileError(path, f"not a valid .docx file: {name} is not well-formed XML ({exc})") from None


def _rel_targets(zf, rels_name: str, base: str, path, limits) -> dict[str, str]:
    """Relationship type suffix → part name, from one ``.rels`` part (missing → empty)."""
    data = _read_part(zf, rels_name, path, limits)
    if data is None:
        return {}
    root = _parse_xml(data, rels_name, path)
    out: dict[str, str] = {}
    for rel in root.iter(_REL + "Relationship", "Relationship"):
        typ, target = rel.get("Type") or "", rel.get("Target") or ""
        if not target or rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.setdefault(typ.rsplit("/", 1)[-1], name)
    return out


# -- list numbering -------------------------------------------------------------------------------
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0 or n >= 100:
        return str(n)
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def _letters(n: int) -> str:
    n = max(n, 1)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word ``numFmt`` (``chineseCounting`` 3 → ``三``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return _PAREN[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _int(el, default=None):
    if el is None:
        return default
    try:
        return int(el.get(W + "val"))
    except (TypeError, ValueError):
        return default


class _Level:
    __slots__ = ("start", "fmt", "text", "suffix", "legal")

    def __init__(self, lvl):
        self.start = _int(lvl.find(W + "start"), 1)
        fmt = lvl.find(W + "numFmt")
        self.fmt = (fmt.get(W + "val") if fmt is not None else None) or "decimal"
        text = lvl.find(W + "lvlText")
        self.text = text.get(W + "val") if text is not None else None
        suff = lvl.find(W + "suff")
        self.suffix = (suff.get(W + "val") if suff is not None else None) or "tab"
        self.legal = lvl.find(W + "isLgl") is not None


class Numbering:
    """Word's automatic list numbers: ``numPr`` (on a paragraph or its style) → label text.

    Counters are kept per list instance (``numId``) and level; a level restarts after any
    higher level of the same list advances; ``startOverride`` on the instance sets the
    first value. Bullets give no label (their glyph is not text).
    """

    def __init__(self, numbering_root=None, styles_root=None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_root is not None:
            for a in numbering_root.iter(W + "abstractNum"):
                self.abstract[a.get(W + "abstractNumId")] = {
                    _int_attr(lvl, "ilvl"): _Level(lvl) for lvl in a.iter(W + "lvl")}
            for n in numbering_root.iter(W + "num"):
                aid = n.find(W + "abstractNumId")
                starts, levels = {}, {}
                for o in n.iter(W + "lvlOverride"):
                    il = _int_attr(o, "ilvl")
                    so = o.find(W + "startOverride")
                    if so is not None:
                        starts[il] = _int(so, 1)
                    lv = o.find(W + "lvl")
                    if lv is not None:
                        levels[il] = _Level(lv)
                self.nums[n.get(W + "numId")] = (aid.get(W + "val") if aid is not None else None, starts, levels)
        if styles_root is not None:
            raw: dict[str, tuple] = {}
            for st in styles_root.iter(W + "style"):
                sid = st.get(W + "styleId")
                based = st.find(W + "basedOn")
                numpr = st.find(W + "pPr/" + W + "numPr")
                num = ilvl = None
                if numpr is not None:
                    num = _val(numpr.find(W + "numId"))
                    ilvl = _int(numpr.find(W + "ilvl"))
                raw[sid] = (based.get(W + "val") if based is not None else None, num, ilvl)
            for sid in raw:
                num = ilvl = None
                cur, seen = sid, set()
                while cur in raw and cur not in seen:  # inherit through basedOn, loops guarded
                    seen.add(cur)
                    b, n_, i_ = raw[cur]
                    num = n_ if num is None else num
                    ilvl = i_ if ilvl is None else ilvl
                    cur = b
                if num is not None:
                    self.style_numpr[sid] = (num, ilvl)

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        aid, _, levels = self.nums.get(num_id, (None, {}, {}))
        if ilvl in levels:
            return levels[ilvl]
        return self.abstract.get(aid, {}).get(ilvl)

    def _start(self, num_id: str, ilvl: int) -> int:
        starts = self.nums.get(num_id, (None, {}, {}))[1]
        if ilvl in starts:
            return starts[ilvl]
        lv = self._level(num_id, ilvl)
        return lv.start if lv else 1

    def label(self, ppr) -> str | None:
        """Advance the counters for a paragraph with these properties; its label or ``None``."""
        num_id = ilvl = None
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = _val(numpr.find(W + "numId"))
                ilvl = _int(numpr.find(W + "ilvl"))
            if num_id is None:
                style = ppr.find(W + "pStyle")
                if style is not None and style.get(W + "val") in self.style_numpr:
                    num_id, s_ilvl = self.style_numpr[style.get(W + "val")]
                    ilvl = s_ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0
        lv = self._level(num_id, ilvl)
        if lv is None or lv.fmt == "bullet" or lv.text is None:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(num_id, ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def sub(m):
            k = int(m.group(1)) - 1
            value = counters.get(k, self._start(num_id, k))
            klv = self._level(num_id, k)
            fmt = "decimal" if (lv.legal and k < ilvl) else (klv.fmt if klv else "decimal")
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", sub, lv.text)
        if text and lv.suffix != "nothing" and not _WIDE.search(text[-1]):
            text += " "  # Word's tab/space after "1." (a TAB would read as a table cell)
        return text


def _val(el) -> str | None:
    return None if el is None else el.get(W + "val")


def _int_attr(el, name: str) -> int:
    try:
        return int(el.get(W + name))
    except (TypeError, ValueError):
        return 0


# -- body -----------------------------------------------------------------------------------------
def _paragraph_text(p) -> str:
    """The text of one ``w:p`` (runs, tabs as TAB, breaks as newlines), iteratively."""
    out: list[str] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(el.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p":  # a paragraph nested in a run (text box not skipped): its own line
            out.append("\n")
            stack.extend(reversed(el))
        else:
            stack.extend(reversed(el))
    return "".join(out)


def _join_cjk(parts: list[str]) -> str:
    out = ""
    for s in parts:
        s = s.strip()
        if not s:
            continue
        if out and not (_WIDE.search(out[-1]) or _WIDE.search(s[0])):
            out += " "
        out += s
    return out


class _Body:
    def __init__(self, path, limits: Limits, numbering: Numbering):
        self.b = TextBuilder("docx", path, limits)
        self.num = numbering
        self.n_par = 0
        self.n_tab = 0
        self.skipped = 0  # embedded alternative-format chunks (altChunk), not read

    def _labelled(self, p) -> str:
        label = self.num.label(p.find(W + "pPr"))
        text = _paragraph_text(p)
        return (label or "") + text if text.strip() or label else text

    def paragraph(self, p) -> None:
        self.n_par += 1
        rec = (self.n_par, None, None, None)
        for line in self._labelled(p).split("\n"):
            line = line.strip()
            self.b.add_line([(line, rec)])

    def _cell_text(self, tc) -> str:
        parts: list[str] = []
        stack = list(reversed(tc))
        while stack:
            el = stack.pop()
            if not isinstance(el.tag, str):
                continue
            if el.tag == W + "p":
                parts.append(self._labelled(el).replace("\t", " ").replace("\n", " "))
            elif el.tag in (W + "tbl", W + "tr", W + "tc") or el.tag in _CONTAINERS:
                stack.extend(reversed(el))
        return _join_cjk(parts)

    def table(self, tbl) -> None:
        self.n_tab += 1
        n_row = 0
        for tr in _children(tbl, W + "tr"):
            n_row += 1
            pieces = []
            for n_cell, tc in enumerate(_children(tr, W + "tc"), 1):
                vm = tc.find(W + "tcPr/" + W + "vMerge")
                if vm is not None and (vm.get(W + "val") or "continue") == "continue":
                    continue  # a vertically merged cell is written once, in its first row
                pieces.append((self._cell_text(tc), (None, self.n_tab, n_row, n_cell)))
            if any(t.strip() for t, _ in pieces):
                # the separator belongs to the cell before it (one run per cell)
                self.b.add_line([(t + CELL_SEP, r) for t, r in pieces[:-1]] + pieces[-1:])

    def body(self, body) -> None:
        stack = list(reversed(body))
        while stack:
            el = stack.pop()
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el)
            elif tag == W + "tbl":
                self.table(el)
            elif tag in _CONTAINERS:
                stack.extend(reversed(el))
            elif tag == W + "altChunk":
                self.skipped += 1


def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls (``w:sdt``)."""
    stack = list(reversed(el))
    while stack:
        c = stack.pop()
        if c.tag == tag:
            yield c
        elif c.tag in _CONTAINERS:
            stack.extend(reversed(c))


def read_docx(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read a ``.docx`` report into its reading text and source map (see the module docstring)."""
    try:
        zf = zipfile.ZipFile(str(path))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise MalformedFileError(path, f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    with zf:
        top = _rel_targets(zf, "_rels/.rels", "", path, limits)
        main = top.get("officeDocument") or "word/document.xml"
        data = _read_part(zf, main, path, limits)
        if data is None and main != "word/document.xml":
            main = "word/document.xml"
            data = _read_part(zf, main, path, limits)
        if data is None:
            raise MalformedFileError(path, "not a valid .docx file (no word/document.xml in the package)")
        base = posixpath.dirname(main)
        rels = _rel_targets(zf, posixpath.join(base, "_rels", posixpath.basename(main) + ".rels"), base, path, limits)
        roots = {}
        for kind, default in (("numbering", "numbering.xml"), ("styles", "styles.xml")):
            name = rels.get(kind) or posixpath.join(base, default)
            part = _read_part(zf, name, path, limits)
            roots[kind] = _parse_xml(part, name, path) if part is not None else None
        doc = _parse_xml(data, main, path)
    body = doc.find(W + "body")
    if body is None:
        raise MalformedFileError(path, f"not a valid .docx file ({main} has no w:body; is it a Word document?)")
    reader = _Body(path, limits, Numbering(roots["numbering"], roots["styles"]))
    reader.body(body)
    warnings = []
    if reader.skipped:
        warnings.append(f"docx: {reader.skipped} embedded document chunk(s) (w:altChunk: HTML/RTF pasted as a "
                        f"file) not read; open and re-save the file in Word to inline them")
    return ReadResult(reader.b.text(), reader.b.map, warnings=warnings)


def read_docx_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The reading text of a ``.docx`` (kept for callers of the earlier API)."""
    return read_docx(path, limits).text


__all__ = ["Numbering", "format_number", "read_docx", "read_docx_file"]
