"""Which of docgen's styles a user's template redefines: the edits the layout stage replaces.

docgen owns the styles its templates use (正文, 公文标题, 公文一级标题 …): their fonts, sizes,
indents and line pitch are GB/T 9704's, and :func:`docgen.layout.apply` writes them into every
template, built-in or edited.  Changing one of them in Word (正文 → 宋体, 公文标题 → 26 磅)
therefore has no effect, and :func:`replaced_edits` finds such changes so the user is told,
style by style.  Formatting set directly on text is not a style edit: the layout stage keeps
it, and ``docgen render`` checks the result against GB/T 9704.

Only what docgen itself sets in a style is compared (plus bold, italic and colour), so the
bookkeeping Word adds when it saves a file (rsid, latent styles, theme hints) is not an edit.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Union

from .package import W_NS

if TYPE_CHECKING:
    from lxml.etree import _Element

W = f"{{{W_NS}}}"

# Names Word shows for the built-in style ids docgen redefines (its own styles have Chinese names).
_WORD_NAMES = {"Normal": "正文", "Footer": "页脚"}
_ALIGN = {"both": "两端对齐", "center": "居中", "right": "右对齐", "left": "左对齐", "start": "左对齐",
          "end": "右对齐", "distribute": "分散对齐"}
_OFF = {"0", "false", "off"}


def _attr(el: Optional[_Element], path: str, name: str) -> Optional[str]:
    found = el.find(path) if el is not None else None
    return found.get(f"{W}{name}") if found is not None else None


def _toggle(el: Optional[_Element], path: str) -> Optional[bool]:
    found = el.find(path) if el is not None else None
    if found is None:
        return None
    return found.get(f"{W}val", "true").lower() not in _OFF


def _font(rpr: Optional[_Element]) -> Optional[str]:
    value = _attr(rpr, f"{W}rFonts", "eastAsia")
    theme = _attr(rpr, f"{W}rFonts", "eastAsiaTheme")
    return value or (f"主题字体 {theme}" if theme else None)


def _size(rpr: Optional[_Element]) -> Optional[float]:
    value = _attr(rpr, f"{W}sz", "val")
    return int(value) / 2 if value and value.isdigit() else None


def _colour(rpr: Optional[_Element]) -> Optional[str]:
    value = _attr(rpr, f"{W}color", "val")
    if value is None:
        return None
    return "auto" if value.upper() in ("AUTO", "000000") else value.upper()


@dataclass(frozen=True)
class _Indent:
    """A first-line indent as Word stores it: in characters (hundredths) and/or twips."""

    chars: Optional[int]
    twips: Optional[int]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Indent):
            return NotImplemented
        if self.chars is not None and other.chars is not None:
            return self.chars == other.chars
        return self.twips == other.twips   # one side in twips only (WPS, older Word): compare those

    def __str__(self) -> str:
        return f"{self.chars / 100:g} 字" if self.chars is not None else f"{(self.twips or 0) / 20:g} 磅"


def _int(value: Optional[str]) -> Optional[int]:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _first_line(ppr: Optional[_Element]) -> Optional[_Indent]:
    chars = _int(_attr(ppr, f"{W}ind", "firstLineChars"))
    twips = _int(_attr(ppr, f"{W}ind", "firstLine"))
    return None if chars is None and twips is None else _Indent(chars, twips)


def _line(ppr: Optional[_Element]) -> Optional[str]:
    line = _attr(ppr, f"{W}spacing", "line")
    if line is None:
        return None
    rule = _attr(ppr, f"{W}spacing", "lineRule") or "auto"
    return f"固定值 {int(line) / 20:g} 磅" if rule == "exact" else f"{rule} {line}"


def _spacing(side: str) -> Callable[[Optional[_Element]], Optional[str]]:
    def get(ppr: Optional[_Element]) -> Optional[str]:
        value = _attr(ppr, f"{W}spacing", side)
        return f"{int(value) / 20:g} 磅" if value is not None and value.lstrip("-").isdigit() else None
    return get


#: A property's value as read from a style (None: the style does not set it).
Value = Union[str, float, bool, _Indent, None]

# (label, where: "r" run properties / "p" paragraph properties, read, value docgen means by leaving it unset)
_PROPERTIES: list[tuple[str, str, Callable[[Optional[_Element]], Value], Value]] = [
    ("中文字体", "r", _font, None),
    ("西文字体", "r", lambda r: _attr(r, f"{W}rFonts", "ascii"), None),
    ("字号", "r", _size, None),
    ("加粗", "r", lambda r: _toggle(r, f"{W}b"), False),
    ("倾斜", "r", lambda r: _toggle(r, f"{W}i"), False),
    ("颜色", "r", _colour, "auto"),
    ("对齐", "p", lambda p: _attr(p, f"{W}jc", "val"), None),
    ("首行缩进", "p", _first_line, None),
    ("行距", "p", _line, None),
    ("段前", "p", _spacing("before"), None),
    ("段后", "p", _spacing("after"), None),
]


def _show(label: str, value: Value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if label == "字号":
        return f"{value:g} 磅"
    if label == "对齐":
        return _ALIGN.get(str(value), str(value))
    return str(value)


def _properties(style: _Element) -> dict[str, Value]:
    rpr, ppr = style.find(f"{W}rPr"), style.find(f"{W}pPr")
    return {label: read(rpr if where == "r" else ppr) for label, where, read, _ in _PROPERTIES}


def _defaults(root: _Element) -> _Element:
    """docDefaults as a style-like element: its run and paragraph properties."""
    from lxml import etree

    holder = etree.Element(f"{W}style")
    for path in (f"{W}docDefaults/{W}rPrDefault/{W}rPr", f"{W}docDefaults/{W}pPrDefault/{W}pPr"):
        found = root.find(path)
        if found is not None:
            holder.append(found)
    return holder


@lru_cache(maxsize=1)
def _docgen_styles() -> dict[str, tuple[str, dict[str, Value]]]:
    """docgen's styles by id: (name a user sees, properties); docDefaults under ``""``."""
    from lxml import etree

    from . import layout

    root = etree.fromstring(layout.styles_xml().encode("utf-8"))
    out = {"": ("文档默认格式", _properties(_defaults(root)))}
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if sid is None:   # every style docgen writes has an id
            continue
        name = _attr(style, f"{W}name", "val") or sid
        out[sid] = (_WORD_NAMES.get(sid, name), _properties(style))
    return out


