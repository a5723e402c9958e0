"""Stage 6: GB/T 9704 layout — page geometry, styles, page numbers, 落款 placement.

``apply(parts)`` turns any template package into a conformant one: A4 with the
standard margins in every section, docgen's paragraph/character styles (fonts
in the East Asian slot, sizes, exact line pitch, first-line indent), and page
numbers ``— 1 —`` alternating right/left.  It runs once per template (the result
is cached), so built-in and user-edited templates get the same layout.

``place_signatures(xml)`` runs per document: the 署名/成文日期 right indents
depend on how long the unit name and the date are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import gbt9704 as std
from .package import (CONTENT_TYPES, DOCUMENT, DOCUMENT_RELS, RT, W_NS, WML_CT, XML_DECL, Parts)

W = f"{{{W_NS}}}"
_NSDECL = (f'xmlns:w="{W_NS}" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


@dataclass(frozen=True)
class Style:
    """One docgen style; ``font`` is the East Asian face, sizes in points."""

    style_id: str
    name: str
    font: str = std.FONT_BODY
    size: float = std.BODY_SIZE_PT
    kind: str = "paragraph"            # or "character"
    align: Optional[str] = None        # both / center / right / left
    first_line_chars: Optional[int] = None
    left_chars: float = 0
    right_chars: float = 0
    keep_next: bool = False
    outline: Optional[int] = None
    color: Optional[str] = None
    char_spacing: Optional[int] = None
    line_exact: bool = True
    latin_font: str = std.FONT_LATIN
    hanging_chars: float = 0           # wrapped lines start this far right of the first (附件说明)
    space_before_twips: int = 0        # 发文机关标志: 35 mm below the top of the type area
    rule_below: Optional[tuple[str, float, float]] = None   # (colour, thickness pt, gap pt): 版头 red line
    page_break_before: bool = False    # 附件 starts on a new page


BODY_INDENT = std.FIRST_LINE_INDENT_CHARS

#: Every style docgen's templates use.  Template sources refer to them by key (``@h1``).
STYLES: dict[str, Style] = {
    "body": Style("Normal", "Normal", align="both", first_line_chars=BODY_INDENT,
                  char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "title": Style("GwTitle", "公文标题", std.FONT_TITLE, std.TITLE_SIZE_PT, align="center",
                   first_line_chars=0, keep_next=True),
    "subtitle": Style("GwSubtitle", "公文副标题", std.FONT_HEADING_2, align="center", first_line_chars=0,
                      keep_next=True),
    "h1": Style("GwHeading1", "公文一级标题", std.FONT_HEADING_1, align="both", first_line_chars=BODY_INDENT,
                keep_next=True, outline=0, char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "h2": Style("GwHeading2", "公文二级标题", std.FONT_HEADING_2, align="both", first_line_chars=BODY_INDENT,
                keep_next=True, outline=1, char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "h3": Style("GwHeading3", "公文三级标题", std.FONT_HEADING_3, align="both", first_line_chars=BODY_INDENT,
                outline=2, char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "h4": Style("GwHeading4", "公文四级标题", std.FONT_HEADING_4, align="both", first_line_chars=BODY_INDENT,
                outline=3, char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "flush": Style("GwFlush", "公文顶格", align="both", first_line_chars=0,
                   char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "signature": Style("GwSignature", "公文署名", align="right", first_line_chars=0, keep_next=True,
                       right_chars=std.SIGNATURE_RIGHT_INDENT_CHARS),
    "date": Style("GwDate", "公文成文日期", align="right", first_line_chars=0,
                  right_chars=std.SIGNATURE_RIGHT_INDENT_CHARS),
    "attachment_label": Style("GwAttachmentLabel", "公文附件标识", std.FONT_HEADING_1, align="left",
                              first_line_chars=0, page_break_before=True, keep_next=True),
    "issuer": Style("GwIssuer", "发文机关标志", std.FONT_TITLE, std.ISSUER_MARK_SIZE_PT, align="center",
                    first_line_chars=0, color=std.ISSUER_MARK_COLOR, line_exact=False, keep_next=True,
                    space_before_twips=std.mm_to_twips(std.ISSUER_MARK_OFFSET_MM)),
    "doc_number": Style("GwDocNumber", "发文字号", align="center", first_line_chars=0,
                        rule_below=(std.SEPARATOR_COLOR, std.SEPARATOR_THICKNESS_PT, std.SEPARATOR_GAP_MM * 72 / 25.4)),
    # 附件说明 after the first line: "2.XXXX" under "1.XXXX" (附件： is three characters), names wrap under names.
    "attachment_more": Style("GwAttachmentMore", "公文附件说明续行", align="both", first_line_chars=0,
                             left_chars=BODY_INDENT + 4, hanging_chars=1, keep_next=True,
                             char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "attachment_note": Style("GwAttachmentNote", "公文附件说明", align="both", first_line_chars=0,
                             left_chars=BODY_INDENT + 4, hanging_chars=4, keep_next=True,
                             char_spacing=std.BODY_CHAR_SPACING_TWENTIETHS),
    "banji": Style("GwBanji", "公文版记", size=std.BANJI_SIZE_PT, align="left", first_line_chars=0,
                   left_chars=std.BANJI_INDENT_CHARS, right_chars=std.BANJI_INDENT_CHARS),
    # 抄送 line: wrapped lines align after “抄送：”.
    "banji_cc": Style("GwBanjiCc", "公文版记抄送", size=std.BANJI_SIZE_PT, align="both", first_line_chars=0,
                      left_chars=std.BANJI_INDENT_CHARS + 3, right_chars=std.BANJI_INDENT_CHARS, hanging_chars=3),
    "table": Style("GwTableText", "公文表格文字", size=std.BANJI_SIZE_PT, align="center", first_line_chars=0,
                   line_exact=False),
    "table_left": Style("GwTableTextLeft", "公文表格文字左对齐", size=std.BANJI_SIZE_PT, align="left",
                        first_line_chars=0, line_exact=False),
    # An empty line that stays with what follows: the blank line before a 落款 that must not stand alone.
    "gap": Style("GwGap", "公文空行（与下段同页）", align="both", first_line_chars=0, keep_next=True),
    # A near-zero-height paragraph: separates a floating 版记 table from a table before it and anchors it.
    "anchor": Style("GwAnchor", "公文定位段落", size=1, first_line_chars=0, line_exact=False),
    "footer": Style("Footer", "footer", std.FONT_PAGE_NUMBER, std.PAGE_NUMBER_SIZE_PT, first_line_chars=0,
                    line_exact=False, latin_font=std.FONT_PAGE_NUMBER),
    # Character styles for inline headings: "（一）坚持以人为本。" in 楷体 followed by body text.
    "kai": Style("GwKai", "公文楷体", std.FONT_HEADING_2, kind="character"),
    "hei": Style("GwHei", "公文黑体", std.FONT_HEADING_1, kind="character"),
}


def _half_points(pt: float) -> int:
    return round(pt * 2)


def _rpr(style: Style) -> str:
    size = _half_points(style.size)
    parts = [f'<w:rFonts w:ascii="{style.latin_font}" w:hAnsi="{style.latin_font}" '
             f'w:eastAsia="{style.font}" w:cs="{style.latin_font}"/>']
    if style.color:
        parts.append(f'<w:color w:val="{style.color}"/>')
    if style.char_spacing is not None:
        parts.append(f'<w:spacing w:val="{style.char_spacing}"/>')
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _ppr(style: Style) -> str:
    parts = []
    if style.keep_next:
        parts.append("<w:keepNext/>")
    if style.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    # Widow/orphan control would leave 21 lines on some pages; GB/T 9704 wants a full 22-line grid.
    # No hanging punctuation: 公文 keeps every character inside the 156 mm type area.
    parts.append('<w:widowControl w:val="0"/>')
    if style.rule_below:  # CT_PPr order: pBdr comes after widowControl, before overflowPunct
        colour, thickness_pt, gap_pt = style.rule_below
        parts.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{round(thickness_pt * 8)}" '
                     f'w:space="{round(gap_pt)}" w:color="{colour}"/></w:pBdr>')
    parts.append('<w:overflowPunct w:val="0"/><w:adjustRightInd w:val="0"/><w:snapToGrid w:val="0"/>')
    before = style.space_before_twips
    if style.line_exact:
        parts.append(f'<w:spacing w:before="{before}" w:after="0" w:line="{std.LINE_PITCH_TWIPS}" w:lineRule="exact"/>')
    else:
        parts.append(f'<w:spacing w:before="{before}" w:after="0" w:line="240" w:lineRule="auto"/>')
    unit = std.chars_to_twips(1, style.size)
    ind = []
    if style.left_chars:
        ind.append(f'w:left="{round(style.left_chars * unit)}" w:leftChars="{round(style.left_chars * 100)}"')
    if style.right_chars:
        ind.append(f'w:right="{round(style.right_chars * unit)}" w:rightChars="{round(style.right_chars * 100)}"')
    if style.hanging_chars:
        ind.append(f'w:hanging="{round(style.hanging_chars * unit)}" w:hangingChars="{round(style.hanging_chars * 100)}"')
    elif style.first_line_chars is not None:
        ind.append(f'w:firstLine="{style.first_line_chars * unit}" w:firstLineChars="{style.first_line_chars * 100}"')
    if ind:
        parts.append("<w:ind " + " ".join(ind) + "/>")
    if style.align:
        parts.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{style.outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def style_xml(style: Style) -> str:
    """The ``<w:style>`` element of one style."""
    default = ' w:default="1"' if style.style_id == "Normal" else ""
    based = "" if style.style_id == "Normal" or style.kind == "character" else '<w:basedOn w:val="Normal"/>'
    ppr = _ppr(style) if style.kind == "paragraph" else ""
    rpr = _rpr(style)
    if style.kind == "character":  # only the face: size and spacing come from the paragraph
        rpr = (f'<w:rPr><w:rFonts w:eastAsia="{style.font}"/></w:rPr>')
    return (f'<w:style w:type="{style.kind}"{default} w:styleId="{style.style_id}">'
            f'<w:name w:val="{style.name}"/>{based}<w:qFormat/>{ppr}{rpr}</w:style>')


def styles_xml() -> str:
    """A complete styles.xml with docgen's styles and document defaults."""
    defaults = ("<w:docDefaults><w:rPrDefault>" + _rpr(Style("", "", char_spacing=None)) +
                "</w:rPrDefault><w:pPrDefault><w:pPr><w:overflowPunct w:val=\"0\"/>"
                f'<w:spacing w:before="0" w:after="0" w:line="{std.LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
                "</w:pPr></w:pPrDefault></w:docDefaults>")
    return (XML_DECL + f"<w:styles {_NSDECL}>" + defaults +
            "".join(style_xml(s) for s in STYLES.values()) + "</w:styles>")


