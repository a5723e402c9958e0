"""The work summary (工作总结) reported to the superior body."""
from __future__ import annotations

from typing import Any

from .. import text
from ..model import Campaign
from .common import basis_citation, plan_title
from .progress import TaskProgress, progress_at
from .wording import count_word, work_title


def summary_title(campaign: Campaign) -> str:
    doc = campaign.documents.summary
    if doc and doc.title:
        return doc.title
    label = text.format_period_label(doc.period.start, doc.period.end) if doc else ""
    return work_title(campaign, "工作总结", period=label)


def _task_report(task: TaskProgress, end) -> dict[str, Any]:
    due = task.task.due
    return {"id": task.task.id, "title": task.title, "achievements": list(task.results),
            "owners": task.task.owners, "due": due, "overdue": bool(not task.results and due and due <= end)}


def summary_context(campaign: Campaign, **_: Any) -> dict[str, Any]:
    """工作总结: achievements by task, the phases' state at the period end, and the
    时间过半、任务过半 judgement (elapsed share of the campaign vs. tasks with results)."""
    doc = campaign.documents.summary
    end = doc.period.end
    state = progress_at(campaign, end)
    reports = [_task_report(t, end) for t in state.tasks]
    with_results = [r for r in reports if r["achievements"]]
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
        "phases_done": [p.name for p in state.phases_done],
        "phases_current": [p.name for p in state.phases_current],
        "phases_pending": [p.name for p in state.phases_pending],
        "next_phase": next((p.name for p in campaign.phases if p.end > end), None),
        "elapsed_percent": round(state.elapsed * 100) if state.elapsed is not None else None,
        "time_half": state.elapsed is not None and state.elapsed >= 0.5,
        "task_half": task_share >= 0.5,
    }
