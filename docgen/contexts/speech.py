"""The speech (讲话) given at the campaign's meeting."""
from __future__ import annotations

from typing import Any

from .. import text
from ..model import Campaign
from .common import basis_citation, campaign_span, plan_title, purpose_aim
from .wording import count_word, work_name

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
