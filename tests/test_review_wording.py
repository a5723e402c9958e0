"""Defects found by reading the documents of campaigns unlike the reference side by side with the
seeds (the review of issue 9), one test class per defect, each on several campaigns of the corpus
(``tests/campaigns/``) or on variations of them.

A defect class is a way a sentence goes wrong for *some* campaign shape — a name ending in a quote,
a target written ``≤5%``, a Party committee as the issuing unit, a summary period that holds the
whole campaign, a single problem that itself says 不足, a meeting that honours families rather than
集体和个人 — so each test reads every document of the corpus that has that shape, not one file.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import warnings
from pathlib import Path

import pytest
import yaml

import docgen
from docgen import kinds
from docgen.contexts import wording
from docgen.contexts.summary import title_period
from docgen import gbt9704 as std
from docgen.titlebreak import bad_breaks
from docgen.text import display_width, format_period_label
from docx_inspect import open_docx

CORPUS_DIR = Path(__file__).resolve().parent / "campaigns"
CORPUS = sorted(CORPUS_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def load(path: Path) -> docgen.Campaign:
    return docgen.load(path)


@functools.lru_cache(maxsize=None)
def document(path: Path, kind: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", docgen.DocgenWarning)
        return open_docx(docgen.render(load(path), kind))


def texts(path: Path, kind: str) -> list[str]:
    """The paragraphs of a rendered document; a title's line breaks are layout, not text."""
    return [p.text.replace("\n", "") for p in document(path, kind).paragraphs if p.text.strip()]


def supported(path: Path, kind: str) -> bool:
    return not kinds.missing_fields(kinds.KINDS[kind], load(path))


def corpus(kind: str, where=lambda c: True) -> list[Path]:
    return [p for p in CORPUS if supported(p, kind) and where(load(p))]


def stem(name: str) -> Path:
    return CORPUS_DIR / f"{name}.yaml"


def raw(name: str) -> dict:
    return yaml.safe_load(stem(name).read_text(encoding="utf-8"))


