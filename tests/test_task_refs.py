"""Task ids are optional (derived from the order) and may be Chinese; achievements name a task by
id or by title; an unknown reference is a located error with a short did-you-mean."""
from __future__ import annotations

import pytest

import docgen
from docgen.model import find_task

MINIMAL = """\
unit: {name: 青石街道办事处}
campaign: {name: 垃圾分类工作}
tasks:
  - title: 开展入户宣传。
  - id: 投放点
    title: 规范设置投放点
  - title: 开展全员安全培训
documents:
  summary:
    period: {start: 2026-01-01, end: 2026-06-30}
    date: 2026-07-05
    achievements:
%s
"""


def _achievements(*refs: str) -> str:
    return "\n".join(f"      - task: {ref}\n        content: 完成第{n}项工作。" for n, ref in enumerate(refs, 1))


def _problems(write_yaml, text: str) -> list:
    with pytest.raises(docgen.InputError) as caught:
        docgen.load(write_yaml(text))
    return caught.value.problems


def test_ids_are_derived_from_order_when_absent(write_yaml):
    campaign = docgen.load(write_yaml(MINIMAL % _achievements("1")))
    assert [t.id for t in campaign.tasks] == ["1", "投放点", "3"]


@pytest.mark.parametrize("ref, index", [
    ("1", 0),                   # derived id
    ("3", 2),
    ("投放点", 1),               # Chinese id
    ("规范设置投放点", 1),        # exact title
    ("开展入户宣传。", 0),        # exact title, with its full stop
    ("开展入户宣传", 0),          # title without trailing punctuation
    ("开展全员安全培训；", 2),     # the reference's own trailing punctuation is ignored too
])
def test_achievement_resolves_by_id_or_title(write_yaml, ref, index):
    campaign = docgen.load(write_yaml(MINIMAL % _achievements(ref)))
    achievement = campaign.documents.summary.achievements[0]
    assert campaign.task(achievement.task) is campaign.tasks[index]


def test_integer_reference_resolves_the_derived_id(write_yaml):
    campaign = docgen.load(write_yaml(MINIMAL % "      - {task: 3, content: 培训200人。}"))
    assert campaign.task(campaign.documents.summary.achievements[0].task).title == "开展全员安全培训"


def test_id_wins_over_a_title():
    # Task 2's id is task 1's title: the id is looked up first.
    assert find_task("甲", ["甲", "乙"], ["乙", "甲"]) == 0
    assert find_task("乙", ["a", "b"], ["乙", "甲"]) == 0
    assert find_task("丙", ["a", "b"], ["乙", "甲"]) is None


def test_reference_campaign_still_resolves_every_achievement(reference_path):
    campaign = docgen.load(reference_path)
    assert [campaign.task(a.task).id for a in campaign.documents.summary.achievements] == \
        ["moral", "campus", "volunteer", "service"]


def test_unknown_reference_is_located_with_a_close_title(write_yaml):
    text = MINIMAL % _achievements("1", "安全培训")
    problem, = _problems(write_yaml, text)
    assert problem.location.path == "documents.summary.achievements[1].task"
    assert problem.location.line == text.splitlines().index("      - task: 安全培训") + 1
    assert "安全培训" in problem.message and "找不到任务" in problem.message
    assert "开展全员安全培训" in problem.hint and "编号 3" in problem.hint


def test_did_you_mean_offers_a_few_close_tasks_never_the_whole_list(write_yaml):
    tasks = "\n".join(f"  - title: 第{n}项重点任务内容" for n in range(1, 14))
    text = f"""\
unit: {{name: 东城区人民政府}}
campaign: {{name: 营商环境优化提升行动}}
tasks:
{tasks}
documents:
  summary:
    period: {{start: 2026-01-01, end: 2026-06-30}}
    date: 2026-07-05
    achievements:
      - {{task: 第12项重点任务, content: 已完成。}}
      - {{task: 全然无关的说法, content: 已完成。}}
"""
    close, unrelated = _problems(write_yaml, text)
    assert "第12项重点任务内容" in close.hint
    assert close.hint.count("“第") <= 3
    assert "第" not in unrelated.hint.split("；")[0] and "1 至 13" in unrelated.hint


def test_duplicate_ids_and_clashes_with_derived_ids(write_yaml):
    text = """\
unit: {name: 某某局}
campaign: {name: 禁毒宣传月}
tasks:
  - {id: a, title: 甲}
  - {id: a, title: 乙}
  - {id: "4", title: 丙}
  - {title: 丁}
"""
    problems = {p.location.path: p for p in _problems(write_yaml, text)}
    assert "重复" in problems["tasks[1].id"].message
    assert "第4项任务的默认编号" in problems["tasks[2].id"].message


@pytest.mark.parametrize("bad", ["任务 一", "a,b", "《甲》"])
def test_ids_with_spaces_or_punctuation_are_refused(write_yaml, bad):
    text = f"unit: {{name: 某某局}}\ncampaign: {{name: 禁毒宣传月}}\ntasks:\n  - {{id: '{bad}', title: 甲}}\n"
    problem, = _problems(write_yaml, text)
    assert problem.location.path == "tasks[0].id"
