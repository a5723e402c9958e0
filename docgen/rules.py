"""Stage 2b: rules the JSON Schema cannot express.

Phases that end before they start, duplicate task ids, achievements naming an
unknown task, text that XML cannot hold.  Runs only on schema-valid data.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterator, Optional

from .errors import Problem
from .loader import PathKey, SourceMap, node_location
from .schema import parse_date

#: Most items a list numbered with Chinese ordinals may hold: （一）…（九千九百九十九） is as far as
#: text.cn_number writes them (and far beyond any real plan: a county's has a few dozen tasks).
MAX_NUMBERED_ITEMS = 9999
#: Task ids named in a hint when an achievement points at an unknown one.
MAX_LISTED_IDS = 3
#: Unknown references that get a did-you-mean (each compares against every id: thousands of
#: unknown references to thousands of tasks would take minutes).
MAX_SUGGESTED_REFS = 20
_NUMBERED_LISTS = (("tasks",), ("principles",), ("phases",), ("requirements",), ("documents", "speech", "significance"))

# Characters XML 1.0 cannot hold (C0 controls other than tab/newline/CR, surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def _records(value: Any) -> Iterator[tuple[int, dict]]:
    # Rules run alongside schema errors (so every problem is reported at once): skip what is malformed.
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def check_rules(data: dict, source: Optional[SourceMap] = None) -> list[Problem]:
    """Cross-field problems in campaign ``data``; tolerant of data that also breaks the schema."""
    problems: list[Problem] = []

    def add(path: PathKey, message: str, hint: Optional[str] = None) -> None:
        problems.append(Problem(message, node_location(source, path), hint))

    for path, text in _strings(data, ()):
        bad = _XML_ILLEGAL.search(text)
        if bad:
            add(path, f"含有不可见的控制字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符处），文档无法容纳 / "
                      "contains a control character that a document cannot hold",
                "通常是从网页或 Word 粘贴带来的，请删除该字符后重新输入。")

    for path in _NUMBERED_LISTS:
        value: Any = data
        for key in path:
            value = _mapping(value).get(key)
        if isinstance(value, list) and len(value) > MAX_NUMBERED_ITEMS:
            add(path, f"共 {len(value):,} 项，超过上限 {MAX_NUMBERED_ITEMS} 项（文档按“（一）……（九千九百九十九）”编号）/ "
                      f"{len(value):,} items, more than the {MAX_NUMBERED_ITEMS} a document can number",
                "请合并或拆分到多个活动文件。")

    def check_span(path: PathKey, span: dict, what: str) -> None:
        start, end = parse_date(str(span.get("start", ""))), parse_date(str(span.get("end", "")))
        if start and end and end < start:
            add(path + ("end",), f"{what}结束日期 {span['end']} 早于开始日期 {span['start']} / ends before it starts",
                "请检查起止日期是否写反。")

    for i, phase in _records(data.get("phases")):
        check_span(("phases", i), phase, f"阶段“{phase.get('name', i + 1)}”的")

    task_ids: dict[str, int] = {}
    for i, task in _records(data.get("tasks")):
        task_id = task.get("id")
        if not isinstance(task_id, str):
            continue
        if task_id in task_ids:
            add(("tasks", i, "id"), f"任务编号“{task_id}”重复（与 tasks[{task_ids[task_id]}] 相同）/ duplicate task id",
                "每个任务的 id 必须唯一。")
        else:
            task_ids[task_id] = i

    summary = _mapping(_mapping(data.get("documents")).get("summary"))
    if isinstance(summary.get("period"), dict):
        check_span(("documents", "summary", "period"), summary["period"], "总结期间的")
    unknown_refs = 0
    for i, achievement in _records(summary.get("achievements")):
        ref = achievement.get("task")
        if not isinstance(ref, str):
            continue
        if ref not in task_ids:
            # A few close ids, never all of them: a campaign may have thousands of tasks.
            unknown_refs += 1
            close = difflib.get_close_matches(str(ref), list(task_ids), n=MAX_LISTED_IDS, cutoff=0.5) \
                if unknown_refs <= MAX_SUGGESTED_REFS else []
            known = "、".join(list(task_ids)[:MAX_LISTED_IDS]) + (f"等 {len(task_ids):,} 个" if len(task_ids) > MAX_LISTED_IDS else "")
            add(("documents", "summary", "achievements", i, "task"),
                f"任务编号“{ref}”不存在 / no task with id {ref!r}",
                f"是否想写“{'”或“'.join(close)}”？" if close else f"已有的任务编号：{known}")
    return problems
