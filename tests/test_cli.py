"""The docgen command as a user runs it: exit codes, messages, files written (or not)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from docx_inspect import open_docx, paragraphs


def run(*args, cwd=None, **kwargs):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120, **kwargs)


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0
    for command in ("render", "validate", "init", "schema", "check", "templates"):
        assert command in result.stdout
    assert run("render", "--help").returncode == 0
    assert run("--version").stdout.strip().startswith("docgen")


def test_render_default_output_name(reference_path, tmp_path):
    source = tmp_path / "campaign.yaml"
    source.write_bytes(reference_path.read_bytes())
    result = run("render", source)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "临川市教育局创建全国文明城市工作实施方案.docx"
    assert out.is_file()
    assert paragraphs(open_docx(out.read_bytes()))[0].text == "临川市教育局创建全国文明城市工作实施方案"


def test_render_to_named_output(reference_path, tmp_path):
    out = tmp_path / "方案.docx"
    assert run("render", reference_path, "--kind", "plan", "-o", out).returncode == 0
    assert out.read_bytes()[:2] == b"PK"


def test_invalid_input_exit_2_no_traceback_and_output_untouched(reference_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(reference_path.read_text(encoding="utf-8").replace("owners: [德育科, 各中小学校]", "owners: 德育科", 1),
                   encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous good file")
    result = run("render", bad, "-o", out)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{bad}:" in result.stderr and "tasks[0].owners" in result.stderr
    assert out.read_bytes() == b"previous good file"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_validate_reports_all_and_succeeds_on_reference(reference_path, tmp_path):
    assert run("validate", reference_path).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit:\n  nmae: 某局\ncampaign:\n  name: 节能周\ntasks: []\n", encoding="utf-8")
    result = run("validate", bad)
    assert result.returncode == 2
    assert "nmae" in result.stderr and "name" in result.stderr and "tasks" in result.stderr
    assert f"{bad}:2" in result.stderr


def test_missing_file_and_unwritable_output(reference_path, tmp_path):
    result = run("render", tmp_path / "missing.yaml")
    assert result.returncode == 2 and "找不到文件" in result.stderr and "Traceback" not in result.stderr
    result = run("render", reference_path, "-o", tmp_path / "no" / "such" / "dir" / "x.docx")
    assert result.returncode == 2 and "不存在" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_output_folder(reference_path, tmp_path):
    # /proc refuses new files even for root, so this holds whoever runs the tests.
    result = run("render", reference_path, "-o", "/proc/docgen-test.docx")
    assert result.returncode == 2 and "无法写入" in result.stderr and "Traceback" not in result.stderr
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    result = run("render", reference_path, "-o", not_a_folder / "x.docx")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_init_writes_a_starter_that_validates_and_renders(tmp_path):
    target = tmp_path / "start.yaml"
    result = run("init", target)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./campaign.schema.json\n")
    assert (tmp_path / "campaign.schema.json").read_text(encoding="utf-8") == run("schema").stdout
    assert run("validate", target).returncode == 0
    assert run("render", target, "-o", tmp_path / "x.docx").returncode == 0
    again = run("init", target)
    assert again.returncode == 2 and "--force" in again.stderr


def test_schema_command_prints_the_schema():
    import json

    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/schema")
    assert "tasks" in schema["properties"]


def test_unknown_kind_is_a_clear_error(reference_path):
    result = run("render", reference_path, "--kind", "poem")
    assert result.returncode == 2 and "poem" in result.stderr and "plan" in result.stderr


def test_debug_shows_traceback(tmp_path):
    result = run("--debug", "render", tmp_path / "missing.yaml")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_one_failing_document_does_not_stop_the_others(reference_path, tmp_path):
    from docgen import template_source

    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "speech.docx").write_bytes(template_source.build("@title {{ title }}{{ no_such_field }}\n"))
    out = tmp_path / "out"
    result = run("render", reference_path, "--kind", "all", "--template-dir", templates, "-o", out)
    assert result.returncode == 2
    assert "no_such_field" in result.stderr and "Traceback" not in result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert any("实施方案" in n for n in written) and any("总结" in n for n in written)
    assert not any("讲话" in n for n in written)
    assert not any(n.endswith(".part") for n in written)


def test_output_folder_with_trailing_slash_is_created(reference_path, tmp_path):
    result = run("render", reference_path, "-o", f"{tmp_path}/new/")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "临川市教育局创建全国文明城市工作实施方案.docx").is_file()
