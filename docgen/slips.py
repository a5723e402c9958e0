"""Slips typed on a Chinese keyboard, found in the raw YAML text and named at their own line.

With a Chinese input method on, an office worker types ``：`` for ``:``, indents with
full-width spaces, gets ``－`` or ``·`` for the list dash, a tab from the Tab key, ``: ``
inside a value, a ``"`` closed by ``”``.  YAML cannot say what happened: it reports an
error some lines later, or none at all and the data silently changes shape (``unit:``
becomes empty and ``　name`` a new top-level key).

:func:`scan` names each slip at its own line and column, with the fix in words, and
returns a repaired copy of the text (same lines, each slip fixed the obvious way) so the
rest of the file can still be parsed and checked: every problem is reported in one run.
The repaired data only ever serves to report problems; a slip is an error, never rendered.

Slips that leave valid YAML behind (``[语文组，各班级]`` read as one item, ``【甲, 乙】``
read as text, ``- 德育科: 牵头`` read as a mapping) are the schema's to name, where the
expected shape is known: see :mod:`docgen.schema`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Optional

# Characters an IME gives for the list dash: full-width hyphen, em/en dash, hyphens, middle dots.
_DASHES = "\uff0d\u2014\u2013\u2010\u2011\u00b7\u2022\u30fb\u2027"
_DASH_NAMES = {"\uff0d": "全角短横线“－”", "\u2014": "破折号“—”", "\u2013": "短破折号“–”",
               "\u2010": "连字符“‐”", "\u2011": "连字符“‑”", "\u00b7": "间隔号“·”", "\u2022": "圆点“•”",
               "\u30fb": "间隔号“・”", "\u2027": "间隔号“‧”"}
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)([ \t]*)([:：])")
_FLOW_KEY_FULLWIDTH = re.compile(r"(?:(?<=[{,，])|^)\s*([A-Za-z_][A-Za-z0-9_-]*)\s*(：)")
_FLOW_COMMA_BEFORE_KEY = re.compile(r"(，)\s*[A-Za-z_][A-Za-z0-9_-]*\s*[:：]")
_BLOCK_INDICATOR = re.compile(r"[|>][-+1-9]{0,2}[ \t]*(?:#.*)?$")
_COMMENT = re.compile(r"[ \t]#")
# A slip at the start of a line: an IME dash, '-' glued to the item, 'key：' or a known 'key:' glued to its value.
_LINE_START_SLIP = re.compile(r"\n[ \t\u3000]*(?:-[ \t]+)*(?:" + "|".join([
    f"[{_DASHES}]",                                         # － — · …
    r"-[\u3400-\u9fff]",                                     # -德育科
    r"-[A-Za-z_][A-Za-z0-9_-]*[ \t]*[:：]",                  # -name: …
    r"[A-Za-z_][A-Za-z0-9_-]*(?::[^\s:/]|[ \t]*：)",         # name:… / name：…
]) + ")")
_QUOTE_SLIP = re.compile(r"(?:\"[^\"\n]*”|'[^'\n]*’)[ \t]*(?:\n|$)")

#: A part of the campaign's JSON schema (a JSON object).
_Schema = dict[str, Any]


def _suspect(text: str) -> bool:
    """Whether ``text`` may hold a slip :func:`scan` names, cheaply (a few searches that skip ahead
    in C, against a line walk that costs half as much as parsing the YAML).  Slips this misses (``a: b: c``)
    always break the YAML, and a syntax error is scanned thoroughly."""
    if any(char in text for char in "\t\u3000｛｝［］"):
        return True
    if _LINE_START_SLIP.search("\n" + text):
        return True
    if ("”" in text or "’" in text) and _QUOTE_SLIP.search(text):
        return True
    return "{" in text and re.search(r"\{[^}\n]*[，：]", text) is not None


# Brackets YAML cannot read: ｛…｝ (never prose) and half-width/full-width mixes.  A value in ［…］ or
# 【…】 is valid text, and the schema names it when a list was expected.
_OPENERS = {"｛": "｝", "[": "］", "{": "｝", "［": "]"}
_FULLWIDTH_OPEN = {"［": "[", "｛": "{"}


@dataclass(frozen=True)
class Slip:
    """One slip: what (``code``, see :data:`docgen.errors.CODES`), where (1-based line and column
    in the original text), the key written on that line (when there is one) and the fix."""

    code: str
    line: int
    column: int
    message: str
    hint: str
    key: Optional[str] = None


@dataclass
class Scan:
    """What :func:`scan` found: the slips, and the text with each slip repaired (same lines)."""

    slips: list[Slip]
    text: str
    # line → [(column in the repaired line where the shift starts, columns added so far)], 0-based
    shifts: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def lines(self) -> set[int]:
        """Lines holding a slip."""
        return {s.line for s in self.slips}

    def original_column(self, line: int, column: int) -> int:
        """The column (1-based) in the original text of ``column`` in the repaired ``line``."""
        added = 0
        for start, total in self.shifts.get(line, ()):
            if column - 1 >= start:
                added = total
        return max(1, column - added)


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    """Every field name of the campaign schema (a key followed by ``:`` and no space is a slip only
    for these: elsewhere ``a:b`` is ordinary text, a time or a URL)."""
    from .schema import load_schema

    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema())
    return frozenset(names)


class _Line:
    """One line being scanned: its slips and the edits that repair them."""

    def __init__(self, number: int, text: str):
        self.number = number
        self.text = text
        # for a line indented with "　" or a tab: the indent that lines it up with the line below
        # (see _next_indent), and the columns where a key (an item: a dash) lines up with lines above
        self.following: Optional[tuple[int, bool]] = None
        self.levels: frozenset[int] = frozenset()
        self.child = True       # whether it may be a child of the line above (its key is a field there)
        self.slips: list[Slip] = []
        self.edits: list[tuple[int, int, str]] = []     # (start, end, replacement), 0-based, original columns
        self.key: Optional[str] = None
        self.parent = _Parent(0, False)

    def slip(self, code: str, index: int, message: str, hint: str) -> None:
        self.slips.append(Slip(code, self.number, index + 1, message, hint, self.key))

    def edit(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, replacement))

    def repaired(self) -> tuple[str, list[tuple[int, int]]]:
        """The repaired line, and where its columns shift: [(column after an edit, columns added so
        far)], 0-based in the repaired line."""
        out, shifts, last, added = [], [], 0, 0
        for start, end, replacement in sorted(self.edits):
            if start < last:        # overlapping edits: keep the first
                continue
            out += [self.text[last:start], replacement]
            new_end = start + added + len(replacement)
            added += len(replacement) - (end - start)
            shifts.append((new_end, added))
            last = end
        out.append(self.text[last:])
        return "".join(out), shifts


def scan(text: str, *, thorough: bool = False) -> Scan:
    """The slips in YAML ``text``, each at its own line, and the text with them repaired.

    Without ``thorough``, text that shows no sign of a slip is not walked line by line
    (see :func:`_suspect`); scan thoroughly when the YAML does not parse.
    """
    if not thorough and not _suspect(text):
        return Scan([], text)
    lines = text.split("\n")
    slips: list[Slip] = []
    shifts: dict[int, list[tuple[int, int]]] = {}
    block: Optional[int] = None         # inside a | or > block scalar: lines indented deeper than this
    text_indent: Optional[int] = None   # the indent of that block's first line of text
    quote: Optional[str] = None         # inside a quoted scalar continued from an earlier line
    plain: Optional[int] = None         # a plain value may continue on lines indented deeper than this
    parent = _Parent(0, False)          # the line before: where its content starts, whether it opens a block
    levels = _Levels()
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip(" \t\u3000\r")
        lead = raw[:len(raw) - len(raw.lstrip(" \t\u3000"))]
        indent = _width(lead)
        # YAML indents with spaces only: to it a line "indented" with "　" starts at the "　", so
        # it neither continues a value nor a block's text above (the "　" is named on that line)
        deeper = _width(raw[:len(raw) - len(raw.lstrip(" \t"))])
        line = _Line(number, raw)
        if block is not None:
            spaces = len(raw) - len(raw.lstrip(" "))
            odd = spaces <= block and raw[spaces:spaces + 1] in ("\t", "\u3000")   # a block's text is indented with spaces
            if not stripped or (deeper > block and not odd):
                if stripped and text_indent is None:
                    text_indent = deeper
                continue
            if odd and indent > block and not _KEY.match(stripped):
                _indentation(line, lead, parent, text_indent if text_indent is not None else block + 2)
                lines[number - 1], shifts[number] = line.repaired()
                slips.extend(line.slips)
                continue
            block = None
        if quote is not None:
            if _closes(raw, quote):
                quote = None
            continue
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        if plain is not None and deeper > plain:
            _indentation(line, raw[:len(raw) - len(raw.lstrip(" \t"))], parent)   # continued text: "　" is text
            opens: Optional[str] = "text"
        else:
            if "\t" in lead or "\u3000" in lead:
                item = stripped[:1] in ("-", *_DASHES)
                key = None if item else _KEY.match(stripped)
                line.following = _next_indent(lines, number)
                line.levels = levels.columns(items=item, key=key.group(1) if key else None)
                line.child = levels.takes(key.group(1) if key else None)
            opens, plain = _scan_line(line, parent, thorough)
            if opens in ('"', "'"):
                quote = opens
            parent = line.parent
        if line.edits:
            lines[number - 1], shifts[number] = line.repaired()
        if opens != "text":
            levels.add(lines[number - 1])
        if opens == "block":
            block, text_indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" ")), None
        slips.extend(line.slips)
    return Scan(slips, "\n".join(lines), shifts)


def _next_indent(lines: list[str], number: int) -> Optional[tuple[int, bool]]:
    """The indent line ``number`` (1-based) has when it lines up with the first line with content
    below it, that one indented with spaces only (None otherwise, or at the end), and whether that
    line is its child.  Below a ``key:`` line, or a list item that is not followed by another item,
    the line below is its child: two columns deeper.  (Otherwise it may be a sibling, or the next
    key of a mapping further out.)"""
    body = lines[number - 1].strip(" \t\u3000\r")
    dashed = body[:1] in ("-", *_DASHES)
    opens = re.search(r"[:：](?:[ \t]+(?:[|>][-+1-9]{0,2}[ \t]*)?)?(?:[ \t]#.*)?$", body) is not None
    for raw in lines[number:]:
        below = raw.strip(" \t\u3000\r")
        if not below or below.startswith("#"):
            continue
        lead = raw[:len(raw) - len(raw.lstrip(" \t\u3000"))]
        if "\t" in lead or "\u3000" in lead:
            return None
        child = opens or (dashed and below[:1] not in ("-", *_DASHES))
        return (len(lead) - 2, True) if child else (len(lead), False)
    return None


class _Levels:
    """Where the lines read so far leave a mapping's keys or a list's dashes open: the columns a
    line indented with "　" or a tab can line up with (its siblings, or those of a line above),
    with the part of the campaign schema each stands in, so a key lines up only where it is a field."""

    def __init__(self) -> None:
        # [column, a list's dashes?, schema of that mapping or list, schema of its latest value], outermost first
        self.open: list[tuple[int, bool, Optional[_Schema], Optional[_Schema]]] = []

    def add(self, line: str) -> None:
        """Take in a (repaired) line that starts a key or an item."""
        pos = len(line) - len(line.lstrip(" "))
        dashes = []
        while line.startswith("-", pos) and line[pos + 1:pos + 2] in (" ", ""):
            dashes.append(pos)
            pos += 1
            while line[pos:pos + 1] == " ":
                pos += 1
        indent = dashes[0] if dashes else pos
        # a list may sit at the column of the key that holds it ("key:" then "- item")
        kept = [e for e in self.open if e[0] < indent or (e[0] == indent and dashes and not e[1])]
        same = [e for e in self.open if e[0] == indent and e[1] == bool(dashes)]
        container = same[0][2] if same else kept[-1][3] if kept else _schema_root() if indent == 0 else None
        self.open = kept
        for column in dashes:
            item = _schema_part(container, "items")
            self.open.append((column, True, container, item))
            container = item
        key = _OUTLINE_KEY.match(line, pos)
        if key:
            self.open.append((pos, False, container, _schema_part(container, "properties", key.group(1).strip("\"'"))))

    def columns(self, *, items: bool, key: Optional[str] = None) -> frozenset[int]:
        """The columns where a list item's dash (``items``), or else ``key``, can line up: where
        that key is a field, when it is one anywhere."""
        found = frozenset(e[0] for e in self.open if e[1] == items)
        if items or key is None:
            return found
        fields = frozenset(e[0] for e in self.open if not e[1] and _is_field(e[2], key))
        return fields or found

    def takes(self, key: Optional[str]) -> bool:
        """Whether the latest value (below a ``key:`` line) may hold ``key`` as a field."""
        return key is None or not self.open or self.open[-1][3] is None or _is_field(self.open[-1][3], key) \
            or not any(_is_field(e[2], key) for e in self.open if not e[1])


@lru_cache(maxsize=1)
def _schema_root() -> _Schema:
    from .schema import load_schema

    return load_schema()


def _schema_part(schema: Optional[_Schema], *path: str) -> Optional[_Schema]:
    """``schema``'s ``items`` or ``properties.<key>`` (through ``$ref``), None where there is none."""
    for step in path:
        schema = _resolved(schema)
        if not isinstance(schema, dict):
            return None
        schema = schema.get(step)
    return _resolved(schema)


