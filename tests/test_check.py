"""``docgen.check``: a conformant document stays clean, each broken variant fires its rule."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

import broken_docs as bd
from docgen import gbt9704 as std
from docgen.checker import RULES, Finding, Report, check
from docgen.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("check_docs")


def _build(docs: Path, name: str, spec: bd.Spec) -> Path:
    path = docs / f"{name}.docx"
    if not path.exists():
        bd.build(path, spec)
    return path


# --------------------------------------------------------------------------- clean documents

@pytest.mark.parametrize("name", sorted(bd.CLEAN_VARIANTS))
def test_conformant_documents_have_no_findings(docs, name):
    report = check(_build(docs, name, bd.CLEAN_VARIANTS[name]))
    assert report.ok, report.to_text()
    assert report.findings == [], report.to_text()


def test_style_chain_is_resolved_not_guessed(docs):
    """Fonts only on basedOn ancestors (paragraph and character styles): no false positive, but the same
    document with the ancestor's font removed must be caught — proving the chain is actually read."""
    path = _build(docs, "style_chain", bd.CLEAN_VARIANTS["style_chain"])
    assert check(path).ok
    broken = docs / "style_chain_broken.docx"
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/styles.xml":
                text = data.decode("utf-8")
                # GwKai (the base of the run's character style) loses 楷体 → the run falls back to 仿宋
                text = re.sub(r'(w:styleId="GwKai">.*?)<w:rFonts w:eastAsia="[^"]+"/>', r"\1", text, count=1,
                              flags=re.S)
                data = text.encode("utf-8")
            z.writestr(info, data)
    report = check(broken)
    assert "font.heading2" in report.rules(), report.to_text()
    assert {f.rule for f in report.errors} == {"font.heading2"}, report.to_text()


# --------------------------------------------------------------------------- broken variants

@pytest.mark.parametrize("name", sorted(bd.VARIANTS))
def test_broken_variant_fires_its_rule(docs, name):
    spec, rule = bd.VARIANTS[name]
    report = check(_build(docs, name, spec))
    assert rule in report.rules(), report.to_text()
    assert rule in RULES
    if rule != "font.eastasia" and name != "title_wraps_in_word":  # those two are warnings
        assert not report.ok


@pytest.mark.parametrize("name, unrelated", [
    ("margins", {"font.body", "font.title", "line.spacing"}),
    ("heading_gap", {"font.heading1", "page.margins"}),
    ("date_iso", {"heading.sequence", "font.body"}),
    ("halfwidth_comma", {"space.cjk", "punct.quotes"}),
])
def test_broken_variant_fires_only_its_rule(docs, name, unrelated):
    spec, rule = bd.VARIANTS[name]
    report = check(_build(docs, name, spec))
    assert {f.rule for f in report.findings} == {rule}, report.to_text()
    assert not unrelated & report.rules()


def test_title_message_names_what_is_wanted_and_found(docs):
    spec, _ = bd.VARIANTS["title_hei_16"]
    report = check(_build(docs, "title_hei_16", spec))
    (finding,) = [f for f in report.findings if f.rule == "font.title"]
    assert finding.severity == "error"
    assert finding.message.startswith(f"标题应为2号（22磅）{std.FONT_TITLE}，实为16磅黑体 / ")
    assert "title must be 22 pt" in finding.message and "16 pt 黑体" in finding.message
    assert finding.excerpt and finding.excerpt.startswith("临川市教育局关于")


def test_ascii_only_font_gives_body_error_and_eastasia_warning(docs):
    spec, _ = bd.VARIANTS["body_ascii_slot"]
    report = check(_build(docs, "body_ascii_slot", spec))
    body = [f for f in report.findings if f.rule == "font.body"]
    assert body and all("宋体" in f.message for f in body)
    assert {f.severity for f in report.findings if f.rule == "font.eastasia"} == {"warning"}


def test_theme_font_resolved_through_theme(docs):
    spec, _ = bd.VARIANTS["body_theme_songti"]
    report = check(_build(docs, "body_theme_songti", spec))
    assert any("宋体" in f.message for f in report.findings if f.rule == "font.body"), report.to_text()


def test_heading_gap_names_the_missing_ordinal(docs):
    spec, _ = bd.VARIANTS["heading_gap"]
    report = check(_build(docs, "heading_gap", spec))
    (finding,) = [f for f in report.findings if f.rule == "heading.sequence"]
    assert finding.excerpt == "三、工作任务"
    assert "二、" in finding.message and finding.severity == "error"


