"""Batches: several files / folders, --jobs, collected errors, collision-free names, the Python API,
and the CLI's cold start (which heavy modules `--help` and `validate` import).  No timings here:
those are in bench/run.py."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import batch
from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _make_inputs(folder: Path, reference_path: Path, count: int = 4) -> dict:
    """``count`` valid campaigns under ``folder`` (one in a sub-folder), two sharing a title, one invalid."""
    text = reference_path.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schools").mkdir()
    files = {}
    for i in range(count):
        target = (folder / "schools" if i == 0 else folder) / f"unit{i}.yaml"
        target.write_text(text.replace("临川市教育局", f"第{i}单位"), encoding="utf-8")
        files[f"unit{i}"] = target
    # Same unit (so same document title) as unit1, in another file: must not overwrite unit1's plan.
    same = folder / "same-title.yml"
    same.write_text(text.replace("临川市教育局", "第1单位"), encoding="utf-8")
    files["same"] = same
    bad = folder / "broken.yaml"
    bad_text = text.replace("  name: 临川市教育局", "  nmae: 临川市教育局", 1)
    assert bad_text != text
    bad.write_text(bad_text, encoding="utf-8")
    files["bad"] = bad
    bad_line = next(n for n, line in enumerate(bad_text.splitlines(), 1) if "nmae:" in line)
    files["bad_line"] = bad_line
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "ignored.yaml").write_text("not: [valid", encoding="utf-8")
    (folder / "notes.txt").write_text("not a campaign", encoding="utf-8")
    return files


def _tree(folder: Path) -> list:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_directory_batch_writes_valid_reports_invalid_exit_2(reference_path, tmp_path):
    inputs = _make_inputs(tmp_path / "in", reference_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 2, result.output
    files = _tree(out)
    # One sub-folder per input (relative path kept), documents named by title: 5 valid inputs, 5 plans.
    assert len(files) == 5, files
    assert any(f.startswith("schools/unit0/") for f in files)
    plan_of = {Path(f).parts[-2]: f for f in files}
    assert set(plan_of) == {"unit0", "unit1", "unit2", "unit3", "same-title"}
    assert Path(plan_of["unit1"]).name == Path(plan_of["same-title"]).name   # same title, no collision
    for f in files:
        with zipfile.ZipFile(out / f) as archive:
            assert archive.testzip() is None
    # The invalid input: reported at the end with file and line; the hidden folder was never read.
    assert f"broken.yaml:{inputs['bad_line']}" in result.stderr
    assert "ignored.yaml" not in result.output
    assert "1 个文件出错" in result.stderr and "5 份文档" in result.stderr
    # Not a terminal: no progress bar, but a line per written document.
    assert "rendering" not in result.stderr and "#" not in result.stderr
    assert result.stdout.count("已生成 / written:") == 5


def test_several_files_and_suffix_on_remaining_collisions(reference_path, tmp_path):
    text = reference_path.read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "x.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(tmp_path / "a" / "x.yaml"), str(tmp_path / "b" / "x.yaml"),
                                       "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""                           # --quiet: errors only
    assert sorted(p.name for p in out.iterdir()) == ["x", "x (2)"]
    assert len(_tree(out)) == 2


def test_jobs_2_output_identical_to_jobs_1(reference_path, tmp_path):
    _make_inputs(tmp_path / "in", reference_path)
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["render", str(tmp_path / "in"), "-o", str(tmp_path / f"out{jobs}"),
                                           "--jobs", jobs, "--kind", "all", "-q"])
        assert result.exit_code == 2, result.output
    one, two = tmp_path / "out1", tmp_path / "out2"
    assert _tree(one) == _tree(two) and _tree(one)
    match, mismatch, errors = filecmp.cmpfiles(one, two, _tree(one), shallow=False)
    assert not mismatch and not errors


def test_single_invalid_file_keeps_full_message_and_exit_2(reference_path, tmp_path):
    inputs = _make_inputs(tmp_path / "in", reference_path)
    result = CliRunner().invoke(main, ["render", str(inputs["bad"]), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "数据有误" in result.stderr and f"broken.yaml:{inputs['bad_line']}" in result.stderr
    assert "完成 / done" not in result.stderr   # the single-file path, unchanged
    assert not (tmp_path / "out.docx").exists()


def test_python_api_returns_per_item_results(reference_path, tmp_path):
    inputs = _make_inputs(tmp_path / "in", reference_path)
    missing = tmp_path / "nowhere.yaml"
    seen = []
    result = batch.render_batch([tmp_path / "in", inputs["unit2"], missing], "plan", tmp_path / "out", jobs=2,
                                progress=lambda done, total: seen.append((done, total)))
    assert result.sources == 7                       # unit2 named twice is rendered once
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    by_source = {item.source.name: item for item in result.items}
    assert by_source["unit2.yaml"].status == "written" and by_source["unit2.yaml"].output.is_file()
    assert by_source["unit2.yaml"].kind == "plan"
    bad = by_source["broken.yaml"]
    assert bad.status == "failed" and bad.kind is None and bad.error.exit_code == 2
    assert bad.error.location.file.endswith("broken.yaml") and bad.error.location.line == inputs["bad_line"]
    assert by_source["nowhere.yaml"].status == "failed" and "找不到文件" in str(by_source["nowhere.yaml"].error)
    assert len(result.written) == 5 and len(result.failed) == 2 and result.exit_code == 2 and not result.ok
    assert all(p.is_file() for p in result.outputs)


def test_python_api_spawn_and_empty_folder(reference_path, tmp_path):
    text = reference_path.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "empty").mkdir()
    for i in range(2):
        (tmp_path / "in" / f"u{i}.yaml").write_text(text.replace("临川市教育局", f"单位{i}"), encoding="utf-8")
    result = batch.render_batch([tmp_path / "in", tmp_path / "empty"], ["plan"], tmp_path / "out", jobs=2,
                                mp_context="spawn")
    assert [i.status for i in result.items] == ["failed", "written", "written"]
    assert result.items[0].error.exit_code == 2 and "没有 .yaml" in str(result.items[0].error)
    assert result.exit_code == 2


def test_progress_bar_on_a_terminal_only(reference_path, tmp_path):
    pty = pytest.importorskip("pty")
    _make_inputs(tmp_path / "in", reference_path, count=2)
    cmd = [sys.executable, "-m", "docgen", "render", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=secondary, env=env, timeout=120)
        os.close(secondary)
        secondary = None
        err = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
    finally:
        os.close(primary)
        if secondary is not None:
            os.close(secondary)
    assert proc.returncode == 2
    assert "rendering".encode() in err               # the bar, on the terminal
    assert b"written" not in proc.stdout             # no per-file lines under a bar
    quiet = subprocess.run(cmd + ["-q"], capture_output=True, env=env, timeout=120)
    assert b"rendering" not in quiet.stderr and b"written" not in quiet.stdout
    assert b"broken.yaml" in quiet.stderr            # errors are still printed with --quiet


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_batch_pdf_one_conversion_per_chunk(reference_path, tmp_path, monkeypatch):
    text = reference_path.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"u{i}.yaml").write_text(text.replace("临川市教育局", f"单位{i}"), encoding="utf-8")
    from docgen import pdf

    calls = []
    real = pdf.convert
    monkeypatch.setattr(pdf, "convert", lambda paths, *a, **k: calls.append(len(paths)) or real(paths, *a, **k))
    result = batch.render_batch(tmp_path / "in", "plan", tmp_path / "out", jobs=1, pdf=True)
    assert result.ok, [str(i.error) for i in result.failed]
    assert calls == [3]                              # one LibreOffice start for the whole chunk
    assert all(i.pdf and i.pdf.is_file() and i.pdf.with_suffix(".docx") == i.output for i in result.items)


def test_batch_pdf_one_bad_document_does_not_sink_its_chunk(reference_path, tmp_path, monkeypatch):
    from docgen import pdf
    from docgen.errors import PdfError

    text = reference_path.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"u{i}.yaml").write_text(text.replace("临川市教育局", f"单位{i}"), encoding="utf-8")
    calls = []

    def fake_convert(paths, *args, **kwargs):
        paths = [Path(p).resolve() for p in paths]
        calls.append(len(paths))
        if len(calls) == 1:
            raise PdfError(f"LibreOffice 未能生成 PDF / LibreOffice produced no PDF for: {paths[1]}")
        for p in paths:
            p.with_suffix(".pdf").write_bytes(b"%PDF-1.4")
        return [p.with_suffix(".pdf") for p in paths]

    monkeypatch.setattr(pdf, "convert", fake_convert)
    result = batch.render_batch(tmp_path / "in", "plan", tmp_path / "out", jobs=1, pdf=True)
    assert calls == [3, 2]
    assert [i.status for i in result.items] == ["written", "failed", "written"]
    bad = result.items[1]
    assert bad.output.is_file() and bad.pdf is None and bad.error.exit_code == 1
    assert all(i.pdf.is_file() for i in (result.items[0], result.items[2]))
    assert result.exit_code == 1


def test_memoised_sandbox_still_refuses_unsafe_access():
    """The render fast path caches attribute verdicts; what the sandbox refuses stays refused."""
    from jinja2.exceptions import SecurityError

    from docgen.templating import environment

    env = environment()
    data = {"items": ["a", "b"], "text": "{0.__class__}", "n": 1}
    for _ in range(3):   # warm the caches with safe accesses first
        assert env.from_string("{{ items|join(',') }}{{ text.upper() }}").render(data) == "a,b{0.__CLASS__}"
    for source in ("{{ items.append('x') }}", "{{ text.format(n) }}", "{{ n.__class__.__mro__ }}",
                   "{{ items.pop() }}"):
        for _ in range(2):
            with pytest.raises(SecurityError):
                env.from_string(source).render(data)
    assert data["items"] == ["a", "b"]


_COLD = """
import sys
sys.argv = ["docgen"] + {args!r}
import docgen.cli
try:
    docgen.cli.main(standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in ("docx", "lxml", "jinja2", "docxtpl", "markupsafe") if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
print("YAML=" + str("yaml" in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["render", "--help"], ["validate", "{ref}"]])
def test_cold_start_imports_no_docx_lxml_jinja(args, reference_path):
    args = [a.replace("{ref}", str(reference_path)) for a in args]
    proc = subprocess.run([sys.executable, "-c", _COLD.format(args=args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY=\n" in proc.stdout, proc.stdout
    if args[-1] in ("--help", "--version"):
        assert "YAML=False" in proc.stdout        # not even the YAML parser for --help/--version
    else:
        assert "检查通过 / valid" in proc.stdout
