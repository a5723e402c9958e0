"""Templates users own: export the built-in ones, edit a copy, render with it (--template,
--template-dir, also for the plan a notice embeds); unknown fields are named; sources stay in sync."""
from __future__ import annotations

import io
import zipfile

import pytest

import docgen
from docgen import kinds, template_source
from docgen.errors import TemplateError
from docgen.resources import templates_dir
from docx_inspect import all_text, open_docx
from test_cli import run


def edit_docx(source, target, old: str, new: str) -> None:
    """Replace text in a template's document.xml, as a user editing it in Word would."""
    with zipfile.ZipFile(source) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml, old
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    target.write_bytes(buffer.getvalue())


def test_every_kind_has_a_builtin_template_with_a_source():
    for spec in kinds.KINDS.values():
        assert (templates_dir() / spec.template).is_file(), spec.template
        assert (templates_dir() / "src" / spec.template.replace(".docx", ".txt")).is_file()


def test_builtin_templates_open_in_word_libraries():
    for spec in kinds.KINDS.values():
        doc = open_docx((templates_dir() / spec.template).read_bytes())
        assert doc.paragraphs, spec.name


@pytest.mark.parametrize("name", sorted(p.name for p in (templates_dir() / "src").glob("*.txt")))
def test_committed_docx_in_sync_with_source(name):
    source = templates_dir() / "src" / name
    built = template_source.build(source.read_text(encoding="utf-8"))
    committed = (templates_dir() / name.replace(".txt", ".docx")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(built)) as a, zipfile.ZipFile(io.BytesIO(committed)) as b:
        stale = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert not stale, f"{name}: run python -m docgen.template_source ({stale})"


def test_export_copies_every_template(tmp_path):
    out = tmp_path / "模板"
    result = run("templates", "export", out)
    assert result.returncode == 0, result.stderr
    for spec in kinds.KINDS.values():
        assert (out / spec.template).read_bytes() == (templates_dir() / spec.template).read_bytes()
    # A second export does not overwrite edits without --force.
    assert run("templates", "export", out).returncode != 0
    assert run("templates", "export", out, "--force").returncode == 0


def test_render_with_edited_template_file(reference_path, tmp_path):
    edited = tmp_path / "speech.docx"
    edit_docx(templates_dir() / "speech.docx", edited, "下面，我讲三点意见。", "下面，我讲几点意见。")
    out = tmp_path / "讲话.docx"
    result = run("render", reference_path, "--kind", "speech", "--template", edited, "-o", out)
    assert result.returncode == 0, result.stderr
    text = all_text(open_docx(out.read_bytes()))
    assert "下面，我讲几点意见。" in text and "三点意见" not in text


def test_template_dir_applies_to_the_plan_inside_the_notice(reference_path, tmp_path):
    folder = tmp_path / "tpl"
    assert run("templates", "export", folder).returncode == 0
    edit_docx(templates_dir() / "plan.docx", folder / "plan.docx", "结合{{ self_name }}实际，制定本方案。",
              "结合{{ self_name }}工作实际，特制定本方案。")
    campaign = docgen.load(reference_path)
    for kind in ("plan", "notice"):
        text = all_text(open_docx(docgen.render(campaign, kind, template_dir=folder)))
        assert "结合我局工作实际，特制定本方案。" in text, kind
    out = tmp_path / "out"
    result = run("render", reference_path, "--kind", "all", "--template-dir", folder, "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    notice = out / docgen.output_name(campaign, "notice")
    assert "特制定本方案" in all_text(open_docx(notice.read_bytes()))


def test_unknown_fields_are_named(reference_path, tmp_path):
    edited = tmp_path / "summary.docx"
    edit_docx(templates_dir() / "summary.docx", edited, "现将有关情况总结如下：",
              "{{ achievments_total }}现将有关情况总结如下：{{ sumary.date }}")
    campaign = docgen.load(reference_path)
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, "summary", template=edited)
    message = str(info.value)
    assert "achievments_total" in message and "sumary" in message
    result = run("render", reference_path, "--kind", "summary", "--template", edited, "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert "achievments_total" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_word_saved_plan_template_embeds_validly_in_the_notice(reference_path, tmp_path):
    # Word adds namespaces the built-in notice does not declare (w14:paraId on every paragraph).
    folder = tmp_path / "tpl"
    folder.mkdir()
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    with zipfile.ZipFile(templates_dir() / "plan.docx") as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace("<w:document ", f'<w:document xmlns:w14="{w14}" ', 1).replace(
        "<w:p>", '<w:p w14:paraId="1A2B3C4D">')
    parts["word/document.xml"] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    (folder / "plan.docx").write_bytes(buffer.getvalue())
    data = docgen.render(docgen.load(reference_path), "notice", template_dir=folder)
    doc = open_docx(data)  # parses: every embedded w14: attribute has its namespace
    assert "加强未成年人思想道德建设" in all_text(doc)