def _resolved(schema: Optional[_Schema]) -> Optional[_Schema]:
    while isinstance(schema, dict) and "$ref" in schema:
        target: object = _schema_root()
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        schema = target if isinstance(target, dict) else None
    return schema if isinstance(schema, dict) else None


def _is_field(schema: Optional[_Schema], key: str) -> bool:
    properties = schema.get("properties") if schema else None
    return isinstance(properties, dict) and key in properties


def _width(indentation: str) -> int:
    return len(indentation) + indentation.count("\t") + indentation.count("\u3000")


@dataclass(frozen=True)
class _Parent:
    """Where the previous line's content (its key, after any "- ") starts, and whether it opens a
    block (``key:`` with nothing after it): the indentation a tab or full-width space stood for."""

    column: int
    opens: bool

    def indent_for(self, indentation: str, following: Optional[tuple[int, bool]] = None,
                   levels: frozenset[int] = frozenset(), item: bool = False) -> int:
        """The indent (in spaces) ``indentation`` stood for, on a line that starts a key (``item``:
        a list item).  A full-width space looks two columns wide, a tab's width depends on the editor.

        The first child of a ``key:`` line lines up with the line below when that is a child
        too, else is taken at its look when that is deeper (a tab: two columns deeper).  Any other
        line lines up with a key (an item: a dash) above it: the one its own child below lines up
        with, else the one at its look (a tab: its sibling's), else its sibling when it looks no
        shallower, else the one the line below lines up with, else the nearest at its left."""
        width, tab = _width(indentation), "\t" in indentation
        below_indent, child = following if following is not None else (None, False)
        if self.opens:
            low = self.column if item else self.column + 1      # "key:" then "- item" may share a column
            if below_indent is not None and below_indent >= low:
                return below_indent
            return width if not tab and width >= low else self.column + 2
        if child and below_indent in levels:
            return below_indent
        sibling = [level for level in levels if level <= self.column]
        if tab and sibling:
            return max(sibling)
        if width in levels:
            return width
        if width >= self.column and sibling:
            return max(sibling)
        if below_indent in levels:
            return below_indent
        left = [level for level in levels if level <= width]
        if left:
            return max(left)
        return width if not tab and width <= self.column else self.column


