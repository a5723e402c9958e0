"""The .docx container: parts in, parts out, written atomically.

A .docx is a zip of XML parts.  docgen keeps a template as ``{part name: bytes}``
so rendering a document is: render one part's XML, then zip.  Writing goes to a
temporary file in the target folder and is renamed into place, so a failed
render never leaves a partial file or replaces a good one.
"""
from __future__ import annotations

import itertools
import os
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Union

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


class ZipEntry(NamedTuple):
    """One member of a zip archive, already compressed: what :func:`zip_bytes` writes verbatim."""

    name: bytes
    flags: int
    method: int        # 0 stored, 8 deflated
    crc: int
    size: int          # uncompressed
    data: bytes        # the member's bytes as stored in the archive (raw deflate stream or the data)


#: Deflate level of the per-document parts.  Document XML compresses ~8x even at level 1, and
#: higher levels cost several times the CPU for a few per cent of size.  Static template parts
#: are compressed once per template (:class:`~docgen.templating.CompiledTemplate`) at level 9.
FAST_LEVEL = 1
STATIC_LEVEL = 9

_STORE_BELOW = 64   # tiny parts: deflate would not shrink them


def zip_entry(name: str, data: bytes, level: int = FAST_LEVEL) -> ZipEntry:
    """Compress one part into a :class:`ZipEntry` (stored instead when deflate would not help)."""
    try:
        raw_name, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        raw_name, flags = name.encode("utf-8"), 0x800          # general purpose bit 11: UTF-8 name
    crc = zlib.crc32(data)
    if len(data) >= _STORE_BELOW:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate stream, as zip wants
        packed = packer.compress(data) + packer.flush()
        if len(packed) < len(data):
            return ZipEntry(raw_name, flags, 8, crc, len(data), packed)
    return ZipEntry(raw_name, flags, 0, crc, len(data), data)


# DOS time/date of 1980-01-01 00:00:00: a fixed timestamp makes output reproducible.
_DOS_TIME, _DOS_DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


def zip_bytes(entries: Iterable[ZipEntry]) -> bytes:
    """A zip archive of ``entries``, in order: same entries, same bytes.

    Entries carry their compressed data, so parts that never change (a template's styles,
    settings, footers, relationships) are compressed once and copied into every document.
    """
    chunks: list = []
    central: list = []
    offset = 0
    count = 0
    for e in entries:
        version = 20 if e.method == 8 else 10
        header = _LOCAL.pack(b"PK\x03\x04", version, e.flags, e.method, _DOS_TIME, _DOS_DATE,
                             e.crc, len(e.data), e.size, len(e.name), 0)
        chunks += (header, e.name, e.data)
        central += (_CENTRAL.pack(b"PK\x01\x02", version | 3 << 8, version, e.flags, e.method, _DOS_TIME,
                                  _DOS_DATE, e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0,
                                  0o644 << 16, offset), e.name)
        offset += len(header) + len(e.name) + len(e.data)
        count += 1
    if count > 0xFFFF or offset > 0xFFFFFFFF:
        raise ValueError("too large for a zip without ZIP64")  # never for a document
    directory = b"".join(central)
    chunks += (directory, _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(chunks)


def to_bytes(parts: Mapping[str, bytes]) -> bytes:
    """Zip ``parts`` into .docx bytes (deflate level 1, fixed timestamps: reproducible)."""
    return zip_bytes(zip_entry(name, data) for name, data in parts.items())


_serial = itertools.count()


def _open_temporary(folder: Path, name: str) -> tuple:
    """Create ``.<name>.<pid>.<n>.part`` in ``folder`` exclusively; (fd, path).

    Cheaper than :func:`tempfile.mkstemp` (no random names; it matters at thousands of files a
    second) and unique per process by construction; the file gets the usual 0666 & ~umask mode.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{next(_serial)}.part")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:   # left over from a crashed process that had the same pid
            continue
    return tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)


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
        fd, tmp = _open_temporary(folder, target.name)
    except OSError as exc:
        raise OutputError(f"无法写入输出文件夹：{exc.strerror} / cannot write to output folder",
                          location=Location(str(folder)), hint="请检查文件夹权限，或换一个输出路径。") from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"无法写入文件：{exc.strerror} / cannot write file", location=Location(str(target)),
                          hint="文件可能正被 Word/WPS 打开，请关闭后重试。") from None
    except BaseException:   # interrupted (Ctrl-C, a batch being stopped): no partial file left behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
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
