"""Build the corpus of 公文 .docx files that docgen did not write, with the findings each must get.

Each document is made the way another tool makes it — python-docx generators (fonts set on every
run, PAGE fields written inside one ``w:r``, ``first_line_indent`` or ``w:ind left`` indents,
python-docx's own docDefaults), Word's auto-numbering (``w:numPr`` for 一、 and （一）), page numbers
in a frame aligned ``outside``, WPS-style character-based indents — and is either conformant (no
finding expected) or carries deliberate deviations, recorded here as they are made: the expected
findings never come from running ``docgen check``.

    python tests/real/make_corpus.py            # rewrite tests/real/*.docx and *.json

Each ``NAME.json`` holds ``{"tool": ..., "findings": [{"rule", "severity", "paragraph"}]}``;
``paragraph`` is the 1-based body paragraph (python-docx's ``Document.paragraphs``) or null for a
finding about the whole document.  A finding the checker reports once for many paragraphs is
expected once, at the first of them.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent

FANG, HEI, KAI, XBS, SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
BODY_PT, TITLE_PT, PAGE_PT = 16, 22, 14
PITCH = Pt(28.95)
DASH = "\u2014"


@dataclass
class Doc:
    """A document being built and the findings it must get."""

    name: str
    tool: str
    document: docx.document.Document
    expected: list[dict] = field(default_factory=list)

    @property
    def next_index(self) -> int:
        return len(self.document.paragraphs) + 1

    def expect(self, rule: str, paragraph: Optional[int], severity: str = "error") -> None:
        self.expected.append({"rule": rule, "severity": severity, "paragraph": paragraph})


# --------------------------------------------------------------------------- the python-docx idioms

def set_run_font(run, east_asia: str, size: float, *, latin: str = "Times New Roman", bold: bool = False,
                 color: Optional[str] = None) -> None:
    """What most python-docx generators do: font.name for Latin, rFonts/@eastAsia for Chinese."""
    run.font.name = latin
    run.font.size = Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), east_asia)
    if bold:
        run.font.bold = True
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def grid(paragraph, *, first_line: Optional[float] = None, exact: bool = True) -> None:
    pf = paragraph.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing = PITCH
    if first_line is not None:
        pf.first_line_indent = Pt(first_line)


def add_text(d: Doc, text: str, font: str = FANG, size: float = BODY_PT, *, indent: Optional[float] = 32,
             align=None, bold: bool = False, color: Optional[str] = None, runs: Optional[list] = None):
    """A paragraph with direct formatting on the paragraph and every run (python-docx generator style)."""
    p = d.document.add_paragraph()
    grid(p, first_line=indent)
    if align is not None:
        p.alignment = align
    for piece, piece_font in (runs or [(text, font)]):
        if piece:
            set_run_font(p.add_run(piece), piece_font, size, bold=bold, color=color)
    return p


def blank(d: Doc):
    p = d.document.add_paragraph()
    grid(p)
    return p


def right_indent(p, chars: float, size: float = BODY_PT) -> None:
    p.paragraph_format.right_indent = Pt(chars * size)


def page_number_paragraph(paragraph, *, dash: str = DASH, latin: str = SONG, size: float = PAGE_PT,
                          separate: bool = True) -> None:
    """“— 1 —” with the PAGE field as python-docx recipes write it: fldChar begin, instrText,
    (separate, result,) fldChar end — all inside one w:r."""
    set_run_font(paragraph.add_run(dash + " "), SONG, size, latin=latin)
    run = paragraph.add_run()
    set_run_font(run, SONG, size, latin=latin)
    r = run._r
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("result", "1"), ("end", None)):
        if not separate and kind in ("separate", "result"):
            continue
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "result":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r.append(el)
    set_run_font(paragraph.add_run(" " + dash), SONG, size, latin=latin)


def odd_even_footers(d: Doc, *, dash: str = DASH, latin: str = SONG, size: float = PAGE_PT,
                     separate: bool = True) -> None:
    section = d.document.sections[0]
    d.document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = side
        if side == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(PAGE_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_PT)
        page_number_paragraph(p, dash=dash, latin=latin, size=size, separate=separate)


def framed_footer(d: Doc) -> None:
    """One footer; the number sits in a frame aligned to the outside edge (right on odd, left on even pages)."""
    section = d.document.sections[0]
    p = section.footer.paragraphs[0]
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:framePr {nsdecls("w")} w:wrap="around" w:vAnchor="text" w:hAnchor="margin" w:xAlign="outside" w:y="1"/>'))
    page_number_paragraph(p)


def new_document(name: str, tool: str, *, defaults_fixed: bool = True) -> Doc:
    """An A4 document with GB/T 9704 margins; python-docx's docDefaults (10 pt after, 1.15 lines) are
    replaced by the 28.95 pt grid unless ``defaults_fixed`` is False."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    if defaults_fixed:
        ppr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        spacing = ppr.find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "579")
        spacing.set(qn("w:lineRule"), "exact")
    return Doc(name, tool, document)


