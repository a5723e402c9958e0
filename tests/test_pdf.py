"""PDF output through LibreOffice (docgen.pdf) and the PDF measurements (docgen.pdfinspect).

The documents here are built by hand with python-docx/lxml following docgen.gbt9704 (A4, margins
37/35/28/26 mm, 3号 仿宋_GB2312 body at an exact 28.95 pt pitch, condensed 0.25 pt, page numbers
— N — alternating right/left), so these tests pin LibreOffice + the font mapping, independent of
docgen's templates.  They need LibreOffice and poppler-utils (CI installs .ci/apt-packages.txt) and
skip only when soffice is absent.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Optional

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from docgen import gbt9704 as std
from docgen import pdf, pdfinspect
from docgen.errors import PdfError

needs_soffice = pytest.mark.skipif(pdf.find_soffice() is None,
                                   reason="LibreOffice (soffice) not installed; CI installs it")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4

# --- a hand-built 公文 page --------------------------------------------------------------------

TITLE = "关于开展二〇二六年度安全生产专项整治行动的通知"
ADDRESSEE = "各区县人民政府，市政府各部门："
# A paragraph without punctuation: every wrapped line of it is a full 28-character line.
FILLER = ("为认真贯彻落实国务院关于进一步加强安全生产工作的决定精神切实防范和遏制重特大事故发生"
          "保障人民群众生命财产安全促进经济社会持续健康发展市政府决定在全市范围内开展安全生产"
          "专项整治行动现将有关事项通知如下请各单位结合本地区本部门实际认真组织实施确保取得实效")
PROSE = ("各地区、各部门要高度重视，把专项整治行动作为当前和今后一个时期安全生产工作的重点，"
         "主要负责同志要亲自研究部署，分管负责同志要具体抓好落实，层层分解任务，明确工作责任，"
         "确保各项措施落到实处。")


def _rpr(font: str, size_pt: float, *, spacing: Optional[int] = None, latin: Optional[str] = None) -> str:
    latin = latin or std.FONT_LATIN
    sz = round(size_pt * 2)
    sp = f'<w:spacing w:val="{spacing}"/>' if spacing is not None else ""
    return (f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{font}" w:cs="{latin}"/>'
            f'{sp}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang w:eastAsia="zh-CN"/></w:rPr>')


def _para(text: str, *, font: str = std.FONT_BODY, size: float = std.BODY_SIZE_PT, jc: str = "both",
          indent_chars: int = std.FIRST_LINE_INDENT_CHARS, spacing: Optional[int] = std.BODY_CHAR_SPACING_TWENTIETHS,
          exact: bool = True, page_break_before: bool = False) -> str:
    line = (f'<w:spacing w:before="0" w:after="0" w:line="{std.LINE_PITCH_TWIPS}" w:lineRule="exact"/>' if exact
            else '<w:spacing w:before="0" w:after="0"/>')
    ind = (f'<w:ind w:firstLineChars="{indent_chars * 100}" w:firstLine="{std.chars_to_twips(indent_chars)}"/>'
           if indent_chars else '<w:ind w:firstLineChars="0" w:firstLine="0"/>')
    pbb = "<w:pageBreakBefore/>" if page_break_before else ""
    rpr = _rpr(font, size, spacing=spacing)
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return (f'<w:p {nsdecls("w")}><w:pPr>{pbb}<w:widowControl w:val="0"/>{line}{ind}<w:jc w:val="{jc}"/>'
            f'{rpr}</w:pPr>{run}</w:p>')


def _footer_xml(side: str) -> str:
    indent = std.chars_to_twips(std.PAGE_NUMBER_SIDE_INDENT_CHARS, std.PAGE_NUMBER_SIZE_PT)
    ind = f'<w:ind w:right="{indent}"/>' if side == "right" else f'<w:ind w:left="{indent}"/>'
    rpr = _rpr(std.FONT_PAGE_NUMBER, std.PAGE_NUMBER_SIZE_PT, latin=std.FONT_PAGE_NUMBER)
    dash = std.PAGE_NUMBER_DASH

    def run(t: str) -> str:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>'

    field = (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>{run("1")}'
             f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<w:ftr {nsdecls("w", "r")}><w:p><w:pPr>{ind}<w:jc w:val="{side}"/>{rpr}</w:pPr>'
            f'{run(dash + " ")}{field}{run(" " + dash)}</w:p></w:ftr>')


def build_gongwen_docx(path: Path, *, pages: int = 3, grid: Optional[dict] = None,
                       char_spacing: Optional[int] = std.BODY_CHAR_SPACING_TWENTIETHS,
                       compress_punctuation: bool = True) -> Path:
    """A 公文-like .docx of ``pages`` pages: title, 主送, 一、/（一） headings and body on page 1, then
    (after a page break) nothing but body text: pages 2 … ``pages - 1`` are full pages to measure.

    ``grid`` sets the ``w:docGrid`` attributes (default: ``linePitch`` 579 and no type, as docgen's
    layout writes it).
    """
    document = docx.Document()
    body = document.element.body
    sect = body.find(qn("w:sectPr"))

    def add(xml: str) -> None:
        sect.addprevious(parse_xml(xml))

    add(_para(TITLE, font=std.FONT_TITLE, size=std.TITLE_SIZE_PT, jc="center", indent_chars=0, spacing=None))
    add(_para("", indent_chars=0))
    add(_para(ADDRESSEE, indent_chars=0, jc="left"))
    add(_para("一、总体要求", font=std.FONT_HEADING_1, spacing=char_spacing))
    add(_para(PROSE, spacing=char_spacing))
    add(_para("（一）工作目标", font=std.FONT_HEADING_2, spacing=char_spacing))
    add(_para(PROSE, spacing=char_spacing))
    if pages > 1:
        # From page 2 on, nothing but filler paragraphs (4 full lines + 1 short line each, no indent):
        # pages 2 … pages-1 are full, the last one about half full.
        count = -(-((pages - 2) * std.LINES_PER_PAGE + std.LINES_PER_PAGE // 2) // 5)
        for i in range(count):
            add(_para(FILLER, spacing=char_spacing, indent_chars=0, page_break_before=(i == 0)))

    # Section: A4, GB/T 9704 margins, both footers, docGrid.
    for child in list(sect):
        sect.remove(child)
    part = document.part
    rids = {}
    for kind, side in (("default", "right"), ("even", "left")):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        footer = Part(PackURI(f"/word/footer_{kind}.xml"),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
                      _footer_xml(side).encode("utf-8"), part.package)
        rids[kind] = part.relate_to(footer, RT.FOOTER)
    for kind in ("default", "even"):
        ref = etree.SubElement(sect, qn("w:footerReference"))
        ref.set(qn("w:type"), kind)
        ref.set(qn("r:id"), rids[kind])
    pg = etree.SubElement(sect, qn("w:pgSz"))
    pg.set(qn("w:w"), str(std.mm_to_twips(std.PAGE_WIDTH_MM)))
    pg.set(qn("w:h"), str(std.mm_to_twips(std.PAGE_HEIGHT_MM)))
    mar = etree.SubElement(sect, qn("w:pgMar"))
    line_mm = std.PAGE_NUMBER_SIZE_PT * 1.3 * 25.4 / 72
    for key, value in (("top", std.mm_to_twips(std.MARGIN_TOP_MM)), ("right", std.mm_to_twips(std.MARGIN_RIGHT_MM)),
                       ("bottom", std.mm_to_twips(std.MARGIN_BOTTOM_MM)), ("left", std.mm_to_twips(std.MARGIN_LEFT_MM)),
                       ("header", std.mm_to_twips(15)),
                       ("footer", std.mm_to_twips(std.MARGIN_BOTTOM_MM - std.PAGE_NUMBER_BELOW_TYPE_AREA_MM - line_mm)),
                       ("gutter", 0)):
        mar.set(qn(f"w:{key}"), str(value))
    etree.SubElement(sect, qn("w:cols")).set(qn("w:space"), "425")
    dg = etree.SubElement(sect, qn("w:docGrid"))
    for key, value in (grid if grid is not None else {"linePitch": std.LINE_PITCH_TWIPS}).items():
        dg.set(qn(f"w:{key}"), str(value))

    settings = document.settings.element
    settings.insert(0, parse_xml(f'<w:evenAndOddHeaders {nsdecls("w")}/>'))
    csc = settings.find(qn("w:characterSpacingControl"))
    if csc is not None:
        csc.set(qn("w:val"), "compressPunctuation" if compress_punctuation else "doNotCompress")
    document.save(str(path))
    return path


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Two hand-built documents converted in ONE LibreOffice start: (docx paths, pdf paths)."""
    folder = tmp_path_factory.mktemp("pdf")
    first = build_gongwen_docx(folder / "gongwen.docx", pages=4)
    second = build_gongwen_docx(folder / "second.docx", pages=1)
    pdfs = pdf.convert([first, second])
    return [first, second], pdfs


