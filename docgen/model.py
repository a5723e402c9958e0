"""Stage 3: the typed campaign model, built from validated data with every text normalised.

Field names match the YAML keys (see ``schemas/campaign.schema.json``), so
``campaign.tasks[0].owners`` is what the user wrote under ``tasks[0].owners``,
after text normalisation (full-width punctuation, paired quotes, no stray spaces).
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as _dt
import sys
import typing
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from . import text as _text


@dataclass(frozen=True)
class Person:
    """A named person with a post (职务)."""
    name: str
    post: str


@dataclass(frozen=True)
class Unit:
    """The issuing unit (发文机关)."""
    name: str
    short_name: Optional[str] = None
    superior: Optional[str] = None

    @property
    def short(self) -> str:
        """Short name, falling back to the full name."""
        return self.short_name or self.name


@dataclass(frozen=True)
class Basis:
    """A document the campaign is based on: 《title》 (number)."""
    title: str
    number: Optional[str] = None


@dataclass(frozen=True)
class CampaignInfo:
    """The campaign itself: name, basis documents, purpose."""
    name: str
    basis: tuple[Basis, ...] = ()
    purpose: Optional[str] = None


@dataclass(frozen=True)
class Target:
    """A measurable target: item reaches value."""
    item: str
    value: str


@dataclass(frozen=True)
class Goals:
    """Overall goal and targets."""
    overall: Optional[str] = None
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Point:
    """A titled paragraph: a principle, requirement or significance point."""
    title: str
    content: str


@dataclass(frozen=True)
class SubItem:
    """Level-4 item of a task."""
    title: str
    content: Optional[str] = None
    owners: tuple[str, ...] = ()
    due: Optional[_dt.date] = None


@dataclass(frozen=True)
class Item:
    """Level-3 item of a task, with optional level-4 sub-items."""
    title: str
    content: Optional[str] = None
    owners: tuple[str, ...] = ()
    due: Optional[_dt.date] = None
    items: tuple[SubItem, ...] = ()


@dataclass(frozen=True)
class Task:
    """A main task (主要任务) with its responsible units and deadline.

    ``id`` is what the file wrote, or the task's 1-based position ("1", "2" …) when it wrote none.
    """
    id: str
    title: str
    content: Optional[str] = None
    owners: tuple[str, ...] = ()
    due: Optional[_dt.date] = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Phase:
    """An implementation phase (实施步骤) with its dates."""
    name: str
    start: _dt.date
    end: _dt.date
    content: Optional[str] = None


@dataclass(frozen=True)
class Office:
    """The leadership group's office (领导小组办公室)."""
    location: str
    director: Optional[Person] = None
    duties: Optional[str] = None


@dataclass(frozen=True)
class Leadership:
    """The leadership group (领导小组)."""
    name: str
    leader: tuple[Person, ...]
    deputies: tuple[Person, ...] = ()
    members: tuple[Person, ...] = ()
    office: Optional[Office] = None


@dataclass(frozen=True)
class PlanDoc:
    """Settings of the plan and of the notice that issues it."""
    title: Optional[str] = None
    number: Optional[str] = None
    date: Optional[_dt.date] = None
    recipients: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    printed_by: Optional[str] = None
    printed_on: Optional[_dt.date] = None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeechDoc:
    """Settings of the speech at one of the campaign's meetings."""
    occasion: str
    speaker: Person
    date: _dt.date
    title: Optional[str] = None
    type: Optional[str] = None          # 动员 / 推进 / 总结; derived from occasion when absent
    salutation: Optional[str] = None
    significance: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Period:
    """A date range."""
    start: _dt.date
    end: _dt.date


@dataclass(frozen=True)
class Achievement:
    """What was achieved on one task; ``task`` names it by id or by title (see :meth:`Campaign.task`)."""
    task: str
    content: str


@dataclass(frozen=True)
class SummaryDoc:
    """Settings and content of the work summary."""
    period: Period
    date: _dt.date
    title: Optional[str] = None
    achievements: tuple[Achievement, ...] = ()
    problems: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fonts:
    """Which 仿宋 and 楷体 faces the documents name (None: the GB2312 ones); see docgen.faces."""
    fangsong: Optional[str] = None
    kaiti: Optional[str] = None


@dataclass(frozen=True)
class Documents:
    """Per-document settings."""
    plan: Optional[PlanDoc] = None
    speech: Optional[SpeechDoc] = None
    summary: Optional[SummaryDoc] = None
    fonts: Optional[Fonts] = None


