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

import html

import re
from dataclasses import dataclass
from typing import Mapping, Optional

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


def sect_geometry() -> dict[str, dict[str, int]]:
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
        if body is None:
            raise ValueError("word/document.xml has no w:body")
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
    defaults = new.find(f"{W}docDefaults")
    if defaults is not None:   # always, in docgen's styles
        root.insert(0, defaults)
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


def apply(parts: Mapping[str, bytes]) -> Parts:
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
    # Every reference, not only &lt; &gt; &amp;: Jinja writes ' and " as &#39; and &#34;, and a title
    # measured with "&#39;" as five characters is broken in the wrong place (工/作).
    return html.unescape(text)



# --- per document: title lines ------------------------------------------------------------

def _escaped_index(escaped: str, count: int) -> int:
    """Index in XML-escaped ``escaped`` after ``count`` characters of its unescaped text."""
    i = 0
    while count > 0 and i < len(escaped):
        if escaped[i] == "&":
            end = escaped.find(";", i)
            i = end + 1 if end != -1 else i + 1
        else:
            i += 1
        count -= 1
    return i


def _insert_line_breaks(paragraph: str, offsets: list[int]) -> str:
    """``paragraph`` with a ``<w:br/>`` after each of the (unescaped) character ``offsets`` of its text."""
    cuts: list[int] = []
    seen = 0
    pending = sorted(offsets)
    for match in _TEXT.finditer(paragraph):
        content = match.group(1)
        n = len(_unescape(content))
        while pending and pending[0] <= seen + n:
            cuts.append(match.start(1) + _escaped_index(content, pending.pop(0) - seen))
        seen += n
    brk = '</w:t><w:br/><w:t xml:space="preserve">'
    for cut in sorted(cuts, reverse=True):
        paragraph = paragraph[:cut] + brk + paragraph[cut:]
    return paragraph


def break_titles(xml: str) -> str:
    """Break each title (style ``title``) longer than one line into balanced lines at word boundaries.

    Lines are separated by ``<w:br/>`` inside the one title paragraph, as Word does; a title that
    already holds a line break (set by the user) is left alone.  See :mod:`docgen.titlebreak`.
    """
    from .titlebreak import break_title

    mark = f'<w:pStyle w:val="{STYLES["title"].style_id}"/>'
    edits = []
    pos = xml.find(mark)
    while pos != -1:
        start, end = _paragraph_around(xml, pos)
        paragraph = xml[start:end]
        if "<w:br" not in paragraph:
            text = _unescape("".join(_TEXT.findall(paragraph)))
            lines = break_title(text, std.TITLE_CHARS_PER_LINE)
            if len(lines) > 1:
                offsets, total = [], 0
                for line in lines[:-1]:
                    total += len(line)
                    offsets.append(total)
                edits.append((start, end, _insert_line_breaks(paragraph, offsets)))
        pos = xml.find(mark, end)
    for start, end, new in sorted(edits, reverse=True):
        xml = xml[:start] + new + xml[end:]
    return xml


# --- per document: keep the 落款 page with body text ------------------------------------------------
# GB/T 9704 7.3.5: when the 附件说明 and 落款 do not fit below the body, adjust line spacing (行距)
# rather than let them stand alone on a page.  docgen estimates where lines fall (every body line is
# on the fixed grid of 28 characters and 22 lines) and tightens the 落款 page when needed.
#: How close to the page bottom an estimated 落款 may end before docgen tightens anyway: the estimate
#: cannot know each renderer's height of the 发文机关标志 line or every line break exactly.
_SAFETY_PT = 0.6 * std.LINE_PITCH_PT
_PAGE_PT = std.TYPE_AREA_HEIGHT_MM / std.MM_PER_INCH * 72
_TYPE_WIDTH_PT = std.TYPE_AREA_WIDTH_MM / std.MM_PER_INCH * 72

_BLOCK = re.compile(r"<w:(p|tbl)\b[^>]*?(/?)>|</w:(p|tbl)>")
_PSTYLE = re.compile(r'<w:pStyle w:val="([^"]+)"/>')
_TEXT_OR_BR = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:br/>")
_STYLES_BY_ID = {s.style_id: s for s in STYLES.values()}


@dataclass
class _Para:
    start: int
    end: int
    style: Style
    text: str
    page_break: bool