def _body_lines(pdf_path: Path, page: int) -> list[pdfinspect.Line]:
    """Lines inside the type area (drops the page number below it)."""
    _, height = pdfinspect.page_size(pdf_path, page)
    bottom = height - std.MARGIN_BOTTOM_MM * PT_PER_MM + 2
    return [l for l in pdfinspect.page_lines(pdf_path, page) if l.y1 <= bottom]


def _footer_line(pdf_path: Path, page: int) -> pdfinspect.Line:
    _, height = pdfinspect.page_size(pdf_path, page)
    bottom = height - std.MARGIN_BOTTOM_MM * PT_PER_MM + 2
    below = [l for l in pdfinspect.page_lines(pdf_path, page) if l.y0 > bottom]
    assert len(below) == 1, below
    return below[0]


# --- conversion -----------------------------------------------------------------------------------

@needs_soffice
def test_two_files_in_one_call(rendered):
    docs, pdfs = rendered
    assert pdfs == [d.with_suffix(".pdf") for d in docs]
    for p in pdfs:
        assert p.is_file() and p.read_bytes().startswith(b"%PDF")
    assert pdfinspect.page_count(pdfs[0]) == 4
    assert pdfinspect.page_count(pdfs[1]) == 1
    # nothing left behind next to the PDFs (no .part files, no lock files)
    assert sorted(p.name for p in docs[0].parent.iterdir()) == sorted(
        [d.name for d in docs] + [p.name for p in pdfs])


