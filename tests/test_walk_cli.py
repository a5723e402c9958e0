"""Issue 10 walk, CLI: what a newcomer typed and did not get.

- ``docgen render 活动.yaml -o 输出`` (no slash, a new name) wrote a .docx called ``输出`` — no
  extension, so it does not open on double-click; ``-k plan -k plan -o 输出`` likewise.  A new name
  without an extension is now a folder, as ``-o 输出/`` always was; ``-o 方案.docx`` stays a file.
- ``--debug`` turned the exit code of an input error from 2 into 1 (an uncaught exception):
  scripts that run with ``--debug`` to log tracebacks saw a different code.
"""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from docx_inspect import all_text, open_docx
from test_cli import run

CAMPAIGN = ROOT / "tests" / "walk" / "reading-month.yaml"
PLAN = "临江市实验小学2026年“书香校园”读书月活动实施方案.docx"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "活动.yaml"
    shutil.copy(CAMPAIGN, path)
    return path


@pytest.mark.parametrize("kinds", [[], ["-k", "plan"], ["-k", "plan", "-k", "plan"]])
def test_a_new_output_name_without_extension_is_a_folder(tmp_path, source, kinds):
    result = run("render", source, *kinds, "-o", tmp_path / "输出")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "输出" / PLAN
    assert (tmp_path / "输出").is_dir() and written.is_file()
    assert "读书月" in all_text(open_docx(written.read_bytes()))


def test_an_output_name_with_extension_is_a_file(tmp_path, source):
    result = run("render", source, "-o", tmp_path / "方案.docx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "方案.docx").is_file()


def test_an_existing_file_without_extension_stays_the_target(tmp_path, source):
    run("render", source, "-o", tmp_path / "first.docx")
    target = tmp_path / "方案"
    shutil.copy(tmp_path / "first.docx", target)
    result = run("render", source, "-o", target)
    assert result.returncode == 0, result.stderr
    assert target.is_file()


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", ["validate", "render", "check"])
def test_debug_keeps_the_exit_code(tmp_path, command, where):
    missing = tmp_path / ("missing.docx" if command == "check" else "missing.yaml")
    plain = run(command, missing)
    args = ["--debug", command, missing] if where == "before" else [command, missing, "--debug"]
    debug = run(*args)
    assert plain.returncode == 2 and debug.returncode == 2
    assert "Traceback" in debug.stderr and "Traceback" not in plain.stderr
    assert "找不到" in debug.stderr         # the message, after the traceback
