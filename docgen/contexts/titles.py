"""Where a title too long for one line breaks.

GB/T 9704-2012 7.3.3: a title that runs over a line breaks where the words allow (词意完整) into
lines of similar length (排列对称，长短适宜), as a trapezoid or a diamond.  Left to Word, a 21-character
title puts its last character alone on the second line (…部署会上的讲 / 话); :func:`title_lines`
picks the breaks instead, and the templates join the lines with a line break inside the one title
paragraph (so the title stays one paragraph, and the text a reader copies is unchanged).
"""
from __future__ import annotations

import html
import itertools
import math
import re

from typing import Iterable

from .. import gbt9704 as std
from ..model import Campaign
from ..text import display_width, format_period_label

_PT_TO_MM = std.MM_PER_INCH * std.TWIPS_PER_PT / std.TWIPS_PER_INCH
#: Characters of the title face (2号) on one line of the 156 mm type area: 20.
TITLE_LINE_CHARS = math.floor(std.TYPE_AREA_WIDTH_MM / (std.TITLE_SIZE_PT * _PT_TO_MM))

# A line never starts with closing punctuation nor ends with an opening one.
_NO_LINE_START = set("，。、；：！？）》”’」』…—·%‰")
_NO_LINE_END = set("（《“‘「『—·")
_OPENING, _CLOSING = "（《“‘「『", "）》”’」』"
# Breaks a reader expects: after the issuing unit, a date, 关于/印发, a work noun; before the
# document type (实施方案, 总结, 上的讲话, 的通知 …) or a quoted name.
_GOOD_BEFORE = ("实施方案", "工作方案", "工作总结", "总结", "上的讲话", "的通知", "任务分解表", "成员名单",
                "领导小组", "《", "“", "暨")
_GOOD_AFTER = ("关于", "印发", "》", "”", "季度", "半年", "工作", "活动", "行动", "大会", "公司", "集团", "局",
               "委员会", "政府", "办事处", "街道", "学院", "学校", "中学", "小学", "医院", "中心", "支队", "大队",
               "社区", "系统", "暨", "全市", "全县", "全区", "全镇", "全乡", "全省", "全局", "全校", "全院", "全系统",
               "整治", "建设", "管理", "创建", "防控", "治理", "攻坚", "提升", "污染", "环境", "生态", "交通", "道路",
               "消防", "食品", "卫生", "乡村", "农村", "城市", "质量")
# Costs of a break; a character of difference between the longest and the shortest line costs
# _IMBALANCE, so a break where the words allow is worth lines of somewhat unequal length.
_AT_NAME = 0.0      # at the edge of a name known whole (the unit, the campaign, the meeting)
_AT_WORD = 2.0      # after or before one of the words above
_UNKNOWN = 7.0      # between two characters of no known boundary
_IN_NAME = {_AT_WORD: 5.0, _UNKNOWN: 9.0}   # added inside a name known whole (平安医院|建设, 夏|季)
_IN_QUOTES = 6.0    # inside 《》 or “” that would fit on one line
_EXTRA_LINE = 8.0   # one line more than the fewest the title needs
_IMBALANCE = 0.5
_TOP_SHORTER = 1.0  # the first line shorter than the last (a trapezoid stands on its longer side)
_SHORTEST = 3       # no line shorter than this many characters: no lone character
_SEARCH_LINES = 3   # up to this many lines every split is weighed; longer titles are filled greedily
_YEAR = re.compile(r"\d{4}年度?")


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%")


def _names(title: str, words: Iterable[str]) -> tuple[set[int], set[int]]:
    """Where names known whole (``words``) start or end in ``title``, and the positions inside them."""
    edges: set[int] = set()
    inside: set[int] = set()
    for word in {w for w in words if w}:
        if len(word) < 2:
            continue
        at = title.find(word)
        while at != -1:
            edges.update((at, at + len(word)))
            inside.update(range(at + 1, at + len(word)))
            at = title.find(word, at + 1)
    return edges, inside - edges


