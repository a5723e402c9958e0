"""Slips typed on a Chinese keyboard: each named in one message, at its own line and column, with
the field, Chinese first and English alongside — on the reference campaign, the samples and the
test corpus, broken the way an office worker with an IME on would break them."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docgen
from conftest import REFERENCE, ROOT, SAMPLES
from test_properties import SCHEMA, from_schema, make_consistent
from docgen import slips
from docgen.errors import CODES, ValidationError
from docgen.loader import format_path, parse

CAMPAIGNS = [REFERENCE, *SAMPLES, *sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))]
IDS = [p.stem for p in CAMPAIGNS]


@dataclass(frozen=True)
class Slip:
    """A slip put into one line: where it must be reported and as what."""

    line: int          # 1-based
    column: int        # 1-based
    code: str
    path: str


class Campaign:
    """A campaign file, its lines, and where each key and value is (from docgen's own parse)."""

    def __init__(self, path: Path):
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.split("\n")
        source = parse(self.text, str(path)).source
        self.keys = source.keys
        self.values = source.values

    def scalar_keys(self, names: tuple[str, ...]) -> list[tuple[tuple, int, int]]:
        """(path, line, column) of keys named ``names`` whose plain value is on the key's line."""
        found = []
        for path, (line, column) in self.keys.items():
            value = self.values.get(path)
            text = self.lines[line - 1]
            if path[-1] in names and value and value[0] == line and text[value[1] - 1] not in "\"'[{>|":
                found.append((path, line, column))
        return sorted(found, key=lambda f: f[1])

    def items(self) -> list[tuple[tuple, int, int]]:
        """(path, line, column of the dash) of block list items."""
        found = []
        for path, (line, column) in self.values.items():
            text = self.lines[line - 1]
            if path and isinstance(path[-1], int) and column >= 3 and text[column - 3:column - 1] == "- ":
                found.append((path, line, column - 2))
        return sorted(found, key=lambda f: f[1])

    def flow_lists(self, name: str) -> list[tuple[tuple, int]]:
        """(path, line) of ``name: [a, b, …]`` written on one line with at least two items."""
        found = []
        for path, (line, column) in self.keys.items():
            text = self.lines[line - 1]
            if path[-1] == name and re.search(r":\s*\[[^\]]*,[^\]]*\]", text):
                found.append((path, line))
        return sorted(found, key=lambda f: f[1])


def _set(lines: list[str], line: int, text: str) -> None:
    lines[line - 1] = text


# --- the breakers: each changes one line of a campaign and says what must be reported ------------

def fullwidth_colon(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = c.scalar_keys(("name", "title", "post", "item", "occasion"))
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1]
    at = column - 1 + len(str(path[-1]))
    assert text[at:at + 2] == ": "
    _set(lines, line, text[:at] + "：" + text[at + 2:])
    return Slip(line, at + 1, "DG-SLIP-FULLWIDTH-COLON", format_path(path))


def missing_space(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = c.scalar_keys(("name", "title", "content"))
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1]
    at = column - 1 + len(str(path[-1]))
    _set(lines, line, text[:at] + ":" + text[at + 2:])
    return Slip(line, at + 2, "DG-SLIP-MISSING-SPACE", format_path(path))


def fullwidth_indent(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = [k for k in c.scalar_keys(("name", "short_name", "title", "content", "purpose", "location"))
            if re.match(r"^(  )+[a-z]", lines[k[1] - 1])]
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1]
    _set(lines, line, "\u3000" * ((column - 1) // 2) + text[column - 1:])
    return Slip(line, 1, "DG-SLIP-FULLWIDTH-SPACE", format_path(path))


def tab_indent(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = [k for k in c.scalar_keys(("name", "title", "content", "location", "post"))
            if re.match(r"^(  )+[a-z]", lines[k[1] - 1])]
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1]
    _set(lines, line, "\t" + text[column - 1:])
    return Slip(line, 1, "DG-SLIP-TAB", format_path(path))


def ime_dash(dash: str) -> Callable[[Campaign, list[str], int], Optional[Slip]]:
    def breaker(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
        items = c.items()
        if not items:
            return None
        path, line, column = items[pick % len(items)]
        text = lines[line - 1]
        _set(lines, line, text[:column - 1] + dash + text[column + 1:])
        return Slip(line, column, "DG-SLIP-LIST-DASH", format_path(path))
    breaker.__name__ = f"dash_{ord(dash[0]):04x}"
    return breaker


def _named_by_an_achievement(c: Campaign, key: tuple[tuple, int, int]) -> bool:
    """A task title that documents.summary.achievements names (task: 标题): breaking it would also
    break that reference, a second, genuine problem the one-slip tests do not expect."""
    path, line, _ = key
    if path[0] != "tasks" or path[-1] != "title":
        return False
    title = c.lines[line - 1].split("title:", 1)[1].strip()
    return any(text.strip() == f"- task: {title}" or text.strip() == f"task: {title}" for text in c.lines)


def colon_in_value(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = [k for k in c.scalar_keys(("content", "title", "duties")) if not _named_by_an_achievement(c, k)]
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1]
    start = column - 1 + len(str(path[-1])) + 2
    _set(lines, line, text[:start] + "注意: " + text[start:])
    return Slip(line, start + 3, "DG-SLIP-COLON-IN-VALUE", format_path(path))


def comma_in_flow_list(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    lists = c.flow_lists("owners") or c.flow_lists("recipients") or c.flow_lists("cc")
    if not lists:
        return None
    path, line = lists[pick % len(lists)]
    text = lines[line - 1]
    first = text.index(", ", text.index("["))
    _set(lines, line, text[:first] + "，" + text[first + 2:])
    return Slip(line, first + 1, "DG-SLIP-LIST-COMMA", format_path(path + (0,)))


def fullwidth_brackets(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    lists = c.flow_lists("owners") or c.flow_lists("recipients")
    if not lists:
        return None
    path, line = lists[pick % len(lists)]
    text = lines[line - 1]
    open_at = text.index("[")
    close_at = text.index("]", open_at)
    inner = text[open_at + 1:close_at].replace(", ", "，")
    _set(lines, line, text[:open_at] + "【" + inner + "】" + text[close_at + 1:])
    return Slip(line, open_at + 1, "DG-SLIP-BRACKET", format_path(path))


def mismatched_quote(c: Campaign, lines: list[str], pick: int) -> Optional[Slip]:
    keys = [k for k in c.scalar_keys(("name", "title", "printed_by", "location"))
            if "#" not in lines[k[1] - 1] and '"' not in lines[k[1] - 1]]
    if not keys:
        return None
    path, line, column = keys[pick % len(keys)]
    text = lines[line - 1].rstrip()
    start = column - 1 + len(str(path[-1])) + 2
    _set(lines, line, text[:start] + '"' + text[start:] + "”")
    return Slip(line, len(text) + 2, "DG-SLIP-QUOTE", format_path(path))


BREAKERS = [fullwidth_colon, missing_space, fullwidth_indent, tab_indent, ime_dash("－ "), ime_dash("— "),
            ime_dash("· "), ime_dash("-"), colon_in_value, comma_in_flow_list, fullwidth_brackets, mismatched_quote]


def _problems(text: str, name: str) -> list:
    with pytest.raises(ValidationError) as info:
        docgen.loads(text, name)
    return info.value.problems


def _assert_named(problem, slip: Slip, name: str) -> None:
    where = problem.location
    assert (where.file, where.line, where.column, where.path, problem.code) == (name, slip.line, slip.column, slip.path,
                                                                               slip.code), str(problem)
    # Chinese first, English alongside; file:line:column and the field in the printed text
    assert re.match(r"[\u3400-\u9fff“]", problem.message), problem.message
    assert re.search(r" / .*[A-Za-z]{3}", problem.message), problem.message
    assert str(problem).startswith(f"{name}:{slip.line}:{slip.column} 字段 {slip.path}：")
    assert problem.hint and re.search(r"[A-Za-z]{3}", problem.hint)


def _applicable() -> list:
    """(campaign, breaker) pairs where the campaign has a line for the slip (not every file writes a
    one-line [a, b] list, for one)."""
    pairs = []
    for path in CAMPAIGNS:
        campaign = Campaign(path)
        for breaker in BREAKERS:
            if breaker(campaign, list(campaign.lines), 1) is not None:
                pairs.append(pytest.param(path, breaker, id=f"{path.stem}-{breaker.__name__}"))
    return pairs


def test_every_slip_has_a_place_in_most_campaigns():
    assert len(_applicable()) >= len(CAMPAIGNS) * len(BREAKERS) - 4


@pytest.mark.parametrize("path, breaker", _applicable())
def test_each_slip_is_one_message_at_its_own_line(path, breaker):
    campaign = Campaign(path)
    lines = list(campaign.lines)
    slip = breaker(campaign, lines, 1)
    problems = _problems("\n".join(lines), path.name)
    assert len(problems) == 1, "\n".join(map(str, problems))
    _assert_named(problems[0], slip, path.name)


@pytest.mark.parametrize("path", CAMPAIGNS, ids=IDS)
def test_many_slips_in_one_file_are_all_named_and_nothing_else(path):
    """An office worker's whole afternoon: every slip kind at once, each on its own line, and no
    cascade of follow-on errors."""
    campaign = Campaign(path)
    lines = list(campaign.lines)
    expected: list[Slip] = []
    for pick, breaker in enumerate(BREAKERS):
        for attempt in range(pick, pick + 12):          # a line no other breaker has taken
            trial = list(lines)
            slip = breaker(campaign, trial, attempt)
            if slip is None:
                break
            if all(s.line != slip.line for s in expected) and trial[slip.line - 1] != campaign.lines[slip.line - 1] \
                    and all(trial[s.line - 1] == lines[s.line - 1] for s in expected):
                lines = trial
                expected.append(slip)
                break
    assert len(expected) >= 6
    problems = _problems("\n".join(lines), path.name)
    by_line = {p.location.line: p for p in problems}
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for slip in expected:
        _assert_named(by_line[slip.line], slip, path.name)
    assert [p.location.line for p in problems] == sorted(s.line for s in expected)   # in file order


@pytest.mark.parametrize("path", CAMPAIGNS, ids=IDS)
def test_other_problems_are_still_reported_with_the_slips(path):
    campaign = Campaign(path)
    lines = list(campaign.lines)
    slip = fullwidth_colon(campaign, lines, 0)
    assert slip is not None
    due = next((k for k in campaign.scalar_keys(("due", "start", "date")) if k[1] != slip.line), None)
    assert due is not None
    _, line, column = due
    lines[line - 1] = re.sub(r"\d{4}-\d{2}-\d{2}", "2026-02-30", lines[line - 1])
    problems = _problems("\n".join(lines), path.name)
    assert [(p.location.line, p.code) for p in problems] == sorted([(slip.line, slip.code), (line, "DG-SCHEMA-DATE")])


def test_valid_files_have_no_slips_and_take_the_fast_path():
    starter = (ROOT / "templates" / "starter.yaml").read_text(encoding="utf-8").replace("{{SCHEMA_URI}}", "x.json")
    for text in [p.read_text(encoding="utf-8") for p in CAMPAIGNS] + [starter]:
        assert slips.scan(text, thorough=True).slips == []
    for path in [REFERENCE, *SAMPLES]:
        assert not slips._suspect(path.read_text(encoding="utf-8"))   # no line walk for a clean file


@pytest.mark.parametrize("text", [
    "content: 要求：每学期不少于4次\n",                                # '：' inside a value
    "content: >-\n  一、要求：\n  - 每学期\n  · 每月\n  －每周\n  name：x\n",   # block scalar text
    "content: |\n  注意: 这里\n  \t缩进后的 Tab 是文字\n",
    "content: 第一行\n  ·续行也是文字\n  name：续行\n",                    # a plain value continued
    "content: \"他说：“好”\"\n",
    "content: '引号: 里面'\n",
    "title: 8:30 开会\n",
    "# name：注释里随便写\ntitle: x  # 注释: 也可以\n",
    "owners: [德育科, 团委]\nproblems: [部分学校重视不够，存在问题]\n",
    "problems:\n  - APP：推广使用率不高\n  - -5%的指标未完成\n  - ——摘自督查通报\n",   # items' own text
    "title: “我们的节日\"主题活动\"\nname: “我们的节日\"\n",       # parses; the text normaliser pairs the quotes
    "title: ［重要］通知\nnumber: 临教发［2026］8号\n",
    "content: 第一行\n  　续行以全角空格开头\n",
])
def test_text_inside_values_is_not_taken_for_a_slip(text):
    assert slips.scan(text, thorough=True).slips == []
    assert parse(text).problems == []


def test_key_like_item_text_is_a_slip_only_when_the_yaml_is_broken():
    valid = "problems:\n  - cc:5\n  - name:x\n"           # parses: items of text
    assert parse(valid).problems == []
    broken = "leadership:\n  leader:\n    - name:周文彬\n      post: 局长\n"     # does not parse
    assert [(p.code, p.location.line) for p in slips_of(broken)] == [("DG-SLIP-MISSING-SPACE", 3)]


def slips_of(text: str) -> list:
    try:
        return parse(text).problems
    except ValidationError as error:
        return error.problems


def test_field_at_follows_the_indentation(reference_path):
    text = reference_path.read_text(encoding="utf-8")
    lines = text.split("\n")
    source = parse(text).source
    checked = 0
    for path, (line, _) in source.keys.items():
        if sum(1 for p, (ln, _) in source.keys.items() if ln == line) == 1:   # one key on the line
            assert slips.field_at(text, line) == format_path(path), (line, lines[line - 1])
            checked += 1
    assert checked > 100


def test_syntax_error_names_line_column_and_field(write_yaml, reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("    content: 做到校园无卫生死角",
                                                              "    content: [做到校园无卫生死角", 1)
    error = _problems(text, "c.yaml")[0]
    assert error.code == "DG-YAML-SYNTAX"
    assert error.location.path == "tasks[1].items[0].content"
    assert error.location.line == next(i for i, t in enumerate(text.split("\n"), 1) if "[做到校园" in t)


def test_unclosed_quote_is_reported_where_it_opens():
    text = 'unit:\n  name: "临川市教育局\ncampaign:\n  name: 创建\ntasks:\n  - title: x\n'
    problem = _problems(text, "c.yaml")[0]
    assert (problem.location.line, problem.location.column, problem.code) == (2, 9, "DG-YAML-SYNTAX")
    assert "引号没有闭合" in problem.message and problem.location.path == "unit.name"


def test_slip_codes_are_documented():
    assert {b(Campaign(REFERENCE), list(Campaign(REFERENCE).lines), 0).code for b in BREAKERS} <= set(CODES)


def test_cli_validate_names_every_slip(tmp_path):
    campaign = Campaign(REFERENCE)
    lines = list(campaign.lines)
    expected = [b(campaign, lines, i * 3) for i, b in enumerate((fullwidth_colon, ime_dash("－ "), comma_in_flow_list))]
    bad = tmp_path / "活动.yaml"
    bad.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "docgen", "validate", str(bad)], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for slip in expected:
        assert f"{bad}:{slip.line}:{slip.column} 字段 {slip.path}：" in result.stderr
    assert f"共 {len(expected)} 处" in result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=from_schema(SCHEMA).map(make_consistent), width=st.sampled_from([20, 40, 80]),
       flow=st.sampled_from([False, None]))
def test_yaml_written_by_a_program_never_holds_a_slip(data, width, flow):
    """Any valid campaign, dumped with short lines (values folded over lines) or flow lists, holding
    text with ':', '-', quotes and IME punctuation: no slip is named."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width, default_flow_style=flow)
    assert parse(text).problems == []
    assert docgen.validate(text=text) == []
