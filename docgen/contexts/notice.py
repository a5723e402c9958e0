"""The notice that issues the plan (关于印发《…》的通知), carrying the plan as its attachment."""
from __future__ import annotations

from typing import Any, Optional

from ..files import PathLike
from ..model import Campaign
from .common import base_context, plan_doc, plan_title, rendered_body
from .plan import attachment_label, plan_context


def notice_title(campaign: Campaign) -> str:
    return f"关于印发《{plan_title(campaign)}》的通知"


def notice_context(campaign: Campaign, *, template_dir: Optional[PathLike] = None, **_: Any) -> dict[str, Any]:
    """印发通知: the plan (附件1, or 附件 alone) and the plan's own attachments (附件2 …)."""
    doc = plan_doc(campaign)
    plan_ctx = base_context(campaign)
    plan_ctx.update(plan_context(campaign, as_attachment=True, template_dir=template_dir, first_attachment=2))
    extra = plan_ctx["attachments"]
    plan_label = attachment_label(1, 1 + len(extra))
    listed = [{"label": plan_label, "title": plan_title(campaign)}] + [
        {"label": a["label"], "title": a["title"]} for a in extra]
    date = doc.date  # required for a notice (kinds: documents.plan.date)
    return {
        "title": notice_title(campaign),
        "doc": doc,
        "date": date,
        "plan_title": plan_title(campaign),
        "plan_label": plan_label,
        "plan_body": rendered_body("plan", plan_ctx, template_dir),
        "attachments": listed,
        "printed_on": doc.printed_on or date,
    }
