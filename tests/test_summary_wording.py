"""The work summary reads like a real one for any campaign and never invents a fact.

Rule 1 — never invent: a task with no recorded result is left out of 主要工作及成效 and named in a
DocgenWarning; problems and next steps come only from the data (next steps, when absent, from the
plan's phases still ahead); a section with nothing behind it is left out.
Rule 2 — true progress wording: 时间过半、任务过半 only at 40–60 % of the campaign's time with at
least half the tasks reporting and nothing due unreported; “均” when every task reports; the
period's place in the campaign (before, opening, under way, closing, whole, after, no phases) sets
the framing.
Rule 3 — title, work noun and self-reference come from docgen.contexts.wording.
Rule 4 — structure of a real 工作总结: opening, sections in order and numbered without gaps, lists
of one never read 一是, 落款.

Each campaign below is its own unit type and shape; the summaries are read back with python-docx.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import sys

import pytest

import docgen
from docgen.contexts import progress, self_name, work_name, work_title
from docgen.contexts.summary import title_period
from docgen.errors import collect_warnings
from docgen.text import format_period_label
from conftest import REFERENCE, ROOT, read_yaml
from docx_inspect import all_text, hygiene_problems, open_docx, paragraphs

SECTIONS = ("主要工作及成效", "存在的问题", "下一步工作打算")
# Phrases the old template printed without data behind them (rule 1) and words that call a task late.
INVENTED = ("尚未形成", "尚无任务", "滞后", "落后于", "未能按期", "已过完成时限", "逾期", "加快推进",
            "巩固已有成果", "确保全面完成目标任务", "确保各项目标任务全面完成", "需要在下一阶段认真查找")


def _task(title, due=None, tid=None, owners=("办公室",)):
    task = {"title": title, "owners": list(owners)}
    if tid:
        task["id"] = tid
    if due:
        task["due"] = due
    return task


def _phases(*spans):
    names = ["动员部署阶段", "集中推进阶段", "巩固提升阶段", "总结验收阶段"]
    return [{"name": names[i], "start": a, "end": b, "content": f"{names[i][:-2]}，抓好第{i + 1}批事项落实。"}
            for i, (a, b) in enumerate(spans)]


def district():
    """A district government's 13-task campaign over 2026; the half year is 49.6 % of it."""
    titles = ["整治背街小巷环境", "规范农贸市场秩序", "治理占道经营", "提升公共厕所管理", "改造老旧小区",
              "整治交通秩序", "深化志愿服务", "加强诚信建设", "推进移风易俗", "开展文明家庭评选",
              "建设新时代文明实践站", "加强公益广告宣传", "完善长效管理机制"]
    tasks = [_task(t, due="2026-12-31", tid=f"t{i + 1}") for i, t in enumerate(titles)]
    return {
        "unit": {"name": "临江市江北区人民政府", "short_name": "区政府", "superior": "临江市人民政府"},
        "campaign": {"name": "城乡环境综合整治"},
        "tasks": tasks,
        "phases": _phases(("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-09-30"), ("2026-10-01", "2026-12-31")),
        "documents": {"summary": {
            "period": {"start": "2026-01-01", "end": "2026-06-30"}, "date": "2026-07-10",
            "achievements": [{"task": f"t{i + 1}", "content": f"完成第{i + 1}项整治点位{10 + i}处。"} for i in range(8)],
            "problems": ["部分镇街整治标准不统一。", "长效管理经费保障不足。"],
            "next_steps": ["开展整治效果“回头看”。", "建立镇街月度考核排名制度。"],
        }},
    }


