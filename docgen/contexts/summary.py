"""The work summary (工作总结) reported to the superior body.

It says only what the data holds.  A task with no recorded achievement is left out of
主要工作及成效 and named in a :class:`~docgen.errors.DocgenWarning` (never printed as
尚未形成成效 or 进度滞后); 存在的问题 and 下一步工作打算 come from ``problems`` and
``next_steps`` — the latter, when absent, from the plan's phases still ahead — and a section
with nothing behind it is left out.  Time is framed by where the period lies against the
campaign's phases (:func:`~docgen.contexts.progress.period_stage`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Sequence

from .. import text
from ..errors import Location, warn
from ..model import Campaign, Phase
from .common import basis_citation, campaign_span, plan_title, summary_doc
from .progress import AFTER, BEFORE, Progress, TaskProgress, period_stage, progress_at
from .wording import count_word, series, work_name, work_title


def _covers_campaign(campaign: Campaign, start: _dt.date, end: _dt.date) -> bool:
    """Whether the period holds the whole campaign: its phases, or without phases every task's
    deadline (a task without one leaves it open)."""
    span = campaign_span(campaign)
    if span:
        return start <= span[0] and span[1] <= end
    dues = [t.due for t in campaign.tasks]
    return all(due is not None and start <= due <= end for due in dues)


def title_period(campaign: Campaign, start: _dt.date, end: _dt.date) -> str:
    """The period as the title names it: 2026年上半年, 2026年4月至9月 — or only the year when the
    period holds the whole campaign within one year (2026年安全生产月活动总结, not 2026年5月至6月
    安全生产月活动总结: a 宣传月 or 百日行动 summed up whole is named by its year)."""
    if start.year == end.year and _covers_campaign(campaign, start, end):
        return f"{start.year}年"
    return text.format_period_label(start, end)


def summary_title(campaign: Campaign) -> str:
    doc = campaign.documents.summary
    if doc and doc.title:
        return doc.title
    label = title_period(campaign, doc.period.start, doc.period.end) if doc else ""
    return work_title(campaign, "工作总结", period=label)


def _task_report(task: TaskProgress) -> dict[str, Any]:
    return {"id": task.task.id, "title": task.title, "achievements": list(task.results),
            "owners": task.task.owners, "due": task.task.due}


#: Tasks a warning names one by one; a campaign with thousands of tasks gets the first few and a count.
_NAMED_IN_WARNING = 10


def _named(tasks: list[TaskProgress], show: Callable[[TaskProgress], str], sep: str = "") -> str:
    shown = sep.join(show(t) for t in tasks[:_NAMED_IN_WARNING])
    return shown if len(tasks) <= _NAMED_IN_WARNING else f"{shown}等{len(tasks)}项"


def _warn_unreported(campaign: Campaign, state: Progress) -> None:
    """Name the tasks the summary leaves out because the data records no result for them."""
    missing = state.without_results
    if not missing:
        return
    quoted = _named(missing, lambda t: f"“{t.title}”")
    due = state.due_without_results
    hint = "如已有进展，请在 documents.summary.achievements 中补充（task 写任务编号或名称）。"
    if due:
        hint += ("其中" + _named(due, lambda t: f"“{t.title}”（时限{text.format_date(t.task.due) if t.task.due else ''}）", "、")
                 + "的完成时限已过，请核实。")
    if len(missing) == len(state.tasks):
        message = (f"工作总结没有任何任务的成效，“主要工作及成效”部分从略：{quoted} / "
                   f"summary: no achievement recorded for any of the {len(missing)} task(s)")
    else:
        message = (f"工作总结中以下{count_word(len(missing))}项任务没有成效记录，未写入“主要工作及成效”：{quoted} / "
                   f"summary: {len(missing)} task(s) without a recorded achievement left out")
    warn(message, location=Location(file=campaign.source, path="documents.summary.achievements"), hint=hint)


def _run_in(points: Sequence[str]) -> str:
    """Points of one list run into one paragraph, numbered by :func:`series`: 一是……；二是……。
    (each point its own sentence when one of them holds several); a single point alone."""
    bare = [text.strip_trailing_punct(p) for p in series(list(points))]
    if not bare:
        return ""
    if any(mark in b for b in bare for mark in "。！？"):
        return "".join(text.ensure_period(b) for b in bare)
    return "；".join(bare) + "。"


def _problem_word(problems: Sequence[str]) -> str:
    """不足, or 问题 when the only problem already speaks of a 不足 (…能力不足): 还存在一些不足，
    主要是…专业能力不足 says 不足 twice."""
    return "问题" if len(problems) == 1 and "不足" in problems[0] and "问题" not in problems[0] else "不足"


def _plan_short(title: str) -> str:
    """How the summary refers back to the plan after citing it in full: 实施方案 / 方案."""
    for short in ("实施方案", "方案"):
        if title.endswith(short):
            return short
    return f"《{title}》"


def _phase_when(phase: Phase, end: _dt.date) -> str:
    """巩固提升阶段（2026年10月1日—12月31日） / 集中整治阶段（2026年9月30日前）: a phase ahead of
    the period's end, with the part of its dates still to come."""
    if phase.start <= end:
        return f"{phase.name}（{text.format_date(phase.end)}前）"
    return f"{phase.name}（{text.format_span(phase.start, phase.end)}）"


