"""The Python API as a developer embedding docgen in a web service uses it: mappings and text in,
typed problems with stable codes out, PDF bytes, a package that says it is typed."""
from __future__ import annotations

import configparser
import copy
import dataclasses
import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

import docgen
from conftest import REFERENCE, ROOT, SAMPLES
from docgen import errors, pdf
from docgen.errors import CODES, MissingDataError, Problem, SourceError, ValidationError

CAMPAIGNS = [REFERENCE, *SAMPLES, *sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))]


def _same(a: docgen.Campaign, b: docgen.Campaign) -> bool:
    return dataclasses.replace(a, source=None) == dataclasses.replace(b, source=None)


# --- mappings in ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CAMPAIGNS, ids=[p.stem for p in CAMPAIGNS])
def test_a_mapping_loads_like_its_file(path):
    from_file = docgen.load(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))       # datetime.date values, as integrators get
    assert any(isinstance(v, dt.date) for v in _leaves(data))
    from_mapping = docgen.load(data)
    assert _same(from_file, from_mapping) and from_mapping.source is None
    assert _same(docgen.loads(data), from_file)
    as_json = json.loads(json.dumps(data, default=str, ensure_ascii=False))
    assert _same(docgen.load(as_json), from_file)
    assert docgen.validate(data) == []
    assert docgen.render(from_mapping, "plan") == docgen.render(from_file, "plan")


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_a_mapping_is_validated_the_same_way_with_field_paths_and_no_lines(reference_data):
    data = copy.deepcopy(reference_data)
    data["tasks"][2]["owners"] = "团委"
    data["phases"][0]["end"] = "2026年4月30日"
    data["unit"]["name"] = None
    data["tasks"][1]["owners"] = ["安全科，后勤管理中心"]
    before = copy.deepcopy(data)
    with pytest.raises(ValidationError) as info:
        docgen.load(data)
    assert data == before                                          # the caller's mapping is not touched
    problems = {p.location.path: p for p in info.value.problems}
    assert {"tasks[2].owners": "DG-SCHEMA-TYPE", "phases[0].end": "DG-SCHEMA-DATE-FORM", "unit.name": "DG-SCHEMA-EMPTY",
            "tasks[1].owners[0]": "DG-SLIP-LIST-COMMA"} == {k: p.code for k, p in problems.items()}
    for problem in problems.values():
        assert problem.location.file is None and problem.location.line is None and problem.location.column is None
        assert str(problem).startswith(f"字段 {problem.location.path}：")
    assert "2026-04-30" in problems["phases[0].end"].message
    assert [p.location.path for p in docgen.validate(data)] == [p.location.path for p in info.value.problems]


def test_keys_that_are_not_text_are_named(reference_data):
    data = copy.deepcopy(reference_data)
    data["unit"][2026] = "x"
    problems = docgen.validate(data)
    assert [(p.code, p.location.path) for p in problems] == [("DG-YAML-KEY", "unit")]


def test_datetime_is_not_a_date(reference_data):
    data = copy.deepcopy(reference_data)
    data["tasks"][0]["due"] = dt.datetime(2026, 12, 31, 9, 0)
    assert [p.code for p in docgen.validate(data)] == ["DG-SCHEMA-DATE"]


# --- text in ----------------------------------------------------------------------------------

def test_validate_takes_text_bytes_and_paths(reference_path, tmp_path):
    text = reference_path.read_text(encoding="utf-8")
    assert docgen.validate(text) == []                              # a str with a line break is text
    assert docgen.validate(text=text) == []
    assert docgen.validate(text.encode("gb18030")) == []            # bytes are read like a file
    assert docgen.validate(reference_path) == [] and docgen.validate(str(reference_path)) == []
    bad = text.replace("  short_name: 市教育局", "  short_name：市教育局")
    problems = docgen.validate(text=bad, filename="上传.yaml")
    assert [(p.code, p.location.file, p.location.line) for p in problems] == [("DG-SLIP-FULLWIDTH-COLON", "上传.yaml", 8)]
    assert docgen.validate(bad)[0].location.file == "<string>"
    one_line = "unit: {name: 某局}"
    assert [p.location.path for p in docgen.validate(text=one_line)] == ["campaign", "tasks"]
    with pytest.raises(SourceError) as info:                        # a one-line str is a path (documented)
        docgen.validate(one_line)
    assert info.value.code == "DG-FILE-NOT-FOUND"
    with pytest.raises(TypeError):
        docgen.validate(reference_path, text=text)
    with pytest.raises(TypeError):
        docgen.validate()


def test_loads_takes_bytes_and_mappings(reference_path, reference_data):
    raw = reference_path.read_bytes()
    assert _same(docgen.loads(b"\xef\xbb\xbf" + raw), docgen.load(reference_path))
    assert docgen.loads(raw, "活动.yaml").source == "活动.yaml"
    assert _same(docgen.loads(reference_data), docgen.load(reference_path))


def test_yaml_syntax_errors_come_back_as_problems():
    problems = docgen.validate(text="unit:\n  name: [临川市教育局\ncampaign: x\n")
    assert [p.code for p in problems] == ["DG-YAML-SYNTAX"] and problems[0].location.line == 2


# --- codes ------------------------------------------------------------------------------------