def company():
    """A company's 安全生产月 (name holds the year and 活动), one month, every task reporting."""
    return {
        "unit": {"name": "东方化工有限公司", "short_name": "公司", "superior": "东方市应急管理局"},
        "campaign": {"name": "2026年“安全生产月”活动"},
        "tasks": [_task("开展安全隐患排查", due="2026-06-20", tid="a"), _task("组织应急救援演练", tid="b"),
                  _task("开展全员安全培训", tid="c"), _task("营造安全文化氛围", tid="d")],
        "phases": [{"name": "宣传发动阶段", "start": "2026-06-01", "end": "2026-06-05"},
                   {"name": "集中开展阶段", "start": "2026-06-06", "end": "2026-06-25"},
                   {"name": "总结提高阶段", "start": "2026-06-26", "end": "2026-06-30"}],
        "documents": {"summary": {
            "period": {"start": "2026-06-01", "end": "2026-06-30"}, "date": "2026-07-03",
            "achievements": [{"task": "a", "content": "排查隐患57处，已整改55处"},
                             {"task": "b", "content": "组织危化品泄漏处置演练2次，参演180人次。"},
                             {"task": "c", "content": "培训员工620人次，考核合格率100%。"},
                             {"task": "d", "content": "开展安全知识竞赛1场、安全咨询日活动3场。"}],
            "problems": ["个别班组隐患自查流于形式。"],
            "next_steps": ["将隐患排查纳入班组日常考核。"],
        }},
    }


def street():
    """A street office's two-task pilot: no ids, no phases, no problems, no next steps."""
    return {
        "unit": {"name": "临江市江北区柳湾街道办事处", "short_name": "街道", "superior": "江北区城市管理局"},
        "campaign": {"name": "生活垃圾分类试点"},
        "tasks": [_task("配齐分类投放设施"), _task("开展入户宣传指导")],
        "documents": {"summary": {
            "period": {"start": "2026-03-01", "end": "2026-05-31"}, "date": "2026-06-05",
            "achievements": [{"task": "配齐分类投放设施", "content": "新建分类投放点42个，更换分类桶310组。"}],
        }},
    }


def hospital():
    """A hospital preparing a campaign that starts after the period (筹备)."""
    return {
        "unit": {"name": "临江市第一人民医院", "short_name": "医院", "superior": "临江市卫生健康委员会"},
        "campaign": {"name": "改善就医感受提升患者体验主题活动"},
        "tasks": [_task("优化预约诊疗服务", tid="yy"), _task("改善住院患者体验", tid="zy"), _task("提升急诊救治效率", tid="jz")],
        "phases": _phases(("2026-07-01", "2026-08-31"), ("2026-09-01", "2027-04-30"), ("2027-05-01", "2027-06-30")),
        "documents": {"summary": {
            "period": {"start": "2026-01-01", "end": "2026-06-30"}, "date": "2026-06-28",
            "achievements": [{"task": "yy", "content": "完成预约平台升级方案论证。"}],
        }},
    }


def school():
    """A school writing about the half year after its campaign ended."""
    return {
        "unit": {"name": "临江市实验中学", "short_name": "学校", "superior": "临江市教育局"},
        "campaign": {"name": "书香校园建设"},
        "tasks": [_task("建设班级图书角", tid="a"), _task("开展师生共读", tid="b")],
        "phases": _phases(("2025-09-01", "2025-10-31"), ("2025-11-01", "2025-12-31")),
        "documents": {"summary": {
            "period": {"start": "2026-01-01", "end": "2026-06-30"}, "date": "2026-07-06",
            "achievements": [{"task": "a", "content": "新增图书角图书1200册。"},
                             {"task": "b", "content": "开展师生共读活动16场。"}],
            "next_steps": ["把师生共读纳入课后服务。"],
        }},
    }


def bureau_closing():
    """A bureau's campaign (March–September) summarised for the second half year: it ends inside it."""
    return {
        "unit": {"name": "临江市市场监督管理局", "short_name": "市市场监管局", "superior": "临江市人民政府"},
        "campaign": {"name": "食品安全专项整治行动"},
        "tasks": [_task("整治校园周边食品安全", due="2026-09-30", tid="a"), _task("规范网络订餐", tid="b")],
        "phases": _phases(("2026-03-01", "2026-04-30"), ("2026-05-01", "2026-09-30")),
        "documents": {"summary": {
            "period": {"start": "2026-07-01", "end": "2026-12-31"}, "date": "2027-01-08",
            "achievements": [{"task": "a", "content": "检查校园周边食品经营户860家次。"},
                             {"task": "b", "content": "下线违规网络餐饮商户37家。"}],
            "problems": ["网络订餐监管技术手段不足。"],
        }},
    }


