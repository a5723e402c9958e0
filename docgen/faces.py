"""Which 仿宋 and 楷体 faces a document names, and the characters the GB2312 faces lack.

Government machines name the body face 仿宋_GB2312 and the 楷体 of level-2 headings
楷体_GB2312; docgen does too by default.  Those fonts hold only GB2312's 6,763 hanzi, so a
name like 王喆 or 李堃 prints with a gap or in a fallback face.  ``documents.fonts`` in the
campaign file picks the fuller faces Windows ships instead (仿宋, 楷体: GBK, about 21,000
hanzi)::

    documents:
      fonts: {fangsong: 仿宋, kaiti: 楷体}

The choice is made per campaign, not per run, so the CLI, batches, the API and any service
built on them render a campaign the same way.
"""
from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping, Optional

from . import gbt9704 as std
from .errors import Location, warn

if TYPE_CHECKING:
    from .loader import PathKey, SourceMap
    from .model import Campaign, Fonts

#: ``documents.fonts`` key → (the default GB2312 face, the fuller GBK face it may be replaced by).
FACES: dict[str, tuple[str, str]] = {
    "fangsong": (std.FONT_BODY, std.FONT_BODY_GBK),
    "kaiti": (std.FONT_HEADING_2, std.FONT_HEADING_2_GBK),
}


def substitutions(fonts: Optional[Fonts]) -> dict[str, str]:
    """Default face → chosen face, for each ``documents.fonts`` setting that changes it."""
    if fonts is None:
        return {}
    out = {}
    for key, (default, _) in FACES.items():
        chosen = getattr(fonts, key, None)
        if chosen and chosen != default:
            out[default] = chosen
    return out


def gb2312_faces(fonts: Optional[Fonts]) -> list[str]:
    """The GB2312 faces a campaign's documents still name."""
    changed = substitutions(fonts)
    return [default for default, _ in FACES.values() if default not in changed]


def replace_faces(xml: str, subs: Mapping[str, str]) -> str:
    """``xml`` with every font attribute naming a face in ``subs`` (w:eastAsia="仿宋_GB2312",
    w:name=… in the font table) naming its replacement instead; text is left alone."""
    if not subs:
        return xml
    names = "|".join(re.escape(name) for name in subs)
    return re.sub(rf'(\sw:[A-Za-z]+=")({names})(")', lambda m: m.group(1) + subs[m.group(2)] + m.group(3), xml)


# --- characters the GB2312 faces lack ------------------------------------------------------------

def _east_asian(char: str) -> bool:
    # Word sets these in the East Asian face (w:eastAsia); Latin letters and digits use Times New Roman.
    return char >= "\u2e80"


def _skip_western(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: characters set in the Latin face (and “—”, which Python's gb2312
    codec lacks though GB2312 fonts have it) do not count; an East Asian one does."""
    if not isinstance(error, UnicodeEncodeError):   # registered for encoding only
        raise error
    if any(_east_asian(char) for char in error.object[error.start:error.end]):
        raise error
    return "", error.end


_HANDLER = "docgen.gb2312-east-asian"
codecs.register_error(_HANDLER, _skip_western)


def in_gb2312(text: str) -> bool:
    """Whether every East Asian character of ``text`` is in GB2312 (one encode, C speed)."""
    try:
        text.encode("gb2312", _HANDLER)
    except UnicodeEncodeError:
        return False
    return True


def missing_characters(value: str) -> str:
    """The East Asian characters of ``value`` outside GB2312, in order, each once."""
    if value.isascii() or in_gb2312(value):
        return ""
    out = []
    for char in value:
        if _east_asian(char) and char not in out and not in_gb2312(char):
            out.append(char)
    return "".join(out)


def _strings(value: object, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "source":
                yield from _strings(getattr(value, f.name), path + (f.name,))


def uncovered(campaign: Campaign) -> list[tuple[PathKey, str, str]]:
    """``(field path, text, characters)`` for every text of ``campaign`` with characters outside GB2312."""
    return [(path, text, chars) for path, text in _strings(campaign, ())
            if (chars := missing_characters(text))]


@dataclass(frozen=True)
class FaceChoice:
    """The faces one campaign's documents use, and the warnings its text calls for."""

    campaign: Campaign
    substitutions: dict[str, str]   # default face → chosen face (empty: the GB2312 faces throughout)
    gb2312: tuple[str, ...]         # GB2312 faces still named

    def apply(self, xml: str) -> str:
        """``xml`` naming the chosen faces."""
        return replace_faces(xml, self.substitutions)

    def check(self, xml: str) -> None:
        """Warn about each field whose characters in this document the GB2312 faces cannot show.

        The document's XML is tested first, in one encode: almost always it is all GB2312 and
        nothing else is done; only then are the campaign's fields looked at, for the warnings.
        """
        if not self.gb2312 or in_gb2312(xml):
            return
        for message, location, hint, chars in _field_warnings(self.campaign, self.gb2312):
            if any(char in xml for char in chars):
                warn(message, location=location, hint=hint)


def for_campaign(campaign: Campaign) -> FaceChoice:
    """The :class:`FaceChoice` of ``campaign`` (its ``documents.fonts``)."""
    fonts = campaign.documents.fonts
    return FaceChoice(campaign, substitutions(fonts), tuple(gb2312_faces(fonts)))


#: (message, location, hint, characters) of a field with characters the GB2312 faces lack.
_FieldWarning = tuple[str, Location, str, str]
#: The last campaign looked at and its warnings: --kind all renders one campaign 6 times.
_LAST: list[tuple[Campaign, list[_FieldWarning]]] = []


def _field_warnings(campaign: Campaign, faces: tuple[str, ...]) -> list[_FieldWarning]:
    if not _LAST or _LAST[0][0] is not campaign:
        _LAST[:] = [(campaign, _warnings(campaign, list(faces)))]
    return _LAST[0][1]


def _warnings(campaign: Campaign, faces: list[str]) -> list[_FieldWarning]:
    found = uncovered(campaign)
    if not found:
        return []
    from .loader import format_path

    where = _source_map(campaign.source)
    out = []
    for path, text, chars in found:
        location = where.locate(path) if where else Location(campaign.source, path=format_path(path))
        quoted = "、".join(f"“{c}”" for c in chars)
        shown = text if len(text) <= 20 else text[:20] + "……"
        out.append((f"“{shown}”中的{quoted}不在 GB2312 字符集内，{'、'.join(faces)} 没有{'这个字' if len(chars) == 1 else '这些字'}，打印时会缺字或换成"
                    f"别的字体 / {chars} outside GB2312: the GB2312 faces lack {'it' if len(chars) == 1 else 'them'}",
                    location,
                    "可在 YAML 的 documents 下写 fonts: {fangsong: 仿宋, kaiti: 楷体}，改用字更全的仿宋、楷体（GBK）。",
                    chars))
    return out


def _source_map(source: Optional[str]) -> Optional[SourceMap]:
    """Line numbers of the campaign file's values (read again: only when there is something to say)."""
    if not source:
        return None
    from .loader import load_document

    try:
        return load_document(source).source
    except Exception:  # noqa: BLE001 - the field path alone still names the place
        return None


__all__ = ["FACES", "FaceChoice", "for_campaign", "substitutions", "gb2312_faces", "replace_faces",
           "in_gb2312", "missing_characters", "uncovered"]