def render_text(data: dict, kind: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", docgen.DocgenWarning)
        doc = open_docx(docgen.render(docgen.load(data), kind))
    return "\n".join(p.text.replace("\n", "") for p in doc.paragraphs)


def file_text(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace('"', "“")


# ── targets: comparison signs and zero with any measure word ─────────────────────────────────
@pytest.mark.parametrize("item, value, phrase", [
    ("次均住院费用增幅", "≤5%", "次均住院费用增幅控制在5%以内"),
    ("合同纠纷案件发生率", "≤5%", "合同纠纷案件发生率控制在5%以内"),
    ("群众满意率", "≥95%", "群众满意率达到95%以上"),
    ("投诉件数", "<3件", "投诉件数低于3件"),
    ("设备完好率", ">90%", "设备完好率高于90%"),
    ("重污染天数", "0天", "重污染天数为0"),
    ("露天焚烧火点数", "0个", "露天焚烧火点数为0"),
    ("重大安全责任事故", "0起", "不发生重大安全责任事故"),
])
def test_targets_never_print_a_comparison_sign_or_reach_zero(item, value, phrase):
    assert wording.target_phrase(item, value) == phrase


@pytest.mark.parametrize("path", corpus("plan", lambda c: c.goals and c.goals.targets), ids=lambda p: p.stem)
def test_no_rendered_target_reads_reach_a_sign_or_zero(path):
    text = "".join(texts(path, "plan"))
    assert not re.search(r"达到[≤≥<>＜＞≦≧]|达到0(?![\d.])|达到零", text), text


def test_signed_targets_render_as_words_in_plan_and_speech():
    assert "次均住院费用增幅控制在5%以内" in "".join(texts(stem("15-county-medical-insurance-fund"), "plan"))
    compliance = stem("17-soe-compliance-year")
    for kind in ("plan", "speech"):
        assert "合同纠纷案件发生率控制在5%以内" in "".join(texts(compliance, kind)), kind
    assert "重污染天数为0" in "".join(texts(stem("20-ecology-blue-sky"), "plan"))


# ── a Party committee (or a zone's committee) speaks for its area ───────────────────────────────
@pytest.mark.parametrize("unit, short, word", [
    ("中共临川县白沙镇委员会", "镇党委", "我镇"),
    ("中共临川县白沙镇委员会", None, "我镇"),
    ("白沙镇党委", None, "我镇"),
    ("中共临川市委员会", None, "我市"),
    ("临川县委", None, "我县"),
    ("青石街道党工委", None, "我街道"),
    ("临川经济技术开发区管理委员会", None, "我区"),
    ("临川高新区管委会", None, "我区"),
    # departments and bodies named 委员会 keep their own word
    ("共青团临川市委员会", None, "我委"),
    ("临川市卫生健康委员会", None, "我委"),
    ("临川县卫生健康委员会", "县卫健委", "我委"),
    ("临川市禁毒委员会", None, "我委"),
    ("临川市纪委监委", None, "我委"),
])
def test_party_committee_names_itself_by_its_area(unit, short, word):
    short_line = f", short_name: {short}" if short else ""
    c = docgen.loads(f"unit: {{name: {unit}{short_line}}}\ncampaign: {{name: 秸秆禁烧}}\ntasks:\n  - title: 巡查\n")
    assert wording.self_name(c) == word


def test_town_party_committee_documents_say_wo_zhen():
    path = stem("19-town-straw-burning")
    assert "结合我镇实际" in "".join(texts(path, "plan"))
    assert "我镇按照" in "".join(texts(path, "summary"))
    for kind in ("plan", "summary"):
        assert "我委" not in "".join(texts(path, kind)), kind


# ── the work noun of names ending in a quote, a dated bracket or a battle ─────────────────────────
@pytest.mark.parametrize("name, noun", [
    ("2026年“安全生产月”", "2026年“安全生产月”活动"),
    ("“文明家庭”评选", "“文明家庭”评选工作"),
    ("“文明家庭”", "“文明家庭”工作"),
    ("打赢蓝天保卫战三年行动（2026—2028年）", "打赢蓝天保卫战三年行动（2026—2028年）"),
    ("冬春火灾防控（2026—2027年）", "冬春火灾防控工作（2026—2027年）"),
    ("污染防治攻坚战", "污染防治攻坚战"),
    ("2026年臭氧污染防治攻坚暨蓝天保卫战“夏季攻势”", "2026年臭氧污染防治攻坚暨蓝天保卫战“夏季攻势”"),
    ("“5·12”防灾减灾宣传周", "“5·12”防灾减灾宣传周活动"),
    ("2025—2026年度森林防火", "2025—2026年度森林防火工作"),
])
def test_work_noun_is_judged_by_the_last_word_not_the_closing_mark(name, noun):
    c = docgen.loads(f"unit: {{name: 某县应急管理局}}\ncampaign: {{name: '{name}'}}\ntasks:\n  - title: 巡查\n")
    assert wording.work_name(c) == noun


@pytest.mark.parametrize("name, period, bare", [
    ("2026年防汛工作", "2026年上半年", "防汛工作"),
    ("2026年度安全生产大检查", "2026年3月至7月", "安全生产大检查工作"),
    ("2026年安全生产月活动", "2026年", "安全生产月活动"),
    ("2025年防汛工作", "2026年上半年", "2025年防汛工作"),       # another year is kept
    ("2025—2026年度森林防火", "2026年", "2025—2026年度森林防火工作"),  # a span is never cut
])
def test_work_name_after_a_period_drops_only_the_year_the_period_said(name, period, bare):
    c = docgen.loads(f"unit: {{name: 某县应急管理局}}\ncampaign: {{name: '{name}'}}\ntasks:\n  - title: 巡查\n")
    assert wording.work_name(c, period=period) == bare


# ── summary: the title names a whole campaign by its year, the body says a year once ─────────────
def _covers_whole(c: docgen.Campaign) -> bool:
    s = c.documents.summary
    return title_period(c, s.period.start, s.period.end) == f"{s.period.start.year}年"


@pytest.mark.parametrize("path", corpus("summary", _covers_whole), ids=lambda p: p.stem)
def test_summary_of_a_whole_campaign_is_titled_by_its_year(path):
    c = load(path)
    title = texts(path, "summary")[0]
    assert not re.search(r"\d+月(?:至|$)|上半年|季度", title), title
    assert str(c.documents.summary.period.start.year) + "年" in title


def test_whole_campaign_summaries_are_in_the_corpus():
    """Month campaigns, a week with no phases, a hundred-day action and whole-year periods."""
    whole = {p.stem for p in corpus("summary", _covers_whole)}
    assert {"01-company-safety-month", "07-drug-control-month", "21-earthquake-week",
            "23-traffic-police-hundred-days", "17-soe-compliance-year"} <= whole
    assert texts(stem("01-company-safety-month"), "summary")[0] == "安澜化工股份有限公司2026年安全生产月活动总结"
    assert texts(stem("21-earthquake-week"), "summary")[0] == "临川市防震减灾中心2026年“5·12”防灾减灾宣传周活动总结"
    # a period that is only part of the campaign keeps its months
    assert texts(stem("11-finance-work-style"), "summary")[0] == "临川县财政局2026年3月至7月作风建设年活动总结"


@pytest.mark.parametrize("path", corpus("summary", lambda c: re.search(r"\d{4}年", c.campaign.name)),
                         ids=lambda p: p.stem)
def test_summary_opening_does_not_say_the_year_twice(path):
    c = load(path)
    s = c.documents.summary
    label = format_period_label(s.period.start, s.period.end)
    opening = next(t for t in texts(path, "summary") if t.endswith("如下："))
    if opening.startswith(label):
        year = re.search(r"\d{4}年", c.campaign.name).group()
        # 2026年上半年，……按照《…》部署，组织开展防汛工作 — quoted titles before it keep their year
        said = opening.split("部署，", 1)[-1]
        if year in label:
            assert not re.search(f"(?:开展|推进){re.escape(wording.work_name(c))}", said), opening
        assert re.search(f"(?:开展|推进){re.escape(wording.work_name(c, period=label))}", said), opening


@pytest.mark.parametrize("path", corpus("speech", lambda c: re.search(r"\d{4}年", c.campaign.name)),
                         ids=lambda p: p.stem)
def test_speech_says_this_campaign_without_its_own_year(path):
    c = load(path)
    year = f"{c.documents.speech.date.year}年"
    text = "".join(texts(path, "speech"))
    if year in c.campaign.name:
        assert f"这次{year}" not in text and "这次" + wording.work_name(c) not in text


# ── a single problem is not introduced by the word it ends in ──────────────────────────────────
@pytest.mark.parametrize("path", corpus("summary", lambda c: c.documents.summary.problems), ids=lambda p: p.stem)
def test_no_summary_says_buzu_twice_in_one_sentence(path):
    for text in texts(path, "summary"):
        for sentence in re.split(r"(?<=[。：])", text):
            assert sentence.count("不足") <= 1 or "不足" in file_text(path).split("problems")[-1], sentence


def test_single_problem_that_names_a_shortfall_is_called_a_problem():
    assert "工作中还存在一些问题，主要是部分子公司合规管理人员专业能力不足。" in "".join(
        texts(stem("17-soe-compliance-year"), "summary"))
    assert "工作中还存在一些不足，主要是农村道路交通安全管理力量仍然薄弱。" in "".join(
        texts(stem("23-traffic-police-hundred-days"), "summary"))


# ── speeches: only what the data holds ───────────────────────────────────────────────────────────
@pytest.mark.parametrize("path", corpus("speech"), ids=lambda p: p.stem)
def test_speech_invents_no_honourees_and_no_time_pressure(path):
    text = "".join(texts(path, "speech"))
    source = file_text(path)
    for claim in ("先进集体和先进个人", "先进集体和个人", "时间紧、任务重"):
        assert claim not in text or claim in source, claim


def test_honour_meetings_congratulate_whoever_was_honoured():
    for name in ("07-drug-control-month", "16-community-civilized-family", "23-traffic-police-hundred-days"):
        assert "也向受到表彰的先进典型表示热烈的祝贺！" in "".join(texts(stem(name), "speech")), name


@pytest.mark.parametrize("path", corpus("speech", lambda c: docgen.contexts.meeting_type(c) == "推进"),
                         ids=lambda p: p.stem)
def test_progress_meeting_never_says_work_has_not_started(path):
    """马上动起来 says a task has not begun — the data cannot say that at a 推进会."""
    assert "马上动起来" not in "".join(texts(path, "speech"))


def test_earliest_task_with_results_is_pressed_on_from_what_was_done():
    for name, task in (("18-market-food-safety-guard", "守护“校园餐”安全"), ("19-town-straw-burning", "推进秸秆综合利用")):
        text = "".join(texts(stem(name), "speech"))
        assert f"一是{task}，时间最紧。" in text
        assert "要在已有基础上加快进度、查漏补缺，确保按期完成。" in text, name


@pytest.mark.parametrize("name, step", [
    ("18-market-food-safety-guard", "同时，还要重点抓好一项工作：秋季开学前对学校食堂再开展一轮全覆盖检查。"),
    ("19-town-straw-burning", "同时，还要重点抓好一项工作：提前做好秋收禁烧人员和机械准备。"),
    ("23-traffic-police-hundred-days", "下一步，要重点抓好一项工作：巩固百日攻坚成果，将行之有效的措施固化为常态机制。"),
])
def test_a_single_next_step_is_introduced_not_glued_to_yao(name, step):
    text = "".join(texts(stem(name), "speech"))
    assert step in text
    assert not re.search(r"[，。]要(?:秋季|巩固百日|提前做好)", text)


@pytest.mark.parametrize("path", corpus("speech", lambda c: docgen.contexts.meeting_type(c) == "总结"),
                         ids=lambda p: p.stem)
def test_review_speech_does_not_make_a_dated_campaign_permanent(path):
    """A 宣传月 or 百日行动 is not itself made 常态长效; its gains are, by a standing mechanism."""
    c = load(path)
    headings = [p.text for p in document(path, "speech").paragraphs if p.style.style_id == "GwHeading1"]
    assert not any(f"推动{wording.work_name(c)}常态长效" in h for h in headings), headings
    assert any("常态长效机制" in h for h in headings), headings


def test_single_significance_point_is_body_text_not_an_unnumbered_heading():
    doc = document(stem("20-ecology-blue-sky"), "speech")
    para = next(p for p in doc.paragraphs if p.text.startswith("这是回应群众蓝天期盼的迫切需要。"))
    assert all(r.style is None or r.style.style_id != "GwKai" for r in para.runs)
    assert not para.text.startswith("（一）")


def test_without_phases_no_end_date_is_claimed_for_tasks_the_plan_left_open():
    data = raw("16-community-civilized-family")       # two of three tasks have no deadline
    data.pop("phases")
    data["documents"]["speech"].update(occasion="“文明家庭”评选推进会", date="2026-01-05")
    data["documents"].pop("summary")
    text = render_text(data, "speech")
    assert "各项任务要在" not in text and "离全部完成" not in text
    for task in data["tasks"]:                        # once every task has one, the date may be said
        task["due"] = "2026-01-15"
    assert "各项任务要在2026年1月15日前全部完成" in render_text(copy.deepcopy(data), "speech")


# ── long titles (broken by the layout, docgen/titlebreak.py): no lone character on any shape ──────
TITLED = [(p, k) for p in CORPUS for k in kinds.KINDS if supported(p, k)]


def printed_width(line: str) -> float:
    """Width of a title line as the title face prints it: curly quotes, dashes and ellipses are
    full-width there (measured on the PDF: “ and ” are 22 pt at 2号), digits and Latin half."""
    return sum(1.0 if ch in "“”‘’—…·" else display_width(ch) for ch in line)


@pytest.mark.parametrize("path, kind", TITLED, ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_every_title_of_the_corpus_breaks_into_fitting_lines_without_a_lone_character(path, kind):
    for para in document(path, kind).paragraphs:
        if para.style.style_id != "GwTitle":
            continue
        lines = para.text.split("\n")
        # a line that does not fit wraps again by itself (…评选工作总 / 结)
        assert all(printed_width(line) <= std.TITLE_CHARS_PER_LINE for line in lines), lines
        assert len(lines) == 1 or all(display_width(line) >= 3 for line in lines), lines
        assert bad_breaks(lines) == [], lines
        for a, b in zip(lines, lines[1:]):   # a date or a span of dates stays on one line
            assert not (re.search(r"\d年$", a) and b[0].isdigit()) and not b.startswith(("至", "—")), lines


@pytest.mark.parametrize("name, kind, expected", [
    ("16-community-civilized-family", "summary", ["幸福里社区居民委员会", "2025年11月至2026年1月", "“文明家庭”评选工作总结"]),
    ("03-district-business-environment", "summary", ["临川市东湖区2026年3月至7月", "营商环境优化提升行动总结"]),
    ("10-property-fire-safety", "summary", ["临川城投物业服务有限公司2026年4月至5月", "消防安全专项整治工作总结"]),
])
def test_titles_with_quotes_and_periods_break_where_they_print(name, kind, expected):
    title = next(p for p in document(stem(name), kind).paragraphs if p.style.style_id == "GwTitle")
    assert title.text.split("\n") == expected


def test_a_twenty_one_character_speech_title_does_not_leave_hua_alone():
    doc = document(stem("09-water-flood-control"), "speech")
    title = next(p for p in doc.paragraphs if p.style.style_id == "GwTitle")
    assert title.text.split("\n") == ["在全市水利系统2026年", "防汛工作部署会上的讲话"]


# ── the corpus keeps the shapes this review added ──────────────────────────────────────────────────
def test_corpus_holds_the_review_shapes():
    cs = {p.stem: load(p) for p in CORPUS}
    units = [c.unit.name for c in cs.values()]
    for ending in ("学院", "中心", "厂", "支队", "委员会", "居民委员会"):
        assert any(u.endswith(ending) for u in units), ending
    assert any(u.startswith("中共") for u in units)
    assert any(c.unit.short_name is None for c in cs.values())
    names = [c.campaign.name for c in cs.values()]
    assert any(n.endswith("”") for n in names) and any(n.startswith("“") for n in names)
    assert any(re.search(r"[A-Za-z]", n) for n in names) and any("·" in n for n in names)
    values = [str(t.value) for c in cs.values() if c.goals for t in c.goals.targets]
    for value in ("≤5%", "不低于上年", "明显下降", "0起", "0天", "100%"):
        assert value in values, value
    occasions = [c.documents.speech.occasion for c in cs.values() if c.documents.speech]
    assert any("调度会" in o for o in occasions) and any("总结表彰大会" in o for o in occasions)
    posts = [c.documents.speech.speaker.post for c in cs.values() if c.documents.speech]
    for post in ("院长", "主任", "书记", "总经理", "厂长"):
        assert any(post in p for p in posts), post
    periods = [c.documents.summary.period for c in cs.values() if c.documents.summary]
    assert any(p.start.year != p.end.year for p in periods)                          # across a new year
    assert any((p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31) for p in periods)
    assert any(p.start.day == 1 and p.end - p.start < dt.timedelta(days=92) and p.start.month in (1, 4, 7, 10)
               and p.end.month == p.start.month + 2 for p in periods)                # a quarter



def test_a_title_holding_an_apostrophe_is_measured_as_printed(tmp_path):
    """Jinja writes ' as &#39;: counted as five characters it pushed a break into 工/作."""
    c = docgen.loads("unit: {name: '0'}\ncampaign: {name: '00000000000000000''0\"00'}\ntasks:\n  - title: '0'\n")
    for kind in ("plan", "tasks"):
        out = tmp_path / f"{kind}.docx"
        out.write_bytes(docgen.render(c, kind))
        title = next(p for p in open_docx(out.read_bytes()).paragraphs if p.style.style_id == "GwTitle")
        assert "\n" not in title.text, title.text                     # 18.5 characters: one line
        assert [f.rule for f in docgen.check(out).errors] == [], kind
