"""Builders of .docx files for ``docgen check``: one conformant 公文 and deliberately broken variants.

Built with python-docx + lxml, independently of docgen's renderer, the way a hand-made Word
document is put together: styles carry the East Asian fonts, headings are typed text, the
level-2 heading is an inline run with a character style, footers hold a PAGE field.

``build(path, spec)`` writes the document described by :class:`Spec`; ``CONFORMANT`` is the
clean one and ``VARIANTS`` maps a name to (spec, rule id the checker must report).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from docgen import gbt9704 as std

BODY = ("为深入推进校园安全工作，切实保障师生生命财产安全，根据上级有关部署，结合我市教育系统实际，"
        "现就做好2026年春季学期校园安全工作通知如下。")


@dataclass(frozen=True)
class Spec:
    """Every knob a variant can turn; the defaults make a conformant document."""

    page_mm: tuple[float, float] = (std.PAGE_WIDTH_MM, std.PAGE_HEIGHT_MM)
    margins_mm: tuple[float, float, float, float] = (std.MARGIN_TOP_MM, std.MARGIN_BOTTOM_MM,
                                                     std.MARGIN_LEFT_MM, std.MARGIN_RIGHT_MM)
    title_font: Optional[str] = None          # direct run override of the title's East Asian font
    title_size: Optional[float] = None        # direct run override of the title's size (pt)
    body_slot_only_ascii: bool = False        # body runs name 仿宋 only in ascii/hAnsi; Normal has no eastAsia
    style_chain: bool = False                 # fonts two basedOn levels up; runs carry no rPr at all
    theme_body: Optional[str] = None          # Normal uses eastAsiaTheme=minorEastAsia; theme Hans font = this
    h1: tuple[str, ...] = ("一、总体要求", "二、工作任务", "三、保障措施")
    h2_font: Optional[str] = None             # direct eastAsia on the inline （一） run (overrides 楷体 style)
    line: tuple[int, str] = (std.LINE_PITCH_TWIPS, "exact")
    indent: bool = True
    footer: str = "simple"                    # simple | complex | hyphen | nofield | none
    even_odd: bool = True
    date: str = "2026年3月5日"
    doc_number: str = "临教发〔2026〕8号"
    body_text: str = BODY
    extra_body: tuple[str, ...] = ()
    title: tuple[str, ...] = ("临川市教育局", "关于做好2026年春季学期校园安全工作的通知")  # lines (w:br between)


CONFORMANT = Spec()


# --------------------------------------------------------------------------- style helpers

def _rfonts(east_asia: Optional[str], latin: str = std.FONT_LATIN, ascii_only: Optional[str] = None) -> str:
    if ascii_only:
        return f'<w:rFonts w:ascii="{ascii_only}" w:hAnsi="{ascii_only}"/>'
    ea = f' w:eastAsia="{east_asia}"' if east_asia else ""
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}"{ea} w:cs="{latin}"/>'


def _add_style(styles, xml: str) -> None:
    styles.element.append(parse_xml(xml))


def _pstyle(sid: str, name: str, *, based: Optional[str] = "Normal", font: Optional[str] = None,
            size: Optional[float] = None, jc: Optional[str] = None, first_line: Optional[int] = None,
            color: Optional[str] = None, extra_ppr: str = "", right_chars: int = 0) -> str:
    ppr = extra_ppr
    if first_line is not None or right_chars:
        attrs = ""
        if first_line is not None:
            attrs += f' w:firstLine="{first_line * 16 * 20 // 100}" w:firstLineChars="{first_line}"'
        if right_chars:
            attrs += f' w:right="{right_chars * 320}" w:rightChars="{right_chars * 100}"'
        ppr += f"<w:ind{attrs}/>"
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    rpr = _rfonts(font) if font else ""
    if color:
        rpr += f'<w:color w:val="{color}"/>'
    if size:
        rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>{based_xml}'
            f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def _cstyle(sid: str, name: str, font: str, based: Optional[str] = None) -> str:
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    rpr = f'<w:rFonts w:eastAsia="{font}"/>' if font else ""
    return (f'<w:style {nsdecls("w")} w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>{based_xml}'
            f'<w:rPr>{rpr}</w:rPr></w:style>')


def _setup_styles(document, spec: Spec) -> None:
    styles = document.styles
    root = styles.element
    # Document defaults: 宋体 in the East Asian slot (what Word ships), 3号; the styles must override it.
    rpr_default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr_default):
        rpr_default.remove(child)
    rpr_default.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{std.FONT_LATIN}" w:hAnsi="{std.FONT_LATIN}" '
                                 f'w:eastAsia="宋体" w:cs="{std.FONT_LATIN}"/>'))
    rpr_default.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{round(std.BODY_SIZE_PT * 2)}"/>'))
    ppr_default = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr_default):
        ppr_default.remove(child)

    normal = styles["Normal"].element
    for tag in ("w:pPr", "w:rPr"):
        old = normal.find(qn(tag))
        if old is not None:
            normal.remove(old)
    line, rule = spec.line
    ind = '<w:ind w:firstLine="640" w:firstLineChars="200"/>' if spec.indent else ""
    normal.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="{line}" '
                            f'w:lineRule="{rule}"/>{ind}<w:jc w:val="both"/></w:pPr>'))
    if spec.theme_body:
        normal_fonts = f'<w:rFonts w:ascii="{std.FONT_LATIN}" w:hAnsi="{std.FONT_LATIN}" w:eastAsiaTheme="minorEastAsia"/>'
    elif spec.body_slot_only_ascii or spec.style_chain:
        normal_fonts = ""
    else:
        normal_fonts = _rfonts(std.FONT_BODY)
    normal.append(parse_xml(f'<w:rPr {nsdecls("w")}>{normal_fonts}<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'))

    flat = 0
    _add_style(styles, _pstyle("GwIssuer", "发文机关标志", font=std.FONT_TITLE, size=std.ISSUER_MARK_SIZE_PT,
                               jc="center", first_line=flat, color=std.ISSUER_MARK_COLOR))
    _add_style(styles, _pstyle("GwDocNumber", "发文字号", font=std.FONT_BODY, jc="center", first_line=flat))
    _add_style(styles, _pstyle("GwTitle", "公文标题", font=std.FONT_TITLE, size=std.TITLE_SIZE_PT, jc="center",
                               first_line=flat))
    _add_style(styles, _pstyle("GwFlush", "公文顶格", font=std.FONT_BODY, first_line=flat))
    # 署名 and date of equal width: the date keeps two characters of right indent, the name moves left.
    _add_style(styles, _pstyle("GwSignature", "公文署名", font=std.FONT_BODY, jc="right", first_line=flat,
                               right_chars=4))
    _add_style(styles, _pstyle("GwDate", "公文成文日期", font=std.FONT_BODY, jc="right", first_line=flat,
                               right_chars=2))
    _add_style(styles, _pstyle("GwBanji", "公文版记", font=std.FONT_BODY, size=std.BANJI_SIZE_PT, first_line=flat))
    _add_style(styles, _pstyle("GwTableText", "公文表格文字", font=std.FONT_BODY, size=std.BANJI_SIZE_PT,
                               jc="center", first_line=flat))
    _add_style(styles, _pstyle("GwAttachList", "附件说明续行", font=std.FONT_BODY,
                               extra_ppr='<w:ind w:left="1600" w:firstLine="0" w:firstLineChars="0"/>'))
    _add_style(styles, _cstyle("GwKai", "公文楷体", std.FONT_HEADING_2))
    if spec.style_chain:
        # Body font two levels up the paragraph chain; the 楷体 run through a derived character style.
        _add_style(styles, _pstyle("GwBodyBase", "正文基础", font=std.FONT_BODY))
        _add_style(styles, _pstyle("GwBody", "正文", based="GwBodyBase"))
        _add_style(styles, _pstyle("GwHeading1", "公文一级标题", based="GwBody", font=std.FONT_HEADING_1))
        _add_style(styles, _cstyle("GwKaiDerived", "公文楷体派生", "", based="GwKai"))
    else:
        _add_style(styles, _pstyle("GwHeading1", "公文一级标题", font=std.FONT_HEADING_1))
    footer = styles["Footer"].element if "Footer" in [s.style_id for s in styles] else None
    if footer is not None:
        footer.getparent().remove(footer)
    _add_style(styles, _pstyle("Footer", "footer", font=std.FONT_PAGE_NUMBER, size=std.PAGE_NUMBER_SIZE_PT,
                               first_line=flat).replace(
        f'w:ascii="{std.FONT_LATIN}" w:hAnsi="{std.FONT_LATIN}"',
        f'w:ascii="{std.FONT_PAGE_NUMBER}" w:hAnsi="{std.FONT_PAGE_NUMBER}"'))


# --------------------------------------------------------------------------- content helpers

def _style(document, style_id: str):
    """A style by its id (python-docx looks styles up by name)."""
    return next(s for s in document.styles if s.style_id == style_id)


def _para(document, text: str = "", style: Optional[str] = None):
    p = document.add_paragraph(style=_style(document, style) if style else None)
    if text:
        p.add_run(text)
    return p


def _run_fonts(run, *, east_asia: Optional[str] = None, size: Optional[float] = None,
               ascii_only: Optional[str] = None) -> None:
    rpr = run._element.get_or_add_rPr()
    if east_asia or ascii_only:
        rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} ' + (
            f'w:ascii="{ascii_only}" w:hAnsi="{ascii_only}"/>' if ascii_only else f'w:eastAsia="{east_asia}"/>')))
    if size:
        rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{round(size * 2)}"/>'))


def _body(document, spec: Spec, text: str):
    p = _para(document, text, "GwBody" if spec.style_chain else None)
    if spec.body_slot_only_ascii:
        for r in p.runs:
            _run_fonts(r, ascii_only=std.FONT_BODY)
    return p


def _h2_inline(document, spec: Spec, head: str, rest: str) -> None:
    p = document.add_paragraph(style=_style(document, "GwBody") if spec.style_chain else None)
    r = p.add_run(head)
    r.style = _style(document, "GwKaiDerived" if spec.style_chain else "GwKai")
    if spec.h2_font:
        _run_fonts(r, east_asia=spec.h2_font)
    p.add_run(rest)


def _footer(document, section, spec: Spec, even: bool) -> None:
    footer = section.even_page_footer if even else section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = _style(document, "Footer")
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if even else WD_ALIGN_PARAGRAPH.RIGHT
    if not spec.even_odd:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dash = "-" if spec.footer == "hyphen" else std.PAGE_NUMBER_DASH
    p.add_run(dash + " ")
    if spec.footer == "nofield":
        p.add_run("1")
    elif spec.footer == "complex":
        for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r {ns}><w:t>1</w:t></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
            p._p.append(parse_xml(xml.format(ns=nsdecls("w"))))
    else:
        p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    p.add_run(" " + dash)


# --------------------------------------------------------------------------- the document

def build(path: Path, spec: Spec = CONFORMANT) -> Path:
    path = Path(path)
    document = docx.Document()
    _setup_styles(document, spec)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(spec.page_mm[0]), Mm(spec.page_mm[1])
    top, bottom, left, right = spec.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)

    # 版头
    _para(document, "临川市教育局文件", "GwIssuer")
    _para(document, style="GwFlush")
    _para(document, style="GwFlush")
    _para(document, spec.doc_number, "GwDocNumber")
    _para(document, style="GwFlush")
    # 标题 and 主送
    # Two lines broken between words with a line break, as Word users do (20 2号 characters fit a line).
    title = _para(document, spec.title[0], "GwTitle")
    for line in spec.title[1:]:
        title.add_run().add_break()
        title.add_run(line)
    if spec.title_font or spec.title_size:
        for run in title.runs:
            _run_fonts(run, east_asia=spec.title_font, size=spec.title_size)
    _para(document, style="GwFlush")
    _para(document, "各区县教育局，局属各学校：", "GwFlush")
    # 正文 with every heading level
    _body(document, spec, spec.body_text)
    for text in spec.extra_body:
        _body(document, spec, text)
    h1 = list(spec.h1)
    _para(document, h1[0], "GwHeading1")
    _body(document, spec, "坚持安全第一、预防为主，压紧压实各方责任，确保校园安全形势持续稳定。")
    _para(document, h1[1], "GwHeading1")
    _h2_inline(document, spec, "（一）开展隐患排查。", "各学校要对校舍、消防、食堂等开展全面排查，建立问题清单。")
    _body(document, spec, "1.排查范围。覆盖全部校舍和附属设施。")
    _body(document, spec, "（1）校舍安全。重点检查老旧校舍和在建工程。")
    _body(document, spec, "（2）消防安全。重点检查消防通道和消防器材。")
    _body(document, spec, "2.排查方式。采取学校自查和教育局抽查相结合的方式进行。")
    _h2_inline(document, spec, "（二）加强安全教育。", "结合开学第一课，组织师生开展安全知识学习和应急疏散演练。")
    for text in h1[2:]:
        _para(document, text, "GwHeading1")
        _body(document, spec, "各单位要高度重视，主要负责人亲自抓，确保各项措施落实到位。")
    # a table (excluded from body font rules)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("序号", "单位"), ("1", "临川市第一中学"))):
        for cell, text in zip(row.cells, cells):
            cell.paragraphs[0].style = _style(document, "GwTableText")
            cell.paragraphs[0].add_run(text)
    # 附件说明, 落款, 版记
    _body(document, spec, "附件：1.临川市校园安全隐患排查清单")
    _para(document, "2.临川市校园安全工作联系人名单", "GwAttachList")
    _para(document, style="GwFlush")
    _para(document, "临川市教育局", "GwSignature")
    _para(document, spec.date, "GwDate")
    _para(document, style="GwFlush")
    _para(document, "抄送：市委办公室，市政府办公室。", "GwBanji")
    _para(document, "临川市教育局办公室　　　　　　　　　2026年3月5日印发", "GwBanji")

    if spec.footer != "none":
        _footer(document, section, spec, even=False)
        if spec.even_odd:
            _footer(document, section, spec, even=True)
    document.settings.odd_and_even_pages_header_footer = spec.even_odd
    document.save(str(path))
    if spec.theme_body:
        _patch_theme(path, spec.theme_body)
    return path


def _patch_theme(path: Path, hans_font: str) -> None:
    """Set the theme's minor East Asian (简体中文) font, as WPS/Word's theme dialogs do."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/theme/theme1.xml":
                text = data.decode("utf-8")
                minor = text.index("<a:minorFont>")
                head, tail = text[:minor], text[minor:]
                tail = re.sub(r'<a:font script="Hans" typeface="[^"]*"/>',
                              f'<a:font script="Hans" typeface="{hans_font}"/>', tail, count=1)
                data = (head + tail).encode("utf-8")
            z.writestr(info, data)


