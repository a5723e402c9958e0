"""The data contract: ``schemas/campaign.schema.json`` against the reference file, the samples and the starter.

The schema is checked with the real ``jsonschema`` library (draft-07, with date format checking), so
it stays a standard schema editors' YAML language servers understand; it also has to stay inside the
keyword subset that docgen's own validator (``docgen/schema.py``) implements.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "schemas" / "campaign.schema.json"
from reference_campaign import REFERENCE  # noqa: E402
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
STARTER = ROOT / "templates" / "starter.yaml"

# The keywords docgen's in-house validator implements (plus annotations it ignores).
ALLOWED_KEYWORDS = {
    "$schema", "type", "properties", "required", "additionalProperties", "items", "minItems", "minLength",
    "enum", "pattern", "format", "title", "description", "examples", "default", "definitions", "$ref",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


class NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps YAML dates as strings (as docgen's loader does)."""


NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=NoDatesLoader)


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> Draft7Validator:
    return Draft7Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def reference() -> dict:
    if not REFERENCE.is_file():
        pytest.fail(f"reference campaign not found at {REFERENCE}")
    return load_yaml(REFERENCE.read_text(encoding="utf-8"))


def errors_of(validator: Draft7Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(data)]


def resolve(schema: dict, root: dict) -> dict:
    """``schema`` with a ``#/definitions/...`` $ref followed (sibling title/description kept)."""
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def subschemas(schema: dict, path: str = "#") -> Iterator[tuple[str, dict]]:
    """Every schema object in the document, with a JSON-pointer-like path (no $ref following)."""
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from subschemas(sub, f"{path}/properties/{name}")
    for name, sub in schema.get("definitions", {}).items():
        yield from subschemas(sub, f"{path}/definitions/{name}")
    if isinstance(schema.get("items"), dict):
        yield from subschemas(schema["items"], f"{path}/items")


# ── the schema itself ─────────────────────────────────────────────────────────

def test_schema_is_valid_draft07(schema):
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def test_schema_uses_only_the_supported_keywords(schema):
    for path, sub in subschemas(schema):
        unknown = set(sub) - ALLOWED_KEYWORDS
        assert not unknown, f"{path}: keywords {sorted(unknown)} are not implemented by docgen/schema.py"
        if "$ref" in sub:
            assert sub["$ref"].startswith("#/definitions/"), f"{path}: $ref must point into #/definitions/"
            resolve(sub, schema)  # resolvable
        if "additionalProperties" in sub:
            assert sub["additionalProperties"] is False, path
        if sub.get("format") is not None:
            assert sub["format"] == "date", path


def test_every_object_rejects_unknown_keys(schema):
    for path, sub in subschemas(schema):
        if sub.get("type") == "object" or "properties" in sub:
            assert sub.get("additionalProperties") is False, f"{path}: needs additionalProperties: false"
            assert set(sub.get("required", [])) <= set(sub["properties"]), f"{path}: required names no property"


def test_every_field_has_a_chinese_title_and_description(schema):
    def check(path: str, sub: dict) -> None:
        effective = resolve(sub, schema)
        for key in ("title", "description"):
            value = effective.get(key)
            assert isinstance(value, str) and CJK.search(value), f"{path}: missing Chinese {key}"

    check("#", schema)
    for path, sub in subschemas(schema):
        for name, prop in sub.get("properties", {}).items():
            check(f"{path}/properties/{name}", prop)
        if isinstance(sub.get("items"), dict):
            check(f"{path}/items", sub["items"])
    for name, definition in schema["definitions"].items():
        check(f"#/definitions/{name}", definition)


def test_dates_are_iso_strings(schema):
    for path, sub in subschemas(schema):
        if sub.get("format") == "date":
            assert sub["type"] == "string" and sub["pattern"] == r"^\d{4}-\d{2}-\d{2}$", path


def test_text_fields_may_not_be_empty(schema):
    for path, sub in subschemas(schema):
        if sub.get("type") == "string" and "enum" not in sub and sub.get("format") != "date":
            assert sub.get("minLength") == 1, f"{path}: text field without minLength 1"


# ── the reference file ────────────────────────────────────────────────────────

def test_reference_file_validates(validator, reference):
    assert errors_of(validator, reference) == []


def test_every_key_of_the_reference_exists_in_the_schema(schema, reference):
    missing: list[str] = []

    def walk(value: Any, sub: dict, path: str) -> None:
        sub = resolve(sub, schema)
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in sub.get("properties", {}):
                    missing.append(f"{path}.{key}".lstrip("."))
                else:
                    walk(item, sub["properties"][key], f"{path}.{key}")
        elif isinstance(value, list) and isinstance(sub.get("items"), dict):
            for i, item in enumerate(value):
                walk(item, sub["items"], f"{path}[{i}]")

    walk(reference, schema, "")
    assert missing == []


def test_reference_dates_stay_strings(reference):
    assert reference["documents"]["plan"]["date"] == "2026-03-05"
    assert reference["phases"][0]["start"] == "2026-03-01"