def whole(reference):
    """The reference campaign summarised over all of 2026: the period covers the whole campaign."""
    data = copy.deepcopy(reference)
    data["documents"]["summary"]["period"] = {"start": "2026-01-01", "end": "2026-12-31"}
    data["documents"]["summary"]["date"] = "2027-01-10"
    return data


CAMPAIGNS = {"district": district, "company": company, "street": street, "hospital": hospital,
             "school": school, "bureau_closing": bureau_closing}


class Summary:
    """A rendered summary read back: text, paragraphs, warnings and the campaign."""

    def __init__(self, campaign):
        self.campaign = campaign
        with collect_warnings() as notes:
            data = docgen.render(campaign, "summary")
        self.warnings = [str(n) for n in notes]
        self.paras = [p for p in paragraphs(open_docx(data)) if p.text.strip()]
        self.text = all_text(open_docx(data))

    @property
    def opening(self) -> str:
        return self.paras[2].text

    def headings(self) -> list[str]:
        return [p.text for p in self.paras if p.style_id == "GwHeading1"]

    def section(self, name: str) -> list[str]:
        """Body paragraphs under the level-1 heading ending in ``name`` ([] when it is absent)."""
        out, inside = [], False
        for p in self.paras:
            if p.style_id == "GwHeading1":
                inside = p.text.endswith(name)
            elif inside and p.style_id not in ("GwSignature", "GwDate"):
                out.append(p.text)
        return out


@pytest.fixture
def summarize(write_yaml):
    def _summarize(data, name="campaign.yaml") -> Summary:
        return Summary(docgen.load(write_yaml(data, name)))
    return _summarize


CORPUS = [p for p in sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))
          if "summary" in (read_yaml(p).get("documents") or {}) and read_yaml(p)["unit"].get("superior")]


@pytest.fixture(params=sorted(CAMPAIGNS) + [p.stem for p in CORPUS])
def any_summary(request, write_yaml) -> Summary:
    """The summary of each campaign built here and of each corpus campaign that has one."""
    if request.param in CAMPAIGNS:
        return Summary(docgen.load(write_yaml(CAMPAIGNS[request.param]())))
    return Summary(docgen.load(next(p for p in CORPUS if p.stem == request.param)))


# --- rule 1: never invent ------------------------------------------------------------------------------

def test_nothing_invented(any_summary):
    s = any_summary
    source = open(s.campaign.source, encoding="utf-8").read()
    assert not hygiene_problems(s.text), hygiene_problems(s.text)
    for phrase in INVENTED:
        assert phrase not in s.text or phrase in source, phrase
    doc = s.campaign.documents.summary
    # 存在的问题 and 下一步 hold nothing but the data's items after their lead-in (一是……；二是……。).
    problems = [p.rstrip("。") for p in doc.problems]
    for para in s.section("存在的问题"):
        assert _items(para) and all(any(_same(p, item) for p in problems) for item in _items(para)), para
    steps = [x.rstrip("。") for x in doc.next_steps] + [p.content.rstrip("。") for p in s.campaign.phases if p.content]
    for para in s.section("下一步工作打算"):
        assert _items(para) and all(any(_same(x, item) for x in steps) for item in _items(para)), para


def _same(data: str, printed: str) -> bool:
    """A printed point is a data item, give or take the lead-in's 将 or a phase's 在…阶段（…），."""
    return bool(printed) and (data in printed or printed in data)


def _items(para: str) -> list[str]:
    """The points of a run-in list paragraph, without lead-in and 一是/二是 (one point: the rest)."""
    body = para.split("：", 1)[1] if "：" in para else re.sub(r"^.*?(主要是|下一步，\S+?将)", "", para)
    parts = re.split(r"[；。]?[一二三四五六七八九十]+是", body)
    return [p.strip("；。") for p in parts if p.strip("；。")]


