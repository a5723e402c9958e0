"""The speech (讲话) given at one of the campaign's meetings.

What a leader says depends on the meeting (:func:`meeting_type`): at a 动员 meeting why the
work matters, what to do first and how it will be led; at a 推进 meeting what has been done,
where it falls short and what comes next; at a 总结 meeting what the whole campaign achieved.
The speaker does not re-read the plan: a few tasks are picked as emphases
(:func:`pick_emphases`) and the rest are referred to the plan.  Facts (results, problems, next
steps) come only from ``documents.summary`` and only once its period has ended by the day of
the speech; phases and deadlines are quoted as the plan schedules them, never as done.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any, Optional

from .. import text
from ..errors import Location, warn
from ..model import Campaign, Person, Task
from .common import basis_citation, campaign_span, plan_doc, plan_title, purpose_aim, speech_doc
from .progress import progress_at
from .wording import count_word, self_name, series, work_name

MOBILIZE, ADVANCE, REVIEW = "动员", "推进", "总结"
MEETING_TYPES = (MOBILIZE, ADVANCE, REVIEW)

# Words in a meeting's name that say what kind of meeting it is.  推进 alone is not enough
# (一个“推进垃圾分类动员大会” is a 动员 meeting), hence 推进会 / 推进大会.
_OCCASION_WORDS = {
    REVIEW: ("总结", "表彰", "颁奖", "评比", "验收"),
    ADVANCE: ("推进会", "推进大会", "调度会", "观摩会", "现场会", "点评会", "督导会", "攻坚会", "讲评会", "约谈会"),
    MOBILIZE: ("动员", "部署会", "部署大会", "启动", "誓师"),
}

# How many tasks a speaker singles out, by the number of tasks the plan has.
_EMPHASES_SMALL, _EMPHASES_LARGE, _LARGE_PLAN = 3, 4, 9
_PARTS_NAMED = 3
_RESULTS_TOLD = 4  # results read out one by one when there are more than five
_VARIANTS = 4      # phrasings per kind of sentence in the template's emphasis paragraph   # items of an emphasised task named before 等


def _type_by_date(campaign: Campaign, day: _dt.date) -> str:
    """The meeting a speech on ``day`` most likely is: before or in the first phase 动员, after
    the last 总结, in between 推进.  Without phases, 总结 only after every deadline."""
    span = campaign_span(campaign)   # the phases' (None without phases)
    if span:
        first_end = min(p.end for p in campaign.phases)
        start, end = span
        if day <= first_end or day < start:
            return MOBILIZE
        return REVIEW if day > end else ADVANCE
    dues = [t.due for t in campaign.tasks if t.due]
    return REVIEW if dues and day > max(dues) else MOBILIZE


def meeting_type(campaign: Campaign) -> str:
    """动员, 推进 or 总结: ``documents.speech.type`` when given, else from the words in
    ``occasion`` (动员大会 → 动员, 推进会/调度会 → 推进, 总结会/表彰会 → 总结); a name with
    none of them (…工作会议) or several (总结暨动员大会) is decided by the speech date."""
    doc = speech_doc(campaign)
    if doc.type:
        return doc.type
    by_date = _type_by_date(campaign, doc.date)
    found = {kind: max(doc.occasion.rfind(w) for w in words)
             for kind, words in _OCCASION_WORDS.items() if any(w in doc.occasion for w in words)}
    if not found:
        return by_date
    if by_date in found:
        return by_date
    return max(found, key=lambda kind: found[kind])


def speech_title(campaign: Campaign) -> str:
    doc = campaign.documents.speech
    return (doc.title if doc and doc.title else f"在{doc.occasion if doc else work_name(campaign)}上的讲话")


# --- the speaker among the people of the leadership group ------------------------------------------
def speaker_role(campaign: Campaign) -> Optional[str]:
    """leader / deputy / member / None: the speaker's place in the leadership group (by name)."""
    group = campaign.leadership
    name = speech_doc(campaign).speaker.name
    if group is None:
        return None
    for role, people in (("leader", group.leader), ("deputy", group.deputies), ("member", group.members)):
        if any(p.name == name for p in people):
            return role
    return None