# --------------------------------------------------------------------------- building blocks

def header_block(d: Doc, issuer: str, number: str, *, signer: Optional[str] = None) -> None:
    p = add_text(d, issuer, XBS, 26, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, color="FF0000")
    p.paragraph_format.space_before = Mm(35)
    p.paragraph_format.line_spacing = None
    blank(d)
    blank(d)
    if signer:
        text = [(number, FANG), ("　　　　　　　　签发人：", FANG), (signer, KAI)]
        p = add_text(d, "", indent=0, runs=text)
        p.paragraph_format.left_indent = Pt(BODY_PT)
    else:
        p = add_text(d, number, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" w:space="11" w:color="FF0000"/></w:pBdr>'))
    blank(d)
    blank(d)


def title(d: Doc, *lines: str, bold: bool = False):
    p = d.document.add_paragraph()
    grid(p, first_line=0)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(lines):
        run = p.add_run(line)
        set_run_font(run, XBS, TITLE_PT, bold=bold)
        if i < len(lines) - 1:
            run.add_break()
    return p


def closing(d: Doc, unit: str, date: str, *, sig_right: float = 4, date_right: float = 2,
            align=WD_ALIGN_PARAGRAPH.RIGHT) -> tuple:
    s = add_text(d, unit, indent=0, align=align)
    right_indent(s, sig_right)
    t = add_text(d, date, indent=0, align=align)
    right_indent(t, date_right)
    return s, t


def attachment_note(d: Doc, names: list[str], *, align=None):
    """附件说明 with a hanging indent: “附件：” two characters in, names aligned under the first name."""
    first = add_text(d, f"附件：{'1.' if len(names) > 1 else ''}{names[0]}", indent=None, align=align)
    first.paragraph_format.left_indent = Pt(BODY_PT * 6)
    first.paragraph_format.first_line_indent = Pt(-BODY_PT * 4)
    for i, name in enumerate(names[1:], 2):
        more = add_text(d, f"{i}.{name}", indent=None)
        more.paragraph_format.left_indent = Pt(BODY_PT * 5)
    return first


def attachment_page(d: Doc, label: str, heading: str, body: list[str]) -> None:
    p = add_text(d, label, HEI, indent=0)
    p.paragraph_format.page_break_before = True
    blank(d)
    title(d, heading)
    blank(d)
    for text in body:
        add_text(d, text)


BODY = [
    "为深入推进校园安全工作，切实保障师生生命财产安全，根据上级有关部署，结合我市教育系统实际，现就有关事项通知如下。",
]


def standard_body(d: Doc) -> None:
    add_text(d, BODY[0])
    add_text(d, "一、总体要求", HEI)
    add_text(d, "坚持安全第一、预防为主，压紧压实各方责任，确保校园安全形势持续稳定。")
    add_text(d, "二、工作任务", HEI)
    add_text(d, "", runs=[("（一）开展隐患排查。", KAI), ("各学校要对校舍、消防、食堂等开展全面排查，建立问题清单。", FANG)])
    add_text(d, "1.排查范围。覆盖全部校舍和附属设施。")
    add_text(d, "（1）校舍安全。重点检查老旧校舍和在建工程。")
    add_text(d, "（2）消防安全。重点检查消防通道和消防器材。")
    add_text(d, "2.排查方式。采取学校自查和教育局抽查相结合的方式进行。")
    add_text(d, "", runs=[("（二）加强安全教育。", KAI), ("结合开学第一课，组织师生开展安全知识学习和应急疏散演练。", FANG)])
    add_text(d, "三、工作要求", HEI)
    add_text(d, "各单位要高度重视，主要负责人亲自抓，确保各项措施落实到位。")


# --------------------------------------------------------------------------- conformant documents

def pydocx_notice() -> Doc:
    d = new_document("pydocx_notice", "python-docx generator: fonts on every run, first_line_indent, PAGE field "
                     "in one w:r, 附件说明 with a hanging indent, 附注 with 联系人, 附件 label page")
    header_block(d, "临川市教育局文件", "临教发〔2026〕8号")
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知")
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    standard_body(d)
    blank(d)
    attachment_note(d, ["临川市校园安全隐患排查清单", "临川市校园安全工作联系人名单"])
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    add_text(d, "（联系人：张三，联系电话：0791-86781234）")
    attachment_page(d, "附件1", "临川市校园安全隐患排查清单",
                    ["各学校对照清单逐项排查，发现问题立即整改，并于每月5日前报送排查情况。"])
    odd_even_footers(d)
    return d


def numbered_plan() -> Doc:
    """Headings from Word's auto-numbering; indents from the numbering levels and w:ind left."""
    d = new_document("numbered_plan", "Word auto-numbering (w:numPr) for 一、 and （一）, indents set by the "
                     "numbering levels (left/hanging), body indented with w:ind left, page number in a frame "
                     "aligned outside")
    doc = d.document
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="1280" w:hanging="640"/></w:pPr>'
        f'<w:rPr><w:rFonts w:eastAsia="{HEI}"/></w:rPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>'
        f'<w:rPr><w:rFonts w:eastAsia="{KAI}"/></w:rPr></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))

    def numbered(text: str, level: int, font: str):
        p = add_text(d, text, font, indent=None)
        p._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'))
        return p

    def body(text: str):
        p = add_text(d, text, indent=None)
        p.paragraph_format.left_indent = Pt(2 * BODY_PT)  # first line two characters in, as offices do
        return p

    title(d, "临川市教育局", "创建全国文明城市工作实施方案")
    blank(d)
    body("为深入推进全国文明城市创建工作，结合我局实际，制定本方案。")
    numbered("指导思想", 0, HEI)
    body("以习近平新时代中国特色社会主义思想为指导，全面提升师生文明素养。")
    numbered("主要任务", 0, HEI)
    numbered("加强思想道德建设。", 1, KAI)
    body("组织开展道德讲堂和志愿服务活动，每学期不少于两次。")
    numbered("优化校园环境。", 1, KAI)
    body("开展校园环境整治，做到整洁有序。")
    numbered("组织保障", 0, HEI)
    body("成立创建工作领导小组，统筹推进各项工作。")
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    framed_footer(d)
    return d


def minutes() -> Doc:
    d = new_document("minutes", "纪要 from a formatter: 出席/请假/列席 labels in 黑体, names after the colon in "
                     "仿宋 aligned with a hanging indent, names separated by spaces")
    title(d, "临川市教育局局务会议纪要")
    blank(d)
    add_text(d, "2026年3月2日，局长李明主持召开局务会议，研究部署春季学期校园安全工作。现纪要如下：")
    add_text(d, "一、会议听取了安全科关于校园安全隐患排查情况的汇报", HEI)
    add_text(d, "会议认为，各学校排查工作总体到位，但部分老旧校舍隐患整改进度偏慢。")
    add_text(d, "二、会议研究了下一步工作安排", HEI)
    add_text(d, "会议要求，安全科牵头，于3月底前完成全部隐患整改。")
    blank(d)
    for label, names in (("出席：", "李　明  王　芳  张　伟  刘　洋  陈　静  杨　帆  赵　磊  黄　敏  周　杰  吴　强"),
                         ("请假：", "孙　丽（出差）"), ("列席：", "安全科  办公室  财务科")):
        p = add_text(d, "", indent=None, runs=[(label, HEI), (names, FANG)])
        p.paragraph_format.left_indent = Pt(BODY_PT * 5)
        p.paragraph_format.first_line_indent = Pt(-BODY_PT * 3)
    odd_even_footers(d)
    return d


def report_with_signer() -> Doc:
    d = new_document("report_with_signer", "上行文 (请示) with 签发人 in the 版头, English sentences inside Chinese "
                     "text, a phone number with an area code, a URL and times")
    header_block(d, "临川市教育局文件", "临教〔2026〕3号", signer="李明")
    title(d, "临川市教育局", "关于举办2026年校园英语文化节的请示")
    blank(d)
    add_text(d, "市人民政府：", indent=0)
    add_text(d, "为提升学生英语应用能力，我局拟于2026年5月举办校园英语文化节，主题为“Are you ready?”，"
                "口号为“Learn, Share, Grow!”。现将有关事项请示如下。")
    add_text(d, "一、活动安排", HEI)
    add_text(d, "活动于每日8:30开始，报名网址为https://www.example.edu.cn/reg?id=2026，"
                "咨询电话(0791)86781234。")
    add_text(d, "二、经费预算", HEI)
    add_text(d, "活动经费约5万元，从教育专项经费中列支。The budget is modest, isn't it? 以上请示妥否，请批示。")
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    add_text(d, "（联系人：王芳，联系电话：0791-86781234）")
    odd_even_footers(d, separate=False)
    return d


def wps_chars() -> Doc:
    """WPS writes indents in characters (firstLineChars) and the grid in styles; fonts via styles."""
    d = new_document("wps_chars", "WPS-style: Normal style carries 仿宋 3号 and firstLineChars=200, headings "
                     "through styles, character-based indents, docGrid lines", defaults_fixed=False)
    doc = d.document
    styles = doc.styles.element
    ppr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr_default):
        ppr_default.remove(child)
    ppr_default.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="579" '
                                 'w:lineRule="exact"/>'))
    normal = doc.styles["Normal"].element
    normal.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:ind w:firstLineChars="200" w:firstLine="640"/>'
                            '<w:jc w:val="both"/></w:pPr>'))
    normal.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
                            f'w:eastAsia="{FANG}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="GwH1"><w:name w:val="公文一级标题"/>'
        f'<w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="{HEI}"/></w:rPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="GwTitle"><w:name w:val="公文标题"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f'<w:rPr><w:rFonts w:eastAsia="{XBS}"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="GwFlush"><w:name w:val="公文顶格"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="GwRight2"><w:name w:val="右空二字"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:rightChars="200" w:right="640" w:firstLineChars="0" '
        'w:firstLine="0"/><w:jc w:val="right"/></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="GwRight4"><w:name w:val="右空四字"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:rightChars="400" w:right="1280" w:firstLineChars="0" '
        'w:firstLine="0"/><w:jc w:val="right"/></w:pPr></w:style>'))

    def para(text: str, style: Optional[str] = None):
        p = doc.add_paragraph(text)
        if style:
            p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))
        return p

    para("临川市教育局2026年上半年创建", "GwTitle")
    para("全国文明城市工作总结", "GwTitle")
    para("", "GwFlush")
    para("市文明办：", "GwFlush")
    para("今年以来，我局坚持把创建全国文明城市作为重要政治任务，各项工作取得阶段性成效。现将有关情况报告如下。")
    para("一、主要工作", "GwH1")
    para("组织开展文明校园创建活动，全市已有12所学校达到市级文明校园标准。")
    para("二、存在问题", "GwH1")
    para("部分学校创建工作进展不平衡，长效机制有待完善。")
    para("", "GwFlush")
    para("临川市教育局", "GwRight4")
    para("2026年7月10日", "GwRight2")
    odd_even_footers(d)
    return d


