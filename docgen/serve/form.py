"""The form, generated from ``campaign.schema.json``: one field description per schema node.

:func:`form_spec` walks the schema (resolving ``$ref``) and describes each node as a widget the
browser builds (``object``, ``array``, ``text``, ``textarea``, ``date``, ``select``, ``number``,
``text_or_number``, ``checkbox``; ``raw`` for a construct the form cannot edit, whose value is kept
as it is).  Titles, descriptions, examples, required fields, enums and minimum counts all come from
the schema, so a schema change (a field made optional, a new ``type`` enum) changes the form.

:func:`to_data` is the way back: what the browser holds (every field, blanks included) becomes
campaign data shaped like a hand-written file — blank optional fields and untouched optional
sections left out, blank *required* fields kept as ``""`` so docgen's validator reports them at
the field itself, numbers typed into a number field turned back into numbers.
:func:`to_values` goes the other way, for a file that is opened.

:func:`tidy`, which :func:`to_data` applies first, takes in what a Chinese keyboard gives where
the fix is certain: a date docgen would ask to be written as ISO (``2026年5月1日`` → ``2026-05-01``,
the very suggestion of ``DG-SCHEMA-DATE-FORM``), names in one row of a list of names split at
``，`` ``,`` ``；`` ``;`` (never part of a name, ``DG-SLIP-LIST-COMMA``), full-width digits and
``％`` in a number or target value, full-width spaces around a value.  It says what it did, so
the page shows the value that is saved; a ``、`` in such a row (also inside names such as
各县（市、区）教育局) is only pointed out, with the split one click away.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any, Optional

# A string is prose (a multi-line box) when its title or description speaks of a paragraph, a
# sentence or "content"; names, titles and codes are one line.
_PROSE = re.compile("(?<!阶)段|句话|内容")
_LEADING_FLAG = re.compile(r"^(必填|可选)[。.]\s*")
_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
_MAX_DEPTH = 12

#: A JSON Schema node, as parsed from campaign.schema.json.
Schema = dict[str, Any]
#: One field description (JSON for the browser): ``key``, ``title``, ``type``, ``fields`` …
FieldSpec = dict[str, Any]
#: What :func:`tidy` did at one field (JSON for the browser): a change ``{"path", "from", "to",
#: "note"}`` (``note`` None when only spaces went), or a hint ``{"path", "from", "hint", "split"}``.
Tidied = dict[str, Any]


class _Walker:
    def __init__(self, root: Schema):
        self.root = root

    def resolve(self, schema: Schema, seen: tuple[str, ...] = ()) -> tuple[Schema, tuple[str, ...]]:
        """``schema`` with its ``$ref`` merged in (sibling keywords win, as docgen's validator does)."""
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:          # a recursive definition: stop here, keep the value as it is
                return {"title": schema.get("title"), "description": schema.get("description"), "_cycle": True}, seen
            seen = seen + (ref,)
            target: Any = self.root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema, seen

    def node(self, schema: Schema, key: Optional[str], required: bool, seen: tuple[str, ...] = (),
             depth: int = 0) -> FieldSpec:
        schema, seen = self.resolve(schema, seen)
        description = schema.get("description") or ""
        spec: dict[str, Any] = {
            "key": key,
            "title": schema.get("title") or key or "",
            "description": _LEADING_FLAG.sub("", description),
            "required": required,
        }
        types = schema.get("type")
        types = types if isinstance(types, list) else [types] if types else []
        if schema.get("_cycle") or depth > _MAX_DEPTH or any(k in schema for k in ("anyOf", "oneOf", "allOf")):
            spec["type"] = "raw"
        elif "enum" in schema:
            spec["type"] = "select"
            spec["options"] = [{"value": v, "label": _enum_label(v, description)} for v in schema["enum"]]
        elif "object" in types:
            spec["type"] = "object"
            needed = set(schema.get("required", []))
            spec["fields"] = [self.node(sub, name, name in needed, seen, depth + 1)
                              for name, sub in schema.get("properties", {}).items()]
        elif "array" in types:
            spec["type"] = "array"
            spec["min_items"] = schema.get("minItems", 0)
            items = schema.get("items")
            spec["item"] = (self.node(items, None, True, seen, depth + 1) if isinstance(items, dict)
                            else {"type": "raw", "key": None, "title": "", "description": "", "required": True})
            # Items of a shared definition ("人员", "要点") are named after their list ("组长 1", "基本原则 1").
            shared = isinstance(items, dict) and "$ref" in items
            spec["item_label"] = spec["title"] if shared or not spec["item"]["title"] else spec["item"]["title"]
            examples = schema.get("examples") or []
            if examples and isinstance(examples[0], list) and examples[0] and "placeholder" not in spec["item"]:
                spec["item"]["placeholder"] = f"例如：{examples[0][0]}"
        elif "string" in types and any(t in types for t in ("number", "integer")):
            spec["type"] = "text_or_number"
        elif "string" in types:
            if schema.get("format") == "date":
                spec["type"] = "date"
            elif _PROSE.search(spec["title"]) or _PROSE.search(description):
                spec["type"] = "textarea"
            else:
                spec["type"] = "text"
        elif "integer" in types or "number" in types:
            spec["type"] = "number"
        elif "boolean" in types:
            spec["type"] = "checkbox"
        else:
            spec["type"] = "raw"
        if "pattern" in schema:
            spec["pattern"] = schema["pattern"]
        examples = schema.get("examples") or []
        if examples and isinstance(examples[0], (str, int, float)) and not isinstance(examples[0], bool):
            spec["placeholder"] = "例如：" + "、".join(str(e) for e in examples[:2])
        if "default" in schema and not isinstance(schema["default"], (dict, list)):
            spec["default"] = schema["default"]
        return spec


def _enum_label(value: Any, description: str) -> str:
    """``members（领导小组成员名单）`` in the description labels the enum value ``members``."""
    match = re.search(re.escape(str(value)) + r"\s*[（(]([^）)]+)[）)]", description)
    if not match:
        return str(value)
    label = re.split("[，；,;]", match.group(1))[0]     # "动员大会、部署会，讲为什么干…" → the names only
    return f"{label}（{value}）"


def form_spec(schema: Schema) -> FieldSpec:
    """The form for ``schema``: a tree of field descriptions (see the module docstring)."""
    return _Walker(schema).node(schema, None, True)


@lru_cache(maxsize=None)
def campaign_form() -> FieldSpec:
    """The form for docgen's campaign schema (read through :func:`docgen.resources.schema_path`)."""
    import json

    from ..resources import schema_path

    return form_spec(json.loads(schema_path().read_text(encoding="utf-8")))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_OMIT = object()


def _shape(spec: FieldSpec, value: Any, keep: bool) -> Any:
    """Campaign data for one node, or ``_OMIT``.  ``keep``: the node must appear (it is required
    and its parent appears), so a blank string stays ``""`` and an empty section stays ``{}``."""
    kind = spec["type"]
    if kind == "object":
        if not isinstance(value, dict):
            if not keep:
                return _OMIT
            value = {}
        out: dict[str, Any] = {}
        for field in spec["fields"]:
            if field["key"] in value:
                shaped = _shape(field, value[field["key"]], False)
                if shaped is not _OMIT:
                    out[field["key"]] = shaped
        if not out and not keep:
            return _OMIT
        for field in spec["fields"]:     # a section in use: its required fields appear, blank or not
            if field["required"] and field["key"] not in out:
                shaped = _shape(field, value.get(field["key"]), True)
                if shaped is not _OMIT:
                    out[field["key"]] = shaped
        return {f["key"]: out[f["key"]] for f in spec["fields"] if f["key"] in out}   # in schema order
    if kind == "array":
        if not isinstance(value, list):
            return [] if keep else _OMIT
        item = spec["item"]
        elements = []
        for element in value:
            if item["type"] in ("object", "array", "raw"):
                elements.append(_shape(item, element, True))
            elif not _blank(element):       # an empty row in a list of names is nothing
                elements.append(_shape(item, element, True))
        if not elements and not keep:
            return _OMIT
        return elements
    if kind == "raw":
        return _OMIT if value is None and not keep else value
    if kind == "checkbox":
        return value if isinstance(value, bool) else _OMIT
    if _blank(value):
        return "" if keep and kind != "number" else _OMIT
    if kind == "number" and isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = value.strip()
        return float(number) if "." in number else int(number)
    # A text-or-number field keeps what it holds: a number from an opened file stays a number until
    # someone edits it, and what is typed stays text (both print alike).
    return value


def _values(spec: FieldSpec, value: Any) -> Any:
    kind = spec["type"]
    if kind == "raw":
        return value
    if kind == "object":
        value = value if isinstance(value, dict) else {}
        return {f["key"]: _values(f, value.get(f["key"])) for f in spec["fields"]}
    if kind == "array":
        if value is None:
            return []
        return [_values(spec["item"], v) for v in (value if isinstance(value, list) else [value])]
    if kind == "checkbox":
        return value if isinstance(value, bool) else None
    if value is None or isinstance(value, (dict, list)):
        return ""
    if kind == "text_or_number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return value if isinstance(value, str) else str(value)


def to_values(data: Any, spec: Optional[FieldSpec] = None) -> dict[str, Any]:
    """The form's values for campaign ``data`` (an opened file): every field present, text as text,
    a single value where a list belongs as a one-item list.  Keys the schema does not know are
    dropped (the file's own problems, reported when it is opened, name them)."""
    values: dict[str, Any] = _values(spec or campaign_form(), data)   # the campaign is an object
    return values


def to_data(values: Any, spec: Optional[FieldSpec] = None) -> dict[str, Any]:
    """Campaign data from the form's values (see the module docstring)."""
    spec = spec or campaign_form()
    tidied, _done = tidy(values, spec)
    shaped = _shape(spec, tidied if isinstance(tidied, dict) else {}, True)
    return shaped if isinstance(shaped, dict) else {}


# What an IME gives in a number: full-width digits, ％, the full-width point and signs.
_WIDE_NUMBER = str.maketrans("０１２３４５６７８９％．－＋", "0123456789%.-+")
# Spaces around a value; a multi-line text keeps its line breaks.
_EDGE_SPACES = " \t\u3000\u00a0"
_OPEN_BRACKETS = "（(〔[【［｛{《<"
_CLOSE_BRACKETS = "）)〕]】］｝}》>"


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """``text`` cut at ``separators`` that stand outside brackets (各县（市、区）教育局 stays whole)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPEN_BRACKETS:
            depth += 1
        elif char in _CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _path(path: str, step: object) -> str:
    """The browser's path text: ``tasks[0].owners[1]``."""
    return f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}" if path else str(step)