def people_phrase(people: tuple[Person, ...], speaker_name: str) -> str:
    """People as the speaker names them, keeping the group's order: 周文彬同志 / 我 /
    我和周正阳同志 (the speaker listed first speaks first) / 林静同志和我 (else last, as is polite)."""
    names = [p.name for p in people]
    others = text.join_list([n for n in names if n != speaker_name])
    if speaker_name not in names:
        return f"{others}同志"
    if not others:
        return "我"
    return f"我和{others}同志" if names[0] == speaker_name else f"{others}同志和我"


# Who heads a unit, by the word it calls itself: 我局 → 局长, 我校 → 校长, 我区 → 区长 or 区委…;
# companies, committees and offices have heads by other names.
_HEADS = {"公司": ("总经理", "董事长", "总裁", "经理"), "集团": ("总经理", "董事长", "总裁"),
          "集团公司": ("总经理", "董事长", "总裁"), "我委": ("主任",), "我办": ("主任",), "我中心": ("主任",),
          "我社区": ("社区",), "我村": ("村",), "我会": ("会长", "主席")}
_RANKS = r"^(?:党委|党组|党工委|党支部)?(?:成员|委员)?(?:常务)?副?|(?:常务)?副$"
_AREAS = ("我省", "我市", "我区", "我县", "我旗", "我镇", "我乡", "我街道")


def speaks_for_unit(campaign: Campaign) -> bool:
    """Whether the speaker is one of the unit's own people: in its leadership group, or holding a
    post that heads the unit (局长 of a 局, 校长 of a 学校, 总经理 of a company).  Only then does
    the speaker call the unit 我局 / 我校; someone from outside (副市长 at a 局's meeting) names it."""
    if speaker_role(campaign):
        return True
    word = self_name(campaign)
    if word == "本单位":
        return False
    area = word[1:] if word in _AREAS else ""
    heads = _HEADS.get(word) or ((area + "长", area + "委", area + "党工委") if area else (word[1:] + "长",))
    unit = campaign.unit
    for part in re.split(r"[、，,]", speech_doc(campaign).speaker.post):
        for head in heads:
            if head in part:
                # what the post says before the head must be the unit itself (市教育局局长), not another
                # body (市卫健委主任 at a 中心's meeting): 副, 常务副, 党委 … alone say nothing
                prefix = re.sub(_RANKS, "", part[:part.index(head)])
                if not prefix or prefix in unit.name or prefix in unit.short:
                    return True
    return False


# --- emphases ------------------------------------------------------------------------------------------
def emphasis_limit(task_count: int, next_step_count: int = 0) -> int:
    """At most three tasks singled out (four in a plan of nine or more), fewer when the speech
    also carries the summary's next steps, so a speech has no more than about five points."""
    limit = _EMPHASES_LARGE if task_count >= _LARGE_PLAN else _EMPHASES_SMALL
    if next_step_count:
        limit = min(limit, max(2, 5 - next_step_count))
    return min(limit, task_count)


def pick_emphases(tasks: list[Task], limit: int) -> list[Task]:
    """The tasks a speaker singles out, in the order they are spoken: the task due first, then
    the tasks with items (most items first), then by deadline; plan order breaks ties."""
    if limit <= 0 or not tasks:
        return []
    order = {id(t): i for i, t in enumerate(tasks)}
    far = _dt.date.max
    dated = [t for t in tasks if t.due]
    first = [min(dated, key=lambda t: (t.due, order[id(t)]))] if dated else []
    rest = sorted((t for t in tasks if t not in first),
                  key=lambda t: (-len(t.items), t.due or far, order[id(t)]))
    return (first + rest)[:limit]


def _owners_text(task: Task) -> str:
    return text.join_list(task.owners)


def _emphases(tasks: list[Task], picked: list[Task], reported: set[int]) -> list[dict[str, Any]]:
    """The points the speaker stresses; ``reported`` holds the ``id()`` of each task with results."""
    earliest = min((t.due for t in tasks if t.due), default=None)
    titles = [text.strip_trailing_punct(t.title) for t in picked]
    out, previous_due = [], None
    for n, (task, lead) in enumerate(zip(picked, series(titles))):
        parts = [text.strip_trailing_punct(i.title) for i in task.items]
        out.append({
            "lead": lead,
            "title": titles[n],
            "parts": parts,
            # A long list of items is named by its first three (…等六项).
            "parts_text": text.join_list(parts) if len(parts) <= _PARTS_NAMED else text.join_list(parts[:_PARTS_NAMED]) + "等",
            "parts_count": count_word(len(parts)),
            "owners": _owners_text(task),
            "owner_count": len(task.owners),
            "due": task.due,
            # The first point is the task due first (pick_emphases): 时间最紧, even when tied.
            "earliest": bool(n == 0 and task.due and task.due == earliest),
            "same_due": bool(task.due and task.due == previous_due),
            "has_results": id(task) in reported,
            "variant": n % _VARIANTS,   # which of the template's phrasings, so points do not repeat
        })
        previous_due = task.due or previous_due
    return out


