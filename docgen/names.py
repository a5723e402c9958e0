"""Output file and folder names: safe on Linux, macOS and Windows, whatever the title says.

A document is named after its title, and titles are whatever a campaign file holds: a
hundred-character unit name, a bidi override pasted from a web page, ``CON``, ``-rf``, ``..``.
:func:`file_name` turns any text into a name that

* holds no path separator, no character Windows forbids (``\\ / : * ? " < > |``), no control
  or invisible formatting character (bidi overrides such as U+202E could disguise ``.exe``);
* is not a Windows device name (``CON``, ``NUL``, ``COM1``… — with any extension), does not start
  with ``-`` (it would read as an option to the next command) or ``.`` (hidden; ``..`` is the
  parent folder) and does not end with a space or dot (Windows drops them);
* fits in :data:`MAX_NAME_BYTES` bytes of UTF-8, cut on a character boundary, *with* room
  left for a collision suffix `` (2)`` and for either extension.

:func:`unique` adds the collision suffix and keeps that promise for the suffixed name too.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Optional

#: Longest file or folder name, in bytes of UTF-8: NAME_MAX of ext4, XFS, btrfs and APFS.  A hanzi
#: is 3 bytes, so 85 hanzi already reach it (NTFS counts 255 UTF-16 units: never fewer than this).
MAX_NAME_BYTES = 255
#: Longest name in characters, whatever its bytes: Windows limits a whole path to 260 UTF-16
#: units by default, so a name must leave room for the folders above it.
MAX_NAME_CHARS = 120
#: Bytes kept free for a collision suffix such as `` (12)`` (up to `` (99999)``), so a suffixed
#: name still fits; :func:`unique` cuts the name further in the (never seen) case it needs more.
SUFFIX_ROOM = len(" (99999)")
#: The longest extension docgen gives a document (``.docx``; ``.pdf`` is shorter).
EXTENSION_ROOM = len(".docx")

# Windows device names, reserved in every folder and with any extension ("CON.docx" too);
# the superscript digits are reserved as well (COM¹ … LPT³).
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(COM|LPT)[0-9¹²³])(\..*)?", re.IGNORECASE)
_FORBIDDEN = set('\\/:*?"<>|')
# Unicode categories that never belong in a name: controls, invisible formatting characters
# (bidi embeddings/overrides/isolates, zero-width joiners, BOM), surrogates, unassigned code points.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Cn"}
_SEPARATORS = {"Zl", "Zp", "Zs"}
_SPACES = re.compile(r" {2,}")


def clean(text: str, fallback: str = "document") -> str:
    """``text`` with every character a file name cannot safely hold removed or replaced.

    The result is not cut to length (see :func:`fit`); it is ``fallback`` when nothing is left.
    """
    out = []
    # composed (NFC): "é" typed as e + U+0301 is the same name to macOS, and to a person
    for ch in unicodedata.normalize("NFC", str(text)):
        if ch in _FORBIDDEN:
            out.append("_")
            continue
        category = unicodedata.category(ch)
        if category in _DROPPED_CATEGORIES:
            continue
        out.append(" " if category in _SEPARATORS else ch)
    name = _trim(_SPACES.sub(" ", "".join(out)))
    if not name:
        name = _trim(clean(fallback, "document")) if fallback != text else "document"
    if _RESERVED.fullmatch(name.rstrip(" .")) or _RESERVED.fullmatch(name.split(".")[0].rstrip(" ")):
        name = "_" + name
    return name


def _trim(name: str) -> str:
    # Leading "-" reads as an option, leading "." hides the file (and "." / ".." are folders);
    # Windows silently drops trailing dots and spaces; a combining mark with no letter before it
    # would sit on whatever the file browser shows first.
    name = name.lstrip(" .-").rstrip(" .")
    while name and unicodedata.category(name[0]).startswith("M"):
        name = name[1:].lstrip(" .-")
    return name


def cut(name: str, max_bytes: int, max_chars: int = MAX_NAME_CHARS) -> str:
    """``name`` cut to ``max_bytes`` of UTF-8 and ``max_chars`` characters, on a character boundary
    and never between a character and the combining marks that follow it."""
    kept = name[:max_chars]
    if len(kept.encode("utf-8")) > max_bytes:
        kept = kept.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    if len(kept) < len(name):
        # A cut before a combining mark would separate it from its base: cut before the base too.
        while kept and unicodedata.category(name[len(kept)]).startswith("M"):
            kept = kept[:-1]
    return kept


def fit(stem: str, extension: str = "", *, reserve: int = 0) -> str:
    """``stem + extension`` cut (in the stem) to fit :data:`MAX_NAME_BYTES` with ``reserve`` bytes
    to spare; trailing spaces and dots a cut exposes are removed."""
    budget = MAX_NAME_BYTES - len(extension.encode("utf-8")) - reserve
    kept = _trim(cut(stem, budget, MAX_NAME_CHARS)) or "document"
    return kept + extension


def file_name(title: str, extension: str, *, fallback: str = "document") -> str:
    """A safe file name for a document called ``title``: ``<cleaned title><extension>``.

    Leaves :data:`SUFFIX_ROOM` bytes for a collision suffix and room for the longest extension,
    so the name stays within :data:`MAX_NAME_BYTES` after :func:`unique` and with ``.pdf``.
    """
    return fit(clean(title, fallback), extension, reserve=SUFFIX_ROOM + max(0, EXTENSION_ROOM - len(extension)))


def folder_name(text: str, *, fallback: str = "campaign") -> str:
    """A safe folder name (never ``.``, ``..`` or empty), with room for a collision suffix."""
    return fit(clean(text, fallback), reserve=SUFFIX_ROOM)


def unique(stem: str, extension: str, used: set[str], exists: Optional[Callable[[str], bool]] = None) -> str:
    """``stem + extension``, or ``stem (2)``, ``stem (3)``… — the first name not in ``used``
    (compared case-insensitively, as Windows and macOS do) and, when ``exists`` is given, for which
    ``exists(name)`` is false.  Records the chosen name in ``used``.  Always within
    :data:`MAX_NAME_BYTES` (the stem is cut further if a long suffix needs it)."""
    n = 1
    while True:
        suffix = "" if n == 1 else f" ({n})"
        candidate = fit(stem, suffix + extension)
        if candidate.casefold() not in used and not (exists and exists(candidate)):
            used.add(candidate.casefold())
            return candidate
        n += 1


__all__ = ["MAX_NAME_BYTES", "MAX_NAME_CHARS", "clean", "cut", "fit", "file_name", "folder_name", "unique"]
