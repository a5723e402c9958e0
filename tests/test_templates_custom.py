"""Customising templates never fails silently: a wrong --template-dir is an error naming the file
names, style edits the GB/T 9704 layout replaces are named, direct formatting is kept and the
result checked, and template mistakes point at the paragraph with a did-you-mean."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import docgen
from docgen import kinds, template_source, templating
from docgen.errors import TemplateError, collect_warnings
from docgen.resources import templates_dir
from docx_inspect import open_docx
from test_cli import run

TEMPLATE_NAMES = [spec.template for spec in kinds.KINDS.values()]


def rewrite(source: Path, target: Path, part: str, edit) -> None:
    """Copy a .docx, passing one part's XML through ``edit`` (what saving from Word changes)."""
    with zipfile.ZipFile(source) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    target.write_bytes(buffer.getvalue())


def style_of(xml: str, style_id: str) -> str:
    return re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', xml, re.S).group(0)


def word_bookkeeping(xml: str) -> str:
    """What Word adds to styles.xml on any save: latent styles, rsids, priorities, East Asian hints."""
    xml = re.sub(r"(<w:styles [^>]*>)", r'\1<w:latentStyles w:defLockedState="0" w:count="376">'
                 r'<w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/></w:latentStyles>', xml, count=1)
    xml = xml.replace("<w:qFormat/>", '<w:uiPriority w:val="9"/><w:qFormat/><w:rsid w:val="00A1B2C3"/>')
    return xml.replace("<w:rFonts ", '<w:rFonts w:hint="eastAsia" ')


