"""Document kinds: what each kind is called, which template it uses, what data it needs,
and how its render context is built from a :class:`~docgen.model.Campaign`.

Adding a kind is a template under ``templates/`` plus one :class:`Kind` entry here; the
context builders live in :mod:`docgen.contexts`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Protocol

from .contexts import (base_context, basis_citation, members_context, members_title, notice_context,
                       notice_title, plan_context, plan_doc, plan_title, speech_context, speech_title,
                       summary_context, summary_title, tasks_context, tasks_title)
from .files import PathLike
from .model import Campaign


class ContextBuilder(Protocol):
    """Builds a kind's extra context on top of :func:`base_context`; ``template_dir`` is where the
    templates the kind embeds (the notice's plan, a plan's attachments) are looked up first."""

    def __call__(self, campaign: Campaign, *, template_dir: Optional[PathLike] = None) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Kind:
    """A document kind docgen can render."""

    name: str                                   # CLI/API name: "plan"
    label: str                                  # Chinese name: "实施方案"
    template: str                               # built-in template file in templates/
    title: Callable[[Campaign], str]            # the document title (also names the output file)
    context: ContextBuilder                     # extra context on top of base_context
    missing: Callable[[Campaign], list[str]] = lambda c: []   # required fields the campaign lacks (YAML paths)


# --- what each kind needs -------------------------------------------------------------
def _speech_missing(campaign: Campaign) -> list[str]:
    if campaign.documents.speech is None:
        return [f"documents.speech.{f}" for f in ("occasion", "speaker", "date")]
    return []


def _summary_missing(campaign: Campaign) -> list[str]:
    missing = []
    if campaign.documents.summary is None:
        missing += ["documents.summary.period", "documents.summary.date"]
    if not campaign.unit.superior:
        missing.append("unit.superior")
    return missing


def _notice_missing(campaign: Campaign) -> list[str]:
    doc = plan_doc(campaign)
    need = {"number": doc.number, "date": doc.date, "recipients": doc.recipients, "printed_by": doc.printed_by}
    return [f"documents.plan.{name}" for name, value in need.items() if not value]


def _members_missing(campaign: Campaign) -> list[str]:
    return [] if campaign.leadership else ["leadership"]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (used by docgen itself; plugins may call it too)."""
    KINDS[kind.name] = kind
    return kind


register(Kind("plan", "实施方案", "plan.docx", plan_title, plan_context))
register(Kind("notice", "印发通知", "notice.docx", notice_title, notice_context, _notice_missing))
register(Kind("speech", "讲话", "speech.docx", speech_title, speech_context, _speech_missing))
register(Kind("summary", "工作总结", "summary.docx", summary_title, summary_context, _summary_missing))
register(Kind("members", "领导小组成员名单", "members.docx", members_title, members_context, _members_missing))
register(Kind("tasks", "任务分解表", "tasks.docx", tasks_title, tasks_context))


def get(name: str) -> Kind:
    """The kind called ``name``; :class:`~docgen.errors.InputError` listing the known ones otherwise."""
    from .errors import InputError

    try:
        return KINDS[name]
    except KeyError:
        known = "、".join(KINDS)
        raise InputError(f"没有“{name}”这种文档 / unknown document kind {name!r}",
                         hint=f"可选：{known}，或 all", code="DG-KIND-UNKNOWN") from None


def full_context(kind: Kind, campaign: Campaign, template_dir: Optional[PathLike] = None) -> dict[str, Any]:
    """Everything a template of ``kind`` can use.

    ``template_dir`` is where templates a kind embeds (the notice's plan, a plan's attachments)
    are looked up first, as for the kind's own template.
    """
    ctx = base_context(campaign)
    ctx.update(kind.context(campaign, template_dir=template_dir))
    return ctx


def missing_fields(kind: Kind, campaign: Campaign) -> list[str]:
    """Required fields for ``kind`` that ``campaign`` does not have."""
    return kind.missing(campaign)


__all__ = ["Kind", "KINDS", "register", "get", "base_context", "full_context", "plan_title", "plan_context",
           "basis_citation", "missing_fields"]
