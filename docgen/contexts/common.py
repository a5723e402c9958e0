"""The base context every template gets, and the pieces several kinds share."""
from __future__ import annotations

import datetime as _dt
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Mapping, Optional

from .. import text
from ..errors import MissingDataError
from ..files import PathLike
from ..model import Campaign, PlanDoc, SpeechDoc, SummaryDoc
from ..package import W_NS
from ..templating import Numbering
from .wording import group_terms, self_name, work_name, work_title

if TYPE_CHECKING:
    from markupsafe import Markup


def base_context(campaign: Campaign) -> dict[str, Any]:
    """Context every template gets: each top-level YAML key by its own name, plus helpers.

    ``num`` numbers headings (``num.h1()`` → 一、); ``today`` is the render date;
    ``work`` is the campaign name as a piece of work (…工作, never …工作工作);
    ``self_name`` is how the unit refers to itself; ``group`` the words for the leadership
    group and its roles (``group.name`` 领导小组 / 指挥部, ``group.leader`` 组长 / 指挥长 …).
    """
    ctx: dict[str, Any] = {f.name: getattr(campaign, f.name) for f in fields(campaign) if f.name != "source"}
    ctx["num"] = Numbering()
    ctx["today"] = _dt.date.today()
    ctx["work"] = work_name(campaign)
    ctx["self_name"] = self_name(campaign)
    ctx["group"] = group_terms(campaign)
    return ctx


def plan_doc(campaign: Campaign) -> PlanDoc:
    """The plan settings, defaults when the file has none."""
    return campaign.documents.plan or PlanDoc()


def speech_doc(campaign: Campaign) -> SpeechDoc:
    """The speech settings; :class:`~docgen.errors.MissingDataError` when the file has none."""
    if campaign.documents.speech is None:
        raise _missing("speech", campaign)
    return campaign.documents.speech


def summary_doc(campaign: Campaign) -> SummaryDoc:
    """The summary settings; :class:`~docgen.errors.MissingDataError` when the file has none."""
    if campaign.documents.summary is None:
        raise _missing("summary", campaign)
    return campaign.documents.summary


def _missing(kind_name: str, campaign: Campaign) -> MissingDataError:
    from .. import kinds   # here, not at the top: docgen.kinds imports this package

    spec = kinds.get(kind_name)
    return MissingDataError(spec.name, spec.missing(campaign), label=spec.label, file=campaign.source)


def plan_title(campaign: Campaign) -> str:
    """Title of the implementation plan (``documents.plan.title`` overrides)."""
    return plan_doc(campaign).title or work_title(campaign, "实施方案")


# The 成文日期 of a plan whose file gives none: left blank to be filled in by hand when the plan
# is signed, never the day it happened to be rendered.  Two full-width spaces hold the year's
# four digits, one each the month's and the day's two.
BLANK_DATE = "\u3000\u3000年\u3000月\u3000日"


def date_line(day: Optional[_dt.date]) -> str:
    """A 成文日期 as printed: 2026年3月5日, or the blank 　　年　月　日 when there is no date."""
    return text.format_date(day) if day else BLANK_DATE


def purpose(campaign: Campaign) -> str:
    """The opening clause of the plan: 为……."""
    aim = purpose_aim(campaign)
    return f"为{aim}" if aim else f"为扎实推进{work_name(campaign)}"


def purpose_aim(campaign: Campaign) -> Optional[str]:
    """The purpose as an aim, without the leading 为: "深入推进……，助力……" (None when not given)."""
    value = campaign.campaign.purpose
    if not value:
        return None
    value = text.strip_trailing_punct(value)
    return value[1:] if value.startswith("为") else value


def basis_citation(campaign: Campaign) -> str:
    """《A》（号）、《B》和《C》 — the basis documents cited in the opening paragraph."""
    cited = [f"《{text.strip_trailing_punct(b.title).strip('《》')}》" + (f"（{b.number}）" if b.number else "")
             for b in campaign.campaign.basis]
    if len(cited) <= 1:
        return "".join(cited)
    return "、".join(cited[:-1]) + "和" + cited[-1]


def campaign_span(campaign: Campaign) -> Optional[tuple[_dt.date, _dt.date]]:
    """First and last day of the campaign, from its phases (None without phases)."""
    if campaign.phases:
        return min(p.start for p in campaign.phases), max(p.end for p in campaign.phases)
    return None


def rendered_body(kind_name: str, ctx: Mapping[str, Any], template_dir: Optional[PathLike]) -> Markup:
    """The paragraphs (and tables) of another kind's template rendered with ``ctx``, as raw XML
    for a ``{{p var }}`` paragraph: what the notice embeds as its attachment."""
    from lxml import etree
    from markupsafe import Markup

    from .. import api, templating

    xml = templating.load(api.template_path(kind_name, template_dir=template_dir)).render_xml(ctx)
    body = etree.fromstring(xml.encode("utf-8")).find(f"{{{W_NS}}}body")
    if body is None:   # the layout pass gives every template one
        raise ValueError(f"the {kind_name} template rendered no w:body")
    # Serialised one by one, each element carries the namespace declarations it uses (w14:, mc: … in
    # a template saved by Word), so it stays valid inside a host document that does not declare them.
    return Markup("".join(etree.tostring(child, encoding="unicode") for child in body
                          if etree.QName(child).localname != "sectPr"))