def _closes(line: str, quote: str) -> bool:
    if quote == '"':
        return re.search(r'(?<!\\)"', line) is not None
    return "'" in line.replace("''", "")


def _scan_line(line: _Line, parent: _Parent, thorough: bool = False) -> tuple[Optional[str], Optional[int]]:
    """Find the slips of one line.  Return what it opens for later lines (``"block"`` for
    ``|``/``>``, a quote character for a quoted scalar continued below) and, when it ends in a plain
    value that may continue on deeper lines, the indent those lines exceed."""
    text = line.text
    pos = len(text) - len(text.lstrip(" \t\u3000"))
    indent = _indentation(line, text[:pos], parent)
    edits = len(line.edits)
    content = _dashes(line, pos)
    added = sum(len(new) - (end - start) for start, end, new in line.edits[edits:])
    line.parent = _Parent(indent + (content - pos) + added, False)      # where the content is once repaired
    match = _KEY.match(text, content)
    if match and match.group(3) == "：" and content > pos and match.group(1) not in _known_keys():
        match = None        # "- APP：推广…" is the item's text
    if match:
        line.key = match.group(1)
        value = _key(line, match, content > pos and not thorough)
        if value is None:
            return None, None
    else:
        value = content
    opens = _value(line, value, keyed=match is not None)
    rest = text[value:].strip(" \t\u3000\r")
    line.parent = _Parent(line.parent.column, match is not None and (not rest or rest.startswith("#")))
    continues = opens is None and rest and not rest.startswith(("#", "[", "{", "&", "*", "!"))
    # a plain value goes on over lines deeper than its key (a bare list item: deeper than its dash)
    return opens, ((line.parent.column if match else indent) if continues else None)


