"""Stage 3a: text hygiene for Chinese official documents, and Chinese numbering and dates.

Everything that reaches a document passes :func:`normalize`: YAML folded lines
leave spaces between Chinese characters, office staff type half-width
punctuation and straight quotes; a 公文 has none of these.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Iterable

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Full-width and CJK punctuation (incl. curly quotes, dashes, ellipsis) count as "Chinese context".
_FW = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
_ZH = f"{_CJK}{_FW}"

_ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff]")
_WHITESPACE = re.compile(r"[\s\u3000\u00a0]+")
_SPACE_NEAR_ZH = re.compile(f"(?<=[{_ZH}]) | (?=[{_ZH}])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_NEAR_ZH = re.compile(f"(?<=[{_ZH}])[,;:?!]|[,;:?!](?=[{_ZH}])")
# A closing half-width punctuation at the end of Chinese text (e.g. "…全过程;").
_PUNCT_END = re.compile(f"(?<=[{_ZH}])[,;:?!]$")
_PAREN = re.compile(r"\(([^()]*)\)")
_PERIOD = re.compile(f"(?<=[{_CJK}])\\.(?=[{_ZH}]|$)")
_CJK_RE = re.compile(f"[{_CJK}]")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return bool(_CJK_RE.search(text))


def _parens(text: str) -> str:
    # Brackets become full-width when they hold Chinese or touch it: (临委发) / 教育局(试行).
    def swap(m: re.Match) -> str:
        inner = m.group(1)
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if has_cjk(inner) or re.match(f"[{_ZH}]", before or "x") or re.match(f"[{_ZH}]", after or "x"):
            return f"（{inner}）"
        return m.group(0)

    previous = None
    while previous != text:  # nested brackets: innermost first
        previous, text = text, _PAREN.sub(swap, text)
    return text


def _quotes(text: str) -> str:
    # Straight double quotes alternate open/close; mis-paired curly ones are re-paired the same way.
    if '"' in text or ("“" in text or "”" in text) and text.count("“") != text.count("”"):
        out, open_next = [], True
        for ch in text:
            if ch in '"“”':
                out.append("“" if open_next else "”")
                open_next = not open_next
            else:
                out.append(ch)
        text = "".join(out)
    if "'" in text and has_cjk(text):
        # Only quotes in Chinese context: apostrophes inside Latin words (don't) stay.
        pieces = re.split(f"((?<=[{_ZH}\\s])'|'(?=[{_ZH}])|^'|'$)", text)
        out, open_next = [], True
        for piece in pieces:
            if piece == "'":
                out.append("‘" if open_next else "’")
                open_next = not open_next
            elif piece:
                out.append(piece)
        text = "".join(out)
    return text


def normalize(text: str) -> str:
    """Typographic hygiene: no stray spaces in Chinese, full-width punctuation, paired “ ”.

    Idempotent; spaces and punctuation between Latin letters and digits are kept
    (``Word 2019``, ``3.5``, ``10:30``, ``1,000``).
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip()
    if not has_cjk(text):
        return _quotes(text) if '"' in text else text
    text = _SPACE_NEAR_ZH.sub("", text)
    text = _quotes(text)
    text = _SPACE_NEAR_ZH.sub("", text)
    text = _parens(text)
    text = _PUNCT_NEAR_ZH.sub(lambda m: _HALF_TO_FULL[m.group()], text)
    text = _PUNCT_END.sub(lambda m: _HALF_TO_FULL[m.group()], text)
    text = _PERIOD.sub("。", text)
    return _SPACE_NEAR_ZH.sub("", text)


_YEAR_BRACKETS = re.compile(r"[\[【（(［〔]\s*(\d{4})\s*[\]】）)］〕]")
_SERIAL = re.compile(r"〕\s*第?\s*0*(\d+)\s*号")


def normalize_doc_number(text: str) -> str:
    """发文字号: year in 〔〕, no 第, no leading zeros — 临教发[2026]第08号 → 临教发〔2026〕8号."""
    text = _WHITESPACE.sub("", _ZERO_WIDTH.sub("", text))
    text = _YEAR_BRACKETS.sub(r"〔\1〕", text)
    return _SERIAL.sub(r"〕\1号", text)


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 101 → 一百零一, 1005 → 一千零五."""
    if n < 1:
        raise ValueError(f"Chinese numerals start at 1, got {n}")
    if n >= 10000:
        raise ValueError(f"number too large for a heading ordinal: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


def ordinal(level: int, n: int) -> str:
    """层次序数: level 1 一、 · level 2 （一） · level 3 1. · level 4 （1）."""
    if n < 1:
        raise ValueError(f"ordinals start at 1, got {n}")
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"GB/T 9704 defines heading levels 1 to 4, got {level}")


def format_date(d: _dt.date) -> str:
    """2026年3月5日 — Arabic numerals, year in full, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_month(d: _dt.date) -> str:
    """2026年3月."""
    return f"{d.year}年{d.month}月"


def format_span(start: _dt.date, end: _dt.date) -> str:
    """2026年3月1日—4月30日 (the year once when both ends share it); — is the 一字线."""
    if start == end:
        return format_date(start)
    tail = f"{end.month}月{end.day}日" if start.year == end.year else format_date(end)
    return f"{format_date(start)}—{tail}"


def _month_end(d: _dt.date) -> bool:
    return (d + _dt.timedelta(days=1)).day == 1


def format_period_label(start: _dt.date, end: _dt.date) -> str:
    """A reporting period in words: 2026年上半年, 2026年第三季度, 2026年1月至9月, 2025年10月至2026年3月."""
    whole_months = start.day == 1 and _month_end(end)
    if whole_months and start.year == end.year:
        months = (start.month, end.month)
        if months == (1, 12):
            return f"{start.year}年"
        if months == (1, 6):
            return f"{start.year}年上半年"
        if months == (7, 12):
            return f"{start.year}年下半年"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"{start.year}年第{cn_number(end.month // 3)}季度"
    if start.year == end.year:
        if start.month == end.month:
            return format_month(start)
        return f"{start.year}年{start.month}月至{end.month}月"
    return f"{format_month(start)}至{format_month(end)}"


def display_width(text: str) -> float:
    """Width in full-width characters: Chinese and full-width count 1, half-width 0.5."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def join_list(items: Iterable[str], sep: str = "、") -> str:
    """Join the non-empty items with ``sep`` (、 by default)."""
    return sep.join(str(i) for i in items if i)


_TRAILING = re.compile(r"[。；，：;,:.\s]+$")


def strip_trailing_punct(text: str) -> str:
    """Drop trailing 。；，： (templates add their own punctuation after titles)."""
    return _TRAILING.sub("", text)


def ensure_period(text: str) -> str:
    """End a sentence with 。 unless it already ends with a sentence mark."""
    text = text.rstrip()
    if not text or text[-1] in "。！？；" or text.endswith(("。”", "。）", "！”", "？”", "…")):
        return text
    return strip_trailing_punct(text) + "。"
