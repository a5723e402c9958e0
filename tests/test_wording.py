"""How documents name the campaign, the unit and its targets (docgen/contexts/wording.py), and the
plan's 成文日期 — checked on the helpers and on rendered documents of several campaigns."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import docgen
from docgen.contexts import wording
from docgen.contexts.common import BLANK_DATE
from docx_inspect import all_text, open_docx, paragraphs

CORPUS = Path(__file__).resolve().parent / "campaigns"


def make(name: str = "安全生产月", unit: str = "某县应急管理局", short: str | None = None, extra: str = "") -> docgen.Campaign:
    short_line = f", short_name: {short}" if short else ""
    return docgen.loads(f"unit: {{name: {unit}{short_line}}}\ncampaign: {{name: {name}}}\n"
                        f"tasks:\n  - title: 开展隐患排查\n{extra}")


# ── the work noun and titles ─────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, noun", [
    ("创建全国文明城市", "创建全国文明城市工作"),
    ("垃圾分类工作", "垃圾分类工作"),
    ("2026年防汛工作", "2026年防汛工作"),
    ("2026年安全生产月活动", "2026年安全生产月活动"),
    ("安全生产月", "安全生产月活动"),
    ("节能宣传周", "节能宣传周活动"),
    ("作风建设年", "作风建设年活动"),
    ("森林防火专项行动", "森林防火专项行动"),
    ("消防安全专项整治", "消防安全专项整治工作"),
    ("平安医院建设", "平安医院建设工作"),
    ("爱国卫生运动", "爱国卫生运动"),
    ("党史学习教育", "党史学习教育"),
    ("安全生产宣传活动月", "安全生产宣传活动月"),
    ("安全生产治本攻坚三年行动", "安全生产治本攻坚三年行动"),
    ("质量提升年", "质量提升年活动"),
])
def test_work_name_never_doubles_the_noun(name, noun):
    assert wording.work_name(make(name)) == noun


@pytest.mark.parametrize("unit, name, suffix, period, title", [
    ("临川市教育局", "创建全国文明城市", "工作实施方案", "", "临川市教育局创建全国文明城市工作实施方案"),
    ("临川市教育局", "创建全国文明城市", "实施方案", "", "临川市教育局创建全国文明城市工作实施方案"),
    ("安澜化工股份有限公司", "2026年安全生产月活动", "工作实施方案", "", "安澜化工股份有限公司2026年安全生产月活动实施方案"),
    ("安澜化工股份有限公司", "2026年安全生产月活动", "工作总结", "2026年上半年", "安澜化工股份有限公司2026年上半年安全生产月活动总结"),
    ("临川市水利局", "2026年防汛工作", "工作总结", "2026年1月至6月", "临川市水利局2026年1月至6月防汛工作总结"),
    ("临川市水利局", "2025年防汛工作", "工作总结", "2026年上半年", "临川市水利局2026年上半年2025年防汛工作总结"),
    ("临川市林业局", "森林防火专项行动", "工作总结", "2025年10月至11月", "临川市林业局2025年10月至11月森林防火专项行动总结"),
    ("临川市东湖区人民政府", "营商环境优化提升行动", "实施方案", "", "临川市东湖区营商环境优化提升行动实施方案"),
    ("青石街道办事处", "垃圾分类工作", "实施方案", "", "青石街道垃圾分类工作实施方案"),
    ("临川市实验中学", "临川市实验中学2026年读书月活动", "工作总结", "2026年上半年", "临川市实验中学2026年上半年读书月活动总结"),
    ("临川市实验中学", "临川市实验中学读书月活动", "实施方案", "", "临川市实验中学读书月活动实施方案"),
])
def test_work_title(unit, name, suffix, period, title):
    assert wording.work_title(make(name, unit), suffix, period=period) == title


def test_task_table_title_has_no_unit():
    assert wording.work_title(make("2026年安全生产月活动"), "任务分解表", unit=False) == "2026年安全生产月活动任务分解表"


@pytest.mark.parametrize("stem, plan_title, tasks_title", [
    ("01-company-safety-month", "安澜化工股份有限公司2026年安全生产月活动实施方案", "2026年安全生产月活动任务分解表"),
    ("03-district-business-environment", "临川市东湖区营商环境优化提升行动实施方案", "营商环境优化提升行动任务分解表"),
    ("04-forestry-fire-prevention", "临川市林业局森林防火专项行动实施方案", "森林防火专项行动任务分解表"),
    ("09-water-flood-control", "临川市水利局2026年防汛工作实施方案", "2026年防汛工作任务分解表"),
    ("11-finance-work-style", "临川县财政局作风建设年活动实施方案", "作风建设年活动任务分解表"),
])
def test_rendered_titles(stem, plan_title, tasks_title):
    campaign = docgen.load(CORPUS / f"{stem}.yaml")
    plan = paragraphs(open_docx(docgen.render(campaign, "plan")))
    assert plan[0].text == plan_title
    assert paragraphs(open_docx(docgen.render(campaign, "tasks")))[0].text == tasks_title
    if campaign.leadership:
        assert any(p.text.startswith(f"为加强对{wording.work_name(campaign)}的组织领导，") for p in plan)


def test_reference_titles_are_unchanged(reference_path):
    campaign = docgen.load(reference_path)
    assert docgen.title(campaign, "plan") == "临川市教育局创建全国文明城市工作实施方案"
    assert docgen.title(campaign, "tasks") == "创建全国文明城市工作任务分解表"


# ── how the unit names itself ────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("unit, short, word", [
    ("临川市教育局", "市教育局", "我局"),
    ("临川县财政局", None, "我局"),
    ("临川市东湖区人民政府", "区政府", "我区"),
    ("临川市东湖区人民政府", "东湖区", "我区"),
    ("临川县人民政府", None, "我县"),
    ("临川县青山镇人民政府", "镇政府", "我镇"),
    ("青石街道办事处", None, "我街道"),
    ("临川市实验中学", None, "我校"),
    ("临川市第一小学", None, "我校"),
    ("临川市人民医院", "市人民医院", "我院"),
    ("临川市禁毒委员会", "市禁毒委", "我委"),
    ("临川市卫生健康委员会", None, "我委"),
    ("临川市创建全国文明城市工作指挥部办公室", None, "我办"),
    ("临川市疾病预防控制中心", None, "我中心"),
    ("安澜化工股份有限公司", "公司", "公司"),
    ("临川城投物业服务有限公司", None, "公司"),
    ("安川市建设集团有限公司", "集团公司", "集团公司"),
    ("安川市建设集团有限公司", None, "集团"),
    ("临川市文明委员会某某专班", None, "本单位"),
    ("临川县人民政府办公室", None, "我办"),
    ("青石街道幸福社区居民委员会", None, "我社区"),
    ("青山镇茶园村民委员会", None, "我村"),
    ("临川市公安局交通警察支队", None, "我支队"),
    ("临川农村商业银行", None, "我行"),
    ("临川能源集团有限责任公司", None, "集团"),
    ("临川县青山镇中心小学", None, "我校"),
    ("临川市第二幼儿园", None, "我园"),
])
def test_self_name(unit, short, word):
    assert wording.self_name(make(unit=unit, short=short)) == word


@pytest.mark.parametrize("stem, word", [
    ("01-company-safety-month", "公司"), ("02-street-waste-sorting", "我街道"),
    ("03-district-business-environment", "我区"), ("05-school-reading-month", "我校"),
    ("06-hospital-safe-hospital", "我院"), ("07-drug-control-month", "我委"),
    ("12-town-rural-revitalization", "我镇"), ("13-city-appearance-hundred-days", "我局"),
])
def test_plan_says_how_the_unit_names_itself(stem, word):
    campaign = docgen.load(CORPUS / f"{stem}.yaml")
    text = all_text(open_docx(docgen.render(campaign, "plan")))
    assert f"结合{word}实际，制定本方案。" in text
    assert f"结合{campaign.unit.name}实际" not in text
    if campaign.unit.short != word:
        assert f"结合{campaign.unit.short}实际" not in text


# ── targets ──────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("item, value, phrase", [
    ("师生对创建工作知晓率", "95%以上", "师生对创建工作知晓率达到95%以上"),
    ("文明校园创建覆盖率", "100%", "文明校园创建覆盖率达到100%"),
    ("机关人均综合能耗同比降幅", "2%以上", "机关人均综合能耗同比降幅达到2%以上"),
    ("涉企行政检查次数同比下降", "20%", "涉企行政检查次数同比下降20%"),
    ("居民健康素养水平提高", "2个百分点", "居民健康素养水平提高2个百分点"),
    ("应急演练", "不少于3次", "应急演练不少于3次"),
    ("学生人均阅读课外书籍", "不少于2本", "学生人均阅读课外书籍不少于2本"),
    ("病媒生物密度", "控制在国家C级标准以内", "病媒生物密度控制在国家C级标准以内"),
    ("预警信息发布时间", "提前6小时以上", "预警信息发布时间提前6小时以上"),
    ("较大隐患整改时间", "48小时以内", "较大隐患整改时间控制在48小时以内"),
    ("企业开办时间", "1个工作日以内", "企业开办时间控制在1个工作日以内"),
    ("空置率", "5%以下", "空置率控制在5%以下"),
    ("生产安全事故起数", "0", "生产安全事故起数为0"),
    ("因洪涝灾害死亡人数", "0", "因洪涝灾害死亡人数为0"),
    ("重大以上森林火灾", "0起", "不发生重大以上森林火灾"),
    ("涉医刑事案件", "零", "不发生涉医刑事案件"),
    ("安全生产", "零事故", "安全生产实现零事故"),
    ("宣传", "全覆盖", "宣传实现全覆盖"),
    ("主次干道占道经营", "基本消除", "主次干道占道经营基本消除"),
    ("重大事故隐患", "动态清零", "重大事故隐患动态清零"),
    ("档案管理", "A级", "档案管理达到A级"),
    ("培训覆盖率100%", "100%", "培训覆盖率100%"),          # never the same figure twice
    ("不文明行为", "明显减少", "不文明行为明显减少"),
])
def test_target_phrase(item, value, phrase):
    assert wording.target_phrase(item, value) == phrase


def test_plan_targets_read_naturally():
    texts = {stem: all_text(open_docx(docgen.render(docgen.load(CORPUS / f"{stem}.yaml"), "plan")))
             for stem in ("01-company-safety-month", "04-forestry-fire-prevention", "08-health-patriotic-month")}
    assert ("具体目标：生产安全事故起数为0；一线员工安全培训覆盖率达到100%；隐患整改率达到98%以上；"
            "较大隐患整改时间控制在48小时以内；应急演练不少于3次。") in texts["01-company-safety-month"]
    assert "具体目标：不发生重大以上森林火灾；火情发现后到场扑救时间控制在30分钟以内；" in texts["04-forestry-fire-prevention"]
    assert "病媒生物密度控制在国家C级标准以内" in texts["08-health-patriotic-month"]


def test_target_filter_is_the_wording_helper():
    from docgen.templating import FILTERS
    from docgen.model import Target

    assert FILTERS["target"](Target("应急演练", "不少于3次")) == "应急演练不少于3次"


# ── series ───────────────────────────────────────────────────────────────────────────────────
def test_series_numbers_only_real_lists():
    assert wording.series([]) == []
    assert wording.series(["抓宣传。"]) == ["抓宣传。"]
    assert wording.series(["抓宣传。", "抓整治。", "抓考核。"]) == ["一是抓宣传。", "二是抓整治。", "三是抓考核。"]


# ── the plan's 成文日期 ──────────────────────────────────────────────────────────────────────
def test_plan_without_a_date_prints_a_blank_date_line(tmp_path):
    campaign = docgen.load(CORPUS / "02-street-waste-sorting.yaml")
    assert campaign.documents.plan is None
    data = docgen.render(campaign, "plan")
    texts = [p.text for p in paragraphs(open_docx(data)) if p.text.strip()]
    assert texts[-2:] == ["青石街道办事处", BLANK_DATE]
    assert BLANK_DATE == "\u3000\u3000年\u3000月\u3000日"
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" not in all_text(open_docx(data))
    out = tmp_path / "plan.docx"
    out.write_bytes(data)
    assert docgen.check(out).errors == []


def test_plan_with_a_date_prints_it():
    campaign = docgen.load(CORPUS / "05-school-reading-month.yaml")
    texts = [p.text for p in paragraphs(open_docx(docgen.render(campaign, "plan"))) if p.text.strip()]
    assert "2026年3月28日" in texts and BLANK_DATE not in texts


def test_notice_requires_the_plan_date(campaign_data, write_yaml):
    campaign_data["documents"]["plan"].pop("date")
    campaign = docgen.load(write_yaml(campaign_data))
    with pytest.raises(docgen.MissingDataError) as caught:
        docgen.render(campaign, "notice")
    assert caught.value.fields == ["documents.plan.date"]
    assert "documents.plan.date" in str(caught.value)
    # The plan itself still renders, with the blank date line.
    assert BLANK_DATE in all_text(open_docx(docgen.render(campaign, "plan")))


def test_cli_names_the_missing_notice_date(campaign_data, write_yaml, tmp_path):
    import subprocess
    import sys

    campaign_data["documents"]["plan"].pop("date")
    source = write_yaml(campaign_data)
    result = subprocess.run([sys.executable, "-m", "docgen", "render", str(source), "--kind", "notice",
                             "-o", str(tmp_path / "n.docx")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "documents.plan.date" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "n.docx").exists()


# ── the leadership group's own words ────────────────────────────────────────────────────────
def test_a_command_post_has_commanders():
    campaign = docgen.load(CORPUS / "13-city-appearance-hundred-days.yaml")
    plan = all_text(open_docx(docgen.render(campaign, "plan")))
    assert "指挥长：黄志诚（局党组书记、局长）" in plan
    assert "副指挥长：柯文（局党组成员、副局长）、阎立新（市城管执法支队支队长）" in plan
    assert "指挥部下设办公室，办公室设在市容景观科" in plan
    assert "组长" not in plan and "领导小组" not in plan
    members = open_docx(docgen.render(campaign, "members"))
    rows = [[c.text for c in row.cells] for row in members.tables[0].rows]
    assert rows[0][0] == "指挥部职务"
    assert [r[0] for r in rows[1:]] == ["指挥长", "副指挥长", "副指挥长", "成员", "成员", "成员"]


def test_a_committee_has_a_chair_and_members(campaign_data, write_yaml):
    campaign_data["leadership"]["name"] = "创建全国文明城市工作委员会"
    campaign_data["documents"]["plan"]["attachments"] = ["members"]
    campaign = docgen.load(write_yaml(campaign_data))
    plan = all_text(open_docx(docgen.render(campaign, "plan")))
    assert "主任：周文彬（局党委书记、局长）" in plan and "委员：王志强（办公室主任）" in plan
    assert "委员会成员名单见附件。" in plan and "委员会下设办公室" in plan


def test_a_leading_group_keeps_its_usual_words(reference_path):
    plan = all_text(open_docx(docgen.render(docgen.load(reference_path), "plan")))
    assert "组长：周文彬（局党委书记、局长）" in plan and "领导小组下设办公室" in plan
