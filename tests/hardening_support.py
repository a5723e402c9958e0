"""Helpers for the hardening tests: run the CLI as a user would (own process group, a time bound,
peak memory measured) and check what a hostile input may never cause."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
from reference_campaign import REFERENCE  # noqa: E402  (tests/ is on sys.path)

# Runs the command in its own session, kills the whole session on timeout, and reports the peak
# RSS of the command and everything it started (RUSAGE_CHILDREN of this wrapper covers only them).
_WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
timeout, cmd = float(sys.argv[1]), sys.argv[2:]
start = time.monotonic()
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
try:
    out, err = proc.communicate(timeout=timeout)
    rc = proc.returncode
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
    out, err = proc.communicate()
    rc = "timeout"
seconds = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": rc, "out": out.decode("utf-8", "replace"), "err": err.decode("utf-8", "replace"),
                  "rss_mb": rss, "seconds": seconds}))
"""


@dataclass
class Run:
    rc: object
    out: str
    err: str
    rss_mb: float
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def run_docgen(*args: str, cwd: Optional[Path] = None, timeout: float = 120) -> Run:
    """``docgen *args`` in a subprocess: exit code, output, peak RSS (MB, whole process tree), seconds."""
    cmd = [sys.executable, "-m", "docgen", *map(str, args)]
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(timeout), *cmd], capture_output=True,
                          cwd=cwd, timeout=timeout + 60)
    return Run(**json.loads(done.stdout))


def assert_clean(run: Run, codes: Iterable[int] = (0, 2), *, max_mb: float = 500, what: str = "") -> None:
    """What every hostile input must end in: exit 0 or 2, no traceback or internal error, bounded memory."""
    assert run.rc in tuple(codes), f"{what}: exit {run.rc}\n{run.text[-2000:]}"
    assert "Traceback" not in run.text, f"{what}: traceback\n{run.text[-2000:]}"
    assert "内部错误" not in run.text and "internal error" not in run.text, f"{what}:\n{run.text[-2000:]}"
    assert run.rss_mb < max_mb, f"{what}: peak RSS {run.rss_mb:.0f} MB"


def snapshot(root: Path, *, skip: Optional[Path] = None) -> dict:
    """{relative path: sha256} of every file under ``root`` (except under ``skip``), symlinks as their target."""
    found = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def reference_text() -> str:
    return (REFERENCE).read_text(encoding="utf-8")


def with_plan_title(text: str, title: str) -> str:
    """The reference campaign with ``documents.plan.title`` set (a JSON string is valid YAML)."""
    marker = "  plan:\n"
    assert marker in text
    return text.replace(marker, marker + f"    title: {json.dumps(title, ensure_ascii=False)}\n", 1)


def user_template(source: Path, target: Path, *paragraphs: str, document: Optional[bytes] = None,
                  extra: Optional[dict] = None, drop: Iterable[str] = ()) -> Path:
    """A copy of the .docx template ``source`` with ``paragraphs`` (Jinja text) put first in its body,
    or its document XML replaced by ``document``; ``extra`` parts added, ``drop`` parts removed."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if document is not None:
        parts["word/document.xml"] = document
    elif paragraphs:
        body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
    parts.update(extra or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name not in drop:
                archive.writestr(name, data)
    return target


def document_text(path: Path) -> str:
    """The visible text of a .docx (all w:t runs)."""
    import re

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
