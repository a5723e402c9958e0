"""The built-in .docx templates are generated from their readable sources and must stay in sync."""
from __future__ import annotations

import io
import zipfile

import pytest

from docgen import template_source
from docgen.resources import templates_dir

SOURCES = sorted((templates_dir() / "src").glob("*.txt"))


def parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_committed_docx_matches_its_source(source):
    docx_path = source.parent.parent / f"{source.stem}.docx"
    assert docx_path.is_file(), f"{docx_path.name} missing: run python -m docgen.template_source"
    built = parts(template_source.build(source.read_text(encoding="utf-8")))
    committed = parts(docx_path.read_bytes())
    stale = [name for name in built if built[name] != committed.get(name)]
    assert not stale, f"{docx_path.name} is out of date ({stale}): run python -m docgen.template_source"


def test_every_source_has_a_template_and_back():
    docx = {p.stem for p in templates_dir().glob("*.docx")}
    assert docx == {s.stem for s in SOURCES}


def test_source_syntax_errors_name_the_line():
    with pytest.raises(template_source.SourceSyntaxError, match="line 2"):
        template_source.document_xml("@title x\nplain line without a style\n")
    with pytest.raises(template_source.SourceSyntaxError, match="unknown paragraph style"):
        template_source.document_xml("@nosuchstyle x\n")
