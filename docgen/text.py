"""Stage 3a: text hygiene for Chinese official documents, and Chinese numbering and dates.

Everything that reaches a document passes :func:`normalize`: YAML folded lines
leave spaces between Chinese characters, office staff type half-width
punctuation and straight quotes; a 公文 has none of these.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import re
import unicodedata
from typing import Iterable

# --- character classes ----------------------------------------------------------------------------
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Full-width and CJK punctuation (incl. curly quotes, 一字线, ellipsis): "Chinese context" like a hanzi.
_FW = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
_ZH = f"{_CJK}{_FW}"

_CJK_RE = re.compile(f"[{_CJK}]")
_ZH_OR_DQ_RE = re.compile(f'[{_ZH}"]')

# --- normalize: whitespace -----------------------------------------------------------------------
# Zero-width characters and C0 controls that are not whitespace: invisible, and illegal in XML.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\ufeff]")
# \s covers tab, newlines, U+3000, NBSP, \x0b, \x0c, \x1c-\x1f, U+2028/9.
_WHITESPACE = re.compile(r"\s+")
# After collapsing every space is single: drop it when either neighbour is Chinese.
_SPACE_NEAR_ZH = re.compile(f"(?<=[{_ZH}]) | (?=[{_ZH}])")

# --- normalize: quotes ---------------------------------------------------------------------------
_DOUBLE_QUOTE = re.compile('["\u201c\u201d]')
_CURLY_DOUBLE = re.compile("[\u201c\u201d]")
# A straight ' is a quote when it touches Chinese or a text end; inside Latin words (don't) it stays.
# Runs ('') match whole, so a converted quote does not newly qualify its neighbour next round.
_SINGLE_QUOTE = re.compile(f"(?<=[{_ZH}])'+|'+(?=[{_ZH}])|^'+|'+\\Z")

# --- normalize: punctuation ----------------------------------------------------------------------
_HALF_TO_FULL = str.maketrans(",;:?!", "，；：？！")
# Runs ("好!!") convert as a whole so one pass is enough.
_PUNCT_NEAR_ZH = re.compile(f"(?<=[{_ZH}])[,;:?!]+|[,;:?!]+(?=[{_ZH}])")
# A half-width bracket pair goes full-width when it touches Chinese or holds Chinese; the
# innermost pair matches first ([^()]), outer pairs on the next round.
_PAREN_ZH = re.compile(
    f"(?<=[{_ZH}])\\([^()]*\\)|\\([^()]*\\)(?=[{_ZH}])|\\([^()]*[{_ZH}][^()]*\\)")
# Mixed pairs （…) / (…） were meant to be full-width.
_PAREN_MIXED = re.compile("\uff08[^()\uff08\uff09]*\\)|\\([^()\uff08\uff09]*\uff09")
# Left over after pairing: an unmatched bracket touching Chinese.
_PAREN_LONE = re.compile(f"(?<=[{_ZH}])[()]|[()](?=[{_ZH}])")
_PAREN_TO_FULL = str.maketrans("()", "\uff08\uff09")
# Only a sentence-final period after a hanzi; 3.5, 1. and Word. stay.
_PERIOD = re.compile(f"(?<=[{_CJK}])\\.(?=[{_ZH}]|\\Z)")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a Chinese character (CJK unified ideographs, any extension)."""
    return _CJK_RE.search(text) is not None


