"""Layout verified on the page: PDFs of docgen's own documents, measured with poppler."""
from __future__ import annotations

import copy
import re

import pytest

import docgen
from docgen import gbt9704 as std
from docgen import pdf, pdfinspect

pytestmark = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) not installed; CI installs it")

PT_PER_MM = 72 / 25.4
HALF_WIDTH = re.compile(r"[\x21-\x7e]")
# LibreOffice hangs a closing mark (、。，) past the right edge even with w:overflowPunct="0", which Word honours.
HANGING = "、。，；：！？”）"
LONG = ("统筹推进各项措施落实落细，建立健全工作台账，明确责任分工和完成时限，定期调度通报进展情况，"
        "对工作推进不力的单位及时督促整改，确保各项任务按期保质完成，切实把工作成效体现到群众满意度上来。")


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory, reference_data):
    data = copy.deepcopy(reference_data)
    for task in data["tasks"]:  # long enough that body pages are full
        task["content"] = LONG * 2
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "c.yaml"
    import yaml
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    docx_path = docgen.render_file(source, "plan", folder / "plan.docx")
    (pdf_path,) = pdf.convert([docx_path])
    return pdf_path


def body_lines(pdf_path, page):
    lines = pdfinspect.page_lines(pdf_path, page)
    bottom = (std.PAGE_HEIGHT_MM - std.MARGIN_BOTTOM_MM) * PT_PER_MM
    return [ln for ln in lines if ln.y1 <= bottom + 2], [ln for ln in lines if ln.y0 > bottom]


def test_full_body_page_has_22_lines_of_28_characters(plan_pdf):
    pages = pdfinspect.page_count(plan_pdf)
    assert pages >= 3
    counts = [len(body_lines(plan_pdf, p)[0]) for p in range(2, pages)]
    assert max(counts) == std.LINES_PER_PAGE, counts
    type_width = std.TYPE_AREA_WIDTH_MM * PT_PER_MM
    left = std.MARGIN_LEFT_MM * PT_PER_MM
    # Full lines: wrapped (not first) lines of all-Chinese text, starting at the left edge, full width.
    full = [ln for p in range(2, pages) for ln in body_lines(plan_pdf, p)[0]
            if abs(ln.x0 - left) < 3 and ln.width > 0.97 * type_width and not HALF_WIDTH.search(ln.text)]
    assert len(full) > 10, "no full-width lines found"
    chars = sorted({ln.chars for ln in full})
    assert all(abs(c - std.CHARS_PER_LINE) <= 1 for c in chars), chars


def test_page_numbers_alternate_sides(plan_pdf):
    page_width = std.PAGE_WIDTH_MM * PT_PER_MM
    for page in (1, 2, 3):
        footer = body_lines(plan_pdf, page)[1]
        number = [ln for ln in footer if ln.text.replace(" ", "") == f"—{page}—"]
        assert number, [ln.text for ln in footer]
        line = number[0]
        if page % 2:
            assert line.x1 > page_width - std.MARGIN_RIGHT_MM * PT_PER_MM - 20  # right
        else:
            assert line.x0 < std.MARGIN_LEFT_MM * PT_PER_MM + 20               # left


def test_fonts_are_embedded_and_of_the_right_character(plan_pdf):
    fonts = pdfinspect.fonts(plan_pdf)
    assert fonts and all(f.embedded for f in fonts)
    names = " ".join(f.base_name for f in fonts)
    assert "FandolFang" in names          # 仿宋 body
    assert "NotoSerifCJK" in names and "Bold" in names  # 小标宋 stand-in for the title
    assert "NotoSansCJK" in names         # 黑体 level-1 headings
    assert "UKai" in names                # 楷体 level-2 headings


def test_title_is_centred_and_margins_hold(plan_pdf):
    lines = pdfinspect.page_lines(plan_pdf, 1)
    title = lines[0]
    page_width = std.PAGE_WIDTH_MM * PT_PER_MM
    centre = (std.MARGIN_LEFT_MM + std.TYPE_AREA_WIDTH_MM / 2) * PT_PER_MM
    assert abs((title.x0 + title.x1) / 2 - centre) < 12
    top = std.MARGIN_TOP_MM * PT_PER_MM
    assert abs(title.y0 - top) < 12
    for ln in body_lines(plan_pdf, 2)[0]:
        assert ln.x0 >= std.MARGIN_LEFT_MM * PT_PER_MM - 2
        hang = std.BODY_SIZE_PT if ln.text[-1] in HANGING else 0
        assert ln.x1 <= page_width - std.MARGIN_RIGHT_MM * PT_PER_MM + 2 + hang