# --- dates in words -------------------------------------------------------------------------------------
def time_left(day: _dt.date, end: _dt.date) -> str:
    """From ``day`` to ``end`` as a speaker puts it: 不到一个月 / 三个月左右 / 不到四个月."""
    days = (end - day).days
    if days <= 30:
        return "不到一个月"
    months = days / 30.4
    whole = round(months)
    if abs(months - whole) < 0.15:
        return f"{count_word(whole)}个月左右"
    return f"不到{count_word(math.ceil(months))}个月"


def _summary_known(campaign: Campaign, day: _dt.date) -> bool:
    """Whether the summary's facts are known on ``day``: its period has ended by then."""
    summary = campaign.documents.summary
    return bool(summary and summary.period.end <= day)


def _warn_missing_facts(campaign: Campaign, kind: str, known: bool) -> None:
    doc = speech_doc(campaign)
    summary = campaign.documents.summary
    has_facts = bool(summary and (summary.achievements or summary.problems or summary.next_steps))
    where = Location(file=campaign.source, path="documents.speech.date")
    if summary and has_facts and not known:
        warn(f"讲话日期（{text.format_date(doc.date)}）早于工作总结期末（{text.format_date(summary.period.end)}），"
             f"{kind}会讲话未引用 documents.summary 中的成效、问题和下一步打算 / the speech predates the end of "
             f"the summary period, so its results, problems and next steps are not quoted",
             location=where, hint="讲话时已掌握这些情况的，请相应调整讲话日期或总结期间。")
    elif not (known and summary and summary.achievements):
        instead = "只讲阶段安排和下一步重点" if kind == ADVANCE else "不讲具体成绩"
        warn(f"{kind}会讲话没有可引用的工作成效（documents.summary.achievements），{instead} / "
             f"no recorded results for this {('progress' if kind == ADVANCE else 'review')} speech",
             location=Location(file=campaign.source, path="documents.summary.achievements"),
             hint="在 documents.summary.achievements 中填写已取得的成效后，讲话会据实讲成绩。")


