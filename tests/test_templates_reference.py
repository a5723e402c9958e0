"""docs/templates.md documents every field a template can use — of every kind, over the reference
campaign, the samples and the test campaigns — every filter and the ``num`` helper, and nothing
that no longer exists."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from markupsafe import Markup

import docgen
from docgen import kinds, templating
from docgen.errors import collect_warnings

ROOT = Path(__file__).resolve().parents[1]
from reference_campaign import REFERENCE  # noqa: E402  (tests/ is on sys.path)
REFERENCE_PAGE = ROOT / "docs" / "templates.md"
CAMPAIGNS = [REFERENCE, *sorted((ROOT / "samples").glob("*.yaml")),
             *sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))]
_CODE = re.compile(r"`([^`]+)`")


def sections() -> dict[str, str]:
    """The page's ``## `` sections by heading."""
    text = REFERENCE_PAGE.read_text(encoding="utf-8")
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def section(heading_part: str) -> str:
    found = [body for heading, body in sections().items() if heading_part in heading]
    assert len(found) == 1, f"docs/templates.md needs exactly one section with {heading_part!r} in its heading"
    return found[0]


def table_keys(body: str) -> set[str]:
    """The names in the first column of a section's tables."""
    keys = set()
    for line in body.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            keys.update(_CODE.findall(cells[1]))
    return keys


def _walk(value, prefix: str, keys: set, types: set) -> None:
    """Names a template reaches: dict keys (``a.b``), keys of dicts in lists (``a[].b``), and the
    campaign objects found along the way."""
    if isinstance(value, (str, Markup)):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            keys.add(path)
            _walk(item, path, keys, types)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _walk(item, prefix + "[]", keys, types)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        types.add(type(value))
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), "", set(), types)


@pytest.fixture(scope="module")
def contexts():
    """Per kind: every context name seen over the campaigns; and every campaign object type."""
    keys: dict = {name: set() for name in kinds.KINDS}
    types: set = set()
    with collect_warnings():   # notices about the campaigns' data are not this test's business
        for path in CAMPAIGNS:
            campaign = docgen.load(path)
            for name, spec in kinds.KINDS.items():
                if not spec.missing(campaign):
                    _walk(kinds.full_context(spec, campaign), "", keys[name], types)
    return keys, types


def test_every_campaign_was_usable_for_every_kind_somewhere(contexts):
    keys, _ = contexts
    assert all(keys.values()), [k for k, v in keys.items() if not v]


@pytest.mark.parametrize("kind", list(kinds.KINDS))
def test_every_context_field_of_each_kind_is_documented(contexts, kind):
    keys, _ = contexts
    documented = table_keys(section("所有模板")) | table_keys(section(f"`{kind}`"))
    missing = sorted(keys[kind] - documented)
    assert not missing, f"docs/templates.md, section `{kind}`: document {missing}"


@pytest.mark.parametrize("kind", list(kinds.KINDS))
def test_no_documented_field_is_stale(contexts, kind):
    keys, _ = contexts
    stale = sorted(table_keys(section(f"`{kind}`")) - keys[kind])
    assert not stale, f"docs/templates.md, section `{kind}`: {stale} no longer exist (or no campaign has them)"


def test_common_fields_are_in_every_kind(contexts):
    keys, _ = contexts
    common = table_keys(section("所有模板"))
    for kind, names in keys.items():
        assert common <= names, (kind, sorted(common - names))


def test_every_campaign_object_and_attribute_is_documented(contexts):
    _, types = contexts
    rows = {}
    for line in section("活动数据的对象").splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 3:
            names = _CODE.findall(cells[1])
            if names:
                rows[names[0]] = set(_CODE.findall(cells[2]))
    for cls in types:
        assert cls.__name__ in rows, f"docs/templates.md: document the object {cls.__name__}"
        public = {f.name for f in dataclasses.fields(cls)} | {
            n for n in dir(cls) if not n.startswith("_") and isinstance(getattr(cls, n), property)}
        missing = sorted(public - rows[cls.__name__])
        assert not missing, f"docs/templates.md: {cls.__name__} lacks {missing}"


def test_every_filter_is_documented_with_an_example():
    rows = {}
    for line in section("过滤器").splitlines():
        cells = line.split("|")
        if line.startswith("|") and _CODE.findall(cells[1]):
            rows[_CODE.findall(cells[1])[0]] = line
    assert set(rows) == set(templating.FILTERS), sorted(set(rows) ^ set(templating.FILTERS))
    for name, line in rows.items():
        assert re.search(rf"\\?\|\s*{name}\b", line), f"{name}: give an example using it"


def test_the_num_helper_is_documented():
    methods = sorted(n for n in dir(templating.Numbering) if not n.startswith("_"))
    assert methods
    assert table_keys(section("`num`")) == {f"num.{m}()" for m in methods}


def test_documented_template_file_names_are_the_kinds():
    names = {n for n in table_keys(section("模板文件名")) if n.endswith(".docx")}
    assert names == {spec.template for spec in kinds.KINDS.values()}