def _footer_xml(side: str) -> str:
    indent = std.chars_to_twips(std.PAGE_NUMBER_SIDE_INDENT_CHARS, std.PAGE_NUMBER_SIZE_PT)
    ind = f'<w:ind w:right="{indent}"/>' if side == "right" else f'<w:ind w:left="{indent}"/>'
    dash = std.PAGE_NUMBER_DASH
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (XML_DECL + f"<w:ftr {_NSDECL}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{ind}"
            f'<w:jc w:val="{side}"/></w:pPr>' + run.format(dash + " ") +
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>' +
            run.format(" " + dash) + "</w:p></w:ftr>")


_SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"]

FOOTER_ODD = "word/footer_gbt_odd.xml"
FOOTER_EVEN = "word/footer_gbt_even.xml"
_FOOTER_IDS = {"default": "rIdGbtFooterOdd", "even": "rIdGbtFooterEven"}


def _footer_distance_twips() -> int:
    # The number line's top sits 7 mm below the type area; Word measures the footer from its bottom.
    line_mm = std.PAGE_NUMBER_SIZE_PT * 1.3 * 25.4 / 72
    return std.mm_to_twips(std.MARGIN_BOTTOM_MM - std.PAGE_NUMBER_BELOW_TYPE_AREA_MM - line_mm)


