"""Output names from any title (issue 13/14): long titles end in a written file whose name fits
255 bytes with its collision suffix and .pdf; names are safe on Windows; batch sub-folders never
leave -o.  Property tests cover the naming path, directly and through a batch."""
from __future__ import annotations

import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import docgen
from docgen import names
from docgen.files import write_atomic
from hardening_support import assert_clean, reference_text, run_docgen, snapshot, with_plan_title

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def assert_safe(name: str, extension: str = "") -> None:
    """A name every supported system can create, that no tool misreads."""
    assert len(name.encode("utf-8")) <= names.MAX_NAME_BYTES, (len(name.encode()), name)
    assert name and name not in (".", "..")
    assert not set(name) & set('\\/:*?"<>|'), name
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Cn") for c in name), ascii(name)
    assert not name.startswith(("-", ".", " ")) and not name.endswith((".", " ")), name
    assert name.split(".")[0].rstrip().upper() not in RESERVED, name
    if extension:
        assert name.endswith(extension)


# --- long titles, end to end ---------------------------------------------------------------------

@pytest.mark.parametrize("length", [100, 300, 1000])
def test_long_title_renders_to_a_file_with_a_name_that_fits(tmp_path, length):
    title = ("临川市教育局关于深入开展创建全国文明城市工作" * 60)[:length]
    source = tmp_path / "long.yaml"
    source.write_text(with_plan_title(reference_text(), title), encoding="utf-8")
    out = tmp_path / "out"
    run = run_docgen("render", source, "--kind", "all", "-o", f"{out}/")
    assert_clean(run, (0,), what=f"{length}-character title")
    written = sorted(out.iterdir())
    assert len(written) == 6          # every kind, the plan's long name among them
    for path in written:
        assert_safe(path.name, ".docx")
    plan = next(p for p in written if p.name.startswith("临川市教育局关于"))
    assert len(plan.name.encode("utf-8")) > 200   # cut by bytes, not at 120 bytes
    # A second run with the plan kept (changed) still finds a name that fits, suffix and all.
    plan.write_bytes(plan.read_bytes() + b"edited")
    run = run_docgen("render", source, "-o", f"{out}/")
    assert_clean(run, (0,))
    suffixed = [p for p in out.iterdir() if p.name.endswith(" (2).docx")]
    assert len(suffixed) == 1
    assert_safe(suffixed[0].name, ".docx")


