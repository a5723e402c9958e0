"""Hostile and careless campaign files (issues 13, 14): each ends in exit 0 or 2 with a located
message, no traceback, bounded memory and time.  Control characters, YAML 1.1 scalars in text
fields, foreign encodings, deep nesting, alias amplification, huge files, non-regular files."""
from __future__ import annotations

import codecs
import os
import re

import pytest
import yaml

import docgen
from docgen import loader, rules
from hardening_support import assert_clean, document_text, reference_text, run_docgen


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


# --- control characters (issue 13) -----------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x0b", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe"])
def test_control_character_is_located_with_its_code(tmp_path, char):
    text = reference_text().replace("成立领导小组,制定实施方案", f"成立领导{char}小组,制定实施方案", 1)
    path = tmp_path / "ctl.yaml"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, char)
    column = text.split("\n")[line - 1].index(char) + 1
    run = run_docgen("validate", path)
    assert_clean(run, (2,))
    code = f"U+{ord(char):04X}"
    assert f"{path}:{line}:{column}" in run.err and code in run.err, run.err
    assert "position" not in run.err and "unicode string" not in run.err


def test_control_characters_are_each_reported_and_then_summarised(tmp_path):
    text = reference_text() + "".join(f"# \x0c{i}\n" for i in range(25))
    with pytest.raises(docgen.ValidationError) as info:
        docgen.loads(text, "many.yaml")
    problems = info.value.problems
    assert len(problems) == loader.MAX_REPORTED_CHARACTERS + 1
    assert all(p.location.line and "U+000C" in p.message for p in problems[:-1])
    assert "15" in problems[-1].message


def test_control_character_in_batch_names_the_line(tmp_path):
    good = tmp_path / "in" / "good.yaml"
    bad = tmp_path / "in" / "bad.yaml"
    good.parent.mkdir()
    good.write_text(reference_text(), encoding="utf-8")
    text = reference_text().replace("局办公室", "局办\x07公室", 1)
    bad.write_text(text, encoding="utf-8")
    result = docgen.render_batch([tmp_path / "in"], "plan", tmp_path / "out", jobs=1)
    assert result.exit_code == 2 and len(result.written) == 1
    problem = result.failed[0].error.problems[0]
    assert problem.location.line == line_of(text, "\x07") and "U+0007" in problem.message


# --- YAML 1.1 scalars in text fields (issue 14) ------------------------------------------------------

# A date typed in a text field stays text, written as 公文 prose writes dates (text.normalize).
SURPRISES = {"1:15": "1:15", "010": "010", "0x1F": "0x1F", "yes": "yes", "No": "No", "on": "on",
             "1e3": "1e3", "1_000": "1_000", "+5": "+5", "2026-03-05": "2026年3月5日", ".inf": ".inf", "0b11": "0b11"}


@pytest.mark.parametrize("typed", sorted(SURPRISES))
def test_yaml11_scalars_in_text_fields_keep_what_was_typed(typed):
    text = reference_text()
    text = text.replace("    title: 推进机关作风建设", f"    title: {typed}", 1)
    text = text.replace("owners: [办公室, 政务服务窗口]", f"owners: [办公室, {typed}]", 1)
    text = text.replace("      value: 100%", f"      value: {typed}", 1)
    campaign = docgen.loads(text)
    task = campaign.tasks[-1]
    assert task.title == SURPRISES[typed] and task.owners[-1] == SURPRISES[typed]
    assert str(campaign.goals.targets[1].value) == SURPRISES[typed]


def test_plain_numbers_stay_numbers_where_a_number_is_allowed():
    text = reference_text().replace("      value: 100%", "      value: 30", 1)
    document = loader.parse(text)
    assert document.data["goals"]["targets"][1]["value"] == 30


def test_yaml11_values_reach_the_document_as_typed(tmp_path):
    text = reference_text().replace("    title: 推进机关作风建设", "    title: 0x1F", 1)
    text = text.replace("owners: [办公室, 政务服务窗口]", "owners: [办公室, 1:15]", 1)
    source = tmp_path / "y.yaml"
    source.write_text(text, encoding="utf-8")
    written = docgen.render_file(source, "plan", tmp_path / "plan.docx")
    body = document_text(written)
    assert "0x1F" in body and "1:15" in body and "75" not in re.sub(r"\d{3,}", "", body)


# --- encodings (issue 14) --------------------------------------------------------------------------

@pytest.mark.parametrize("codec, named", [
    ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
])
def test_utf32_is_named(tmp_path, codec, named):
    path = tmp_path / "u.yaml"
    path.write_bytes(reference_text().encode(codec))
    run = run_docgen("validate", path)
    assert_clean(run, (2,))
    assert named in run.err and "UTF-8" in run.err


def test_shift_jis_and_big5_are_named(tmp_path):
    japanese = tmp_path / "sjis.yaml"
    japanese.write_bytes("unit:\n  name: 東京都教育委員会のテスト\ncampaign:\n  name: さくら運動\n".encode("shift_jis"))
    big5 = tmp_path / "big5.yaml"
    big5.write_bytes("unit:\n  name: 臺北市政府教育局\ncampaign:\n  name: 創建文明城市實施計畫\n".encode("big5"))
    for path, name in ((japanese, "Shift-JIS"), (big5, "Big5")):
        run = run_docgen("validate", path)
        assert_clean(run, (2,))
        assert name in run.err


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_chinese_encodings_still_read(tmp_path, codec):
    text = reference_text()
    raw = text.encode(codec)
    assert loader.decode(raw, "x.yaml") == text.lstrip("\ufeff")


# --- nesting, size, aliases (issue 14) ---------------------------------------------------------------

