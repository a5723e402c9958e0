"""What the schema tells an office worker: dates in the exact ISO form to write, the expected shape
as YAML, empty fields (required ones never told to delete the line), '，' in lists of names, a list
item read as a mapping — each at its line, with its field and code."""
from __future__ import annotations

import copy
import re
import unicodedata

import pytest
import yaml

import docgen
from conftest import REFERENCE, ROOT, SAMPLES, read_yaml
from docgen.errors import CODES, ValidationError
from docgen.loader import format_path, parse
from docgen.schema import load_schema

CAMPAIGNS = [REFERENCE, *SAMPLES, *sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))]
IDS = [p.stem for p in CAMPAIGNS]
DATE_KEYS = ("due", "start", "end", "date", "printed_on")


def problems_of(text: str, name: str = "c.yaml") -> list:
    with pytest.raises(ValidationError) as info:
        docgen.loads(text, name)
    return info.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def date_fields(text: str) -> list[tuple[tuple, int, str]]:
    """(path, line, ISO value) of every date written on its key's line."""
    source = parse(text).source
    lines = text.split("\n")
    found = []
    for path, (line, column) in source.keys.items():
        match = re.search(r":\s*(\d{4}-\d{2}-\d{2})\s*(#.*)?$", lines[line - 1])
        if path[-1] in DATE_KEYS and match:
            found.append((path, line, match.group(1)))
    return found


def _typed_forms(iso: str) -> list[str]:
    y, m, d = iso.split("-")
    mi, di = int(m), int(d)
    forms = [f"{y}年{mi}月{di}日", f"{y}.{mi}.{di}", f"{y}/{m}/{d}", f"{y}{m}{d}",
             unicodedata.normalize("NFKC", iso).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})]
    if mi < 10 or di < 10:
        forms.append(f"{y}-{mi}-{di}")
    return forms


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CAMPAIGNS, ids=IDS)
def test_dates_typed_another_way_get_their_exact_iso_form(path):
    text = path.read_text(encoding="utf-8")
    fields = date_fields(text)
    assert fields
    lines = text.split("\n")
    expected = {}
    for i, (field, line, iso) in enumerate(fields):
        form = _typed_forms(iso)[i % len(_typed_forms(iso))]
        lines[line - 1] = lines[line - 1].replace(iso, form, 1)
        expected[line] = (format_path(field), iso, form)
    problems = problems_of("\n".join(lines))
    assert len(problems) == len(expected)
    for problem in problems:
        field, iso, form = expected[problem.location.line]
        assert problem.code == "DG-SCHEMA-DATE-FORM" and problem.location.path == field
        assert f"“{form}”应写成 {iso}" in problem.message and "/ write the date as " + iso in problem.message
        assert f"{field.split('.')[-1]}: {iso}" in problem.hint      # the line to write, ready to copy
        y, m, d = (int(x) for x in iso.split("-"))
        assert f"{y}年{m}月{d}日" in problem.hint                       # how the document prints it


@pytest.mark.parametrize("written, message", [
    ("2026年2月30日", "2026年2月没有30日"),
    ("2026.13.1", "没有 13 月"),
    ("下半年", "不是日期"),
    ("2026-02-30", "2026年2月没有30日"),
])
def test_impossible_or_unreadable_dates(written, message):
    text = REFERENCE.read_text(encoding="utf-8").replace("due: 2026-09-30", f"due: {written}")
    problem = problems_of(text)[0]
    assert problem.code == "DG-SCHEMA-DATE" and message in problem.message
    assert problem.location.path == "tasks[1].due" and problem.location.line == line_of(text, f"due: {written}")


def test_an_iso_date_is_accepted_and_printed_the_official_way():
    campaign = docgen.load(REFERENCE)
    assert str(campaign.tasks[0].due) == "2026-12-31"


# --- the expected shape -----------------------------------------------------------------------

SHAPES = [  # (field path in the reference, what to write instead, the YAML type the example must have)
    (("leadership", "leader"), "周文彬", list),
    (("leadership", "members"), "王志强、赵丽华", list),
    (("documents", "speech", "speaker"), "周文彬", dict),
    (("tasks", 0, "owners"), "德育科", list),
    (("documents", "summary", "period"), "上半年", dict),
    (("campaign", "basis"), "临川市创建全国文明城市工作实施方案", list),
    (("unit",), "临川市教育局", dict),
    (("goals", "targets"), "知晓率95%", list),
    (("unit", "name"), ["临川市教育局"], str),
]


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("path, wrong, shape", SHAPES, ids=[format_path(s[0]) for s in SHAPES])
def test_type_errors_show_the_expected_shape_as_yaml(campaign_data, path, wrong, shape):
    _set(campaign_data, path, wrong)
    text = yaml.safe_dump(campaign_data, allow_unicode=True, sort_keys=False)
    problems = problems_of(text)
    problem = next(p for p in problems if p.location.path == format_path(path))
    assert problem.code == "DG-SCHEMA-TYPE"
    assert problem.hint.startswith("应写成这样 / expected shape:\n")
    example = yaml.safe_load(problem.hint.split("\n", 1)[1].split("\n或写在一行")[0])
    key = path[-1]
    assert isinstance(example[key], shape)
    assert len(problem.hint.split("\n")) >= 2


