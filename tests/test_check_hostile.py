"""``docgen check`` on hostile and unusable input: exit 2, a clear message, bounded memory and time.

Each case runs the real CLI in a child process that reports its own peak RSS, so one case's memory
never hides in another's.  The bound on time is the child's timeout (a hang fails the test); speed
itself is measured by the benchmark, not here.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import broken_docs as bd
from docgen import checker
from docgen.checker import check
from docgen.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                 'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
#: Peak resident memory allowed for any case ("well under 1 GB").
MAX_RSS_MB = 600
#: A hang guard, not a timing: every case takes a few seconds on an idle machine.
TIMEOUT_S = 180

# Peak RSS of the child's own address space: /proc's VmHWM starts afresh at exec, while ru_maxrss
# may still hold the parent's size from before the exec (it would measure pytest, not docgen).
_CHILD = """
import re, resource, sys
from docgen.cli import main
try:
    main(["check", sys.argv[1]], prog_name="docgen")
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
try:
    with open("/proc/self/status") as f:
        peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", f.read()).group(1))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"MAXRSS_KB={peak}", file=sys.stderr)
sys.exit(code)
"""


def run_check(path: Path) -> tuple[int, str, str, float]:
    """(exit code, stdout, stderr, peak RSS in MB) of ``docgen check path`` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT_S, env=env, cwd=str(ROOT))
    rss = [line for line in proc.stderr.splitlines() if line.startswith("MAXRSS_KB=")]
    assert rss, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr, int(rss[0].split("=")[1]) / 1024