def test_level2_before_any_level1_is_a_warning(docs):
    spec = bd.replace(bd.CONFORMANT, extra_body=("（一）先写的二级标题。正文内容。",))
    report = check(_build(docs, "h2_first", spec))
    seq = [f for f in report.findings if f.rule == "heading.sequence"]
    assert [f.severity for f in seq][:1] == ["warning"], report.to_text()


def test_level2_numbering_restarts_under_each_level1(docs):
    # the conformant document has （一）（二） under 二、 only; add 四、 with （一） again and 1. again
    spec = bd.replace(bd.CONFORMANT, h1=("一、总体要求", "二、工作任务", "三、保障措施", "四、其他事项"))
    assert not check(_build(docs, "four_h1", spec)).findings


def test_page_number_hyphens_message(docs):
    spec, _ = bd.VARIANTS["footer_hyphen"]
    report = check(_build(docs, "footer_hyphen", spec))
    msgs = [f.message for f in report.findings if f.rule == "page.number"]
    assert len(msgs) == 1 and "U+2014" in msgs[0] and "-1-" in msgs[0]


def test_page_number_font_and_size(docs):
    path = _build(docs, "footer_tnr", bd.CONFORMANT)
    bd.with_footer_xml(path, lambda xml: xml.replace(
        "<w:r><w:t>1</w:t></w:r>",
        '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="21"/></w:rPr>'
        "<w:t>1</w:t></w:r>"))
    report = check(path)
    msgs = [f.message for f in report.errors if f.rule == "page.number"]
    assert msgs and "Times New Roman" in msgs[0] and "10.5磅" in msgs[0], report.to_text()


def test_page_number_alignment_and_alternation(docs):
    report = check(_build(docs, "no_even_odd", bd.replace(bd.CONFORMANT, even_odd=False)))
    assert [(f.rule, f.severity) for f in report.findings] == [("page.number", "warning")], report.to_text()
    assert report.ok

    path = _build(docs, "odd_left", bd.CONFORMANT)
    bd.with_footer_xml(path, lambda xml: xml.replace('w:val="right"', 'w:val="center"'))
    report = check(path)
    assert any(f.rule == "page.number" and "居右" in f.message for f in report.errors), report.to_text()


def test_date_in_running_text(docs):
    spec = bd.replace(bd.CONFORMANT, extra_body=("请于2026/3/5前报送，逾期不候；另于2026.3.10召开会议。",
                                                 "会议定于26年3月5日召开。"))
    report = check(_build(docs, "dates_text", spec))
    dates = [f for f in report.findings if f.rule == "date.format"]
    assert len(dates) == 2, report.to_text()
    assert "2026年3月5日" in dates[0].message and "2026年3月10日" in dates[0].message


def test_docnumber_citation_with_round_brackets(docs):
    spec = bd.replace(bd.CONFORMANT, extra_body=("根据《关于加强校园安全的通知》（市教发（2025）12号）要求，制定本通知。",))
    report = check(_build(docs, "docnum_cite", spec))
    assert "docnumber.brackets" in report.rules(), report.to_text()


def test_unpaired_quotes_warn(docs):
    spec = bd.replace(bd.CONFORMANT, extra_body=("开展“平安校园创建活动。",))
    report = check(_build(docs, "unpaired", spec))
    assert [(f.rule, f.severity) for f in report.findings] == [("punct.quotes", "warning")], report.to_text()


def test_ideographic_space_is_not_flagged(docs):
    # 全角空格 is how offices space two-character names and the 印发 line; the conformant doc uses it there too
    spec = bd.replace(bd.CONFORMANT, extra_body=("组长：张　三（局长）",))
    assert not check(_build(docs, "ideographic", spec)).findings


# --------------------------------------------------------------------------- report API

def test_report_text_names_paragraph_and_excerpt(docs):
    spec, _ = bd.VARIANTS["heading_gap"]
    report = check(_build(docs, "heading_gap", spec))
    text = report.to_text()
    finding = report.errors[0]
    assert f"第{finding.paragraph}段「三、工作任务」 error heading.sequence: " in text
    assert text.splitlines()[-1].endswith("1 error(s), 0 warning(s)")
    assert check(_build(docs, "conformant", bd.CONFORMANT)).to_text().count("\n") == 0


def test_document_level_findings_have_no_paragraph(docs):
    report = check(_build(docs, "margins", bd.VARIANTS["margins"][0]))
    (finding,) = report.findings
    assert finding.paragraph is None and finding.excerpt is None
    assert report.to_text().startswith("全文 error page.margins: 页边距应为上37")


def test_to_dict_round_trips_through_json(docs):
    spec, _ = bd.VARIANTS["body_ascii_slot"]
    report = check(_build(docs, "body_ascii_slot", spec))
    data = report.to_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert again["ok"] is False and again["errors"] == len(report.errors)
    assert again["warnings"] == len(report.warnings)
    assert Report.from_dict(again) == report
    assert set(again["findings"][0]) == {"rule", "severity", "message", "paragraph", "excerpt", "count"}


