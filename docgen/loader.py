"""Stage 1: read a campaign file and parse its YAML, remembering where every value came from.

The result is plain data (dicts, lists, str, int, float, bool, None) plus a
:class:`SourceMap` from field paths to line/column, so every later stage can
report errors at the right place.  Dates stay strings here; validation checks them.

Safety: only the YAML core types are built (an explicit ``!!python/...`` or any
other tag is refused, never constructed), alias expansion is bounded, and files
are size-limited, so hostile input cannot run code or exhaust memory.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

import yaml

from . import slips
from .errors import InputError, Location, Problem, SourceError, ValidationError

PathKey = tuple[Union[str, int], ...]  # ("tasks", 2, "owners")

#: Largest campaign file read: a real one is 5–50 KB and a 12,000-task campaign about 1.2 MB;
#: parsing keeps several times the file in memory, so this keeps a hostile file to a few hundred MB.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Values (mappings, lists, scalars) in a file, counted after alias expansion: a 12,000-task
#: campaign has about 100,000; a parsed value costs ~0.5 KB, so this bounds memory to ~100 MB and
#: stops a "billion laughs" alias bomb.
MAX_NODES = 200_000
#: Characters of text in all values together after alias expansion.  Without aliases a file holds
#: at most MAX_FILE_BYTES characters; one 100k-character anchor used 5,000 times would be 500M
#: (GBs once rendered), so the total is bounded, not only the count of values.
MAX_TEXT_CHARS = 2 * MAX_FILE_BYTES
#: Nesting depth of mappings and lists: a campaign nests about 8 levels (sub-items of items a few
#: more); libyaml and the Python parser recurse per level and crash or fail past a few thousand.
MAX_DEPTH = 64
#: Control characters reported individually before the rest are summarised.
MAX_REPORTED_CHARACTERS = 10

_CORE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def format_path(path: PathKey) -> str:
    """('tasks', 2, 'owners') → 'tasks[2].owners'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class SourceMap:
    """Line/column (1-based) of every value and mapping key in a loaded file."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: What was typed for plain scalars YAML 1.1 read as a number, boolean or null (``010`` → 8):
    #: path → text.  Text fields keep the text (see :func:`keep_typed_text`).
    typed: dict[PathKey, str] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """Location of the value at ``path`` (or of its key), falling back to the nearest parent."""
        table = self.keys if key and path in self.keys else self.values
        probe = tuple(path)
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.values
        pos = table.get(probe)
        line, column = pos if pos else (None, None)
        return Location(self.file, line, column, format_path(path) or None)


@dataclass
class Document:
    """A parsed campaign file: its data, where each value is, and the slips typed into it
    (:mod:`docgen.slips`; when there are any, ``data`` is read from the repaired text and serves
    only to report the file's other problems in the same run)."""

    data: Any
    source: SourceMap
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Union[str, os.PathLike[str]]) -> str:
    """Read a campaign file as text, accepting UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK.

    Only a regular file is read (not a device, FIFO or socket, which could be endless), and at
    most :data:`MAX_FILE_BYTES` of it.
    """
    from .files import read_regular

    name = str(path)
    if Path(name).is_dir():
        raise SourceError("这是一个文件夹，不是 YAML 文件 / this is a directory, not a YAML file",
                          location=Location(name), hint="请指定一个 .yaml 文件。", code="DG-FILE-IS-DIRECTORY")
    raw = read_regular(name, MAX_FILE_BYTES, what="文件", error=SourceError)
    return decode(raw, name)


# Encodings named (not decoded into mojibake) when a file is in one docgen does not read.
_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"))


def _wrong_encoding(name: str, encoding: str) -> SourceError:
    return SourceError(f"文件编码是 {encoding}，docgen 不支持 / the file is encoded in {encoding}, which docgen does not read",
                       location=Location(name),
                       hint="请用记事本或 VS Code 将文件另存为 UTF-8 编码（GBK/GB18030、UTF-16 也可识别）。"
                            " / save the file as UTF-8.", code="DG-FILE-ENCODING")


_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe][\x30-\xfe]")
# GB2312's punctuation rows (，。：“”) and its hanzi rows: what Chinese text in GBK is made of.
_GB2312_TEXT = re.compile(rb"[\xa1-\xa3\xb0-\xf7][\xa1-\xfe]")