Change = tuple[str, Value, Value]   # (property label, the template's value, GB/T 9704's value)


def _differences(theirs: dict[str, Value], ours: dict[str, Value]) -> list[Change]:
    changes: list[Change] = []
    for label, _, _, unset in _PROPERTIES:
        mine = ours[label] if ours[label] is not None else unset
        if theirs[label] is None or mine is None or theirs[label] == mine:
            continue
        changes.append((label, theirs[label], mine))
    return changes


def describe(change: Change) -> str:
    """``字号 26 磅（GB/T 9704：22 磅）``."""
    label, theirs, ours = change
    return f"{label} {_show(label, theirs)}（GB/T 9704：{_show(label, ours)}）"


def style_edits(styles_xml: Optional[bytes]) -> list[tuple[str, str, list[Change]]]:
    """``(name, style id, changes)`` for each docgen style (and the document defaults) that
    ``styles_xml`` — a template's own styles, before layout — sets differently from docgen."""
    if not styles_xml:
        return []
    from lxml import etree

    try:
        root = etree.fromstring(styles_xml)
    except etree.XMLSyntaxError:
        return []
    ours = _docgen_styles()
    found = []
    theirs_defaults = _differences(_properties(_defaults(root)), ours[""][1])
    if theirs_defaults:
        found.append((ours[""][0], "docDefaults", theirs_defaults))
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if sid in ours and sid:
            changes = _differences(_properties(style), ours[sid][1])
            if changes:
                found.append((ours[sid][0], sid, changes))
    return found


def page_edits(document_xml: bytes) -> list[str]:
    """Page size and margins a template sets differently from GB/T 9704 (the layout stage resets them)."""
    from lxml import etree

    from . import layout

    try:
        root = etree.fromstring(document_xml)
    except etree.XMLSyntaxError:
        return []
    geometry = layout.sect_geometry()
    labels = {("pgSz", "w"): "纸宽", ("pgSz", "h"): "纸高", ("pgMar", "top"): "上边距",
              ("pgMar", "bottom"): "下边距", ("pgMar", "left"): "左边距", ("pgMar", "right"): "右边距"}
    changes = []
    for sect in root.iter(f"{W}sectPr"):
        for (tag, key), label in labels.items():
            value = _attr(sect, f"{W}{tag}", key)
            want = geometry[tag][key]
            if value is not None and value.lstrip("-").isdigit() and abs(int(value) - want) > 1:
                change = f"{label} {int(value) * 25.4 / 1440:.1f} 毫米（GB/T 9704：{want * 25.4 / 1440:.1f} 毫米）"
                if change not in changes:
                    changes.append(change)
    return changes


_STYLE_HINT = ("要改变个别文字的格式，请选中文字直接设置，不要修改样式：直接设置的格式会保留，"
               "docgen render 会检查结果是否符合 GB/T 9704。")


def _is_alias(change: Change) -> bool:
    """A face swapped for another name of the same face (仿宋 for 仿宋_GB2312): documents.fonts does that."""
    from .gbt9704 import FONT_ALIASES

    label, theirs, ours = change
    return label == "中文字体" and isinstance(ours, str) and theirs in FONT_ALIASES.get(ours, ())


def replaced_edits(parts: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """``(message, hint)`` for the edits of a template's styles and page setup that the layout
    stage replaces (none for docgen's own templates).  Styles changed the same way — every
    style's face replaced at once, say — share one message."""
    grouped: dict[tuple[Change, ...], list[str]] = {}
    for name, sid, changes in style_edits(parts.get("word/styles.xml")):
        label = name if name == sid or sid == "docDefaults" else f"{name}（{sid}）"
        grouped.setdefault(tuple(changes), []).append(label)
    notes = []
    for edits, labels in grouped.items():
        hint = _STYLE_HINT
        if any(_is_alias(c) for c in edits):
            hint = "要用“仿宋”“楷体”代替“仿宋_GB2312”“楷体_GB2312”，请在 YAML 中设置 documents.fonts。" + hint
        styles = "、".join(f"“{label}”" for label in labels)
        notes.append((f"模板中{styles}样式的修改未生效，docgen 按 GB/T 9704 设置{'这些' if len(labels) > 1 else '该'}样式："
                      f"{'；'.join(describe(c) for c in edits)} / style edits replaced by the GB/T 9704 layout", hint))
    pages = page_edits(parts.get("word/document.xml", b""))
    if pages:
        notes.append((f"模板的页面设置未生效，docgen 按 GB/T 9704 设置纸张和页边距：{'；'.join(pages)} "
                      "/ the template's page setup is replaced by the GB/T 9704 layout", ""))
    return notes


__all__ = ["style_edits", "page_edits", "replaced_edits", "describe"]