def _ahead_steps(phases: Sequence[Phase], end: _dt.date) -> str:
    """下一步 from the plan's phases ahead: 在巩固提升阶段（…），content (one phase) or
    一是集中整治阶段（…），content；二是巩固提升阶段（…），content。 — each point opens with the
    phase's own name."""
    points = [f"{_phase_when(p, end)}，{p.content}" for p in phases if p.content]
    return _run_in(points) if len(points) > 1 else "".join(f"在{p}" for p in points)


def _day(day: _dt.date, period_start: _dt.date, period_end: _dt.date, stage: str) -> str:
    """A date in the opening paragraph: 4月1日 when the paragraph has already named its year
    (it opens with a one-year period label), else 2026年4月1日 — so the year is not said twice
    in a row (自2026年4月1日起组织开展2026年防汛工作)."""
    named = stage not in (BEFORE, AFTER) and period_start.year == period_end.year == day.year
    return f"{day.month}月{day.day}日" if named else text.format_date(day)


def summary_context(campaign: Campaign, **_: Any) -> dict[str, Any]:
    """工作总结: achievements by task, where the period stands in the campaign (stage, phases),
    the counting sentence and the 时间过半、任务过半 judgement, problems and next steps — each
    only from the data."""
    doc = summary_doc(campaign)
    start, end = doc.period.start, doc.period.end
    state = progress_at(campaign, end)
    _warn_unreported(campaign, state)
    reports = [_task_report(t) for t in state.with_results]
    span = campaign_span(campaign)
    # The plan's phases still running or ahead when the period ends: 下一步 when next_steps is absent.
    ahead = [p for p in campaign.phases if p.end > end]
    stage = period_stage(campaign, start, end)
    period_label = text.format_period_label(start, end)
    title_of_plan = plan_title(campaign)
    return {
        "title": summary_title(campaign),
        "summary": doc,
        "date": doc.date,
        "period_label": period_label,
        # the work as named right after the period label: without the year the label has just said
        # (2026年上半年，……组织开展防汛工作 — not 2026年上半年，……组织开展2026年防汛工作)
        "period_work": work_name(campaign, period=period_label),
        # the work as named right before the date it starts or ended on (筹备 / 结束以后), without the
        # year that date says (迎峰度夏工作自2026年5月15日开始实施, not 2026年迎峰度夏工作自2026年…)
        "dated_work": (work_name(campaign, period=text.format_date(span[0] if stage == BEFORE else span[1]))
                       if span else work_name(campaign)),
        "plan_title": title_of_plan,
        "plan_short": _plan_short(title_of_plan),
        "basis_text": basis_citation(campaign),
        "stage": stage,
        "span_start": span[0] if span else None,
        "span_end": span[1] if span else None,
        # the same dates as the opening paragraph prints them (without a repeated year)
        "span_start_text": _day(span[0], start, end, stage) if span else "",
        "span_end_text": _day(span[1], start, end, stage) if span else "",
        "period_end_text": _day(end, start, end, stage),
        "phase_count": count_word(len(campaign.phases)),
        "task_reports": reports,
        "task_total": len(state.tasks),
        "task_count": count_word(len(state.tasks)),
        "all_reported": bool(reports) and len(reports) == len(state.tasks),
        "result_count": count_word(len(reports)),
        "halfway": state.halfway,
        "phases_done": [p.name for p in state.phases_done],
        "phases_current": [p.name for p in state.phases_current],
        "next_phase": state.phases_pending[0] if state.phases_pending else None,
        "next_phase_start_text": (_day(state.phases_pending[0].start, start, end, stage)
                                  if state.phases_pending else ""),
        "phases_ahead": ahead,
        "ahead_steps": _ahead_steps(ahead, end),
        "ahead_count": sum(1 for p in ahead if p.content),
        "problems": _run_in(doc.problems),
        "problem_count": len(doc.problems),
        # a single problem is introduced by a word it does not itself end in (一些不足，主要是……能力不足)
        "problem_word": _problem_word(doc.problems),
        "next_steps": _run_in(doc.next_steps),
        "next_step_count": len(doc.next_steps),
        "next_step_word": count_word(len(doc.next_steps)),
    }