def test_codes_are_documented_in_a_table_that_matches():
    table = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(DG-[A-Z-]+)` \| (.+?) \|", table, re.M))
    assert set(rows) == set(CODES)
    for code, text in CODES.items():
        assert text.startswith(rows[code]), code


@pytest.mark.parametrize("make, code", [
    (lambda tmp: docgen.load(tmp / "missing.yaml"), "DG-FILE-NOT-FOUND"),
    (lambda tmp: docgen.load(tmp), "DG-FILE-IS-DIRECTORY"),
    (lambda tmp: docgen.loads(b"unit: \xff\xfe\x00x"), "DG-FILE-BINARY"),
    (lambda tmp: docgen.loads(""), "DG-FILE-EMPTY"),
    (lambda tmp: docgen.loads("- a\n- b\n"), "DG-FILE-NOT-MAPPING"),
    (lambda tmp: docgen.loads("unit: !!python/object:os.system x\n"), "DG-YAML-TAG"),
    (lambda tmp: docgen.loads("unit: {name: a}\nunit: {name: b}\n"), "DG-YAML-DUPLICATE-KEY"),
    (lambda tmp: docgen.render(docgen.load(REFERENCE), "minutes"), "DG-KIND-UNKNOWN"),
])
def test_every_error_carries_a_documented_code(tmp_path, make, code):
    with pytest.raises(errors.DocgenError) as info:
        make(tmp_path)
    error = info.value
    assert [p.code for p in error.problems][0] == code and code in CODES
    payload = json.loads(json.dumps(error.to_dict(), ensure_ascii=False))
    assert payload["problems"][0]["code"] == code and payload["exit_code"] == error.exit_code == 2
    assert payload["error"] == type(error).__name__


def test_error_classes_have_default_codes():
    for cls, code in [(errors.SourceError, "DG-SOURCE"), (errors.TemplateError, "DG-TEMPLATE"),
                      (errors.OutputError, "DG-OUTPUT"), (errors.PdfError, "DG-PDF"), (errors.InputError, "DG-INPUT"),
                      (errors.DocgenError, "DG-ERROR")]:
        error = cls("x")
        assert error.code == code and error.problems[0].code == code and code in CODES
    assert errors.ValidationError([Problem("x")]).problems[0].code == "DG-INVALID"
    assert errors.ValidationError([Problem("x", code="DG-RULE")]).problems[0].code == "DG-RULE"


def test_validation_to_dict_has_every_problem_with_code_and_place(reference_path):
    text = reference_path.read_text(encoding="utf-8").replace("owners: [德育科, 团委]", "owners: 德育科")
    with pytest.raises(ValidationError) as info:
        docgen.loads(text, "a.yaml")
    payload = info.value.to_dict()
    assert payload["code"] == "DG-INVALID"
    [problem] = payload["problems"]
    line = next(i for i, t in enumerate(text.split("\n"), 1) if "owners: 德育科" in t and "团委" not in t
                and i > text.split("\n").index("      - title: 选树身边榜样"))
    assert problem == {"code": "DG-SCHEMA-TYPE", "message": problem["message"], "hint": problem["hint"], "file": "a.yaml",
                       "line": line, "column": 17, "path": "tasks[0].items[1].owners"}


# --- kinds, PDF, the package --------------------------------------------------------------------

def test_missing_data_error_kind_is_the_kind_name(reference_data):
    data = copy.deepcopy(reference_data)
    del data["unit"]["superior"]
    with pytest.raises(MissingDataError) as info:
        docgen.render(docgen.load(data), "summary")
    error = info.value
    assert (error.kind, error.label, error.fields) == ("summary", "工作总结", ["unit.superior"])
    assert "工作总结" in error.message and "'summary'" in error.message and error.code == "DG-MISSING-DATA"


def test_to_pdf_turns_docx_bytes_into_pdf_bytes(tmp_path):
    campaign = docgen.load(REFERENCE)
    data = docgen.to_pdf(docgen.render(campaign, "members"))
    assert data.startswith(b"%PDF-")
    out = tmp_path / "m.pdf"
    out.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "周文彬" in text and "领导小组" in text.replace(" ", "")
    assert not list(Path(pdf.tempfile.gettempdir()).glob("docgen-pdfb-*"))     # its temporary folder is gone


def test_to_pdf_refuses_what_is_not_a_docx():
    with pytest.raises(errors.InputError) as info:
        docgen.to_pdf(b"%PDF-1.7 not a docx")
    assert info.value.exit_code == 2 and "docx" in str(info.value)
    with pytest.raises(TypeError):
        docgen.to_pdf("plan.docx")  # type: ignore[arg-type]


def test_dir_lists_the_public_api_and_every_name_resolves():
    names = dir(docgen)
    assert names == sorted(docgen.__all__)
    for name in ("load", "loads", "validate", "render", "render_file", "to_pdf", "check", "Campaign", "Problem",
                 "ValidationError", "render_batch", "__version__"):
        assert name in names
    for name in names:
        assert getattr(docgen, name) is not None


def test_the_package_says_it_is_typed():
    assert (Path(docgen.__file__).parent / "py.typed").is_file()
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "py.typed" in config["options.package_data"]["docgen"]


def test_rule_problems_carry_the_rule_code(reference_data):
    data = copy.deepcopy(reference_data)
    data["phases"][1]["start"], data["phases"][1]["end"] = "2026-09-30", "2026-05-01"
    problems = docgen.validate(data)
    assert [(p.code, p.location.path) for p in problems] == [("DG-RULE", "phases[1].end")]
