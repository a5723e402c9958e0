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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import yaml

from . import slips
from .errors import InputError, Location, Problem, SourceError, ValidationError

PathKey = tuple[Union[str, int], ...]  # ("tasks", 2, "owners")

MAX_FILE_BYTES = 10 * 1024 * 1024
# Values built after alias expansion; far above any real campaign, far below a "billion laughs" blow-up.
MAX_NODES = 200_000

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


def read_text(path: Union[str, os.PathLike]) -> str:
    """Read a campaign file as text, accepting UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise SourceError("找不到文件 / file not found", location=Location(name),
                          hint="请检查文件名和路径是否正确。", code="DG-FILE-NOT-FOUND")
    if p.is_dir():
        raise SourceError("这是一个文件夹，不是 YAML 文件 / this is a directory, not a YAML file",
                          location=Location(name), hint="请指定一个 .yaml 文件。", code="DG-FILE-IS-DIRECTORY")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"文件过大（{size // 1024} KB），上限 {MAX_FILE_BYTES // 1024 // 1024} MB / file too large",
                              location=Location(name), code="DG-FILE-TOO-LARGE")
        raw = p.read_bytes()
    except OSError as exc:
        raise SourceError(f"无法读取文件：{exc.strerror} / cannot read file", location=Location(name),
                          code="DG-FILE-UNREADABLE") from None
    return decode(raw, name)


def decode(raw: bytes, name: str = "<string>") -> str:
    """Decode file bytes; Windows tools often save GBK/GB18030 or UTF-8 with a BOM."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise SourceError("这不是文本文件（含有二进制内容）/ not a text file (binary content)",
                          location=Location(name), hint="请用记事本或 VS Code 等编辑器另存为 UTF-8 编码的 YAML 文件。",
                          code="DG-FILE-BINARY")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
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


class _Builder:
    """Turns a composed YAML node graph into plain data, recording positions."""

    def __init__(self, name: str):
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.count = 0
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError("文件内容展开后过大（别名/锚点引用过多），已拒绝处理 / too many values after alias expansion",
                              location=self.source.locate(path), hint="请不要用 & 和 * 反复引用大段内容。",
                              code="DG-YAML-TOO-LARGE")
        self.source.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _CORE_TAGS:
            self.problems.append(Problem(f"不支持的 YAML 标签 {node.tag}，出于安全原因不会处理 / unsupported tag",
                                         self.source.locate(path), "请删除以 ! 开头的标签。", "DG-YAML-TAG"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates are checked (and parsed) by validation, not here
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            self.problems.append(Problem(f"无法识别的值 / unreadable value: {exc}", self.source.locate(path),
                                         code="DG-YAML-VALUE"))
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict:
        result: dict = {}
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


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)   # libyaml, when PyYAML was built with it


def _compose(text: str) -> Optional[yaml.Node]:
    """The node graph of ``text``: libyaml when available (about 10x faster than pure Python, most
    of a batch's time per file), else — and for any text libyaml rejects or that holds characters
    the Python reader refuses — the pure-Python parser, so error messages are always its own."""
    if _FAST_LOADER is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse(text: str, name: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`; raise :class:`SourceError`/:class:`ValidationError`.

    Slips typed on a Chinese keyboard (:mod:`docgen.slips`) are named at their own lines; the
    rest of the file is then read from a repaired copy, so its other problems are reported too.
    """
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
    try:
        document = _parse(found.text, name)
    except InputError as exc:
        others = [_shifted(p, found) for p in exc.problems if p.location.line not in found.lines]
        raise ValidationError(_slip_problems(found, name, text, None) + others) from None
    for table in (document.source.values, document.source.keys):
        for path, (line, column) in table.items():
            if line in found.shifts:
                table[path] = (line, found.original_column(line, column))
    document.problems = _slip_problems(found, name, text, document.source)
    return document


def _parse(text: str, name: str) -> Document:
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        raise ValidationError([_yaml_problem(exc, name, text)]) from None
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
    return Document(data, builder.source)


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


def load_document(path: Union[str, os.PathLike]) -> Document:
    """Read and parse a campaign file (no validation yet)."""
    return parse(read_text(path), str(path))


def node_location(source: Optional[SourceMap], path: PathKey) -> Location:
    """Location for ``path`` in ``source`` (or just the field path when there is no source)."""
    return source.locate(path) if source else Location(path=format_path(path))