def _body_blocks(xml: str, stop: Optional[int] = None) -> list[Optional[_Para]]:
    """Top-level paragraphs (as :class:`_Para`) and tables (as ``None``) of the document body, in order
    (up to position ``stop``)."""
    body = xml.find("<w:body")
    out: list[Optional[_Para]] = []
    depth_tbl = 0
    p_start = None
    for m in _BLOCK.finditer(xml, body if body != -1 else 0, len(xml) if stop is None else stop):
        opening, selfclosing, closing = m.group(1), m.group(2), m.group(3)
        if opening == "tbl":
            if depth_tbl == 0:
                out.append(None)
            depth_tbl += 1
        elif closing == "tbl":
            depth_tbl = max(depth_tbl - 1, 0)
        elif depth_tbl:
            continue
        elif opening == "p":
            if selfclosing:
                out.append(_Para(m.start(), m.end(), STYLES["body"], "", False))
            elif p_start is None:
                p_start = m.start()
        elif closing == "p" and p_start is not None:
            para = xml[p_start:m.end()]
            sid = _PSTYLE.search(para)
            style = _STYLES_BY_ID.get(sid.group(1), STYLES["body"]) if sid else STYLES["body"]
            text = "".join("\n" if m2.group(1) is None else m2.group(1) for m2 in _TEXT_OR_BR.finditer(para))
            out.append(_Para(p_start, m.end(), style, _unescape(text),
                             style.page_break_before or 'w:type="page"' in para or "<w:pageBreakBefore/>" in para))
            p_start = None
    return out


def _chars_per_line(style: Style) -> float:
    spacing = (style.char_spacing or 0) / std.TWIPS_PER_PT
    return _TYPE_WIDTH_PT // (style.size + spacing) - style.left_chars - style.right_chars