@needs_soffice
def test_outdir_and_files_in_different_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = build_gongwen_docx(tmp_path / "a" / "same.docx", pages=1)
    b = build_gongwen_docx(tmp_path / "b" / "same.docx", pages=1)
    assert pdf.convert([a, b]) == [tmp_path / "a" / "same.pdf", tmp_path / "b" / "same.pdf"]
    assert all(p.is_file() for p in (tmp_path / "a" / "same.pdf", tmp_path / "b" / "same.pdf"))
    out = tmp_path / "out"
    assert pdf.convert([a], out) == [out / "same.pdf"]
    with pytest.raises(PdfError, match="same PDF"):
        pdf.convert([a, b], out)
    # convert_one: an explicit target name
    target = tmp_path / "named" / "公文.pdf"
    assert pdf.convert_one(a, target) == target and target.read_bytes().startswith(b"%PDF")


@needs_soffice
def test_fonts_all_embedded(rendered):
    _, pdfs = rendered
    found = pdfinspect.fonts(pdfs[0])
    assert found, "pdffonts listed no fonts"
    assert all(f.embedded for f in found), [f for f in found if not f.embedded]


@needs_soffice
def test_fonts_mapped_to_faces_of_the_right_character(rendered):
    _, pdfs = rendered
    names = {f.base_name for f in pdfinspect.fonts(pdfs[0])}
    joined = " ".join(sorted(names))
    assert any(n.startswith("FandolFang") for n in names), joined           # 仿宋_GB2312 body
    assert any(n.startswith("NotoSansCJK") for n in names), joined          # 黑体 → sans
    assert any("UKai" in n or n.startswith("FandolKai") for n in names), joined  # 楷体_GB2312 → 楷
    assert any(n.startswith("NotoSerifCJK") and "Bold" in n for n in names), joined  # 小标宋 stand-in
    assert any(n.startswith("NotoSerifCJK") and "Bold" not in n for n in names), joined  # 宋体 page no.


def test_fonts_conf_is_wellformed_and_covers_the_aliases():
    root = etree.parse(str(pdf.FONTS_CONF)).getroot()
    include = root.find("include")
    assert include is not None and include.text == "/etc/fonts/fonts.conf" and include.get("ignore_missing") == "yes"
    mapped = {el.text for el in root.iter("string") if el.getparent().tag == "test"}
    for aliases in std.FONT_ALIASES.values():
        assert aliases <= mapped, aliases - mapped


@needs_soffice
@pytest.mark.parametrize("name,expected", [
    ("仿宋_GB2312", "FandolFang"), ("仿宋", "FandolFang"), ("仿宋_GBK", "FandolFang"),
    ("FangSong", "FandolFang"), ("FangSong_GB2312", "FandolFang"),
    ("楷体_GB2312", "AR PL UKai CN"), ("楷体", "AR PL UKai CN"), ("KaiTi", "AR PL UKai CN"),
    ("黑体", "Noto Sans CJK SC"), ("SimHei", "Noto Sans CJK SC"),
    ("宋体", "Noto Serif CJK SC"), ("SimSun", "Noto Serif CJK SC"),
    ("方正小标宋简体", "Noto Serif CJK SC"), ("方正小标宋_GBK", "Noto Serif CJK SC"), ("小标宋", "Noto Serif CJK SC"),
])
def test_fc_match_with_docgen_fonts_conf(name, expected):
    """The faces LibreOffice gets for each 公文 font name (fonts from .ci/apt-packages.txt)."""
    import subprocess
    if shutil.which("fc-match") is None:
        pytest.fail("fc-match missing: apt-get install fontconfig")
    env = dict(os.environ, FONTCONFIG_FILE=str(pdf.FONTS_CONF))
    out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{style[0]}", f"{name}:lang=zh-cn"],
                         capture_output=True, text=True, env=env, check=True).stdout
    family, style = out.split("|")
    assert family == expected, f"{name} → {family}; install the packages in .ci/apt-packages.txt"
    assert (style == "Bold") == ("小标宋" in name), style