# --------------------------------------------------------------------------- the broken variants

VARIANTS: dict[str, tuple[Spec, str]] = {
    "margins": (replace(CONFORMANT, margins_mm=(25.4, 25.4, 31.8, 31.8)), "page.margins"),
    "letter": (replace(CONFORMANT, page_mm=(215.9, 279.4)), "page.size"),
    "title_hei_16": (replace(CONFORMANT, title_font="黑体", title_size=16), "font.title"),
    "body_ascii_slot": (replace(CONFORMANT, body_slot_only_ascii=True), "font.body"),
    "body_ascii_slot_warning": (replace(CONFORMANT, body_slot_only_ascii=True), "font.eastasia"),
    "body_theme_songti": (replace(CONFORMANT, theme_body="宋体"), "font.body"),
    "heading_gap": (replace(CONFORMANT, h1=("一、总体要求", "三、工作任务", "四、保障措施")), "heading.sequence"),
    "heading2_fangsong": (replace(CONFORMANT, h2_font="仿宋_GB2312"), "font.heading2"),
    "line_single": (replace(CONFORMANT, line=(240, "auto")), "line.spacing"),
    "no_indent": (replace(CONFORMANT, indent=False), "indent.first_line"),
    "footer_hyphen": (replace(CONFORMANT, footer="hyphen"), "page.number"),
    "footer_nofield": (replace(CONFORMANT, footer="nofield"), "page.number"),
    "footer_none": (replace(CONFORMANT, footer="none"), "page.number"),
    "date_iso": (replace(CONFORMANT, date="2026-03-05"), "date.format"),
    "date_leading_zero": (replace(CONFORMANT, date="2026年03月05日"), "date.format"),
    "date_chinese": (replace(CONFORMANT, date="二〇二六年三月五日"), "date.format"),
    "docnumber_square": (replace(CONFORMANT, doc_number="临教发[2026]8号"), "docnumber.brackets"),
    "docnumber_di": (replace(CONFORMANT, doc_number="临教发〔2026〕第8号"), "docnumber.brackets"),
    "docnumber_zero": (replace(CONFORMANT, doc_number="临教发〔2026〕08号"), "docnumber.brackets"),
    "halfwidth_comma": (replace(CONFORMANT, extra_body=("各学校要高度重视,认真组织实施。",)), "punct.halfwidth"),
    "straight_quotes": (replace(CONFORMANT, extra_body=('深入开展"平安校园"创建活动。',)), "punct.quotes"),
    "space_cjk": (replace(CONFORMANT, extra_body=("各学校要 认真落实安全责任。",)), "space.cjk"),
    "title_broken_in_word": (replace(CONFORMANT, title=("临川市教育局关于加强校园文化传", "播工作的通知")), "title.break"),
    "title_lone_character": (replace(CONFORMANT, title=("临川市教育局关于做好春季学期校园安全工作的通", "知")),
                             "title.break"),
    "title_wraps_in_word": (replace(CONFORMANT, title=("临川市教育局关于做好2026年春季学期校园安全工作的通知",)),
                            "title.break"),
}

#: Variants that must come out clean (no errors): fonts reached only through inheritance.
CLEAN_VARIANTS: dict[str, Spec] = {
    "conformant": CONFORMANT,
    "style_chain": replace(CONFORMANT, style_chain=True),
    "theme_fangsong": replace(CONFORMANT, theme_body="仿宋"),
    "complex_field": replace(CONFORMANT, footer="complex"),
    "title_one_line": replace(CONFORMANT, title=("关于做好2026年春季学期校园安全工作的通知",)),  # 20 characters
}


def with_footer_xml(path: Path, transform) -> Path:
    """Rewrite every footer part of ``path`` with ``transform(xml_text) -> xml_text``."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if re.match(r"word/footer\d*\.xml$", info.filename):
                data = transform(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)
    return path


__all__ = ["Spec", "CONFORMANT", "VARIANTS", "CLEAN_VARIANTS", "build", "with_footer_xml"]
