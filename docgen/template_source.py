"""Build the built-in .docx templates from their readable sources (``templates/src/*.txt``).

The .docx files are what offices open and edit in Word/WPS; the text sources are
what reviewers read in git diffs.  ``python -m docgen.template_source`` rebuilds
every template; a test fails when a committed .docx is out of sync with its source.

Source format, one paragraph per line::

    ## a comment
    @title {{ title }}                      paragraph in style "title" (keys: layout.STYLES)
    @body <kai>{{ num.h2() }}标题。</kai>正文   inline <kai>/<hei> runs use the 楷体/黑体 character styles
    {%p for t in tasks %}                   a docxtpl paragraph-level control line
    @blank                                  an empty body paragraph
    @pagebreak                              a page break
    @table COL1=WIDTH|COL2=WIDTH ...        a table (see _table); header row repeats on each page
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from . import layout
from .package import DOCUMENT, minimal_package, to_bytes, W_NS

_INLINE = re.compile(r"<(kai|hei)>(.*?)</\1>")
_NS = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


class SourceSyntaxError(ValueError):
    """A template source line docgen cannot turn into a paragraph."""


def _run(text: str, char_style: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{layout.STYLES[char_style].style_id}"/></w:rPr>' if char_style else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _runs(text: str) -> str:
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append(_run(text[pos:match.start()]))
        out.append(_run(match.group(2), match.group(1)))
        pos = match.end()
    if pos < len(text):
        out.append(_run(text[pos:]))
    return "".join(out)


def paragraph(style_key: str, text: str) -> str:
    """A ``<w:p>`` in docgen style ``style_key`` holding ``text`` (with inline markup)."""
    if style_key not in layout.STYLES or layout.STYLES[style_key].kind != "paragraph":
        raise SourceSyntaxError(f"unknown paragraph style @{style_key}")
    style_id = layout.STYLES[style_key].style_id
    ppr = "" if style_id == "Normal" else f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
    return f"<w:p>{ppr}{_runs(text)}</w:p>"


def _table(spec: str, rows: list[str]) -> str:
    """``@table 序号=800|任务=2400`` then lines ``| a | b |`` (first = header) or control lines, ``@endtable``."""
    columns = [c.split("=") for c in spec.split("|")]
    widths = [int(w) for _, w in columns]
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    header = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                     f'{paragraph("table", "<hei>" + name + "</hei>")}</w:tc>' for (name, _), w in zip(columns, widths))
    out.append(f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>')
    for row in rows:
        if row.startswith("{%"):
            out.append(f"<w:tr><w:tc><w:p><w:r><w:t>{escape(row.replace('{%', '{%tr', 1))}</w:t></w:r></w:p></w:tc></w:tr>")
            continue
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) != len(widths):
            raise SourceSyntaxError(f"table row has {len(cells)} cells, expected {len(widths)}: {row}")
        tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                      f'{paragraph("table", cell)}</w:tc>' for cell, w in zip(cells, widths))
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(source: str) -> str:
    """The document.xml of a template source."""
    body: list[str] = []
    lines = iter(source.splitlines())
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line or line.startswith("##"):
            continue
        if line.startswith("{%"):
            body.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
        elif line == "@blank":
            body.append(paragraph("flush", ""))
        elif line == "@pagebreak":
            body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        elif line.startswith("@table "):
            rows = []
            for row in lines:
                if row.strip() == "@endtable":
                    break
                if row.strip():
                    rows.append(row.strip())
            body.append(_table(line[len("@table "):].strip(), rows))
        elif line.startswith("@"):
            key, _, text = line[1:].partition(" ")
            try:
                body.append(paragraph(key, text))
            except SourceSyntaxError as exc:
                raise SourceSyntaxError(f"line {number}: {exc}") from None
        else:
            raise SourceSyntaxError(f"line {number}: a line must start with @style, {{%p or ##: {line!r}")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_NS}><w:body>'
            + "".join(body) + "<w:sectPr/></w:body></w:document>")


def build(source: str) -> bytes:
    """The .docx bytes of a template source, laid out to GB/T 9704."""
    parts = layout.apply(minimal_package(document_xml(source)))
    return to_bytes(parts)


def build_all(folder: Path) -> list[Path]:
    """Rebuild ``folder/*.docx`` from ``folder/src/*.txt``; return the files written."""
    written = []
    for src in sorted((folder / "src").glob("*.txt")):
        target = folder / f"{src.stem}.docx"
        target.write_bytes(build(src.read_text(encoding="utf-8")))
        written.append(target)
    return written


if __name__ == "__main__":
    from .resources import templates_dir

    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else templates_dir()):
        print(f"built {path}")
