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
    @table COL1=WIDTH|COL2=WIDTH:left ...   a table (see _table); header row repeats on each page
    @banji                                  the 版记 (see _banji): rules, 抄送, 印发机关和印发日期,
                                            at the bottom of the last page's type area
    {{p plan_body }}                        a paragraph replaced by ready-made paragraphs (docxtpl)

Inline: ``<br/>`` breaks the line inside a paragraph; ``<tab/>`` is a tab (to the right tab stop
of a 版记 line).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from . import gbt9704 as std, layout
from .package import minimal_package, to_bytes, W_NS

_INLINE = re.compile(r"<(kai|hei)>(.*?)</\1>")
_NS = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


class SourceSyntaxError(ValueError):
    """A template source line docgen cannot turn into a paragraph."""


_BREAKS = {"&lt;br/&gt;": '</w:t><w:br/><w:t xml:space="preserve">',
           "&lt;tab/&gt;": '</w:t><w:tab/><w:t xml:space="preserve">'}


def _run(text: str, char_style: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{layout.STYLES[char_style].style_id}"/></w:rPr>' if char_style else ""
    body = escape(text)
    for mark, xml in _BREAKS.items():
        body = body.replace(mark, xml)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


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


def paragraph(style_key: str, text: str, extra_ppr: str = "") -> str:
    """A ``<w:p>`` in docgen style ``style_key`` holding ``text`` (with inline markup)."""
    if style_key not in layout.STYLES or layout.STYLES[style_key].kind != "paragraph":
        raise SourceSyntaxError(f"unknown paragraph style @{style_key}")
    style_id = layout.STYLES[style_key].style_id
    pstyle = "" if style_id == "Normal" else f'<w:pStyle w:val="{style_id}"/>'
    ppr = f"<w:pPr>{pstyle}{extra_ppr}</w:pPr>" if pstyle or extra_ppr else ""
    return f"<w:p>{ppr}{_runs(text)}</w:p>"


_VM = "{% vm %}"


def _cell(text: str, width: int, style_key: str) -> str:
    """One table cell; a cell starting with ``{% vm %}`` merges vertically with the same cell of the
    following rows of the innermost ``{%tr for %}`` loop (its text printed once, centred)."""
    merge = ""
    if text.startswith(_VM):
        merge = '<w:vMerge w:val="{% if loop.first %}restart{% else %}continue{% endif %}"/>'
        text = "{% if loop.first %}" + text[len(_VM):].strip() + "{% endif %}"
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/></w:tcPr>'
            f'{paragraph(style_key, text)}</w:tc>')


def _control_row(line: str) -> str:
    """A ``{%tr … %}`` row: docxtpl replaces the whole row by the Jinja tag."""
    return f"<w:tr><w:tc><w:p><w:r><w:t>{escape(line.replace('{%', '{%tr', 1))}</w:t></w:r></w:p></w:tc></w:tr>"


# 1 mm above and below cell text, Word's default 0.19 cm at the sides.
_CELL_MARGINS = (f'<w:tblCellMar><w:top w:w="{std.mm_to_twips(1)}" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                 f'<w:bottom w:w="{std.mm_to_twips(1)}" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>')


def _table(spec: str, rows: list[str]) -> str:
    """``@table 序号=800|任务=2400|内容=3600:left`` then lines ``| a | b |`` (first = header) or control
    lines, ``@endtable``.  Widths in twips; ``:left`` justifies a column's text instead of centring it."""
    columns = []
    for column in spec.split("|"):
        name, _, rest = column.partition("=")
        width, _, align = rest.partition(":")
        columns.append((name.strip(), int(width), "table_left" if align.strip() == "left" else "table"))
    widths = [w for _, w, _ in columns]
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>{_CELL_MARGINS}</w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>']
    header = "".join(_cell("<hei>" + name + "</hei>", w, "table") for name, w, _ in columns)
    out.append(f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>')
    for row in rows:
        if row.startswith("{%"):
            out.append(_control_row(row))
            continue
        # Cells are separated by " | " (spaces around), so Jinja filters (x|join_list) stay intact.
        cells = [c.strip() for c in re.split(r"\s\|(?:\s|$)|^\|\s", row.strip()) if c.strip()]
        if len(cells) != len(widths):
            raise SourceSyntaxError(f"table row has {len(cells)} cells, expected {len(widths)}: {row}")
        tcs = "".join(_cell(cell, w, style) for cell, (_, w, style) in zip(cells, columns))
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _rule(mm: float) -> int:
    """A rule's thickness in eighths of a point (Word's border unit)."""
    return round(mm * 72 / 25.4 * 8)


def _banji(rows: list[str]) -> str:
    """The 版记: lines ``| 抄送：…`` / ``| 印发机关<tab/>日期印发`` (or control lines) between ``@banji`` and
    ``@endbanji``.

    A one-column table the width of the type area: thick rules above the first and below the last
    line, thin rules between, no side rules.  It floats at the bottom of the last page's type area
    (``tblpPr``: ``vertAnchor="margin"`` + ``tblpYSpec="bottom"``), which Word and LibreOffice both honour.
    """
    width = std.mm_to_twips(std.TYPE_AREA_WIDTH_MM)
    thick, thin = _rule(std.BANJI_RULE_THICK_MM), _rule(std.BANJI_RULE_THIN_MM)
    borders = (f'<w:top w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
               '<w:left w:val="nil"/>'
               f'<w:bottom w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
               '<w:right w:val="nil"/>'
               f'<w:insideH w:val="single" w:sz="{thin}" w:space="0" w:color="000000"/>'
               '<w:insideV w:val="nil"/>')
    # The date of 印发 ends one character from the right: a right tab stop at the right indent.
    banji = layout.STYLES["banji"]
    tab_pos = width - std.chars_to_twips(banji.right_chars, banji.size)
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{tab_pos}"/></w:tabs>'
    # Horizontally placed from the page edge (at the left margin): LibreOffice keeps a type-area-wide
    # floating table floating only then; vertically at the bottom of the margin box (the type area).
    out = [paragraph("anchor", ""),
           f'<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
           f'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" '
           f'w:tblpX="{std.mm_to_twips(std.MARGIN_LEFT_MM)}" w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/><w:tblW w:w="{width}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
           f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>']
    for row in rows:
        if row.startswith("{%"):
            out.append(_control_row(row))
            continue
        if not row.startswith("|"):
            raise SourceSyntaxError(f"a 版记 line starts with | or {{%: {row}")
        text, style_key = row[1:].strip(), "banji"
        if text.startswith("@"):  # | @banji_cc 抄送：… — another style for this line
            style_key, _, text = text[1:].partition(" ")
        extra = tabs if "<tab/>" in text else ""
        out.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                   f'</w:tcPr>{paragraph(style_key, text.strip(), extra)}</w:tc></w:tr>')
    out.append("</w:tbl>")
    # A floating table is anchored to the paragraph after it.
    out.append(paragraph("anchor", ""))
    return "".join(out)


def document_xml(source: str) -> str:
    """The document.xml of a template source."""
    body: list[str] = []
    lines = iter(source.splitlines())
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line or line.startswith("##"):
            continue
        if line.startswith(("{%", "{{p ")):
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
        elif line == "@banji":
            rows = []
            for row in lines:
                if row.strip() == "@endbanji":
                    break
                if row.strip():
                    rows.append(row.strip())
            body.append(_banji(rows))
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
