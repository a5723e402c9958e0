"""documents.fonts: 仿宋/楷体 instead of 仿宋_GB2312/楷体_GB2312, and a warning, per field, for
characters the GB2312 faces lack (王喆, 李堃) while they are in use."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
import yaml

import docgen
from docgen import faces, kinds, template_source
from docgen.errors import ValidationError, collect_warnings
from docx_inspect import open_docx, run_property
from test_cli import run

ALL_KINDS = list(kinds.KINDS)
GBK_FONTS = {"fangsong": "仿宋", "kaiti": "楷体"}


def with_fonts(data: dict, fonts) -> dict:
    data.setdefault("documents", {})["fonts"] = fonts
    return data


def xml_parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def east_asian_faces(parts: dict) -> set:
    return {face for xml in parts.values() for face in re.findall(r'w:eastAsia="([^"]+)"', xml)} - {"zh-CN"}


def test_the_premise_these_names_are_outside_gb2312():
    for char in "喆堃":
        with pytest.raises(UnicodeEncodeError):
            char.encode("gb2312")
    "王李".encode("gb2312")


def test_default_documents_name_the_gb2312_faces(reference_path):
    data = docgen.render(docgen.load(reference_path), "plan")
    assert {"仿宋_GB2312", "楷体_GB2312"} <= east_asian_faces(xml_parts(data))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_fonts_setting_names_the_gbk_faces_in_every_kind(campaign_data, kind):
    campaign = docgen.loads(yaml.safe_dump(with_fonts(campaign_data, GBK_FONTS), allow_unicode=True))
    data = docgen.render(campaign, kind)
    parts = xml_parts(data)
    used = east_asian_faces(parts)
    assert not {"仿宋_GB2312", "楷体_GB2312"} & used
    assert "仿宋" in used
    assert not any("_GB2312" in xml for xml in parts.values()), kind
    assert docgen.check(_saved(data, kind)).ok


def _saved(data: bytes, kind: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / f"{kind}.docx"
    path.write_bytes(data)
    return path


def test_effective_fonts_read_back(campaign_data):
    campaign = docgen.loads(yaml.safe_dump(with_fonts(campaign_data, GBK_FONTS), allow_unicode=True))
    doc = open_docx(docgen.render(campaign, "plan"))
    body = next(p for p in doc.paragraphs if p.style.style_id == "Normal" and p.text.strip())
    assert run_property(doc, body, body.runs[0], "w:rFonts", "w:eastAsia") == "仿宋"
    kai = next((p, r) for p in doc.paragraphs for r in p.runs
               if r._element.rPr is not None and r._element.rPr.find(
                   "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rStyle") is not None)
    assert run_property(doc, kai[0], kai[1], "w:rFonts", "w:eastAsia") == "楷体"


def test_each_face_is_chosen_on_its_own(campaign_data):
    campaign = docgen.loads(yaml.safe_dump(with_fonts(campaign_data, {"kaiti": "楷体"}), allow_unicode=True))
    used = east_asian_faces(xml_parts(docgen.render(campaign, "plan")))
    assert "楷体" in used and "楷体_GB2312" not in used and "仿宋_GB2312" in used


def test_direct_formatting_in_a_user_template_follows_the_choice(campaign_data, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(template_source.build("@title {{ title }}\n@body {{ unit.name }}\n"))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:r><w:t", '<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t'.encode(), 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zout:
        for name, part in parts.items():
            zout.writestr(name, part)
    path.write_bytes(buffer.getvalue())
    campaign = docgen.loads(yaml.safe_dump(with_fonts(campaign_data, GBK_FONTS), allow_unicode=True))
    document = xml_parts(docgen.render(campaign, "plan", template=path))["word/document.xml"]
    assert 'w:eastAsia="仿宋"' in document and "GB2312" not in document


def test_only_the_offered_faces_are_accepted(campaign_data, tmp_path, write_yaml):
    path = write_yaml(with_fonts(campaign_data, {"fangsong": "宋体"}))
    with pytest.raises(ValidationError) as info:
        docgen.load(path)
    assert "documents.fonts.fangsong" in str(info.value)
    result = run("validate", path)
    assert result.returncode == 2 and "documents.fonts.fangsong" in result.stderr


# --- characters outside GB2312 -----------------------------------------------------------

@pytest.fixture
def rare_names(reference_path, tmp_path):
    """The reference with a leader called 王喆 and a member called 李堃."""
    text = reference_path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    leader = data["leadership"]["leader"][0]["name"]
    member = data["leadership"]["members"][1]["name"]
    text = text.replace(f"name: {leader}\n", "name: 王喆\n", 1).replace(f"name: {member}\n", "name: 李堃\n", 1)
    path = tmp_path / "活动.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    return path, lines.index(next(l for l in lines if l.endswith("name: 王喆"))) + 1, \
        lines.index(next(l for l in lines if l.endswith("name: 李堃"))) + 1


def test_characters_outside_gb2312_are_named_with_their_field_and_line(rare_names):
    path, line_zhe, line_kun = rare_names
    with collect_warnings() as notes:
        docgen.render(docgen.load(path), "plan")
    texts = [str(n) for n in notes]
    zhe, = [t for t in texts if "“喆”" in t]
    kun, = [t for t in texts if "“堃”" in t]
    assert f"{path}:{line_zhe}" in zhe and "leadership.leader[0].name" in zhe and "王喆" in zhe
    assert f"{path}:{line_kun}" in kun and "leadership.members[1].name" in kun
    assert "仿宋_GB2312" in zhe and "documents" in zhe and "fonts" in zhe


def test_no_warning_with_the_gbk_faces(rare_names):
    path, _, _ = rare_names
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(with_fonts(data, GBK_FONTS), allow_unicode=True), encoding="utf-8")
    with collect_warnings() as notes:
        docgen.render(docgen.load(path), "plan")
    assert not [n for n in notes if "GB2312" in str(n)]


def test_cli_warns_once_per_field_for_all_kinds(rare_names, tmp_path):
    path, _, _ = rare_names
    result = run("render", path, "--kind", "all", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("“喆”") == 1 and result.stderr.count("“堃”") == 1


def test_missing_characters_ignores_latin_and_gb2312_text():
    assert faces.missing_characters("Times 2026 王李 ABC") == ""
    assert faces.missing_characters("王喆、李堃、王喆") == "喆堃"
    assert faces.missing_characters("“〔2026〕”——、。") == ""


def test_the_starter_offers_the_setting(tmp_path):
    from docgen.resources import starter_path

    text = starter_path().read_text(encoding="utf-8").replace("{{SCHEMA_URI}}", "x")
    assert "  # fonts: {fangsong: 仿宋, kaiti: 楷体}" in text
    campaign = docgen.loads(text.replace("  # fonts: {", "  fonts: {", 1))
    assert faces.substitutions(campaign.documents.fonts) == {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}


def test_only_characters_in_the_document_are_warned_about(rare_names):
    # Both names are in the member list; the task table names neither.
    campaign = docgen.load(rare_names[0])
    assert len(faces.uncovered(campaign)) == 2
    with collect_warnings() as notes:
        docgen.render(campaign, "members")
    assert sorted("堃" in str(n) for n in notes) == [False, True]
    with collect_warnings() as notes:
        docgen.render(campaign, "tasks")
    assert notes == []


def test_the_document_test_ignores_latin_text_and_the_dash():
    # Python's gb2312 codec lacks “—” (U+2014) though GB2312 fonts have it; Latin text uses Times New Roman.
    assert faces.in_gb2312("2026年3月5日—4月30日 café ①")
    assert not faces.in_gb2312("<w:t>王喆</w:t>")
