"""User templates run sandboxed: they reach the campaign data and nothing else."""
from __future__ import annotations

import os

import pytest

import docgen
from docgen import template_source
from docgen.errors import TemplateError
from docx_inspect import all_text, open_docx


def template_file(tmp_path, body: str):
    path = tmp_path / "custom.docx"
    path.write_bytes(template_source.build("@title {{ title }}\n" + body + "\n"))
    return path


@pytest.fixture(scope="module")
def campaign(reference_path):
    return docgen.load(reference_path)


def test_custom_template_renders(campaign, tmp_path):
    path = template_file(tmp_path, "@body 本单位：{{ unit.name }}，任务{{ tasks|length }}项。")
    text = all_text(open_docx(docgen.render(campaign, "plan", template=path)))
    assert "本单位：临川市教育局，任务4项。" in text


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ unit.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/docgen-pwned') }}",
    "{{ num.h1.__func__.__globals__ }}",
    "{{ tasks.append(1) }}",
])
def test_internals_are_refused(campaign, tmp_path, expression):
    path = template_file(tmp_path, "@body " + expression)
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, "plan", template=path)
    assert str(path) in str(info.value)
    assert not os.path.exists("/tmp/docgen-pwned")


def test_no_file_access(campaign, tmp_path):
    path = template_file(tmp_path, "{%p include '/etc/passwd' %}")
    with pytest.raises(TemplateError):
        docgen.render(campaign, "plan", template=path)


def test_unknown_fields_are_named(campaign, tmp_path):
    path = template_file(tmp_path, "@body {{ unit.name }}{{ budget }}{{ deadline }}")
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, "plan", template=path)
    assert "budget" in str(info.value) and "deadline" in str(info.value)


def test_unknown_attribute_is_named(campaign, tmp_path):
    path = template_file(tmp_path, "{%p for t in tasks %}\n@body {{ t.titel }}\n{%p endfor %}")
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, "plan", template=path)
    assert "titel" in str(info.value)


def test_syntax_error_is_a_template_error(campaign, tmp_path):
    path = template_file(tmp_path, "@body {{ unit.name ")
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, "plan", template=path)
    assert "语法" in str(info.value)


def test_not_a_docx(campaign, tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("hello")
    with pytest.raises(docgen.InputError) as info:
        docgen.render(campaign, "plan", template=path)
    assert ".docx" in str(info.value)