def test_finding_is_frozen():
    f = Finding("font.body", "error", "x", 1, "y")
    with pytest.raises(Exception):
        f.rule = "other"  # type: ignore[misc]


def test_paragraph_numbers_match_python_docx(docs):
    import docx

    spec, _ = bd.VARIANTS["space_cjk"]
    path = _build(docs, "space_cjk", spec)
    (finding,) = check(path).findings
    paragraphs = docx.Document(str(path)).paragraphs
    assert paragraphs[finding.paragraph - 1].text.startswith(finding.excerpt)


# --------------------------------------------------------------------------- unusable input

def test_missing_file_raises_input_error(tmp_path):
    with pytest.raises(InputError) as info:
        check(tmp_path / "nope.docx")
    assert info.value.exit_code == 2 and "找不到文件" in str(info.value)


def test_directory_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        check(tmp_path)


def test_not_a_zip_raises_input_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(InputError) as info:
        check(path)
    assert ".docx" in str(info.value)


def test_zip_without_document_raises_input_error(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError):
        check(path)


def test_corrupt_xml_raises_input_error(docs, tmp_path):
    src = _build(docs, "conformant", bd.CONFORMANT)
    path = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(path, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            out.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    with pytest.raises(InputError):
        check(path)


def test_truncated_zip_raises_input_error(docs, tmp_path):
    data = _build(docs, "conformant", bd.CONFORMANT).read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError):
        check(path)


# --------------------------------------------------------------------------- docgen's own output

@pytest.mark.parametrize("sample", sorted((ROOT / "samples").glob("*.yaml")), ids=lambda p: p.stem)
def test_docgen_rendered_documents_are_clean(sample, tmp_path):
    import docgen

    try:
        data = docgen.render(docgen.load(sample), kind="plan")
    except docgen.DocgenError as exc:  # the sample may not support the kind
        pytest.skip(str(exc))
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    report = check(path)
    assert report.ok, report.to_text()
    assert not report.findings, report.to_text()


def test_tightened_closing_page_is_accepted_but_only_one_page(docs):
    """GB/T 9704 7.3.5: 行距 may shrink on the 落款's page — not throughout the document."""
    short = _build(docs, "tight_short", bd.replace(bd.CONFORMANT, line=(500, "exact")))
    assert "line.spacing" not in check(short).rules(), check(short).to_text()
    long = _build(docs, "tight_long", bd.replace(bd.CONFORMANT, line=(500, "exact"),
                                                  extra_body=(bd.BODY,) * 30))
    report = check(long)
    (finding,) = [f for f in report.findings if f.rule == "line.spacing"]
    assert "25磅" in finding.message and finding.count >= 20, report.to_text()
    too_tight = _build(docs, "tight_too_much", bd.replace(bd.CONFORMANT, line=(440, "exact")))
    assert "line.spacing" in check(too_tight).rules()  # 22 pt: below the 24 pt docgen ever uses


@pytest.mark.parametrize("name, severity, words", [
    ("title_broken_in_word", "error", "“传播”"),
    ("title_lone_character", "error", "只有一个字"),
    ("title_wraps_in_word", "warning", "“校园安全”"),  # no break of its own: 20 characters fit, it wraps
])
def test_title_breaks(docs, name, severity, words):
    spec, _ = bd.VARIANTS[name]
    report = check(_build(docs, name, spec))
    (finding,) = [f for f in report.findings if f.rule == "title.break"]
    assert finding.severity == severity and words in finding.message, report.to_text()
    assert [f.rule for f in report.findings] == ["title.break"], report.to_text()


def test_salutation_of_punctuation_only_names_is_still_the_salutation(tmp_path, reference_path):
    # Found by test_properties: recipients [".一"] print as "。一：" — no sentence, so no indent is wanted
    # (a recipient of punctuation alone is now refused when the campaign is read).
    import warnings

    import yaml

    import docgen
    from docgen.checker import _is_salutation

    assert _is_salutation("。：") and _is_salutation("。“：") and _is_salutation("。一：") and _is_salutation("各科室：")
    assert not _is_salutation("请于3月5日前报送。“双减”工作联系人：")
    assert not _is_salutation("现将方案印发给你们。请结合实际，认真贯彻落实：")
    data = yaml.safe_load(reference_path.read_text(encoding="utf-8"))
    data["documents"]["plan"]["recipients"] = [".一"]
    out = tmp_path / "notice.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docgen.render_file(docgen.load(data), "notice", out)
    assert [f.rule for f in check(out).findings] == []
