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
from functools import lru_cache
from typing import Any, Optional

from .errors import Problem
from .loader import PathKey, SourceMap, node_location
from .resources import schema_path

_TYPE_NAMES = {
    "string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否",
    "array": "列表（以“- ”开头的多行）", "object": "“字段: 值”的映射", "null": "空值",
}


@lru_cache(maxsize=None)
def load_schema() -> dict:
    """The campaign schema as a dict."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


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


def _ascii_date(text: str) -> str:
    """２０２６－０３－０５ (full-width, or any script's digits) → 2026-03-05."""
    import unicodedata

    return unicodedata.normalize("NFKC", "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text))


def _date_problem(text: str) -> Optional[str]:
    if not text.isascii() and any(c.isdigit() for c in text):
        plain = _ascii_date(text)
        if plain.isascii() and _date_problem(plain) is None:
            return f"日期“{text}”用了全角（或非 ASCII）数字，请改为半角：{plain} / use ASCII digits: {plain}"
    if not re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", text):
        return f"“{text}”不是日期，应写成 YYYY-MM-DD，例如 2026-03-05 / expected a date like 2026-03-05"
    year, month, day = (int(x) for x in text.split("-"))
    if not 1 <= month <= 12:
        return f"日期“{text}”不存在：没有 {month} 月 / no such month"
    try:
        _dt.date(year, month, day)
    except ValueError:
        return f"日期“{text}”不存在：{year}年{month}月没有{day}日 / no such day"
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return f"日期“{text}”应写成两位月、日，例如 {year}-{month:02d}-{day:02d} / use two-digit month and day"
    return None


class _Validator:
    def __init__(self, schema: dict, source: Optional[SourceMap]):
        self.root = schema
        self.source = source
        self.problems: list[Problem] = []

    def _resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            ref = schema["$ref"]
            target: Any = self.root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def _add(self, path: PathKey, message: str, hint: Optional[str] = None, *, key: bool = False) -> None:
        location = self.source.locate(path, key=key) if self.source else node_location(None, path)
        self.problems.append(Problem(message, location, hint))

    def _label(self, schema: dict, name: str) -> str:
        title = self._resolve(schema).get("title")
        return f"“{name}”（{title}）" if title else f"“{name}”"

    def validate(self, value: Any, schema: dict, path: PathKey) -> None:
        schema = self._resolve(schema)
        expected = schema.get("type")
        if expected is not None:
            options = expected if isinstance(expected, list) else [expected]
            if not any(_matches_type(value, t) for t in options):
                wanted = "或".join(_TYPE_NAMES.get(t, t) for t in options)
                got = _TYPE_NAMES.get(_type_of(value), _type_of(value))
                hint = "如需留空，请删除这一行。" if value is None else None
                self._add(path, f"应为{wanted}，实际是{got} / expected {' or '.join(options)}", hint)
                return
        if isinstance(value, dict):
            self._object(value, schema, path)
        elif isinstance(value, list):
            self._array(value, schema, path)
        elif isinstance(value, str):
            self._string(value, schema, path)
        if "enum" in schema and value not in schema["enum"]:
            allowed = "、".join(str(v) for v in schema["enum"])
            self._add(path, f"“{value}”不是可选值，只能是：{allowed} / must be one of: {allowed}")

    def _object(self, value: dict, schema: dict, path: PathKey) -> None:
        properties: dict = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                label = self._label(properties.get(name, {}), name)
                self._add(path, f"缺少必填字段{label} / missing required field {name!r}",
                          f"请在此处添加“{name}:”。")
        for name, item in value.items():
            if name in properties:
                self.validate(item, properties[name], path + (name,))
            elif schema.get("additionalProperties") is False:
                close = difflib.get_close_matches(str(name), list(properties), n=1, cutoff=0.5)
                known = "、".join(properties)
                if close:
                    hint = f"是否想写“{close[0]}”？/ did you mean {close[0]!r}?"
                else:
                    hint = f"此处可用的字段：{known}"
                self._add(path + (name,), f"未知字段“{name}” / unknown field {name!r}", hint, key=True)

    def _array(self, value: list, schema: dict, path: PathKey) -> None:
        minimum = schema.get("minItems")
        if minimum is not None and len(value) < minimum:
            self._add(path, f"至少需要 {minimum} 项 / needs at least {minimum} item(s)")
        items = schema.get("items")
        if isinstance(items, dict):
            for i, item in enumerate(value):
                self.validate(item, items, path + (i,))

    def _string(self, value: str, schema: dict, path: PathKey) -> None:
        minimum = schema.get("minLength")
        if minimum is not None and len(value.strip()) < minimum:
            self._add(path, "不能为空 / must not be empty", "请填写内容，或删除这一行。")
            return
        if schema.get("format") == "date":
            message = _date_problem(value)
            if message:
                self._add(path, message)
            return
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, value):
            description = schema.get("description", "")
            self._add(path, f"“{value}”格式不对 / does not match {pattern}", description or None)


def validate_data(data: Any, source: Optional[SourceMap] = None, schema: Optional[dict] = None) -> list[Problem]:
    """All schema problems in ``data`` (empty list when valid)."""
    validator = _Validator(schema or load_schema(), source)
    validator.validate(data, validator.root, ())
    return validator.problems
