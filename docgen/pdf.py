"""PDF output: .docx → .pdf through LibreOffice headless.

One ``soffice`` start converts a whole batch (starting LibreOffice costs far
more than converting a page), each call with its own throw-away user profile
so parallel workers never share (and lock) one.  LibreOffice runs with
``FONTCONFIG_FILE`` pointing at :data:`FONTS_CONF`, which maps the 公文 font
names a .docx carries (仿宋_GB2312, 楷体_GB2312, 黑体, 宋体, 方正小标宋简体 and
their aliases) to free faces of the same character from Debian packages
(:data:`DEBIAN_PACKAGES`).  PDFs are written atomically: converted in a
temporary folder, then moved into place with :func:`os.replace`.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Union

from .errors import InputError, Location, OutputError, PdfError
from .files import open_regular, read_regular, write_atomic

#: fontconfig file mapping the 公文 font names to free faces (see the comment at its top).
FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"

#: What a Debian/Ubuntu machine (and docgen's CI) must ``apt-get install --no-install-recommends``
#: for PDF output and its tests; ``.ci/apt-packages.txt`` lists the same, one a line.
DEBIAN_PACKAGES: tuple[str, ...] = (
    "libreoffice-writer-nogui",   # soffice --headless --convert-to pdf
    "poppler-utils",              # pdftotext / pdffonts / pdfinfo / pdftoppm (docgen.pdfinspect, tests)
    "fontconfig",                 # fc-match; FONTCONFIG_FILE
    "texlive-lang-chinese",       # FandolFang (仿宋), FandolKai/Hei/Song: the only FangSong face in Debian
    "fonts-arphic-ukai",          # AR PL UKai CN (楷体)
    "fonts-noto-cjk",             # Noto Sans CJK SC (黑体), Noto Serif CJK SC (宋体; Bold as 小标宋)
    "fonts-liberation2",          # Liberation Serif, metric-compatible Times New Roman (digits, Latin)
)

INSTALL_HINT = ("请安装 LibreOffice：apt-get install --no-install-recommends " + " ".join(DEBIAN_PACKAGES)
                + "（或从 https://www.libreoffice.org 安装）；也可用环境变量 DOCGEN_SOFFICE 指定 soffice 路径。"
                " / Install LibreOffice (apt-get install libreoffice-writer-nogui, or from libreoffice.org),"
                " or point DOCGEN_SOFFICE at the soffice executable.")

_STDERR_EXCERPT = 1500
#: Largest .docx handed to LibreOffice: a 300-page report with images is a few tens of MB.
MAX_DOCX_BYTES = 100 * 1024 * 1024

PathLike = Union[str, os.PathLike[str]]


def find_soffice() -> Optional[str]:
    """The LibreOffice executable: ``$DOCGEN_SOFFICE``, ``soffice``/``libreoffice`` on PATH, or a
    standard install folder; ``None`` when LibreOffice is not installed."""
    override = os.environ.get("DOCGEN_SOFFICE")
    if override and os.path.isfile(override) and os.access(override, os.X_OK):
        return override
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = ["/usr/lib/libreoffice/program/soffice"]
    candidates += sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)  # newest first
    candidates += ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _excerpt(text: str) -> str:
    text = (text or "").strip()
    if len(text) > _STDERR_EXCERPT:
        text = "…" + text[-_STDERR_EXCERPT:]
    return text


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    if FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env["SAL_USE_VCLPLUGIN"] = "svp"   # headless rendering, no X/Wayland needed
    return env


def check_docx(path: PathLike) -> None:
    """Raise :class:`~docgen.errors.InputError` (exit 2) unless ``path`` is a regular file holding a
    Word .docx package: LibreOffice would otherwise turn a YAML file, an image or /dev/zero into a
    "PDF" (or read forever)."""
    import zipfile

    name = str(path)
    with open_regular(path, what="Word 文件") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_DOCX_BYTES:
            raise InputError(f"文件过大，超过 {MAX_DOCX_BYTES // 1024 // 1024} MB / file too large",
                             location=Location(name))
        try:
            with zipfile.ZipFile(handle) as archive:
                is_docx = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            is_docx = False
    if not is_docx:
        raise InputError("不是 Word .docx 文件，无法转为 PDF / not a Word .docx file", location=Location(name),
                         hint="docgen pdf 只转换 .docx 文件（.doc/.wps 请先用 Word/WPS 另存为 .docx）。")


def convert(docx_paths: Sequence[PathLike], outdir: Optional[PathLike] = None, *,
            timeout: float = 300) -> list[Path]:
    """Convert ``docx_paths`` to PDF with ONE LibreOffice start; return the PDF paths, in order.

    Each PDF lands next to its .docx (same stem) or in ``outdir`` when given.  Raises
    :class:`PdfError` when LibreOffice is missing, times out, or leaves any PDF unwritten.
    """
    sources = [Path(p).resolve() for p in docx_paths]
    if not sources:
        return []
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        raise PdfError(f"找不到要转换的文件 / file(s) to convert not found: {', '.join(missing)}")
    for src in sources:
        check_docx(src)

    if outdir is not None:
        out_root = Path(outdir).resolve()
        if out_root.exists() and not out_root.is_dir():
            raise PdfError(f"输出位置不是文件夹 / output location is not a folder: {out_root}")
        try:
            out_root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹：{exc.strerror} / cannot create output folder",
                              location=Location(str(out_root))) from None
        targets = [out_root / (p.stem + ".pdf") for p in sources]
    else:
        targets = [p.with_suffix(".pdf") for p in sources]
    seen: dict[Path, Path] = {}
    for src, target in zip(sources, targets):
        if target in seen and seen[target] != src:
            raise PdfError(f"两个文件会写到同一个 PDF / two inputs would write the same PDF: "
                           f"{seen[target]} 和 {src} → {target}")
        seen[target] = src

    soffice = find_soffice()
    if soffice is None:
        raise PdfError("未找到 LibreOffice，无法生成 PDF / LibreOffice (soffice) not found, cannot make PDFs",
                       hint=INSTALL_HINT)

    work = Path(tempfile.mkdtemp(prefix="docgen-pdf-"))
    try:
        profile, indir, outtmp = work / "profile", work / "in", work / "out"
        for d in (profile, indir, outtmp):
            d.mkdir()
        # Copy the inputs under short ASCII names unique within the batch: LibreOffice writes every
        # PDF into one --outdir by stem (a.docx from two folders would collide), and under LANG=C it
        # can mangle non-ASCII file names on its command line.  Copied from what check_docx opened
        # and bounded, never by following whatever the name points to now.
        unique: list[tuple[Path, Path]] = []    # (source, staged copy), one per distinct source
        for src in sources:
            if any(src == s for s, _ in unique):
                continue
            copy = indir / f"doc{len(unique):04d}.docx"
            copy.write_bytes(read_regular(src, MAX_DOCX_BYTES, what="Word 文件"))
            unique.append((src, copy))

        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--nolockcheck", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outtmp),
               *[str(c) for _, c in unique]]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=_environment(), cwd=str(work),
                                    start_new_session=True)
        except OSError as exc:
            raise PdfError(f"无法启动 LibreOffice / cannot start LibreOffice ({soffice}): {exc}",
                           hint=INSTALL_HINT) from exc
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, err = proc.communicate()
            raise PdfError(f"LibreOffice 转换超时（{timeout:g} 秒）/ LibreOffice timed out after {timeout:g}s "
                           f"converting {len(unique)} file(s)"
                           + (f"\n{_excerpt(err.decode('utf-8', 'replace'))}" if err else ""))
        finally:
            # soffice.bin may leave helpers in its session (e.g. after a crash): end them.
            if proc.poll() is None:
                _kill_group(proc)
        stderr = (err or b"").decode("utf-8", "replace") or (out or b"").decode("utf-8", "replace")
        for src, copy in unique:                      # speak of the user's files, not our copies
            stderr = stderr.replace(str(copy), str(src))
        stderr = _excerpt(stderr)

        failed: list[str] = []
        for src, copy in unique:
            produced = outtmp / (copy.stem + ".pdf")
            if not produced.is_file() or produced.stat().st_size == 0:
                failed.append(str(src))
        if failed:
            raise PdfError(f"LibreOffice 未能生成 PDF / LibreOffice produced no PDF for: {', '.join(failed)}"
                           f" (exit code {proc.returncode})" + (f"\n{stderr}" if stderr else ""))

        produced_for = {src: outtmp / (copy.stem + ".pdf") for src, copy in unique}
        for src, target in zip(sources, targets):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"无法创建输出文件夹：{exc.strerror} / cannot create output folder",
                                  location=Location(str(target.parent))) from None
            # An exclusive temporary file next to the target, renamed into place (docgen.files):
            # a symlink planted at a predictable temporary name is never followed.
            write_atomic(target, produced_for[src].read_bytes())
        return targets
    finally:
        shutil.rmtree(work, ignore_errors=True)


def convert_bytes(docx: bytes, *, timeout: float = 300) -> bytes:
    """The PDF of a .docx given as bytes (``docgen.to_pdf``): converted in a temporary folder."""
    work = Path(tempfile.mkdtemp(prefix="docgen-pdfb-"))
    try:
        source = work / "document.docx"
        source.write_bytes(docx)
        return convert([source], timeout=timeout)[0].read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def convert_one(docx_path: PathLike, pdf_path: Optional[PathLike] = None, *, timeout: float = 300) -> Path:
    """Convert a single .docx; ``pdf_path`` defaults to the same stem next to it."""
    if pdf_path is None:
        return convert([docx_path], timeout=timeout)[0]
    pdf_path = Path(pdf_path)
    produced = convert([docx_path], Path(tempfile.mkdtemp(prefix="docgen-pdf1-")), timeout=timeout)[0]
    try:
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(pdf_path, produced.read_bytes())
    finally:
        shutil.rmtree(produced.parent, ignore_errors=True)
    return pdf_path