@pytest.mark.parametrize("kind", ["flow-1000", "flow-200000", "block-1000", "mixed", "recursive-anchor"])
def test_deep_nesting_gives_a_located_error(tmp_path, kind):
    if kind.startswith("flow"):
        n = int(kind.split("-")[1])
        text = "unit: " + "[" * n + "]" * n + "\n"   # 200,000 levels crashed libyaml (segfault)
    elif kind == "block-1000":
        text = "unit:\n" + "".join(" " * i + "a:\n" for i in range(1, 1001)) + " " * 1001 + "x\n"
    elif kind == "mixed":    # 40 levels of block mappings, then 40 of flow lists
        text = "unit:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(40)) + " " * 41 + "[" * 40 + "]" * 40 + "\n"
    else:
        text = "unit: &a [*a]\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_docgen("validate", path, timeout=60)
    assert_clean(run, (2,), max_mb=300, what=kind)
    assert re.search(r"deep\.yaml:\d+(:\d+)?", run.err) and str(loader.MAX_DEPTH) in run.err, run.err


def test_alias_amplification_of_text_is_refused_in_bounded_memory(tmp_path):
    """One 100k-character anchor referenced 5,000 times (4.8 GB before): refused, blamed on aliases."""
    text = reference_text().replace("guiding_ideology: >-", "guiding_ideology: &big " + "文" * 100_000 + "\nx_: >-", 1)
    text += "\nextra:\n" + "".join("  - *big\n" for _ in range(5000))
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_docgen("validate", path, timeout=120)
    assert_clean(run, (2,), max_mb=400)
    assert "别名" in run.err and "alias" in run.err


def test_billion_laughs_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_docgen("validate", path, timeout=60)
    assert_clean(run, (2,), max_mb=300)
    assert "别名" in run.err


def test_many_tasks_are_not_blamed_on_aliases(tmp_path):
    """A file with more values than the bound: refused quickly as too many values, not as aliases."""
    tasks = "".join(f"  - {{id: t{i}, title: 任务}}\n" for i in range(100_000))
    text = reference_text().split("tasks:")[0] + "tasks:\n" + tasks
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < loader.MAX_FILE_BYTES
    run = run_docgen("validate", path, timeout=120)
    assert_clean(run, (2,), max_mb=400)
    assert f"{loader.MAX_NODES:,}" in run.err and "别名" not in run.err and "alias" not in run.err


def test_file_over_the_size_bound_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("unit:\n  name: " + "长" * (loader.MAX_FILE_BYTES // 3 + 10) + "\n")
    run = run_docgen("validate", path)
    assert_clean(run, (2,), max_mb=200)
    assert "4 MB" in run.err


def test_twelve_thousand_tasks_are_refused_at_validation_with_the_limit(tmp_path):
    data = yaml.safe_load(reference_text())
    data["tasks"] = [{"id": f"t{i}", "title": f"任务{i}", "owners": ["德育科"]} for i in range(12_000)]
    data["documents"]["summary"]["achievements"] = [{"task": "t1", "content": "已完成。"}]
    path = tmp_path / "tasks.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, default_style=None), encoding="utf-8")
    run = run_docgen("render", path, "--kind", "all", "-o", tmp_path / "out", timeout=300)
    assert_clean(run, (2,), max_mb=600)
    assert f"{rules.MAX_NUMBERED_ITEMS}" in run.err and "tasks" in run.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unknown_task_id_hint_names_a_few_ids_not_all():
    data = yaml.safe_load(reference_text())
    data["tasks"] = [{"id": f"task{i}", "title": f"任务{i}"} for i in range(30_000)]
    refs = ["zzz", "task1x"] + [f"nope{i}" for i in range(rules.MAX_SUGGESTED_REFS + 5)]
    data["documents"]["summary"]["achievements"] = [{"task": ref, "content": "x"} for ref in refs]
    problems = [p for p in rules.check_rules(data) if "achievements" in (p.location.path or "")]
    assert len(problems) == len(refs)
    for problem in problems:
        assert len(set(re.findall(r"task\d+", problem.hint))) <= 3, problem.hint


# --- dates in other digits (issue 14) ------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["２０２６-０９-３０", "２０２６－０９－３０", "2026-0９-30", "٢٠٢٦-٠٩-٣٠"])
def test_dates_in_full_width_digits_get_a_suggestion(tmp_path, typed):
    text = reference_text().replace("    due: 2026-09-30", f"    due: {typed}", 1)
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_docgen("validate", path)
    assert_clean(run, (2,))
    assert "2026-09-30" in run.err and f":{line_of(text, typed)}:" in run.err


# --- non-regular files (issue 14) -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["dev-zero", "symlink-to-dev-zero", "fifo", "symlink-to-fifo", "dev-urandom"])
def test_non_regular_campaign_files_are_refused(tmp_path, kind):
    path = tmp_path / "c.yaml"
    if kind == "dev-zero":
        path = "/dev/zero"
    elif kind == "dev-urandom":
        path = "/dev/urandom"
    elif kind == "symlink-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        path = fifo if kind == "fifo" else path
        if kind == "symlink-to-fifo":
            path.symlink_to(fifo)
    for command in (("validate", path), ("render", path, "-o", tmp_path / "out.docx")):
        run = run_docgen(*command, timeout=30)
        assert_clean(run, (2,), max_mb=200, what=f"{kind} {command[0]}")
        assert "不是普通文件" in run.err
    assert not (tmp_path / "out.docx").exists()


def test_bom_of_utf32_is_not_taken_for_utf16():
    raw = codecs.BOM_UTF32_LE + "unit: {}\n".encode("utf-32-le")
    with pytest.raises(docgen.SourceError, match="UTF-32"):
        loader.decode(raw, "x.yaml")