def _foreign_encoding(raw: bytes) -> Optional[str]:
    """The name of a CJK encoding other than GBK/GB18030 that ``raw`` (not UTF-8) is in, if it
    clearly is one.  Such bytes often decode as GB18030 without error, into nonsense.  Chinese text
    in GBK is almost all GB2312 punctuation and hanzi (first byte A1–A3 or B0–F7, second >= A1):
    Japanese Shift-JIS (kana 82 9F…) mostly is not, and traditional-Chinese Big5 has a second
    byte of 40–7E in about a third of its characters, where GBK text has almost none."""
    pairs = _DOUBLE_BYTE.findall(raw)
    if not pairs:
        return None
    low_second = sum(1 for pair in pairs if pair[1] < 0xA1)
    gb2312 = len(_GB2312_TEXT.findall(raw))
    candidates: list[tuple[str, str, Callable[[str], bool]]] = []   # (codec, name, a character only it has)
    if gb2312 * 2 <= len(pairs):
        candidates.append(("shift_jis", "Shift-JIS（日文 / Japanese）", lambda ch: "\u3040" <= ch <= "\u30ff"))
    if low_second * 5 >= len(pairs):
        candidates.append(("big5", "Big5（繁体中文 / Traditional Chinese）", lambda ch: "\u4e00" <= ch <= "\u9fff"))
    for codec, label, marker in candidates:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(marker(ch) for ch in text):
            return label
    return None


def _without_bom(raw: bytes, name: str) -> Optional[str]:
    """UTF-16 or UTF-32 text saved without a BOM, told apart by where its zero bytes fall: UTF-32
    has two zero bytes in every four (more for ASCII), UTF-16 one in every two for ASCII.  UTF-16
    is decoded; UTF-32 is named.  None when the zeros follow no such pattern (binary data)."""
    head = raw[:4096]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 8:
        return None
    quarter = len(head) // 4
    zeros = [head[k::4].count(0) for k in range(4)]
    if (zeros[0] == quarter and zeros[1] >= quarter * 0.9) or (zeros[3] == quarter and zeros[2] >= quarter * 0.9):
        raise _wrong_encoding(name, "UTF-32")
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    for encoding, many, few in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if many >= len(head) // 8 and few * 8 <= many:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if "\x00" in text else text
    return None


def decode(raw: bytes, name: str = "<string>") -> str:
    """Decode file bytes; Windows tools often save GBK/GB18030, UTF-8 with a BOM or UTF-16.

    An encoding docgen does not read (UTF-32, Shift-JIS, Big5) is named in a :class:`SourceError`
    rather than decoded into mojibake.
    """
    for bom, encoding in _UTF32_BOMS:      # before UTF-16: the UTF-32 LE BOM starts with UTF-16's
        if raw.startswith(bom):
            raise _wrong_encoding(name, encoding)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        text = _without_bom(raw, name)
        if text is not None:
            return text
        raise SourceError("这不是文本文件（含有二进制内容）/ not a text file (binary content)",
                          location=Location(name), hint="请用记事本或 VS Code 等编辑器另存为 UTF-8 编码的 YAML 文件。",
                          code="DG-FILE-BINARY")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    foreign = _foreign_encoding(raw)
    if foreign:
        raise _wrong_encoding(name, foreign)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise SourceError("文件编码无法识别 / unknown text encoding", location=Location(name, line),
                          hint="请将文件另存为 UTF-8 编码（GBK/GB18030 也可识别）。", code="DG-FILE-ENCODING") from None


_YAML_MESSAGES = (
    ("found character '\\t' that cannot start any token", "不能用 Tab 键缩进，请改用空格 / tabs are not allowed for indentation, use spaces"),
    ("found a tab character", "不能用 Tab 键缩进，请改用空格 / tabs are not allowed, use spaces"),
    ("mapping values are not allowed here", "此处不能出现冒号“:”，可能缩进不对或冒号后少了空格 / unexpected ':' (check indentation)"),
    ("could not find expected ':'", "缺少冒号“:”或缩进不对 / expected ':' (check indentation)"),
    ("did not find expected key", "缩进不对或缺少“- ” / bad indentation"),
    ("did not find expected '-' indicator", "列表项应以“- ”开头，缩进要对齐 / list items must start with '- '"),
    ("found undefined alias", "引用了未定义的别名（*名称）/ undefined alias"),
    ("while scanning a quoted scalar", "引号没有闭合：从这里开始的引号一直没有结束 / the quote opened here is never closed"),
    ("while parsing a flow", "方括号或花括号里的写法不对：各项之间用英文逗号“, ”分隔，括号要成对 / "
                             "in [ ] or { }, separate items with ', ' and close the bracket"),
    ("found unexpected end of stream", "引号或括号没有闭合 / unclosed quote or bracket"),
    ("special characters are not allowed", "文件中含有不允许的控制字符 / control characters are not allowed"),
    ("found duplicate anchor", "锚点（&名称）重复定义 / duplicate anchor"),
)


