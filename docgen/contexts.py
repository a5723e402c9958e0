"""Render contexts of the document kinds: data and derived judgements, never wording.

Each builder returns the extra context of one kind on top of :func:`base_context`.  What
the documents *say* lives in the templates (``templates/src/*.txt``); what is computed here
is what a template cannot sensibly compute itself: titles, the attachment numbering of a
plan or notice, which phases a summary period has finished, whether time and tasks are
"half done", and the rendered plan body a notice carries as its attachment.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import fields
from typing import Any, Optional

from . import text
from .model import Campaign, PlanDoc, Task
from .package import W_NS
from .templating import Numbering


def base_context(campaign: Campaign) -> dict[str, Any]:
    """Context every template gets: each top-level YAML key by its own name, plus helpers.

    ``num`` numbers headings (``num.h1()`` → 一、); ``today`` is the render date;
    ``work`` is the campaign name as a piece of work (…工作, never …工作工作).
    """
    ctx: dict[str, Any] = {f.name: getattr(campaign, f.name) for f in fields(campaign) if f.name != "source"}
    ctx["num"] = Numbering()
    ctx["today"] = _dt.date.today()
    ctx["work"] = work_name(campaign)
    return ctx


# --- shared pieces -------------------------------------------------------------------
def work_name(campaign: Campaign) -> str:
    """创建全国文明城市工作 / 安全生产月工作: the campaign as a piece of work."""
    name = campaign.campaign.name
    return name if name.endswith("工作") else f"{name}工作"


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


def purpose_aim(campaign: Campaign) -> Optional[str]:
    """The purpose as an aim, without the leading 为: "深入推进……，助力……" (None when not given)."""
    purpose = campaign.campaign.purpose
    if not purpose:
        return None
    purpose = text.strip_trailing_punct(purpose)
    return purpose[1:] if purpose.startswith("为") else purpose


def basis_citation(campaign: Campaign) -> str:
    """《A》（号）、《B》和《C》 — the basis documents cited in the opening paragraph."""
    cited = [f"《{text.strip_trailing_punct(b.title).strip('《》')}》" + (f"（{b.number}）" if b.number else "")
             for b in campaign.campaign.basis]
    if len(cited) <= 1:
        return "".join(cited)
    return "、".join(cited[:-1]) + "和" + cited[-1]


def count_word(n: int) -> str:
    """A count before a measure word: 两项, 三项, 十二项 (cn_number says 二)."""
    return "零" if n == 0 else "两" if n == 2 else text.cn_number(n)


def campaign_span(campaign: Campaign) -> Optional[tuple[_dt.date, _dt.date]]:
    """First and last day of the campaign, from its phases (None without phases)."""
    if campaign.phases:
        return min(p.start for p in campaign.phases), max(p.end for p in campaign.phases)
    return None


def _rendered_body(kind_name: str, ctx: dict, template_dir: Optional[str]):
    """The paragraphs (and tables) of another kind's template rendered with ``ctx``, as raw XML
    for a ``{{p var }}`` paragraph: what the notice embeds as its attachment."""
    from lxml import etree
    from markupsafe import Markup

    from . import api, templating

    xml = templating.load(api.template_path(kind_name, template_dir=template_dir)).render_xml(ctx)
    body = etree.fromstring(xml.encode("utf-8")).find(f"{{{W_NS}}}body")
    # Serialised one by one, each element carries the namespace declarations it uses (w14:, mc: … in
    # a template saved by Word), so it stays valid inside a host document that does not declare them.
    return Markup("".join(etree.tostring(child, encoding="unicode") for child in body
                          if etree.QName(child).localname != "sectPr"))


# --- plan and its attachments ---------------------------------------------------------
def _attachment_label(number: int, total: int) -> str:
    return "附件" if total == 1 else f"附件{number}"


def _attachments(campaign: Campaign, first: int, total: int, template_dir: Optional[str]) -> list[dict]:
    """The member list / task table the unit asked to attach, numbered from ``first`` of ``total``."""
    out = []
    for number, name in enumerate(plan_attachment_kinds(campaign), first):
        label = _attachment_label(number, total)
        ctx = base_context(campaign)
        ctx.update(ATTACHMENT_BUILDERS[name](campaign, attachment_label=label))
        out.append({"kind": name, "label": label, "title": ctx["title"],
                    "body": _rendered_body(name, ctx, template_dir)})
    return out


def plan_attachment_kinds(campaign: Campaign) -> list[str]:
    """``documents.plan.attachments`` that the data supports (a member list needs a leadership group)."""
    kinds = []
    for name in plan_doc(campaign).attachments:
        if name in ATTACHMENT_BUILDERS and name not in kinds and not (name == "members" and not campaign.leadership):
            kinds.append(name)
    return kinds


def plan_context(campaign: Campaign, *, as_attachment: bool = False, template_dir: Optional[str] = None,
                 first_attachment: int = 1) -> dict[str, Any]:
    """Context of the implementation plan (also used when the notice attaches it).

    ``attachments`` are the plan's own attachments (member list, task table), numbered from
    ``first_attachment``; ``attach`` maps their kind to them, for mentions like 见附件2.
    """
    doc = plan_doc(campaign)
    total = len(plan_attachment_kinds(campaign)) + first_attachment - 1
    attachments = _attachments(campaign, first_attachment, total, template_dir)
    return {
        "title": plan_title(campaign),
        "doc": doc,
        "purpose": _purpose(campaign),
        "basis_text": basis_citation(campaign),
        "date": doc.date or _dt.date.today(),
        "as_attachment": as_attachment,
        "attachments": attachments,
        "attach": {a["kind"]: a for a in attachments},
    }


def members_title(campaign: Campaign) -> str:
    return f"{campaign.leadership.name}成员名单" if campaign.leadership else f"{work_name(campaign)}领导小组成员名单"


def members_context(campaign: Campaign, *, attachment_label: Optional[str] = None, **_: Any) -> dict[str, Any]:
    """领导小组成员名单: people grouped by their role in the group."""
    group = campaign.leadership
    roles = (("组长", group.leader), ("副组长", group.deputies), ("成员", group.members)) if group else ()
    return {"title": members_title(campaign), "attachment_label": attachment_label,
            "member_groups": [{"role": role, "people": people} for role, people in roles if people]}


def tasks_title(campaign: Campaign) -> str:
    return f"{work_name(campaign)}任务分解表"


def _item_lines(items, level: int = 3) -> list[str]:
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


ATTACHMENT_BUILDERS = {"members": members_context, "tasks": tasks_context}


# --- notice ---------------------------------------------------------------------------
def notice_title(campaign: Campaign) -> str:
    return f"关于印发《{plan_title(campaign)}》的通知"


def notice_context(campaign: Campaign, *, template_dir: Optional[str] = None, **_: Any) -> dict[str, Any]:
    """印发通知: the plan (附件1, or 附件 alone) and the plan's own attachments (附件2 …)."""
    doc = plan_doc(campaign)
    plan_ctx = base_context(campaign)
    plan_ctx.update(plan_context(campaign, as_attachment=True, template_dir=template_dir, first_attachment=2))
    extra = plan_ctx["attachments"]
    plan_label = _attachment_label(1, 1 + len(extra))
    listed = [{"label": plan_label, "title": plan_title(campaign)}] + [
        {"label": a["label"], "title": a["title"]} for a in extra]
    date = doc.date or _dt.date.today()
    return {
        "title": notice_title(campaign),
        "doc": doc,
        "date": date,
        "plan_title": plan_title(campaign),
        "plan_label": plan_label,
        "plan_body": _rendered_body("plan", plan_ctx, template_dir),
        "attachments": listed,
        "printed_on": doc.printed_on or date,
    }