# --- the page grid: 22 lines × 28 characters --------------------------------------------------

@needs_soffice
def test_full_page_holds_22_lines(rendered):
    _, pdfs = rendered
    for page in (2, 3):
        lines = _body_lines(pdfs[0], page)
        assert len(lines) == std.LINES_PER_PAGE, [l.text for l in lines]
        pitches = [b.y0 - a.y0 for a, b in zip(lines, lines[1:])]
        assert all(abs(p - std.LINE_PITCH_PT) < 0.3 for p in pitches), pitches


@needs_soffice
def test_full_line_holds_28_characters(rendered):
    _, pdfs = rendered
    lines = _body_lines(pdfs[0], 2)
    width = (std.PAGE_WIDTH_MM - std.MARGIN_LEFT_MM - std.MARGIN_RIGHT_MM) * PT_PER_MM
    full = [l for l in lines if l.width > width * 0.95]
    assert len(full) >= 15
    for line in full:
        assert abs(line.chars - std.CHARS_PER_LINE) <= 1, (line.chars, line.text)
    # the filler has no punctuation: exactly 28 on every full line
    assert {l.chars for l in full} == {std.CHARS_PER_LINE}
    # and the lines start at the left margin of the type area
    assert all(abs(l.x0 - std.MARGIN_LEFT_MM * PT_PER_MM) < 1.5 for l in full)


@needs_soffice
def test_page_numbers_alternate_sides(rendered):
    _, pdfs = rendered
    width, height = pdfinspect.page_size(pdfs[0], 1)
    left_edge = std.MARGIN_LEFT_MM * PT_PER_MM
    right_edge = width - std.MARGIN_RIGHT_MM * PT_PER_MM
    one_char = std.PAGE_NUMBER_SIZE_PT
    odd, even, odd2, even2 = (_footer_line(pdfs[0], p) for p in (1, 2, 3, 4))
    assert [l.text for l in (odd, even, odd2, even2)] == ["— 1 —", "— 2 —", "— 3 —", "— 4 —"]
    # odd: right-aligned, one character in from the right edge of the type area
    assert abs((right_edge - odd.x1) - one_char) < 3, right_edge - odd.x1
    assert abs(odd.x1 - odd2.x1) < 0.5
    # even: left-aligned, one character in from the left edge
    assert abs((even.x0 - left_edge) - one_char) < 3, even.x0 - left_edge
    assert abs(even.x0 - even2.x0) < 0.5
    assert odd.x0 - even.x0 > (right_edge - left_edge) * 0.8
    # below the type area
    assert odd.y0 > height - std.MARGIN_BOTTOM_MM * PT_PER_MM


# --- errors ---------------------------------------------------------------------------------------

def test_missing_soffice_raises_pdf_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    source = build_gongwen_docx(tmp_path / "a.docx", pages=1)
    with pytest.raises(PdfError) as info:
        pdf.convert([source])
    text = str(info.value)
    assert "LibreOffice" in text and "未找到" in text and "apt-get install" in text
    assert not (tmp_path / "a.pdf").exists()


def test_missing_input_raises_pdf_error(tmp_path):
    with pytest.raises(PdfError, match="not found"):
        pdf.convert([tmp_path / "nope.docx"])


def test_empty_list_converts_nothing():
    assert pdf.convert([]) == []


def test_find_soffice_honours_override(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    assert pdf.find_soffice() == str(fake)


def test_soffice_that_writes_nothing_raises_with_stderr(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    source = build_gongwen_docx(tmp_path / "x.docx", pages=1)
    with pytest.raises(PdfError) as info:
        pdf.convert([source])
    assert str(source) in str(info.value) and "could not be loaded" in str(info.value)


def test_soffice_timeout_raises(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    source = build_gongwen_docx(tmp_path / "x.docx", pages=1)
    with pytest.raises(PdfError, match="timed out"):
        pdf.convert([source], timeout=0.5)


def test_debian_packages_match_ci_list():
    listed = [l.strip() for l in (Path(__file__).resolve().parents[1] / ".ci" / "apt-packages.txt")
              .read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert set(pdf.DEBIAN_PACKAGES) <= set(listed)