def word_style_edits(xml: str) -> str:
    """正文 set to 宋体 and 公文标题 to 26 pt through Word's 修改样式 dialog (plus Word's own additions)."""
    xml = word_bookkeeping(xml)
    normal = style_of(xml, "Normal")
    xml = xml.replace(normal, normal.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsia="宋体"'))
    title = style_of(xml, "GwTitle")
    return xml.replace(title, title.replace('<w:sz w:val="44"/><w:szCs w:val="44"/>',
                                            '<w:sz w:val="52"/><w:szCs w:val="52"/>'))


@pytest.fixture
def exported(tmp_path) -> Path:
    folder = tmp_path / "我的模板"
    assert run("templates", "export", folder).returncode == 0
    return folder


# --- --template-dir --------------------------------------------------------------------------

def test_missing_template_dir_is_an_error_naming_the_file_names(reference_path, tmp_path):
    result = run("render", reference_path, "--template-dir", tmp_path / "没有这个文件夹", "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "模板文件夹不存在" in result.stderr and "没有这个文件夹" in result.stderr
    for name in TEMPLATE_NAMES:
        assert name in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_template_dir_without_known_files_is_an_error(reference_path, tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    shutil.copy(templates_dir() / "plan.docx", folder / "方案.docx")
    result = run("render", reference_path, "--template-dir", folder, "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "没有 docgen 认得的模板" in result.stderr and "方案.docx" in result.stderr
    for name in TEMPLATE_NAMES:
        assert name in result.stderr
    not_a_folder = tmp_path / "file.docx"
    not_a_folder.write_bytes(b"x")
    result = run("render", reference_path, "--template-dir", not_a_folder)
    assert result.returncode == 2 and "不是文件夹" in result.stderr


def test_template_dir_names_unused_files_and_kinds_without_a_template(reference_path, tmp_path, exported):
    (exported / "speech.docx").rename(exported / "讲话.docx")
    result = run("render", reference_path, "-k", "speech", "--template-dir", exported, "-o", tmp_path / "x.docx")
    assert result.returncode == 0, result.stderr
    assert "讲话.docx 不会被使用" in result.stderr
    assert "没有 speech.docx" in result.stderr and "内置模板" in result.stderr


def test_templates_help_and_readme_name_every_template_file():
    help_text = run("templates", "--help").stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for spec in kinds.KINDS.values():
        assert spec.template in help_text and spec.label.split("（")[0][:2] in help_text
        assert f"`{spec.template}`" in readme, spec.template


# --- style edits the layout replaces ----------------------------------------------------------

def test_builtin_templates_report_no_replaced_edits():
    for name in TEMPLATE_NAMES:
        assert templating.load(templates_dir() / name).replaced == [], name


def test_word_bookkeeping_alone_is_not_an_edit(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml", word_bookkeeping)
    campaign = docgen.load(reference_path)
    with collect_warnings() as notes:
        docgen.render(campaign, "plan", template_dir=exported)
    assert notes == []


def test_style_edits_made_in_word_are_named_and_replaced(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml", word_style_edits)
    campaign = docgen.load(reference_path)
    with collect_warnings() as notes:
        data = docgen.render(campaign, "plan", template_dir=exported)
    texts = [str(n) for n in notes]
    assert len(texts) == 2, texts
    normal, = [t for t in texts if "“正文（Normal）”样式" in t]
    assert "中文字体 宋体" in normal and "仿宋_GB2312" in normal and str(exported / "plan.docx") in normal
    title, = [t for t in texts if "“公文标题（GwTitle）”样式" in t]
    assert "字号 26 磅" in title and "22 磅" in title
    # Replaced: the document has docgen's GB/T 9704 styles, and passes the checker.
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋_GB2312"' in style_of(styles, "Normal")
    assert '<w:sz w:val="44"/>' in style_of(styles, "GwTitle")
    out = tmp_path / "out"
    result = run("render", reference_path, "--template-dir", exported, "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("提示 / warning:") == 2 and "正文（Normal）" in result.stderr
    assert "不符合 GB/T 9704" not in result.stderr
    assert docgen.check(next(out.iterdir())).ok


def test_changing_the_body_face_to_fangsong_points_to_documents_fonts(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml",
            lambda xml: xml.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsia="仿宋"'))
    with collect_warnings() as notes:
        docgen.render(docgen.load(reference_path), "plan", template_dir=exported)
    assert notes and all("documents.fonts" in str(n) for n in notes)


def test_page_setup_edits_are_named(reference_path, exported):
    rewrite(templates_dir() / "speech.docx", exported / "speech.docx", "word/document.xml",
            lambda xml: re.sub(r'(<w:pgMar [^>]*w:left=")\d+', r"\g<1>1134", xml))
    with collect_warnings() as notes:
        docgen.render(docgen.load(reference_path), "speech", template_dir=exported)
    page = [str(n) for n in notes if "页面设置" in str(n)]
    assert len(page) == 1 and "左边距 20.0 毫米" in page[0] and "28.0 毫米" in page[0]


def test_direct_formatting_is_kept_and_render_warns_it_fails_the_check(reference_path, tmp_path, exported):
    # The title selected and set to 26 pt (一号) in Word: formatting on the run, not the style.
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/document.xml",
            lambda xml: xml.replace('<w:r><w:t xml:space="preserve">{{ title }}</w:t></w:r>',
                                    '<w:r><w:rPr><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr>'
                                    '<w:t xml:space="preserve">{{ title }}</w:t></w:r>', 1))
    out = tmp_path / "方案.docx"
    result = run("render", reference_path, "--template-dir", exported, "-o", out)
    assert result.returncode == 0, result.stderr
    title_run = open_docx(out.read_bytes()).paragraphs[0].runs[0]
    assert title_run.font.size.pt == 26          # respected
    assert "不符合 GB/T 9704" in result.stderr and f"docgen check {out}" in result.stderr
    report = docgen.check(out)
    assert not report.ok
    assert any(f.message in result.stderr for f in report.errors)


def test_builtin_templates_are_not_checked_again(reference_path, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from docgen import checker, cli

    calls = []
    monkeypatch.setattr(checker, "check", lambda path: calls.append(path))
    result = CliRunner().invoke(cli.main, ["render", str(reference_path), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0 and calls == []


def test_a_batch_names_a_shared_template_notice_once(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml", word_style_edits)
    inputs = tmp_path / "各单位"
    inputs.mkdir()
    for name in ("一中", "二中", "三中"):
        shutil.copy(reference_path, inputs / f"{name}.yaml")
    result = run("render", inputs, "--template-dir", exported, "-o", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("“正文（Normal）”样式") == 1 and "（3 份文档 / documents）" in result.stderr


# --- template mistakes: the paragraph and a did-you-mean --------------------------------------

def template(tmp_path, body: str) -> Path:
    path = tmp_path / "plan.docx"
    path.write_bytes(template_source.build("@title {{ title }}\n@body 第一段。\n" + body + "\n"))
    return path


@pytest.fixture(scope="module")
def campaign(reference_path):
    return docgen.load(reference_path)


def error_of(campaign, path, kind="plan") -> TemplateError:
    with pytest.raises(TemplateError) as info:
        docgen.render(campaign, kind, template=path)
    return info.value


def test_misspelt_attribute_names_paragraph_and_suggestion(campaign, tmp_path):
    path = template(tmp_path, "{%p for t in tasks %}\n@body {{ num.h2() }}{{ t.titel|nopunct }}。\n{%p endfor %}")
    error = error_of(campaign, path)
    assert error.location.file == str(path)
    assert "第 4 段“{{ num.h2() }}{{ t.titel|nopunct }}。”" in error.message
    assert "t.titel" in error.message and "是不是 title？" in error.message
    assert "id、title、content、owners、due、items" in error.hint


def test_misspelt_field_names_paragraph_and_suggestion(campaign, tmp_path):
    error = error_of(campaign, template(tmp_path, "@body 结合{{ unit.short }}实际。\n@body {{ guiding_ideolgy }}"))
    assert "第 4 段“{{ guiding_ideolgy }}”" in error.message and "是不是 guiding_ideology？" in error.message
    assert "guiding_ideology" in error.hint and "tasks" in error.hint


def test_misspelt_filter_names_paragraph_and_suggestion(campaign, tmp_path):
    error = error_of(campaign, template(tmp_path, "@body 日期：{{ date|cn_dat }}"))
    assert "第 3 段“日期：{{ date|cn_dat }}”" in error.message and "是不是 cn_date？" in error.message
    # Inside {% if %} Jinja only notices at render time: same message.
    error = error_of(campaign, template(tmp_path, "{%p if goals %}\n@body {{ goals.overall|sentance }}\n{%p endif %}"))
    assert "第 4 段" in error.message and "是不是 sentence？" in error.message
    assert "cn_date" in error.hint and "docs/templates.md" in error.hint


def test_helper_and_nested_misspellings(campaign, tmp_path):
    error = error_of(campaign, template(tmp_path, "@body {{ num.h5() }}"))
    assert "num.h5" in error.message and "h1、h2、h3、h4" in error.hint
    error = error_of(campaign, template(tmp_path, "@body {{ leadership.leader[0].nmae }}"))
    assert "是不是 name？" in error.message and "第 3 段" in error.message


def test_syntax_error_names_the_broken_paragraph(campaign, tmp_path):
    error = error_of(campaign, template(tmp_path, "@body 正常的段落{{ unit.name }}\n@body 坏的段落{{ unit.name "))
    assert "第 4 段“坏的段落{{ unit.name”" in error.message and "语法" in error.message


def test_cli_prints_template_mistakes_without_traceback(reference_path, tmp_path):
    path = template(tmp_path, "{%p for t in tasks %}\n@body {{ t.titel }}\n{%p endfor %}")
    result = run("render", reference_path, "--template", path, "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}：第 4 段" in result.stderr and "是不是 title" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_unknown_fields_in_the_notice_plan_name_the_plan_template(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/document.xml",
            lambda xml: xml.replace("制定本方案。", "制定本方案{{ unit.shrot }}。", 1))
    with pytest.raises(TemplateError) as info:
        docgen.render(docgen.load(reference_path), "notice", template_dir=exported)
    assert info.value.location.file == str(exported / "plan.docx")
    assert "是不是 short？" in info.value.message and "制定本方案" in info.value.message


def test_an_indent_stored_in_twips_only_is_not_an_edit(reference_path, exported):
    # WPS (and older Word) keep the first-line indent in twips without the character count.
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml",
            lambda xml: xml.replace(' w:firstLineChars="200"', ""))
    with collect_warnings() as notes:
        docgen.render(docgen.load(reference_path), "plan", template_dir=exported)
    assert notes == []
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml",
            lambda xml: xml.replace('w:firstLine="640" w:firstLineChars="200"', 'w:firstLine="0" w:firstLineChars="0"', 1))
    with collect_warnings() as notes:
        docgen.render(docgen.load(reference_path), "plan", template_dir=exported)
    assert len(notes) == 1 and "首行缩进 0 字（GB/T 9704：2 字）" in str(notes[0])


def test_notices_before_a_failure_are_still_shown(reference_path, tmp_path, exported):
    rewrite(templates_dir() / "plan.docx", exported / "plan.docx", "word/styles.xml", word_style_edits)
    rewrite(exported / "plan.docx", exported / "plan.docx", "word/document.xml",
            lambda xml: xml.replace("制定本方案。", "制定本方案{{ unit.shrot }}。", 1))
    result = run("render", reference_path, "-k", "plan", "-k", "tasks", "--template-dir", exported, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "“正文（Normal）”样式" in result.stderr and "unit.shrot" in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [docgen.output_name(docgen.load(reference_path), "tasks")]
