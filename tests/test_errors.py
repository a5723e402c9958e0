"""Bad input: every problem named with file, line, column and field, in words an office worker understands."""
from __future__ import annotations

import time

import pytest
import yaml

import docgen
from docgen.errors import SourceError, ValidationError


def problems_of(path):
    with pytest.raises(docgen.InputError) as info:
        docgen.load(path)
    return info.value


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_reference_file_is_valid(reference_path):
    assert docgen.validate(reference_path) == []


def test_all_problems_reported_at_once_with_positions(write_yaml, campaign_data):
    campaign_data["tasks"][2]["owners"] = "团委"            # wrong type
    campaign_data["tasks"][1]["titel"] = "x"                 # unknown key, close to title
    del campaign_data["unit"]["name"]                        # missing required
    campaign_data["phases"][0]["end"] = "2026-02-30"         # impossible date
    text = dump(campaign_data)
    path = write_yaml(text)
    error = problems_of(path)
    assert isinstance(error, ValidationError)
    by_path = {p.location.path: p for p in error.problems}
    assert set(by_path) >= {"tasks[2].owners", "tasks[1].titel", "unit.name", "phases[0].end"}
    owners = by_path["tasks[2].owners"]
    assert owners.location.file == str(path)
    assert owners.location.line == line_of(text, "owners: 团委")
    assert "列表" in owners.message
    assert "title" in by_path["tasks[1].titel"].hint
    assert by_path["tasks[1].titel"].location.line == line_of(text, "titel:")
    assert "name" in by_path["unit.name"].message
    assert by_path["unit.name"].location.line == line_of(text, "unit:")
    assert "2月没有30日" in by_path["phases[0].end"].message
    rendered = str(error)
    assert f"{path}:{owners.location.line}" in rendered


def test_unquoted_impossible_date_is_reported_not_crashing(write_yaml, reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("due: 2026-09-30", "due: 2026-02-30")
    error = problems_of(write_yaml(text))
    problem = error.problems[0]
    assert problem.location.path == "tasks[1].due"
    assert problem.location.line == line_of(text, "due: 2026-02-30")


def test_semantic_rules(write_yaml, campaign_data):
    campaign_data["phases"][1]["start"], campaign_data["phases"][1]["end"] = "2026-09-30", "2026-05-01"
    campaign_data["tasks"][3]["id"] = "moral"
    campaign_data["documents"]["summary"]["achievements"][1]["task"] = "campuss"
    error = problems_of(write_yaml(campaign_data))
    messages = {p.location.path: p for p in error.problems}
    assert "早于开始日期" in messages["phases[1].end"].message
    assert "重复" in messages["tasks[3].id"].message
    assert "campus" in messages["documents.summary.achievements[1].task"].hint


@pytest.mark.parametrize("text, expected", [
    ("unit:\n\tname: x\n", "Tab"),
    ("unit: {name: x\n", "YAML"),
    ("unit:\n  name: [a, b\ncampaign: x\n", "YAML"),
])
def test_yaml_syntax_errors_have_lines(write_yaml, text, expected):
    error = problems_of(write_yaml(text))
    assert expected in str(error)
    assert error.problems[0].location.line is not None


def test_empty_and_non_mapping_files(write_yaml):
    assert "空" in str(problems_of(write_yaml("", "empty.yaml")))
    assert "空" in str(problems_of(write_yaml("# only a comment\n", "comment.yaml")))
    error = problems_of(write_yaml("- a\n- b\n", "list.yaml"))
    assert isinstance(error, SourceError) and "映射" in str(error)
    assert isinstance(problems_of(write_yaml("just text\n", "scalar.yaml")), SourceError)


def test_missing_file_and_directory(tmp_path):
    assert "找不到文件" in str(problems_of(tmp_path / "nope.yaml"))
    assert "文件夹" in str(problems_of(tmp_path))


def test_gbk_and_bom_files_are_read(tmp_path, reference_path):
    text = reference_path.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path in (gbk, bom):
        campaign = docgen.load(path)
        assert campaign.unit.name == "临川市教育局"


def test_python_tags_are_never_constructed(write_yaml, tmp_path):
    marker = tmp_path / "pwned"
    text = ("unit: !!python/object/apply:os.system ['touch %s']\ncampaign: {name: x}\n"
            "tasks: [{id: a, title: b}]\n" % marker)
    error = problems_of(write_yaml(text))
    assert "标签" in str(error) and error.problems[0].location.line == 1
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(write_yaml):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("unit: {name: *i}")
    start = time.monotonic()
    error = problems_of(write_yaml("\n".join(lines) + "\n"))
    assert time.monotonic() - start < 5
    assert "别名" in str(error)


def test_control_characters_are_located(write_yaml, campaign_data):
    campaign_data["tasks"][0]["title"] = "加强\x07思想道德建设"
    error = problems_of(write_yaml(dump(campaign_data)))
    assert error.problems[0].location.path == "tasks[0].title"
    assert "控制字符" in error.problems[0].message


@pytest.mark.parametrize("typed", [".", "——", "“”", "。；"])
def test_text_of_punctuation_alone_is_refused_at_its_line(write_yaml, campaign_data, typed):
    campaign_data["tasks"][1]["title"] = typed
    campaign_data["unit"]["superior"] = "。一"            # a word after the stop: accepted as typed
    text = dump(campaign_data)
    error = problems_of(write_yaml(text))
    assert [p.location.path for p in error.problems] == ["tasks[1].title"]
    assert "只有标点符号" in error.problems[0].message and "delete" not in str(error).lower()
    line = error.problems[0].location.line
    assert line and text.splitlines()[line - 1].strip().startswith(("title:", "- title:"))


def test_duplicate_keys_are_reported(write_yaml):
    error = problems_of(write_yaml("unit:\n  name: a\n  name: b\ncampaign: {name: x}\ntasks: [{id: a, title: b}]\n"))
    assert error.problems[0].location.line == 3 and "重复" in error.problems[0].message


def test_empty_value_gets_a_hint(write_yaml, campaign_data):
    campaign_data["unit"]["short_name"] = None
    error = problems_of(write_yaml(dump(campaign_data)))
    assert error.problems[0].location.path == "unit.short_name"
    assert "删除" in error.problems[0].hint


def test_schema_and_rule_problems_are_reported_together(write_yaml):
    text = ("unit:\n  name: 某县教育局\n  shortname: 县教育局\ncampaign:\n  name: 平安校园\ntasks:\n"
            "  - id: a\n    title: 排查隐患\n    owners: 安全股\nphases:\n  - name: 部署阶段\n"
            "    start: 2026-05-01\n    end: 2026-04-01\n  - oops\n")
    error = problems_of(write_yaml(text))
    paths = [p.location.path for p in error.problems]
    assert "unit.shortname" in paths and "tasks[0].owners" in paths and "phases[0].end" in paths
    assert "short_name" in next(p.hint for p in error.problems if p.location.path == "unit.shortname")
