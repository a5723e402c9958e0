"""Hostile and broken user templates (issue 14): every render is bounded in time, work, value
size and output; a broken package is named; malformed output is caught before anything is written."""
from __future__ import annotations

import io
import zipfile

import pytest

import docgen
from docgen import package
from docgen.resources import templates_dir
from hardening_support import assert_clean, reference_text, run_docgen, user_template

PLAN = templates_dir() / "plan.docx"


@pytest.fixture(scope="module")
def campaign():
    return docgen.loads(reference_text(), "campaign.yaml")


def render_with(tmp_path, campaign, *paragraphs: str, **parts) -> bytes:
    template = user_template(PLAN, tmp_path / "t.docx", *paragraphs, **parts)
    return docgen.render(campaign, "plan", template=template)


# --- bounded renders ---------------------------------------------------------------------------------

HOSTILE = {
    "nested loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(100000000) }}",
    "string multiplication": '{{ "x" * 10000000000 }}',
    "list multiplication then join": '{{ (["x" * 3000000] * 100000)|join }}',
    "huge power": "{{ 10 ** 100000 }}",
    "repeated squaring": "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}",
    "doubling by ~": '{% set ns = namespace(s="ab") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    "doubling by +": '{% set ns = namespace(s="ab") %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
    "replace amplification": '{{ ("x" * 1000000)|replace("", "yyyyyyyy") }}',
    "center width": '{{ "a"|center(1000000000) }}',
    "printf width": '{{ "%0999999999d" % 1 }}',
    "format width": '{{ "{:>999999999}".format(1) }}',
    "nested format width": '{{ "{0:>{1}}".format(1, 999999999) }}',
    "tojson indent": "{{ range(100000)|list|tojson(indent=100000) }}",
    "slice count": "{{ [1]|slice(1000000000)|list }}",
    "macro recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "exponential macros": "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}",
    "huge output": '{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_template_is_stopped(tmp_path, campaign, name):
    with pytest.raises(docgen.TemplateError) as info:
        render_with(tmp_path, campaign, HOSTILE[name])
    assert str(tmp_path / "t.docx") in str(info.value)


@pytest.mark.parametrize("name", ["nested loops", "string multiplication", "huge power", "tojson indent",
                                  "exponential macros", "format width", "huge output"])
def test_hostile_template_from_the_cli_is_bounded(tmp_path, name):
    template = user_template(PLAN, tmp_path / "t.docx", HOSTILE[name])
    out = tmp_path / "out"
    source = tmp_path / "c.yaml"
    source.write_text(reference_text(), encoding="utf-8")
    run = run_docgen("render", source, "--template", template, "-o", f"{out}/", timeout=90)
    assert_clean(run, (2,), max_mb=400, what=name)
    assert run.seconds < 60
    assert "t.docx" in run.err and not list(out.glob("*"))


def test_copy_of_a_built_in_template_renders_the_same_under_the_bounds(tmp_path, campaign):
    """The bounds (loop counting, guarded filters) change nothing for a normal template."""
    for kind in ("plan", "notice", "speech", "summary", "members", "tasks"):
        copy = tmp_path / f"{kind}.docx"
        copy.write_bytes((templates_dir() / f"{kind}.docx").read_bytes())
        ours = zipfile.ZipFile(io.BytesIO(docgen.render(campaign, kind))).read("word/document.xml")
        theirs = zipfile.ZipFile(io.BytesIO(docgen.render(campaign, kind, template=copy))).read("word/document.xml")
        assert ours == theirs, kind


def test_set_inside_paragraph_if_is_allowed(tmp_path, campaign):
    data = render_with(tmp_path, campaign, "{%p if unit.name %}", "{% set who = unit.name %}由{{ who }}负责",
                       "{%p endif %}", "{%p set n = tasks|length %}", "共{{ n }}项")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "由临川市教育局负责" in xml and "共4项" in xml


def test_unknown_field_is_still_named(tmp_path, campaign):
    with pytest.raises(docgen.TemplateError, match="no_such_field"):
        render_with(tmp_path, campaign, "{{ no_such_field }}")


# --- broken packages -------------------------------------------------------------------------------------

def zip_bomb_template(path, part: str, size: int) -> None:
    """A template whose ``part`` inflates to ``size`` bytes of empty paragraphs (a few hundred KB on disk)."""
    with zipfile.ZipFile(PLAN) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != part:
                archive.writestr(name, data)
        with archive.open(part, "w", force_zip64=True) as member:
            head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            member.write(head)
            chunk = b"<w:p/>" * 100_000
            for _ in range(size // len(chunk)):
                member.write(chunk)
            member.write(b"</w:body></w:document>")


@pytest.mark.parametrize("part, size", [("word/document.xml", 120_000_000),    # 20M empty paragraphs
                                        ("word/styles.xml", 30_000_000),
                                        ("word/media/image1.png", 200_000_000)])
def test_zip_bomb_template_is_refused_in_bounded_memory(tmp_path, part, size):
    template = tmp_path / "bomb.docx"
    zip_bomb_template(template, part, size)
    assert template.stat().st_size < 2_000_000
    source = tmp_path / "c.yaml"
    source.write_text(reference_text(), encoding="utf-8")
    run = run_docgen("render", source, "--template", template, "-o", tmp_path / "out.docx", timeout=90)
    assert_clean(run, (2,), max_mb=300, what=part)
    assert "bomb.docx" in run.err and part in run.err
    assert not (tmp_path / "out.docx").exists()


def test_many_elements_in_a_small_part_are_refused(tmp_path, campaign):
    document = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + \
        b"<w:p/>" * (package.MAX_XML_ELEMENTS + 10) + b"</w:body></w:document>"
    with pytest.raises(docgen.TemplateError, match="元素过多"):
        render_with(tmp_path, campaign, document=document)


@pytest.mark.parametrize("case, expected", [
    ("malformed", "word/document.xml"),
    ("no document", "word/document.xml"),
    ("doctype", "DOCTYPE"),
    ("entity bomb", "DOCTYPE"),
    ("not a zip", "不是有效的 .docx"),
    ("malformed styles", "word/styles.xml"),
])
def test_broken_template_is_named(tmp_path, campaign, case, expected):
    template = tmp_path / "broken.docx"
    if case == "malformed":
        user_template(PLAN, template, document=b"<w:document><w:body><w:p></w:body>")
    elif case == "no document":
        user_template(PLAN, template, drop=["word/document.xml"])
    elif case == "doctype":
        user_template(PLAN, template, document=b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                               b"<w:document>&x;</w:document>")
    elif case == "entity bomb":
        laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
        user_template(PLAN, template, document=(f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{laughs}]>'
                                                "<d>&l9;</d>").encode())
    elif case == "not a zip":
        template.write_bytes(b"just text, saved as .docx")
    else:
        user_template(PLAN, template, extra={"word/styles.xml": b"<w:styles><oops></w:styles>"})
    with pytest.raises(docgen.TemplateError) as info:
        docgen.render(campaign, "plan", template=template)
    assert "broken.docx" in str(info.value) and expected in str(info.value)


def test_malformed_output_is_caught_before_anything_is_written(tmp_path):
    """Jinja tags that cut across XML elements make a broken document: refused, no file written."""
    broken = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              "<w:p><w:r><w:t>{{ title }}</w:t></w:r>{% if false %}</w:p><w:p><w:r><w:t>B</w:t></w:r></w:p>"
              "{% endif %}<w:p><w:r><w:t>C</w:t></w:r></w:p></w:body></w:document>")
    template = user_template(PLAN, tmp_path / "cut.docx", document=broken.encode())
    source = tmp_path / "c.yaml"
    source.write_text(reference_text(), encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"an older file")
    run = run_docgen("render", source, "--template", template, "-o", out)
    assert_clean(run, (2,))
    assert "XML" in run.err and "cut.docx" in run.err
    assert out.read_bytes() == b"an older file" and not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_non_regular_template_is_refused(tmp_path, kind):
    import os

    if kind == "fifo":
        template = tmp_path / "t.docx"
        os.mkfifo(template)
    else:
        template = tmp_path / "t.docx"
        template.symlink_to("/dev/zero")
    source = tmp_path / "c.yaml"
    source.write_text(reference_text(), encoding="utf-8")
    run = run_docgen("render", source, "--template", template, "-o", tmp_path / "o.docx", timeout=30)
    assert_clean(run, (2,), max_mb=200)
    assert "不是普通文件" in run.err
