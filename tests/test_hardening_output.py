"""Nothing lost (issues 10 and 14): outputs never replace inputs or templates in use, never write
several documents into one file, never silently replace a document changed since docgen wrote it,
never follow a symlink planted at a temporary name; unwritable -o folders end in exit 2."""
from __future__ import annotations

import os
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from docx import Document

import docgen
from docgen import files, package
from docgen.resources import templates_dir
from hardening_support import assert_clean, reference_text, run_docgen, snapshot, with_plan_title


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "campaign.yaml"
    path.write_text(reference_text(), encoding="utf-8")
    return path


def edit_in_word(path: Path) -> None:
    """What a user's edit does to the package: the document part changes, the rest is re-zipped."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("指导思想".encode(), "指导思想（已改）".encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# --- -o naming an input, a template, or one file for several documents -------------------------------

def test_output_naming_the_campaign_file_is_refused(tmp_path, source):
    before = source.read_bytes()
    for extra in ([], ["--force"]):
        run = run_docgen("render", source, "-o", source, *extra)
        assert_clean(run, (2,))
        assert "输入文件或模板" in run.err
    assert source.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["campaign.yaml"]


def test_output_naming_the_template_in_use_is_refused(tmp_path, source):
    template = tmp_path / "mine.docx"
    shutil.copy(templates_dir() / "plan.docx", template)
    folder = tmp_path / "tpl"
    folder.mkdir()
    shutil.copy(templates_dir() / "notice.docx", folder / "notice.docx")
    before = snapshot(tmp_path)
    cases = [["--template", template, "-o", template, "--force"],
             ["--template-dir", folder, "--kind", "notice", "-o", folder / "notice.docx", "--force"],
             ["--template", template, "-o", tmp_path / "." / "mine.docx"]]
    for args in cases:
        run = run_docgen("render", source, *args)
        assert_clean(run, (2,))
        assert "输入文件或模板" in run.err
    assert snapshot(tmp_path) == before


def test_output_over_an_input_through_a_hard_link_is_refused(tmp_path, source):
    link = tmp_path / "same.docx"
    os.link(source, link)
    run = run_docgen("render", source, "-o", link, "--force")
    assert_clean(run, (2,))
    assert source.read_text(encoding="utf-8") == reference_text()


def test_kind_all_into_one_existing_file_is_refused(tmp_path, source):
    target = tmp_path / "one.docx"
    target.write_bytes(b"precious")
    run = run_docgen("render", source, "--kind", "all", "-o", target)
    assert_clean(run, (2,))
    assert "文件夹" in run.err and target.read_bytes() == b"precious"


def test_kinds_with_the_same_title_get_distinct_names(tmp_path):
    campaign = docgen.loads(reference_text())
    members_title = docgen.title(campaign, "members")
    source = tmp_path / "same.yaml"
    source.write_text(with_plan_title(reference_text(), members_title), encoding="utf-8")
    out = tmp_path / "out"
    run = run_docgen("render", source, "--kind", "all", "-o", f"{out}/")
    assert_clean(run, (0,))
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 6
    assert f"{members_title}.docx" in written and f"{members_title} (2).docx" in written
    titles = {Document(str(out / name)).core_properties.title for name in written if name.startswith(members_title)}
    assert titles == {members_title}


# --- files changed since docgen wrote them (issue 10) --------------------------------------------------

def test_unchanged_output_is_updated_in_place(tmp_path, source):
    out = tmp_path / "out"
    first = docgen.render_file(source, "plan", out.mkdir() or out)
    assert package.unchanged_since_written(first)
    with warnings.catch_warnings():
        warnings.simplefilter("error", docgen.DocgenWarning)
        again = docgen.render_file(source, "plan", out)
    assert again == first and [p.name for p in out.iterdir()] == [first.name]


def test_changed_output_is_kept_and_a_suffixed_copy_written(tmp_path, source):
    out = tmp_path / "out"
    run = run_docgen("render", source, "-o", f"{out}/")
    assert_clean(run, (0,))
    plan = next(out.iterdir())
    edit_in_word(plan)
    edited = plan.read_bytes()
    assert not package.unchanged_since_written(plan)
    for _ in range(2):                       # the copy is docgen's own: a second run updates it
        run = run_docgen("render", source, "-o", f"{out}/")
        assert_clean(run, (0,))
        assert "--force" in run.err and plan.name in run.err
        assert plan.read_bytes() == edited
        assert sorted(p.name for p in out.iterdir()) == sorted([plan.name, plan.stem + " (2).docx"])
    copy_text = "".join(p.text for p in Document(str(out / (plan.stem + " (2).docx"))).paragraphs)
    assert "指导思想" in copy_text and "（已改）" not in copy_text
    run = run_docgen("render", source, "-o", f"{out}/", "--force")
    assert_clean(run, (0,))
    assert plan.read_bytes() != edited and package.unchanged_since_written(plan)


def test_file_docgen_did_not_write_is_kept(tmp_path, source):
    target = tmp_path / "out.docx"
    shutil.copy(templates_dir() / "plan.docx", target)    # a Word document, not docgen's output
    before = target.read_bytes()
    run = run_docgen("render", source, "-o", target)
    assert_clean(run, (0,))
    assert target.read_bytes() == before and (tmp_path / "out (2).docx").is_file()


def test_changed_outputs_are_kept_in_batch_mode(tmp_path, source):
    second = tmp_path / "second.yaml"
    second.write_text(reference_text().replace("临川市教育局", "临川市卫健委"), encoding="utf-8")
    out = tmp_path / "out"
    result = docgen.render_batch([source, second], "all", out, jobs=2)
    assert result.ok and len(result.written) == 12
    edited = result.written[0].output
    edit_in_word(edited)
    kept = edited.read_bytes()
    result = docgen.render_batch([source, second], "all", out, jobs=2)
    assert result.ok and edited.read_bytes() == kept
    diverted = [i for i in result.written if i.output != edited and i.output.name.endswith(" (2).docx")]
    assert len(diverted) == 1 and any("--force" in w for w in diverted[0].warnings)
    assert len(list(out.rglob("*.docx"))) == 13


def test_api_keeps_changed_file_with_a_warning(tmp_path, source):
    target = tmp_path / "plan.docx"
    docgen.render_file(source, "plan", target)
    edit_in_word(target)
    with pytest.warns(docgen.DocgenWarning, match="plan.docx"):
        written = docgen.render_file(source, "plan", target)
    assert written == tmp_path / "plan (2).docx"
    assert docgen.render_file(source, "plan", target, force=True) == target


def test_stamp_is_a_custom_property_word_can_read(tmp_path, source):
    path = docgen.render_file(source, "plan", tmp_path)
    with zipfile.ZipFile(path) as archive:
        custom = archive.read(package.CUSTOM).decode()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("_rels/.rels").decode()
    assert package.STAMP_PROPERTY in custom and "sha256:" in custom
    assert "/docProps/custom.xml" in types and "custom-properties" in rels
    Document(str(path))   # python-docx (like Word) opens it


def test_template_custom_properties_survive_and_stale_stamps_go(tmp_path, source):
    """A user template made from a rendered document carries an old stamp: it is replaced, not doubled;
    the template's own custom properties stay."""
    first = docgen.render_file(source, "plan", tmp_path / "first.docx")
    with zipfile.ZipFile(first) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts[package.CUSTOM] = parts[package.CUSTOM].replace(
        b"</Properties>", b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="7" name="Office">'
                          b"<vt:lpwstr>Edu</vt:lpwstr></property></Properties>")
    template = tmp_path / "from-output.docx"
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    second = docgen.render_file(source, "plan", tmp_path / "second.docx", template=template)
    with zipfile.ZipFile(second) as archive:
        custom = archive.read(package.CUSTOM).decode()
    assert custom.count(package.STAMP_PROPERTY) == 1 and 'name="Office"' in custom and 'pid="8"' in custom
    assert package.unchanged_since_written(second)