def test_leader_example_is_a_person_from_the_schema(campaign_data):
    campaign_data["leadership"]["leader"] = "周文彬"
    problem = problems_of(yaml.safe_dump(campaign_data, allow_unicode=True))[0]
    person = load_schema()["definitions"]["person"]["properties"]
    assert yaml.safe_load(problem.hint.split("\n", 1)[1]) == {
        "leader": [{"name": person["name"]["examples"][0], "post": person["post"]["examples"][0]}]}
    assert "      leader:\n        - name: 周文彬\n          post: 局党委书记、局长" in str(problem)


def test_a_list_typed_on_one_line_gets_the_one_line_form(reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("owners: [团委, 各中小学校]", "owners: 团委、各中小学校")
    problem = problems_of(text)[0]
    assert problem.location.path == "tasks[2].owners"
    assert "owners: [团委, 各中小学校]" in problem.hint


# --- empty fields -------------------------------------------------------------------------------

REQUIRED = [("unit", "name"), ("campaign", "name"), ("tasks", 0, "title"), ("leadership", "leader"),
            ("leadership", "deputies", 0, "post"), ("documents", "speech", "occasion"), ("phases", 1, "start"),
            ("documents", "summary", "achievements", 0, "content")]
OPTIONAL = [("unit", "short_name"), ("campaign", "purpose"), ("tasks", 1, "owners"), ("documents", "plan", "cc"),
            ("guiding_ideology",)]


@pytest.mark.parametrize("empty", [None, ""], ids=["null", "blank"])
@pytest.mark.parametrize("path", REQUIRED, ids=[format_path(p) for p in REQUIRED])
def test_an_empty_required_field_is_never_told_to_delete_the_line(campaign_data, path, empty):
    _set(campaign_data, path, empty)
    text = yaml.safe_dump(campaign_data, allow_unicode=True, sort_keys=False)
    problems = problems_of(text)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.code == "DG-SCHEMA-EMPTY" and problem.location.path == format_path(path)
    assert problem.location.line is not None and problem.location.column is not None
    assert "必填" in problem.message and "删除" not in problem.hint and "delete" not in problem.hint
    example = yaml.safe_load(problem.hint.split("\n", 1)[1])
    assert example[path[-1]]                      # the field, filled in


@pytest.mark.parametrize("path", OPTIONAL, ids=[format_path(p) for p in OPTIONAL])
def test_an_empty_optional_field_may_be_filled_or_deleted(campaign_data, path):
    _set(campaign_data, path, None)
    problem = problems_of(yaml.safe_dump(campaign_data, allow_unicode=True, sort_keys=False))[0]
    assert problem.code == "DG-SCHEMA-EMPTY" and problem.location.path == format_path(path)
    assert "删除" in problem.hint and "可选" in problem.hint


def test_an_empty_list_item_may_be_filled_or_deleted(reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("      - 建立校园周边环境联合整治长效机制。", "      -")
    problem = problems_of(text)[0]
    assert problem.location.path == "documents.summary.next_steps[1]" and problem.code == "DG-SCHEMA-EMPTY"
    assert "第 2 项" in problem.message


def test_missing_required_field_names_the_field_at_its_parents_line(reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("      post: 局党委委员、副局长\n", "", 1)
    problem = problems_of(text)[0]
    assert problem.code == "DG-SCHEMA-REQUIRED" and problem.location.path == "leadership.deputies[0].post"
    assert problem.location.line == line_of(text, "- name: 陈晓梅")
    assert "post: 局党委书记、局长" in problem.hint


def test_a_misspelt_key_is_one_problem(reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("  occasion:", "  ocasion:")
    problems = problems_of(text)
    assert [(p.code, p.location.path) for p in problems] == [("DG-SCHEMA-UNKNOWN-FIELD", "documents.speech.ocasion")]
    assert "occasion" in problems[0].hint and "必填" in problems[0].hint


# --- slips the schema names (the YAML is valid, its shape is not what was meant) -----------------

@pytest.mark.parametrize("field, written, item", [
    ("owners", "[语文组，各班级]", "语文组，各班级"),
    ("owners", "[语文组，各班级, 教务处]", "语文组，各班级"),
])
def test_full_width_comma_in_a_list_of_names(field, written, item):
    text = REFERENCE.read_text(encoding="utf-8").replace("owners: [安全科, 后勤管理中心]", f"{field}: {written}")
    problems = problems_of(text)
    assert len(problems) == 1
    problem = problems[0]
    line = line_of(text, written)
    assert problem.code == "DG-SLIP-LIST-COMMA" and problem.location.path == "tasks[1].owners[0]"
    assert (problem.location.line, problem.location.column) == (line, text.split("\n")[line - 1].index("，") + 1)
    assert f"“{item}”" in problem.message
    assert "owners: [语文组, 各班级" in problem.hint


def test_full_width_comma_in_recipients_and_attachments(campaign_data):
    campaign_data["documents"]["plan"]["recipients"] = ["各县(区)教育局，局属各单位"]
    campaign_data["documents"]["plan"]["attachments"] = ["members，tasks"]
    problems = problems_of(yaml.safe_dump(campaign_data, allow_unicode=True, sort_keys=False))
    assert [(p.code, p.location.path) for p in problems] == [
        ("DG-SLIP-LIST-COMMA", "documents.plan.recipients[0]"), ("DG-SLIP-LIST-COMMA", "documents.plan.attachments[0]")]
    assert "attachments: [members, tasks]" in problems[1].hint


def test_sentences_may_hold_a_comma(campaign_data):
    campaign_data["documents"]["summary"]["problems"] = ["部分学校重视不够，存在等靠要思想"]
    campaign_data["documents"]["summary"]["next_steps"] = ["聚焦薄弱环节，开展回头看"]
    docgen.loads(yaml.safe_dump(campaign_data, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize("written", ["【团委，各中小学校】", "［团委, 各中小学校］"])
def test_full_width_brackets_around_a_list(written):
    text = REFERENCE.read_text(encoding="utf-8").replace("owners: [团委, 各中小学校]", f"owners: {written}")
    problems = problems_of(text)
    assert len(problems) == 1
    problem = problems[0]
    line = line_of(text, written)
    assert problem.code == "DG-SLIP-BRACKET" and problem.location.path == "tasks[2].owners"
    assert (problem.location.line, problem.location.column) == (line, text.split("\n")[line - 1].index(written[0]) + 1)
    assert "owners: [团委, 各中小学校]" in problem.hint


def test_a_list_item_read_as_key_and_value():
    text = REFERENCE.read_text(encoding="utf-8").replace("      - 校园周边秩序整治成果", "      - 问题二: 校园周边秩序整治成果")
    problem = problems_of(text)[0]
    line = line_of(text, "问题二: ")
    assert problem.code == "DG-SLIP-COLON-IN-VALUE" and problem.location.path == "documents.summary.problems[1]"
    assert (problem.location.line, problem.location.column) == (line, text.split("\n")[line - 1].index(": ") + 1)
    assert "- 问题二：校园周边秩序整治成果" in problem.hint


def test_every_schema_problem_has_a_documented_code(campaign_data):
    broken = copy.deepcopy(campaign_data)
    broken["unit"]["name"] = None
    broken["unit"]["nickname"] = "x"
    broken["tasks"][0]["owners"] = "德育科"
    broken["tasks"][1]["due"] = "2026.9.30"
    broken["phases"][0]["end"] = "2026-02-30"
    broken["documents"]["plan"]["attachments"] = ["minutes"]
    broken["leadership"]["members"] = []
    broken["tasks"][2]["id"] = "1x"
    del broken["campaign"]["name"]
    problems = problems_of(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False))
    codes = [p.code for p in problems]
    assert len(problems) >= 8
    assert all(code in CODES for code in codes)
    assert {"DG-SCHEMA-EMPTY", "DG-SCHEMA-UNKNOWN-FIELD", "DG-SCHEMA-TYPE", "DG-SCHEMA-DATE-FORM", "DG-SCHEMA-DATE",
            "DG-SCHEMA-ENUM", "DG-SCHEMA-REQUIRED"} <= set(codes)
    assert all(p.location.line and p.location.column and p.location.path for p in problems)


def test_samples_stay_valid():
    for path in CAMPAIGNS:
        docgen.load(path)
        assert read_yaml(path)


@pytest.mark.parametrize("lines", [
    "    - name:周文彬\n",                                   # valid YAML: an item of text where a person goes
    "    - name:周文彬\n      post: 局党委书记、局长\n",           # broken YAML: the slip is still the one message
])
def test_no_space_after_a_key_in_a_list_item(reference_path, lines):
    text = reference_path.read_text(encoding="utf-8").replace(
        "  leader:\n    - name: 周文彬\n      post: 局党委书记、局长\n", "  leader:\n" + lines)
    problems = problems_of(text)
    assert len(problems) == 1, problems
    problem = problems[0]
    line = line_of(text, "- name:周文彬")
    assert (problem.code, problem.location.line, problem.location.column) == ("DG-SLIP-MISSING-SPACE", line, 12)
    assert problem.location.path in ("leadership.leader[0]", "leadership.leader[0].name")
    assert "name: 周文彬" in problem.hint


@pytest.mark.parametrize("written", ["２０２６－０３－０５", "٢٠٢٦-٠٣-٠٥", "2026年03月05日", "2026 年 3 月 5 日", "2026.03.05"])
def test_any_digits_and_separators_give_the_ascii_iso_form(written):
    text = REFERENCE.read_text(encoding="utf-8").replace("    date: 2026-03-05\n", f"    date: {written}\n", 1)
    [problem] = problems_of(text)
    assert problem.code == "DG-SCHEMA-DATE-FORM" and problem.location.path == "documents.plan.date"
    assert "date: 2026-03-05" in problem.hint
