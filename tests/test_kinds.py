"""Every document kind, rendered from the reference file and from campaigns in other domains,
read back with python-docx: layout, text hygiene, completeness and the derived judgements."""
from __future__ import annotations

import copy
import importlib
import re

import pytest

import docgen
from docgen import gbt9704 as std
from docgen import kinds
from conftest import REFERENCE, SAMPLES, read_yaml
from docx_inspect import (all_text, east_asian_fonts, hygiene_problems, open_docx, paragraph_property, paragraphs,
                          part_xml, sizes_pt)

SOURCES = [REFERENCE] + SAMPLES
KINDS = ["plan", "notice", "speech", "summary", "members", "tasks"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _supported(path, kind):
    campaign = docgen.load(path)
    return not kinds.get(kind).missing(campaign)


CASES = [(src, kind) for src in SOURCES for kind in KINDS if _supported(src, kind)]


@pytest.fixture(scope="module")
def rendered():
    cache = {}

    def get(path, kind):
        key = (str(path), kind)
        if key not in cache:
            cache[key] = docgen.render(docgen.load(path), kind)
        return cache[key]

    return get


def ids(case):
    return f"{case[0].stem}-{case[1]}"


def test_every_kind_renders_from_every_source():
    # The reference and the safety sample support every kind; waste-sorting has no summary.
    covered = {(src.stem, kind) for src, kind in CASES}
    for kind in KINDS:
        assert (REFERENCE.stem, kind) in covered
    assert len(CASES) >= len(SOURCES) * len(KINDS) - 1


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_layout_and_hygiene(case, rendered):
    data = rendered(*case)
    doc = open_docx(data)
    section = doc.sections[0]
    assert abs(section.top_margin.mm - std.MARGIN_TOP_MM) <= std.MARGIN_TOLERANCE_MM
    assert abs(section.left_margin.mm - std.MARGIN_LEFT_MM) <= std.MARGIN_TOLERANCE_MM
    assert abs(section.page_width.mm - std.PAGE_WIDTH_MM) <= 1
    assert "PAGE" in part_xml(data, "word/footer_gbt_odd.xml")
    paras = paragraphs(doc)
    title = next(p for p in paras if p.style_id == "GwTitle")
    assert title.text == docgen.title(docgen.load(case[0]), case[1])
    assert east_asian_fonts(doc, title.doc_para) == {std.FONT_TITLE}
    assert sizes_pt(doc, title.doc_para) == {std.TITLE_SIZE_PT}
    for p in paras:
        if p.style_id == "Normal" and p.text.strip():
            assert sizes_pt(doc, p.doc_para) == {std.BODY_SIZE_PT}
            fonts = east_asian_fonts(doc, p.doc_para)
            assert fonts <= {std.FONT_BODY, std.FONT_HEADING_2, std.FONT_HEADING_1}, (p.text, fonts)
        if p.style_id == "GwHeading1":
            assert east_asian_fonts(doc, p.doc_para) == {std.FONT_HEADING_1}
    problems = hygiene_problems(all_text(doc))
    assert not problems, problems


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_gbt9704_checker_finds_no_errors(case, rendered, tmp_path):
    check = importlib.import_module("docgen.checker")
    path = tmp_path / "doc.docx"
    path.write_bytes(rendered(*case))
    report = check.check(path)
    assert not report.errors, report.to_text()


# The summary reports only tasks with a recorded result (the rest are named in a warning:
# tests/test_summary_wording.py); the speaker picks a few tasks and refers the rest to the plan
# (tests/test_speech_wording.py).
@pytest.mark.parametrize("case", [c for c in CASES if c[1] in ("plan", "notice", "tasks")],
                         ids=ids)
def test_every_task_appears(case, rendered):
    text = all_text(open_docx(rendered(*case)))
    for task in read_yaml(case[0])["tasks"]:
        title = docgen.load(case[0]).task(task["id"]).title.rstrip("。")
        assert title in text, title


@pytest.mark.parametrize("source", [s for s in SOURCES if _supported(s, "summary")], ids=lambda s: s.stem)
def test_summary_has_every_achievement_problem_and_next_step(source, rendered):
    campaign = docgen.load(source)
    text = all_text(open_docx(rendered(source, "summary")))
    doc = campaign.documents.summary
    for item in [a.content for a in doc.achievements] + list(doc.problems) + list(doc.next_steps):
        assert item.rstrip("。") in text, item
    for heading in ("一、主要工作及成效", "二、存在的问题", "三、下一步工作打算"):
        assert heading in text
    paras = paragraphs(open_docx(rendered(source, "summary")))
    assert paras[2].text == f"{campaign.unit.superior}："
    assert paras[-1].style_id == "GwDate"
    assert paras[-2].text == campaign.unit.name


@pytest.mark.parametrize("source", [s for s in SOURCES if _supported(s, "speech")], ids=lambda s: s.stem)
def test_speech_has_title_speaker_date_salutation_and_three_parts(source, rendered):
    campaign = docgen.load(source)
    speech = campaign.documents.speech
    doc = open_docx(rendered(source, "speech"))
    paras = [p for p in paragraphs(doc) if p.text.strip()]
    assert paras[0].text == f"在{speech.occasion}上的讲话" and paras[0].style_id == "GwTitle"
    assert speech.speaker.name in paras[1].text and speech.speaker.post in paras[1].text
    assert paras[2].text == f"（{speech.date.year}年{speech.date.month}月{speech.date.day}日）"
    for p in paras[1:3]:
        assert p.style_id == "GwSubtitle"
        assert east_asian_fonts(doc, p.doc_para) == {std.FONT_HEADING_2}
        assert paragraph_property(doc, p.doc_para, "w:jc", "w:val") == "center"
    assert paras[3].text == (speech.salutation or "同志们").rstrip("：") + "："
    assert paras[3].style_id == "GwFlush"
    headings = [p.text for p in paras if p.style_id == "GwHeading1"]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、"]
    if docgen.contexts.meeting_type(campaign) == "动员":
        assert "统一思想" in headings[0] and "狠抓落实" in headings[1] and "加强领导" in headings[2]
    text = all_text(doc)
    assert "一是" in text and "二是" in text
    for point in speech.significance:
        assert point.title in text
    # A speech, not the plan reflowed: no plan section headings.
    assert "主要任务" not in headings and "实施步骤" not in "".join(headings)


def test_speech_without_significance_argues_from_purpose_and_goals(campaign_data, write_yaml):
    del campaign_data["documents"]["speech"]["significance"]
    campaign = docgen.load(write_yaml(campaign_data))
    text = all_text(open_docx(docgen.render(campaign, "speech")))
    assert "就是要深入推进全市教育系统精神文明建设" in text
    assert "师生对创建工作知晓率达到95%以上" in text


def test_speech_speaker_who_leads_the_group_says_so(reference_path, rendered):
    text = all_text(open_docx(rendered(reference_path, "speech")))
    assert "由我任组长" in text            # 周文彬 speaks and leads the group
    assert "眼下正处于宣传发动阶段" in text   # 2026-03-10 falls in the first phase


@pytest.mark.parametrize("source", SAMPLES, ids=lambda s: s.stem)
def test_no_campaign_words_leak_between_domains(source, rendered):
    # Nothing of the reference (a civilised-city campaign at an education bureau) in other domains.
    for kind in ("speech", "notice"):
        text = all_text(open_docx(rendered(source, kind)))
        for word in ("文明城市", "教育", "师生", "校园"):
            if word not in source.read_text(encoding="utf-8"):
                assert word not in text, (kind, word)


def test_summary_period_wording(reference_path, rendered):
    safety = next(s for s in SAMPLES if s.stem == "safety-month")
    assert paragraphs(open_docx(rendered(reference_path, "summary")))[0].text == \
        "临川市教育局2026年上半年创建全国文明城市工作总结"
    text = all_text(open_docx(rendered(safety, "summary")))
    assert text.splitlines()[0] == "安川市建设集团有限公司2026年5月至9月安全生产工作总结"
    assert "2026年5月至9月，" in text


def test_summary_default_title_for_other_periods(campaign_data, write_yaml):
    campaign_data["documents"]["summary"]["period"] = {"start": "2026-01-01", "end": "2026-09-30"}
    campaign = docgen.load(write_yaml(campaign_data))
    assert docgen.title(campaign, "summary") == "临川市教育局2026年1月至9月创建全国文明城市工作总结"


@pytest.mark.parametrize("source", [s for s in SOURCES if _supported(s, "notice")], ids=lambda s: s.stem)
def test_notice_header_body_attachments_and_banji(source, rendered):
    campaign = docgen.load(source)
    plan = campaign.documents.plan
    data = rendered(source, "notice")
    doc = open_docx(data)
    paras = [p for p in paragraphs(doc) if p.text.strip()]
    assert paras[0].text == f"{campaign.unit.name}文件" and paras[0].style_id == "GwIssuer"
    xml = part_xml(data, "word/styles.xml")
    issuer_style = re.search(r'<w:style [^>]*w:styleId="GwIssuer".*?</w:style>', xml).group(0)
    assert 'w:color w:val="FF0000"' in issuer_style
    assert paras[1].text == plan.number and re.search(r"〔\d{4}〕\d+号$", plan.number)
    number_style = re.search(r'<w:style [^>]*w:styleId="GwDocNumber".*?</w:style>', xml).group(0)
    assert re.search(r'<w:bottom [^>]*w:color="FF0000"', number_style)  # red separator line
    plan_title = docgen.title(campaign, "plan")
    assert paras[2].text == f"关于印发《{plan_title}》的通知"
    assert paras[3].text == "，".join(plan.recipients) + "："
    text = all_text(doc)
    assert f"现将《{plan_title}》印发给你们" in text
    notes = [p.text for p in paras if p.style_id in ("GwAttachmentNote", "GwAttachmentMore")]
    assert notes[0].startswith("附件：")
    labels = [p.text for p in paras if p.style_id == "GwAttachmentLabel"]
    assert labels[0] in ("附件", "附件1")
    assert len(labels) == 1 + len(plan.attachments)
    body = doc.element.body
    banji = [t for t in body.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblpPr") is not None]
    assert len(banji) == 1
    banji_text = "".join(banji[0].itertext())
    if plan.cc:
        assert f"抄送：{'，'.join(plan.cc)}。" in banji_text
    printed_on = plan.printed_on or plan.date
    assert plan.printed_by in banji_text
    assert f"{printed_on.year}年{printed_on.month}月{printed_on.day}日印发" in banji_text
    # The 版记 comes last, after every attachment.
    tables = list(body.iter(f"{W}tbl"))
    assert tables[-1] is banji[0]
    # The plan itself is inside: every task and phase.
    for task in campaign.tasks:
        assert task.title in text
    for phase in campaign.phases:
        assert phase.name in text


def test_notice_with_single_attachment_says_fujian_without_number(reference_path, rendered):
    doc = open_docx(rendered(reference_path, "notice"))
    paras = [p for p in paragraphs(doc) if p.text.strip()]
    assert [p.text for p in paras if p.style_id == "GwAttachmentLabel"] == ["附件"]
    assert [p.text for p in paras if p.style_id == "GwAttachmentNote"] == \
        ["附件：临川市教育局创建全国文明城市工作实施方案"]


def test_attachments_numbered_in_plan_and_notice(campaign_data, write_yaml):
    campaign_data["documents"]["plan"]["attachments"] = ["members", "tasks"]
    campaign = docgen.load(write_yaml(campaign_data))
    plan = open_docx(docgen.render(campaign, "plan"))
    ptext = all_text(plan)
    assert [p.text for p in paragraphs(plan) if p.style_id == "GwAttachmentLabel"] == ["附件1", "附件2"]
    assert "领导小组成员名单见附件1" in ptext and "完成时限见附件2" in ptext
    notice = open_docx(docgen.render(campaign, "notice"))
    ntext = all_text(notice)
    assert [p.text for p in paragraphs(notice) if p.style_id == "GwAttachmentLabel"] == ["附件1", "附件2", "附件3"]
    assert "领导小组成员名单见附件2" in ntext and "完成时限见附件3" in ntext
    notes = [p.text for p in paragraphs(notice) if p.style_id in ("GwAttachmentNote", "GwAttachmentMore")]
    assert notes == ["附件：1.临川市教育局创建全国文明城市工作实施方案", "2.创建全国文明城市工作领导小组成员名单",
                     "3.创建全国文明城市工作任务分解表"]
    assert len(notice.tables) == 3  # members, tasks, 版记


def _check_table(table, header):
    rows = table._tbl.findall(f"{W}tr")
    assert [c.text for c in table.rows[0].cells] == header
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    for row in rows:
        assert row.find(f"{W}trPr/{W}cantSplit") is not None


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.stem)
def test_tasks_table(source, rendered):
    campaign = docgen.load(source)
    doc = open_docx(rendered(source, "tasks"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    _check_table(table, ["序号", "任务", "具体内容", "责任单位", "完成时限"])
    body_rows = table.rows[1:]
    assert len(body_rows) == len(campaign.tasks)
    for n, (row, task) in enumerate(zip(body_rows, campaign.tasks), 1):
        cells = [c.text for c in row.cells]
        assert cells[0] == str(n) and cells[1] == task.title.rstrip("。")
        assert cells[3] == "、".join(task.owners)
        if task.due:
            assert cells[4] == f"{task.due.year}年{task.due.month}月{task.due.day}日"
        for item in task.items:
            assert item.title in cells[2]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.stem)
def test_members_table(source, rendered):
    campaign = docgen.load(source)
    doc = open_docx(rendered(source, "members"))
    table = doc.tables[0]
    _check_table(table, ["小组职务", "姓名", "单位及职务"])
    group = campaign.leadership
    people = list(group.leader) + list(group.deputies) + list(group.members)
    rows = table.rows[1:]
    assert [(r.cells[1].text, r.cells[2].text) for r in rows] == [(p.name, p.post) for p in people]
    roles = [r.cells[0].text for r in rows]
    assert roles[0] == "组长" and roles[-1] == "成员"   # merged cells read back with their text
    assert paragraphs(doc)[0].text == f"{group.name}成员名单"


def test_missing_data_is_named(campaign_data, write_yaml):
    del campaign_data["documents"]["speech"]
    del campaign_data["documents"]["summary"]
    del campaign_data["unit"]["superior"]
    for key in ("number", "printed_by"):
        del campaign_data["documents"]["plan"][key]
    campaign = docgen.load(write_yaml(campaign_data))
    assert kinds.get("speech").missing(campaign) == ["documents.speech.occasion", "documents.speech.speaker",
                                                     "documents.speech.date"]
    assert kinds.get("summary").missing(campaign) == ["documents.summary.period", "documents.summary.date",
                                                      "unit.superior"]
    assert kinds.get("notice").missing(campaign) == ["documents.plan.number", "documents.plan.printed_by"]
    with pytest.raises(docgen.MissingDataError, match="documents.plan.number"):
        docgen.render(campaign, "notice")
    del campaign_data["leadership"]
    campaign = docgen.load(write_yaml(campaign_data))
    assert kinds.get("members").missing(campaign) == ["leadership"]


def test_render_all_skips_kinds_without_data_and_names_the_fields(tmp_path):
    from test_cli import run

    waste = next(s for s in SAMPLES if s.stem == "waste-sorting")
    out = tmp_path / "out"
    result = run("render", waste, "--kind", "all", "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    assert "summary" in result.stderr and "unit.superior" in result.stderr
    assert "documents.summary.period" in result.stderr
    names = sorted(p.name for p in out.glob("*.docx"))
    campaign = docgen.load(waste)
    expected = sorted(docgen.output_name(campaign, k) for k in KINDS if k != "summary")
    assert names == expected
    assert "在柳湾街道生活垃圾分类工作推进会上的讲话.docx" in names


def test_other_domain_campaign_renders_every_kind(campaign_data, write_yaml):
    # A work-safety month at a factory, minimal data: no basis, no goals, no phases, no significance.
    data = copy.deepcopy(campaign_data)
    data["unit"] = {"name": "东湖机械厂", "short_name": "厂里", "superior": "东湖区应急管理局"}
    data["campaign"] = {"name": "安全生产月"}
    for key in ("guiding_ideology", "goals", "principles", "phases", "requirements"):
        data.pop(key)
    data["tasks"] = [{"id": "a", "title": "开展隐患排查", "content": "对全厂设备逐台检查。", "owners": ["设备科"],
                      "due": "2026-06-30"},
                     {"id": "b", "title": "组织应急演练", "owners": ["安全科"]}]
    data["leadership"] = {"name": "安全生产月活动领导小组", "leader": [{"name": "张强", "post": "厂长"}]}
    data["documents"] = {
        "plan": {"number": "东机发〔2026〕3号", "date": "2026-05-20", "recipients": ["各车间", "各科室"],
                 "printed_by": "东湖机械厂办公室", "attachments": ["members", "tasks"]},
        "speech": {"occasion": "全厂安全生产月动员会", "speaker": {"name": "李明", "post": "副厂长"},
                   "date": "2026-05-25"},
        "summary": {"period": {"start": "2026-05-01", "end": "2026-06-30"}, "date": "2026-07-05",
                    "achievements": [{"task": "a", "content": "检查设备120台，整改隐患36处。"}]},
    }
    campaign = docgen.load(write_yaml(data))
    for kind in KINDS:
        text = all_text(open_docx(docgen.render(campaign, kind)))
        assert not hygiene_problems(text), (kind, hygiene_problems(text))
        for word in ("文明", "教育", "校园", "师生"):
            assert word not in text, (kind, word)
    speech = all_text(open_docx(docgen.render(campaign, "speech")))
    assert "由张强同志任组长" in speech and "一是开展隐患排查" in speech and "二是组织应急演练" in speech
    summary = all_text(open_docx(docgen.render(campaign, "summary")))
    assert "2026年5月至6月" in summary
    assert "检查设备120台，整改隐患36处。" in summary
    assert "组织应急演练" not in summary   # no result recorded: left out, not called late
