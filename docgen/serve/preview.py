"""Preview: a rendered .docx as HTML, read from the document itself.

:func:`docx_html` reads the package docgen wrote (``word/document.xml`` and ``word/styles.xml``)
and turns each paragraph and table into HTML with the document's own formatting: the style chain
(``basedOn``) and direct formatting give fonts (East Asian and Latin), sizes, exact line pitch,
character spacing, indents in characters, alignment, colours, the rule under the 发文字号, table
grids and borders; the section gives the page size and margins.  A page break, a
``pageBreakBefore`` paragraph or a new section starts a new sheet.  Nothing is re-laid out: a
template a user edited in Word previews with the user's formatting.

Pages themselves are not cut (a browser has no page model); a faint rule marks every 版心 height
(225 mm of text) so one can see where pages will end.  Exact page images come from LibreOffice
(:func:`docgen.serve.documents.page_images`).

Fonts: each family the document names is offered to the browser with its aliases and the free
stand-ins of ``docgen/fonts/fonts.conf`` (仿宋_GB2312 → 仿宋, FangSong, FandolFang, …), so an
office PC shows its real 公文 fonts and a Linux box the same faces as docgen's PDFs.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Iterator, Optional

from .. import gbt9704 as std

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
TWIPS_PER_PT = std.TWIPS_PER_PT


def _w(el: Optional[ET.Element], tag: str) -> Optional[ET.Element]:
    return None if el is None else el.find(W + tag)


def _val(el: Optional[ET.Element], attr: str = "val") -> Optional[str]:
    return None if el is None else el.get(W + attr)


def _on(el: Optional[ET.Element]) -> Optional[bool]:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if el is None:
        return None
    return _val(el) not in ("0", "false", "off")


def _num(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# --- properties -------------------------------------------------------------------------------
#: Formatting read from the XML by name: lengths in twips (sizes in points), face names, toggles.
Props = dict[str, Any]


def _para_props(ppr: Optional[ET.Element]) -> Props:
    props: Props = {}
    if ppr is None:
        return props
    jc = _val(_w(ppr, "jc"))
    if jc:
        props["jc"] = jc
    ind = _w(ppr, "ind")
    if ind is not None:
        for key, attrs in (("first", ("firstLine",)), ("first_chars", ("firstLineChars",)),
                           ("hanging", ("hanging",)), ("hanging_chars", ("hangingChars",)),
                           ("left", ("left", "start")), ("left_chars", ("leftChars", "startChars")),
                           ("right", ("right", "end")), ("right_chars", ("rightChars", "endChars"))):
            for attr in attrs:
                value = _num(_val(ind, attr))
                if value is not None:
                    props[key] = value
                    break
        # firstLine and hanging exclude each other: the later one written wins
        if "first" in props or "first_chars" in props:
            if _val(ind, "hanging") is None and _val(ind, "hangingChars") is None:
                props.setdefault("hanging", 0)
                props.setdefault("hanging_chars", 0)
    spacing = _w(ppr, "spacing")
    if spacing is not None:
        for key, attr in (("before", "before"), ("after", "after"), ("line", "line")):
            value = _num(_val(spacing, attr))
            if value is not None:
                props[key] = value
        if _val(spacing, "lineRule"):
            props["line_rule"] = _val(spacing, "lineRule")
    if _on(_w(ppr, "pageBreakBefore")) is not None:
        props["break_before"] = _on(_w(ppr, "pageBreakBefore"))
    bottom = _w(_w(ppr, "pBdr"), "bottom")
    if bottom is not None and _val(bottom) not in (None, "nil", "none"):
        props["rule"] = (_num(_val(bottom, "sz")) or 4, _num(_val(bottom, "space")) or 0, _val(bottom, "color"))
    tabs = _w(ppr, "tabs")
    if tabs is not None:
        props["right_tab"] = any(_val(tab) in ("right", "end") for tab in tabs.findall(W + "tab"))
    return props


def _run_props(rpr: Optional[ET.Element]) -> Props:
    props: Props = {}
    if rpr is None:
        return props
    fonts = _w(rpr, "rFonts")
    if fonts is not None:
        if _val(fonts, "eastAsia"):
            props["east_asia"] = _val(fonts, "eastAsia")
        if _val(fonts, "ascii"):
            props["latin"] = _val(fonts, "ascii")
    size = _num(_val(_w(rpr, "sz")))
    if size:
        props["size"] = size / 2
    for key, tag in (("bold", "b"), ("italic", "i")):
        if _on(_w(rpr, tag)) is not None:
            props[key] = _on(_w(rpr, tag))
    underline = _val(_w(rpr, "u"))
    if underline is not None:
        props["underline"] = underline not in ("none", "0")
    color = _val(_w(rpr, "color"))
    if color and re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        props["color"] = color
    spacing = _num(_val(_w(rpr, "spacing")))
    if spacing is not None:
        props["spacing"] = spacing / TWIPS_PER_PT
    return props


class _Styles:
    """Paragraph and character styles of a package, resolved along their ``basedOn`` chains."""

    def __init__(self, root: Optional[ET.Element]):
        self.styles: dict[str, ET.Element] = {}
        self.default_para: Optional[str] = None
        self.default_ppr: Props = {}
        self.default_rpr: Props = {}
        if root is None:
            return
        defaults = _w(root, "docDefaults")
        self.default_rpr = _run_props(_w(_w(defaults, "rPrDefault"), "rPr"))
        self.default_ppr = _para_props(_w(_w(defaults, "pPrDefault"), "pPr"))
        for style in root.findall(W + "style"):
            style_id = _val(style, "styleId")
            if style_id:
                self.styles[style_id] = style
                if _val(style, "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                    self.default_para = style_id
        self._paragraphs: dict[Optional[str], tuple[Props, Props]] = {}
        self._characters: dict[Optional[str], Props] = {}

    def _chain(self, style_id: Optional[str]) -> list[ET.Element]:
        chain: list[ET.Element] = []
        while style_id and style_id in self.styles and len(chain) < 20:
            style = self.styles[style_id]
            if style in chain:
                break
            chain.insert(0, style)
            style_id = _val(_w(style, "basedOn"))
        return chain

    def paragraph(self, style_id: Optional[str]) -> tuple[Props, Props]:
        """(paragraph properties, run properties) of a paragraph style, defaults included."""
        if style_id not in self._paragraphs:
            ppr, rpr = dict(self.default_ppr), dict(self.default_rpr)
            for style in self._chain(style_id or self.default_para):
                ppr.update(_para_props(_w(style, "pPr")))
                rpr.update(_run_props(_w(style, "rPr")))
            self._paragraphs[style_id] = (ppr, rpr)
        return self._paragraphs[style_id]

    def character(self, style_id: Optional[str]) -> Props:
        """Run properties of a character style."""
        if style_id not in self._characters:
            rpr: Props = {}
            for style in self._chain(style_id):
                rpr.update(_run_props(_w(style, "rPr")))
            self._characters[style_id] = rpr
        return self._characters[style_id]


# --- fonts ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _fontconfig_stand_ins() -> dict[str, tuple[tuple[str, ...], bool]]:
    """family → (families fonts.conf puts first, bold?) from ``docgen/fonts/fonts.conf``."""
    path = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"
    table: dict[str, tuple[tuple[str, ...], bool]] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return table
    for match in root.iter("match"):
        tested = [s.text for test in match.findall("test") if test.get("name") == "family"
                  for s in test.findall("string") if s.text]
        families: list[str] = []
        bold = False
        for edit in match.findall("edit"):
            if edit.get("name") == "family":
                families += [s.text for s in edit.findall("string") if s.text]
            elif edit.get("name") == "weight":
                bold = any(c.text == "bold" for c in edit.findall("const"))
        for name in tested:
            table[name] = (tuple(families), bold)
    return table


def _aliases(name: str) -> list[str]:
    for canonical, names in std.FONT_ALIASES.items():
        if name == canonical or name in names:
            return [canonical] + sorted(names - {canonical})
    return [name]


def _css_string(name: str) -> str:
    return "'" + re.sub(r"[\\'\"<>;{}]", "", name) + "'"


class _Fonts:
    """CSS families for the fonts a document names: an @font-face per East Asian face picking the
    first installed of its names and stand-ins (bold where fonts.conf makes the stand-in bold)."""

    def __init__(self) -> None:
        self.faces: dict[str, str] = {}

    def family(self, east_asia: Optional[str], latin: Optional[str]) -> str:
        names: list[str] = []
        if latin:
            names.append(_css_string(latin))
            if latin == std.FONT_LATIN:
                names.append("'Liberation Serif'")
        if east_asia:
            names.append(_css_string(self._face(east_asia)))
            for alias in _aliases(east_asia):
                names.append(_css_string(alias))
                names += [_css_string(f) for f in _fontconfig_stand_ins().get(alias, ((), False))[0]]
        sans = east_asia in std.FONT_ALIASES.get(std.FONT_HEADING_1, ()) or east_asia == std.FONT_HEADING_1
        names.append("sans-serif" if sans else "serif")
        return ", ".join(dict.fromkeys(names))

    def _face(self, name: str) -> str:
        if name not in self.faces:
            face = f"docgen-{len(self.faces) + 1}"
            sources: list[str] = []
            for alias in _aliases(name):
                sources.append(alias)
                stand_ins, bold = _fontconfig_stand_ins().get(alias, ((), False))
                sources += [f"{f} Bold" if bold else f for f in stand_ins]
            local = ", ".join(f"local({_css_string(s)})" for s in dict.fromkeys(sources))
            self.faces[name] = f"@font-face{{font-family:{_css_string(face)};src:{local}}}"
        return f"docgen-{list(self.faces).index(name) + 1}"

    def css(self) -> str:
        return "".join(self.faces.values())


# --- CSS ---------------------------------------------------------------------------------------
def _pt(twips: float) -> str:
    return f"{twips / TWIPS_PER_PT:.2f}pt".replace(".00pt", "pt")


def _indent(props: Props, key: str) -> Optional[str]:
    chars = props.get(f"{key}_chars")
    if chars:
        return f"{chars / 100:g}em"
    twips = props.get(key)
    return _pt(twips) if twips else None


def _para_css(ppr: Props, size: float) -> list[str]:
    css = [f"font-size:{size:g}pt"]
    align = {"both": "justify", "distribute": "justify", "center": "center", "right": "right", "end": "right",
             "left": "left", "start": "left"}.get(ppr.get("jc", "left"), "left")
    css.append(f"text-align:{align}")
    left, right = _indent(ppr, "left"), _indent(ppr, "right")
    hanging = _indent(ppr, "hanging")
    first = _indent(ppr, "first")
    if hanging:
        css.append(f"text-indent:-{hanging}")
    elif first:
        css.append(f"text-indent:{first}")
    if left:
        css.append(f"padding-left:{left}")
    if right:
        css.append(f"padding-right:{right}")
    line, rule = ppr.get("line"), ppr.get("line_rule", "auto")
    if line:
        css.append(f"line-height:{line / 240:.3g}" if rule == "auto" else f"line-height:{_pt(line)}")
        if rule == "atLeast":
            css[-1] = f"line-height:max({_pt(line)}, 1.3em)"
    else:
        css.append("line-height:1.3")
    if ppr.get("before"):
        css.append(f"margin-top:{_pt(ppr['before'])}")
    if ppr.get("after"):
        css.append(f"margin-bottom:{_pt(ppr['after'])}")
    if ppr.get("rule"):
        eighths, space, color = ppr["rule"]
        css.append(f"border-bottom:{eighths / 8:g}pt solid #{color if color and color != 'auto' else '000'}")
        css.append(f"padding-bottom:{space:g}pt")
    if ppr.get("right_tab"):
        css.append("display:flex;flex-wrap:wrap")
    return css


def _run_css(rpr: Props, base: Props, fonts: _Fonts) -> str:
    css = []
    east_asia, latin = rpr.get("east_asia"), rpr.get("latin")
    if (east_asia, latin) != (base.get("east_asia"), base.get("latin")):
        css.append(f"font-family:{fonts.family(east_asia, latin)}")
    if rpr.get("size") and rpr.get("size") != base.get("size"):
        css.append(f"font-size:{rpr['size']:g}pt")
    if rpr.get("spacing", 0) != base.get("spacing", 0):
        css.append(f"letter-spacing:{rpr.get('spacing', 0):g}pt")
    if rpr.get("bold") and not base.get("bold"):
        css.append("font-weight:bold")
    if rpr.get("italic") and not base.get("italic"):
        css.append("font-style:italic")
    if rpr.get("underline") and not base.get("underline"):
        css.append("text-decoration:underline")
    if rpr.get("color", "000000") != base.get("color", "000000"):
        css.append(f"color:#{rpr.get('color', '000000')}")
    return ";".join(css)


# --- the document ------------------------------------------------------------------------------
class _Converter:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.fonts = _Fonts()
        self.sheets: list[list[str]] = [[]]
        self.classes: dict[str, str] = {}

    def cls(self, css: str) -> str:
        """A class name for a CSS declaration list (documents repeat a handful of formats)."""
        if css not in self.classes:
            self.classes[css] = f"d{len(self.classes) + 1}"
        return self.classes[css]

    def css(self) -> str:
        return self.fonts.css() + "".join(f".docx-preview .{name}{{{css}}}" for css, name in self.classes.items())

    def new_sheet(self) -> None:
        if self.sheets[-1]:
            self.sheets.append([])

    def block(self, element: ET.Element) -> None:
        if element.tag == W + "p":
            self.paragraph(element)
        elif element.tag == W + "tbl":
            self.sheets[-1].append(self.table(element))
        elif element.tag == W + "sdt":
            for child in _w(element, "sdtContent") or []:
                self.block(child)

    def _runs(self, p: ET.Element) -> Iterator[ET.Element]:
        for child in p:
            if child.tag == W + "r":
                yield child
            elif child.tag in (W + "hyperlink", W + "ins", W + "smartTag", W + "fldSimple"):
                yield from self._runs(child)
            elif child.tag == W + "sdt":
                yield from self._runs(_w(child, "sdtContent") or ET.Element("x"))

    def paragraph_html(self, p: ET.Element) -> tuple[str, bool, bool]:
        """(html, page break before, page break after)."""
        ppr_el = _w(p, "pPr")
        style_id = _val(_w(ppr_el, "pStyle"))
        style_ppr, style_rpr = self.styles.paragraph(style_id)
        ppr = {**style_ppr, **_para_props(ppr_el)}
        base = dict(style_rpr)        # pPr/rPr formats only the paragraph mark, not the text
        size = base.get("size") or std.BODY_SIZE_PT
        css = _para_css(ppr, size)
        css.append(f"font-family:{self.fonts.family(base.get('east_asia'), base.get('latin'))}")
        if base.get("spacing"):
            css.append(f"letter-spacing:{base['spacing']:g}pt")
        if base.get("color") and base["color"] != "000000":
            css.append(f"color:#{base['color']}")
        if base.get("bold"):
            css.append("font-weight:bold")
        parts: list[str] = []
        break_after = False
        for run in self._runs(p):
            rpr_el = _w(run, "rPr")
            rpr = {**base, **self.styles.character(_val(_w(rpr_el, "rStyle"))), **_run_props(rpr_el)}
            style = _run_css(rpr, base, self.fonts)
            text: list[str] = []
            for child in run:
                if child.tag == W + "t":
                    text.append(escape(child.text or ""))
                elif child.tag == W + "tab":
                    text.append('<span class="tab"></span>')
                elif child.tag in (W + "br", W + "cr"):
                    if _val(child, "type") == "page":
                        break_after = True
                    else:
                        text.append("<br>")
            if text:
                joined = "".join(text)
                parts.append(f'<span class="{self.cls(style)}">{joined}</span>' if style else joined)
        content = "".join(parts) or "&#8203;"   # an empty paragraph keeps its line
        html = f'<p class="{self.cls(";".join(css))}">{content}</p>'
        section_break = _w(ppr_el, "sectPr") is not None
        return html, bool(ppr.get("break_before")), break_after or section_break

    def paragraph(self, p: ET.Element) -> None:
        html, before, after = self.paragraph_html(p)
        if before:
            self.new_sheet()
        self.sheets[-1].append(html)
        if after:
            self.new_sheet()

    def table(self, tbl: ET.Element) -> str:
        tpr = _w(tbl, "tblPr")
        borders = _borders(_w(tpr, "tblBorders"))
        margins = _w(tpr, "tblCellMar")
        pad = []
        for side, default in (("top", 0), ("right", 108), ("bottom", 0), ("left", 108)):
            value = _num(_val(_w(margins, side), "w")) if margins is not None and _w(margins, side) is not None else None
            pad.append(_pt(value if value is not None else default))
        grid = [_num(_val(col, "w")) or 0 for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        rows = tbl.findall(W + "tr")
        # vertical merges: count how many rows each "restart" cell spans
        layout: list[list[tuple[ET.Element, int, int]]] = []   # (cell, column, colspan)
        for tr in rows:
            column, cells = 0, []
            for tc in tr.findall(W + "tc"):
                span = int(_num(_val(_w(_w(tc, "tcPr"), "gridSpan"))) or 1)
                cells.append((tc, column, span))
                column += span
            layout.append(cells)
        rowspans: dict[tuple[int, int], int] = {}
        skip: set[tuple[int, int]] = set()
        for r, cells in enumerate(layout):
            for tc, column, _span in cells:
                merge = _w(_w(tc, "tcPr"), "vMerge")
                if merge is not None and _val(merge) != "restart":
                    skip.add((r, column))
                    origin = r - 1
                    while (origin, column) in skip:
                        origin -= 1
                    rowspans[(origin, column)] = rowspans.get((origin, column), 1) + 1
        floating = _w(tpr, "tblpPr")
        classes = ["docx-table"] + (["at-bottom"] if _val(floating, "tblpYSpec") == "bottom" else [])
        jc = _val(_w(tpr, "jc"))
        style = ["border-collapse:collapse", f"width:{_pt(sum(grid))}" if grid else "width:100%"]
        if jc == "center" or floating is not None:
            style.append("margin-left:auto;margin-right:auto")
        out = [f'<table class="{" ".join(classes)}" style="{";".join(style)}">']
        if grid:
            out.append("<colgroup>" + "".join(f'<col style="width:{_pt(w)}">' for w in grid) + "</colgroup>")
        last_column = len(grid) or max((c + s for cells in layout for _, c, s in cells), default=1)
        for r, cells in enumerate(layout):
            out.append("<tr>")
            for tc, column, span in cells:
                if (r, column) in skip:
                    continue
                rowspan = rowspans.get((r, column), 1)
                edges = {
                    "top": borders["top" if r == 0 else "insideH"],
                    "bottom": borders["bottom" if r + rowspan >= len(rows) else "insideH"],
                    "left": borders["left" if column == 0 else "insideV"],
                    "right": borders["right" if column + span >= last_column else "insideV"],
                }
                tcpr = _w(tc, "tcPr")
                edges.update({k: v for k, v in _borders(_w(tcpr, "tcBorders")).items() if v is not None})
                css = [f"padding:{' '.join(pad)}"]
                for side, border in edges.items():
                    css.append(f"border-{side}:{border or 'none'}")
                valign = _val(_w(tcpr, "vAlign"))
                css.append("vertical-align:" + {"center": "middle", "bottom": "bottom"}.get(valign or "", "top"))
                fill = _val(_w(tcpr, "shd"), "fill")
                if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
                    css.append(f"background:#{fill}")
                attrs = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
                inner = []
                for child in tc:
                    if child.tag == W + "p":
                        inner.append(self.paragraph_html(child)[0])
                    elif child.tag == W + "tbl":
                        inner.append(self.table(child))
                out.append(f'<td{attrs} style="{";".join(css)}">{"".join(inner)}</td>')
            out.append("</tr>")
        out.append("</table>")
        return "".join(out)


def _borders(el: Optional[ET.Element]) -> dict[str, Optional[str]]:
    """CSS border values of ``tblBorders``/``tcBorders`` (``None`` = not set, ``""`` = no border)."""
    out: dict[str, Optional[str]] = {k: None for k in ("top", "left", "bottom", "right", "insideH", "insideV")}
    if el is None:
        return out
    for key, tags in (("top", ("top",)), ("left", ("left", "start")), ("bottom", ("bottom",)),
                      ("right", ("right", "end")), ("insideH", ("insideH",)), ("insideV", ("insideV",))):
        for tag in tags:
            border = _w(el, tag)
            if border is not None:
                kind = _val(border)
                if kind in (None, "nil", "none"):
                    out[key] = ""
                else:
                    width = (_num(_val(border, "sz")) or 4) / 8
                    color = _val(border, "color")
                    color = color if color and re.fullmatch(r"[0-9A-Fa-f]{6}", color) else "000000"
                    style = "double" if kind == "double" else "dashed" if "dash" in kind else "solid"
                    out[key] = f"{max(width, 0.5):g}pt {style} #{color}"
                break
    return out


def _page_css(sect: Optional[ET.Element]) -> str:
    size, margins = _w(sect, "pgSz"), _w(sect, "pgMar")
    width = _num(_val(size, "w")) or std.mm_to_twips(std.PAGE_WIDTH_MM)
    height = _num(_val(size, "h")) or std.mm_to_twips(std.PAGE_HEIGHT_MM)

    def margin(side: str, default_mm: float) -> float:
        return _num(_val(margins, side)) or std.mm_to_twips(default_mm)

    top, bottom = margin("top", std.MARGIN_TOP_MM), margin("bottom", std.MARGIN_BOTTOM_MM)
    left, right = margin("left", std.MARGIN_LEFT_MM), margin("right", std.MARGIN_RIGHT_MM)
    return (f"width:{_pt(width)};min-height:{_pt(height)};padding:{_pt(top)} {_pt(right)} {_pt(bottom)} {_pt(left)};"
            f"--type-height:{_pt(height - top - bottom)}")


def docx_html(data: bytes) -> str:
    """An HTML fragment showing the .docx ``data``: one ``<section class="sheet">`` per page run."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = ET.fromstring(archive.read("word/document.xml"))
        try:
            styles_root = ET.fromstring(archive.read("word/styles.xml"))
        except KeyError:
            styles_root = None
    body = _w(document, "body")
    converter = _Converter(_Styles(styles_root))
    for element in (body if body is not None else []):
        converter.block(element)
    page = _page_css(_w(body, "sectPr"))
    sheets = [s for s in converter.sheets if s] or [[]]
    html = [f"<style>{converter.css()}</style>"]
    for number, sheet in enumerate(sheets, 1):
        html.append(f'<section class="sheet" style="{page}" aria-label="第 {number} 部分">'
                    f'<div class="type-area">{"".join(sheet)}</div></section>')
    return "".join(html)