def _indentation(line: _Line, indentation: str, parent: _Parent, fixed: Optional[int] = None) -> int:
    """Name a tab or full-width space in ``indentation``; return the indent it stands for (spaces):
    ``fixed`` when given, else what the line above and below tell."""
    tab = indentation.find("\t")
    if tab >= 0:
        line.slip("DG-SLIP-TAB", tab, "用 Tab 键缩进了，YAML 只认空格 / a tab is used for indentation; YAML needs spaces",
                  "请删除 Tab，改用空格键缩进（同一层级对齐，通常每层两个空格）。"
                  "/ replace the tab with spaces (two per level).")
    wide = indentation.find("\u3000")
    if wide >= 0:
        line.slip("DG-SLIP-FULLWIDTH-SPACE", wide,
                  "缩进里有全角空格“　”，YAML 只认半角空格 / full-width space (U+3000) used for indentation",
                  "请切换到英文（半角）输入后用空格键缩进，或把这一行开头的全角空格换成两个半角空格。"
                  "/ switch the input method to half-width and indent with ordinary spaces.")
    if tab < 0 and wide < 0:
        return len(indentation)
    # Repair to the indent the line must have meant: a child of a "key:" line, else a sibling.
    item = line.text.lstrip(" \t\u3000")[:1] in ("-", *_DASHES)
    if parent.opens and not line.child:
        parent = _Parent(parent.column, False)
    indent = fixed if fixed is not None else parent.indent_for(indentation, line.following, line.levels, item)
    line.edit(0, len(indentation), " " * indent)
    return indent