def _alternate(parts: list[str], opening: str, closing: str) -> str:
    """Join ``parts`` with quote marks alternating opening, closing, opening, …"""
    marks = (opening + closing) * (len(parts) // 2 + 1)
    return parts[0] + "".join(mark + part for mark, part in zip(marks, parts[1:]))


def _curly_pairs_ok(text: str) -> bool:
    # Curly quotes are trusted when they alternate “ ” “ …; an odd leftover may close a quote
    # opened in a neighbouring string, so only an even, mis-ordered set is re-paired.
    marks = "".join(_CURLY_DOUBLE.findall(text))
    return len(marks) % 2 == 1 or marks == "\u201c\u201d" * (len(marks) // 2)


def _double_quotes(text: str) -> str:
    """Straight " → alternating “ ”; also re-pair mis-paired curly ones (”文明” → “文明”)."""
    if '"' not in text and ("\u201c" not in text and "\u201d" not in text or _curly_pairs_ok(text)):
        return text
    return _alternate(_DOUBLE_QUOTE.split(text), "\u201c", "\u201d")


def _single_quotes(text: str) -> tuple[str, int]:
    """Straight ' in Chinese context → alternating ‘ ’; returns the text and the count."""
    if "'" not in text:
        return text, 0
    marks = itertools.cycle("\u2018\u2019")
    return _SINGLE_QUOTE.subn(lambda m: "".join(next(marks) for _ in m.group()), text)


def _full_width_paren(m: re.Match[str]) -> str:
    return f"\uff08{m.group()[1:-1]}\uff09"


def _parens(text: str) -> tuple[str, int]:
    """Bracket pairs in Chinese context → （ ）; returns the text and the number converted."""
    total = 0
    if "(" in text or ")" in text:
        count = 1
        while count:  # nested pairs: one level per round
            text, count = _PAREN_ZH.subn(_full_width_paren, text)
            total += count
        text, count = _PAREN_MIXED.subn(_full_width_paren, text)
        total += count
        text, count = _PAREN_LONE.subn(lambda m: m.group().translate(_PAREN_TO_FULL), text)
        total += count
    return text, total


def _punctuation(text: str) -> tuple[str, int]:
    """Half-width , ; : ? ! . in Chinese context → full-width; returns the text and the count."""
    text, count = _PUNCT_NEAR_ZH.subn(lambda m: m.group().translate(_HALF_TO_FULL), text)
    if "." in text:
        text, periods = _PERIOD.subn("\u3002", text)
        count += periods
    return text, count


# --- normalize: dates ----------------------------------------------------------------------------
# A 公文 writes dates 2026年3月5日 (GB/T 9704 7.3.5.5 for the 成文日期, and by custom in the text):
# numeric dates typed in prose (2026-03-05, 2026/3/5, 2026.3.5) and zero-padded months or days
# (2026年03月05日) are rewritten; `docgen check` reports the same pattern (it uses this one).
NUMERIC_DATE = re.compile(r"(?<![0-9.\-/])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![0-9.\-/])")
_PADDED_MONTH_DAY = re.compile(r"(?<![0-9])0([1-9])(?=[月日])")


def _numeric_date(m: re.Match[str]) -> str:
    month, day = int(m.group(3)), int(m.group(4))
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{m.group(1)}年{month}月{day}日"
    return m.group(0)


def _dates(text: str) -> str:
    if any(sep in text for sep in "-/."):
        text = NUMERIC_DATE.sub(_numeric_date, text)
    if "月" in text or "日" in text:
        text = _PADDED_MONTH_DAY.sub(r"\1", text)
    return text


def normalize(text: str) -> str:
    """Typographic hygiene: no stray spaces in Chinese, full-width punctuation, paired “ ”,
    dates written 2026年3月5日.

    Spaces survive only between two Latin letters or digits (``Word 2019``); , ; : ? ! ( )
    touching Chinese become full-width, while Latin and numeric uses stay (``3.5``, ``10:30``,
    ``1,000``, ``http://x.y``, ``(GB/T 9704)`` on its own). Straight quotes become paired
    curly ones. Text without any hanzi only gets whitespace and double-quote fixes.
    Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    text = _dates(_WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip())
    if _ZH_OR_DQ_RE.search(text) is None:  # fast path: plain Latin / digits
        return text
    if not has_cjk(text):
        return _double_quotes(text)
    text = _double_quotes(text)
    changed = 1
    while changed:  # a conversion makes new Chinese context (“中, ,” → “中，,”): repeat until stable
        text = _SPACE_NEAR_ZH.sub("", text)
        text, parens = _parens(text)
        text, marks = _punctuation(text)
        text, quotes = _single_quotes(text)
        changed = parens + marks + quotes
    return text


_SENTINEL = "\u4e00"


def normalize_embedded(text: str) -> str:
    """:func:`normalize` for a value that will stand inside Chinese prose.

    A template puts every field between Chinese words (``（一）{{ title }}。``), so punctuation at
    the value's edges is in Chinese context even when the value itself has no hanzi: ``:0`` becomes
    ``：0``. Normalising between two sentinel hanzi gives exactly that context.
    """
    if not text:
        return text
    return normalize(_SENTINEL + text + _SENTINEL)[1:-1]


# --- 发文字号 ----------------------------------------------------------------------------------------
_YEAR_BRACKETS = re.compile(r"[\[【(（［〔﹝〖]\s*(\d{4})\s*[\]】)）］〕﹞〗]")
_SERIAL = re.compile(r"〕\s*第?\s*0*(\d+)\s*号")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalize_doc_number(text: str) -> str:
    """发文字号: year in 〔〕, no 第, no leading zeros — 临教发[2026]第08号 → 临教发〔2026〕8号."""
    text = normalize(text).translate(_FULL_WIDTH_DIGITS)
    text = _YEAR_BRACKETS.sub(r"〔\1〕", text)
    return _SPACE_NEAR_ZH.sub("", _SERIAL.sub(r"〕\1号", text))


# --- Chinese numerals and heading ordinals ----------------------------------------------------------
_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))


def cn_number(n: int) -> str:
    """Chinese numerals as documents write them, 1..9999: 十, 十一, 二十一, 一百零一, 一百一十, 一千零五."""
    if not 1 <= n <= 9999:
        raise ValueError(f"cn_number covers 1 to 9999, got {n}")
    if 10 <= n < 20:  # 十一, not 一十一
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, gap = "", False
    for value, unit in _UNITS:
        digit = n // value % 10
        if not digit:
            gap = bool(out)  # one 零 for any run of inner zeros; trailing zeros say nothing
            continue
        out += ("零" if gap else "") + _DIGITS[digit] + unit
        gap = False
    return out


def ordinal(level: int, n: int) -> str:
    """层次序数 (GB/T 9704 7.3.3): level 1 一、 · level 2 （一） · level 3 1. · level 4 （1）."""
    if level not in (1, 2, 3, 4):
        raise ValueError(f"GB/T 9704 defines heading levels 1 to 4, got {level}")
    if n < 1:
        raise ValueError(f"ordinals start at 1, got {n}")
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


# --- dates -------------------------------------------------------------------------------------------
def format_date(d: _dt.date) -> str:
    """2026年3月5日 — Arabic numerals, year in full, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_month(d: _dt.date) -> str:
    """2026年3月."""
    return f"{d.year}年{d.month}月"


def format_span(start: _dt.date, end: _dt.date) -> str:
    """2026年3月1日—4月30日 (the year once when both ends share it); — is the 一字线 U+2014."""
    if start == end:
        return format_date(start)
    tail = f"{end.month}月{end.day}日" if start.year == end.year else format_date(end)
    return f"{format_date(start)}\u2014{tail}"


def _is_month_end(d: _dt.date) -> bool:
    return (d + _dt.timedelta(days=1)).day == 1


def _whole_year_part(start: _dt.date, end: _dt.date) -> str | None:
    """全年 / 上半年 / 下半年 / 第N季度 when ``start``–``end`` is exactly one of them, else None."""
    if start.year != end.year or start.day != 1 or not _is_month_end(end):
        return None
    months = (start.month, end.month)
    if months == (1, 12):
        return ""
    if months == (1, 6):
        return "上半年"
    if months == (7, 12):
        return "下半年"
    if start.month % 3 == 1 and end.month == start.month + 2:
        return f"第{cn_number(end.month // 3)}季度"
    return None


def format_period_label(start: _dt.date, end: _dt.date) -> str:
    """A reporting period in words: 2026年, 2026年上半年, 2026年第三季度, 2026年1月至9月, 2025年10月至2026年3月."""
    part = _whole_year_part(start, end)
    if part is not None:
        return f"{start.year}年{part}"
    if start.year != end.year:
        return f"{format_month(start)}至{format_month(end)}"
    if start.month == end.month:
        return format_month(start)
    return f"{start.year}年{start.month}月至{end.month}月"


# --- widths, lists, sentence ends -----------------------------------------------------------------------
# Ranges that are East Asian Wide/Full throughout (tests check this); anything else non-ASCII
# is looked up, which is rare in Chinese text.
_WIDE_RANGES = ("\u1100-\u115f\u2e80-\u303e\u3041-\u3247\u3250-\u4dbf\u4e00-\ua4cf\uac00-\ud7a3"
                "\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6\U00020000-\U0002fffd\U00030000-\U0003fffd")
_WIDE = re.compile(f"[{_WIDE_RANGES}]")
_UNCOMMON = re.compile(f"[^\x00-\x7f{_WIDE_RANGES}]")


def display_width(text: str) -> float:
    """Width in full-width characters: East Asian Wide/Fullwidth count 1, everything else 0.5."""
    if text.isascii():
        return len(text) / 2
    wide = len(_WIDE.findall(text))
    wide += sum(1 for ch in _UNCOMMON.findall(text) if unicodedata.east_asian_width(ch) in "WF")
    return (len(text) + wide) / 2


def join_list(items: Iterable[str], sep: str = "、") -> str:
    """Join the items that are not empty or blank with ``sep`` (、 by default)."""
    return sep.join(item for item in items if item and not item.isspace())


_TRAILING = re.compile(r"[。；，：;,:.\s]+\Z")


def strip_trailing_punct(text: str) -> str:
    """Drop trailing 。；，：;,:. and whitespace (templates add their own punctuation after titles)."""
    return _TRAILING.sub("", text)


# Already a finished sentence: ends in 。！？； or …, or in a closing quote/bracket right after 。！？.
_SENTENCE_END = re.compile("(?:[。！？；…]|[。！？][”’）」』]+)\\Z")


def ensure_period(text: str) -> str:
    """End a sentence with 。 unless it already ends with one (。！？； …, 。” 。）).

    A dangling ，：; etc. is replaced rather than followed: ``要求，`` → ``要求。``.
    """
    text = text.rstrip()
    if not text or _SENTENCE_END.search(text):
        return text
    return strip_trailing_punct(text) + "。"