def _yaml_problem(exc: yaml.YAMLError, name: str, text: str = "") -> Problem:
    """A YAML syntax error in words, at the line where the user can fix it: an unclosed quote or
    bracket at its opening (PyYAML reports where it gave up, often the end of the file)."""
    context = getattr(exc, "context", "") or ""
    text_of_error = f"{getattr(exc, 'problem', '') or ''} {context}"
    message = next((cn for key, cn in _YAML_MESSAGES if key in text_of_error), None)
    opening = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    mark = (getattr(exc, "context_mark", None) if opening else None) or getattr(exc, "problem_mark", None) \
        or getattr(exc, "context_mark", None)
    if message is None:
        message = f"YAML 格式错误 / YAML syntax error: {(getattr(exc, 'problem', None) or str(exc)).strip()}"
    else:
        message = "YAML 格式错误：" + message
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    path = slips.field_at(text, line) if text and line else None
    return Problem(message, Location(name, line, column, path),
                   "请检查该行及上一行的缩进、冒号和引号。/ check indentation, colons and quotes around this line.",
                   "DG-YAML-SYNTAX")


_TYPED_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null"}


def _too_deep(name: str, line: Optional[int], column: Optional[int]) -> ValidationError:
    return ValidationError([Problem(f"嵌套层级过深（超过 {MAX_DEPTH} 层），这不像活动文件 / nested more than {MAX_DEPTH} levels deep",
                                    Location(name, line, column),
                                    "请检查这一行附近的缩进和括号 [ ] { } 是否配对。", "DG-YAML-TOO-DEEP")])


