"""docgen's own layout that ``docgen check`` judges: title lines, and a 落款 never alone on its page."""
from __future__ import annotations

import copy
import itertools
import re
from pathlib import Path

import pytest
import yaml

import docgen
from docgen import gbt9704 as std
from docgen import layout, pdf, pdfinspect
from docgen.checker import check
from docgen.text import display_width
from docgen.titlebreak import bad_breaks, break_title, title_capacity
from docx_inspect import open_docx, paragraphs

ROOT = Path(__file__).resolve().parents[1]
CAPACITY = std.TITLE_CHARS_PER_LINE

UNITS = ["临川市教育局", "清河区柳湾街道办事处", "安川市建设集团有限公司", "黑龙江省哈尔滨市南岗区人民政府办公室",
         "青山县林业局", "市卫健委"]
CAMPAIGNS = ["创建全国文明城市工作", "生活垃圾分类工作", "2026年“安全生产月”活动", "2026年春季森林防火宣传月活动",
             "“书香校园”读书月活动", "进一步加强城市精细化管理提升人居环境质量三年攻坚行动"]
SUFFIXES = ["实施方案", "工作总结", "领导小组成员名单"]


def titles() -> list[str]:
    out = []
    for unit, campaign, suffix in itertools.product(UNITS, CAMPAIGNS, SUFFIXES):
        plain = unit + campaign + suffix
        out += [plain, f"关于印发《{plain}》的通知"]
    return out


# --------------------------------------------------------------------------- title lines

def test_title_capacity_is_what_fits_the_type_area():
    # 156 mm = 442.2 pt; a 2号 character is 22 pt wide: 20 fit, 21 do not.
    assert CAPACITY == title_capacity(std.TITLE_SIZE_PT, std.TYPE_AREA_WIDTH_MM) == 20
    assert CAPACITY * std.TITLE_SIZE_PT <= std.TYPE_AREA_WIDTH_MM / 25.4 * 72 < (CAPACITY + 1) * std.TITLE_SIZE_PT