def sect_geometry() -> dict:
    """pgSz/pgMar attributes (twips) of a GB/T 9704 page."""
    return {
        "pgSz": {"w": std.mm_to_twips(std.PAGE_WIDTH_MM), "h": std.mm_to_twips(std.PAGE_HEIGHT_MM)},
        "pgMar": {"top": std.mm_to_twips(std.MARGIN_TOP_MM), "right": std.mm_to_twips(std.MARGIN_RIGHT_MM),
                  "bottom": std.mm_to_twips(std.MARGIN_BOTTOM_MM), "left": std.mm_to_twips(std.MARGIN_LEFT_MM),
                  "header": std.mm_to_twips(15), "footer": _footer_distance_twips(), "gutter": 0},
    }


def _fix_sections(document_xml: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(document_xml)
    body = root.find(f"{W}body")
    sections = list(root.iter(f"{W}sectPr"))
    if not sections:
        sections = [etree.SubElement(body, f"{W}sectPr")]
    geometry = sect_geometry()
    for sect in sections:
        for child in list(sect):
            if etree.QName(child).localname in ("footerReference", "pgSz", "pgMar", "docGrid"):
                sect.remove(child)
        for kind, rid in _FOOTER_IDS.items():
            ref = etree.SubElement(sect, f"{W}footerReference")
            ref.set(f"{W}type", kind)
            ref.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
        for tag, attrs in geometry.items():
            el = etree.SubElement(sect, f"{W}{tag}")
            for key, value in attrs.items():
                el.set(f"{W}{key}", str(value))
        grid = etree.SubElement(sect, f"{W}docGrid")
        grid.set(f"{W}linePitch", str(std.LINE_PITCH_TWIPS))
        order = {name: i for i, name in enumerate(_SECT_ORDER)}
        children = sorted(sect, key=lambda el: order.get(etree.QName(el).localname, len(order)))
        for child in children:
            sect.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _merge_styles(existing: Optional[bytes]) -> bytes:
    ours = styles_xml().encode()
    if not existing:
        return ours
    from lxml import etree

    root = etree.fromstring(existing)
    new = etree.fromstring(ours)
    ids = {s.get(f"{W}styleId") for s in new.iter(f"{W}style")}
    for old in list(root):
        local = etree.QName(old).localname
        if local == "docDefaults" or (local == "style" and old.get(f"{W}styleId") in ids):
            root.remove(old)
    root.insert(0, new.find(f"{W}docDefaults"))
    for style in new.iter(f"{W}style"):
        root.append(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(existing: Optional[bytes]) -> bytes:
    if not existing:
        return (XML_DECL + f"<w:settings {_NSDECL}><w:evenAndOddHeaders/>"
                '<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                "</w:settings>").encode()
    text = existing.decode("utf-8")
    if "<w:evenAndOddHeaders" in text:
        return existing
    # evenAndOddHeaders comes early in CT_Settings; after the opening tag is accepted by Word and LibreOffice.
    return re.sub(r"(<w:settings\b[^>]*>)", r"\1<w:evenAndOddHeaders/>", text, count=1).encode()


def _add_relationship(rels: str, rid: str, rtype: str, target: str) -> str:
    rels = re.sub(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', "", rels)
    return rels.replace("</Relationships>",
                        f'<Relationship Id="{rid}" Type="{RT}/{rtype}" Target="{target}"/></Relationships>')


def _add_override(types: str, part: str, content_type: str) -> str:
    if f'PartName="/{part}"' in types:
        return types
    return types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')


def apply(parts: Parts) -> Parts:
    """Return a copy of ``parts`` laid out to GB/T 9704 (styles, geometry, page numbers)."""
    out = dict(parts)
    types = out[CONTENT_TYPES].decode("utf-8")
    rels = out.get(DOCUMENT_RELS, b"").decode("utf-8") or f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'

    out["word/styles.xml"] = _merge_styles(out.get("word/styles.xml"))
    rels = _add_relationship(rels, "rIdGbtStyles", "styles", "styles.xml") if 'Target="styles.xml"' not in rels else rels
    types = _add_override(types, "word/styles.xml", f"{WML_CT}.styles+xml")

    out["word/settings.xml"] = _settings(out.get("word/settings.xml"))
    rels = _add_relationship(rels, "rIdGbtSettings", "settings", "settings.xml") if 'Target="settings.xml"' not in rels else rels
    types = _add_override(types, "word/settings.xml", f"{WML_CT}.settings+xml")

    for part, side, kind in ((FOOTER_ODD, "right", "default"), (FOOTER_EVEN, "left", "even")):
        out[part] = _footer_xml(side).encode()
        rels = _add_relationship(rels, _FOOTER_IDS[kind], "footer", part.split("/", 1)[1])
        types = _add_override(types, part, f"{WML_CT}.footer+xml")

    out[DOCUMENT] = _fix_sections(out[DOCUMENT])
    out[DOCUMENT_RELS] = rels.encode()
    out[CONTENT_TYPES] = types.encode()
    return out


# --- per document: 落款 -----------------------------------------------------------
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and the 成文日期 lines.

    The date starts two characters right of the 署名's first character and the 署名
    keeps two characters of right indent; if the date is too long for that, the date
    keeps the two characters and the 署名 moves left.
    """
    from .text import display_width

    name_w, date_w = display_width(signature), display_width(date)
    base = std.SIGNATURE_RIGHT_INDENT_CHARS
    date_right = base + name_w - std.DATE_OFFSET_CHARS - date_w
    if date_right >= base:
        return base, date_right
    return base + std.DATE_OFFSET_CHARS + date_w - name_w, base


def _paragraph_around(xml: str, pos: int) -> tuple[int, int]:
    start = max(xml.rfind("<w:p>", 0, pos), xml.rfind("<w:p ", 0, pos))
    end = xml.index("</w:p>", pos) + len("</w:p>")
    return start, end


def _with_right_indent(paragraph: str, chars: float) -> str:
    twips = std.chars_to_twips(chars)
    ind = f'<w:ind w:right="{twips}" w:rightChars="{round(chars * 100)}" w:firstLine="0" w:firstLineChars="0"/>'
    return re.sub(r"(<w:pStyle w:val=\"[^\"]+\"/>)", lambda m: m.group(1) + ind, paragraph, count=1)


def place_signatures(xml: str) -> str:
    """Set the right indents of each 署名 paragraph and the 成文日期 paragraph after it.

    Works on the rendered XML text: only the few 落款 paragraphs are touched, so no parse is needed.
    """
    sig_mark = f'<w:pStyle w:val="{STYLES["signature"].style_id}"/>'
    date_mark = f'<w:pStyle w:val="{STYLES["date"].style_id}"/>'
    edits = []
    pos = xml.find(sig_mark)
    while pos != -1:
        s_start, s_end = _paragraph_around(xml, pos)
        d_pos = xml.find(date_mark, s_end)
        if d_pos == -1:
            break
        d_start, d_end = _paragraph_around(xml, d_pos)
        if d_start == s_end or xml[s_end:d_start].strip() == "":
            signature, date = xml[s_start:s_end], xml[d_start:d_end]
            sig_chars, date_chars = signature_indents(_unescape("".join(_TEXT.findall(signature))),
                                                      _unescape("".join(_TEXT.findall(date))))
            edits.append((s_start, s_end, _with_right_indent(signature, sig_chars)))
            edits.append((d_start, d_end, _with_right_indent(date, date_chars)))
        pos = xml.find(sig_mark, s_end)
    for start, end, new in sorted(edits, reverse=True):
        xml = xml[:start] + new + xml[end:]
    return xml


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


__all__ = ["STYLES", "Style", "apply", "place_signatures", "signature_indents", "styles_xml"]