class _Builder:
    """Turns a composed YAML node graph into plain data, recording positions."""

    def __init__(self, name: str):
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.count = 0
        self.chars = 0
        self.depth = 0
        self._seen: set[int] = set()       # ids of collection nodes built once: a second visit is an alias
        self.expanded = False
        self._scalars = yaml.constructor.SafeConstructor()

    def _limit(self, path: PathKey, what: str, english: str) -> SourceError:
        location = self.source.locate(path)
        if self.expanded:
            return SourceError(f"文件内容经别名（*名称）展开后{what}，已拒绝处理 / {english} after alias expansion",
                               location=location, hint="请不要用 & 和 * 反复引用大段内容。", code="DG-YAML-TOO-LARGE")
        return SourceError(f"文件内容过多：{what}，已拒绝处理 / {english}", location=location,
                           hint="docgen 处理的是一次活动的文件；请把内容拆成多个文件。", code="DG-YAML-TOO-MANY-VALUES")

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._limit(path, f"超过 {MAX_NODES:,} 个值", f"more than {MAX_NODES:,} values")
        self.source.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _CORE_TAGS:
            self.problems.append(Problem(f"不支持的 YAML 标签 {node.tag}，出于安全原因不会处理 / unsupported tag",
                                         self.source.locate(path), "请删除以 ! 开头的标签。", "DG-YAML-TAG"))
            return None
        if id(node) in self._seen:
            self.expanded = True
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:   # aliases can nest a shallow file's anchors into each other
                raise _too_deep(self.source.file, node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        finally:
            self.depth -= 1

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        self.chars += len(node.value)
        if self.chars > MAX_TEXT_CHARS:
            raise self._limit(path, f"文字超过 {MAX_TEXT_CHARS:,} 个字符", f"more than {MAX_TEXT_CHARS:,} characters of text")
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates are checked (and parsed) by validation, not here
        if node.tag in _TYPED_TAGS and not node.style:
            self.source.typed[path] = node.value
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            # e.g. an integer of more digits than Python converts: keep the text; a field that
            # wants a number says so in validation.
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem("不支持“<<”合并键 / merge keys are not supported",
                                             Location(self.source.file, key_node.start_mark.line + 1,
                                                      key_node.start_mark.column + 1, format_path(path) or None),
                                             code="DG-YAML-MERGE-KEY"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem("字段名必须是文字 / keys must be plain text",
                                             Location(self.source.file, key_node.start_mark.line + 1,
                                                      key_node.start_mark.column + 1, format_path(path) or None),
                                             code="DG-YAML-KEY"))
                continue
            key = key_node.value
            child = path + (key,)
            self.source.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self.problems.append(Problem(f"字段“{key}”重复出现，后一个会覆盖前一个 / duplicate key",
                                             self.source.locate(child, key=True), "请删除或合并重复的字段。",
                                             "DG-YAML-DUPLICATE-KEY"))
            result[key] = self.build(value_node, child)
        return result


#: libyaml, when PyYAML was built with it.
_FAST_LOADER: Optional[type[yaml.CSafeLoader]] = getattr(yaml, "CSafeLoader", None)


class _BoundedLoader(yaml.SafeLoader):
    """The pure-Python loader, refusing nesting deeper than :data:`MAX_DEPTH` (it recurses per level)."""

    depth = 0

    def compose_node(self, parent: Optional[yaml.Node], index: Union[yaml.Node, int, None]) -> Optional[yaml.Node]:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                # types-PyYAML leaves the pure-Python Parser.peek_event unannotated (it returns an Event).
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _too_deep(self.name, mark.line + 1, mark.column + 1)
            # types-PyYAML declares ``index`` an int; PyYAML passes a mapping key's node (None at the root).
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


_INDENT = re.compile(r"^[ ]*(?:[-?:][ ]+)*", re.MULTILINE)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _within_bounds_surely(text: str) -> bool:
    """A cheap, conservative test that ``text`` can neither nest deeper than MAX_DEPTH nor hold
    more than MAX_NODES values: every level of nesting needs a bracket or two columns of
    indentation, every value an indicator or a line of its own.  False means "count properly"."""
    brackets = text.count("[") + text.count("{")
    indent = max(map(len, _INDENT.findall(text)), default=0)
    if brackets + 2 * (indent + 1) > MAX_DEPTH:
        return False
    separators = sum(text.count(c) for c in "\n,:-?[{")
    return 2 * separators + 2 <= MAX_NODES


def _check_structure(text: str, name: str) -> None:
    """Count values (mapping keys aside, as :class:`_Builder` counts them) and nesting in libyaml's
    event stream — flat, no recursion, no tree kept — and refuse a file past the bounds before
    anything is built.  Syntax errors are left to the parser proper."""
    expecting_key: list[Optional[bool]] = []     # per open collection: True/False for a mapping, None for a list
    values = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):   # called with libyaml only
            kind = type(event)
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                expecting_key.pop()
                continue
            if kind not in (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                continue
            is_key = bool(expecting_key) and expecting_key[-1] is True
            if expecting_key and expecting_key[-1] is not None:
                expecting_key[-1] = not expecting_key[-1]
            if not is_key:
                values += 1
                if values > MAX_NODES:
                    mark = event.start_mark   # None only in events made by hand, not the parser's
                    raise SourceError(f"文件内容过多：超过 {MAX_NODES:,} 个值，已拒绝处理 / more than {MAX_NODES:,} values",
                                      location=Location(name, mark.line + 1 if mark else None),
                                      hint="docgen 处理的是一次活动的文件；请把内容拆成多个文件。",
                                      code="DG-YAML-TOO-MANY-VALUES")
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                expecting_key.append(True if kind is yaml.MappingStartEvent else None)
                if len(expecting_key) > MAX_DEPTH:
                    mark = event.start_mark
                    raise _too_deep(name, mark.line + 1 if mark else None, mark.column + 1 if mark else None)
    except yaml.YAMLError:
        return


def _compose(text: str, name: str = "<string>") -> Optional[yaml.Node]:
    """The node graph of ``text``: libyaml when available (about 10x faster than pure Python, most
    of a batch's time per file), else — and for any text libyaml rejects — the pure-Python parser,
    so error messages are always its own.  Nesting and size are bounded before libyaml builds
    anything (it recurses per level, and a deep enough file crashes the process)."""
    if _FAST_LOADER is not None:
        if not _within_bounds_surely(text):
            _check_structure(text, name)
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    loader = _BoundedLoader(text)
    loader.name = name
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def control_character_problems(text: str, name: str) -> list[Problem]:
    """Problems for the characters YAML refuses (control characters, U+FFFE/U+FFFF, lone
    surrogates), each at its line and column with its code: what pasting from a web page or a PDF
    brings in, and what PyYAML reports only as a character offset."""
    problems = []
    for count, match in enumerate(yaml.reader.Reader.NON_PRINTABLE.finditer(text)):
        if count == MAX_REPORTED_CHARACTERS:
            rest = sum(1 for _ in yaml.reader.Reader.NON_PRINTABLE.finditer(text, match.start()))
            problems.append(Problem(f"另有 {rest} 处同类字符 / {rest} more such character(s)", Location(name),
                                    code="DG-YAML-CONTROL-CHARACTER"))
            break
        start = match.start()
        line = len(_LINE_BREAK.findall(text, 0, start)) + 1
        line_start = max(text.rfind(ch, 0, start) for ch in "\r\n\x85\u2028\u2029") + 1
        problems.append(Problem(
            f"含有不可见的控制字符 U+{ord(match.group()):04X}，YAML 文件中不允许 / contains the control character "
            f"U+{ord(match.group()):04X}, which YAML does not allow",
            Location(name, line, start - line_start + 1),
            "通常是从网页、PDF 或 Word 粘贴带来的，请删除该字符（可在编辑器中显示不可见字符）后重新输入。",
            "DG-YAML-CONTROL-CHARACTER"))
    return problems


def parse(text: str, name: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`SourceError`/:class:`ValidationError`.

    Slips typed on a Chinese keyboard (:mod:`docgen.slips`) are named at their own lines; the
    rest of the file is then read from a repaired copy, so its other problems are reported too.
    """
    bad = control_character_problems(text, name)
    if bad:   # before anything else: YAML refuses them, and a slip scan would misread the lines
        raise ValidationError(bad)
    found = slips.scan(text)
    if not found.slips:
        try:
            return _parse(text, name)
        except ValidationError as exc:
            if not any(p.code == "DG-YAML-SYNTAX" for p in exc.problems):
                raise
            found = slips.scan(text, thorough=True)     # what the syntax error may come from
            if not found.slips:
                raise
            return _parse_repaired(text, name, found, thorough=True)
    return _parse_repaired(text, name, found)


def _parse_repaired(text: str, name: str, found: slips.Scan, *, thorough: bool = False) -> Document:
    """Parse the copy of ``text`` with the slips ``found`` repaired: the slips, with the rest of the
    file's problems, at their places in ``text``."""
    try:
        document = _parse(found.text, name)
    except InputError as exc:
        if not thorough:     # what still breaks may be a slip named only where the YAML breaks ("- name:x")
            more = slips.scan(text, thorough=True)
            if len(more.slips) > len(found.slips):
                return _parse_repaired(text, name, more, thorough=True)
        others = [_shifted(p, found) for p in exc.problems if p.location.line not in found.lines]
        raise ValidationError(sorted(_slip_problems(found, name, text, None) + others,
                                     key=lambda p: (p.location.line or 0, p.location.column or 0))) from None
    for table in (document.source.values, document.source.keys):
        for path, (line, column) in table.items():
            if line in found.shifts:
                table[path] = (line, found.original_column(line, column))
    document.problems = _slip_problems(found, name, text, document.source)
    return document


def _parse(text: str, name: str) -> Document:
    try:
        node = _compose(text, name)
    except yaml.YAMLError as exc:
        raise ValidationError([_yaml_problem(exc, name, text)]) from None
    except RecursionError:   # a last resort: _BoundedLoader stops nesting long before this
        raise _too_deep(name, None, None) from None
    if node is None:
        raise SourceError("文件是空的 / the file is empty", location=Location(name),
                          hint="可运行 docgen init 生成一份带说明的示例文件。", code="DG-FILE-EMPTY")
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise ValidationError(builder.problems)
    if not isinstance(data, dict):
        raise SourceError("文件最外层应为“字段: 值”的映射（如 unit:、campaign:、tasks:）/ top level must be a mapping",
                          location=Location(name, node.start_mark.line + 1),
                          hint="可运行 docgen init 查看示例文件的结构。", code="DG-FILE-NOT-MAPPING")
    keep_typed_text(data, builder.source)
    return Document(data, builder.source)


# --- YAML 1.1 surprises in text fields ----------------------------------------------------------
#
# YAML 1.1 (what PyYAML reads) turns plain scalars such as 1:15 (→ 75, base 60), 010 (→ 8, octal),
# 0x1F (→ 31), 1_000, yes/no/on/off (→ booleans) into numbers and booleans.  In a field that holds
# text that is never what the user meant: such a field keeps exactly what was typed.  A field that
# takes text *or* a number (a target value) keeps a number only when its usual decimal form is
# what was typed (30, 2.5), and the text otherwise.

def _text_kinds(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _as_typed(value: Any, typed: str, types: list[str]) -> Any:
    if "string" not in types or value is None:
        return value
    if isinstance(value, bool) or not types or types == ["string"]:
        return typed
    if isinstance(value, (int, float)) and ("number" in types or "integer" in types) and str(value) == typed:
        return value
    return typed


def keep_typed_text(data: Any, source: SourceMap, schema: Optional[dict[str, Any]] = None) -> Any:
    """Put back what was typed (``source.typed``) for numbers and booleans YAML 1.1 made of plain
    scalars in fields the campaign schema types as text; ``data`` is changed in place and returned."""
    if not source.typed:
        return data
    if schema is None:
        from .schema import load_schema   # here, not at the top: schema imports this module

        schema = load_schema()
    root = schema

    def walk(value: Any, schema: dict[str, Any], path: PathKey) -> Any:
        schema = _text_kinds(schema, root)
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for key in value:
                if key in properties:
                    value[key] = walk(value[key], properties[key], path + (key,))
            return value
        if isinstance(value, list):
            items = schema.get("items")
            if isinstance(items, dict):
                for i, item in enumerate(value):
                    value[i] = walk(item, items, path + (i,))
            return value
        typed = source.typed.get(path)
        if typed is None:
            return value
        types = schema.get("type")
        return _as_typed(value, typed, types if isinstance(types, list) else [types] if types else [])

    return walk(data, schema, ())


def _shifted(problem: Problem, found: slips.Scan) -> Problem:
    """``problem`` found in the repaired text, at its column in the original."""
    where = problem.location
    if where.line in found.shifts and where.column is not None:
        where = Location(where.file, where.line, found.original_column(where.line, where.column), where.path)
    return Problem(problem.message, where, problem.hint, problem.code)


def _path_at(candidates: list[tuple[int, int, PathKey]], slip: slips.Slip) -> Optional[str]:
    """The field a slip is in: the first value or key at or after it on its line (after it, for a
    list dash: the item), the deepest there (the key rather than the mapping it opens), or
    the shallowest after a dash (the item rather than its first key)."""
    dash = slip.code == "DG-SLIP-LIST-DASH"
    after = [c for c in candidates if (c[0] > slip.column if dash else c[0] >= slip.column)]
    pool = after or sorted(candidates)[-1:]
    if not pool:
        return None
    first = min(c[0] for c in pool)
    at = [c for c in pool if c[0] == first]
    return format_path((min if dash else max)(at, key=lambda c: c[1])[2])


def _slip_problems(found: slips.Scan, name: str, text: str, source: Optional[SourceMap]) -> list[Problem]:
    on_line: dict[int, list[tuple[int, int, PathKey]]] = {}
    if source is not None:
        wanted = found.lines
        for table in (source.values, source.keys):
            for path, (line, column) in table.items():
                if line in wanted and path:
                    on_line.setdefault(line, []).append((column, len(path), path))
    problems = []
    for slip in found.slips:
        field = _path_at(on_line.get(slip.line, []), slip) or slips.field_at(text, slip.line)
        problems.append(Problem(slip.message, Location(name, slip.line, slip.column, field or slip.key),
                                slip.hint, slip.code))
    return problems


def load_document(path: Union[str, os.PathLike[str]]) -> Document:
    """Read and parse a campaign file (no validation yet)."""
    return parse(read_text(path), str(path))


def node_location(source: Optional[SourceMap], path: PathKey) -> Location:
    """Location for ``path`` in ``source`` (or just the field path when there is no source)."""
    return source.locate(path) if source else Location(path=format_path(path))