def test_tasks_without_results_are_left_out_and_named_in_a_warning(any_summary):
    s = any_summary
    state = progress.progress_at(s.campaign, s.campaign.documents.summary.period.end)
    results = s.section("主要工作及成效")
    for task in state.with_results:
        assert any(re.match(rf"^(（[一二三四五六七八九十]+）|在){re.escape(task.title)}(。|方面，)", p) for p in results), task.title
        for result in task.results:
            assert result in s.text
    for task in state.without_results:
        assert task.title not in s.text, task.title
        assert any(f"“{task.title}”" in w for w in s.warnings), (task.title, s.warnings)
    if not state.without_results:
        assert not any("成效" in w for w in s.warnings)


def test_warning_says_which_file_and_field_and_flags_passed_deadlines(summarize):
    data = district()
    data["tasks"][9]["due"] = "2026-05-31"     # t10 has no result and its deadline has passed
    s = summarize(data)
    [warning] = [w for w in s.warnings if "成效" in w]
    assert "campaign.yaml" in warning and "documents.summary.achievements" in warning
    assert "五项任务" in warning and "“开展文明家庭评选”" in warning
    assert "“开展文明家庭评选”（时限2026年5月31日）的完成时限已过" in warning
    # The document itself does not call it late.
    assert "开展文明家庭评选" not in s.text and "时限" not in s.text


