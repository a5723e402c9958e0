"""The implementation plan, rendered from real campaign files and read back independently."""
from __future__ import annotations

import copy
import re

import pytest

import docgen
from docgen import gbt9704 as std
from docx_inspect import (all_text, east_asian_fonts, hygiene_problems, open_docx, paragraph_property, paragraphs,
                          part_names, part_xml, sizes_pt)

CN_DIGITS = "一二三四五六七八九十"


def render_plan(write_yaml, data):
    return docgen.render(docgen.load(write_yaml(data)), "plan")


@pytest.fixture(scope="module")
def reference_plan(reference_path):
    return docgen.render(docgen.load(reference_path), "plan")


def level1(doc):
    return [p for p in paragraphs(doc) if re.match(r"^[一二三四五六七八九十]+、", p.text)]


def cn(n: int) -> str:
    from docgen.text import cn_number
    return cn_number(n)


def test_reference_plan_title_and_sections(reference_plan):
    doc = open_docx(reference_plan)
    paras = paragraphs(doc)
    assert paras[0].text == "临川市教育局创建全国文明城市工作实施方案"
    headings = [p.text for p in level1(doc)]
    assert headings == ["一、指导思想", "二、工作目标", "三、基本原则", "四、主要任务", "五、实施步骤", "六、组织领导", "七、工作要求"]
    opening = paras[2].text
    assert opening.startswith("为深入推进全市教育系统精神文明建设，")
    assert "根据《临川市创建全国文明城市工作实施方案》（临委发〔2026〕12号）和《全国文明城市测评体系》" in opening


def test_reference_plan_contains_all_data(reference_plan, reference_data):
    text = all_text(open_docx(reference_plan))
    for task in reference_data["tasks"]:
        assert task["title"] in text
        for owner in task["owners"]:
            assert owner in text
        for item in task.get("items", []):
            assert item["title"] in text
    for phase in reference_data["phases"]:
        assert phase["name"] in text
    assert "（2026年3月1日—4月30日）" in text
    assert "（2026年10月1日—12月31日）" in text
    group = reference_data["leadership"]
    for person in group["leader"] + group["deputies"] + group["members"]:
        assert person["name"] in text and person["post"] in text
    for target in reference_data["goals"]["targets"]:
        assert target["item"] in text and target["value"] in text
    for principle in reference_data["principles"]:
        assert principle["title"] in text
    assert "完成时限：2026年12月31日前" in text
    assert text.rstrip().endswith("临川市教育局\n2026年3月5日")


def test_reference_plan_text_hygiene(reference_plan):
    text = all_text(open_docx(reference_plan))
    assert hygiene_problems(text) == []
    # the folded guiding_ideology lines were joined without spaces
    assert "根本任务，以培育" in text
    assert "“我们的节日”" in text and "“放管服”" in text


def test_page_geometry_is_gbt9704(reference_plan):
    section = open_docx(reference_plan).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert abs(section.top_margin.mm - 37) < 0.5
    assert abs(section.bottom_margin.mm - 35) < 0.5
    assert abs(section.left_margin.mm - 28) < 0.5
    assert abs(section.right_margin.mm - 26) < 0.5


