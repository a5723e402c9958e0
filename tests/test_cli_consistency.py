"""The commands behave alike: folders wherever files are taken, --format json, repeatable -k with
completion, --debug before or after the subcommand, init that makes folders and a portable schema
line, and render --watch."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import yaml
from click.shell_completion import ZshComplete

import docgen
from conftest import read_yaml
from docgen import cli, kinds
from docx_inspect import all_text, open_docx
from test_cli import run


# --- validate: folders and --format json ------------------------------------------------------

@pytest.fixture
def campaign_folder(reference_path, tmp_path):
    """各单位/一中.yaml (valid), 各单位/小学/二小.yml (valid), 各单位/小学/坏.yaml (tasks[0].owners wrong)."""
    root = tmp_path / "各单位"
    (root / "小学").mkdir(parents=True)
    text = reference_path.read_text(encoding="utf-8")
    (root / "一中.yaml").write_text(text, encoding="utf-8")
    (root / "小学" / "二小.yml").write_text(text, encoding="utf-8")
    (root / "小学" / "坏.yaml").write_text(
        text.replace("owners: [德育科, 各中小学校]", "owners: 德育科", 1), encoding="utf-8")
    (root / "说明.txt").write_text("not a campaign", encoding="utf-8")
    return root


def test_validate_takes_folders_recursively(campaign_folder):
    result = run("validate", campaign_folder)
    assert result.returncode == 2
    assert f"{campaign_folder / '一中.yaml'}：检查通过" in result.stdout
    assert f"{campaign_folder / '小学' / '二小.yml'}：检查通过" in result.stdout
    assert f"{campaign_folder / '小学' / '坏.yaml'}:" in result.stderr and "tasks[0].owners" in result.stderr
    assert "说明.txt" not in result.stdout + result.stderr


def test_validate_json_lists_every_file_with_located_problems(campaign_folder):
    result = run("validate", campaign_folder, "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert set(by_name) == {"一中.yaml", "二小.yml", "坏.yaml"}
    assert by_name["一中.yaml"] == {"file": str(campaign_folder / "一中.yaml"), "valid": True, "problems": []}
    problem, = by_name["坏.yaml"]["problems"]
    assert problem["path"] == "tasks[0].owners" and problem["file"] == str(campaign_folder / "小学" / "坏.yaml")
    assert isinstance(problem["line"], int) and problem["line"] > 1 and problem["message"]


def test_validate_json_on_valid_files_and_unreadable_ones(reference_path, tmp_path):
    ok = run("validate", reference_path, "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout) == {
        "valid": True, "files": [{"file": str(reference_path), "valid": True, "problems": []}]}
    missing = run("validate", tmp_path / "无.yaml", "--format", "json")
    assert missing.returncode == 2
    entry, = json.loads(missing.stdout)["files"]
    assert entry["valid"] is False and "找不到" in entry["problems"][0]["message"]


def test_validate_empty_folder_is_an_error(tmp_path):
    (tmp_path / "空").mkdir()
    result = run("validate", tmp_path / "空")
    assert result.returncode == 2 and "没有 .yaml/.yml" in result.stderr and "Traceback" not in result.stderr


# --- -k: repeatable, a choice, completed ------------------------------------------------------

def test_repeated_kind_renders_each(reference_path, tmp_path):
    out = tmp_path / "out"
    result = run("render", reference_path, "-k", "plan", "-k", "speech", "-k", "plan", "-o", out)
    assert result.returncode == 0, result.stderr
    campaign = docgen.load(reference_path)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [docgen.output_name(campaign, "plan"), docgen.output_name(campaign, "speech")])


def test_repeated_kind_names_the_one_lacking_data_and_writes_the_others(reference_path, tmp_path):
    data = read_yaml(reference_path)
    del data["documents"]["speech"]
    source = tmp_path / "无讲话.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", source, "-k", "speech", "-k", "tasks", "-o", out)
    assert result.returncode == 2
    assert "documents.speech" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == [docgen.output_name(docgen.load(source), "tasks")]


def test_kind_is_a_choice_listing_every_kind(reference_path):
    result = run("render", reference_path, "--kind", "poem")
    assert result.returncode == 2 and "poem" in result.stderr
    for name in list(kinds.KINDS) + ["all"]:
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert "plan|notice" in run("render", "--help").stdout


def test_kind_completion_offers_kinds_with_their_chinese_names():
    complete = ZshComplete(cli.main, {}, "docgen", "_DOCGEN_COMPLETE")
    items = complete.get_completions(["render", "a.yaml", "--kind"], "")
    assert [i.value for i in items] == list(kinds.KINDS) + ["all"]
    assert {i.value: i.help for i in items}["speech"] == kinds.KINDS["speech"].label
    assert [i.value for i in complete.get_completions(["render", "a.yaml", "-k"], "s")] == ["speech", "summary"]


# --- --debug on either side of the subcommand ---------------------------------------------------

@pytest.mark.parametrize("args", [
    ["render", "{missing}", "--debug"],
    ["--debug", "render", "{missing}"],
    ["validate", "{missing}", "--debug"],
    ["check", "{missing}", "--debug"],
])
def test_debug_after_the_subcommand_shows_the_traceback(tmp_path, args):
    args = [a.replace("{missing}", str(tmp_path / "missing.yaml")) for a in args]
    with_debug = run(*args)
    assert with_debug.returncode != 0 and "Traceback" in with_debug.stderr
    without = run(*[a for a in args if a != "--debug"])
    assert without.returncode == 2 and "Traceback" not in without.stderr


# --- init ------------------------------------------------------------------------------------

def test_init_creates_missing_folders(tmp_path):
    target = tmp_path / "新活动" / "2026" / "读书月.yaml"
    result = run("init", target)
    assert result.returncode == 0, result.stderr
    assert target.is_file() and (target.parent / "campaign.schema.json").is_file()
    assert run("validate", target).returncode == 0


def test_init_into_a_folder_writes_campaign_yaml(tmp_path):
    result = run("init", f"{tmp_path}/森林防火/")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "森林防火" / "campaign.yaml").is_file()


def test_init_schema_line_is_relative_and_survives_a_move(tmp_path):
    target = tmp_path / "a" / "活动.yaml"
    assert run("init", target).returncode == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./campaign.schema.json"
    text = target.read_text(encoding="utf-8")
    for forbidden in ("site-packages", "file://", str(Path(docgen.__file__).parent)):
        assert forbidden not in text
    # Moved (with its schema) elsewhere, the line still resolves the same way.
    moved = tmp_path / "b"
    (tmp_path / "a").rename(moved)
    schema = moved / first.split("$schema=", 1)[1]
    assert json.loads(schema.read_text(encoding="utf-8"))["properties"]["tasks"]


def test_init_updates_an_old_docgen_schema_but_not_a_foreign_file(tmp_path):
    schema = tmp_path / "campaign.schema.json"
    old = json.loads(run("schema").stdout)
    old["description"] = "older version"
    schema.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    assert run("init", tmp_path / "a.yaml").returncode == 0
    assert schema.read_text(encoding="utf-8") == run("schema").stdout
    schema.write_text('{"title": "someone else"}', encoding="utf-8")
    result = run("init", tmp_path / "b.yaml")
    assert result.returncode == 0 and "未覆盖" in result.stderr
    assert schema.read_text(encoding="utf-8") == '{"title": "someone else"}'


# --- render --watch --------------------------------------------------------------------------

def _wait_for(predicate, timeout=60.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _title(path: Path) -> str:
    try:
        return all_text(open_docx(path.read_bytes())).split("\n", 1)[0]
    except Exception:  # noqa: BLE001 - not written yet
        return ""


def test_watch_renders_again_on_save_survives_errors_and_stops_on_ctrl_c(reference_path, tmp_path):
    source = tmp_path / "活动.yaml"
    text = reference_path.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "方案.docx"
    log = tmp_path / "stderr.txt"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "docgen", "render", str(source), "-o", str(out), "--watch"],
                                stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        try:
            _wait_for(lambda: "创建全国文明城市" in _title(out), what="first render")
            _wait_for(lambda: "正在监视" in log.read_text(encoding="utf-8"), what="watch start")
            # A save with a mistake: reported, the watch goes on, the last good document stays.
            source.write_text(text.replace("owners: [德育科, 各中小学校]", "owners: 德育科", 1), encoding="utf-8")
            _wait_for(lambda: "tasks[0].owners" in log.read_text(encoding="utf-8"), what="error report")
            assert proc.poll() is None and "创建全国文明城市" in _title(out)
            # The fix: rendered again.
            source.write_text(text.replace("创建全国文明城市", "创建全国卫生城市"), encoding="utf-8")
            _wait_for(lambda: "创建全国卫生城市" in _title(out), what="render after save")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
    stderr = log.read_text(encoding="utf-8")
    assert proc.returncode == 0, stderr
    assert "已停止监视" in stderr and "Traceback" not in stderr
    assert "已修改 / changed: 活动.yaml" in stderr


def test_watch_polls_the_files_and_their_changes(tmp_path):
    from docgen import watch

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("1")
    before = watch.snapshot([a, b])
    assert before[str(b)] is None
    b.write_text("2")
    a.write_text("11")
    assert watch.changed(before, watch.snapshot([a, b])) == [str(a), str(b)]
    assert watch.changed(before, before) == []


# --- click's own messages: Chinese first, English alongside -------------------------------------

@pytest.mark.parametrize("args, chinese, english", [
    (["render", "{ref}", "--kind", "poem"], "的值无效", "is not one of"),
    (["render"], "缺少参数", "missing argument"),
    (["rendr", "{ref}"], "是不是 'render'？", "no such command"),
    (["render", "{ref}", "--jbos", "2"], "是不是 '--jobs'？", "no such option"),
    (["check", "a.docx", "b.docx"], "多余的参数", "unexpected extra argument"),
    (["render", "{ref}", "--jobs", "0"], "不在范围", "range"),
])
def test_usage_errors_are_in_chinese_with_english(reference_path, args, chinese, english):
    result = run(*[a.replace("{ref}", str(reference_path)) for a in args])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "错误 / error:" in result.stderr and "Error:" not in result.stderr
    assert chinese in result.stderr and english in result.stderr
    assert "用法 / Usage:" in result.stderr and "查看帮助 / for help:" in result.stderr


def test_help_headings_are_in_chinese_with_english():
    main = run("--help").stdout
    assert "用法 / Usage:" in main and "选项 / Options:" in main and "命令 / Commands:" in main
    assert "显示本帮助并退出 / show this message and exit." in main and "显示版本并退出" in main
    render = " ".join(run("render", "--help").stdout.split())
    assert "默认 / default: plan" in render and "Show this message" not in render


def test_every_command_takes_debug():
    def commands(group, prefix=()):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, prefix + (name,))
            else:
                yield prefix + (name,), command

    found = list(commands(cli.main))
    assert len(found) >= 8
    for path, command in found:
        assert any("--debug" in p.opts for p in command.params), " ".join(path)