def speech() -> Doc:
    d = new_document("speech", "讲话稿 from a generator: title, speaker and date centred in 楷体, 同志们： flush left")
    title(d, "在全市教育系统创建全国文明城市", "动员大会上的讲话")
    add_text(d, "临川市教育局局长　李明", KAI, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_text(d, "（2026年3月10日）", KAI, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    blank(d)
    add_text(d, "同志们：", indent=0)
    add_text(d, "今天，我们召开全市教育系统创建全国文明城市动员大会，主要任务是统一思想、明确任务、压实责任。")
    add_text(d, "一、提高站位，充分认识创建工作的重要意义", HEI)
    add_text(d, "创建全国文明城市是提升城市品质的重要抓手，教育系统责无旁贷。")
    add_text(d, "二、突出重点，扎实推进各项创建任务", HEI)
    add_text(d, "", runs=[("一是抓好思想道德建设。", FANG), ("要把社会主义核心价值观融入教育教学全过程。", FANG)])
    add_text(d, "同志们，创建工作任务艰巨、使命光荣，让我们携手并进，确保创建目标圆满实现！")
    odd_even_footers(d)
    return d


# --------------------------------------------------------------------------- documents with deviations

def attachment_label_centred() -> Doc:
    d = new_document("attachment_label_centred", "template that centres the 附件 label in 仿宋")
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知")
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    add_text(d, BODY[0])
    blank(d)
    attachment_note(d, ["临川市校园安全隐患排查清单"])
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    d.expect("attachment.label", d.next_index)  # not 黑体
    d.expect("attachment.label", d.next_index)  # centred
    p = add_text(d, "附件", indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.page_break_before = True
    blank(d)
    title(d, "临川市校园安全隐患排查清单")
    blank(d)
    add_text(d, "各学校对照清单逐项排查，发现问题立即整改。")
    odd_even_footers(d)
    return d


def word_defaults() -> Doc:
    d = new_document("word_defaults", "python-docx generator that keeps the template's docDefaults (10 pt after "
                     "every paragraph, 1.15 lines)", defaults_fixed=False)

    def text(t: str, font: str = FANG, indent: Optional[float] = 32, **kw):
        p = d.document.add_paragraph()
        if indent is not None:
            p.paragraph_format.first_line_indent = Pt(indent)
        for piece, f in kw.get("runs", [(t, font)]):
            set_run_font(p.add_run(piece), f, BODY_PT)
        if kw.get("align") is not None:
            p.alignment = kw["align"]
        return p

    tp = d.document.add_paragraph()
    tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(tp.add_run("临川市教育局关于开展读书月活动的通知"), XBS, TITLE_PT)
    first = d.next_index
    text("各中小学校：", indent=0)
    d.expect("spacing.paragraph", first)
    d.expect("line.spacing", first)
    text("为营造书香校园氛围，经研究，决定于2026年4月开展读书月活动。")
    text("一、活动时间", HEI)
    text("2026年4月1日至4月30日。")
    text("二、活动内容", HEI)
    text("开展好书推荐、读书分享会和征文比赛等活动。")
    odd_even_footers(d)
    return d


def bold_headings() -> Doc:
    d = new_document("bold_headings", "generator that bolds the title and the 黑体/楷体 headings")
    d.expect("font.bold", d.next_index)
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知", bold=True)
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    add_text(d, BODY[0])
    d.expect("font.bold", d.next_index)
    add_text(d, "一、总体要求", HEI, bold=True)
    add_text(d, "坚持安全第一、预防为主，确保校园安全形势持续稳定。")
    add_text(d, "二、工作任务", HEI, bold=True)  # same finding as 一、: reported once with a count
    d.expect("font.bold", d.next_index)
    p = add_text(d, "", runs=[("（一）开展隐患排查。", KAI), ("各学校要开展全面排查，建立问题清单。", FANG)])
    p.runs[0].font.bold = True
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    odd_even_footers(d)
    return d


def whole_paragraph_hei() -> Doc:
    d = new_document("whole_paragraph_hei", "formatter that sets the whole paragraph in 黑体 when it starts with 一、")
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知")
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    add_text(d, BODY[0])
    d.expect("font.body", d.next_index)
    add_text(d, "一、压实安全责任。各学校校长是校园安全第一责任人，要亲自部署、亲自检查。", HEI)
    add_text(d, "二、强化隐患排查。各学校要每月开展一次全面排查，建立台账、限期整改。", HEI)
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    odd_even_footers(d)
    return d


def misplaced_closing() -> Doc:
    d = new_document("misplaced_closing", "template with the salutation indented like body text, the 附件说明 "
                     "centred and the 落款 pushed to the right edge")
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知")
    blank(d)
    d.expect("salutation.indent", d.next_index)
    add_text(d, "各区县教育局，局属各学校：")
    add_text(d, BODY[0])
    add_text(d, "一、总体要求", HEI)
    add_text(d, "坚持安全第一、预防为主，确保校园安全形势持续稳定。")
    blank(d)
    d.expect("attachment.note", d.next_index)
    add_text(d, "附件：临川市校园安全隐患排查清单", indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    blank(d)
    d.expect("closing.position", d.next_index)
    closing(d, "临川市教育局", "2026年3月5日", sig_right=0, date_right=0)
    odd_even_footers(d)
    return d


def broken_titles() -> Doc:
    d = new_document("broken_titles", "titles broken by hand with line breaks: inside a word, and before a lone "
                     "last character")
    d.expect("title.break", d.next_index)
    title(d, "临川市教育局关于加强校园文化传", "播工作的通知")
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    add_text(d, "为加强校园文化建设，现就有关事项通知如下。")
    add_text(d, "一、提高认识", HEI)
    add_text(d, "各学校要充分认识校园文化建设的重要意义。")
    blank(d)
    attachment_note(d, ["临川市教育局创建全国文明城市工作实施方案"])
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    p = add_text(d, "附件", HEI, indent=0)
    p.paragraph_format.page_break_before = True
    blank(d)
    d.expect("title.break", d.next_index)
    title(d, "临川市教育局创建全国文明城市工作实施方", "案")
    blank(d)
    add_text(d, "为深入推进全国文明城市创建工作，制定本方案。")
    odd_even_footers(d)
    return d


def page_number_hyphens() -> Doc:
    d = new_document("page_number_hyphens", "generator writing the page number as '- 1 -' in 10.5 pt Times New Roman")
    title(d, "临川市教育局", "关于做好2026年春季学期校园安全工作的通知")
    blank(d)
    add_text(d, "各区县教育局，局属各学校：", indent=0)
    standard_body(d)
    blank(d)
    closing(d, "临川市教育局", "2026年3月5日")
    odd_even_footers(d, dash="-", latin="Times New Roman", size=10.5)
    d.expect("page.number", None)  # dashes
    d.expect("page.number", None)  # digit font and size
    return d


BUILDERS = [pydocx_notice, numbered_plan, minutes, report_with_signer, wps_chars, speech,
            word_defaults, bold_headings, whole_paragraph_hei, misplaced_closing, broken_titles, page_number_hyphens,
            attachment_label_centred]


def build_all(folder: Path = HERE) -> list[Path]:
    """Write every document and its expected findings into ``folder``; return the .docx paths."""
    out = []
    for builder in BUILDERS:
        d = builder()
        path = folder / f"{d.name}.docx"
        d.document.core_properties.author = "corpus"
        d.document.save(str(path))
        (folder / f"{d.name}.json").write_text(
            json.dumps({"tool": d.tool, "findings": d.expected}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for written in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
