"""Measure a rendered PDF with poppler-utils (``pdftotext -bbox-layout``, ``pdffonts``, ``pdfinfo``).

Pure functions over a PDF path, used by the PDF tests and ``docgen check``: the text lines of a page
with their boxes (to count lines per page and characters per line, and to see where page numbers
sit), the fonts and whether they are embedded, and the page count.  Coordinates are PDF points
with the origin at the TOP-left of the page (as pdftotext reports them).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Optional, Union

from .errors import PdfError

PathLike = Union[str, os.PathLike[str]]

POINTS_PER_MM = 72 / 25.4

_XHTML = "{http://www.w3.org/1999/xhtml}"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    """One visual line of text: its words joined by single spaces, and its box in points."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def chars(self) -> int:
        """Characters on the line, not counting spaces."""
        return len(_SPACES.sub("", self.text))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center_y(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class FontInfo:
    """One row of ``pdffonts``: the font's name (``ABCDEF+`` subset tag kept), type, embedded."""

    name: str
    type: str
    embedded: bool
    subset: bool = False

    @property
    def base_name(self) -> str:
        """The name without the subset tag: ``ABCDEF+FandolFang-Regular`` → ``FandolFang-Regular``."""
        return re.sub(r"^[A-Z]{6}\+", "", self.name)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PdfError(f"未找到 {name}（poppler-utils）/ {name} not found",
                       hint="apt-get install poppler-utils")
    return path


def _run(args: list[str]) -> str:
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise PdfError(f"{os.path.basename(args[0])} 失败 / failed on {args[-1]}: "
                       f"{proc.stderr.decode('utf-8', 'replace').strip()[:500]}")
    return proc.stdout.decode("utf-8", "replace")


def page_count(pdf: PathLike) -> int:
    """Number of pages (``pdfinfo``)."""
    out = _run([_tool("pdfinfo"), str(pdf)])
    match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    if not match:
        raise PdfError(f"pdfinfo 未报告页数 / pdfinfo reported no page count for {pdf}")
    return int(match.group(1))


def page_size(pdf: PathLike, page: int = 1) -> tuple[float, float]:
    """(width, height) of ``page`` in points."""
    root = _bbox_xml(pdf, page)
    el = root.find(f".//{_XHTML}page")
    return _number(el, "width"), _number(el, "height")


def _number(el: Optional[ET.Element], name: str) -> float:
    """Attribute ``name`` of a pdftotext box as a number."""
    value = None if el is None else el.get(name)
    if value is None:
        raise PdfError(f"pdftotext 的输出缺少 {name} / pdftotext reported no {name}")
    return float(value)


def _bbox_xml(pdf: PathLike, page: int) -> ET.Element:
    out = _run([_tool("pdftotext"), "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"])
    # pdftotext writes XHTML; drop the DOCTYPE (ElementTree does not need it).
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out, count=1)
    return ET.fromstring(out)


def _raw_lines(pdf: PathLike, page: int) -> list[Line]:
    root = _bbox_xml(pdf, page)
    lines: list[Line] = []
    for line in root.iter(f"{_XHTML}line"):
        words = [w.text or "" for w in line.iter(f"{_XHTML}word")]
        text = " ".join(w for w in words if w)
        if not text:
            continue
        lines.append(Line(text, _number(line, "xMin"), _number(line, "yMin"),
                          _number(line, "xMax"), _number(line, "yMax")))
    return lines


def page_lines(pdf: PathLike, page: int, *, merge: bool = True) -> list[Line]:
    """The text lines of ``page`` (1-based), top to bottom.

    With ``merge`` (the default), pieces pdftotext reports as separate lines or blocks but that sit
    on the same baseline (vertical centres within a third of the line height) are joined left to
    right, so one visual line is one :class:`Line`.
    """
    if page < 1:
        raise ValueError("page numbers start at 1")
    raw = sorted(_raw_lines(pdf, page), key=lambda l: (l.center_y, l.x0))
    if not merge:
        return raw
    groups: list[list[Line]] = []
    for line in raw:
        if groups:
            last = groups[-1]
            ref = last[0]
            if abs(line.center_y - ref.center_y) <= max(ref.height, line.height) / 3:
                last.append(line)
                continue
        groups.append([line])
    merged: list[Line] = []
    for group in groups:
        group.sort(key=lambda l: l.x0)
        merged.append(Line(" ".join(l.text for l in group), min(l.x0 for l in group),
                           min(l.y0 for l in group), max(l.x1 for l in group), max(l.y1 for l in group)))
    return merged


def fonts(pdf: PathLike) -> list[FontInfo]:
    """The fonts of the whole document, as ``pdffonts`` lists them."""
    out = _run([_tool("pdffonts"), str(pdf)]).splitlines()
    # name  type  encoding  emb sub uni object ID  /  ----- ----- ... : slice by the dash columns.
    try:
        rule = next(i for i, l in enumerate(out) if l.startswith("---"))
    except StopIteration:
        return []
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", out[rule])]
    result: list[FontInfo] = []
    for row in out[rule + 1:]:
        if not row.strip():
            continue
        cols = [row[a:b + 1].strip() if i < len(spans) - 1 else row[a:].strip()
                for i, (a, b) in enumerate(spans)]
        # name may be longer than its column in rare cases; fall back to splitting from the right.
        if len(cols) < 5:
            continue
        name, ftype, emb, sub = cols[0], cols[1], cols[3], cols[4]
        if emb not in ("yes", "no"):
            parts = row.split()
            # ... type(1-3 words) encoding emb sub uni obj gen
            name, emb, sub = parts[0], parts[-5], parts[-4]
            ftype = " ".join(parts[1:-6])
        result.append(FontInfo(name, ftype, emb == "yes", sub == "yes"))
    return result

