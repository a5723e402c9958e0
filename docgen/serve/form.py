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
"""
from __future__ import annotations

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
    shaped = _shape(spec, values if isinstance(values, dict) else {}, True)
    return shaped if isinstance(shaped, dict) else {}
