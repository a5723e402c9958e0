"""Issue 10 walk, repeated: two campaigns written from ``docgen init`` (a 森林防火 and a 读书月 one),
broken on every line the ways a Chinese keyboard breaks them — also where the slip tests do not
go: list-item lines, ``key:`` lines that open a block, the text of a ``>-`` block, full-width
spaces typed one per space, tabs one per level, several slips in one file — and each slip must be
one problem, at its own line, with nothing after it.

Found on the walk (each was a follow-on error or a slip not named at all):
- ``　　short_name:`` below ``name: 临江市实验小学`` was taken for the value's continued text
  (YAML indents with spaces only, so to it the line starts at column 1): a syntax error one line on.
- ``　　name:`` as the first child of ``unit:`` was put four columns deep, its sibling below at two.
- ``　　　　duties:`` (one "　" per space) after a deeper ``director:`` block landed inside it.
- The text of a ``>-`` block indented with "　" ended the block: a syntax error on the next key.
- ``- id: 注意: 启动`` and ``due: 注意: 2026-04-30`` were named, then the repaired value again
  (not a valid id / not a date).
- ``-{name: 郑丽, post: 德育处主任}``: a syntax error, not a missing space after the dash.
- ``- title:推荐书目`` next to another slip: a syntax error (named as a slip only when alone).
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import docgen
from conftest import ROOT
from docgen.errors import DocgenError

WALK = sorted((ROOT / "tests" / "walk").glob("*.yaml"))
KEY = re.compile(r"^(\s*(?:- )?)([a-z_]+):( |$)")
DASHES = "－—·"


def problems(text: str) -> list:
    try:
        return docgen.validate(text=text)
    except DocgenError as error:        # a file that cannot be read at all
        return error.problems


def breaks(line: str) -> list[tuple[str, str]]:
    """(code, broken line) for each slip that fits ``line``."""
    out = []
    key = KEY.match(line)
    if key:
        rest = line[key.end():]
        out.append(("DG-SLIP-FULLWIDTH-COLON", line[:key.end(2)] + "：" + rest))
        if key.group(3) and rest and not rest.startswith(("[", "{", ">", "#", " ")):
            out.append(("DG-SLIP-MISSING-SPACE", line[:key.end(2)] + ":" + rest))
            out.append(("DG-SLIP-COLON-IN-VALUE", line[:key.end()] + "注意: " + rest))
    indent = len(line) - len(line.lstrip(" "))
    body = line[indent:]
    if indent >= 2 and indent % 2 == 0:
        out += [("DG-SLIP-FULLWIDTH-SPACE", "\u3000" * (indent // 2) + body),     # one "　" a level
                ("DG-SLIP-FULLWIDTH-SPACE", "\u3000" * indent + body),            # one "　" a space
                ("DG-SLIP-FULLWIDTH-SPACE", "\u3000" + " " * (indent - 2) + body),
                ("DG-SLIP-TAB", "\t" * (indent // 2) + body)]                     # one tab a level
    if body.startswith("- "):
        out += [("DG-SLIP-LIST-DASH", line.replace("- ", dash + " ", 1)) for dash in DASHES]
        out.append(("DG-SLIP-LIST-DASH", line.replace("- ", "-", 1)))
    flow = re.search(r"\[([^\],]+), ([^\]]+)\]", line)
    if flow:
        out.append(("DG-SLIP-LIST-COMMA", line[:flow.start()] + f"[{flow.group(1)}，{flow.group(2)}]" + line[flow.end():]))
    return out


def cases(path: Path) -> list[tuple[int, str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [(number, code, broken) for number, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#") for code, broken in breaks(line)]


def named(found: list) -> list[tuple[int, str]]:
    # a task named by a title the slip changed is rightly not found: not a follow-on of the reading
    return sorted((p.location.line, p.code) for p in found if p.code != "DG-RULE")


@pytest.mark.parametrize("path", WALK, ids=lambda p: p.stem)
def test_the_walk_campaigns_are_valid(path):
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", WALK, ids=lambda p: p.stem)
def test_every_slip_on_every_line_is_one_problem_at_that_line(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    wrong = []
    for number, code, broken in cases(path):
        text = "\n".join(lines[:number - 1] + [broken] + lines[number:])
        found = problems(text)
        if named(found) != [(number, code)]:
            wrong.append(f"{number} {broken!r}: " + "; ".join(f"{p.location.line} {p.code}" for p in found))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", WALK, ids=lambda p: p.stem)
def test_two_slips_anywhere_are_two_problems(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    pool = cases(path)
    chosen = random.Random(10).sample([(a, b) for a in pool for b in pool if a[0] < b[0]], 120)
    wrong = []
    for (one, code_one, broken_one), (two, code_two, broken_two) in chosen:
        text = list(lines)
        text[one - 1], text[two - 1] = broken_one, broken_two
        found = problems("\n".join(text))
        if named(found) != [(one, code_one), (two, code_two)]:
            wrong.append(f"{one} {broken_one!r} + {two} {broken_two!r}: "
                         + "; ".join(f"{p.location.line} {p.code}" for p in found))
    assert not wrong, "\n".join(wrong)


def _only(text: str) -> object:
    """The one problem of a fragment (the top-level fields a fragment lacks aside)."""
    found = [p for p in problems(text) if not (p.code == "DG-SCHEMA-REQUIRED" and "." not in (p.location.path or "."))]
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


@pytest.mark.parametrize("indentation", ["\u3000\u3000", "\u3000\u3000\u3000\u3000", " \u3000"])
def test_fullwidth_indentation_below_a_plain_value_is_not_its_text(indentation):
    text = f"unit:\n  name: 青山县林业局\n{indentation}short_name: 县林业局\n  superior: 县森林防火指挥部\n"
    problem = _only(text)
    assert (problem.code, problem.location.line, problem.location.path) == \
        ("DG-SLIP-FULLWIDTH-SPACE", 3, "unit.short_name")


def test_the_first_child_lines_up_with_its_sibling_below():
    problem = _only("unit:\n\u3000\u3000name: 青山县林业局\n  short_name: 县林业局\n")
    assert (problem.code, problem.location.line, problem.location.path) == ("DG-SLIP-FULLWIDTH-SPACE", 2, "unit.name")


def test_a_key_lines_up_where_it_is_a_field():
    text = ("leadership:\n  name: 领导小组\n  leader: [{name: 王林, post: 局长}]\n  office:\n    location: 办公室\n    director:\n      name: 王林\n      post: 局长\n"
            "\u3000\u3000\u3000\u3000duties: 负责日常工作\n")
    problem = _only(text)
    assert (problem.code, problem.location.line, problem.location.path) == \
        ("DG-SLIP-FULLWIDTH-SPACE", 9, "leadership.office.duties")


@pytest.mark.parametrize("lead", ["\u3000", "\u3000\u3000", "\t"])
def test_block_text_indented_with_fullwidth_spaces_or_a_tab(lead):
    text = f"guiding_ideology: >-\n  以立德树人为根本任务，\n{lead}以阅读习惯养成为重点。\ngoals:\n  overall: 兴趣提高。\n"
    problem = _only(text)
    code = "DG-SLIP-TAB" if lead == "\t" else "DG-SLIP-FULLWIDTH-SPACE"
    assert (problem.code, problem.location.line, problem.location.path) == (code, 3, "guiding_ideology")


@pytest.mark.parametrize("value", ["注意: 2026-04-30", "见通知: 2026年4月30日"])
def test_a_colon_in_a_date_is_named_once(value):
    problem = _only(f"tasks:\n  - title: 宣传\n    due: {value}\n")
    assert problem.code == "DG-SLIP-COLON-IN-VALUE" and problem.location.path == "tasks[0].due"


def test_a_dash_glued_to_a_one_line_mapping():
    text = "leadership:\n  name: 领导小组\n  leader:\n    -{name: 郑丽, post: 德育处主任}\n"
    problem = _only(text)
    assert (problem.code, problem.location.line, problem.location.column) == ("DG-SLIP-LIST-DASH", 4, 5)


def test_an_item_key_without_its_space_next_to_another_slip():
    text = "unit:\n  name：临江市实验小学\ntasks:\n  - title:推荐书目\n    content: 按年级推荐。\n"
    assert [(p.location.line, p.code) for p in problems(text) if p.code.startswith("DG-SLIP")] == \
        [(2, "DG-SLIP-FULLWIDTH-COLON"), (4, "DG-SLIP-MISSING-SPACE")]
    assert len(problems(text)) == 3         # and the missing campaign: nothing else


SLIPPED = {     # (the line as written, the slip on it, its code)
    "colon": ("    occasion: 读书月启动仪式", "    occasion：读书月启动仪式", "DG-SLIP-FULLWIDTH-COLON"),
    "indent": ("      post: 校长", "\u3000\u3000\u3000post: 校长", "DG-SLIP-FULLWIDTH-SPACE"),
    "dash": ("    - name: 吴刚", "    － name: 吴刚", "DG-SLIP-LIST-DASH"),
    "comma": ("    recipients: [各年级组, 各处室]", "    recipients: [各年级组，各处室]", "DG-SLIP-LIST-COMMA"),
    "date": ("    date: 2026-05-08", "    date: 2026年5月8日", "DG-SCHEMA-DATE-FORM"),
}


@pytest.mark.parametrize("form", ["crlf", "gbk", "utf-16", "bom", "no-final-newline"])
@pytest.mark.parametrize("slip", sorted(SLIPPED))
def test_slips_in_files_as_windows_editors_save_them(tmp_path, form, slip):
    written, broken, code = SLIPPED[slip]
    text = (ROOT / "tests" / "walk" / "reading-month.yaml").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    number = max(i for i, line in enumerate(lines, 1) if line == written)   # the last one: near the end
    lines[number - 1] = broken
    if form == "no-final-newline":
        lines = lines[:number]          # the slip on the last line, no line break after it
    text = "\n".join(lines) + ("" if form == "no-final-newline" else "\n")
    data = {"crlf": text.replace("\n", "\r\n").encode(), "gbk": text.encode("gbk"), "utf-16": text.encode("utf-16"),
            "bom": text.encode("utf-8-sig")}.get(form, text.encode())
    path = tmp_path / "活动.yaml"
    path.write_bytes(data)
    found = docgen.validate(path)
    assert [(p.location.line, p.code) for p in found if p.code != "DG-SCHEMA-REQUIRED"] == [(number, code)], \
        "\n".join(map(str, found))