def _quoted(title: str, width: float) -> set[int]:
    """Positions inside 《》 or “” whose quoted text would fit on one line (breaking it is avoidable)."""
    out: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(title):
        if ch in _OPENING:
            stack.append(i)
        elif ch in _CLOSING and stack:
            start = stack.pop()
            if display_width(title[start:i + 1]) <= width:
                out.update(range(start + 1, i + 1))
    return out


def _penalties(title: str, words: Iterable[str], width: float) -> list[float]:
    """Cost of breaking ``title`` before each index (inf where a line may not break)."""
    edges, inside = _names(title, words)
    quoted = _quoted(title, width)
    out = [math.inf]                    # index 0: no break before the first character
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        head, tail = title[:i], title[i:]
        if after in _NO_LINE_START or before in _NO_LINE_END:
            cost = math.inf
        elif _is_ascii_word(before) and (_is_ascii_word(after) or after in "年月日号"):
            cost = math.inf             # 2026年, 5·12, PM2.5, 6S stay whole
        elif after in "至到":
            cost = _UNKNOWN + _IN_NAME[_UNKNOWN]   # inside a span of dates: 2026年4月 | 至5月
        elif i in edges:
            cost = _AT_NAME             # …教育局 | 创建…, 2026年 | 防汛工作
        else:
            dated = before in "年月日" and len(head) > 1 and head[-2].isdigit() and not _is_ascii_word(after)
            word = dated or (tail.startswith(_GOOD_BEFORE) or head.endswith(_GOOD_AFTER)) and after not in "月周年日节"
            cost = _AT_WORD if word else _UNKNOWN     # a word ends here — but not 宣传|月, 建设|年
            if i in inside:
                cost += _IN_NAME[cost]
        out.append(cost + (_IN_QUOTES if i in quoted else 0.0))
    return out


def _lines(title: str, cuts: tuple[int, ...]) -> list[str]:
    bounds = (0, *cuts, len(title))
    return [title[a:b] for a, b in zip(bounds, bounds[1:])]


def _cost(lines: list[str], penalties: list[float], cuts: tuple[int, ...], width: float) -> float:
    widths = [display_width(line) for line in lines]
    if max(widths) > width or min(widths) < _SHORTEST:
        return math.inf
    # Similar lengths, the upper line no shorter than the lower (梯形), breaks where the words allow.
    return (_IMBALANCE * (max(widths) - min(widths)) + (_TOP_SHORTER if widths[0] < widths[-1] else 0.0)
            + sum(penalties[c] for c in cuts))


def _greedy(title: str, penalties: list[float], width: float) -> list[str]:
    """Fill lines up to ``width``, each ending at the last allowed break (long titles)."""
    lines, start = [], 0
    while display_width(title[start:]) > width:
        end = start + 1
        while end < len(title) and display_width(title[start:end + 1]) <= width:
            end += 1
        cut = next((c for c in range(end, start, -1) if penalties[c] < math.inf), end)
        lines.append(title[start:cut])
        start = cut
    return lines + [title[start:]]


def title_lines(title: str, width: float = TITLE_LINE_CHARS, words: Iterable[str] = ()) -> list[str]:
    """``title`` as the lines it is printed on: one line when it fits, else lines of similar
    length broken where the words allow — 在全市水利系统2026年防汛工作 / 部署会上的讲话, never
    …部署会上的讲 / 话.  ``words`` are names known to be whole (the unit, the campaign): a break
    at their edges is the best there is, one inside them the worst."""
    if display_width(title) <= width:
        return [title]
    penalties = _penalties(title, tuple(words), width)
    allowed = [i for i in range(1, len(title)) if penalties[i] < math.inf]
    fewest = math.ceil(display_width(title) / width)
    best: tuple[float, tuple[int, ...]] = (math.inf, ())
    for count in range(fewest, min(fewest + 1, _SEARCH_LINES) + 1):
        for cuts in itertools.combinations(allowed, count - 1):
            cost = _cost(_lines(title, cuts), penalties, cuts, width) + _EXTRA_LINE * (count - fewest)
            best = min(best, (cost, cuts))
    if best[0] < math.inf:
        return _lines(title, best[1])
    return _greedy(title, penalties, width)