def test_long_titles_in_batch_mode_with_pdf(tmp_path):
    """Several inputs (sub-folders), long titles, PDFs: every name fits, .pdf and suffixes included."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    title = "临川市教育局关于深入开展创建全国文明城市工作的实施方案" * 40
    for i in range(2):
        (inputs / f"{'单位' * 40}{i}.yaml").write_text(with_plan_title(reference_text(), title), encoding="utf-8")
    out = tmp_path / "out"
    run = run_docgen("render", inputs, "-o", out, "--pdf", "--jobs", "2", timeout=300)
    assert_clean(run, (0,), what="batch")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len([p for p in files if p.suffix == ".docx"]) == 2 and len([p for p in files if p.suffix == ".pdf"]) == 2
    for path in out.rglob("*"):
        assert_safe(path.name)


# --- the naming functions ----------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("COM1", "_COM1"), ("LPT9 ", "_LPT9"), ("con .x", "_con .x"),
    ("-rf", "rf"), ("--help", "help"), ("..", "plan"), ("...", "plan"), (".hidden", "hidden"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"), ("报告\u202ecod.exe", "报告cod.exe"),
    ("名称\u200b\ufeff\u2066x", "名称x"), ("   ", "plan"), ("a\tb\nc", "abc"), ("尾巴. . .", "尾巴"),
])
def test_file_name_is_safe(title, expected):
    name = names.file_name(title, ".docx", fallback="plan")
    assert name == expected + ".docx"
    assert_safe(name, ".docx")


def test_cut_keeps_characters_whole():
    name = names.file_name("q\u0301" * 400, ".docx")        # q + combining acute: no composed form (NFC keeps it)
    stem = name[:-len(".docx")]
    assert len(name.encode("utf-8")) <= names.MAX_NAME_BYTES
    assert stem.startswith("q\u0301") and not unicodedata.combining(stem[0]) and stem.endswith("\u0301")
    assert names.file_name("𠀀" * 200, ".docx").encode("utf-8")[:-5].decode("utf-8")  # 4-byte characters


def test_folder_names_never_leave_the_output():
    for stem in ("..", ".", "...", "", " ", "-", "CON", "../x", "a/../../b"):
        name = names.folder_name(stem)
        assert_safe(name)
        assert Path("/out", name).resolve().parent == Path("/out")


TITLE_CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list(BIDI) + list('\\/:*?"<>|.- \u3000') + ["临", "𠀀", "\u0301"]),
)
TITLES = st.one_of(
    st.text(TITLE_CHARS, min_size=1, max_size=1000),
    st.builds(lambda r, ext: r + ext, st.sampled_from(sorted(RESERVED) + [r.lower() for r in RESERVED]),
              st.sampled_from(["", ".docx", " ", ".", ".tar.gz"])),
    st.builds(lambda lead, rest: lead + rest, st.sampled_from(["-", "--", ".", "..", " -", "\u202e"]),
              st.text(TITLE_CHARS, max_size=300)),
)
NAMING = settings(max_examples=300, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@NAMING
@given(title=TITLES, copies=st.integers(1, 3))
def test_any_title_gives_written_files_with_safe_names(tmp_path_factory, title, copies):
    """Any title → a file is written; its name, each collision-suffixed copy and its .pdf twin fit
    255 bytes and are safe."""
    folder = tmp_path_factory.mktemp("names")
    used: set = set()
    stem = names.file_name(title, ".docx")[:-len(".docx")]
    for _ in range(copies):
        name = names.unique(stem, ".docx", used)
        assert_safe(name, ".docx")
        assert_safe(name[:-len(".docx")] + ".pdf", ".pdf")
        write_atomic(folder / name, b"x")
    # Big collision numbers still fit.
    assert_safe(names.fit(stem, " (123456789).docx"), ".docx")
    assert len(list(folder.iterdir())) == copies


# Titles that can be in a campaign: any text but what XML 1.0 cannot hold (those are refused at validation).
XML_TITLES = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list(BIDI) + ["\t"]),
                     min_size=1, max_size=1000).filter(lambda t: t.strip() and "\ufffe" not in t and "\uffff" not in t)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(title=XML_TITLES)
def test_any_title_in_batch_mode_writes_a_safe_file(tmp_path_factory, title):
    """Through the real output path: a batch of two campaigns with that plan title."""
    base = tmp_path_factory.mktemp("batch")
    for stem in ("a", "a-copy"):
        (base / f"{stem}.yaml").write_text(with_plan_title(reference_text(), title), encoding="utf-8")
    try:
        result = docgen.render_batch([base / "a.yaml", base / "a-copy.yaml"], "plan", base / "out", jobs=1)
    except docgen.InputError:
        assume(False)
        return
    if not result.ok:    # a title the validator refuses (e.g. only spaces once normalised) fails cleanly
        assert result.exit_code == 2 and all("internal" not in str(i.error) for i in result.failed)
        return
    assert len(result.written) == 2
    for item in result.written:
        assert item.output.is_file() and base / "out" in item.output.parents
        assert_safe(item.output.name, ".docx")


def test_batch_subfolders_from_hostile_file_names_stay_inside_output(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "-sub").mkdir(parents=True)
    stems = ["CON", "-rf", "\u202eexe.txt", " .", "单" * 82, "nul", "a:b"]
    for stem in stems:
        (inputs / f"{stem}.yaml").write_text(reference_text(), encoding="utf-8")
    # Hidden files are skipped in folders, but taken when named: "...yaml" has the stem "..".
    dotted = [inputs / "...yaml", inputs / "-sub" / "...yaml", inputs / "-sub" / "..yml"]
    for path in dotted:
        path.write_text(reference_text(), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = snapshot(tmp_path, skip=out)
    run = run_docgen("render", inputs, *dotted, "-o", out)
    assert_clean(run, (0,))
    written = [p for p in out.rglob("*.docx")]
    assert len(written) == len(stems) + len(dotted)
    for path in out.rglob("*"):
        assert out.resolve() in path.resolve().parents
        assert_safe(path.name)
    assert len({p.parent for p in written}) == len(written)      # one sub-folder per input
    assert snapshot(tmp_path, skip=out) == before                  # nothing changed outside -o


def test_printable_ascii_title_is_kept_readable():
    title = string.ascii_letters + string.digits + " _-()[]{}#&+,;=@~"
    assert names.file_name(title, ".docx") == title + ".docx"
