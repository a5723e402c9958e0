"""The implementation plan (实施方案) and the attachments it carries."""
from __future__ import annotations

from typing import Any, Optional

from ..files import PathLike
from ..model import Campaign
from .common import base_context, basis_citation, date_line, plan_doc, plan_title, purpose, rendered_body
from .tables import ATTACHMENT_BUILDERS


def attachment_label(number: int, total: int) -> str:
    """附件 when there is one attachment, else 附件1, 附件2 …"""
    return "附件" if total == 1 else f"附件{number}"


def _attachments(campaign: Campaign, first: int, total: int, template_dir: Optional[PathLike]) -> list[dict[str, Any]]:
    """The member list / task table the unit asked to attach, numbered from ``first`` of ``total``."""
    out = []
    for number, name in enumerate(plan_attachment_kinds(campaign), first):
        label = attachment_label(number, total)
        ctx = base_context(campaign)
        ctx.update(ATTACHMENT_BUILDERS[name](campaign, attachment_label=label))
        out.append({"kind": name, "label": label, "title": ctx["title"],
                    "body": rendered_body(name, ctx, template_dir)})
    return out


def plan_attachment_kinds(campaign: Campaign) -> list[str]:
    """``documents.plan.attachments`` that the data supports (a member list needs a leadership group)."""
    kinds: list[str] = []
    for name in plan_doc(campaign).attachments:
        if name in ATTACHMENT_BUILDERS and name not in kinds and not (name == "members" and not campaign.leadership):
            kinds.append(name)
    return kinds


def plan_context(campaign: Campaign, *, as_attachment: bool = False, template_dir: Optional[PathLike] = None,
                 first_attachment: int = 1) -> dict[str, Any]:
    """Context of the implementation plan (also used when the notice attaches it).

    ``attachments`` are the plan's own attachments (member list, task table), numbered from
    ``first_attachment``; ``attach`` maps their kind to them, for mentions like 见附件2.
    ``date`` is ``documents.plan.date`` (None when not given); ``date_text`` is the 成文日期 as
    printed, the blank 　　年　月　日 when there is no date.
    """
    doc = plan_doc(campaign)
    total = len(plan_attachment_kinds(campaign)) + first_attachment - 1
    attachments = _attachments(campaign, first_attachment, total, template_dir)
    return {
        "title": plan_title(campaign),
        "doc": doc,
        "purpose": purpose(campaign),
        "basis_text": basis_citation(campaign),
        "date": doc.date,
        "date_text": date_line(doc.date),
        "as_attachment": as_attachment,
        "attachments": attachments,
        "attach": {a["kind"]: a for a in attachments},
    }