def _dashes(line: _Line, pos: int) -> int:
    """Step over the list dashes starting at ``pos`` (``- - x``), naming the ones that are slips."""
    text = line.text
    first = pos         # past a real "- ", text like "-5%" or "——摘自" is the item's value, not a slip
    while pos < len(text):
        char, after = text[pos], text[pos + 1:pos + 2]
        if pos > first and char != "-":
            break
        if char == "-" and after in (" ", "\t"):
            if after == "\t":
                line.slip("DG-SLIP-TAB", pos + 1, "“-”后面是 Tab，应为空格 / a tab after the list dash",
                          "请把 Tab 换成一个空格：- 内容 / use one space: '- item'.")
                line.edit(pos + 1, pos + 2, " ")
            pos += 2
        elif pos == first and char == "-" and after == "\u3000":
            line.slip("DG-SLIP-LIST-DASH", pos + 1,
                      "“-”后面是全角空格，列表项应以“- ”（短横线加半角空格）开头 / a full-width space after the list dash",
                      "请把“-”后面的全角空格换成半角空格：- 内容 / use '- ' with an ordinary space.")
            line.edit(pos + 1, pos + 2, " ")
            pos += 2
        elif pos == first and char == "-" and after and (re.match(r"[\u3400-\u9fff{]", after) or _KEY.match(text, pos + 1)):
            line.slip("DG-SLIP-LIST-DASH", pos,
                      "列表项的“-”后面少了空格 / no space after the list dash",
                      f"请写成“- {text[pos + 1:].strip()}”（短横线后加一个空格）。/ write '- ' followed by the item.")
            line.edit(pos + 1, pos + 1, " ")
            pos += 1
        elif char in _DASHES:
            end = pos + 1
            while end < len(text) and end - pos < 2 and text[end] in _DASHES:
                end += 1
            rest = text[end:].lstrip(" \u3000")
            if not rest or rest.startswith("#"):
                return pos
            gap = text[end:len(text) - len(rest)]
            found = _DASH_NAMES.get(char, f"“{char}”")
            line.slip("DG-SLIP-LIST-DASH", pos,
                      f"列表项用了{found}开头，应为英文短横线加空格“- ” / a list item must start with '- ', not {char!r}",
                      f"请切换到英文（半角）输入，写成“- {rest.split('#')[0].strip()}”。/ type '- ' with the input method in half-width mode.")
            line.edit(pos, end + len(gap), "- ")
            pos = end + len(gap)
        else:
            break
    return pos