# --- symlinks at temporary names (issue 14) ----------------------------------------------------------------

def plant_symlinks(folder: Path, target_name: str, victim: Path, count: int = 40) -> None:
    """Symlinks at the next temporary names this process would use for ``target_name``."""
    start = next(files._serial) + 1
    for n in range(start, start + count):
        tail = f".{os.getpid()}.{n}.part"
        (folder / ("." + target_name + tail)).symlink_to(victim)


def test_symlink_at_the_temporary_name_is_never_followed(tmp_path, source):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    out = tmp_path / "out"
    out.mkdir()
    name = docgen.output_name(docgen.load(source), "plan")
    plant_symlinks(out, name, victim, count=5)
    written = docgen.render_file(source, "plan", out)
    assert victim.read_text() == "do not touch" and zipfile.is_zipfile(written)


def test_every_temporary_name_taken_ends_in_an_error_not_a_write(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    plant_symlinks(tmp_path, "x.docx", victim, count=120)
    with pytest.raises(docgen.OutputError):
        files.write_atomic(tmp_path / "x.docx", b"data")
    assert victim.read_text() == "do not touch" and not (tmp_path / "x.docx").exists()


def test_symlink_at_the_target_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    target = tmp_path / "out.docx"
    target.symlink_to(victim)
    files.write_atomic(target, b"new")
    assert victim.read_text() == "do not touch" and not target.is_symlink() and target.read_bytes() == b"new"


def test_pdf_temporary_names_are_not_followed(tmp_path, source):
    from docgen import pdf

    if pdf.find_soffice() is None:
        pytest.fail("LibreOffice is required for the PDF tests (see .ci/apt-packages.txt)")
    docx = docgen.render_file(source, "plan", tmp_path / "plan.docx")
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    plant_symlinks(tmp_path, "plan.pdf", victim, count=10)
    (produced,) = pdf.convert([docx])
    assert victim.read_text() == "do not touch"
    assert produced.read_bytes().startswith(b"%PDF")


# --- docgen pdf refuses what is not a .docx (issue 14) -----------------------------------------------------

@pytest.mark.parametrize("kind", ["yaml", "zip", "text-named-docx", "dev-zero", "fifo", "folder"])
def test_pdf_refuses_non_docx_input(tmp_path, source, kind):
    if kind == "yaml":
        target = source
    elif kind == "zip":
        target = tmp_path / "a.docx"
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("readme.txt", "hello")
    elif kind == "text-named-docx":
        target = tmp_path / "b.docx"
        target.write_text("plain text")
    elif kind == "dev-zero":
        target = tmp_path / "z.docx"
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        target = tmp_path / "f.docx"
        os.mkfifo(target)
    else:
        target = tmp_path / "d.docx"
        target.mkdir()
    before = snapshot(tmp_path)
    run = run_docgen("pdf", target, timeout=60)
    assert_clean(run, (2,), max_mb=200, what=kind)
    assert snapshot(tmp_path) == before and not list(tmp_path.glob("*.pdf"))


# --- -o folders that cannot be created (issue 14) -------------------------------------------------------------

def unwritable_parent(tmp_path: Path) -> Path:
    """A folder in which nothing can be created: read-only for a normal user; /sys for root (whom
    permissions do not stop)."""
    if os.geteuid() != 0:
        parent = tmp_path / "ro"
        parent.mkdir()
        parent.chmod(0o500)
        return parent
    return Path("/sys")


@pytest.mark.parametrize("args", [["-o", "{parent}/new/"], ["--kind", "all", "-o", "{parent}/new"],
                                  ["{second}", "-o", "{parent}/new"], ["-o", "{file}/new/"],
                                  ["-o", "{parent}/new/x.docx"]])
def test_output_folder_that_cannot_be_created_gives_exit_2(tmp_path, source, args):
    second = tmp_path / "second.yaml"
    second.write_text(reference_text(), encoding="utf-8")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    parent = unwritable_parent(tmp_path)
    args = [a.format(parent=parent, second=second, file=a_file) for a in args]
    run = run_docgen("render", source, *args)
    assert_clean(run, (2,))
    assert "new" in run.err
