"""Stage 2a: validate campaign data against ``schemas/campaign.schema.json``.

The schema file is the single source of truth.  This module implements the
draft-07 subset the schema uses (type, properties, required,
additionalProperties, items, minItems, minLength, enum, pattern, format: date,
$ref) so it can speak to office staff: messages are Chinese first, use each
field's Chinese ``title``, and suggest the closest key for a misspelt one.
Every problem is collected; nothing stops at the first.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import unicodedata
from functools import lru_cache
from typing import Any, Optional

from .errors import Location, Problem
from .loader import PathKey, SourceMap, format_path, node_location
from .resources import schema_path
from .slips import quoted

#: A JSON Schema (or a part of one), as loaded from the schema file.
Schema = dict[str, Any]

_TYPE_NAMES = {
    "string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否",
    "array": "列表（以“- ”开头的多行）", "object": "“字段: 值”的映射", "null": "空值",
}


@lru_cache(maxsize=None)
def load_schema() -> Schema:
    """The campaign schema as a dict."""
    schema: Schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _matches_type(value: Any, expected: str) -> bool:
    actual = _type_of(value)
    return actual == expected or (expected == "number" and actual == "integer")


def parse_date(text: str) -> Optional[_dt.date]:
    """'2026-03-05' → date, or None when the date does not exist or is malformed."""
    try:
        return _dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


# Dates as people type them: 2026年5月1日, 2026.5.1, 2026/05/01, 2026-4-30, full-width digits.
_LOOSE_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _loose_date(text: str) -> Optional[re.Match[str]]:
    loose = unicodedata.normalize("NFKC", text).strip()
    return _LOOSE_DATE.fullmatch(loose) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", loose)


def iso_date(text: str) -> Optional[str]:
    """The ISO form (``2026-05-01``) of a date typed another way (``2026年5月1日``, ``2026.5.1``,
    ``２０２６－０５－０１``, ``20260501``): exactly what ``docgen validate`` asks to write
    (``DG-SCHEMA-DATE-FORM``); None when ``text`` names no date that exists."""
    match = _loose_date(text)
    if not match:
        return None
    year, month, day = (int(x) for x in match.groups())
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_problem(text: str, key: str) -> Optional[tuple[str, str, Optional[str]]]:
    """``(code, message, hint)`` when ``text`` is not an ISO date that exists.

    Dates written another way are not guessed into the data: the message gives the exact ISO
    form to write (the documents print it as 2026年5月1日 either way)."""
    match = _loose_date(text)
    if not match:
        return ("DG-SCHEMA-DATE", f"“{text}”不是日期，应写成 YYYY-MM-DD，例如 2026-03-05 / expected a date like 2026-03-05",
                f"例如 / e.g.: {key}: 2026-03-05（文档中印为“2026年3月5日”）")
    year, month, day = (int(x) for x in match.groups())
    if not 1 <= month <= 12:
        return "DG-SCHEMA-DATE", f"日期“{text}”不存在：没有 {month} 月 / no such month", None
    try:
        _dt.date(year, month, day)
    except ValueError:
        return "DG-SCHEMA-DATE", f"日期“{text}”不存在：{year}年{month}月没有{day}日 / no such day", None
    iso = f"{year}-{month:02d}-{day:02d}"
    if text == iso:
        return None
    return ("DG-SCHEMA-DATE-FORM",
            f"日期“{text}”应写成 {iso}（年-月-日，月、日写两位）/ write the date as {iso}",
            f"请改为 / change it to: {key}: {iso}（文档中印为“{year}年{month}月{day}日”）")


#: Lists of names (units, organs, attachment kinds): a '，' inside an item is a slip, not text.
NAME_LISTS = frozenset({"owners", "recipients", "cc", "attachments"})
_FULLWIDTH_BRACKETS = {"【": "】", "［": "］", "｛": "｝", "〔": "〕", "（": "）"}
_SEPARATORS = re.compile(r"\s*[，,、；;]\s*")


def _scalar_example(schema: Schema) -> str:
    examples = schema.get("examples")
    if examples and not isinstance(examples[0], (dict, list)):
        return str(examples[0])
    if schema.get("format") == "date":
        return "2026-03-05"
    if schema.get("enum"):
        return str(schema["enum"][0])
    found = re.search(r"如“([^”]{1,40})”", schema.get("description", ""))
    if found:
        return found.group(1)
    return f"（{schema.get('title', '内容')}）"


class _Validator:
    def __init__(self, schema: Schema, source: Optional[SourceMap]):
        self.root = schema
        self.source = source
        self.problems: list[Problem] = []

    def _resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            ref = schema["$ref"]
            target: Any = self.root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def _add(self, path: PathKey, code: str, message: str, hint: Optional[str] = None, *, key: bool = False,
             shift: int = 0, field: Optional[PathKey] = None) -> None:
        """Report a problem at ``path`` (``shift`` columns further along the value; naming
        ``field`` instead of ``path``, e.g. a missing field at its parent's line)."""
        location = self.source.locate(path, key=key) if self.source else node_location(None, path)
        column = location.column
        if shift and column is not None and location.path == format_path(path):
            column += shift
        shown = format_path(field) if field is not None else location.path
        self.problems.append(Problem(message, Location(location.file, location.line, column, shown), hint, code))

    def _label(self, schema: Schema, name: str) -> str:
        title = self._resolve(schema).get("title")
        return f"“{name}”（{title}）" if title else f"“{name}”"

    # --- examples of the expected shape, from the schema's own examples -----------------------
    def example(self, schema: Schema, name: Optional[str], indent: int = 0, depth: int = 0) -> list[str]:
        """YAML lines showing what ``schema`` expects under key ``name`` (a list item when None)."""
        schema = self._resolve(schema)
        kind = schema.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        pad = " " * indent
        head = f"{pad}{name}:" if name is not None else None
        if kind == "object" and depth < 3:
            lines = self._fields(schema, indent + (2 if name is not None else 0), depth)
            if name is None:
                return [f"{pad}- {lines[0].lstrip()}"] + lines[1:] if lines else [f"{pad}- {{}}"]
            return [head] + lines if head else lines
        if kind == "array" and depth < 3:
            items = self._resolve(schema.get("items", {}))
            if items.get("type") == "object":
                lines = self._fields(items, indent + 4, depth + 1)
                first = [f"{pad}  - {lines[0].lstrip()}"] + lines[1:] if lines else []
                return ([head] if head else []) + first
            examples = schema.get("examples")
            values = examples[0][:2] if examples and isinstance(examples[0], list) else [_scalar_example(items)]
            return ([head] if head else []) + [f"{pad}  - {v}" for v in values]
        value = _scalar_example(schema)
        return [f"{head} {value}"] if head else [f"{pad}- {value}"]

    def _fields(self, schema: Schema, indent: int, depth: int) -> list[str]:
        properties: Schema = schema.get("properties", {})
        names = [n for n in schema.get("required", []) if n in properties] or list(properties)[:1]
        lines: list[str] = []
        for name in names:
            lines += self.example(properties[name], name, indent, depth + 1)
        return lines

    def _shape(self, schema: Schema, path: PathKey) -> str:
        name = path[-1] if path and isinstance(path[-1], str) else None
        lines = self.example(schema, name, 2)
        return "应写成这样 / expected shape:\n" + "\n".join(lines)

    # --- validation -------------------------------------------------------------------------
    def validate(self, value: Any, schema: Schema, path: PathKey, *, required: bool = False) -> None:
        schema = self._resolve(schema)
        expected = schema.get("type")
        if expected is not None:
            options = expected if isinstance(expected, list) else [expected]
            if not any(_matches_type(value, t) for t in options):
                self._type_problem(value, schema, options, path, required)
                return
        if isinstance(value, dict):
            self._object(value, schema, path)
        elif isinstance(value, list):
            self._array(value, schema, path)
        elif isinstance(value, str):
            if not self._string(value, schema, path, required):
                return
        if "enum" in schema and value not in schema["enum"]:
            allowed = "、".join(str(v) for v in schema["enum"])
            self._add(path, "DG-SCHEMA-ENUM", f"“{value}”不是可选值，只能是：{allowed} / must be one of: {allowed}")

    def _type_problem(self, value: Any, schema: Schema, options: list[str], path: PathKey, required: bool) -> None:
        name = path[-1] if path else None
        if value is None or (value == "" and "string" not in options):
            self._empty(schema, path, required)
            return
        if schema.get("format") == "date" and isinstance(value, (int, float)):
            problem = _date_problem(str(value), str(name))
            if problem:
                self._add(path, *problem)
            return
        got = _type_of(value)
        if isinstance(value, str) and ("array" in options or "object" in options) and self._bracket_slip(value, schema, path):
            return
        if options == ["string"] and isinstance(value, dict) and len(value) == 1 and self._colon_slip(value, path):
            return
        if isinstance(value, str) and "object" in options and self._space_slip(value, schema, path):
            return
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in options)
        hint = self._shape(schema, path)
        if isinstance(value, str) and "array" in options and _SEPARATORS.search(value):
            parts = [p for p in _SEPARATORS.split(value.strip("[]【】［］ ")) if p]
            hint += f"\n或写在一行 / or on one line: {name}: [{', '.join(parts)}]" if isinstance(name, str) else ""
        self._add(path, "DG-SCHEMA-TYPE",
                  f"应为{wanted}，实际是{_TYPE_NAMES.get(got, got)} / expected {' or '.join(options)}, got {got}", hint)

    def _empty(self, schema: Schema, path: PathKey, required: bool) -> None:
        name = path[-1] if path else None
        if isinstance(name, int):
            self._add(path, "DG-SCHEMA-EMPTY", f"第 {name + 1} 项是空的 / item {name + 1} is empty",
                      "请在“- ”后面填写内容，或删除这一项。/ fill in the item, or delete it.")
            return
        label = self._label(schema, str(name))
        example = "\n".join(self.example(schema, name, 2))
        if required:
            self._add(path, "DG-SCHEMA-EMPTY", f"必填字段{label}没有填写 / required field {name!r} is empty",
                      f"请在冒号后面填写，例如 / fill it in, e.g.:\n{example}")
        else:
            self._add(path, "DG-SCHEMA-EMPTY", f"{label}没有填写内容 / {name!r} is empty",
                      f"请填写内容，例如 / fill it in, e.g.:\n{example}\n"
                      "这一项是可选的，不需要时也可以删除这一行。/ it is optional: delete the line if not needed.")

    def _bracket_slip(self, value: str, schema: Schema, path: PathKey) -> bool:
        text = value.strip()
        close = _FULLWIDTH_BRACKETS.get(text[:1])
        if not close or not text.endswith(close):
            return False
        name = path[-1] if path and isinstance(path[-1], str) else "…"
        inner = [p for p in _SEPARATORS.split(text[1:-1].strip()) if p]
        kinds = schema.get("type")
        if "array" in (kinds if isinstance(kinds, list) else [kinds]):
            fix = f"{name}: [{', '.join(inner)}]"
        else:
            fix = f"{name}: {{{text[1:-1].replace('：', ': ').replace('，', ', ')}}}"
        self._add(path, "DG-SLIP-BRACKET",
                  f"用了中文括号“{text[0]}{close}”，YAML 只认英文括号 [ ] 和 {{ }}，整段被当成了文字 / "
                  f"full-width brackets make this text, not a list",
                  f"请切换到英文（半角）输入，写成 / write: {fix}")
        return True

    def _space_slip(self, value: str, schema: Schema, path: PathKey) -> bool:
        match = re.match(r"([A-Za-z_][A-Za-z0-9_-]*):(?=\S)", value)
        if not match or match.group(1) not in schema.get("properties", {}):
            return False
        key = match.group(1)
        self._add(path, "DG-SLIP-MISSING-SPACE",
                  f"“{key}:”后面少了一个空格，YAML 把“{value}”整个当成了文字 / no space after '{key}:', so it reads as text",
                  f"请写成“{key}: {value[match.end():].lstrip('　')}”（英文冒号后加一个半角空格）。/ write '{key}: ' with an ordinary space.",
                  shift=len(key) + 1)
        return True

    def _colon_slip(self, value: dict[str, Any], path: PathKey) -> bool:
        key, item = next(iter(value.items()))
        if not isinstance(item, (str, int, float)) and item is not None:
            return False
        text = f"{key}: {item}" if item is not None else f"{key}:"
        lead = "- " if path and isinstance(path[-1], int) else f"{path[-1]}: " if path else ""
        self._add(path, "DG-SLIP-COLON-IN-VALUE",
                  f"“{text}”里有英文冒号加空格“: ”，被读成了“字段: 值” / ': ' made this a key and a value",
                  f"请给整个值加英文引号：{lead}{quoted(text)}，或改用中文冒号：{lead}{key}：{item if item is not None else ''}"
                  " / quote the whole value, or use a full-width '：'.", shift=len(str(key)))
        return True

    def _object(self, value: dict[str, Any], schema: Schema, path: PathKey) -> None:
        properties: Schema = schema.get("properties", {})
        required = schema.get("required", [])
        closed = schema.get("additionalProperties") is False
        # a misspelt key: one message ("did you mean"), not a second one for the field it misses
        meant: dict[str, Optional[str]] = {
            name: next(iter(difflib.get_close_matches(str(name), list(properties), n=1, cutoff=0.5)), None)
            for name in value if name not in properties and closed}
        for name in required:
            if name not in value and name not in meant.values():
                label = self._label(properties.get(name, {}), name)
                if not path:
                    where = "请在文件中顶格添加，例如 / add it at the top level, e.g.:"
                elif isinstance(path[-1], str):
                    where = f"请在“{path[-1]}:”下面添加，例如 / add it under '{path[-1]}:', e.g.:"
                else:
                    where = "请在这一项中添加，例如 / add it to this item, e.g.:"
                example = "\n".join(self.example(properties.get(name, {}), name, 2))
                self._add(path, "DG-SCHEMA-REQUIRED", f"缺少必填字段{label} / missing required field {name!r}",
                          f"{where}\n{example}", key=True, field=path + (name,))
        for name, item in value.items():
            if name in properties:
                self.validate(item, properties[name], path + (name,), required=name in required)
            elif closed:
                close = meant[name]
                if close:
                    must = "（必填）" if close in required and close not in value else ""
                    hint = f"是否想写“{close}”{must}？/ did you mean {close!r}?"
                else:
                    hint = f"此处可用的字段：{'、'.join(properties)} / fields allowed here: {', '.join(properties)}"
                self._add(path + (name,), "DG-SCHEMA-UNKNOWN-FIELD", f"未知字段“{name}” / unknown field {name!r}",
                          hint, key=True)

    def _array(self, value: list[Any], schema: Schema, path: PathKey) -> None:
        minimum = schema.get("minItems")
        if minimum is not None and len(value) < minimum:
            self._add(path, "DG-SCHEMA-MIN-ITEMS", f"至少需要 {minimum} 项 / needs at least {minimum} item(s)",
                      self._shape(schema, path))
        items = schema.get("items")
        if not isinstance(items, dict):
            return
        names = bool(path) and path[-1] in NAME_LISTS
        for i, item in enumerate(value):
            if names and isinstance(item, str) and "，" in item:
                self._comma_slip(value, i, path)
                continue
            self.validate(item, items, path + (i,))

    def _comma_slip(self, value: list[Any], index: int, path: PathKey) -> None:
        item = value[index]
        parts = [p.strip() for v in value for p in (v.split("，") if isinstance(v, str) else [str(v)]) if p.strip()]
        self._add(path + (index,), "DG-SLIP-LIST-COMMA",
                  f"“{item}”中间是中文逗号“，”，会被当成一项 / the full-width '，' makes this one item",
                  f"如果是{len(item.split('，'))}项，请用英文逗号分隔：{path[-1]}: [{', '.join(parts)}]，"
                  f"或分行写成“- {parts[0]}”。/ separate items with a half-width ',', or write one '- ' line each.",
                  shift=item.index("，"))

    def _string(self, value: str, schema: Schema, path: PathKey, required: bool) -> bool:
        """Check a string; False when a problem was reported that makes further checks pointless."""
        minimum = schema.get("minLength")
        if not value.strip() or (minimum is not None and len(value.strip()) < minimum):
            self._empty(schema, path, required)
            return False
        if schema.get("format") == "date":
            problem = _date_problem(value, str(path[-1]) if path else "date")
            if problem:
                self._add(path, *problem)
            return False
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, value):
            description = schema.get("description", "")
            self._add(path, "DG-SCHEMA-PATTERN", f"“{value}”格式不对 / does not match {pattern}", description or None)
            return False
        return True


def validate_data(data: Any, source: Optional[SourceMap] = None, schema: Optional[Schema] = None) -> list[Problem]:
    """All schema problems in ``data`` (empty list when valid)."""
    validator = _Validator(schema or load_schema(), source)
    validator.validate(data, validator.root, ())
    return validator.problems

