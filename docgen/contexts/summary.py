"""The work summary (工作总结) reported to the superior body."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import text
from ..model import Campaign, Task
from .common import basis_citation, campaign_span, plan_title
from .wording import count_word, work_name


def summary_title(campaign: Campaign) -> str:
    doc = campaign.documents.summary
    if doc and doc.title:
        return doc.title
    label = text.format_period_label(doc.period.start, doc.period.end) if doc else ""
    return f"{campaign.unit.name}{label}{work_name(campaign)}总结"


def _task_report(task: Task, achievements: list[str], end: _dt.date) -> dict[str, Any]:
    return {"id": task.id, "title": text.strip_trailing_punct(task.title),
            "achievements": [text.ensure_period(a) for a in achievements],
            "owners": task.owners, "due": task.due, "overdue": bool(not achievements and task.due and task.due <= end)}


def summary_context(campaign: Campaign, **_: Any) -> dict[str, Any]:
    """工作总结: achievements by task, the phases' state at the period end, and the
    时间过半、任务过半 judgement (elapsed share of the campaign vs. tasks with results)."""
    doc = campaign.documents.summary
    end = doc.period.end
    reports = [_task_report(t, [a.content for a in doc.achievements if campaign.task(a.task) is t], end)
               for t in campaign.tasks]
    with_results = [r for r in reports if r["achievements"]]
    span = campaign_span(campaign)
    elapsed = None
    if span:
        total = (span[1] - span[0]).days + 1
        elapsed = min(max((end - span[0]).days + 1, 0), total) / total
    task_share = len(with_results) / len(reports) if reports else 0
    return {
        "title": summary_title(campaign),
        "summary": doc,
        "date": doc.date,
        "period_label": text.format_period_label(doc.period.start, end),
        "plan_title": plan_title(campaign),
        "basis_text": basis_citation(campaign),
        "task_reports": reports,
        "task_count": count_word(len(reports)),
        "result_count": count_word(len(with_results)) if with_results else "",
        "without_results": [r for r in reports if not r["achievements"]],
        "overdue": [r for r in reports if r["overdue"]],
        "overdue_count": count_word(sum(1 for r in reports if r["overdue"])),
        "phases_done": [p.name for p in campaign.phases if p.end <= end],
        "phases_current": [p.name for p in campaign.phases if p.start <= end < p.end],
        "phases_pending": [p.name for p in campaign.phases if p.start > end],
        "next_phase": next((p.name for p in campaign.phases if p.end > end), None),
        "elapsed_percent": round(elapsed * 100) if elapsed is not None else None,
        "time_half": elapsed is not None and elapsed >= 0.5,
        "task_half": task_share >= 0.5,
    }
