"""click's own usage errors and help texts: Chinese first, English alongside, exit code 2, no traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen import cli, clickzh


def invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args), prog_name="docgen")


@pytest.mark.parametrize("args, chinese, english", [
    (["render"], "缺少参数 FILES...", "Missing argument 'FILES...'."),
    (["validate"], "缺少参数 FILES...", "Missing argument 'FILES...'."),
    (["render", "--kindd", "plan", "a.yaml"], "没有选项 --kindd。是否想写 '--kind'？", "No such option '--kindd'."),
    (["rendr", "a.yaml"], "没有命令 rendr。是否想写 'render'？", "No such command 'rendr'."),
    (["render", "-j", "x", "a.yaml"], "'-j' / '--jobs' 的值无效：“x”不是整数", "'x' is not a valid integer"),
    (["render", "-j", "0", "a.yaml"], "的值无效：0 不在允许的范围 x>=1 内", "0 is not in the range x>=1."),
    (["check", "--format", "xml", "a.docx"], "“xml”不是可选值，可选：'text', 'json'", "'xml' is not one of 'text', 'json'."),
    (["render", "a.yaml", "-o"], "选项 -o 后面要跟一个值", "Option '-o' requires an argument."),
    (["pdf", "没有这个文件.docx"], "“没有这个文件.docx”不存在", "File '没有这个文件.docx' does not exist."),
    (["init", "a.yaml", "b.yaml"], "多出了参数：b.yaml", "Got unexpected extra argument (b.yaml)"),
    (["templates", "export"], "缺少参数 FOLDER", "Missing argument 'FOLDER'."),
])
def test_usage_errors_in_chinese_with_english_alongside(args, chinese, english):
    result = invoke(*args)
    assert result.exit_code == 2
    err = result.stderr
    error_line = next(line for line in err.splitlines() if line.startswith("错误 / error: "))
    assert chinese in error_line and english in error_line
    assert error_line.index(chinese) < error_line.index(english)          # Chinese first
    assert "Traceback" not in err and "\nError:" not in err


def test_usage_error_shows_usage_and_where_help_is():
    err = invoke("render").stderr
    assert err.startswith("用法 / Usage: docgen render [OPTIONS] FILES...")
    assert "请运行 'docgen render --help' 查看帮助 / Try 'docgen render --help' for help." in err


def test_help_headings_and_clicks_own_texts_are_bilingual():
    result = invoke("render", "--help")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("用法 / Usage: docgen render")
    assert "选项 / Options:" in out and "显示本帮助并退出 / Show this message and exit." in out
    assert "[默认 / default: plan]" in out
    top = invoke("--help").output
    assert "命令 / Commands:" in top and "显示版本号并退出 / Show the version and exit." in top
    assert "\nOptions:" not in top and "\nCommands:" not in top and "Usage:" not in top.replace("用法 / Usage:", "")


def test_subcommands_and_subgroups_use_the_same_classes():
    assert isinstance(cli.main, clickzh.Group)
    for name, command in cli.main.commands.items():
        assert isinstance(command, (clickzh.Command, clickzh.Group)), name
    assert isinstance(cli.main.commands["templates"], clickzh.Group)


def test_docgen_errors_and_successes_keep_their_exit_codes(tmp_path, reference_path):
    assert invoke("validate", str(reference_path)).exit_code == 0
    assert invoke("--version").exit_code == 0
    missing = invoke("validate", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "找不到文件" in missing.stderr


@pytest.mark.parametrize("message, expected", [
    ("Missing argument 'FILE'.", "缺少参数 FILE / Missing argument 'FILE'."),
    ("Invalid value for '--kind': 'x' is not one of 'plan', 'all'.",
     "'--kind' 的值无效：“x”不是可选值，可选：'plan', 'all' / Invalid value for '--kind': 'x' is not one of 'plan', 'all'."),
    ("Something click may say one day.", "命令行用法有误 / Something click may say one day."),
    ("Invalid value for '--template-dir': 文件夹不存在 / folder does not exist",
     "'--template-dir' 的值无效：文件夹不存在 / folder does not exist"),
])
def test_translate(message, expected):
    assert clickzh.translate(message) == expected