def title_words(campaign: Campaign) -> tuple[str, ...]:
    """Names a title of ``campaign`` may hold whole: the unit (full, short, as a title names it),
    the campaign and its work noun, the leadership group, the meeting, the summary's period."""
    from .wording import title_owner, work_name

    speech, summary = campaign.documents.speech, campaign.documents.summary
    work = (campaign.campaign.name, work_name(campaign))
    names = (campaign.unit.name, campaign.unit.short_name, title_owner(campaign), *work,
             # a campaign is also named without its year (在全县医保基金监管专项整治工作推进会上的讲话)
             *(_YEAR.sub("", w) for w in work if _YEAR.match(w)),
             campaign.leadership.name if campaign.leadership else None, speech.occasion if speech else None,
             format_period_label(summary.period.start, summary.period.end) if summary else None)
    return tuple(n for n in names if n)


# --- the rendered document: breaks inside each title paragraph ---------------------------------------
_TITLE_STYLE = re.compile(r'<w:pStyle w:val="GwTitle"/>')
_TEXT_RUN = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def _split_escaped(escaped: str, offsets: list[int]) -> str:
    """``escaped`` (XML character data) with a line break before each character offset of its
    unescaped text."""
    out, count, pos = [], 0, 0
    todo = sorted(offsets)
    while pos < len(escaped):
        while todo and todo[0] == count:
            out.append(_BREAK)
            todo.pop(0)
        entity = _ENTITY.match(escaped, pos)
        step = entity.end() - pos if entity else 1
        out.append(escaped[pos:pos + step])
        pos += step
        count += 1
    return "".join(out)


def _break_paragraph(paragraph: str, words: Iterable[str]) -> str:
    """One title paragraph with line breaks where :func:`title_lines` puts them (its text may be
    spread over several runs, as after editing in Word)."""
    texts = list(_TEXT_RUN.finditer(paragraph))
    lines = title_lines("".join(html.unescape(m.group(2)) for m in texts), words=words)
    if len(lines) < 2:
        return paragraph
    cuts = list(itertools.accumulate(len(line) for line in lines[:-1]))
    out, last, start = [], 0, 0
    for m in texts:
        length = len(html.unescape(m.group(2)))
        inside = [c - start for c in cuts if start < c < start + length]
        # a line that starts with this run's text: the break goes before its <w:t> (same run)
        lead = "<w:br/>" if start in cuts else ""
        out.append(paragraph[last:m.start()] + lead + m.group(1) + _split_escaped(m.group(2), inside) + m.group(3))
        last, start = m.end(), start + length
    out.append(paragraph[last:])
    return "".join(out)


def break_titles(xml: str, words: Iterable[str] = ()) -> str:
    """The document XML with each long title (style GwTitle) broken into :func:`title_lines` by
    line breaks inside its paragraph.  A title that already holds a break (set by hand in a user's
    template) is left as it is."""
    words = tuple(words)
    out, pos = [], 0
    for mark in _TITLE_STYLE.finditer(xml):
        start = xml.rfind("<w:p>", 0, mark.start())
        start = max(start, xml.rfind("<w:p ", 0, mark.start()))
        end = xml.find("</w:p>", mark.end())
        if start < pos or end == -1:
            continue
        end += len("</w:p>")
        paragraph = xml[start:end]
        out.append(xml[pos:start])
        out.append(paragraph if "<w:br" in paragraph or "<w:cr" in paragraph else _break_paragraph(paragraph, words))
        pos = end
    out.append(xml[pos:])
    return "".join(out)