def test_fonts_sizes_and_spacing(reference_plan):
    doc = open_docx(reference_plan)
    paras = paragraphs(doc)
    title = paras[0].doc_para
    assert east_asian_fonts(doc, title) == {std.FONT_TITLE}
    assert sizes_pt(doc, title) == {22.0}
    assert paragraph_property(doc, title, "w:jc", "w:val") == "center"
    for heading in level1(doc):
        assert east_asian_fonts(doc, heading.doc_para) == {std.FONT_HEADING_1}
        assert sizes_pt(doc, heading.doc_para) == {16.0}
    body = [p for p in paras if p.text.startswith("以习近平")][0].doc_para
    assert east_asian_fonts(doc, body) == {std.FONT_BODY}
    assert sizes_pt(doc, body) == {16.0}
    assert paragraph_property(doc, body, "w:spacing", "w:lineRule") == "exact"
    assert int(paragraph_property(doc, body, "w:spacing", "w:line")) == std.LINE_PITCH_TWIPS
    # 22 lines fill the 225 mm type area
    assert abs(std.LINE_PITCH_PT * 22 - std.TYPE_AREA_HEIGHT_MM / 25.4 * 72) < 2
    assert paragraph_property(doc, body, "w:ind", "w:firstLineChars") == "200"
    # level-2 ordinals inline: the run holding （一） is 楷体, the content after it 仿宋
    principle = [p for p in paras if p.text.startswith("（一）坚持以人为本")][0].doc_para
    from docx_inspect import run_property
    runs = [r for r in principle.runs if r.text]
    assert run_property(doc, principle, runs[0], "w:rFonts", "w:eastAsia") == std.FONT_HEADING_2
    assert runs[0].text.startswith("（一）")
    assert run_property(doc, principle, runs[-1], "w:rFonts", "w:eastAsia") == std.FONT_BODY
    # level 3 stays 仿宋
    item = [p for p in paras if p.text.startswith("1.深化主题教育")][0].doc_para
    assert east_asian_fonts(doc, item) == {std.FONT_BODY}


def test_page_numbers_alternate_with_em_dashes(reference_plan):
    names = part_names(reference_plan)
    settings = part_xml(reference_plan, "word/settings.xml")
    assert "<w:evenAndOddHeaders/>" in settings
    document = part_xml(reference_plan, "word/document.xml")
    refs = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(\w+)"/>', document))
    assert set(refs) == {"default", "even"}
    rels = part_xml(reference_plan, "word/_rels/document.xml.rels")
    targets = {rid: re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1) for rid in refs.values()}
    odd = part_xml(reference_plan, "word/" + targets[refs["default"]])
    even = part_xml(reference_plan, "word/" + targets[refs["even"]])
    for footer, side in ((odd, "right"), (even, "left")):
        assert 'w:instr=" PAGE "' in footer
        assert f'<w:jc w:val="{side}"/>' in footer
        assert "— " in footer and " —" in footer
    assert all(n in names for n in ("word/styles.xml", "word/settings.xml"))
    styles = part_xml(reference_plan, "word/styles.xml")
    footer_style = re.search(r'<w:style [^>]*w:styleId="Footer".*?</w:style>', styles).group()
    assert 'w:eastAsia="宋体"' in footer_style and 'w:ascii="宋体"' in footer_style and '<w:sz w:val="28"/>' in footer_style


def test_signature_and_date_placement(reference_plan):
    doc = open_docx(reference_plan)
    paras = paragraphs(doc)
    signature, date = paras[-2], paras[-1]
    assert (signature.text, date.text) == ("临川市教育局", "2026年3月5日")
    assert paras[-3].text == ""  # one blank line below the body
    sig_right = int(paragraph_property(doc, signature.doc_para, "w:ind", "w:right"))
    date_right = int(paragraph_property(doc, date.doc_para, "w:ind", "w:right"))
    char = std.chars_to_twips(1)
    assert paragraph_property(doc, signature.doc_para, "w:jc", "w:val") == "right"
    # 署名 two characters from the right; the date starts two characters right of the 署名's start
    from docgen.text import display_width
    sig_start = sig_right + display_width(signature.text) * char
    date_start = date_right + display_width(date.text) * char
    assert sig_right >= 2 * char - 1 and date_right >= 2 * char - 1
    assert abs((sig_start - date_start) - 2 * char) <= 2 or date_right == 2 * char


def test_optional_sections_absent_renumber_without_gaps(write_yaml, campaign_data):
    for key in ("guiding_ideology", "goals", "principles", "phases", "requirements"):
        campaign_data.pop(key)
    doc = open_docx(render_plan(write_yaml, campaign_data))
    assert [p.text for p in level1(doc)] == ["一、主要任务", "二、组织领导"]
    assert hygiene_problems(all_text(doc)) == []