class _Tidier:
    """One walk of :func:`tidy` over the form's values, collecting what it did in ``done``."""

    def __init__(self) -> None:
        from ..schema import NAME_LISTS, iso_date

        self.name_lists = NAME_LISTS
        self.iso_date = iso_date
        self.done: list[Tidied] = []

    @staticmethod
    def printed(iso: str) -> str:
        """How the documents print the ISO date ``iso``: 2026年5月1日."""
        from ..text import format_date

        year, month, day = (int(x) for x in iso.split("-"))
        return format_date(datetime.date(year, month, day))

    def node(self, spec: FieldSpec, value: Any, path: str) -> Any:
        kind = spec["type"]
        if kind == "object" and isinstance(value, dict):
            out = dict(value)
            for field in spec["fields"]:
                if field["key"] in out:
                    out[field["key"]] = self.node(field, out[field["key"]], _path(path, field["key"]))
            return out
        if kind == "array" and isinstance(value, list):
            if spec.get("key") in self.name_lists and spec["item"]["type"] == "text":
                return self.names(spec, value, path)
            return [self.node(spec["item"], v, _path(path, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or kind not in ("text", "textarea", "date", "text_or_number", "number"):
            return value
        tidied = value.strip(_EDGE_SPACES) if kind == "textarea" else value.strip()
        note = None
        if kind == "date" and tidied:
            iso = self.iso_date(tidied)
            if iso and iso != tidied:
                tidied = iso
                note = f"已按 {iso} 记录（文档中印为“{self.printed(iso)}”）/ saved as {iso}"
        elif kind in ("text_or_number", "number") and tidied.translate(_WIDE_NUMBER) != tidied:
            tidied = tidied.translate(_WIDE_NUMBER)
            note = f"已改为半角数字：{tidied} / digits made half-width"
        if tidied != value:
            self.done.append({"path": path, "from": value, "to": tidied, "note": note})
        return tidied

    def names(self, spec: FieldSpec, value: list[Any], path: str) -> list[Any]:
        """A list of names: a row holding several names at ，,；; becomes that many rows."""
        out: list[Any] = []
        split: list[str] = []
        for element in value:
            if not isinstance(element, str):
                out.append(element)
                continue
            parts = _split_outside_brackets(element, "，,；;") or [element.strip()]
            if len(parts) > 1:
                split.append(f"“{element.strip()}”→{'、'.join(parts)}")
            for part in parts:
                listed = _split_outside_brackets(part, "、")
                if len(listed) > 1:
                    label = spec["item"].get("title") or spec["title"]
                    self.done.append({
                        "path": _path(path, len(out)), "from": part, "split": listed,
                        "hint": f"“{part}”中有顿号“、”：如果是 {len(listed)} 个{label}，请分成 {len(listed)} 项填写"
                                f"（一个名称里的顿号不用改）/ if these are {len(listed)} names, give each its own row"})
                out.append(part)
        if out != value:
            note = (f"已分成 {len(out)} 项：{'；'.join(split)} / split into one row per name" if split else None)
            self.done.append({"path": path, "from": value, "to": out, "note": note})
        return out


def tidy(values: Any, spec: Optional[FieldSpec] = None) -> tuple[Any, list[Tidied]]:
    """The form's ``values`` with what a Chinese keyboard gives taken in (see the module docstring),
    and what was done at which field.  Runs where the documents are made (it reads the schema)."""
    tidier = _Tidier()
    return tidier.node(spec or campaign_form(), values, ""), tidier.done
