"""Where the campaign stands on a given day, from the data alone: which phases are done,
under way or ahead, how much of the campaign's time has passed, and which tasks have
recorded results (``documents.summary.achievements``).

The summary reports it and a 推进会 speech draws on it; neither may claim more than
this holds (a task without a recorded result is *unknown*, not *late*).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from .. import text
from ..model import Campaign, Phase, Task
from .common import campaign_span


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


def results_by_task(campaign: Campaign) -> dict[int, tuple[str, ...]]:
    """The summary's achievements grouped by the task they name (keyed by the task's index)."""
    grouped: dict[int, list[str]] = {}
    summary = campaign.documents.summary
    for achievement in summary.achievements if summary else ():
        task = campaign.task(achievement.task)
        if task is not None:
            grouped.setdefault(campaign.tasks.index(task), []).append(text.ensure_period(achievement.content))
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
