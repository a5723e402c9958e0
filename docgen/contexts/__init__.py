"""Render contexts of the document kinds: data and derived judgements, never wording.

Each builder returns the extra context of one kind on top of :func:`base_context`.  What
the documents *say* lives in the templates (``templates/src/*.txt``); what is computed here
is what a template cannot sensibly compute itself: titles, the attachment numbering of a
plan or notice, which phases a summary period has finished, whether time and tasks are
"half done", and the rendered plan body a notice carries as its attachment.

One module per document family:

============  ==============================================================
``common``    the base context, titles and pieces every kind shares
``wording``   how the campaign, the unit and counts are named in prose
``plan``      the implementation plan and its attachments
``tables``    the member list and the task table (alone or as attachments)
``notice``    the notice that issues the plan
``speech``    the speech
``summary``   the work summary
============  ==============================================================
"""
from __future__ import annotations

from .common import (base_context, basis_citation, campaign_span, plan_doc, plan_title, purpose,
                     purpose_aim, rendered_body)
from .notice import notice_context, notice_title
from .plan import plan_attachment_kinds, plan_context
from .speech import meeting_type, speech_context, speech_title
from .summary import summary_context, summary_title
from .tables import ATTACHMENT_BUILDERS, members_context, members_title, tasks_context, tasks_title
from .wording import (GroupTerms, count_word, group_terms, self_name, series, target_phrase, title_owner,
                      work_name, work_title)

__all__ = ["base_context", "plan_context", "notice_context", "speech_context", "summary_context",
           "members_context", "tasks_context", "plan_title", "notice_title", "speech_title", "summary_title",
           "members_title", "tasks_title", "basis_citation", "work_name", "meeting_type", "count_word",
           "campaign_span", "plan_doc", "plan_attachment_kinds", "purpose", "purpose_aim", "rendered_body",
           "ATTACHMENT_BUILDERS", "self_name", "series", "work_title", "title_owner", "group_terms", "GroupTerms",
           "target_phrase"]
