"""Read a rendered .docx back independently of docgen: text, styles, effective fonts, layout."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Optional

import docx
from docx.oxml.ns import qn

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH = r"\u3000-\u303f\uff00-\uffef“”‘’—…"


@dataclass
class Para:
    index: int
    text: str
    style_id: str
    doc_para: object


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def _text(p) -> str:
    """A paragraph's text; a title's lines (w:br, set by the layout) read as the one title they are."""
    style = p.style.style_id if p.style is not None else ""
    return p.text.replace("\n", "") if style == "GwTitle" else p.text


def paragraphs(document) -> list[Para]:
    out = []
    for i, p in enumerate(document.paragraphs, 1):
        out.append(Para(i, _text(p), p.style.style_id if p.style is not None else "", p))
    return out


def _style_chain(document, style_id: Optional[str]):
    styles = document.styles.element
    while style_id:
        el = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if el is None:
            break
        yield el
        based = el.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None


def _defaults_rpr(document):
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def _rpr_value(rpr, tag: str, attr: str):
    if rpr is None:
        return None
    el = rpr.find(qn(tag))
    return el.get(qn(attr)) if el is not None else None


def run_property(document, paragraph, run, tag: str, attr: str):
    """Effective run property: run → character style chain → paragraph style chain → defaults."""
    value = _rpr_value(run._element.rPr, tag, attr)
    if value is not None:
        return value
    rstyle = run._element.rPr.find(qn("w:rStyle")) if run._element.rPr is not None else None
    if rstyle is not None:
        for el in _style_chain(document, rstyle.get(qn("w:val"))):
            value = _rpr_value(el.find(qn("w:rPr")), tag, attr)
            if value is not None:
                return value
    pstyle = paragraph.style.style_id if paragraph.style is not None else None
    for el in _style_chain(document, pstyle):
        value = _rpr_value(el.find(qn("w:rPr")), tag, attr)
        if value is not None:
            return value
    return _rpr_value(_defaults_rpr(document), tag, attr)


def east_asian_fonts(document, paragraph) -> set[str]:
    return {run_property(document, paragraph, r, "w:rFonts", "w:eastAsia") for r in paragraph.runs if r.text.strip()}


def sizes_pt(document, paragraph) -> set[float]:
    return {int(run_property(document, paragraph, r, "w:sz", "w:val")) / 2 for r in paragraph.runs if r.text.strip()}


def paragraph_property(document, paragraph, tag: str, attr: str):
    """Effective paragraph property via pPr → style chain."""
    ppr = paragraph._element.pPr
    if ppr is not None:
        el = ppr.find(qn(tag))
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    for style in _style_chain(document, paragraph.style.style_id if paragraph.style is not None else None):
        ppr = style.find(qn("w:pPr"))
        el = ppr.find(qn(tag)) if ppr is not None else None
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    return None


def hygiene_problems(text: str) -> list[str]:
    """Typography faults in document text: leftovers, ISO dates, half-width punctuation, stray spaces."""
    problems = []
    for bad in ("None", "{{", "}}", "{%", "%}", "Undefined"):
        if bad in text:
            problems.append(f"leftover {bad!r}")
    if re.search(r"\d{4}-\d{1,2}-\d{1,2}", text):
        problems.append("ISO date")
    if re.search(rf"[{CJK}{FULLWIDTH}][,;:?!()]|[,;:?!()][{CJK}{FULLWIDTH}]", text):
        problems.append("half-width punctuation in Chinese text")
    if re.search(rf"[{CJK}{FULLWIDTH}] +[{CJK}{FULLWIDTH}]", text):
        problems.append("space between Chinese characters")
    if re.search(r"[\"']", text):
        problems.append("straight quote")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        problems.append("control character")
    return problems


def all_text(document) -> str:
    parts = [_text(p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()