def test_cli_render_prints_the_warning_and_succeeds(tmp_path, write_yaml):
    source = write_yaml(street())
    result = subprocess.run([sys.executable, "-m", "docgen", "render", str(source), "--kind", "summary",
                             "-o", str(tmp_path / "out") + "/"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "提示 / warning" in result.stderr and "“开展入户宣传指导”" in result.stderr
    assert "配齐分类投放设施" not in result.stderr


def test_summary_without_any_result_has_no_results_section(summarize):
    data = hospital()
    data["documents"]["summary"].pop("achievements")
    s = summarize(data)
    assert not s.section("主要工作及成效") and not any("主要工作及成效" in h for h in s.headings())
    assert any("没有任何任务的成效" in w for w in s.warnings)
    assert "前期准备" not in s.text and "取得" not in s.text     # no claim of work done


def test_absent_problems_and_next_steps_leave_their_sections_out(summarize):
    s = summarize(street())                      # no problems, no next steps, no phases
    assert s.headings() == ["一、主要工作及成效"]
    assert "问题" not in s.text and "下一步" not in s.text


def test_next_steps_fall_back_to_the_phases_still_ahead(campaign_data, summarize):
    del campaign_data["documents"]["summary"]["next_steps"]
    s = summarize(campaign_data)
    [steps] = s.section("下一步工作打算")
    # 集中整治阶段 runs past 6-30, 巩固提升阶段 is ahead; 宣传发动阶段 is over and not repeated.
    assert steps == (f"下一步，{self_name(s.campaign)}将按照实施方案安排，抓好以下工作：一是集中整治阶段（2026年9月30日前），"
                     "对照测评体系逐项自查，集中整治薄弱环节，全面推进各项任务落实；二是巩固提升阶段"
                     "（2026年10月1日—12月31日），查漏补缺，整理台账资料，健全长效机制，迎接上级测评验收。")
    assert "成立领导小组" not in s.text


def test_problems_and_next_steps_are_printed_as_written(any_summary):
    s = any_summary
    doc = s.campaign.documents.summary
    for item in list(doc.problems) + list(doc.next_steps):
        assert item.rstrip("。") in s.text
    assert ("存在的问题" in "".join(s.headings())) == bool(doc.problems)


# --- rule 2: progress wording is true -------------------------------------------------------------------

def test_halfway_when_time_is_about_half_and_every_due_task_reports(summarize):
    s = summarize(district())                  # 181 of 365 days, 8 of 13 tasks, nothing due yet
    assert "截至6月30日，动员部署阶段已经结束，集中推进阶段正在进行" in s.opening
    assert "十三项主要任务中已有八项取得阶段性成效，实现了“时间过半、任务过半”" in s.opening


@pytest.mark.parametrize("change, why", [
    (lambda d: d["documents"]["summary"].update(period={"start": "2026-01-01", "end": "2026-03-31"}), "25 % of the time"),
    (lambda d: d["documents"]["summary"].update(period={"start": "2026-01-01", "end": "2026-09-30"}), "75 % of the time"),
    (lambda d: d["documents"]["summary"].update(achievements=d["documents"]["summary"]["achievements"][:6]), "6 of 13 tasks"),
    (lambda d: d["tasks"][12].update(due="2026-06-15"), "a task due without a result"),
])
def test_no_halfway_claim_otherwise(change, why, summarize):
    data = district()
    change(data)
    s = summarize(data)
    assert "过半" not in s.text, why


def test_reference_half_year_is_forty_percent_so_no_halfway(reference_path):
    campaign = docgen.load(reference_path)
    state = progress.progress_at(campaign, dt.date(2026, 6, 30))
    assert round(state.elapsed, 4) == 0.3987 and not state.time_half and not state.halfway
    assert "过半" not in Summary(campaign).text


def test_every_task_reporting_reads_jun(reference_path, summarize):
    s = Summary(docgen.load(reference_path))
    assert "四项主要任务均已取得阶段性成效" in s.opening
    assert "中已有四项" not in s.text
    s = summarize(company())
    assert "四项主要任务均已取得实效" in s.opening


def test_one_task_campaign_has_no_counting_sentence(summarize):
    data = street()
    data["tasks"] = data["tasks"][:1]
    s = summarize(data)
    assert "项主要任务" not in s.text
    # A list of one is not numbered: no （一） without （二）.
    assert s.section("主要工作及成效") == ["在配齐分类投放设施方面，新建分类投放点42个，更换分类桶310组。"]


def test_period_before_the_campaign_is_framed_as_preparation(summarize):
    s = summarize(hospital())
    assert s.opening.startswith("按照《" + docgen.title(s.campaign, "plan") + "》安排，")
    assert f"{work_name(s.campaign)}自2026年7月1日开始实施，2026年上半年为筹备阶段" in s.opening
    assert "三项主要任务中已有一项取得初步进展" in s.opening
    for word in ("截至", "过半", "阶段性", "正在进行", "已经结束"):
        assert word not in s.text, word
    # Next steps: the plan's three phases, all ahead.
    [steps] = s.section("下一步工作打算")
    assert "一是动员部署阶段（2026年7月1日—8月31日），动员部署" in steps and "三是巩固提升阶段" in steps


def test_period_covering_the_whole_campaign_is_a_full_summary(reference_data, summarize):
    s = summarize(whole(reference_data))
    assert f"组织开展{work_name(s.campaign)}。实施方案确定的三个阶段已于12月31日全部结束" in s.opening
    assert "四项主要任务均已取得实效" in s.opening
    assert s.opening.endswith("现将工作开展情况全面总结如下：")
    assert "阶段性" not in s.text and "过半" not in s.text and "正在进行" not in s.text
    # Nothing of the plan is ahead: the next steps are the data's own, without a phase lead-in.
    assert s.section("下一步工作打算") == [f"下一步，{self_name(s.campaign)}将重点抓好两方面工作：一是聚焦测评薄弱环节，"
                                           "开展“回头看”专项督查；二是建立校园周边环境联合整治长效机制。"]


def test_period_in_which_the_campaign_ends(summarize):
    s = summarize(bureau_closing())
    assert f"持续推进{work_name(s.campaign)}。" in s.opening
    assert "截至9月30日，实施方案确定的两个阶段已全部结束，两项主要任务均已取得实效" in s.opening
    assert "下一步" not in s.text        # no next steps in the data and no phase ahead


def test_period_after_the_campaign_has_ended(summarize):
    s = summarize(school())
    me, work = self_name(s.campaign), work_name(s.campaign)
    assert s.opening.startswith("按照《" + docgen.title(s.campaign, "plan") + "》安排，")
    assert f"{work}已于2025年12月31日结束。2026年上半年，{me}继续推进相关工作，两项主要任务均已取得新的进展" \
        in s.opening
    assert "截至" not in s.text and "阶段性" not in s.text and "过半" not in s.text
    assert s.section("下一步工作打算") == [f"下一步，{me}将把师生共读纳入课后服务。"]


def test_without_phases_no_time_claim(summarize):
    s = summarize(street())
    for word in ("截至", "阶段", "过半", "开始实施", "启动", "结束", "正在进行", "时间"):
        assert word not in s.text, word
    assert "两项主要任务中已有一项取得成效" in s.opening


def test_campaign_starting_inside_the_period(reference_path):
    s = Summary(docgen.load(reference_path))
    assert f"自3月1日起组织开展{work_name(s.campaign)}。截至6月30日，宣传发动阶段已经结束，" \
           "集中整治阶段正在进行" in s.opening


def test_between_phases_names_the_next_one(campaign_data, summarize):
    campaign_data["phases"][2]["start"] = "2026-10-16"     # a gap after 集中整治阶段
    campaign_data["documents"]["summary"]["period"] = {"start": "2026-07-01", "end": "2026-10-10"}
    s = summarize(campaign_data)
    assert f"持续推进{work_name(s.campaign)}。截至10月10日，宣传发动阶段、集中整治阶段已经结束，" \
           "巩固提升阶段将于10月16日开始" in s.opening


@pytest.mark.parametrize("period, stage", [
    (("2026-01-01", "2026-02-28"), progress.BEFORE),
    (("2026-01-01", "2026-06-30"), progress.OPENING),
    (("2026-03-01", "2026-06-30"), progress.OPENING),
    (("2026-05-01", "2026-08-31"), progress.UNDER_WAY),
    (("2026-07-01", "2026-12-31"), progress.CLOSING),
    (("2026-03-01", "2026-12-31"), progress.WHOLE),
    (("2026-01-01", "2027-03-31"), progress.WHOLE),
    (("2027-01-01", "2027-06-30"), progress.AFTER),
])
def test_period_stage(reference_path, period, stage):
    campaign = docgen.load(reference_path)      # phases 2026-03-01 … 2026-12-31
    start, end = (dt.date.fromisoformat(d) for d in period)
    assert progress.period_stage(campaign, start, end) == stage


def test_period_stage_without_phases(summarize, write_yaml):
    campaign = docgen.load(write_yaml(street()))
    assert progress.period_stage(campaign, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == progress.NO_SCHEDULE
    assert progress.progress_at(campaign, dt.date(2026, 6, 30)).elapsed is None


# --- rule 3: title, work noun, self-reference --------------------------------------------------------------

def test_title_work_noun_and_self_name_come_from_wording(any_summary):
    s = any_summary
    c = s.campaign
    period = c.documents.summary.period
    # A period holding the whole campaign is named by its year in the title (2026年安全生产月活动总结).
    assert s.paras[0].text == work_title(c, "工作总结", period=title_period(c, period.start, period.end))
    assert work_name(c, period=format_period_label(period.start, period.end)) in s.opening
    assert self_name(c) in s.opening or s.campaign.documents.summary.achievements == ()
    assert not re.search(r"(\d{4}年)\S*\1", s.paras[0].text), s.paras[0].text   # no doubled year
    source = open(c.source, encoding="utf-8").read()
    for doubled in ("工作工作", "活动活动", "活动工作", "行动工作"):
        assert doubled not in s.text or doubled in source, doubled


# --- rule 4: structure ---------------------------------------------------------------------------------------

def test_structure_of_a_real_summary(any_summary):
    s = any_summary
    c = s.campaign
    assert s.paras[0].style_id == "GwTitle"
    assert s.paras[1].text == f"{c.unit.superior}：" and s.paras[1].style_id == "GwFlush"
    assert s.opening.endswith("如下：")
    headings = s.headings()
    ordinals = ["一、", "二、", "三、"][:len(headings)]
    assert [h[:2] for h in headings] == ordinals
    names = [h[2:] for h in headings]
    assert names == [n for n in SECTIONS if n in names]        # in the seeds' order
    assert s.paras[-2].text == c.unit.name and s.paras[-2].style_id == "GwSignature"
    assert s.paras[-1].style_id == "GwDate"
    # 一是 never stands alone, and a numbered list has no gaps.
    for section in SECTIONS:
        for para in s.section(section):
            numbered = re.findall(r"([一二三四五六七八九十]+)是", para)
            assert len(numbered) != 1, (section, para)
            assert numbered == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][:len(numbered)]


def test_single_problem_and_single_next_step_read_inline(summarize):
    s = summarize(company())
    assert s.section("存在的问题") == ["在肯定成绩的同时，我们也清醒地看到，工作中还存在一些不足，主要是"
                                       "个别班组隐患自查流于形式。"]
    # The step starts with 将 itself: not 公司将将.
    assert s.section("下一步工作打算") == [f"下一步，{self_name(s.campaign)}将隐患排查纳入班组日常考核。"]


def test_multi_sentence_items_keep_their_full_stops(campaign_data, summarize):
    campaign_data["documents"]["summary"]["problems"] = ["宣传不够深入。部分家长知晓率不高。", "督查力度不足"]
    s = summarize(campaign_data)
    assert s.section("存在的问题") == ["在肯定成绩的同时，我们也清醒地看到，工作中还存在一些问题和不足，主要表现在："
                                       "一是宣传不够深入。部分家长知晓率不高。二是督查力度不足。"]


def test_results_are_numbered_per_reported_task(reference_path):
    s = Summary(docgen.load(reference_path))
    body = s.section("主要工作及成效")
    assert [p[:3] for p in body] == ["（一）", "（二）", "（三）", "（四）"]
    assert body[1] == "（二）优化校园及周边环境。完成42所学校环境卫生整治，清理校园周边无证摊点67处。"


def test_one_phase_overlapping_phases_and_markup_characters(summarize):
    data = bureau_closing()
    data["phases"] = [{"name": "集中整治", "start": "2026-03-01", "end": "2026-09-30"}]
    data["documents"]["summary"]["achievements"][0]["content"] = "查处“三无”食品<散装>&预包装案件12起"
    s = summarize(data)
    assert "截至9月30日，集中整治已经结束，两项主要任务均已取得实效" in s.opening
    assert "查处“三无”食品<散装>&预包装案件12起。" in s.text
    data = district()
    data["phases"][1]["start"] = "2026-03-01"          # 集中推进 overlaps 动员部署 (to 3-31)
    data["documents"]["summary"]["period"] = {"start": "2026-01-01", "end": "2026-03-15"}
    s = summarize(data)
    assert "截至3月15日，动员部署阶段、集中推进阶段正在进行" in s.opening


def test_batch_carries_the_warning(tmp_path, write_yaml):
    from docgen import batch

    result = batch.render_batch([write_yaml(street())], ["summary"], tmp_path / "out", jobs=1)
    [item] = result.written
    assert any("“开展入户宣传指导”" in note for note in item.warnings)


def test_year_is_not_repeated_in_the_opening(reference_data, summarize):
    # The period label has named the year: later dates of that year drop it (自4月1日起…2026年防汛工作).
    data = copy.deepcopy(reference_data)
    data["documents"]["summary"]["period"] = {"start": "2025-10-01", "end": "2026-06-30"}
    s = summarize(data)                        # a period over two years keeps full dates
    assert s.opening.startswith("2025年10月至2026年6月，") and "截至2026年6月30日" in s.opening
    assert "自2026年3月1日起" in s.opening
    s = Summary(docgen.load(REFERENCE))
    assert "自3月1日起" in s.opening and "截至6月30日" in s.opening