@pytest.mark.parametrize("title", titles())
def test_titles_of_every_length_break_into_good_lines(title):
    lines = break_title(title, CAPACITY)
    widths = [display_width(line) for line in lines]
    assert "".join(lines) == title
    assert all(w <= CAPACITY for w in widths), lines
    minimum = -(-display_width(title) // CAPACITY)
    assert minimum <= len(lines) <= minimum + 1, lines
    assert bad_breaks(lines) == [], lines
    assert all(len(re.sub(r"\W", "", line)) >= 2 for line in lines), lines  # never a lone character
    if len(lines) == 2:  # balanced: a trapezoid, not one full line and a stub
        assert min(widths) >= 0.4 * max(widths), lines
    if len(lines) >= 3:  # no hourglass: a middle line is not shorter than both neighbours by much
        assert not any(widths[i] < widths[i - 1] - 3 and widths[i] < widths[i + 1] - 3
                       for i in range(1, len(lines) - 1)), lines


@pytest.mark.parametrize("title, lines", [
    ("关于印发《清河区柳湾街道办事处生活垃圾分类工作实施方案》的通知",
     ["关于印发《清河区柳湾街道办事处", "生活垃圾分类工作实施方案》的通知"]),
    ("清河区柳湾街道办事处生活垃圾分类工作实施方案", ["清河区柳湾街道办事处", "生活垃圾分类工作实施方案"]),
    ("安川市建设集团有限公司2026年“安全生产月”活动实施方案", ["安川市建设集团有限公司2026年", "“安全生产月”活动实施方案"]),
    ("临川市教育局创建全国文明城市工作实施方案", ["临川市教育局创建全国文明城市工作实施方案"]),  # 20: one line
    # a period label stays whole: 2026年上半年 / 2026年第一季度 are one name, not 2026年 + 上半年…
    ("临川市教育局2026年上半年创建全国文明城市工作总结", ["临川市教育局2026年上半年", "创建全国文明城市工作总结"]),
    ("临川市教育局2026年第一季度创建全国文明城市工作总结", ["临川市教育局2026年第一季度", "创建全国文明城市工作总结"]),
])
def test_structural_break_points(title, lines):
    assert break_title(title, CAPACITY) == lines


def test_bad_breaks_name_the_problem():
    assert bad_breaks(["关于加强校园文化传", "播工作的通知"])[0][1] == "标题在词语“传播”中间换行（传/播）"
    assert "只有一个字" in bad_breaks(["临川市教育局创建全国文明城市工作实施方", "案"])[0][1]
    assert bad_breaks(["临川市教育局", "关于做好2026年春季学期校园安全工作的通知"]) == []
    assert bad_breaks(["关于做好20", "26年工作的通知"])  # inside a number
    assert bad_breaks(["关于印发《", "某方案》的通知"])  # an opening bracket at a line end


def test_rendered_titles_carry_line_breaks(reference_data, tmp_path):
    data = copy.deepcopy(reference_data)
    data["unit"]["name"] = "清河区柳湾街道办事处"
    data["campaign"]["name"] = "生活垃圾分类"
    source = tmp_path / "c.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    campaign = docgen.load(source)
    document = open_docx(docgen.render(campaign, "notice"))
    title = next(p for p in paragraphs(document) if p.style_id == "GwTitle")
    first, second = title.doc_para.text.split("\n")  # one w:br: two lines, broken after the unit name
    assert first + second == docgen.title(campaign, "notice")
    assert first.startswith("关于印发《清河区柳湾街道") and second.startswith("生活垃圾分类")
    assert title.doc_para._p.xml.count("<w:br/>") == 1


def test_a_title_the_user_broke_is_left_alone():
    xml = ('<w:body><w:p><w:pPr><w:pStyle w:val="GwTitle"/></w:pPr><w:r><w:t>关于印发《某某》</w:t><w:br/>'
           '<w:t>的通知和其他很长很长很长很长很长的内容</w:t></w:r></w:p></w:body>')
    assert layout.break_titles(xml) == xml


def test_break_titles_keeps_escaped_text_intact():
    title = "关于加强A&amp;B公司与C&lt;D&gt;集团安全生产标准化建设工作的实施方案"
    xml = f'<w:body><w:p><w:pPr><w:pStyle w:val="GwTitle"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p></w:body>'
    out = layout.break_titles(xml)
    assert out.count("<w:br/>") == 1
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", out)
    assert "".join(texts) == title and all("&" not in t or re.search(r"&\w+;", t) for t in texts)


# --------------------------------------------------------------------------- the 落款 page

def _notice_variants(reference_data) -> dict[str, dict]:
    """Notices whose 附件说明 + 落款 land near the bottom of page 1, one more line each time."""
    bodies = ["各县（区）教育局", "局属各单位", "机关各科室", "各民办学校", "各幼儿园", "市直各学校", "各教学研究机构",
              "各校外培训机构", "各中等职业学校", "各特殊教育学校"]
    out = {}
    for n, attachments in itertools.product((1, 3, 5, 7, 10), ([], ["members"], ["members", "tasks"])):
        data = copy.deepcopy(reference_data)
        data["documents"]["plan"]["recipients"] = bodies[:n]
        data["documents"]["plan"]["attachments"] = attachments
        out[f"{n}-recipients-{len(attachments)}-attachments"] = data
    return out


def _date_page(pdf_path) -> tuple[int, list]:
    date = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
    for page in range(1, pdfinspect.page_count(pdf_path) + 1):
        lines = pdfinspect.page_lines(pdf_path, page)
        for i, line in enumerate(lines):
            if date.match(line.text.replace(" ", "")) and line.x0 > 200:
                return page, lines[:i]
    raise AssertionError(f"no 成文日期 line in {pdf_path}")


@pytest.fixture(scope="module")
def notice_pdfs(tmp_path_factory, reference_data):
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed; CI installs it")
    folder = tmp_path_factory.mktemp("closing")
    docs = {}
    for name, data in _notice_variants(reference_data).items():
        source = folder / f"{name}.yaml"
        source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        docs[name] = docgen.render_file(source, "notice", folder / f"{name}.docx")
    for sample in ("waste-sorting", "safety-month"):
        path = folder / f"{sample}.docx"
        path.write_bytes(docgen.render(docgen.load(ROOT / "samples" / f"{sample}.yaml"), "notice"))
        docs[sample] = path
    pdfs = pdf.convert(list(docs.values()))
    return {name: (docs[name], p) for name, p in zip(docs, pdfs)}


def test_closing_page_holds_body_text(notice_pdfs):
    """The page with the 成文日期 also carries lines of the notice's body (“现将《…》印发给你们…”)."""
    for name, (docx_path, pdf_path) in notice_pdfs.items():
        body = next(p.text for p in paragraphs(open_docx(docx_path.read_bytes())) if p.text.startswith("现将"))
        page, above = _date_page(pdf_path)
        body_lines = [ln for ln in above if ln.text.replace(" ", "") and ln.text.replace(" ", "") in body]
        assert body_lines, f"{name}: the 落款 on page {page} has no body text above it: {[ln.text for ln in above]}"


def test_waste_sorting_notice_fits_on_its_first_page(notice_pdfs):
    docx_path, pdf_path = notice_pdfs["waste-sorting"]
    page, _ = _date_page(pdf_path)
    assert page == 1  # tightened rather than moved
    xml = open_docx(docx_path.read_bytes()).element.xml
    pitches = {int(v) for v in re.findall(r'w:line="(\d+)" w:lineRule="exact"', xml)}
    tight = [v for v in pitches if v < std.LINE_PITCH_TWIPS]
    assert tight and min(tight) >= std.pt_to_twips(std.TIGHTENED_LINE_PITCH_MIN_PT)


def test_tightened_notices_pass_the_checker(notice_pdfs):
    for name, (docx_path, _) in notice_pdfs.items():
        report = check(docx_path)
        assert report.errors == [], f"{name}: {report.to_text()}"


def test_estimate_leaves_comfortable_pages_alone(reference_data, tmp_path):
    """A short notice whose 落款 fits easily keeps the 28.95 pt grid everywhere."""
    data = copy.deepcopy(reference_data)
    data["documents"]["plan"]["attachments"] = []
    source = tmp_path / "c.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    xml = open_docx(docgen.render(docgen.load(source), "notice")).element.xml
    assert not [v for v in re.findall(r'w:line="(\d+)" w:lineRule="exact"', xml) if int(v) < std.LINE_PITCH_TWIPS]
