"""The .docx container: parts in, parts out, written atomically.

A .docx is a zip of XML parts.  docgen keeps a template as ``{part name: bytes}``
so rendering a document is: render one part's XML, then zip.  Writing goes to a
temporary file in the target folder and is renamed into place, so a failed
render never leaves a partial file or replaces a good one.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Mapping, Union

from .errors import InputError, Location, OutputError

Parts = dict  # part name → bytes

CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_EPOCH = (1980, 1, 1, 0, 0, 0)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def read_parts(path: Union[str, os.PathLike]) -> Parts:
    """All parts of a .docx file, in archive order."""
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except FileNotFoundError:
        raise InputError("找不到模板文件 / template not found", location=Location(str(path))) from None
    except IsADirectoryError:
        raise InputError("模板应是 .docx 文件，不是文件夹 / template must be a .docx file",
                         location=Location(str(path))) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"不是有效的 .docx 文件 / not a valid .docx file ({exc})",
                         location=Location(str(path)), hint="请用 Word/WPS 另存为 .docx 格式。") from None


def to_bytes(parts: Mapping[str, bytes]) -> bytes:
    """Zip ``parts`` into .docx bytes.

    Deflate level 1: document XML compresses ~8x even at the fastest level, and
    levels above it cost several times the CPU for a few per cent of size.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            # A fixed timestamp makes output reproducible: same input, same bytes.
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def write_atomic(path: Union[str, os.PathLike], data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file + rename; never leaves a partial file."""
    target = Path(path)
    if target.is_dir():
        raise OutputError("输出路径是一个文件夹 / output path is a directory", location=Location(str(target)),
                          hint="请给出文件名，例如 -o 方案.docx，或用 --kind all -o 文件夹/。")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError("输出文件夹不存在 / output folder does not exist", location=Location(str(folder)),
                          hint="请先创建该文件夹，或换一个输出路径。")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"无法写入输出文件夹：{exc.strerror} / cannot write to output folder",
                          location=Location(str(folder)), hint="请检查文件夹权限，或换一个输出路径。") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"无法写入文件：{exc.strerror} / cannot write file", location=Location(str(target)),
                          hint="文件可能正被 Word/WPS 打开，请关闭后重试。") from None
    return target


def minimal_package(document_xml: str) -> Parts:
    """A bare but complete WordprocessingML package around ``document_xml`` (layout adds the rest)."""
    content_types = (
        XML_DECL + f'<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{WML_CT}.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    package_rels = (
        XML_DECL + f'<Relationships xmlns="{REL_NS}">'
        f'<Relationship Id="rId1" Type="{RT}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{RT}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    core = (
        XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>docgen</dc:creator></cp:coreProperties>'
    )
    app = (
        XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>docgen</Application></Properties>"
    )
    return {
        CONTENT_TYPES: content_types.encode(),
        "_rels/.rels": package_rels.encode(),
        "docProps/core.xml": core.encode(),
        "docProps/app.xml": app.encode(),
        DOCUMENT: document_xml.encode(),
        DOCUMENT_RELS: (XML_DECL + f'<Relationships xmlns="{REL_NS}"></Relationships>').encode(),
    }
