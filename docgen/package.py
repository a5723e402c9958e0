"""The .docx container: parts in, parts out, written atomically.

A .docx is a zip of XML parts.  docgen keeps a template as ``{part name: bytes}``
so rendering a document is: render one part's XML, then zip.  Writing goes to a
temporary file in the target folder and is renamed into place, so a failed
render never leaves a partial file or replaces a good one.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Optional, Union

from .errors import InputError, Location
from .files import write_atomic  # part of this module's API since it began

__all__ = ["read_parts", "write_atomic", "zip_bytes", "zip_entry", "to_bytes", "keep_changed",
           "unchanged_since_written", "refuse_overwriting", "minimal_package"]

Parts = dict[str, bytes]  # part name → bytes
#: What :func:`prepare_stamp` keeps for :func:`stamp_entry`: custom.xml's head and tail, and the stamp's pid.
StampFrame = tuple[str, str, int]
#: (device, inode): see :func:`file_identity`.
FileIdentity = tuple[int, int]

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


#: Bounds on a .docx docgen reads as a template (a hostile or broken file must not exhaust memory):
#: the zip file itself — real templates are tens of KB, with a logo a few MB;
MAX_PACKAGE_BYTES = 32 * 1024 * 1024
#: parts in it — a Word document has about 15; thousands only come from a crafted file;
MAX_PARTS = 1000
#: one part uncompressed (an image) and all parts together — a zip bomb inflates a few KB to GBs;
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
#: one XML part uncompressed: XML is parsed into a tree (~100 bytes of memory per element), and
#: a 100-page document.xml is 1–2 MB;
MAX_XML_PART_BYTES = 8 * 1024 * 1024
#: elements in one XML part ("<" counted before parsing): 20M empty paragraphs are 120 MB of XML
#: but GBs as a tree; a 100-page document has about 100,000.
MAX_XML_ELEMENTS = 400_000

_XML_SUFFIXES = (".xml", ".rels")


def is_xml_part(name: str) -> bool:
    """Whether the part ``name`` holds XML (and is parsed as such)."""
    return name.lower().endswith(_XML_SUFFIXES)


def read_parts(path: Union[str, os.PathLike[str]], *, what: str = "模板文件",
               error: type[InputError] = InputError) -> Parts:
    """All parts of a .docx file, in archive order, within the bounds above.

    Raises ``error`` (an :class:`~docgen.errors.InputError`) naming the file when it is not a
    regular file, not a zip, or too large in any respect; sizes are counted while inflating,
    never taken from the archive's own (forgeable) headers.
    """
    from .files import open_regular

    name = str(path)
    with open_regular(path, what=what, error=error) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_PACKAGE_BYTES:
            raise error(f"{what}过大（{size // 1024 // 1024} MB），上限 {MAX_PACKAGE_BYTES // 1024 // 1024} MB / "
                        "file too large", location=Location(name), code="DG-FILE-TOO-LARGE")
        try:
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_PARTS:
                    raise error(f"{what}包含 {len(infos)} 个部件，超过上限 {MAX_PARTS} / too many parts",
                                location=Location(name), code="DG-TEMPLATE-BOUND")
                parts: Parts = {}
                total = 0
                for info in infos:
                    limit = min(MAX_XML_PART_BYTES if is_xml_part(info.filename) else MAX_PART_BYTES,
                                MAX_TOTAL_BYTES - total)
                    with archive.open(info) as member:
                        data = member.read(limit + 1)
                    if len(data) > limit:
                        raise error(f"{what}中的部件 {info.filename} 解压后过大（超过 {limit // 1024 // 1024} MB），"
                                    f"可能是压缩炸弹 / part {info.filename} too large when uncompressed",
                                    location=Location(name), code="DG-TEMPLATE-BOUND")
                    if is_xml_part(info.filename) and data.count(b"<") > MAX_XML_ELEMENTS:
                        raise error(f"{what}中的部件 {info.filename} 元素过多（超过 {MAX_XML_ELEMENTS:,} 个）/ "
                                    f"part {info.filename} has too many elements", location=Location(name),
                                    code="DG-TEMPLATE-BOUND")
                    total += len(data)
                    parts[info.filename] = data
                return parts
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError,
                OSError) as exc:
            raise error(f"不是有效的 .docx 文件 / not a valid .docx file ({exc})",
                        location=Location(name), hint="请用 Word/WPS 另存为 .docx 格式。") from None


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
    chunks: list[bytes] = []
    central: list[bytes] = []
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


# --- "written by docgen, unchanged since": a stamp in docProps/custom.xml ----------------------------
#
# Every document docgen writes carries a custom property (File ▸ Properties ▸ Custom in Word/WPS)
# holding a digest of its own parts: their names, CRC-32 and sizes, which a zip's directory lists,
# so stamping costs nothing and checking a file reads only its directory.  A document re-saved by
# Word, WPS or LibreOffice (edited or not) no longer matches; a file docgen did not write has no
# stamp.  Either way ``docgen render`` keeps the file instead of replacing it.

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
STAMP_PROPERTY = "docgen-digest"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = f"{RT}/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_UNSTAMPED = (CORE, CUSTOM)   # parts the digest leaves out: they hold the title and the digest itself
#: Largest custom.xml read back when checking a stamp (ours is a few hundred bytes).
MAX_CUSTOM_BYTES = 1024 * 1024


def digest(entries: Iterable[tuple[str, int, int]]) -> str:
    """The stamp of a package from ``(name, crc, size)`` of its parts (core and custom excluded)."""
    import hashlib

    lines = sorted(f"{name}\t{crc:08x}\t{size}" for name, crc, size in entries if name not in _UNSTAMPED)
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def prepare_stamp(parts: Mapping[str, bytes]) -> tuple[Parts, StampFrame]:
    """Make ``parts`` ready to carry a stamp: declare docProps/custom.xml in [Content_Types].xml
    and _rels/.rels (once per template).  Returns ``(parts, (head, tail, pid))``: the custom
    properties part is ``head + <our property pid=…> + tail`` (a template's own custom properties
    are kept; a stale stamp copied from a rendered document is dropped)."""
    import re

    parts = dict(parts)
    types = parts.get(CONTENT_TYPES, b"")
    if b"/docProps/custom.xml" not in types and b"</Types>" in types:
        parts[CONTENT_TYPES] = types.replace(
            b"</Types>", f'<Override PartName="/{CUSTOM}" ContentType="{_CUSTOM_CT}"/></Types>'.encode())
    rels = parts.get("_rels/.rels", b"")
    if b"custom-properties" not in rels and b"</Relationships>" in rels:
        parts["_rels/.rels"] = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdDocgenCustom" Type="{_CUSTOM_RT}" Target="{CUSTOM}"/></Relationships>'.encode())
    existing = parts.pop(CUSTOM, b"")
    existing = re.sub(rb'<(\w+:)?property\b[^>]*name="' + STAMP_PROPERTY.encode() + rb'".*?</(\w+:)?property>', b"",
                      existing, flags=re.DOTALL)
    close = existing.rfind(b"</")
    if existing and close > 0 and existing[close:].strip().endswith(b"Properties>"):
        pids = [int(p) for p in re.findall(rb'pid="(\d+)"', existing)]
        head, tail, pid = existing[:close].decode("utf-8", "replace"), existing[close:].decode("utf-8", "replace"), \
            max(pids + [1]) + 1
        if "xmlns:vt=" not in head:
            head = head.replace("<Properties ", f'<Properties xmlns:vt="{_VT_NS}" ', 1)
    else:
        head = XML_DECL + f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">'
        tail, pid = "</Properties>", 2
    return parts, (head, tail, pid)


def stamp_entry(entries: Iterable[ZipEntry], custom: StampFrame) -> ZipEntry:
    """The docProps/custom.xml entry stamping a package made of ``entries``."""
    head, tail, pid = custom
    value = digest((e.name.decode("utf-8"), e.crc, e.size) for e in entries)
    prop = f'<property fmtid="{_FMTID}" pid="{pid}" name="{STAMP_PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property>'
    return zip_entry(CUSTOM, (head + prop + tail).encode("utf-8"))


def unchanged_since_written(path: Union[str, os.PathLike[str]]) -> bool:
    """Whether ``path`` is a document docgen wrote and nobody has changed since (its stamp matches).

    False for anything else: an edited or re-saved document, a file docgen did not write, a file
    that cannot be read — so the caller keeps it rather than replace it.
    """
    import re

    from .files import open_regular

    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if not _END.size <= size <= MAX_PACKAGE_BYTES:
                return False
            handle.seek(size - _END.size)
            if handle.read(4) != b"PK\x05\x06":   # docgen's zips end with their directory: nothing appended
                return False
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_PARTS:
                    return False
                custom = next((i for i in infos if i.filename == CUSTOM), None)
                if custom is None:
                    return False
                with archive.open(custom) as member:
                    text = member.read(MAX_CUSTOM_BYTES)
                found = re.search(rb'name="' + STAMP_PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>([^<]*)<', text)
                return found is not None and found.group(1).decode("ascii", "replace") == \
                    digest((i.filename, i.CRC, i.file_size) for i in infos)
    except Exception:  # noqa: BLE001 - unreadable in any way: not provably ours, so keep it
        return False


def keep_changed(target: Union[str, os.PathLike[str]], *, force: bool = False, used: Optional[set[str]] = None,
                 protected: Iterable[FileIdentity] = ()) -> Path:
    """Where a document meant for ``target`` is written: ``target`` itself when nothing is there or
    docgen wrote what is there and nobody changed it since (or ``force``); else — an edited
    document, a file docgen did not write — the first free ``name (2).docx``, ``name (3).docx``…
    (also skipping names in ``used``), with a :class:`~docgen.errors.DocgenWarning` saying so.
    The chosen name is recorded in ``used``.  A ``target`` that is one of the ``protected`` files
    (see :func:`refuse_overwriting`) is refused outright, ``force`` or not."""
    from .errors import warn
    from .names import unique

    target = Path(target)
    refuse_overwriting(target, protected)
    used = set() if used is None else used
    folder = target.parent

    def occupied(name: str) -> bool:
        path = folder / name
        return not force and os.path.lexists(path) and not path.is_dir() and not unchanged_since_written(path)

    if target.name.casefold() not in used and not occupied(target.name):
        used.add(target.name.casefold())
        return target
    suffix = target.suffix if target.suffix.lower() in (".docx", ".pdf") else ""
    stem = target.name[: len(target.name) - len(suffix)] if suffix else target.name
    chosen = folder / unique(stem, suffix, used, exists=occupied)
    if occupied(target.name):
        warn(f"已有文件“{target.name}”不是 docgen 生成的，或生成后被修改过，未覆盖；本次写入“{chosen.name}” / "
             f"{target.name} was changed since docgen wrote it (or docgen did not write it): kept, wrote "
             f"{chosen.name} instead", location=Location(str(target)),
             hint="确认不需要原文件后，可加 --force 直接覆盖。/ use --force to replace it.")
    return chosen


def file_identity(path: Union[str, os.PathLike[str]]) -> Optional[FileIdentity]:
    """(device, inode) of an existing file — the same for every name of it (links, ../ paths) — or None."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def refuse_overwriting(target: Union[str, os.PathLike[str]], protected: Iterable[FileIdentity]) -> None:
    """Raise :class:`~docgen.errors.OutputError` when ``target`` is one of the ``protected`` files
    (identities from :func:`file_identity`: the campaign files and templates in use)."""
    from .errors import OutputError

    identity = file_identity(target)
    if identity is not None and identity in set(protected):
        raise OutputError("输出文件会覆盖正在使用的输入文件或模板，已拒绝 / the output would replace an input file "
                          "or a template in use", location=Location(str(target)),
                          hint="请用 -o 指定另一个文件名或文件夹。/ choose another output with -o.",
                          code="DG-OUTPUT-PROTECTED")


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