def _key(line: _Line, match: re.Match[str], after_dash: bool) -> Optional[int]:
    """Check the ``key:`` at ``match``; return where its value starts (None: nothing more to check).
    After a list dash in YAML that parses, ``name:x`` may be an item's text; the schema names it
    when a mapping was meant (``after_dash``)."""
    text = line.text
    key, colon_at = match.group(1), match.start(3)
    after = colon_at + 1
    next_char = text[after:after + 1]
    rest = text[after:].strip(" \t\u3000\r")
    comment = _COMMENT.search(" " + rest)
    shown = f"{key}: {(rest[:comment.start()] if comment else rest).strip() or '…'}"
    if match.group(3) == "：":
        line.slip("DG-SLIP-FULLWIDTH-COLON", colon_at,
                  f"“{key}”后面用了中文冒号“：”，字段名后要用英文冒号加空格“: ” / full-width colon after {key!r}: write '{key}: '",
                  f"请切换到英文（半角）输入，改为“{shown}”。/ type a half-width ':' followed by a space.")
        line.edit(colon_at, after + (1 if next_char == "\u3000" else 0), ": " if next_char not in (" ", "\t") else ":")
    elif next_char and next_char not in (" ", "\t", "\r") and key in _known_keys() and not after_dash:
        if next_char in ":/":      # '::', 'http://': not a key at all
            return None
        wide = next_char == "\u3000"
        line.slip("DG-SLIP-MISSING-SPACE", after,
                  (f"“{key}:”后面是全角空格，应为半角空格 / a full-width space after '{key}:'" if wide else
                   f"“{key}:”后面少了一个空格，YAML 会把整行当成文字 / no space after '{key}:', so the line reads as text"),
                  f"请写成“{shown}”（英文冒号后加一个半角空格）。/ write '{key}: ' with an ordinary space.")
        line.edit(after, after + (1 if wide else 0), " ")
    elif next_char == "\t":
        line.slip("DG-SLIP-TAB", after, f"“{key}:”后面是 Tab，应为空格 / a tab after '{key}:'",
                  f"请把 Tab 换成一个空格：{key}: … / use one space.")
        line.edit(after, after + 1, " ")
    pos = after
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    return pos


def _value(line: _Line, start: int, *, keyed: bool) -> Optional[str]:
    """Check the value starting at ``start``; return what it opens for later lines, if anything."""
    text = line.text
    value = text[start:].rstrip(" \t\r")
    if not value or value.startswith("#"):
        return None
    first = value[0]
    if _BLOCK_INDICATOR.match(value):
        return "block"
    if first in "\"'":
        return _quoted(line, start, value)
    comment = _COMMENT.search(value)
    value = value[:comment.start()].rstrip() if comment else value
    if (first in _OPENERS and value.endswith(_OPENERS[first])) or (first == "｛" and value.endswith("}")):
        _brackets(line, start, value)
        return None
    if first == "{":
        _flow_mapping(line, start, value)
        return None
    if first in "[&*!%@`|>":
        return None
    if keyed:
        _colon_in_value(line, start, value)
    return None


def _quoted(line: _Line, start: int, value: str) -> Optional[str]:
    quote = value[0]
    closing, opening = ("”", "“") if quote == '"' else ("’", "‘")
    body = value[1:]
    closed = re.search(r'(?<!\\)"', body) if quote == '"' else ("'" in body.replace("''", ""))
    if closed:
        return None
    if body.endswith(closing) and body.count(closing) > body.count(opening):
        line.slip("DG-SLIP-QUOTE", start + len(value) - 1,
                  f"引号不配对：以英文引号{quote}开头、以中文引号{closing}结尾，YAML 会一直找到文件末尾 / "
                  f"the {quote} opened here is closed by a full-width {closing}",
                  f"请两边都用英文引号 {quote}…{quote}，或去掉外面的引号直接写内容。/ use {quote} on both sides, "
                  "or drop the quotes.")
        line.edit(start + len(value) - 1, start + len(value), quote)
        return None
    return quote        # a quoted scalar continued on the next lines