def _height(para: _Para) -> tuple[float, int]:
    """Estimated height (pt) of a paragraph, and how many of its lines sit on the fixed pitch."""
    style = para.style
    if not style.line_exact:
        return style.space_before_twips / std.TWIPS_PER_PT + style.size * 1.6, 0
    from .text import display_width

    per_line = _chars_per_line(style)
    lines = 0
    for piece in para.text.split("\n"):
        width = display_width(piece)
        first = per_line - (style.first_line_chars or 0) + style.hanging_chars
        lines += 1 if width <= first else 1 + int(-(-(width - first) // per_line))
    extra = 0.0
    if style.rule_below:  # 发文字号: the red line below it
        extra = style.rule_below[2] + style.rule_below[1]
    return style.space_before_twips / std.TWIPS_PER_PT + lines * std.LINE_PITCH_PT + extra, lines


def _closing_blocks(blocks: list[Optional[_Para]]) -> list[tuple[int, int]]:
    """(first, last) block index of each 落款 block: 附件说明 lines, blank, 署名, 成文日期."""
    sig, date = STYLES["signature"].style_id, STYLES["date"].style_id
    keep = {STYLES[k].style_id for k in ("attachment_note", "attachment_more", "gap")}
    out = []
    for i, b in enumerate(blocks):
        if b is not None and b.style.style_id == sig and i + 1 < len(blocks) and _style_id(blocks[i + 1]) == date:
            first = i
            while first > 0 and _style_id(blocks[first - 1]) in keep:
                first -= 1
            out.append((first, i + 1))
    return out


def _style_id(block: Optional[_Para]) -> Optional[str]:
    """The style of a paragraph block; None for a table."""
    return None if block is None else block.style.style_id


def _paragraph(block: Optional[_Para]) -> _Para:
    """``block``, known to be a paragraph: the page runs :func:`keep_closing_with_body` walks hold no table."""
    if block is None:
        raise ValueError("a table inside a page run")
    return block


def _expanded(paragraph: str) -> str:
    """``<w:p/>`` as ``<w:p></w:p>``, so properties can go inside."""
    return paragraph[:-2] + "></w:p>" if paragraph.endswith("/>") else paragraph


def _set_line_pitch(paragraph: str, twips: int) -> str:
    """``paragraph`` with a direct exact line pitch of ``twips`` (CT_PPr order kept)."""
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{twips}" w:lineRule="exact"/>'
    paragraph = _expanded(paragraph)
    open_end = paragraph.index(">") + 1
    ppr = re.match(r"<w:pPr>(.*?)</w:pPr>", paragraph[open_end:], re.S)
    if ppr is None:
        return paragraph[:open_end] + f"<w:pPr>{spacing}</w:pPr>" + paragraph[open_end:]
    inner = ppr.group(1)
    rpr_at = inner.find("<w:rPr")
    head = inner if rpr_at == -1 else inner[:rpr_at]
    if "<w:spacing " in head:
        inner = re.sub(r"<w:spacing [^>]*/>", spacing, inner, count=1)
    else:
        after = re.search(r"<w:(?:ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|"
                          r"textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b", inner)
        at = after.start() if after else len(inner)
        inner = inner[:at] + spacing + inner[at:]
    return paragraph[:open_end] + f"<w:pPr>{inner}</w:pPr>" + paragraph[open_end + ppr.end():]


def _add_keep_next(paragraph: str) -> str:
    if "<w:keepNext/>" in paragraph:
        return paragraph
    paragraph = _expanded(paragraph)
    open_end = paragraph.index(">") + 1
    if paragraph.startswith("<w:pPr>", open_end):
        pstyle = _PSTYLE.match(paragraph, open_end + len("<w:pPr>"))
        at = pstyle.end() if pstyle else open_end + len("<w:pPr>")
        return paragraph[:at] + "<w:keepNext/>" + paragraph[at:]
    return paragraph[:open_end] + "<w:pPr><w:keepNext/></w:pPr>" + paragraph[open_end:]


def _tightenable(para: _Para) -> bool:
    """Lines whose pitch may shrink on a crowded 落款 page: body text, not the 版头 or the title."""
    style = para.style
    return style.line_exact and style.rule_below is None and style.style_id != STYLES["title"].style_id


def keep_closing_with_body(xml: str) -> str:
    """Make sure no 落款 (附件说明, 署名, 成文日期) stands alone on a page.

    The page a 落款 falls on is estimated from the start of its page run (the document start or a
    page break): every body line sits on the fixed grid, so heights add up.  If the 落款 would not
    fit below the body, or would end too close to the bottom for the estimate to be sure, the body
    lines of that page are tightened (GB/T 9704 7.3.5: 调整行距), down to
    :data:`gbt9704.TIGHTENED_LINE_PITCH_MIN_PT`.  Always, the last body paragraph is kept with the 落款, so that
    should the 落款 move on regardless, body text moves with it.  Page runs holding a table are not
    estimated (only kept together).
    """
    last_date = xml.rfind(f'<w:pStyle w:val="{STYLES["date"].style_id}"/>')
    if last_date == -1:
        return xml  # no 落款
    blocks = _body_blocks(xml, xml.find("</w:p>", last_date) + len("</w:p>"))
    edits: dict[int, tuple[int, str]] = {}
    pitch0 = std.LINE_PITCH_PT
    for first, last in _closing_blocks(blocks):
        begin = first
        while begin > 0 and blocks[begin - 1] is not None and not _paragraph(blocks[begin]).page_break:
            begin -= 1
        # Keep the last body paragraph (and the blank lines after it) with the 落款: should the 落款 move
        # to a new page after all, body text moves with it.
        i = first - 1
        while i >= 0:
            b = blocks[i]
            if b is None:
                break
            edits[b.start] = (b.end, _add_keep_next(xml[b.start:b.end]))
            if b.text.strip():
                break
            i -= 1
        if (begin > 0 and blocks[begin - 1] is None) or blocks[begin] is None:
            continue  # a table before the 落款 on this page run: heights unknown, no tightening
        # Walk the page run; remember what sits on the current page: [index, lines here, fixed height].
        run = {i: _paragraph(blocks[i]) for i in range(begin, last + 1)}
        y = 0.0
        on_page: list[tuple[int, int, float]] = []
        for i in range(begin, first):
            h, lines = _height(run[i])
            if lines == 0 or h - lines * pitch0 > 0.5:  # off the grid (标志) or with a rule (发文字号): whole
                if y + h > _PAGE_PT + 0.5:
                    y, on_page = 0.0, []
                y += h
                on_page.append((i, 0 if lines == 0 else lines, h))
                continue
            on_page.append((i, 0, 0.0))
            for _ in range(lines):  # lines flow on to the next page one by one
                if y + pitch0 > _PAGE_PT + 0.5:
                    y, on_page = 0.0, [(i, 0, 0.0)]
                y += pitch0
                on_page[-1] = (i, on_page[-1][1] + 1, 0.0)
        for i in range(first, last + 1):
            h, lines = _height(run[i])
            y += h
            on_page.append((i, lines, h))
        if _PAGE_PT - y >= _SAFETY_PT or y <= 0:
            continue
        fixed = sum(h or lines * pitch0 for i, lines, h in on_page if not _tightenable(run[i]))
        flexible = sum(lines for i, lines, _ in on_page if _tightenable(run[i]))
        if flexible and _body_text_before(blocks, first, begin):
            fit = (_PAGE_PT - fixed) / flexible
            safe = (_PAGE_PT - _SAFETY_PT - fixed) / flexible
            if fit >= std.TIGHTENED_LINE_PITCH_MIN_PT:
                twips = int(min(pitch0, max(std.TIGHTENED_LINE_PITCH_MIN_PT, safe)) * std.TWIPS_PER_PT)
                for i, _, _ in on_page:
                    if _tightenable(run[i]):
                        b = run[i]
                        end, current = edits.get(b.start, (b.end, xml[b.start:b.end]))
                        edits[b.start] = (end, _set_line_pitch(current, twips))
    for start in sorted(edits, reverse=True):
        end, new = edits[start]
        xml = xml[:start] + new + xml[end:]
    return xml


def _body_text_before(blocks: list[Optional[_Para]], first: int, begin: int) -> bool:
    """Whether a paragraph with text comes before the 落款 block in its page run."""
    return any(block is not None and block.text.strip() for block in blocks[begin:first])


def finish(xml: str) -> str:
    """The per-document layout pass over rendered document XML: title lines, 落款 placement, 落款 page."""
    return keep_closing_with_body(place_signatures(break_titles(xml)))


__all__ = ["STYLES", "Style", "apply", "break_titles", "finish", "keep_closing_with_body", "place_signatures",
           "signature_indents", "styles_xml"]
