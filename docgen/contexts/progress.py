"""Where the campaign stands on a given day, from the data alone: which phases are done,
under way or ahead, how much of the campaign's time has passed, and which tasks have
recorded results (``documents.summary.achievements``).

The summary reports it and a 推进会 speech draws on it; neither may claim more than
this holds.  A task without a recorded result is *unknown*, not *late*: the data has no
"not done" field, so nothing here calls a task overdue.  What it offers instead is
:attr:`Progress.due_without_results` (deadline passed, nothing recorded), which forbids
the positive claim 任务过半 and is named to the user in a warning, never in the document.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from .. import text
from ..model import Campaign, Phase, Task
from .common import campaign_span

#: Share of the campaign's span inside which "时间过半" may be said (roughly half, either side).
HALFWAY = (0.4, 0.6)

# Where a reporting period lies against the campaign's span (its phases' first and last day).
NO_SCHEDULE = "no_schedule"   # no phases: nothing can be said about time
BEFORE = "before"             # the period ends before the campaign starts (筹备)
OPENING = "opening"           # the campaign starts inside the period and is still running at its end
UNDER_WAY = "under_way"       # the period lies inside the campaign
CLOSING = "closing"           # the campaign, started before the period, ends inside it
WHOLE = "whole"               # the period covers the whole campaign (全面总结)
AFTER = "after"               # the period starts after the campaign has ended
STAGES = (NO_SCHEDULE, BEFORE, OPENING, UNDER_WAY, CLOSING, WHOLE, AFTER)


@dataclass(frozen=True)
class TaskProgress:
    """One task and the results recorded for it (sentences, each ending in 。)."""

    task: Task
    results: tuple[str, ...]

    @property
    def title(self) -> str:
        return text.strip_trailing_punct(self.task.title)


@dataclass(frozen=True)
class Progress:
    """The campaign's state at ``day``."""

    day: _dt.date
    tasks: tuple[TaskProgress, ...]
    phases_done: tuple[Phase, ...]
    phases_current: tuple[Phase, ...]
    phases_pending: tuple[Phase, ...]
    elapsed: Optional[float]   # share of the campaign's span passed by ``day`` (0..1), None without phases

    @property
    def with_results(self) -> list[TaskProgress]:
        return [t for t in self.tasks if t.results]

    @property
    def without_results(self) -> list[TaskProgress]:
        return [t for t in self.tasks if not t.results]

    @property
    def due_without_results(self) -> list[TaskProgress]:
        """Tasks whose deadline has passed by ``day`` with no result recorded.  Not "overdue":
        the data cannot say they are unfinished, only that nothing was reported."""
        return [t for t in self.tasks if not t.results and t.task.due and t.task.due <= self.day]

    @property
    def time_half(self) -> bool:
        """Roughly half of the campaign's time has passed (:data:`HALFWAY`)."""
        return self.elapsed is not None and HALFWAY[0] <= self.elapsed <= HALFWAY[1]

    @property
    def halfway(self) -> bool:
        """时间过半、任务过半 may be said: about half the time has passed, at least half of the
        tasks have recorded results, and no task's deadline has passed without one (a claim
        that nothing is behind needs data for every task already due)."""
        return (self.time_half and bool(self.tasks) and 2 * len(self.with_results) >= len(self.tasks)
                and not self.due_without_results)


def results_by_task(campaign: Campaign) -> dict[int, tuple[str, ...]]:
    """The summary's achievements grouped by the task they name (keyed by the task's index)."""
    grouped: dict[int, list[str]] = {}
    summary = campaign.documents.summary
    for achievement in summary.achievements if summary else ():
        index = campaign.task_index(achievement.task)
        if index is not None:
            grouped.setdefault(index, []).append(text.ensure_period(achievement.content))
    return {i: tuple(results) for i, results in grouped.items()}


def progress_at(campaign: Campaign, day: _dt.date) -> Progress:
    """The campaign's :class:`Progress` at the end of ``day``."""
    results = results_by_task(campaign)
    span = campaign_span(campaign)
    elapsed = None
    if span:
        total = (span[1] - span[0]).days + 1
        elapsed = min(max((day - span[0]).days + 1, 0), total) / total
    return Progress(
        day=day,
        tasks=tuple(TaskProgress(t, results.get(i, ())) for i, t in enumerate(campaign.tasks)),
        phases_done=tuple(p for p in campaign.phases if p.end <= day),
        phases_current=tuple(p for p in campaign.phases if p.start <= day < p.end),
        phases_pending=tuple(p for p in campaign.phases if p.start > day),
        elapsed=elapsed,
    )


def period_stage(campaign: Campaign, start: _dt.date, end: _dt.date) -> str:
    """Where the period ``start``–``end`` lies against the campaign's span: one of :data:`STAGES`.
    Each stage gets its own framing in a summary (筹备, 启动以来, 全面总结, 结束以后 …)."""
    span = campaign_span(campaign)
    if span is None:
        return NO_SCHEDULE
    first, last = span
    if end < first:
        return BEFORE
    if start > last:
        return AFTER
    if start <= first:
        return WHOLE if end >= last else OPENING
    return CLOSING if end >= last else UNDER_WAY