def _brackets(line: _Line, start: int, value: str) -> None:
    inner = value[1:-1]
    flow = "{" if value[0] in "{｛" else "["
    example = inner.replace("，", ", ").replace("：", ": ")
    example = "[" + example + "]" if flow == "[" else "{" + example + "}"
    line.slip("DG-SLIP-BRACKET", start if value[0] in _FULLWIDTH_OPEN else start + len(value) - 1,
              f"用了中文括号“{value[0] if value[0] in _FULLWIDTH_OPEN else value[-1]}”，"
              f"{'列表' if flow == '[' else '映射'}要用英文括号 {flow} {'] ' if flow == '[' else '} '}/ "
              f"full-width brackets: YAML needs half-width {flow}{']' if flow == '[' else '}'}",
              f"请切换到英文（半角）输入，写成 {line.key + ': ' if line.key else ''}{example}。"
              "/ type the brackets and commas in half-width mode.")
    line.edit(start, start + len(value), example)


def _flow_mapping(line: _Line, start: int, value: str) -> None:
    for match in _FLOW_KEY_FULLWIDTH.finditer(value, 1):
        key = match.group(1)
        at = start + match.start(2)
        line.slip("DG-SLIP-FULLWIDTH-COLON", at,
                  f"“{key}”后面用了中文冒号“：”，应为英文冒号加空格“: ” / full-width colon after {key!r}",
                  f"请改为“{key}: …”。/ type a half-width ':' followed by a space.")
        line.edit(at, at + 1, ": ")
    for match in _FLOW_COMMA_BEFORE_KEY.finditer(value):
        at = start + match.start(1)
        line.slip("DG-SLIP-LIST-COMMA", at,
                  "花括号里的两项之间用了中文逗号“，”，应为英文逗号“,” / items in { } are separated by a half-width ','",
                  "请把“，”改为英文逗号加空格“, ”。/ type ', ' in half-width mode.")
        line.edit(at, at + 1, ", ")


def _colon_in_value(line: _Line, start: int, value: str) -> None:
    colons = list(re.finditer(r":(?=[ \t]|$)", value))
    if not colons:
        return
    key = line.key or "…"
    quoted_cn = value[0] in "“‘"
    line.slip("DG-SLIP-COLON-IN-VALUE", start + colons[0].start(),
              "值里有英文冒号加空格“: ”，YAML 会把它当成新的字段 / ': ' inside a value starts a new key",
              ("中文引号不能代替 YAML 的引号。" if quoted_cn else "")
              + f"请给整个值加英文引号：{key}: {quoted(value)}，或改用中文冒号：{key}: {_cn_colons(value)}"
              " / quote the whole value, or use a full-width '：'.")
    for colon in colons:
        line.edit(start + colon.start(), start + colon.end(), "：")


def quoted(text: str) -> str:
    """``text`` as a quoted YAML scalar, the way a person would type it: "…", or '…' when the text
    holds a double quote."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cn_colons(text: str) -> str:
    return re.sub(r":[ \t]*", "：", text)


# --- where a line is in the file's structure --------------------------------------------------

_OUTLINE_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]*|"[^"]*"|'[^']*')[ \t]*(?::(?=[ \t\u3000]|$)|：)""")


def field_at(text: str, line: int) -> Optional[str]:
    """The field path (``tasks[1].owners``) of ``line`` in YAML ``text``, from indentation alone:
    enough to name the field of a syntax error, where there is no parse tree."""
    stack: list[tuple[int, object]] = []      # (indent, key or list index), outermost first
    for raw in text.split("\n")[:line]:
        body = raw.replace("\t", "  ").replace("\u3000", "  ").rstrip()
        if not body.strip() or body.strip().startswith("#"):
            continue
        pos = len(body) - len(body.lstrip(" "))
        dashed = False
        while body[pos:pos + 1] in ("-", *_DASHES) and body[pos + 1:pos + 2] in (" ", ""):
            index = 0
            while stack and (stack[-1][0] > pos or (stack[-1][0] == pos and isinstance(stack[-1][1], int))):
                indent, popped = stack.pop()
                if indent == pos and isinstance(popped, int):
                    index = popped + 1      # the next item of the same list
                    break
            stack.append((pos, index))
            pos += 1
            while body[pos:pos + 1] == " ":
                pos += 1
            dashed = True
        match = _OUTLINE_KEY.match(body, pos)
        if match:
            if not dashed:
                while stack and stack[-1][0] >= pos:
                    stack.pop()
            stack.append((pos, match.group(1).strip("\"'")))
    return _format(k for _, k in stack) or None


def _format(parts: Iterable[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