# --- speech ---------------------------------------------------------------------------
_ALREADY_EXHORTED = ("要", "必须", "务必", "应当", "应该")


def exhort(sentence: str) -> str:
    """A plan sentence as the speaker's call: "把……融入……" → "要把……融入……" (unless it already says 要)."""
    first_clause = sentence.split("，", 1)[0]
    if any(word in first_clause for word in _ALREADY_EXHORTED):
        return sentence
    return "要" + sentence


def speech_title(campaign: Campaign) -> str:
    doc = campaign.documents.speech
    return (doc.title if doc and doc.title else f"在{doc.occasion if doc else work_name(campaign)}上的讲话")


def _people_phrase(people, speaker_name: str) -> str:
    """People as the speaker names them: 我 / 周文彬同志 / 陈晓梅、刘建国同志 / 林静同志和我."""
    names = [p.name for p in people]
    if speaker_name in names:
        others = [n for n in names if n != speaker_name]
        return f"{text.join_list(others)}同志和我" if others else "我"
    return f"{text.join_list(names)}同志"


def speech_context(campaign: Campaign, **_: Any) -> dict[str, Any]:
    """动员讲话: the three parts' data — significance or what to argue from, tasks as calls,
    the group as the speaker introduces it, and where the speech date falls among the phases."""
    doc = campaign.documents.speech
    plan = campaign.documents.plan
    tasks = [{"title": text.strip_trailing_punct(t.title),
              "call": exhort(text.ensure_period(t.content)) if t.content else "",
              "parts": [text.strip_trailing_punct(i.title) for i in t.items],
              "parts_count": count_word(len(t.items)), "owners": t.owners, "due": t.due} for t in campaign.tasks]
    current = [p for p in campaign.phases if p.start <= doc.date <= p.end]
    span = campaign_span(campaign)
    return {
        "title": speech_title(campaign),
        "speech": doc,
        "speaker": doc.speaker,
        "date": doc.date,
        "salutation": text.strip_trailing_punct(doc.salutation or "同志们"),
        "significance": doc.significance,
        "aim": purpose_aim(campaign),
        "basis_text": basis_citation(campaign),
        "plan_title": plan_title(campaign),
        "plan_issued": bool(plan and plan.date and plan.date <= doc.date),
        "speech_tasks": tasks,
        "task_count": count_word(len(tasks)),
        "owner_count": count_word(len({o for t in campaign.tasks for o in t.owners})),
        "leaders_phrase": _people_phrase(campaign.leadership.leader, doc.speaker.name) if campaign.leadership else "",
        "deputies_phrase": _people_phrase(campaign.leadership.deputies, doc.speaker.name) if campaign.leadership else "",
        "phase_count": count_word(len(campaign.phases)) if campaign.phases else "",
        "current_phase": current[0] if current else None,
        "before_start": bool(span and doc.date < span[0]),
        "campaign_end": span[1] if span else max((t.due for t in campaign.tasks if t.due), default=None),
    }


# --- summary --------------------------------------------------------------------------
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
    reports = [_task_report(t, [a.content for a in doc.achievements if a.task == t.id], end) for t in campaign.tasks]
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


__all__ = ["base_context", "plan_context", "notice_context", "speech_context", "summary_context",
           "members_context", "tasks_context", "plan_title", "basis_citation", "work_name", "exhort",
           "count_word", "campaign_span"]