def package(path: Path, document: bytes | None = None, *, stream=None, extra: dict | None = None) -> Path:
    """A minimal .docx whose document.xml is ``document`` (or written by ``stream(file)``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        if stream is not None:
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                stream(f)
        else:
            z.writestr("word/document.xml", document or b"")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def doc_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W}"><w:body>{body}'
            "</w:body></w:document>").encode("utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _zip_bomb(path: Path) -> Path:
    def write(f):
        f.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
        chunk = b"<w:p/>" * 1_000_000
        for _ in range(50):  # 50 million empty paragraphs, 300 MB of XML
            f.write(chunk)
        f.write(b"</w:body></w:document>")

    return package(path, stream=write)


def _billion_laughs() -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return doc_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{''.join(ents)}]>")


CASES = {
    "zip bomb (50M empty paragraphs)": lambda p: _zip_bomb(p),
    "entity expansion": lambda p: package(p, _billion_laughs()),
    "external entity": lambda p: package(p, doc_xml("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>",
                                                    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>')),
    "plain DOCTYPE": lambda p: package(p, doc_xml("<w:p/>", "<!DOCTYPE w:document>")),
    "3M elements under the size bound": lambda p: package(p, doc_xml("<w:p/>" * 3_000_000)),
    "25,000 zip entries": lambda p: package(p, doc_xml("<w:p/>"), extra={f"x/{i}.xml": b"" for i in range(25_000)}),
    "deep nesting": lambda p: package(p, doc_xml("<w:sdt><w:sdtContent>" * 5000 + "<w:p/>" +
                                                 "</w:sdtContent></w:sdt>" * 5000)),
    "not a zip (text)": lambda p: (p.write_text("这不是 Word 文档", encoding="utf-8"), p)[1],
    "not a zip (old .doc)": lambda p: (p.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096), p)[1],
    "empty file": lambda p: (p.write_bytes(b""), p)[1],
    "random bytes": lambda p: (p.write_bytes(os.urandom(200_000)), p)[1],
    "zip without document": lambda p: _no_document(p),
}


def _no_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_docx_is_refused_within_bounds(hostile, case):
    path = hostile / (case.replace(" ", "_").replace("/", "_") + ".docx")
    if not path.exists():
        CASES[case](path)
    code, out, err, rss = run_check(path)
    assert code == 2, (out, err)
    assert "Traceback" not in err and "内部错误" not in err, err
    message = err.split("MAXRSS_KB=")[0]
    assert "错误 / error:" in message and str(path) in message, message
    assert any("\u4e00" <= c <= "\u9fff" for c in message) and any(c.isascii() and c.isalpha() for c in message)
    assert rss < MAX_RSS_MB, f"{case}: peak RSS {rss:.0f} MB"


def test_zip_bomb_message_names_the_part_and_the_bound(hostile):
    path = hostile / "bomb_msg.docx"
    _zip_bomb(path)
    assert path.stat().st_size < 2_000_000  # a small file …
    with pytest.raises(InputError) as info:
        check(path)
    text = str(info.value)
    assert "word/document.xml" in text and "超出检查上限" in text and "exceeds the checker's limit" in text
    assert f"{checker.MAX_PART_BYTES // (1024 * 1024)} MB" in text


def test_entity_bomb_is_refused_before_parsing(hostile):
    path = package(hostile / "laughs_api.docx", _billion_laughs())
    with pytest.raises(InputError) as info:
        check(path)
    assert "DOCTYPE" in str(info.value)


def test_100k_paragraphs_are_checked_within_bounds(hostile):
    """A long document is not hostile: it is checked, and a finding on every paragraph comes once, counted."""
    path = hostile / "long.docx"
    src = bd.build(hostile / "long_src.docx", bd.replace(bd.CONFORMANT, line=(240, "auto")))
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    para = "<w:p><w:r><w:t>各学校要高度重视，认真组织实施，确保各项工作落到实处。</w:t></w:r></w:p>"
    at = xml.index("<w:sectPr", xml.index("<w:body>"))
    parts["word/document.xml"] = (xml[:at] + para * 100_000 + xml[at:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, out, err, rss = run_check(path)
    assert code == 1, err  # line spacing is wrong everywhere: an error, not a refusal
    assert "Traceback" not in err
    spacing = [line for line in out.splitlines() if "line.spacing" in line]
    assert len(spacing) == 1 and "共100" in spacing[0], out[-2000:]
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"


# --------------------------------------------------------------------------- files that are not files

def test_dev_zero_is_refused(hostile):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    code, _, err, _ = run_check(Path("/dev/zero"))
    assert code == 2 and "不是普通文件" in err and "not a regular file" in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_and_symlinks_to_devices_are_refused(hostile):
    fifo = hostile / "pipe.docx"
    if not fifo.exists():
        os.mkfifo(fifo)
    link_fifo = hostile / "link_to_pipe.docx"
    link_zero = hostile / "link_to_zero.docx"
    for link, target in ((link_fifo, fifo), (link_zero, Path("/dev/zero"))):
        if not link.is_symlink():
            link.symlink_to(target)
    for path in (fifo, link_fifo, link_zero):
        code, _, err, _ = run_check(path)  # nobody writes to the FIFO: reading it would block forever
        assert code == 2 and "not a regular file" in err, (path, err)


def test_directory_and_missing_file(tmp_path):
    code, _, err, _ = run_check(tmp_path)
    assert code == 2 and "文件夹" in err
    code, _, err, _ = run_check(tmp_path / "nope.docx")
    assert code == 2 and "找不到文件" in err


# --------------------------------------------------------------------------- API: path, bytes, file object

@pytest.fixture(scope="module")
def conformant(hostile) -> Path:
    return bd.build(hostile / "conformant.docx", bd.CONFORMANT)


def test_check_accepts_bytes(conformant):
    report = check(conformant.read_bytes())
    assert report.path == "<bytes>" and report.findings == []
    broken = bd.build(conformant.parent / "margins.docx", bd.VARIANTS["margins"][0])
    named = check(bytearray(broken.read_bytes()), name="上传的文件.docx")
    assert named.path == "上传的文件.docx" and "page.margins" in named.rules()


def test_check_accepts_binary_file_objects(conformant):
    with open(conformant, "rb") as f:
        report = check(f)
        assert not f.closed  # the caller's file stays open
    assert report.path == str(conformant) and report.findings == []
    assert check(io.BytesIO(conformant.read_bytes())).path == "<stream>"


def test_check_accepts_unseekable_streams(conformant):
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes):
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer) -> int:
            chunk = self._data.read(len(buffer))
            buffer[:len(chunk)] = chunk
            return len(chunk)

    assert check(io.BufferedReader(Pipe(conformant.read_bytes()))).findings == []


def test_check_refuses_text_streams_and_bad_bytes(conformant):
    with pytest.raises(TypeError):
        check(io.StringIO("not binary"))
    with pytest.raises(InputError) as info:
        check(b"PK\x03\x04 truncated")
    assert info.value.exit_code == 2 and "<bytes>" in str(info.value)


def test_oversized_bytes_are_refused_without_reading(monkeypatch, conformant):
    monkeypatch.setattr(checker, "MAX_DOCX_BYTES", 1000)
    with pytest.raises(InputError) as info:
        check(conformant.read_bytes())
    assert "文件过大" in str(info.value)


def test_paragraph_bound(monkeypatch, conformant):
    monkeypatch.setattr(checker, "MAX_PARAGRAPHS", 10)
    with pytest.raises(InputError) as info:
        check(conformant)
    assert "段落" in str(info.value) and "paragraphs" in str(info.value) and info.value.exit_code == 2
