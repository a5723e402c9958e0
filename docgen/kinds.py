"""Document kinds: what each kind is called, which template it uses, what data it needs,
and how its render context is built from a :class:`~docgen.model.Campaign`.

Adding a kind is a template under ``templates/`` plus one :class:`Kind` entry here.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields
from typing import Any, Callable, Optional

from .model import Campaign, PlanDoc
from .templating import Numbering
from . import text


@dataclass(frozen=True)
class Kind:
    """A document kind docgen can render."""

    name: str                                   # CLI/API name: "plan"
    label: str                                  # Chinese name: "实施方案"
    template: str                               # built-in template file in templates/
    title: Callable[[Campaign], str]            # the document title (also names the output file)
    context: Callable[[Campaign], dict]         # extra render context on top of base_context
    missing: Callable[[Campaign], list[str]] = lambda c: []   # required fields the campaign lacks


def base_context(campaign: Campaign) -> dict[str, Any]:
    """Context every template gets: each top-level YAML key by its own name, plus helpers.

    ``num`` numbers headings (``num.h1()`` → 一、); ``today`` is the render date.
    """
    ctx: dict[str, Any] = {f.name: getattr(campaign, f.name) for f in fields(campaign) if f.name != "source"}
    ctx["num"] = Numbering()
    ctx["today"] = _dt.date.today()
    return ctx


def _work_title(campaign: Campaign, suffix: str) -> str:
    """unit + campaign + suffix, without doubling 工作 (…工作 + 工作实施方案)."""
    name = campaign.campaign.name
    if name.endswith("工作") and suffix.startswith("工作"):
        suffix = suffix[len("工作"):]
    return f"{campaign.unit.name}{name}{suffix}"


def plan_doc(campaign: Campaign) -> PlanDoc:
    """The plan settings, defaults when the file has none."""
    return campaign.documents.plan or PlanDoc()


def plan_title(campaign: Campaign) -> str:
    """Title of the implementation plan (``documents.plan.title`` overrides)."""
    return plan_doc(campaign).title or _work_title(campaign, "工作实施方案")


def _purpose(campaign: Campaign) -> str:
    purpose = campaign.campaign.purpose
    if not purpose:
        return f"为扎实推进{campaign.campaign.name}工作"
    purpose = text.strip_trailing_punct(purpose)
    return purpose if purpose.startswith("为") else f"为{purpose}"


def basis_citation(campaign: Campaign) -> str:
    """《A》（号）、《B》和《C》 — the basis documents cited in the opening paragraph."""
    cited = [f"《{text.strip_trailing_punct(b.title).strip('《》')}》" + (f"（{b.number}）" if b.number else "")
             for b in campaign.campaign.basis]
    if len(cited) <= 1:
        return "".join(cited)
    return "、".join(cited[:-1]) + "和" + cited[-1]


def plan_context(campaign: Campaign, *, as_attachment: bool = False) -> dict[str, Any]:
    """Context of the implementation plan (also used when the notice attaches it)."""
    doc = plan_doc(campaign)
    return {
        "title": plan_title(campaign),
        "doc": doc,
        "purpose": _purpose(campaign),
        "basis_text": basis_citation(campaign),
        "date": doc.date or _dt.date.today(),
        "as_attachment": as_attachment,
    }


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (used by docgen itself; plugins may call it too)."""
    KINDS[kind.name] = kind
    return kind


register(Kind("plan", "实施方案", "plan.docx", plan_title, plan_context))


def get(name: str) -> Kind:
    """The kind called ``name``; :class:`~docgen.errors.InputError` listing the known ones otherwise."""
    from .errors import InputError

    try:
        return KINDS[name]
    except KeyError:
        known = "、".join(KINDS)
        raise InputError(f"没有“{name}”这种文档 / unknown document kind {name!r}",
                         hint=f"可选：{known}，或 all") from None


def full_context(kind: Kind, campaign: Campaign) -> dict[str, Any]:
    """Everything a template of ``kind`` can use."""
    ctx = base_context(campaign)
    ctx.update(kind.context(campaign))
    return ctx


def missing_fields(kind: Kind, campaign: Campaign) -> list[str]:
    """Required fields for ``kind`` that ``campaign`` does not have."""
    return kind.missing(campaign)


__all__ = ["Kind", "KINDS", "register", "get", "base_context", "full_context", "plan_title", "plan_context",
           "basis_citation", "missing_fields"]
