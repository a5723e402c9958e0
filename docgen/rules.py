"""Stage 2b: rules the JSON Schema cannot express.

Phases that end before they start, duplicate task ids, achievements naming an
unknown task, text that XML cannot hold, text of punctuation alone.  Runs only on schema-valid data.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterator, Optional

from .errors import Problem
from .loader import PathKey, SourceMap, node_location
from .model import TaskIndex, task_ids
from .schema import parse_date
from .text import normalize_embedded, strip_trailing_punct

#: Most items a list numbered with Chinese ordinals may hold: （一）…（九千九百九十九） is as far as
#: text.cn_number writes them (and far beyond any real plan: a county's has a few dozen tasks).
MAX_NUMBERED_ITEMS = 9999
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


def _records(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    # Rules run alongside schema errors (so every problem is reported at once): skip what is malformed.
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def check_rules(data: dict[str, Any], source: Optional[SourceMap] = None) -> list[Problem]:
    """Cross-field problems in campaign ``data``; tolerant of data that also breaks the schema."""
    problems: list[Problem] = []

    def add(path: PathKey, message: str, hint: Optional[str] = None) -> None:
        problems.append(Problem(message, node_location(source, path), hint, code="DG-RULE"))

    for path, text in _strings(data, ()):
        bad = _XML_ILLEGAL.search(text)
        if bad:
            add(path, f"含有不可见的控制字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符处），文档无法容纳 / "
                      "contains a control character that a document cannot hold",
                "通常是从网页或 Word 粘贴带来的，请删除该字符后重新输入。")
        elif text.strip() and not any(ch.isalnum() for ch in text):
            # “.” or “——” as a name or a title is a slip; printed, it would be a line of bare punctuation.
            add(path, f"“{text.strip()}”只有标点符号，没有文字 / has only punctuation, no words",
                "请填写实际内容（文字、数字均可）。")

    for path in _NUMBERED_LISTS:
        value: Any = data
        for key in path:
            value = _mapping(value).get(key)
        if isinstance(value, list) and len(value) > MAX_NUMBERED_ITEMS:
            add(path, f"共 {len(value):,} 项，超过上限 {MAX_NUMBERED_ITEMS} 项（文档按“（一）……（九千九百九十九）”编号）/ "
                      f"{len(value):,} items, more than the {MAX_NUMBERED_ITEMS} a document can number",
                "请合并或拆分到多个活动文件。")

    def check_span(path: PathKey, span: dict[str, Any], what: str) -> None:
        start, end = parse_date(str(span.get("start", ""))), parse_date(str(span.get("end", "")))
        if start and end and end < start:
            add(path + ("end",), f"{what}结束日期 {span['end']} 早于开始日期 {span['start']} / ends before it starts",
                "请检查起止日期是否写反。")

    for i, phase in _records(data.get("phases")):
        check_span(("phases", i), phase, f"阶段“{phase.get('name', i + 1)}”的")

    # Tasks by their index in the file (ids are derived from that position, too).
    written_tasks = data.get("tasks")
    tasks: list[Any] = written_tasks if isinstance(written_tasks, list) else []
    ids = task_ids([task if isinstance(task, dict) else {} for task in tasks])
    titles = [str(task.get("title", "")) if isinstance(task, dict) else "" for task in tasks]
    first_with_id: dict[str, int] = {}
    for i, task in _records(tasks):
        task_id = ids[i]
        if task_id not in first_with_id:
            first_with_id[task_id] = i
            continue
        first = first_with_id[task_id]
        if "id" in task and "id" in tasks[first]:
            add(("tasks", i, "id"), f"任务编号“{task_id}”重复（与 tasks[{first}] 相同）/ duplicate task id",
                "每个任务的 id 必须唯一。")
        else:  # a written id that is another task's position number (its default id)
            written, derived = (i, first) if "id" in task else (first, i)
            add(("tasks", written, "id"), f"任务编号“{task_id}”与第{derived + 1}项任务的默认编号相同 / "
                f"task id {task_id!r} equals the default id of task {derived + 1}",
                "没写 id 的任务按顺序编为 1、2、3……；请给这项任务换一个编号，或给没写 id 的任务写上 id。")

    summary = _mapping(_mapping(data.get("documents")).get("summary"))
    if isinstance(summary.get("period"), dict):
        check_span(("documents", "summary", "period"), summary["period"], "总结期间的")
    unknown_refs = 0
    lookup = TaskIndex(ids, titles)
    for i, achievement in _records(summary.get("achievements")):
        ref = achievement.get("task")
        if not isinstance(ref, (str, int)) or isinstance(ref, bool) or not tasks:
            continue
        if lookup.find(ref) is None:
            unknown_refs += 1
            add(("documents", "summary", "achievements", i, "task"),
                f"找不到任务“{ref}”：既不是任务编号，也不是任务名称 / no task with id or title {str(ref)!r}",
                _task_hint(str(ref), ids, titles) if unknown_refs <= MAX_SUGGESTED_REFS else
                "task 可写任务编号 id，或照抄 tasks 中某项任务的名称 title。")
    return problems


def _task_hint(ref: str, ids: list[str], titles: list[str], limit: int = 3) -> str:
    """Did-you-mean for an unknown task reference: up to ``limit`` tasks whose id or title is close
    to ``ref``, each named once, never the whole list (a 13-task campaign would bury the answer)."""
    key = strip_trailing_punct(normalize_embedded(ref))
    keys: dict[str, int] = {}   # id or title (as compared) → task index
    for i, (task_id, title) in enumerate(zip(ids, titles)):
        keys.setdefault(task_id, i)
        keys.setdefault(strip_trailing_punct(normalize_embedded(title)), i)
    # A reference that is part of a title (or holds one) is the likeliest slip in Chinese:
    # "安全培训" for "开展全员安全培训".
    contained = [k for k in keys if key and len(k) > 1 and (key in k or k in key)]
    close = difflib.get_close_matches(key, list(keys), n=limit * 2, cutoff=0.45)
    picked: list[int] = []
    for k in contained + close:
        if keys[k] not in picked:
            picked.append(keys[k])
    if picked:
        named = "、".join(f"“{titles[i]}”（编号 {ids[i]}）" for i in picked[:limit])
        return f"是否想写{named}？task 可写任务编号 id，也可写与任务名称一致的文字。"
    return (f"task 可写任务编号 id，或照抄 tasks 中某项任务的名称 title；"
            f"没写 id 的任务按顺序编为 1 至 {len(ids)}。")