def speech_context(campaign: Campaign, **_: Any) -> dict[str, Any]:
    """讲话: the meeting type, the emphases and the rest referred to the plan, the facts the
    speaker may state on the day (results, problems, next steps; phases by schedule), and
    the leadership group as the speaker names it."""
    doc = speech_doc(campaign)
    day = doc.date
    kind = meeting_type(campaign)
    plan = plan_doc(campaign)
    known = kind != MOBILIZE and _summary_known(campaign, day)
    if kind != MOBILIZE:
        _warn_missing_facts(campaign, kind, known)
    summary = campaign.documents.summary if known else None
    state = progress_at(campaign, day)
    with_results = state.with_results if known else []
    reported = {id(tp.task) for tp in with_results}

    told = with_results if len(with_results) <= _RESULTS_TOLD + 1 else with_results[:_RESULTS_TOLD]
    next_steps = [text.strip_trailing_punct(s) for s in summary.next_steps] if summary else []
    problems = [text.strip_trailing_punct(p) for p in summary.problems] if summary else []
    tasks = list(campaign.tasks)
    open_tasks = tasks if kind == MOBILIZE else [t for t in tasks if not t.due or t.due >= day]
    limit = 0 if kind == REVIEW else emphasis_limit(len(open_tasks), len(next_steps))
    picked = pick_emphases(open_tasks, limit)
    rest = [t for t in tasks if t not in picked]

    span = campaign_span(campaign)
    # Without phases the campaign ends with its last deadline — known only when every task has one
    # (各项任务要在…前全部完成 would otherwise claim a date for tasks the plan left open).
    dues = [t.due for t in tasks if t.due]
    last_due = max(dues) if dues and len(dues) == len(tasks) else None
    start, end = span if span else (None, last_due)
    role = speaker_role(campaign)
    group = campaign.leadership
    plan_issued = bool(plan.date and plan.date <= day)
    this_work = work_name(campaign, period=f"{day.year}年")
    return {
        "title": speech_title(campaign),
        # A speaker names the work without the year he speaks in (迎峰度夏工作开展以来, not
        # 2026年迎峰度夏工作开展以来 after 今天，我们召开2026年…调度会); a past year is kept.
        "work": this_work,
        "speech": doc,
        "speaker": doc.speaker,
        "date": day,
        "meeting": kind,
        "honour": "表彰" in doc.occasion,   # the meeting honours people: the speaker congratulates them
        "salutation": text.strip_trailing_punct(doc.salutation or "同志们"),
        "significance": doc.significance,
        "aim": purpose_aim(campaign),
        "basis_text": basis_citation(campaign),
        # The plan as the speaker refers to it: by title once issued, else as 实施方案.
        "plan_title": plan_title(campaign),
        "plan_issued": plan_issued,
        "plan_later": bool(plan.date and plan.date > day),
        "plan_date": plan.date,
        "task_table": "tasks" in plan.attachments,
        "all_assigned": all(t.owners and t.due for t in tasks),   # every task has owners and a deadline
        # Who says what: the unit as the speaker names it (我局 from one of its own people, else its name).
        "unit_ref": self_name(campaign) if speaks_for_unit(campaign) else campaign.unit.short,
        "speaker_role": role,
        # The closing call repeats the salutation (老师们、同学们), or 同志们 when it has it.
        "closing_address": "同志们" if "同志们" in (doc.salutation or "同志们") else text.strip_trailing_punct(doc.salutation or ""),
        "leaders_phrase": people_phrase(group.leader, doc.speaker.name) if group else "",
        "deputies_phrase": people_phrase(group.deputies, doc.speaker.name) if group else "",
        "requirement_titles": [text.strip_trailing_punct(r.title) for r in campaign.requirements],
        # What to do: a few emphases, the rest referred to the plan.
        "task_count": count_word(len(tasks)),
        "emphases": _emphases(open_tasks, picked, reported),
        "rest": [text.strip_trailing_punct(t.title) for t in rest],
        "rest_count": count_word(len(rest)) if rest else "",
        "rest_owned": all(t.owners for t in rest),   # 已有明确分工 only when every one names its owners
        # A single task left to the plan is handed to its own owners (基金监管科要…), not to 各牵头单位.
        "rest_owners": _owners_text(rest[0]) if len(rest) == 1 else "",
        # Facts known on the day (empty at a 动员 meeting or before the summary period ends).
        # Results read out one by one, at most five; beyond that four and the rest named together.
        "results": [{"lead": lead, "title": tp.title, "text": "".join(tp.results)}
                    for tp, lead in zip(told, series([tp.title for tp in told]))],
        "results_more": [tp.title for tp in with_results[len(told):]],
        "results_more_count": count_word(len(with_results) - len(told)),
        "result_count": count_word(len(with_results)) if with_results else "",
        "all_results": bool(with_results) and len(with_results) == len(tasks),
        "problems": series(problems),
        "next_steps": series(next_steps),
        "next_step_count": count_word(len(next_steps)) if next_steps else "",
        # The schedule (never read as done): phases around the day, time left.
        "start": start,
        "end": end,
        "before_start": bool(start and day < start),
        "after_end": bool(end and day > end),
        # After 这次 the work is named without the year of the speech (这次防汛工作); a name
        # that still carries a year (2025年冬春森林防火工作) is set off from the first date by a comma.
        "this_work": this_work,
        "work_dated": bool(re.search(r"\d{4}年", this_work)),
        "phase_count": count_word(len(campaign.phases)) if campaign.phases else "",
        "phases_done": list(state.phases_done),
        "current_phase": state.phases_current[0] if state.phases_current else None,
        "next_phase": state.phases_pending[0] if state.phases_pending else None,
        "time_left": time_left(day, end) if end and day < end else "",
        "elapsed_percent": round(state.elapsed * 100) if state.elapsed is not None else None,
    }
