"""The member list (领导小组成员名单) and the task table (任务分解表), alone or as attachments."""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from .. import text
from ..model import Campaign, Item, SubItem
from .wording import group_terms, work_name, work_title


def members_title(campaign: Campaign) -> str:
    return f"{campaign.leadership.name}成员名单" if campaign.leadership else f"{work_name(campaign)}领导小组成员名单"


def members_context(campaign: Campaign, *, attachment_label: Optional[str] = None, **_: Any) -> dict[str, Any]:
    """领导小组成员名单: people grouped by their role in the group."""
    group, terms = campaign.leadership, group_terms(campaign)
    roles = ((terms.leader, group.leader), (terms.deputy, group.deputies), (terms.member, group.members)) if group else ()
    return {"title": members_title(campaign), "attachment_label": attachment_label,
            "member_groups": [{"role": role, "people": people} for role, people in roles if people]}


def tasks_title(campaign: Campaign) -> str:
    return work_title(campaign, "任务分解表", unit=False)


def _item_lines(items: Sequence[Union[Item, SubItem]], level: int = 3) -> list[str]:
    lines = []
    for n, item in enumerate(items, 1):
        line = f"{text.ordinal(level, n)}{text.strip_trailing_punct(item.title)}"
        if item.content:
            line += f"：{text.ensure_period(item.content)}"
        if item.owners:
            line += f"（{text.join_list(item.owners)}）"
        lines.append(line)
        lines.extend(_item_lines(getattr(item, "items", ()), level + 1))
    return lines


def tasks_context(campaign: Campaign, *, attachment_label: Optional[str] = None, **_: Any) -> dict[str, Any]:
    """任务分解表: one row per main task, its items as lines of the 具体内容 cell."""
    rows = [{"no": n, "title": text.strip_trailing_punct(t.title),
             "content": text.ensure_period(t.content) if t.content else "", "lines": _item_lines(t.items),
             "owners": t.owners, "due": t.due} for n, t in enumerate(campaign.tasks, 1)]
    return {"title": tasks_title(campaign), "attachment_label": attachment_label, "task_rows": rows}


# The kinds a plan (and the notice issuing it) can carry as attachments.
ATTACHMENT_BUILDERS = {"members": members_context, "tasks": tasks_context}