def test_minimal_campaign_renders(write_yaml):
    data = {"unit": {"name": "某县应急管理局"}, "campaign": {"name": "安全生产月"},
            "tasks": [{"id": "a", "title": "开展隐患排查"}]}
    doc = open_docx(render_plan(write_yaml, data))
    text = all_text(doc)
    assert paragraphs(doc)[0].text == "某县应急管理局安全生产月活动实施方案"
    assert "为扎实推进安全生产月活动，结合我局实际，制定本方案。" in text
    assert [p.text for p in level1(doc)] == ["一、主要任务"]
    # a single task is not numbered （一） (有一无二; tests/test_words3.py)
    assert "\n开展隐患排查。\n" in text and "（一）" not in text
    assert hygiene_problems(text) == []


def test_more_than_ten_tasks_and_deep_items(write_yaml, campaign_data):
    base = campaign_data["tasks"][0]
    campaign_data["documents"].pop("summary")  # its achievements name the original task ids
    campaign_data["tasks"] = []
    for i in range(1, 13):
        task = copy.deepcopy(base)
        task["id"], task["title"] = f"t{i}", f"第{i}项重点任务"
        task["items"][0]["items"] = [{"title": "细化措施", "content": "逐项明确到人。"},
                                     {"title": "跟踪问效", "content": "每月通报一次。"}]
        campaign_data["tasks"].append(task)
    doc = open_docx(render_plan(write_yaml, campaign_data))
    text = all_text(doc)
    for i in range(1, 13):
        assert f"第{i}项重点任务" in text
    assert "（十）第10项重点任务" in text and "（十一）第11项重点任务" in text and "（十二）第12项重点任务" in text
    assert "（1）细化措施。" in text and "（2）跟踪问效。" in text
    # level-3 numbering restarts under each task
    assert len(re.findall(r"^1\.深化主题教育", text, re.M)) == 12


def test_several_leaders_and_no_office(write_yaml, campaign_data):
    campaign_data["leadership"]["leader"].append({"name": "吴建华", "post": "局党委副书记"})
    campaign_data["leadership"].pop("office")
    text = all_text(open_docx(render_plan(write_yaml, campaign_data)))
    assert "组长：周文彬（局党委书记、局长）、吴建华（局党委副书记）" in text
    assert "下设办公室" not in text


def test_title_override_and_no_double_gongzuo(write_yaml, campaign_data):
    campaign_data["documents"]["plan"]["title"] = "关于开展文明校园提升行动的实施方案"
    doc = open_docx(render_plan(write_yaml, campaign_data))
    assert paragraphs(doc)[0].text == "关于开展文明校园提升行动的实施方案"
    campaign_data["documents"]["plan"].pop("title")
    campaign_data["campaign"]["name"] = "垃圾分类工作"
    doc = open_docx(render_plan(write_yaml, campaign_data))
    assert paragraphs(doc)[0].text == "临川市教育局垃圾分类工作实施方案"


def test_special_characters_survive(write_yaml, campaign_data):
    campaign_data["tasks"][0]["content"] = "落实A&B方案，确保x<y且y>z，做到“三个到位”。"
    text = all_text(open_docx(render_plan(write_yaml, campaign_data)))
    assert "落实A&B方案，确保x<y且y>z，做到“三个到位”。" in text


def test_render_file_names_output_after_title(reference_path, tmp_path):
    path = docgen.render_file(reference_path, "plan", tmp_path)
    assert path.name == "临川市教育局创建全国文明城市工作实施方案.docx"
    assert path.read_bytes()[:2] == b"PK"


def test_very_long_title_and_texts_render_intact(write_yaml, campaign_data):
    long_title = "关于进一步加强和改进" + "基层治理体系和治理能力现代化建设" * 12 + "的实施方案"
    long_text = "各单位要对照目标任务逐项抓好落实，" * 400 + "确保取得实效。"
    campaign_data["documents"]["plan"]["title"] = long_title
    campaign_data["tasks"][0]["content"] = long_text
    doc = open_docx(render_plan(write_yaml, campaign_data))
    text = all_text(doc)
    assert paragraphs(doc)[0].text == long_title
    assert long_text in text
    assert hygiene_problems(text) == []
