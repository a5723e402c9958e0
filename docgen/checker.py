"""``docgen check``: a GB/T 9704-2012 conformance checker for any .docx.

Works on docgen's own output and on documents made by hand in Word or WPS: it
reads the package with lxml (no python-docx object model), resolves every run's
effective East Asian font and size the way Word does (run → character style
chain → paragraph style chain → document defaults, theme fonts through
``theme1.xml``), classifies paragraphs (版头, 标题, 主送, 正文, 层次标题, 落款,
版记, table cells; Word's auto-numbering labels count as text) and reports one
:class:`Finding` per rule and paragraph — the same finding on many paragraphs once, with a count.
Input is bounded (``MAX_*`` below): hostile files end in :class:`~docgen.errors.InputError`.

Every figure comes from :mod:`docgen.gbt9704`.  Rule ids are stable (the CLI's
JSON output and users' suppress lists depend on them):

=====================  ========  ===================================================
rule                   severity  what
=====================  ========  ===================================================
page.size              error     A4 (210 × 297 mm) in every section
page.margins           error     top 37, bottom 35, left 28, right 26 mm (± tolerance)
page.number            error     footer PAGE field, "— 1 —", 4号宋体, odd right / even left
                                 (warning when pages do not alternate)
font.title             error     title 2号 小标宋
font.body              error     body text 3号 仿宋 (also 主送, 落款, subtitle 楷体/仿宋)
font.heading1..4       error     一、黑体 / （一）楷体 / 1. 仿宋 / （1）仿宋, 3号
font.eastasia          warning   a run names a Chinese font only in the Latin slots
font.bold              error     bold anywhere in title, headings or body (the standard has none)
line.spacing           error     fixed line pitch giving 22 lines per page (a 落款 page tightened
                                 down to 24 pt is accepted: 7.3.5)
spacing.paragraph      error     space before/after paragraphs (breaks the 22-line page)
indent.first_line      error     body and heading paragraphs start two characters in (first-line,
                                 left/hanging or auto-numbering indents all count)
salutation.indent      error     主送机关 / 称谓 flush left
attachment.note        error     附件说明 two characters in, not centred
attachment.label       error     附件 label 3号黑体, flush left
closing.position       error     署名 right with two characters' indent, date two characters right of
                                 the 署名's first character (or the seal layout)
title.break            error     title broken inside a word or leaving a lone character (warning
                                 when only automatic wrapping would do it)
heading.sequence       error     一、二、三… without gaps/repeats (warning: level skipped)
date.format            error     2026年3月5日: Arabic, year in full, no leading zeros
docnumber.brackets     error     发文字号 year in 〔〕, no 第, no leading zeros
punct.halfwidth        error     half-width , ; : ? ! ( ) next to Chinese text
punct.quotes           error     straight quotes in Chinese text (warning: unpaired “ ”)
space.cjk              error     a space between two Chinese characters / punctuation
title.missing          warning   no title found
=====================  ========  ===================================================

Paragraph numbers are 1-based over the body's top-level paragraphs in document
order (what python-docx's ``Document.paragraphs`` lists, plus paragraphs of
body-level content controls); findings inside tables carry ``paragraph=None``
and the cell text as excerpt.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import stat
import struct
import zlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator, Optional, Union, cast

from . import gbt9704 as std
from .errors import InputError
from .text import NUMERIC_DATE

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["Finding", "Report", "check", "RULES"]

ERROR = "error"
WARNING = "warning"

#: Every rule id this module can report.
RULES = (
    "page.size", "page.margins", "page.number", "font.title", "font.body", "font.heading1", "font.heading2",
    "font.heading3", "font.heading4", "font.eastasia", "font.bold", "line.spacing", "spacing.paragraph",
    "indent.first_line", "salutation.indent", "attachment.note", "attachment.label", "closing.position",
    "title.break", "heading.sequence", "date.format", "docnumber.brackets", "punct.halfwidth", "punct.quotes",
    "space.cjk", "title.missing",
)


# --------------------------------------------------------------------------- public data

@dataclass(frozen=True)
class Finding:
    """One thing wrong: which rule, how bad, what and where.

    ``paragraph`` is 1-based (None = the whole document, or a table cell when ``excerpt`` is set);
    ``count`` is how many paragraphs have the same problem (reported once, at the first of them).
    """

    rule: str
    severity: str
    message: str
    paragraph: Optional[int] = None
    excerpt: Optional[str] = None
    count: int = 1

    def where(self) -> str:
        more = f"等{self.count}处" if self.count > 1 else ""
        if self.paragraph is not None:
            return f"第{self.paragraph}段「{self.excerpt or ''}」{more}"
        if self.excerpt is not None:
            return f"表格「{self.excerpt}」{more}"
        return "全文"


@dataclass
class Report:
    """All findings for one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def rules(self) -> set[str]:
        """The rule ids that fired (any severity)."""
        return {f.rule for f in self.findings}

    def to_text(self) -> str:
        lines = [f"{f.where()} {f.severity} {f.rule}: {f.message}"
                 + (f"（共{f.count}处 / {f.count} places）" if f.count > 1 else "") for f in self.findings]
        e, w = len(self.errors), len(self.warnings)
        if not self.findings:
            lines.append(f"{self.path}：符合 GB/T 9704-2012，未发现问题 / {self.path}: conforms, no problems found")
        else:
            lines.append(f"{self.path}：{e} 处错误，{w} 处警告 / {e} error(s), {w} warning(s)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        return cls(str(data["path"]), [Finding(**f) for f in data.get("findings", [])])


# --------------------------------------------------------------------------- text patterns (private)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_FW_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·"
_RE_CJK = re.compile(f"[{_CJK}]")
_RE_CJK_OR_FW = f"[{_CJK}{_FW_PUNCT}]"
_RE_CJK_OR_FW_C = re.compile(_RE_CJK_OR_FW)

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "一二三四五六七八九十"

_RE_H1 = re.compile(f"^([{_CN_NUM}]+)、")
_RE_H2 = re.compile(f"^[（(]([{_CN_NUM}]+)[）)]")
_RE_H3 = re.compile(r"^(\d{1,2})[.．](?![\d.．])")
_RE_H4 = re.compile(r"^[（(](\d{1,2})[）)]")
_HEADING_RES = ((1, _RE_H1), (2, _RE_H2), (3, _RE_H3), (4, _RE_H4))

_RE_DATE_CN = re.compile(  # any 年…月(…日) date, good or bad
    r"(?<![0-9〇○零一二三四五六七八九十])"
    r"([0-9〇○零Ｏ一二三四五六七八九]{2,4})年([0-9一二三四五六七八九十]{1,3})月(?:([0-9一二三四五六七八九十]{1,3})日)?")
_RE_DATE_MD_ZERO = re.compile(r"(?<![0-9年])(0[0-9])月(?:([0-9]{1,2})日)?|(?<![0-9])([0-9]{1,2})月(0[0-9])日")
_RE_DATE_NUMERIC = NUMERIC_DATE   # what docgen.text rewrites in docgen's own output
_RE_DATE_LINE = re.compile(
    r"^\s*(?:[0-9〇○零Ｏ一二三四五六七八九]{2,4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*$")

_RE_DOCNUM = re.compile(  # 机关代字 + bracketed year + serial + 号, any brackets
    f"([{_CJK}]{{1,15}})\\s*([〔\\[【(（［〖{{])\\s*(\\d{{2,4}})\\s*([〕\\]】)）］〗}}])\\s*(第?)\\s*(\\d+)\\s*号(?![楼院路街线房室码])")

_HALFWIDTH = ",;:?!()"
_RE_HALFWIDTH = re.compile(
    f"(?<={_RE_CJK_OR_FW})[{re.escape(_HALFWIDTH)}]|[{re.escape(_HALFWIDTH)}](?={_RE_CJK_OR_FW})")
_RE_SPACE_CJK = re.compile(f"{_RE_CJK_OR_FW}[ \u00a0]+{_RE_CJK_OR_FW}")
_RE_RED = re.compile(r"^(FF0000|RED|E[0-9A-F]0000|F[0-9A-F]0000|C00000|FF[0-3][0-9A-F][0-3][0-9A-F])$", re.I)

_SENTENCE_END = "。！？"


_RE_PHONE_PAREN = re.compile(r"\(\d{3,4}\)[\d\-]{5,}")


def _latin_punctuation(text: str, i: int) -> bool:
    """Whether the half-width mark at ``text[i]`` belongs to Latin text (an English sentence, a phone number)."""
    c = text[i]
    prev = text[i - 1] if i else ""
    if c in "?!" and prev.isascii() and (prev.isalnum() or prev in "'\")]%"):
        return True  # “Are you ready?” — an English sentence ends in its own punctuation
    if c in "()":
        start = text.rfind("(", 0, i + 1)
        return start >= 0 and bool(_RE_PHONE_PAREN.match(text, start))
    return False


def _touches_chinese(text: str, i: int, cjk_only: bool = False) -> bool:
    pattern = _RE_CJK if cjk_only else _RE_CJK_OR_FW_C
    return bool(pattern.match(text[i - 1:i] or "a") or pattern.match(text[i + 1:i + 2] or "a"))


def _cn_to_int(s: str) -> Optional[int]:
    if not s:
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail or len(head) > 1 or len(tail) > 1:
            return None
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGITS.get(s)
    return None


def _int_to_cn(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def _cn_date_part(s: str) -> Optional[int]:
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s) and len(s) >= 2:  # 二〇二六
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    return _cn_to_int(s)


def _ordinal(level: int, n: int) -> str:
    return {1: f"{_int_to_cn(n)}、", 2: f"（{_int_to_cn(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def _excerpt(text: str, n: int = 20) -> str:
    return text.strip().replace("\n", "")[:n]


def _snippet(text: str, start: int, end: int, pad: int = 4) -> str:
    return text[max(0, start - pad):end + pad]


def _pt(value: float) -> str:
    return f"{value:g}磅"


def _aliases(canonical: str) -> frozenset[str]:
    return std.FONT_ALIASES.get(canonical, frozenset({canonical}))


_CHINESE_FONT_NAMES = frozenset().union(*std.FONT_ALIASES.values())


def _is_chinese_font(name: Optional[str]) -> bool:
    if not name:
        return False
    return (bool(_RE_CJK.search(name)) or name in _CHINESE_FONT_NAMES
            or name.lower() in {"simsun", "simhei", "kaiti", "fangsong", "nsimsun", "microsoft yahei"})


# --------------------------------------------------------------------------- package reading

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = f"{{{W_NS}}}"
_OFFICE_DOC_REL = "/officeDocument"


def _w(tag: str) -> str:
    return _W + tag


def _wattr(el: Optional[_Element], name: str) -> Optional[str]:
    return None if el is None else el.get(_W + name)


def _on(el: Optional[_Element]) -> bool:
    """A WordprocessingML on/off element: present and not val=0/false/off."""
    if el is None:
        return False
    return (_wattr(el, "val") or "true").lower() not in {"0", "false", "off"}


def _int(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(round(float(value)))
    except ValueError:
        return None


# Bounds on what `docgen check` reads from a .docx.  A hostile file (a zip bomb, an XML entity bomb,
# millions of empty paragraphs) must end in a clear refusal, in seconds and well under 1 GB of memory;
# a real 公文, even a long one with pictures, stays far below every bound.
#: The .docx file itself (pictures included).  Real documents with many photos reach tens of MB.
MAX_DOCX_BYTES = 256 * 1024 * 1024
#: Entries in the zip.  Word writes 10–30 parts; each picture adds one.  zipfile keeps an object per
#: entry, so a central directory of millions of tiny entries would cost memory before any check ran.
MAX_ZIP_ENTRIES = 20_000
#: One XML part after decompression.  document.xml of a 1,000-page report is ~20 MB; the parse tree
#: costs several times the text, so this keeps a single part's tree in the low hundreds of MB.
MAX_PART_BYTES = 48 * 1024 * 1024
#: All parts the checker reads together (document, styles, numbering, theme, settings, footers).
MAX_TOTAL_BYTES = 96 * 1024 * 1024
#: Paragraphs in the document.  The checks cost ~0.1 ms per paragraph, so 100,000 paragraphs (a
#: 2,000-page document) take seconds; a generated flood of millions would take minutes.
MAX_PARAGRAPHS = 150_000
#: Elements in one XML part.  lxml needs ~170 bytes per element: 2 million is ~350 MB, and 100,000
#: paragraphs of ordinary text (10–15 elements each) fit.  50 million empty paragraphs do not.
MAX_XML_ELEMENTS = 2_000_000

_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("ascii", "utf-16-le", "utf-16-be"))


def _too_big(what_cn: str, what_en: str, label: str, limit_cn: str, limit_en: str) -> InputError:
    return InputError(f"{what_cn}，超出检查上限（{limit_cn}），已拒绝检查：{label} / {what_en} exceeds the "
                      f"checker's limit ({limit_en}); refused: {label}",
                      hint="正常的公文远小于此上限；该文件可能已损坏或是恶意构造的压缩炸弹。")


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _zip_entry_count(f: BinaryIO, size: int) -> Optional[int]:
    """Entries the zip's central directory declares (from the end record; zip64 aware), None if unknown."""
    tail_len = min(size, 22 + 65535 + 20)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return None
    entries: int = struct.unpack_from("<H", tail, pos + 10)[0]
    if entries != 0xFFFF:
        return entries
    loc = pos - 20  # zip64 end-of-central-directory locator
    if loc < 0 or tail[loc:loc + 4] != b"PK\x06\x07":
        return None
    (offset,) = struct.unpack_from("<Q", tail, loc + 8)
    if offset + 56 > size:
        return None
    f.seek(offset)
    record = f.read(56)
    if record[:4] != b"PK\x06\x06":
        return None
    entries64: int = struct.unpack_from("<Q", record, 32)[0]
    return entries64


@contextlib.contextmanager
def _open_source(source: "Source", label: str) -> Iterator[BinaryIO]:
    """A seekable binary file over ``source`` (a path, bytes or a binary file object), size-checked.

    Paths are opened without blocking and must be regular files: a FIFO, /dev/zero or a symlink
    to one would otherwise be read forever.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > MAX_DOCX_BYTES:
            raise _too_big("文件过大", "the file", label, _mb(MAX_DOCX_BYTES), _mb(MAX_DOCX_BYTES))
        yield io.BytesIO(data)
        return
    if hasattr(source, "read"):
        yield _checked_stream(cast(BinaryIO, source), label)   # of Source's types, only a file object reads
        return
    path = Path(os.fspath(source))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"找不到文件：{label} / file not found: {label}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{label}（{exc.strerror}） / cannot read {label}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"这是一个文件夹，不是 .docx 文件：{label} / {label} is a directory, not a .docx file")
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(label)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"无法读取文件：{label}（{exc.strerror}） / cannot read {label}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())  # the file actually opened (it may have been swapped since stat)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(label)
        if st.st_size > MAX_DOCX_BYTES:
            raise _too_big("文件过大", "the file", label, _mb(MAX_DOCX_BYTES), _mb(MAX_DOCX_BYTES))
        yield f


def _not_regular(label: str) -> InputError:
    return InputError(f"不是普通文件（可能是设备、管道或指向它们的链接），无法检查：{label} / not a regular file "
                      f"(a device, pipe or a link to one); cannot check: {label}",
                      hint="请指定一个 .docx 文件。")


def _checked_stream(f: BinaryIO, label: str) -> BinaryIO:
    """A binary file object as a seekable stream of bounded size."""
    seekable = False
    try:
        seekable = bool(f.seekable())
    except (AttributeError, OSError, ValueError):
        pass
    if seekable:
        try:
            start = f.tell()
            size = f.seek(0, io.SEEK_END) - start
            f.seek(start)
        except (OSError, ValueError):
            seekable = False
    if seekable and start == 0:
        if size > MAX_DOCX_BYTES:
            raise _too_big("文件过大", "the file", label, _mb(MAX_DOCX_BYTES), _mb(MAX_DOCX_BYTES))
        probe = f.read(0)
        if not isinstance(probe, bytes):
            raise TypeError("check() needs a binary file object (open the file with 'rb')")
        return f
    data = f.read(MAX_DOCX_BYTES + 1)
    if not isinstance(data, bytes):
        raise TypeError("check() needs a binary file object (open the file with 'rb')")
    if len(data) > MAX_DOCX_BYTES:
        raise _too_big("文件过大", "the file", label, _mb(MAX_DOCX_BYTES), _mb(MAX_DOCX_BYTES))
    return io.BytesIO(data)


class _Package:
    """The parts of a .docx the checker needs, read within the bounds above and parsed with lxml."""

    def __init__(self, f: BinaryIO, label: str):
        import zipfile

        from lxml import etree

        self._etree = etree
        self.label = label
        self._budget = MAX_TOTAL_BYTES
        self._parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                       remove_comments=True, remove_pis=True, collect_ids=False)
        size = f.seek(0, io.SEEK_END)
        count = _zip_entry_count(f, size) if size >= 22 else None
        if count is not None and count > MAX_ZIP_ENTRIES:
            raise _too_big(f"压缩包内有 {count} 个条目", f"the archive has {count} entries and", label,
                           f"{MAX_ZIP_ENTRIES} 个", f"{MAX_ZIP_ENTRIES}")
        f.seek(0)
        try:
            self.zip = zipfile.ZipFile(f)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error) as exc:
            raise InputError(f"不是有效的 .docx 文件（无法按 zip 打开，可能是旧版 .doc 或已损坏）：{label} / "
                             f"not a .docx file (not a zip archive; old .doc or corrupt): {label}",
                             hint="请用 Word/WPS 另存为 .docx 后再检查。") from exc
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _too_big(f"压缩包内有 {len(infos)} 个条目", f"the archive has {len(infos)} entries and", label,
                           f"{MAX_ZIP_ENTRIES} 个", f"{MAX_ZIP_ENTRIES}")
        self.names = {i.filename for i in infos}
        main = self._main_part()
        if main not in self.names:
            raise InputError(f"不是 Word 文档（缺少 word/document.xml）：{label} / "
                             f"not a Word document (no word/document.xml): {label}")
        self.main = main
        document = self._xml(main)
        body = None if document is None else document.find(_w("body"))
        if document is None or body is None:
            raise InputError(f"文档内容无法读取：{label} / the document body cannot be read: {label}")
        self.document: _Element = document
        self.body: _Element = body
        self.rels = self._rels(main)
        self.styles_root = self._xml(self._target("/styles", "word/styles.xml"))
        self.settings = self._xml(self._target("/settings", "word/settings.xml"))
        self.theme = self._xml(self._target("/theme", "word/theme/theme1.xml"))
        self.numbering = self._xml(self._target("/numbering", "word/numbering.xml"))

    def _read(self, name: str) -> Optional[bytes]:
        import zipfile

        if name not in self.names:
            return None
        try:
            info = self.zip.getinfo(name)
            if info.file_size > MAX_PART_BYTES:
                raise _too_big(f"文档部件 {name} 解压后为 {_mb(info.file_size)}", f"part {name} "
                               f"({_mb(info.file_size)} uncompressed)", self.label, _mb(MAX_PART_BYTES),
                               _mb(MAX_PART_BYTES))
            with self.zip.open(info) as part:
                # Read at most one byte past the bound: the declared size may lie.
                data = part.read(min(MAX_PART_BYTES, self._budget) + 1)
        except InputError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError,
                zlib.error, struct.error, LookupError) as exc:  # CRC errors, truncation, encryption, odd methods
            raise InputError(f"文件已损坏，无法读取 {name}：{self.label} / corrupt archive, cannot read {name}: "
                             f"{self.label}") from exc
        if len(data) > MAX_PART_BYTES:
            raise _too_big(f"文档部件 {name} 解压后过大", f"part {name} uncompressed", self.label,
                           _mb(MAX_PART_BYTES), _mb(MAX_PART_BYTES))
        if len(data) > self._budget:
            raise _too_big("文档各部件解压后总量过大", "the parts' total uncompressed size", self.label,
                           _mb(MAX_TOTAL_BYTES), _mb(MAX_TOTAL_BYTES))
        self._budget -= len(data)
        return data

    def _xml(self, name: Optional[str]) -> Optional[_Element]:
        if not name:
            return None
        data = self._read(name)
        if data is None:
            return None
        if any(mark in data for mark in _DTD_MARKS):
            raise InputError(f"文档部件 {name} 含有 DOCTYPE/实体声明（Word 文档从不包含），已拒绝检查：{self.label} / "
                             f"part {name} declares a DOCTYPE or entities (Word never writes them); refused: "
                             f"{self.label}", hint="该文件不是 Word/WPS 保存的文档，可能是恶意构造的。")
        elements = data.count(b"<") - data.count(b"</")
        if elements > MAX_XML_ELEMENTS:
            raise _too_big(f"文档部件 {name} 有约 {elements} 个元素", f"part {name} has about {elements} elements and",
                           self.label, f"{MAX_XML_ELEMENTS} 个", f"{MAX_XML_ELEMENTS}")
        try:
            root = self._etree.fromstring(data, parser=self._parser)
        except (self._etree.XMLSyntaxError, ValueError) as exc:
            raise InputError(f"文件已损坏：{name} 不是有效的 XML（{self.label}） / corrupt document: {name} is not "
                             f"valid XML ({exc})") from exc
        del data
        # (the lxml stubs leave DocInfo.doctype out)
        if getattr(root.getroottree().docinfo, "doctype", None):
            raise InputError(f"文档部件 {name} 含有 DOCTYPE，已拒绝检查：{self.label} / part {name} has a DOCTYPE; "
                             f"refused: {self.label}")
        return root

    def _main_part(self) -> str:
        root = self._xml("_rels/.rels")
        if root is not None:
            for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
                if (rel.get("Type") or "").endswith(_OFFICE_DOC_REL) and rel.get("TargetMode") != "External":
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (relationship type, part name) for ``part``."""
        folder, _, name = part.rpartition("/")
        root = self._xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                parts = (folder.split("/") if folder else []) + target.split("/")
                stack: list[str] = []
                for p in parts:
                    if p == "..":
                        if stack:
                            stack.pop()
                    elif p and p != ".":
                        stack.append(p)
                resolved = "/".join(stack)
            out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        return out

    def _target(self, type_suffix: str, default: str) -> Optional[str]:
        for rtype, target in self.rels.values():
            if rtype.endswith(type_suffix):
                return target
        return default if default in self.names else None

    def part_for(self, rid: Optional[str]) -> tuple[Optional[str], Optional[_Element]]:
        if not rid or rid not in self.rels:
            return None, None
        name = self.rels[rid][1]
        return name, self._xml(name)


# --------------------------------------------------------------------------- style resolution

class _Styles:
    """Word's property inheritance: direct → character style chain → paragraph style chain → defaults."""

    def __init__(self, pkg: _Package):
        self.by_id: dict[str, _Element] = {}
        self.default_para: Optional[str] = None
        self.default_char: Optional[str] = None
        self.rpr_default: Optional[_Element] = None
        self.ppr_default: Optional[_Element] = None
        root = pkg.styles_root
        if root is not None:
            for st in root.iter(_w("style")):
                sid = _wattr(st, "styleId")
                if sid is None:
                    continue
                self.by_id.setdefault(sid, st)
                if _on(st.find(_w("default"))) or (_wattr(st, "default") or "").lower() in {"1", "true", "on"}:
                    kind = _wattr(st, "type")
                    if kind == "paragraph" and self.default_para is None:
                        self.default_para = sid
                    elif kind == "character" and self.default_char is None:
                        self.default_char = sid
            dd = root.find(_w("docDefaults"))
            if dd is not None:
                self.rpr_default = dd.find(f"{_w('rPrDefault')}/{_w('rPr')}")
                self.ppr_default = dd.find(f"{_w('pPrDefault')}/{_w('pPr')}")
        self.theme_fonts = self._theme_fonts(pkg.theme)
        self._chains: dict[Optional[str], list[_Element]] = {}

    @staticmethod
    def _theme_fonts(theme: Optional[_Element]) -> dict[str, Optional[str]]:
        out: dict[str, Optional[str]] = {}
        if theme is None:
            return out
        for kind in ("major", "minor"):
            font = theme.find(f".//{{{A_NS}}}{kind}Font")
            if font is None:
                continue
            latin = font.find(f"{{{A_NS}}}latin")
            ea = font.find(f"{{{A_NS}}}ea")
            cs = font.find(f"{{{A_NS}}}cs")
            hans = None
            for f in font.findall(f"{{{A_NS}}}font"):
                if f.get("script") == "Hans":
                    hans = f.get("typeface")
            ea_name = (ea.get("typeface") if ea is not None else "") or hans
            out[f"{kind}EastAsia"] = ea_name or None
            out[f"{kind}HAnsi"] = out[f"{kind}Ascii"] = (latin.get("typeface") if latin is not None else None) or None
            out[f"{kind}Bidi"] = (cs.get("typeface") if cs is not None else None) or None
        return out

    def chain(self, style_id: Optional[str]) -> list[_Element]:
        """Style elements from ``style_id`` up its basedOn chain (cycle-safe)."""
        if style_id in self._chains:
            return self._chains[style_id]
        out: list[_Element] = []
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            sid = _wattr(st.find(_w("basedOn")), "val")
        self._chains[style_id] = out
        return out

    def para_style_id(self, p: _Element) -> Optional[str]:
        ppr = p.find(_w("pPr"))
        sid = _wattr(ppr.find(_w("pStyle")), "val") if ppr is not None else None
        return sid if sid in self.by_id else self.default_para

    def rpr_chain(self, run: Optional[_Element], para_style: Optional[str]) -> list[_Element]:
        """rPr elements to consult for ``run`` (None-run: the paragraph's own text properties)."""
        out: list[Optional[_Element]] = []
        rstyle = None
        if run is not None:
            rpr = run.find(_w("rPr"))
            if rpr is not None:
                out.append(rpr)
                rstyle = _wattr(rpr.find(_w("rStyle")), "val")
        for st in self.chain(rstyle if rstyle in self.by_id else self.default_char):
            out.append(st.find(_w("rPr")))
        for st in self.chain(para_style):
            out.append(st.find(_w("rPr")))
        out.append(self.rpr_default)
        return [r for r in out if r is not None]

    def ppr_chain(self, p: _Element, para_style: Optional[str]) -> list[_Element]:
        out = [p.find(_w("pPr"))]
        out += [st.find(_w("pPr")) for st in self.chain(para_style)]
        out.append(self.ppr_default)
        return [x for x in out if x is not None]

    # run properties -----------------------------------------------------------
    def font(self, chain: list[_Element], slot: str = "eastAsia") -> Optional[str]:
        """Effective font of ``slot`` (eastAsia / ascii / hAnsi); theme fonts resolved via theme1.xml."""
        for rpr in chain:
            rf = rpr.find(_w("rFonts"))
            if rf is None:
                continue
            theme = _wattr(rf, slot + "Theme")
            if theme:
                name = self.theme_fonts.get(theme)
                return name if name else f"主题字体 {theme}"
            name = _wattr(rf, slot)
            if name:
                return name
        return None

    @staticmethod
    def size(chain: list[_Element]) -> float:
        for rpr in chain:
            v = _int(_wattr(rpr.find(_w("sz")), "val"))
            if v is not None:
                return v / 2
        return 10.0  # OOXML default: 20 half-points

    @staticmethod
    def color(chain: list[_Element]) -> Optional[str]:
        for rpr in chain:
            v = _wattr(rpr.find(_w("color")), "val")
            if v:
                return v
        return None

    # paragraph properties -----------------------------------------------------------
    @staticmethod
    def p_attr(chain: list[_Element], tag: str, attr: str) -> Optional[str]:
        for ppr in chain:
            el = ppr.find(_w(tag))
            if el is not None and _wattr(el, attr) is not None:
                return _wattr(el, attr)
        return None

    @staticmethod
    def flag(chain: list[_Element], tag: str) -> Optional[bool]:
        """An on/off property (w:b in rPr, w:snapToGrid in pPr…) from the first element of ``chain`` that sets it."""
        for ppr in chain:
            el = ppr.find(_w(tag))
            if el is not None:
                return _on(el)
        return None


# --------------------------------------------------------------------------- paragraph model

@dataclass
class _Run:
    text: str
    start: int
    end: int
    ea: Optional[str]
    size: float
    el: _Element
    chain: list[_Element]
    bold: bool = False


@dataclass
class _Para:
    el: _Element
    index: Optional[int]        # None inside tables
    section: int
    in_table: bool
    text: str = ""
    runs: list[_Run] = field(default_factory=list)
    style: Optional[str] = None
    jc: Optional[str] = None
    kind: str = "body"
    level: int = 0
    ordinal: int = 0
    label: str = ""             # the number Word's auto-numbering (w:numPr) puts before the text
    num_ppr: Optional[_Element] = None   # that numbering level's paragraph properties (its indents)
    chain: Optional[_Chain] = None       # its pPr chain, once computed (_Doc.para_chain)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def full(self) -> str:
        """The text as printed: auto-numbering label + text."""
        return self.label + self.text

    @property
    def centered(self) -> bool:
        return self.jc == "center"

    @property
    def right(self) -> bool:
        return self.jc in ("right", "end")

    def max_size(self) -> float:
        sizes = [r.size for r in self.runs if r.text.strip()]
        return max(sizes) if sizes else 0.0

    def first_size(self) -> float:
        for r in self.runs:
            if r.text.strip():
                return r.size
        return std.BODY_SIZE_PT


_CHINESE_NUM_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
                        "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"}
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _format_number(n: int, fmt: str) -> str:
    if fmt in _CHINESE_NUM_FORMATS:
        return _int_to_cn(n) if n < 100 else str(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(_FULLWIDTH_DIGITS)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word's automatic numbering (numbering.xml): the label each numbered paragraph gets (一、（一）1.)."""

    def __init__(self, root: Optional[_Element], styles: _Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, _Element]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self._style_has_num: dict[Optional[str], bool] = {}
        if root is None:
            return
        for ab in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in ab.findall(_w("lvl")):
                ilvl = _int(_wattr(lvl, "ilvl"))
                if ilvl is not None:
                    levels[ilvl] = lvl
            self.abstract[_wattr(ab, "abstractNumId") or ""] = levels
        for num in root.findall(_w("num")):
            overrides = {}
            for ov in num.findall(_w("lvlOverride")):
                start = _int(_wattr(ov.find(_w("startOverride")), "val"))
                ilvl = _int(_wattr(ov, "ilvl"))
                if start is not None and ilvl is not None:
                    overrides[ilvl] = start
            self.nums[_wattr(num, "numId") or ""] = (_wattr(num.find(_w("abstractNumId")), "val") or "", overrides)

    def _style_numbered(self, style: Optional[str]) -> bool:
        if style not in self._style_has_num:
            self._style_has_num[style] = any(
                (ppr := st.find(_w("pPr"))) is not None and ppr.find(_w("numPr")) is not None
                for st in self.styles.chain(style))
        return self._style_has_num[style]

    def _num_pr(self, p: _Element, style: Optional[str]) -> tuple[Optional[str], int]:
        ppr = p.find(_w("pPr"))
        if (ppr is None or ppr.find(_w("numPr")) is None) and not self._style_numbered(style):
            return None, 0
        chain = ([ppr] if ppr is not None else []) + [st.find(_w("pPr")) for st in self.styles.chain(style)]
        num_id = ilvl = None
        for el in chain:
            if el is None:
                continue
            npr = el.find(_w("numPr"))
            if npr is None:
                continue
            if num_id is None:
                num_id = _wattr(npr.find(_w("numId")), "val")
            if ilvl is None:
                ilvl = _int(_wattr(npr.find(_w("ilvl")), "val"))
        return num_id, ilvl or 0

    def label(self, p: _Element, style: Optional[str]) -> tuple[str, Optional[_Element]]:
        """(label text, the level's pPr) for paragraph ``p``; advances the counters like Word does."""
        if not self.nums:
            return "", None
        num_id, ilvl = self._num_pr(p, style)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return "", None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return "", None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:  # a num with start overrides restarts the list
            self.started.add(num_id)
            for k, first in overrides.items():
                counters[k] = first - 1
        start = _int(_wattr(lvl.find(_w("start")), "val"))
        counters[ilvl] = counters.get(ilvl, (start if start is not None else 1) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = _wattr(lvl.find(_w("lvlText")), "val") or ""

        def repl(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k)
            fmt = _wattr(level.find(_w("numFmt")), "val") if level is not None else "decimal"
            first = _int(_wattr(level.find(_w("start")), "val")) if level is not None else 1
            return _format_number(counters.get(k, first if first is not None else 1), fmt or "decimal")

        label = re.sub(r"%([1-9])", repl, text)
        suffix = _wattr(lvl.find(_w("suff")), "val") or "tab"
        if label and suffix == "space":
            label += " "
        return label, lvl.find(_w("pPr"))


_SKIP_IN_PARA = {_w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"), f"{{{MC_NS}}}Fallback", _w("sdtPr"),
                 _w("sdtEndPr")}


def _iter_runs(el: _Element) -> Iterator[_Element]:
    """Runs of a paragraph in order, through hyperlinks, insertions, smart tags, fields and content controls."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_PARA:
            continue
        if tag == _w("r"):
            yield child
        else:
            yield from _iter_runs(child)


_P, _T, _TABS, _BREAKS, _NB_HYPHEN = _w("p"), _w("t"), {_w("tab"), _w("ptab")}, {_w("br"), _w("cr")}, _w("noBreakHyphen")


def _run_text(run: _Element) -> str:
    parts = []
    for c in run:
        tag = c.tag
        if tag == _T:
            parts.append(c.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _outer_table(el: _Element) -> Optional[_Element]:
    """The nearest w:tbl above ``el``."""
    for anc in el.iterancestors(_w("tbl")):
        return anc
    return None


def _in_tracked_change(el: _Element) -> bool:
    """Whether ``el`` is the old version kept by a tracked change (w:sectPrChange, w:pPrChange)."""
    parent = el.getparent()
    return parent is not None and parent.tag in (_w("sectPrChange"), _w("pPrChange"))


class _Doc:
    def __init__(self, pkg: _Package):
        self.pkg = pkg
        self.styles = _Styles(pkg)
        body = pkg.body
        self.sections = [s for s in body.iter(_w("sectPr")) if not _in_tracked_change(s)]
        paragraphs = sum(1 for _ in body.iter(_P))
        if paragraphs > MAX_PARAGRAPHS:
            raise _too_big(f"文档有 {paragraphs} 个段落", f"the document has {paragraphs} paragraphs and", pkg.label,
                           f"{MAX_PARAGRAPHS} 个", f"{MAX_PARAGRAPHS}")
        self.numbering = _Numbering(pkg.numbering, self.styles)
        self._etree = pkg._etree
        self._run_memo: dict[tuple[Optional[str], Optional[bytes]], _RunProps] = {}
        self._chain_memo: dict[tuple[Optional[str], Optional[bytes], int], _Chain] = {}
        self.paras: list[_Para] = []
        self._index = 0
        self._section = 0
        self._walk(body, in_table=False)

    def _walk(self, container: _Element, in_table: bool) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                if not in_table:
                    self._index += 1
                self.paras.append(self._para(child, None if in_table else self._index, in_table))
                ppr = child.find(_w("pPr"))
                if ppr is not None and ppr.find(_w("sectPr")) is not None:
                    self._section += 1
            elif tag == _w("tbl"):
                for row in child.iter(_w("tr")):
                    if row.getparent() is not None and _outer_table(row) is child:
                        for cell in row.findall(_w("tc")):
                            self._walk(cell, in_table=True)
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    self._walk(content, in_table)

    def _para(self, p: _Element, index: Optional[int], in_table: bool) -> _Para:
        st = self.styles
        style = st.para_style_id(p)
        para = _Para(p, index, min(self._section, max(len(self.sections) - 1, 0)), in_table, style=style)
        pos = 0
        texts = []
        for r in _iter_runs(p):
            t = _run_text(r)
            if not t:
                continue
            chain, ea, size, bold = self._run_props(r, style)
            para.runs.append(_Run(t, pos, pos + len(t), ea, size, r, chain, bold))
            texts.append(t)
            pos += len(t)
        para.text = "".join(texts)
        para.label, para.num_ppr = self.numbering.label(p, style)
        chain = self.para_chain(para)
        if "jc" not in chain.memo:
            chain.memo["jc"] = st.p_attr(chain, "jc", "val")
        para.jc = chain.memo["jc"]
        return para

    def _run_props(self, run: _Element, style: Optional[str]) -> _RunProps:
        """(rPr chain, East Asian font, size, bold) of a run; runs formatted alike share one answer."""
        rpr = run.find(_w("rPr"))
        key = (style, None if rpr is None else self._etree.tostring(rpr))
        found = self._run_memo.get(key)
        if found is None:
            st = self.styles
            chain = st.rpr_chain(run, style)
            found = (chain, st.font(chain), st.size(chain), bool(st.flag(chain, "b")))
            self._run_memo[key] = found
        return found

    def para_chain(self, para: _Para) -> _Chain:
        """pPr elements in Word's order of precedence: direct, numbering level, style chain, defaults.

        Paragraphs formatted alike (same style, same direct pPr, same numbering level) share one chain,
        so the properties read from it are computed once for a long document.
        """
        if para.chain is not None:
            return para.chain
        ppr = para.el.find(_w("pPr"))
        key = (para.style, None if ppr is None else self._etree.tostring(ppr), id(para.num_ppr))
        chain = self._chain_memo.get(key)
        if chain is None:
            elements = self.styles.ppr_chain(para.el, para.style)
            if para.num_ppr is not None:
                at = 1 if ppr is not None else 0
                elements = elements[:at] + [para.num_ppr] + elements[at:]
            chain = _Chain(elements)
            self._chain_memo[key] = chain
        para.chain = chain
        return chain


#: (rPr chain, East Asian font, size, bold) of a run.
_RunProps = tuple[list["_Element"], Optional[str], float, bool]


class _Chain(list["_Element"]):
    """A pPr chain with a memo of what the checks read from it."""

    def __init__(self, items: Iterable[_Element]):
        super().__init__(items)
        self.memo: dict[Any, Any] = {}


# --------------------------------------------------------------------------- classification

def _heading_level(text: str) -> tuple[int, int]:
    t = text.lstrip(" \u3000\t")
    for level, rx in _HEADING_RES:
        m = rx.match(t)
        if m:
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else _cn_to_int(raw)
            if n:
                return level, n
    return 0, 0


def _is_docnumber_line(text: str) -> bool:
    t = text.strip()
    m = _RE_DOCNUM.search(t)
    return m is not None and len(t) <= 40 and (m.start() == 0 or "签发人" in t or t.endswith("号"))


def _is_banji_line(text: str) -> bool:
    t = text.strip()
    return bool(re.match(r"^(抄送|抄报|主题词)[：:]", t)) or (t.endswith("印发") and bool(_RE_DATE_CN.search(t)))


def _is_red(doc: _Doc, para: _Para) -> bool:
    for r in para.runs:
        if r.text.strip():
            color = doc.styles.color(r.chain)
            return bool(color and _RE_RED.match(color))
    return False


def _classify(doc: _Doc) -> Optional[int]:
    """Set ``kind``/``level`` of every paragraph; returns the position of the (first) title or None."""
    paras = [p for p in doc.paras if not p.in_table]
    for p in doc.paras:
        if p.in_table:
            p.kind = "table"
        elif not p.stripped:
            p.kind = "empty"
    nonempty = [p for p in paras if p.kind != "empty"]

    # 版头: everything up to a 发文字号 line near the top; red lines (发文机关标志) before the title.
    start = 0
    for i, p in enumerate(nonempty[:12]):
        if _is_docnumber_line(p.text) or _RE_HEADER_LINE.match(p.stripped):
            start = i + 1
    while start < len(nonempty) and (_is_red(doc, nonempty[start]) or _is_docnumber_line(nonempty[start].text)):
        start += 1
    for p in nonempty[:start]:
        p.kind = "header"

    # 标题: the leading centred block's largest lines, else the first ≥ 20 pt paragraph near the top.
    title_pos: Optional[int] = None
    block = []
    for p in nonempty[start:]:
        if not p.centered or (_heading_level(p.text)[0] and p.max_size() < 20):  # a 2号 line is a title
            break
        block.append(p)
    if block:
        biggest = max(p.max_size() for p in block)
        first = next(i for i, p in enumerate(block) if p.max_size() == biggest)
        for p in block[:first]:
            p.kind = "header"
        i = first
        while i < len(block) and block[i].max_size() == biggest and not (
                i > first and block[i].stripped.startswith(("（", "(", "——"))):
            block[i].kind = "title"
            i += 1
        for p in block[i:]:
            t = p.stripped
            p.kind = "subtitle" if t.startswith(("（", "(", "——")) else "centered"
        title_pos = start + first
        rest = nonempty[start + len(block):]
    else:
        for i, p in enumerate(nonempty[start:start + 3]):
            if p.max_size() >= 20:
                for q in nonempty[start:start + i]:
                    q.kind = "header"
                p.kind = "title"
                title_pos = start + i
                rest = nonempty[start + i + 1:]
                break
        else:
            rest = nonempty[start:]

    # 正文 and friends.
    first_body = True
    in_attachment_list = False
    expect_att_title = False
    for p in rest:
        t = p.full.strip()
        level, n = _heading_level(t)
        if _is_banji_line(t):
            p.kind = "banji"
        elif _RE_ATTACHMENT_LABEL.fullmatch(t):
            p.kind = "attachment_label"
            expect_att_title = True
            in_attachment_list = False
            continue
        elif expect_att_title and p.centered:
            p.kind = "title"
            continue
        elif (_is_docnumber_line(t) and p.centered) or _RE_SIGNER.match(t):
            p.kind = "header"
        elif in_attachment_list and re.match(r"\d{1,2}[.．]", t) and not t.endswith(("。", "：")):  # 2.某某表
            p.kind = "attachment_cont"
        elif _RE_ATTACHMENT_NOTE.match(t):
            p.kind = "attachment_note"
            in_attachment_list = True
        elif _RE_NAMES.match(t):
            p.kind = "names"
        elif _RE_CONTACT.match(t):
            p.kind = "contact"
        elif p.right:  # right-aligned lines are 落款, whatever they start with
            p.kind = "closing"
        elif level and not _RE_WORDS_AFTER_ORDINAL.match(t):
            # An ordinal heading nothing (（一）。): numbered like a heading, fonts of neither kind judged.
            p.kind, p.level, p.ordinal = "ordinal", level, n
        elif level:
            p.kind, p.level, p.ordinal = "heading", level, n
            in_attachment_list = False
        elif _RE_DATE_LINE.match(t):
            p.kind = "closing"
        elif p.centered:
            p.kind = "title" if p.max_size() >= 20 else "centered"
        elif first_body and _is_salutation(t):
            p.kind = "salutation"
        else:
            p.kind = "body"
            in_attachment_list = False
        expect_att_title = False
        first_body = False

    # 署名 above a date line: short, no sentence punctuation, set off to the right.
    for i, p in enumerate(paras):
        if p.kind != "closing" or not _RE_DATE_LINE.match(p.stripped):
            continue
        j = i - 1
        while j >= 0 and paras[j].kind == "empty":
            j -= 1
        if j >= 0 and paras[j].kind == "body":
            q = paras[j]
            t = q.stripped
            if len(t) <= 40 and not re.search("[。！？；：，]$", t) and (
                    q.right or q.centered or _first_line_chars(doc, q) >= 4 or
                    q.text.startswith(("    ", "\u3000\u3000\u3000"))):
                q.kind = "closing"
    return title_pos


_RE_WORDS_AFTER_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．])"
                                     r"[^。！？；]*?\w")
_RE_ATTACHMENT_LABEL = re.compile(r"附件\s*[0-9一二三四五六七八九十]*")
_RE_ATTACHMENT_NOTE = re.compile(r"^附件\s*[0-9]*\s*[：:]")
# 纪要: 出席、请假、列席 lists (GB/T 9704 10.3), and the like in meeting records.
_RE_NAMES = re.compile(r"^(出席|列席|请假|缺席|出席人员|列席人员|请假人员|缺席人员|参会人员|参加人员|主持|主持人|记录|记录人)"
                       r"\s*[：:]")
_RE_CONTACT = re.compile(r"^[（(]?\s*(联系人|联系电话|联系方式|电话|手机|传真|电子邮箱|邮箱|地址|邮编)\s*[：:]")
_RE_SIGNER = re.compile(r"^(签发人|会签人)\s*[：:]")
# 版头 lines besides the 发文字号: 份号 (six digits), 密级和保密期限, 紧急程度, 签发人.
_RE_HEADER_LINE = re.compile(r"^(\d{6}|(绝密|机密|秘密)(\s*[★*].*)?|特急|加急|特提|平急|(签发人|会签人)\s*[：:].*)$")
# Words that start a sentence of 正文 rather than a list of recipients (主送机关).
_RE_NOT_RECIPIENTS = re.compile(r"(如下|为了|为进一步|为深入|根据|按照|结合|制定|现将|通知|经研究|决定|特此|要求|请)")


def _is_salutation(text: str) -> bool:
    """主送机关 / 称谓: one short line ending in a colon that names bodies or people, not a sentence."""
    t = text.strip()
    # A full stop between words ends a sentence; one at the edge of a name (。：, 。一：) does not.
    return (t.endswith(("：", ":")) and len(t) <= 200 and not _RE_SENTENCE_END.search(t)
            and not _RE_NOT_RECIPIENTS.search(t))


_RE_SENTENCE_END = re.compile(r"\w\W*。\W*\w")


def _chain_ind(chain: list[_Element]) -> dict[str, Optional[int]]:
    """Effective w:ind attributes (each attribute inherited on its own, *Chars winning over twips)."""
    memo = chain.memo if isinstance(chain, _Chain) else None
    if memo is not None and "ind" in memo:
        found: dict[str, Optional[int]] = memo["ind"]
        return found
    out: dict[str, Optional[int]] = {}
    for key, names in (("leftChars", ("leftChars", "startChars")), ("left", ("left", "start")),
                       ("rightChars", ("rightChars", "endChars")), ("right", ("right", "end"))):
        out[key] = None
        for ppr in chain:
            ind = ppr.find(_w("ind"))
            if ind is None:
                continue
            value = next((_int(_wattr(ind, n)) for n in names if _wattr(ind, n) is not None), None)
            if value is not None:
                out[key] = value
                break
    out["firstLineChars"] = out["firstLine"] = out["hangingChars"] = out["hanging"] = None
    for ppr in chain:  # first line and hanging are one property: the nearest element setting either wins
        ind = ppr.find(_w("ind"))
        if ind is None or not any(_wattr(ind, a) is not None for a in
                                  ("firstLine", "firstLineChars", "hanging", "hangingChars")):
            continue
        for a in ("firstLine", "firstLineChars", "hanging", "hangingChars"):
            out[a] = _int(_wattr(ind, a))
        break
    if memo is not None:
        memo["ind"] = out
    return out


def _indents(doc: _Doc, para: _Para) -> tuple[float, float, float]:
    """(first-line start, wrapped-line start, right indent) in characters of the paragraph's size.

    Word's rules: ``leftChars``/``firstLineChars``/``hangingChars`` override the twips values;
    the first line starts at left + firstLine − hanging; indents set by the auto-numbering level
    sit between the paragraph's own and its style's.  Leading full-width spaces typed in place of an
    indent count too (they look the same on paper).
    """
    ind = _chain_ind(doc.para_chain(para))
    unit = (para.first_size() or std.BODY_SIZE_PT) * std.TWIPS_PER_PT

    def chars(c: Optional[int], tw: Optional[int]) -> float:
        if c:
            return c / 100
        return (tw or 0) / unit

    left = chars(ind["leftChars"], ind["left"])
    right = chars(ind["rightChars"], ind["right"])
    if ind["hangingChars"] or ind["hanging"]:
        first = left - chars(ind["hangingChars"], ind["hanging"])
    else:
        first = left + chars(ind["firstLineChars"], ind["firstLine"])
    text = para.full
    lead = len(text) - len(text.lstrip("\u3000")) + (len(text) - len(text.lstrip(" "))) / 2
    return first + lead, left, right


def _first_line_chars(doc: _Doc, para: _Para) -> float:
    return _indents(doc, para)[0]


# --------------------------------------------------------------------------- checks

class _Checker:
    def __init__(self, doc: _Doc):
        self.doc = doc
        self.findings: list[Finding] = []

    def add(self, rule: str, severity: str, message: str, para: Optional[_Para] = None) -> None:
        if para is None:
            self.findings.append(Finding(rule, severity, message))
        else:
            self.findings.append(Finding(rule, severity, message, para.index, _excerpt(para.text)))

    # ---- page ------------------------------------------------------------------------
    def page(self) -> None:
        tol = std.mm_to_twips(std.MARGIN_TOLERANCE_MM)
        want_w, want_h = std.mm_to_twips(std.PAGE_WIDTH_MM), std.mm_to_twips(std.PAGE_HEIGHT_MM)
        multi = len(self.doc.sections) > 1
        if not self.doc.sections:
            self.add("page.size", ERROR, "文档没有节属性，无法确认纸张为A4 / no section properties: page size unknown")
            return
        for n, sect in enumerate(self.doc.sections, 1):
            where = f"第{n}节" if multi else ""
            where_en = f"section {n}: " if multi else ""
            pg = sect.find(_w("pgSz"))
            w, h = _int(_wattr(pg, "w")), _int(_wattr(pg, "h"))
            landscape = False
            if w is None or h is None:
                self.add("page.size", ERROR, f"{where}未设置纸张大小，应为A4（210×297毫米） / "
                                             f"{where_en}no page size set; must be A4 (210 × 297 mm)")
            else:
                portrait = abs(w - want_w) <= tol and abs(h - want_h) <= tol
                landscape = abs(h - want_w) <= tol and abs(w - want_h) <= tol
                if not (portrait or landscape):
                    self.add("page.size", ERROR,
                             f"{where}纸张应为A4（210×297毫米），实为{_mm(w)}×{_mm(h)}毫米 / "
                             f"{where_en}page must be A4 (210 × 297 mm), found {_mm(w)} × {_mm(h)} mm")
            if landscape:  # 横排表格页: the standard's margins describe portrait pages only
                continue
            mar = sect.find(_w("pgMar"))
            if mar is None:
                self.add("page.margins", ERROR, f"{where}未设置页边距 / {where_en}no page margins set")
                continue
            gutter = abs(_int(_wattr(mar, "gutter")) or 0)
            actual = {
                "top": abs(_int(_wattr(mar, "top")) or 0), "bottom": abs(_int(_wattr(mar, "bottom")) or 0),
                "left": (_int(_wattr(mar, "left")) or 0) + gutter, "right": _int(_wattr(mar, "right")) or 0,
            }
            want = {"top": std.MARGIN_TOP_MM, "bottom": std.MARGIN_BOTTOM_MM,
                    "left": std.MARGIN_LEFT_MM, "right": std.MARGIN_RIGHT_MM}
            names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
            bad = [k for k in want if abs(actual[k] - std.mm_to_twips(want[k])) > tol]
            if bad:
                found_cn = "，".join(f"{names[k]}{_mm(actual[k])}" for k in bad)
                found_en = ", ".join(f"{k} {_mm(actual[k])}" for k in bad)
                self.add("page.margins", ERROR,
                         f"{where}页边距应为上{want['top']}、下{want['bottom']}、左{want['left']}、右{want['right']}毫米"
                         f"（±{std.MARGIN_TOLERANCE_MM}），实为{found_cn}毫米 / {where_en}margins must be top "
                         f"{want['top']}, bottom {want['bottom']}, left {want['left']}, right {want['right']} mm "
                         f"(± {std.MARGIN_TOLERANCE_MM}), found {found_en} mm")

    # ---- fonts -------------------------------------------------------------------------
    def _font_check(self, para: _Para, runs: Iterable[_Run], rule: str, allowed: frozenset[str], size: float,
                    want_cn: str, want_en: str) -> None:
        runs = list(runs)
        bad_fonts: list[Optional[str]] = []
        bad_sizes: list[float] = []
        for r in runs:
            if not r.text.strip():
                continue
            if abs(r.size - size) > 0.25 and r.size not in bad_sizes:
                bad_sizes.append(r.size)
            if _RE_CJK.search(r.text) and r.ea not in allowed and r.ea not in bad_fonts:
                bad_fonts.append(r.ea)
        if not bad_fonts and not bad_sizes:
            return
        if not bad_fonts:  # only the size is wrong: name the (acceptable) font found
            bad_fonts = [next((r.ea for r in runs if r.ea and _RE_CJK.search(r.text)), "")]
        sizes = bad_sizes or [size]
        font_cn = "、".join(f if f is not None else "未设置中文字体" for f in bad_fonts)
        font_en = " / ".join(f if f is not None else "no East Asian font" for f in bad_fonts)
        size_cn = "、".join(_pt(s) for s in sizes)
        size_en = " / ".join(f"{s:g} pt" for s in sizes)
        self.add(rule, ERROR, f"{want_cn}，实为{size_cn}{font_cn} / {want_en}, found {size_en} {font_en}".rstrip(),
                 para)

    def fonts(self) -> None:
        body = _aliases(std.FONT_BODY)
        kai = _aliases(std.FONT_HEADING_2)
        hei = _aliases(std.FONT_HEADING_1)
        body_cn = f"正文应为3号（{std.BODY_SIZE_PT:g}磅）{std.FONT_BODY}"
        body_en = f"body text must be {std.BODY_SIZE_PT:g} pt {std.FONT_BODY}"
        for p in self.doc.paras:
            if p.kind == "title":
                self._font_check(p, p.runs, "font.title", _aliases(std.FONT_TITLE), std.TITLE_SIZE_PT,
                                 f"标题应为2号（{std.TITLE_SIZE_PT:g}磅）{std.FONT_TITLE}",
                                 f"title must be {std.TITLE_SIZE_PT:g} pt {std.FONT_TITLE}")
            elif p.kind == "subtitle":
                self._font_check(p, p.runs, "font.body", body | kai, std.BODY_SIZE_PT,
                                 f"副标题应为3号（{std.BODY_SIZE_PT:g}磅）{std.FONT_HEADING_2}或{std.FONT_BODY}",
                                 f"subtitle must be {std.BODY_SIZE_PT:g} pt {std.FONT_HEADING_2} or {std.FONT_BODY}")
            elif p.kind in ("attachment_note", "names"):
                # “附件：” and the 出席/列席/请假 labels may be 黑体 (纪要: GB/T 9704 10.3); the rest is 正文.
                colon = min((i for i in (p.text.find("："), p.text.find(":")) if i >= 0), default=-1)
                head = [r for r in p.runs if r.start <= colon] if colon >= 0 else []
                tail = [r for r in p.runs if r not in head]
                self._font_check(p, head, "font.body", body | hei, std.BODY_SIZE_PT,
                                 f"“{p.text[:colon + 1]}”应为3号{std.FONT_HEADING_1}或{std.FONT_BODY}",
                                 f"the label '{p.text[:colon + 1]}' must be {std.BODY_SIZE_PT:g} pt "
                                 f"{std.FONT_HEADING_1} or {std.FONT_BODY}")
                self._font_check(p, tail, "font.body", body, std.BODY_SIZE_PT, body_cn, body_en)
            elif p.kind in ("body", "salutation", "closing", "attachment_cont", "contact"):
                self._font_check(p, p.runs, "font.body", body, std.BODY_SIZE_PT, body_cn, body_en)
            elif p.kind == "ordinal":
                self._font_check(p, p.runs, "font.body", body | kai | hei, std.BODY_SIZE_PT, body_cn, body_en)
            elif p.kind == "attachment_label":
                self._font_check(p, p.runs, "attachment.label", hei, std.BODY_SIZE_PT,
                                 f"附件标识“{p.stripped}”应为3号（{std.BODY_SIZE_PT:g}磅）{std.FONT_HEADING_1}",
                                 f"the attachment label '{p.stripped}' must be {std.BODY_SIZE_PT:g} pt "
                                 f"{std.FONT_HEADING_1}")
            elif p.kind == "heading":
                canonical = std.HEADING_LEVELS[p.level][1]
                example = std.HEADING_LEVELS[p.level][0]
                head, tail, whole = _heading_split(p, _aliases(canonical))
                outline = self.doc.styles.p_attr(self.doc.para_chain(p), "outlineLvl", "val")
                if outline is not None and outline.isdigit() and int(outline) < 9:
                    head, tail = head + tail, []  # a heading paragraph (outline level): all of it is the heading
                self._font_check(p, head, f"font.heading{p.level}", _aliases(canonical), std.BODY_SIZE_PT,
                                 f"{_LEVEL_CN[p.level]}标题「{example}」应为3号（{std.BODY_SIZE_PT:g}磅）{canonical}",
                                 f"level-{p.level} heading ({example}) must be {std.BODY_SIZE_PT:g} pt {canonical}")
                # A paragraph set wholly in the heading's font is a deviation when a real sentence follows
                # the heading (not when a heading merely holds a 。 of its own: （一）某某。某某。).
                if tail and (not whole or len(_RE_CJK.findall("".join(r.text for r in tail))) >= 6):
                    self._font_check(p, tail, "font.body", body, std.BODY_SIZE_PT,
                                     f"标题句后的正文应为3号（{std.BODY_SIZE_PT:g}磅）{std.FONT_BODY}，不应整段用标题字体",
                                     f"text after the heading sentence must be {std.BODY_SIZE_PT:g} pt "
                                     f"{std.FONT_BODY}, not the heading's font")
            if p.kind in _BOLD_CHECKED:
                self._bold(p)
            self._eastasia_slot(p)

    def _bold(self, p: _Para) -> None:
        bold = [r for r in p.runs if r.bold and _RE_CJK.search(r.text)]
        if not bold:
            return
        what = {"title": ("标题", "the title"), "heading": (f"{_LEVEL_CN.get(p.level, '')}标题", "headings"),
                "attachment_label": ("附件标识", "the attachment label")}.get(p.kind, ("正文", "body text"))
        whole = len(bold) == len([r for r in p.runs if _RE_CJK.search(r.text)])
        sample = _excerpt("".join(r.text for r in bold), 12)
        self.add("font.bold", ERROR,
                 f"{what[0]}不应加粗（GB/T 9704 的字体均不加粗）：{'整段' if whole else '「' + sample + '」'}加粗 / "
                 f"{what[1]} must not be bold (GB/T 9704 uses no bold): "
                 f"{'the whole paragraph' if whole else repr(sample)} is bold", p)

    def _eastasia_slot(self, p: _Para) -> None:
        for r in p.runs:
            if not _RE_CJK.search(r.text):
                continue
            rpr = r.el.find(_w("rPr"))
            rf = rpr.find(_w("rFonts")) if rpr is not None else None
            if rf is None or _wattr(rf, "eastAsia") or _wattr(rf, "eastAsiaTheme"):
                continue
            latin = _wattr(rf, "ascii") or _wattr(rf, "hAnsi")
            if _is_chinese_font(latin) and latin != r.ea:
                self.add("font.eastasia", WARNING,
                         f"字体“{latin}”只设置在西文字体中，汉字实际显示为{r.ea or '默认字体'}；应在“中文字体”"
                         f"（w:eastAsia）中设置 / font “{latin}” is set only for Latin text (ascii/hAnsi); Chinese "
                         f"characters render in {r.ea or 'the default font'} — set it as the East Asian font "
                         f"(w:eastAsia)", p)
                return

    # ---- paragraph layout ---------------------------------------------------------------
    def layout(self) -> None:
        pitch = std.LINE_PITCH_PT
        tightened = self._tightened_closing_pages()
        for p in self.doc.paras:
            if p.kind in _GRID_KINDS and id(p) not in tightened:
                self._line_spacing(p, pitch)
            if p.kind in _GRID_KINDS:
                self._paragraph_spacing(p)
            if p.kind in ("body", "heading", "ordinal"):
                first, _, _ = _indents(self.doc, p)
                want = std.FIRST_LINE_INDENT_CHARS
                if abs(first - want) > want * 0.1 and not p.centered:
                    self.add("indent.first_line", ERROR,
                             f"段落首行应缩进{want}个字符，实为{first:.3g}个字符 / first line must be indented "
                             f"{want} characters, found {first:.3g}", p)
            elif p.kind == "salutation":
                first, left, _ = _indents(self.doc, p)
                if p.centered or p.right or abs(first) > 0.3 or abs(left) > 0.3:
                    where = _JC_CN.get(p.jc, p.jc) if (p.centered or p.right) else f"缩进{max(first, left):.3g}个字符"
                    where_en = p.jc if (p.centered or p.right) else f"indented {max(first, left):.3g} characters"
                    self.add("salutation.indent", ERROR,
                             f"主送机关（称谓）应顶格，实为{where} / the recipients line (salutation) must start at the "
                             f"left margin, found {where_en}", p)
            elif p.kind == "attachment_note":
                first, _, _ = _indents(self.doc, p)
                want = std.FIRST_LINE_INDENT_CHARS
                if p.centered or p.right:
                    self.add("attachment.note", ERROR,
                             f"附件说明应左空二字编排，不应{_JC_CN.get(p.jc, p.jc)} / the attachment note must start two "
                             f"characters from the left, not be {p.jc}-aligned", p)
                elif abs(first - want) > 0.3:
                    self.add("attachment.note", ERROR,
                             f"附件说明应左空二字编排，实为缩进{first:.3g}个字符 / the attachment note must start two "
                             f"characters from the left, found {first:.3g}", p)
            elif p.kind == "attachment_label":
                first, _, _ = _indents(self.doc, p)
                if p.centered or p.right or abs(first) > 0.3:
                    where = _JC_CN.get(p.jc, p.jc) if (p.centered or p.right) else f"缩进{first:.3g}个字符"
                    self.add("attachment.label", ERROR,
                             f"附件标识“{p.stripped}”应顶格编排在版心左上角，实为{where} / the attachment label must "
                             f"start at the left margin", p)
        self._closing_positions()
        self._title_breaks()

    def _tightened_closing_pages(self) -> set[int]:
        """Paragraphs whose line pitch was tightened to keep a 落款 on the page of its body text.

        GB/T 9704 7.3.5 allows adjusting 行距 there: a run of paragraphs ending at a 落款 that all
        share one exact pitch between TIGHTENED_LINE_PITCH_MIN_PT and the grid's is accepted.
        """
        out: set[int] = set()
        st = self.doc.styles
        paras = [p for p in self.doc.paras if not p.in_table]

        def exact(p: _Para) -> Optional[int]:
            chain = self.doc.para_chain(p)
            if (st.p_attr(chain, "spacing", "lineRule") or "auto") != "exact":
                return None
            return _int(st.p_attr(chain, "spacing", "line"))

        from .text import display_width

        low = std.pt_to_twips(std.TIGHTENED_LINE_PITCH_MIN_PT)
        for i, p in enumerate(paras):
            if p.kind != "closing":
                continue
            later = next((q for q in itertools.islice(paras, i + 1, None) if q.kind != "empty"), None)
            if later is not None and later.kind == "closing":
                continue  # not the last line of a 落款
            value = exact(p)
            if value is None or not low <= value < std.LINE_PITCH_TWIPS:
                continue
            # At most one page of lines at that pitch (the first paragraph may begin on the page before).
            budget = std.TYPE_AREA_HEIGHT_MM / std.MM_PER_INCH * 72 / (value / std.TWIPS_PER_PT)
            used = 0.0
            for q in reversed(paras[:i + 1]):
                if used >= budget:
                    break
                if q.kind in ("empty", "title", "header"):
                    used += 1 if q.kind == "empty" else 0
                    continue
                if exact(q) != value:
                    break
                out.add(id(q))
                used += max(1, -(-display_width(q.full) // std.CHARS_PER_LINE))
        return out

    def _paragraph_spacing(self, p: _Para) -> None:
        chain = self.doc.para_chain(p)
        if "spacing" not in chain.memo:
            chain.memo["spacing"] = self._spacing_amounts(chain)
        before, after = chain.memo["spacing"]
        tol = std.PARAGRAPH_SPACING_TOLERANCE_PT
        if before <= tol and after <= tol:
            return
        self.add("spacing.paragraph", ERROR,
                 f"段落不应设段前段后间距（空行用空段落），实为段前{before:g}磅、段后{after:g}磅，每页将不足"
                 f"{std.LINES_PER_PAGE}行 / paragraphs must have no space before or after (blank lines are empty "
                 f"paragraphs), found {before:g} pt before and {after:g} pt after, which breaks the "
                 f"{std.LINES_PER_PAGE}-line page", p)

    def _spacing_amounts(self, chain: list[_Element]) -> tuple[float, float]:
        """Space before and after (pt) set by ``chain``; none where contextual spacing cancels it."""
        st = self.doc.styles
        if st.flag(chain, "contextualSpacing"):
            return 0.0, 0.0

        def amount(side: str) -> float:
            lines = _int(st.p_attr(chain, "spacing", side + "Lines"))
            if lines:
                return lines / 100 * std.LINE_PITCH_PT
            auto = st.p_attr(chain, "spacing", side + "Autospacing")
            if auto is not None and auto.lower() in ("1", "true", "on"):
                return 14.0  # Word's HTML auto spacing
            return (_int(st.p_attr(chain, "spacing", side)) or 0) / std.TWIPS_PER_PT

        return amount("before"), amount("after")

    def _extent(self, p: _Para) -> Optional[tuple[float, float]]:
        """(start, end) of a one-line paragraph's text, in 3号 characters from the left of the type area."""
        from .text import display_width

        if "\t" in p.text or "\n" in p.text:
            return None
        line = std.CHARS_PER_LINE
        first, left, right = _indents(self.doc, p)
        core = p.full.strip(" \u3000")
        width = display_width(core)
        if width > line - max(first, 0) - right:
            return None  # wraps: no single position
        if p.right:
            end = line - right - (len(p.full) - len(p.full.rstrip("\u3000"))) \
                - (len(p.full) - len(p.full.rstrip(" "))) / 2
            return end - width, end
        if p.centered:
            start = first + (line - first - right - width) / 2
            return start, start + width
        return first, first + width

    def _closing_positions(self) -> None:
        """署名 right with two characters of right indent, the date starting two characters right of the
        署名's first character (or, with a seal, the date four characters from the right, 署名 centred
        above it)."""
        from .text import display_width

        paras = [p for p in self.doc.paras if not p.in_table and p.kind != "empty"]
        line = std.CHARS_PER_LINE
        tol = 1.0
        for i, date in enumerate(paras):
            if i == 0 or date.kind != "closing" or not _RE_DATE_LINE.match(date.stripped):
                continue
            sig = paras[i - 1]
            if sig.kind != "closing" or _RE_DATE_LINE.match(sig.stripped):
                continue
            s, d = self._extent(sig), self._extent(date)
            if s is None or d is None:
                continue
            edge = line - std.SIGNATURE_RIGHT_INDENT_CHARS
            name_w, date_w = display_width(sig.full.strip(" \u3000")), display_width(date.full.strip(" \u3000"))
            # No seal: the date starts two characters right of the name, and the name ends two characters
            # from the right — or, when the date would then reach past that, the date does (name moves left).
            no_seal = abs(d[0] - s[0] - std.DATE_OFFSET_CHARS) <= tol and (
                abs(s[1] - edge) <= tol or abs(d[1] - edge) <= tol)
            seal = (abs(d[1] - (line - std.SEAL_DATE_RIGHT_INDENT_CHARS)) <= tol
                    and abs((s[0] + s[1]) / 2 - (d[0] + d[1]) / 2) <= tol)
            if no_seal or seal:
                continue
            if edge - name_w + std.DATE_OFFSET_CHARS + date_w <= line:
                w_sig_s, w_date_s = edge - name_w, edge - name_w + std.DATE_OFFSET_CHARS
            else:
                w_date_s = edge - date_w
                w_sig_s = w_date_s - std.DATE_OFFSET_CHARS
            self.add("closing.position", ERROR,
                     f"落款位置不符：署名应右空二字、成文日期首字比署名首字右移二字（加盖印章时日期右空四字、署名居中于日期之上）；"
                     f"署名起于第{s[0] + 1:.3g}字（应为第{w_sig_s + 1:.3g}字），日期起于第{d[0] + 1:.3g}字（应为第"
                     f"{w_date_s + 1:.3g}字） / the 落款 is misplaced: the issuer's name ends two characters from the "
                     f"right and the date starts two characters right of the name's first character (with a seal: the "
                     f"date four from the right, the name centred above it); the name starts at character "
                     f"{s[0] + 1:.3g} (expected {w_sig_s + 1:.3g}), the date at {d[0] + 1:.3g} (expected "
                     f"{w_date_s + 1:.3g})", sig)

    def _title_breaks(self) -> None:
        from .text import display_width
        from .titlebreak import bad_breaks

        paras = [p for p in self.doc.paras if not p.in_table and p.kind != "empty"]
        i = 0
        while i < len(paras):
            if paras[i].kind != "title":
                i += 1
                continue
            group = [paras[i]]
            while i + len(group) < len(paras) and paras[i + len(group)].kind == "title":
                group.append(paras[i + len(group)])
            i += len(group)
            lines = [ln.strip(" \u3000") for p in group for ln in p.full.split("\n")]
            lines = [ln for ln in lines if ln]
            severity = ERROR
            if len(lines) == 1:  # no explicit break: where would the title wrap in its line?
                capacity, squeeze = self._title_capacity(group[0])
                punct = sum(1 for ch in lines[0] if ch in _SQUEEZABLE) if squeeze else 0
                if display_width(lines[0]) - punct / 2 <= capacity + 1e-6:
                    continue
                lines = _wrap(lines[0], capacity)
                severity = WARNING
            problems = bad_breaks(lines)
            if not problems:
                continue
            how_cn = "换行" if severity == ERROR else "自动换行"
            shown = "/".join(lines)
            self.add("title.break", severity,
                     f"标题{how_cn}不当（{shown}）：{'；'.join(cn for _, cn, _ in problems)}；标题应在词语之间回行，"
                     f"排成梯形或菱形 / the title's line breaks ({shown}) are wrong: "
                     f"{'; '.join(en for _, _, en in problems)}; break titles between words into a trapezoid or "
                     f"diamond", group[0])

    def _title_capacity(self, p: _Para) -> tuple[float, bool]:
        """Full-width characters that fit on a line of title ``p`` (its section's text width, its
        indents, its runs' size, character spacing and scaling), and whether punctuation is compressed."""
        width_pt = std.TYPE_AREA_WIDTH_MM / std.MM_PER_INCH * 72
        if self.doc.sections:
            sect = self.doc.sections[min(p.section, len(self.doc.sections) - 1)]
            w = _int(_wattr(sect.find(_w("pgSz")), "w"))
            mar = sect.find(_w("pgMar"))
            if w and mar is not None:
                sides = sum(_int(_wattr(mar, k)) or 0 for k in ("left", "right", "gutter"))
                width_pt = (w - sides) / std.TWIPS_PER_PT
        run = next((r for r in p.runs if r.text.strip()), None)
        size = run.size if run else std.TITLE_SIZE_PT
        spacing, scale = 0.0, 100.0
        for rpr in (run.chain if run else []):
            if spacing == 0.0 and rpr.find(_w("spacing")) is not None:
                spacing = (_int(_wattr(rpr.find(_w("spacing")), "val")) or 0) / std.TWIPS_PER_PT
            if scale == 100.0 and rpr.find(_w("w")) is not None:
                scale = float(_int(_wattr(rpr.find(_w("w")), "val")) or 100)
        first, _, right = _indents(self.doc, p)
        advance = max(size * scale / 100 + spacing, 1.0)
        capacity = width_pt / advance - max(first, 0) * size / advance - right * size / advance
        settings = self.doc.pkg.settings
        control = _wattr(settings.find(_w("characterSpacingControl")), "val") if settings is not None else None
        return capacity, bool(control and control.startswith("compress"))

    def _line_spacing(self, p: _Para, pitch: float) -> None:
        chain = self.doc.para_chain(p)
        key = ("line", p.section)
        if key not in chain.memo:
            chain.memo[key] = self._line_spacing_found(p, chain, pitch)
        found = chain.memo[key]
        if found is None:
            return
        found_cn, found_en = found
        self.add("line.spacing", ERROR,
                 f"行距应为固定值{pitch:g}磅（每页{std.LINES_PER_PAGE}行），实为{found_cn} / line spacing must be "
                 f"exactly {pitch:g} pt ({std.LINES_PER_PAGE} lines per page), found {found_en}", p)

    def _line_spacing_found(self, p: _Para, chain: list[_Element], pitch: float) -> Optional[tuple[str, str]]:
        """What is wrong with the line spacing ``chain`` sets (Chinese, English), or None."""
        st = self.doc.styles
        line = _int(st.p_attr(chain, "spacing", "line"))
        rule = st.p_attr(chain, "spacing", "lineRule") or "auto"
        if line is None:
            line, rule = 240, "auto"
        if rule in ("exact", "atLeast"):
            value = line / std.TWIPS_PER_PT
            if abs(value - pitch) <= 1:
                return None
            return (f"{'固定值' if rule == 'exact' else '最小值'}{value:g}磅",
                    f"{'exactly' if rule == 'exact' else 'at least'} {value:g} pt")
        if line <= 240 and self._grid_ok(p, chain):
            return None
        return ("单倍行距" if line == 240 else f"{line / 240:g}倍行距",
                "single" if line == 240 else f"{line / 240:g} × multiple")

    def _grid_ok(self, p: _Para, chain: list[_Element]) -> bool:
        if self.doc.styles.flag(chain, "snapToGrid") is False or not self.doc.sections:
            return False
        sect = self.doc.sections[min(p.section, len(self.doc.sections) - 1)]
        grid = sect.find(_w("docGrid"))
        kind = _wattr(grid, "type")
        pitch = _int(_wattr(grid, "linePitch"))
        return kind in ("lines", "linesAndChars", "snapToChars") and pitch is not None and \
            abs(pitch - std.LINE_PITCH_TWIPS) <= std.TWIPS_PER_PT

    # ---- headings -------------------------------------------------------------------------
    def headings(self) -> None:
        last = {1: 0, 2: 0, 3: 0, 4: 0}
        for p in self.doc.paras:
            if p.kind == "attachment_label":
                last = {1: 0, 2: 0, 3: 0, 4: 0}
                continue
            if p.kind not in ("heading", "ordinal"):
                continue
            lv, n = p.level, p.ordinal
            expected = last[lv] + 1
            if last[lv] == 0 and lv > 1 and last[lv - 1] == 0:
                parent = next((k for k in range(lv - 1, 0, -1) if last[k]), None)
                if parent is None or lv - parent > 1:
                    self.add("heading.sequence", WARNING,
                             f"{_LEVEL_CN[lv]}标题「{_ordinal(lv, n)}」前没有{_LEVEL_CN[lv - 1]}标题"
                             f"「{_ordinal(lv - 1, 1)}」，层次应依次为一、（一）1.（1） / level-{lv} heading "
                             f"{_ordinal(lv, n)} has no level-{lv - 1} heading above it (order: 一、 （一） 1. （1）)", p)
            if n != expected:
                if n > expected:
                    missing = "、".join(_ordinal(lv, k) for k in range(expected, min(n, expected + 5)))
                    self.add("heading.sequence", ERROR,
                             f"{_LEVEL_CN[lv]}标题序号不连续：「{_ordinal(lv, n)}」前缺少「{missing}」 / "
                             f"level-{lv} heading numbers skip: {missing} missing before {_ordinal(lv, n)}", p)
                else:
                    self.add("heading.sequence", ERROR,
                             f"{_LEVEL_CN[lv]}标题序号重复或倒序：「{_ordinal(lv, n)}」在「{_ordinal(lv, last[lv])}」"
                             f"之后，应为「{_ordinal(lv, expected)}」 / level-{lv} heading {_ordinal(lv, n)} repeats or "
                             f"goes back after {_ordinal(lv, last[lv])}; expected {_ordinal(lv, expected)}", p)
            last[lv] = n
            for k in range(lv + 1, 5):
                last[k] = 0

    # ---- text rules ----------------------------------------------------------------------
    def text(self) -> None:
        for p in self.doc.paras:
            if p.kind == "empty":
                continue
            t = p.text
            self._dates(p, t)
            self._docnumbers(p, t)
            self._halfwidth(p, t)
            self._quotes(p, t)
            # Spaces set off names and labels in 版头, 落款, 版记, contact and attendance lines.
            if p.kind not in ("header", "banji", "table", "closing", "contact", "names"):
                self._spaces(p, t)

    def _dates(self, p: _Para, t: str) -> None:
        bad: list[tuple[str, str]] = []
        y: Optional[int]
        mo: Optional[int]
        d: Optional[int]
        for m in _RE_DATE_NUMERIC.finditer(t):
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                bad.append((m.group(0), f"{y}年{mo}月{d}日"))
        for m in _RE_DATE_CN.finditer(t):
            ys, ms, ds = m.group(1), m.group(2), m.group(3)
            ok = ys.isdigit() and len(ys) == 4 and ms.isdigit() and not ms.startswith("0") and (
                ds is None or (ds.isdigit() and not ds.startswith("0")))
            if ok:
                continue
            y, mo = _cn_date_part(ys), _cn_date_part(ms)
            d = _cn_date_part(ds) if ds else None
            if y is None or mo is None or not 1 <= mo <= 12:
                continue
            if y < 100:
                want = f"{'20' if y < 50 else '19'}{y:02d}年{mo}月" + (f"{d}日" if d else "")
            else:
                want = f"{y}年{mo}月" + (f"{d}日" if d else "")
            bad.append((m.group(0), want))
        seen = {b[0] for b in bad}
        for m in _RE_DATE_MD_ZERO.finditer(t):
            if not any(m.group(0) in s for s in seen):
                fixed = re.sub(r"(?<![0-9])0([0-9])", r"\1", m.group(0))
                bad.append((m.group(0), fixed))
        if bad:
            shown = "；".join(f"“{a}”应为“{b}”" for a, b in bad[:3])
            shown_en = "; ".join(f"'{a}' → '{b}'" for a, b in bad[:3])
            self.add("date.format", ERROR,
                     f"日期应使用阿拉伯数字、年份写全、月日不编虚位（如2026年3月5日）：{shown} / dates must be "
                     f"written like 2026年3月5日 (Arabic digits, full year, no leading zeros): {shown_en}", p)

    def _docnumbers(self, p: _Para, t: str) -> None:
        for m in _RE_DOCNUM.finditer(t):
            code, ob, year, cb, di, serial = m.groups()
            problems_cn, problems_en = [], []
            if ob != "〔" or cb != "〕":
                problems_cn.append(f"年份应用六角括号〔〕，实为{ob}{cb}")
                problems_en.append(f"year must be in 〔〕, found {ob}{cb}")
            if len(year) != 4:
                problems_cn.append("年份应写全")
                problems_en.append("year must be written in full")
            if di:
                problems_cn.append("序号前不加“第”")
                problems_en.append("no 第 before the serial number")
            if len(serial) > 1 and serial.startswith("0"):
                problems_cn.append("序号不编虚位（不加0）")
                problems_en.append("no leading zeros in the serial number")
            if problems_cn:
                fixed = f"{code}〔{year}〕{int(serial)}号"
                self.add("docnumber.brackets", ERROR,
                         f"发文字号“{m.group(0)}”不规范：{'；'.join(problems_cn)}，应为“{fixed}” / document number "
                         f"'{m.group(0)}': {'; '.join(problems_en)}; write '{fixed}'", p)

    def _halfwidth(self, p: _Para, t: str) -> None:
        hits = [m for m in _RE_HALFWIDTH.finditer(t) if not _latin_punctuation(t, m.start())]
        if not hits:
            return
        snippets: list[str] = []
        covered = -1
        for m in hits:
            if m.start() <= covered:
                continue
            snippets.append(_snippet(t, m.start(), m.end()))
            covered = m.end() + 4
            if len(snippets) == 3:
                break
        chars = "".join(sorted({m.group(0) for m in hits}, key=_HALFWIDTH.index))
        self.add("punct.halfwidth", ERROR,
                 f"中文中应使用全角标点，发现半角“{chars}”：{'；'.join('「' + s + '」' for s in snippets)} / "
                 f"use full-width punctuation in Chinese text, found half-width '{chars}' in: "
                 f"{' | '.join(snippets)}", p)

    def _quotes(self, p: _Para, t: str) -> None:
        if not _RE_CJK.search(t):
            return
        marks = [m.start() for m in re.finditer('"', t)]
        straight = [i for i in marks if _touches_chinese(t, i)]
        # A pair of straight quotes around Chinese text is wrong even if both touch Latin letters.
        straight += [a for a, b in zip(marks[::2], marks[1::2]) if _RE_CJK.search(t[a + 1:b]) and a not in straight]
        straight += [m.start() for m in re.finditer("'", t) if _touches_chinese(t, m.start(), cjk_only=True)]
        if straight:
            i = min(straight)
            s = _snippet(t, i, i + 1)
            self.add("punct.quotes", ERROR,
                     f"中文中应使用弯引号“”‘’，发现直引号：「{s}」 / use “ ” and ‘ ’ in Chinese text, found straight "
                     f"quotes in: {s}", p)
        depth, bad = 0, False
        for c in t:
            if c == "“":
                if depth:
                    bad = True
                depth = 1
            elif c == "”":
                if not depth:
                    bad = True
                depth = 0
        if bad or depth:
            self.add("punct.quotes", WARNING, "引号“”不成对 / unpaired “ ” quotation marks", p)

    def _spaces(self, p: _Para, t: str) -> None:
        hits = list(_RE_SPACE_CJK.finditer(t))
        if hits:
            snippets = "；".join("「" + _snippet(t, m.start(), m.end(), 3) + "」" for m in hits[:3])
            self.add("space.cjk", ERROR,
                     f"汉字或中文标点之间不应有空格：{snippets} / no spaces between Chinese characters or "
                     f"full-width punctuation: {snippets}", p)

    # ---- page numbers ------------------------------------------------------------------------
    def page_numbers(self) -> None:
        pkg, st = self.doc.pkg, self.doc.styles
        footers: dict[str, Optional[str]] = {}
        seen_parts: dict[str, _Element] = {}
        pairs = []  # (type, part name) effective per section
        for sect in self.doc.sections:
            for ref in sect.findall(_w("footerReference")):
                footers[_wattr(ref, "type") or "default"] = ref.get(f"{{{R_NS}}}id")
            for kind in ("default", "even"):
                rid = footers.get(kind)
                if rid:
                    name, root = pkg.part_for(rid)
                    if name and root is not None:
                        seen_parts[name] = root
                        pairs.append((kind, name))
        infos = {name: info for name, root in seen_parts.items() if (info := _page_field_paragraph(root)) is not None}
        found = [(k, n) for k, n in dict.fromkeys(pairs) if n in infos]
        if not found:
            self.add("page.number", ERROR,
                     "页脚中没有页码（PAGE域）；应在页脚插入“— 1 —”式页码，4号宋体 / no page number: the footer has "
                     "no PAGE field; insert a page number formatted — 1 — in 14 pt 宋体")
            return
        reported = set()
        for kind, name in found:
            para, before, after, runs = infos[name]
            left, right = before.rstrip(" \u3000\u00a0\t"), after.lstrip(" \u3000\u00a0\t")
            dash = std.PAGE_NUMBER_DASH
            if not (left.endswith(dash) and right.startswith(dash)) and "dash" not in reported:
                reported.add("dash")
                got = f"{left[-3:]}1{right[:3]}".strip() or "1"
                if left.endswith("\u2015") and right.startswith("\u2015"):
                    sev = WARNING
                else:
                    sev = ERROR
                self.add("page.number", sev,
                         f"页码应为“{dash} 1 {dash}”（两侧为一字线U+2014），实为“{got}” / page number must read "
                         f"'{dash} 1 {dash}' with em dashes (U+2014) on both sides, found '{got}'")
            ppr_style = st.para_style_id(para)
            bad_size, bad_font = set(), set()
            for r, role in runs:
                t = _run_text(r) if role == "text" else "1"
                if role == "text" and not t.strip():
                    continue
                chain = st.rpr_chain(r, ppr_style)
                size = st.size(chain)
                if abs(size - std.PAGE_NUMBER_SIZE_PT) > 0.25:
                    bad_size.add(size)
                slot = "eastAsia" if role == "text" and not t.strip().isdigit() else "ascii"
                font = st.font(chain, slot) or (st.font(chain, "ascii") if slot == "eastAsia" else None)
                if font not in _aliases(std.FONT_PAGE_NUMBER):
                    bad_font.add(font or "未设置")
            if (bad_size or bad_font) and "font" not in reported:
                reported.add("font")
                found_txt = "、".join([_pt(s) for s in sorted(bad_size)] + sorted(bad_font))
                self.add("page.number", ERROR,
                         f"页码应为4号（{std.PAGE_NUMBER_SIZE_PT:g}磅）{std.FONT_PAGE_NUMBER}，实为{found_txt} / page "
                         f"numbers must be {std.PAGE_NUMBER_SIZE_PT:g} pt {std.FONT_PAGE_NUMBER}, found {found_txt}")
        # odd/even alternation: two footers (w:evenAndOddHeaders), or one number in a frame aligned
        # to the outside edge (framePr xAlign="outside": right on odd pages, left on even ones).
        frames = {}
        for kind, name in found:
            para = infos[name][0]
            frames[(kind, name)] = st.p_attr(st.ppr_chain(para, st.para_style_id(para)), "framePr", "xAlign")
        if all(x == "outside" for x in frames.values()):
            return
        if any(x == "inside" for x in frames.values()):
            self.add("page.number", ERROR, "页码框架对齐为“内侧”：单页页码应居右、双页页码居左（对齐方式应为“外侧”） / "
                                           "the page-number frame is aligned inside; odd pages need the number on the "
                                           "right and even pages on the left (align it outside)")
            return
        settings = pkg.settings
        even_odd = settings is not None and _on(settings.find(_w("evenAndOddHeaders")))
        kinds = {k for k, _ in found}
        if not even_odd or "even" not in kinds:
            self.add("page.number", WARNING,
                     "页码未分单双页：应在设置中启用“奇偶页不同”，单页页码居右、双页页码居左 / page numbers do not "
                     "alternate: enable different odd and even pages (w:evenAndOddHeaders), odd pages right, even "
                     "pages left")
            return
        for kind, name in found:
            para = infos[name][0]
            if frames[(kind, name)] in ("left", "right", "center"):
                jc = frames[(kind, name)]
            else:
                jc = st.p_attr(st.ppr_chain(para, st.para_style_id(para)), "jc", "val")
            if kind == "default" and jc not in ("right", "end") and "jc-odd" not in reported:
                reported.add("jc-odd")
                self.add("page.number", ERROR, f"单页页码应居右（空一字），实为{_JC_CN.get(jc, jc)} / odd-page "
                                               f"numbers must be right-aligned, found {jc or 'left'}")
            if kind == "even" and jc not in (None, "left", "start", "both") and "jc-even" not in reported:
                reported.add("jc-even")
                self.add("page.number", ERROR, f"双页页码应居左（空一字），实为{_JC_CN.get(jc, jc)} / even-page "
                                               f"numbers must be left-aligned, found {jc}")

    def title(self, title_pos: Optional[int]) -> None:
        if title_pos is None:
            self.add("title.missing", WARNING,
                     f"未找到公文标题（居中、2号{std.FONT_TITLE}） / no document title found (centred, "
                     f"{std.TITLE_SIZE_PT:g} pt {std.FONT_TITLE})")


_LEVEL_CN = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
_SQUEEZABLE = set("，。、；：！？“”‘’《》（）〔〕【】「」『』")
_GRID_KINDS = ("body", "heading", "salutation", "closing", "attachment_note", "attachment_cont", "names", "contact",
               "ordinal")
_BOLD_CHECKED = ("title", "subtitle", "body", "heading", "salutation", "closing", "attachment_note", "attachment_cont",
                 "attachment_label", "names", "contact")
_JC_CN = {None: "左对齐", "left": "左对齐", "start": "左对齐", "center": "居中", "both": "两端对齐",
          "right": "居右", "end": "居右", "distribute": "分散对齐"}


def _char_style(run: _Element) -> Optional[str]:
    rpr = run.find(_w("rPr"))
    return _wattr(rpr.find(_w("rStyle")), "val") if rpr is not None else None


def _heading_split(p: _Para, heading_fonts: frozenset[str]) -> tuple[list[_Run], list[_Run], bool]:
    """(heading runs, runs after the heading, whether the heading's font covers the whole paragraph).

    Where the heading's font gives way to another (（一）开展排查。 in 楷体, then 仿宋), the heading is
    what is set in its font.  Otherwise it is the first sentence: up to its 。 (a ？ or ！ only when
    there is no 。 — a heading may ask), splitting a run that holds both.
    """
    lead = len(p.text) - len(p.text.lstrip(" \u3000\t"))
    # A character style on the heading's run (Word's 标题字符, docgen's GwKai) marks the inline
    # heading itself: the heading is what carries it, whatever punctuation it holds.
    first = next((r for r in p.runs if r.end > lead and _RE_CJK.search(r.text)), None)
    marked = _char_style(first.el) if first is not None else None
    if marked:
        end = lead
        for r in p.runs:
            if r.end <= lead:
                continue
            if _char_style(r.el) != marked and _RE_CJK.search(r.text):
                break
            end = r.end
        return ([r for r in p.runs if r.end > lead and r.start < end], [r for r in p.runs if r.start >= end],
                end >= len(p.text))
    prefix_end = lead
    for r in p.runs:
        if r.end <= lead:
            continue
        if r.ea in heading_fonts or not _RE_CJK.search(r.text):
            prefix_end = r.end
            continue
        break
    after = [r for r in p.runs if r.start >= prefix_end]
    if prefix_end > lead and any(_RE_CJK.search(r.text) for r in after):
        return [r for r in p.runs if r.end > lead and r.start < prefix_end], after, False
    whole = prefix_end >= len(p.text)
    stop = p.text.find("。", lead)
    if stop < 0:
        ends = [e for e in (p.text.find(c, lead) for c in _SENTENCE_END) if e >= 0]
        stop = min(ends) if ends else len(p.text) - 1
    span_end = stop + 1
    head = [replace(r, text=r.text[:span_end - r.start]) if r.end > span_end else r
            for r in p.runs if r.start < span_end and r.end > lead]
    tail = [replace(r, text=r.text[span_end - r.start:], start=span_end) if r.start < span_end else r
            for r in p.runs if r.end > span_end]
    return head, tail, whole


def _wrap(text: str, capacity: float) -> list[str]:
    """Where text of ``capacity`` full-width characters per line wraps (no hanging punctuation)."""
    from .text import display_width

    lines, current, used = [], "", 0.0
    for ch in text:
        w = display_width(ch)
        if used + w > capacity + 1e-9 and current:
            if ch in "，。、；：！？）》”’":  # 避头: the last character moves down with it
                lines.append(current[:-1])
                current, used = current[-1], display_width(current[-1])
            else:
                lines.append(current)
                current, used = "", 0.0
        current += ch
        used += w
    lines.append(current)
    return lines


def _mm(twips: int) -> str:
    return f"{twips / std.TWIPS_PER_INCH * std.MM_PER_INCH:.1f}".rstrip("0").rstrip(".")


@dataclass
class _FieldScan:
    """Where :func:`_page_field_paragraph` is in a paragraph's fields."""

    found: bool = False                    # the PAGE field was seen
    depth: int = 0                         # complex fields open (they nest)
    instr: str = ""                        # the outermost open field's instruction so far
    phase: Optional[str] = None            # "instr" or "result" in the outermost field
    result_runs: list[_Element] = field(default_factory=list)
    first_run: Optional[_Element] = None   # the run that opened the outermost field


def _page_field_paragraph(root: _Element) -> Optional[tuple[_Element, str, str, list[tuple[_Element, str]]]]:
    """The footer paragraph holding a PAGE field: (paragraph, text before, text after, [(run, role)]).

    Fields may be simple (``w:fldSimple``) or complex, and a complex field's ``fldChar begin``,
    ``instrText``, ``separate``, result and ``end`` may sit in separate runs (Word) or all inside one
    ``w:r`` (python-docx generators): the run's children are read in order either way.  ``role``
    is ``"text"`` for text around the field and ``"field"`` for the runs showing its result.
    """
    for p in root.iter(_w("p")):
        if any(a.tag == f"{{{MC_NS}}}Fallback" for a in p.iterancestors()):
            continue
        before: list[str] = []
        after: list[str] = []
        runs: list[tuple[_Element, str]] = []
        state = _FieldScan()

        def finish_field() -> None:
            if re.match(r"\s*PAGE\b", state.instr, re.I) and not state.found:
                state.found = True
                res = state.result_runs or ([state.first_run] if state.first_run is not None else [])
                runs.extend((r, "field") for r in dict.fromkeys(res) if r is not None)

        def run_children(run: _Element) -> None:
            text: list[str] = []

            def flush() -> None:
                if text:
                    (after if state.found else before).append("".join(text))
                    if (run, "text") not in runs:
                        runs.append((run, "text"))
                    text.clear()

            for c in run:
                tag = c.tag
                if tag == _w("fldChar"):
                    flush()
                    kind = _wattr(c, "fldCharType")
                    if kind == "begin":
                        state.depth += 1
                        if state.depth == 1:
                            state.instr, state.phase, state.result_runs, state.first_run = "", "instr", [], run
                    elif kind == "separate" and state.depth == 1:
                        state.phase = "result"
                    elif kind == "end" and state.depth:
                        state.depth -= 1
                        if state.depth == 0:
                            finish_field()
                            state.phase = None
                elif tag == _w("instrText"):
                    if state.depth == 1 and state.phase == "instr":
                        state.instr += c.text or ""
                elif tag in (_w("t"), _w("tab"), _w("ptab")):
                    piece = (c.text or "") if tag == _w("t") else "\t"
                    if state.depth == 0:
                        text.append(piece)
                    elif state.phase == "result" and piece.strip():
                        state.result_runs.append(run)
            flush()

        def walk(el: _Element) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIP_IN_PARA or tag == _w("pPr"):
                    continue
                if tag == _w("fldSimple"):
                    instr = (_wattr(child, "instr") or "").strip()
                    if state.depth == 0 and re.match(r"PAGE\b", instr, re.I) and not state.found:
                        state.found = True
                        res = [r for r in _iter_runs(child)] or [child]
                        runs.extend((r, "field") for r in res)
                    elif state.depth == 0:
                        for r in _iter_runs(child):
                            run_children(r)
                    continue
                if tag == _w("r"):
                    run_children(child)
                else:
                    walk(child)

        walk(p)
        if state.found:
            return p, "".join(before), "".join(after), runs
    return None


# --------------------------------------------------------------------------- entry point

#: What :func:`check` reads: a path, the bytes of a .docx, or a binary file object.
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def _label(source: Source, name: Optional[str]) -> str:
    if name:
        return str(name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    if hasattr(source, "read"):
        inner = getattr(source, "name", None)
        return str(inner) if isinstance(inner, (str, os.PathLike)) else "<stream>"
    return str(os.fspath(source))


def check(source: Source, *, name: Optional[str] = None) -> Report:
    """Check a .docx against GB/T 9704-2012 and return the :class:`Report`.

    ``source`` is a path, the document's bytes, or a binary file object (read from its current
    position; it is not closed).  ``name`` is what the report calls the document (default: the
    path, the file object's name, or ``<bytes>``).  Raises :class:`~docgen.errors.InputError`
    (exit code 2) when ``source`` is not a readable .docx — missing, not a regular file, not a zip,
    corrupt, or beyond the bounds the checker reads (see ``MAX_*``).
    """
    label = _label(source, name)
    with _open_source(source, label) as f:
        pkg = _Package(f, label)
        doc = _Doc(pkg)
        title_pos = _classify(doc)
        ck = _Checker(doc)
        ck.page()
        ck.page_numbers()
        ck.title(title_pos)
        ck.fonts()
        ck.layout()
        ck.headings()
        ck.text()
    return Report(label, _grouped(ck.findings))


def _grouped(findings: list[Finding]) -> list[Finding]:
    """Document-level findings first, then by paragraph; one finding repeated on many paragraphs
    (same rule, severity and message) is reported once, at its first paragraph, with a count."""
    doc_level = [f for f in findings if f.paragraph is None and f.excerpt is None]
    located = [f for f in findings if not (f.paragraph is None and f.excerpt is None)]
    first: dict[tuple[str, str, str], int] = {}
    counts: list[int] = []
    kept: list[Finding] = []
    for f in located:
        key = (f.rule, f.severity, f.message)
        if key in first:
            counts[first[key]] += f.count
            continue
        first[key] = len(kept)
        kept.append(f)
        counts.append(f.count)
    kept = [f if n == f.count else replace(f, count=n) for f, n in zip(kept, counts)]
    order = {r: i for i, r in enumerate(RULES)}
    kept.sort(key=lambda f: (f.paragraph if f.paragraph is not None else 10 ** 9, order.get(f.rule, 99)))
    return _dedupe(doc_level) + kept


def _dedupe(findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if f not in out:
            out.append(f)
    return out