@dataclass(frozen=True)
class Campaign:
    """A whole campaign file, validated and normalised. Build it with :func:`docgen.load`."""
    unit: Unit
    campaign: CampaignInfo
    tasks: tuple[Task, ...]
    guiding_ideology: Optional[str] = None
    goals: Optional[Goals] = None
    principles: tuple[Point, ...] = ()
    phases: tuple[Phase, ...] = ()
    leadership: Optional[Leadership] = None
    requirements: tuple[Point, ...] = ()
    documents: Documents = field(default_factory=Documents)
    source: Optional[str] = field(default=None, compare=False)

    def task(self, ref: str) -> Optional[Task]:
        """The task ``ref`` names, or None: by id first, then by exact title, then by title
        without trailing punctuation (so ``加强宣传教育`` finds ``加强宣传教育。``)."""
        index = self.task_index(ref)
        return None if index is None else self.tasks[index]

    def task_index(self, ref: str) -> Optional[int]:
        """Position in :attr:`tasks` of the task ``ref`` names (see :meth:`task`), or None."""
        return self._task_lookup.find(ref)

    @functools.cached_property
    def _task_lookup(self) -> "TaskIndex":
        return TaskIndex([t.id for t in self.tasks], [t.title for t in self.tasks])


def derived_task_id(index: int) -> str:
    """The id of a task the file gave none: its 1-based position, "1", "2" …"""
    return str(index + 1)


def task_ids(tasks: Sequence[Any]) -> list[str]:
    """The id of every task record (a dict as written, or a :class:`Task`): the written id
    (as text), or the derived one."""
    ids = []
    for i, task in enumerate(tasks):
        written = task.get("id") if isinstance(task, dict) else getattr(task, "id", None)
        ids.append(str(written) if written is not None and not isinstance(written, bool)
                   else derived_task_id(i))
    return ids




class TaskIndex:
    """Finds the task a reference names among tasks with these ``ids`` and ``titles`` (raw or
    normalised text alike).  Order of precedence: id, exact title, normalised title, title
    without trailing punctuation; the first task wins a tie.  Built once per task list, so
    resolving every achievement of a large campaign stays linear."""

    def __init__(self, ids: Sequence[str], titles: Sequence[str]) -> None:
        self._tables: list[dict[str, int]] = [{}, {}, {}, {}]
        normalized = [_text.normalize_embedded(t) for t in titles]
        for table, keys in zip(self._tables, (ids, titles, normalized,
                                              [_text.strip_trailing_punct(n) for n in normalized])):
            for i, key in enumerate(keys):
                if key:
                    table.setdefault(key, i)

    def find(self, ref: Any) -> Optional[int]:
        """Index of the task ``ref`` names, or None."""
        ref = str(ref).strip()
        ids, titles, normalized, keys = self._tables
        for table, key in ((ids, ref), (titles, ref)):
            if key in table:
                return table[key]
        ref = _text.normalize_embedded(ref)
        found = normalized.get(ref)
        if found is not None:
            return found
        key = _text.strip_trailing_punct(ref)
        return keys.get(key) if key else None


def find_task(ref: Any, ids: Sequence[str], titles: Sequence[str]) -> Optional[int]:
    """Index of the task ``ref`` names (see :class:`TaskIndex`, which the model and the validation
    rules both use, so what validates is exactly what resolves), or None."""
    return TaskIndex(ids, titles).find(ref)


# Fields that are identifiers or codes, not prose: kept as written.
_VERBATIM = {"id", "task"}
_DOC_NUMBERS = {"number"}


def _build(cls: Any, value: Any, key: str = "") -> Any:
    origin = typing.get_origin(cls)
    if origin is typing.Union:  # Optional[X]
        inner = [a for a in typing.get_args(cls) if a is not type(None)][0]
        return None if value is None else _build(inner, value, key)
    if origin is tuple:
        inner = typing.get_args(cls)[0]
        return tuple(_build(inner, v, key) for v in (value or ()))
    if cls is _dt.date:
        return _dt.date.fromisoformat(value)
    if cls is str:
        text = str(value)
        if key in _VERBATIM:
            return text
        if key in _DOC_NUMBERS:
            return _text.normalize_doc_number(_text.normalize_embedded(text))
        return _text.normalize_embedded(text)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        kwargs = {f.name: _build(hints[f.name], value[f.name], f.name)
                  for f in dataclasses.fields(cls) if f.name in value and value[f.name] is not None}
        return cls(**kwargs)
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(sys.modules[__name__]))
    return _HINTS[cls]


def build_campaign(data: dict[str, Any], source: Optional[str] = None) -> Campaign:
    """Typed :class:`Campaign` from schema-valid, rule-checked data."""
    data = dict(data)
    data.setdefault("documents", {})
    ids = task_ids(data.get("tasks") or ())
    data["tasks"] = [{**task, "id": task_id} for task, task_id in zip(data.get("tasks") or (), ids)]
    campaign: Campaign = _build(Campaign, data)
    return dataclasses.replace(campaign, source=source)
