"""Template mistakes explained the way a template's author sees the template: which file,
which paragraph (its number and text, as Word shows it), and what was probably meant.

Jinja reports a misspelt field as ``'Task object' has no attribute 'titel'`` with a line
number in one long XML line; :func:`unknown_field` and friends turn that into
``第 14 段“（一）{{ t.titel }}。”：t.titel 不存在 —— 是不是 title？``.
"""
from __future__ import annotations

import dataclasses
import difflib
import html
import re
from typing import Any, Callable, Iterable, Mapping, Optional

from .errors import Location, TemplateError

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_FRAGMENT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# docxtpl's paragraph/run/row markers: {{p x }}, {%p if %}, {%tr for %} …
_DOCXTPL_MARK = re.compile(r"^(\{[{%])(p|r|tr|tc|vm)\b")

_EXCERPT_CHARS = 60


def paragraphs(document_xml: str) -> list[str]:
    """The text of every paragraph of a template's document XML, in order (table cells included)."""
    return ["".join(html.unescape(t) for t in _TEXT.findall(p)) for p in _PARAGRAPH.findall(document_xml)]


def excerpt(text: str, at: int = 0) -> str:
    """A paragraph's text short enough for a message, around position ``at`` when it is long."""
    text = text.strip()
    if len(text) <= _EXCERPT_CHARS:
        return text
    start = max(0, min(at - _EXCERPT_CHARS // 3, len(text) - _EXCERPT_CHARS))
    return ("……" if start else "") + text[start:start + _EXCERPT_CHARS] + (
        "……" if start + _EXCERPT_CHARS < len(text) else "")


def find_paragraph(document_xml: str, pattern: str) -> Optional[tuple[int, str, int]]:
    """``(number, text, position)`` of the first paragraph with a Jinja tag matching ``pattern``
    (number 1-based; position of that tag in the text)."""
    rx = re.compile(pattern)
    for number, text in enumerate(paragraphs(document_xml), 1):
        for fragment in _FRAGMENT.finditer(text):
            if rx.search(fragment.group(0)):
                return number, text, fragment.start()
    return None


def name_pattern(name: str) -> str:
    """A top-level name (not after a dot)."""
    return rf"(?<![\w.]){re.escape(name)}\b"


def attribute_pattern(name: str) -> str:
    """``x.name`` or ``x['name']``."""
    return rf"\.\s*{re.escape(name)}\b|\[\s*['\"]{re.escape(name)}['\"]\s*\]"


def filter_pattern(name: str) -> str:
    """``value|name``."""
    return rf"\|\s*{re.escape(name)}\b"


def where(found: Optional[tuple[int, str, int]]) -> str:
    """``第 14 段“……”：`` for a message, or nothing when the paragraph is unknown."""
    if found is None:
        return ""
    number, text, at = found
    return f"第 {number} 段“{excerpt(text, at)}”："


def suggest(name: str, candidates: Iterable[str]) -> list[str]:
    """Close spellings of ``name`` among ``candidates`` (a case slip first)."""
    pool = sorted({c for c in candidates if isinstance(c, str) and not c.startswith("_")})
    same_case = [c for c in pool if c.lower() == name.lower() and c != name]
    return same_case + [c for c in difflib.get_close_matches(name, pool, n=2, cutoff=0.75) if c not in same_case]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` —— 是不是 title？/ did you mean title?`` or nothing."""
    close = suggest(name, candidates)
    if not close:
        return ""
    words = " 或 ".join(close)
    return f"，是不是 {words}？/ did you mean {' or '.join(close)}?"


def attribute_names(owner: Any) -> list[str]:
    """What ``owner.<name>`` can be in a template: a dict's keys, a dataclass's fields and
    properties, or an object's public attributes."""
    if isinstance(owner, Mapping):
        return [k for k in owner if isinstance(k, str)]
    if isinstance(owner, (str, bytes, int, float, list, tuple)):
        return []
    names = [f.name for f in dataclasses.fields(owner)] if dataclasses.is_dataclass(owner) else []
    names += [n for n in dir(type(owner)) if not n.startswith("_") and n not in names]
    return names


def type_label(owner: Any) -> str:
    """How a value is named in a message: a campaign object by its class (Task), else its kind."""
    if isinstance(owner, Mapping):
        return "这一项 / this item"
    if isinstance(owner, (list, tuple)):
        return "列表 / a list (用 {% for %} 逐项取值)"
    return type(owner).__name__


def _expression(text: str, name: str) -> str:
    """``t.titel`` — the dotted expression ending in ``name`` as written in the paragraph."""
    match = re.search(rf"[\w.]*\.\s*{re.escape(name)}\b", text)
    return match.group(0).replace(" ", "") if match else name


def unknown_field(template: str, document_xml: str, owner: Any, name: str, top_level: Iterable[str]) -> TemplateError:
    """The error for a name or attribute the data does not have (``owner`` is Jinja's ``missing``
    for a top-level name)."""
    from jinja2.utils import missing

    if owner is missing:
        found = find_paragraph(document_xml, name_pattern(name))
        candidates = list(top_level)
        subject, available = name, "可用的字段 / available fields"
    else:
        found = find_paragraph(document_xml, attribute_pattern(name))
        candidates = attribute_names(owner)
        subject = _expression(found[1], name) if found else name
        available = f"{type_label(owner)} 可用 / has"
    message = (f"{where(found)}{subject} 不存在 / unknown field {subject!r}"
               + did_you_mean(name, candidates))
    hint = f"{available}：{'、'.join(candidates)}" if candidates else "请检查模板中 {{ }} 里的字段名。"
    return TemplateError(message, location=Location(template), hint=hint)


def unknown_fields(template: str, document_xml: str, names: Iterable[str], top_level: Iterable[str]) -> TemplateError:
    """The error for several top-level names the context lacks (found before rendering)."""
    names = sorted(names)
    known = sorted(top_level)
    lines = [f"模板引用了不存在的字段：{'、'.join(names)} / unknown fields: {', '.join(names)}"]
    for name in names:
        found = find_paragraph(document_xml, name_pattern(name))
        lines.append(f"  {where(found) or ''}{name}{did_you_mean(name, known) or ' 不存在 / unknown'}")
    return TemplateError("\n".join(lines), location=Location(template),
                         hint=f"可用的字段 / available fields：{'、'.join(known)}")


_NO_FILTER = re.compile(r"No (filter|test) named '([^']+)'")


def unknown_filter(template: str, document_xml: str, message: str, filters: Iterable[str],
                   tests: Iterable[str], own_filters: Iterable[str] = ()) -> Optional[TemplateError]:
    """The error for ``|cn_dat`` (Jinja: "No filter named 'cn_dat'"), or None for other messages."""
    match = _NO_FILTER.search(message)
    if not match:
        return None
    what, name = match.groups()
    own_filters = list(own_filters)
    if what == "filter":
        found = find_paragraph(document_xml, filter_pattern(name))
        pool, label = list(filters), "过滤器 / filter"
        # docgen's own filters by name; Jinja's built-in ones (length, join, default …) are many.
        hint = (f"docgen 的过滤器 / docgen's filters：{'、'.join(own_filters)}；另可用 Jinja 自带的过滤器"
                "（length、join、default 等）。说明见 docs/templates.md。")
    else:
        found = find_paragraph(document_xml, rf"\bis\s+(?:not\s+)?{re.escape(name)}\b")
        pool, label = list(tests), "判断 / test"
        hint = f"可用的判断 / tests：{'、'.join(sorted(pool))}"
    return TemplateError(f"{where(found)}没有“{name}”这个{label} {name!r}" + did_you_mean(name, pool),
                         location=Location(template), hint=hint)


def syntax_paragraph(document_xml: str, parse: Callable[[str], object]) -> Optional[tuple[int, str, int]]:
    """The first paragraph whose own ``{{ }}`` / ``{% %}`` pieces are broken: unclosed, or an
    expression ``parse`` rejects.  Control tags spanning paragraphs (``{%p for %}``) are fine."""
    for number, text in enumerate(paragraphs(document_xml), 1):
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return number, text, max(text.rfind("{{"), text.rfind("{%"), 0)
        for fragment in re.finditer(r"\{\{.*?\}\}", text):
            try:
                parse(_DOCXTPL_MARK.sub(r"\1", fragment.group(0)))
            except Exception:  # noqa: BLE001 - any parse failure marks the paragraph
                return number, text, fragment.start()
    return None


def syntax_error(template: str, document_xml: str, message: str, parse: Callable[[str], object],
                 nearby: str) -> TemplateError:
    """The error for a template Jinja cannot parse, at the paragraph that breaks it when known."""
    found = syntax_paragraph(document_xml, parse)
    hint = "请检查 {{ }} 与 {% %} 是否成对、完整。" if found else f"附近文字：{nearby}"
    return TemplateError(f"{where(found)}模板语法错误：{message} / template syntax error",
                         location=Location(template), hint=hint)


_UNSAFE_ATTRIBUTE = re.compile(r"attribute '([^']+)'")


def unsafe(template: str, document_xml: str, message: str) -> TemplateError:
    """The error for something the sandbox refused (``''.__class__``, ``tasks.append``)."""
    match = _UNSAFE_ATTRIBUTE.search(message)
    found = find_paragraph(document_xml, attribute_pattern(match.group(1))) if match else None
    return TemplateError(f"{where(found)}模板试图执行不允许的操作，已阻止 / the template tried something unsafe: {message}",
                         location=Location(template))


__all__ = ["paragraphs", "find_paragraph", "suggest", "did_you_mean", "unknown_field", "unknown_fields",
           "unknown_filter", "syntax_error", "unsafe", "attribute_names"]