# ── samples and starter ───────────────────────────────────────────────────────

def test_there_are_samples():
    assert {p.name for p in SAMPLES} >= {"safety-month.yaml", "waste-sorting.yaml"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_validates(validator, path):
    assert errors_of(validator, load_yaml(path.read_text(encoding="utf-8"))) == []


def starter_text() -> str:
    return STARTER.read_text(encoding="utf-8")


def test_starter_first_line_is_the_schema_hint():
    assert starter_text().splitlines()[0] == "# yaml-language-server: $schema={{SCHEMA_URI}}"


def test_starter_validates_as_written(validator):
    text = starter_text().replace("{{SCHEMA_URI}}", SCHEMA_PATH.resolve().as_uri())
    assert errors_of(validator, load_yaml(text)) == []


def test_starter_shows_every_section(schema):
    data = load_yaml(starter_text())
    assert set(data) == set(schema["properties"])
    assert set(data["documents"]) == {"plan", "speech", "summary"}
    assert data["documents"]["speech"].get("significance")
    assert any(item.get("items") for task in data["tasks"] for item in task.get("items", []))


def test_samples_cover_the_cases_they_are_for():
    safety = load_yaml((ROOT / "samples" / "safety-month.yaml").read_text(encoding="utf-8"))
    assert len(safety["tasks"]) > 10
    assert len(safety["leadership"]["deputies"]) >= 3 and len(safety["leadership"]["members"]) >= 8
    assert "significance" not in safety["documents"]["speech"]
    summary = safety["documents"]["summary"]
    assert summary["period"] != {"start": "2026-01-01", "end": "2026-06-30"}
    assert len(summary["achievements"]) < len(safety["tasks"])

    waste = load_yaml((ROOT / "samples" / "waste-sorting.yaml").read_text(encoding="utf-8"))
    assert "principles" not in waste and "requirements" not in waste
    assert "targets" not in waste["goals"] and "office" not in waste["leadership"]
    assert "summary" not in waste["documents"]


# ── the schema rejects what it should ─────────────────────────────────────────

@pytest.mark.parametrize("where", [(), ("unit",), ("tasks", 0), ("tasks", 0, "items", 0, "items", 0),
                                   ("leadership", "office", "director"), ("documents", "plan"),
                                   ("documents", "summary", "period")])
def test_unknown_key_is_rejected(validator, reference, where):
    data = copy.deepcopy(reference)
    data["tasks"][0]["items"][0]["items"] = [{"title": "子事项"}]  # the reference has no level-4 items
    target = data
    for step in where:
        target = target[step]
    target["colour"] = "红"
    errors = errors_of(validator, data)
    assert errors and all("colour" in e for e in errors)


def test_misspelt_required_key_is_rejected(validator, reference):
    data = copy.deepcopy(reference)
    data["unit"]["nmae"] = data["unit"].pop("name")
    assert len(errors_of(validator, data)) == 2  # unknown nmae, missing name


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-3-5", "2026/03/05", "3月5日"])
def test_bad_dates_are_rejected(validator, reference, bad):
    data = copy.deepcopy(reference)
    data["documents"]["plan"]["date"] = bad
    assert errors_of(validator, data)


@pytest.mark.parametrize("change", [
    lambda d: d.update(tasks=[]),
    lambda d: d["tasks"][0].update(id="任务 一"),
    lambda d: d["tasks"][0].update(owners=[]),
    lambda d: d["tasks"][0].update(title=""),
    lambda d: d["leadership"].update(leader=[]),
    lambda d: d["documents"]["plan"].update(attachments=["photos"]),
    lambda d: d["documents"]["speech"].pop("speaker"),
    lambda d: d["documents"]["summary"]["achievements"][0].pop("task"),
], ids=["no-tasks", "bad-id", "no-owners", "empty-title", "no-leader", "bad-attachment", "no-speaker",
        "achievement-without-task"])
def test_invalid_data_is_rejected(validator, reference, change):
    data = copy.deepcopy(reference)
    change(data)
    assert errors_of(validator, data)


def test_docgen_validator_agrees_on_the_samples_and_starter():
    """docgen's own subset validator accepts what jsonschema accepts."""
    from docgen.schema import validate_data

    texts = [p.read_text(encoding="utf-8") for p in SAMPLES] + [starter_text()]
    if REFERENCE.is_file():
        texts.append(REFERENCE.read_text(encoding="utf-8"))
    for text in texts:
        assert validate_data(load_yaml(text)) == []


def test_the_snapshot_of_the_reference_campaign_is_the_shared_file():
    # A clone next to shared/ reads the contract itself; one elsewhere reads tests/reference/: the same bytes.
    from reference_campaign import SHARED, SNAPSHOT

    if not SHARED.is_file():
        pytest.skip(f"no shared reference next to this clone ({SHARED}): the snapshot stands in for it")
    assert SNAPSHOT.read_bytes() == SHARED.read_bytes(), "tests/reference/campaign.yaml is out of date: copy it again"
