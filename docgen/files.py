"""Files in and out, safely: inputs are regular files read within a bound; outputs are written
to an exclusive temporary file and renamed into place.

Reading
    :func:`open_regular` opens without blocking and refuses anything that is not a regular file
    (``/dev/zero``, a FIFO, a socket, or a symlink to one) — reading those would never end —
    and :func:`read_regular` reads at most a given number of bytes, whatever the file claims.

Writing
    :func:`write_atomic` writes to ``.<name>.<pid>.<n>.part`` in the target folder, opened with
    ``O_CREAT | O_EXCL | O_NOFOLLOW``: a file or symlink planted at that name is never followed or
    reused.  The temporary file is renamed over the target (a symlink at the target is replaced,
    not followed) or removed on any failure — including Ctrl-C and SIGTERM, which are held back
    while the temporary file is being created or removed, so none is ever left behind.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import signal
import stat
import threading
from pathlib import Path
from types import FrameType
from typing import BinaryIO, Iterator, NoReturn, Optional, Type, Union

from .errors import InputError, Location, OutputError

PathLike = Union[str, os.PathLike[str]]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def open_regular(path: PathLike, *, what: str = "文件", error: Type[InputError] = InputError) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (symlinks to one are fine); else raise ``error``.

    Opened with ``O_NONBLOCK`` so that a FIFO cannot hang the open itself; the check is made on
    the opened descriptor, so the file cannot be swapped between check and read.  ``what`` names
    the file in messages, in Chinese (“模板文件”).
    """
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except FileNotFoundError:
        raise error(f"找不到{what} / file not found", location=Location(name),
                    hint="请检查文件名和路径是否正确。/ check the file name and path.", code="DG-FILE-NOT-FOUND") from None
    except IsADirectoryError:
        raise error(f"这是一个文件夹，不是{what} / this is a folder, not a file", location=Location(name),
                    code="DG-FILE-IS-DIRECTORY") from None
    except OSError as exc:
        raise error(f"无法读取{what}：{exc.strerror} / cannot read the file", location=Location(name),
                    code="DG-FILE-UNREADABLE") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"这是一个文件夹，不是{what} / this is a folder, not a file", location=Location(name),
                        code="DG-FILE-IS-DIRECTORY")
        if not stat.S_ISREG(info.st_mode):
            raise error("这不是普通文件（而是设备、管道等特殊文件），不会读取 / not a regular file "
                        "(a device, pipe or socket)", location=Location(name),
                        hint=f"请指定一个保存在磁盘上的{what}。", code="DG-FILE-NOT-REGULAR")
        if _NONBLOCK and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: PathLike, limit: int, *, what: str = "文件",
                 error: Type[InputError] = InputError) -> bytes:
    """The bytes of the regular file ``path``, refusing it when it holds more than ``limit`` bytes
    (counted while reading: a size the file system reports is not trusted)."""
    with open_regular(path, what=what, error=error) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise error(f"无法读取{what}：{exc.strerror} / cannot read the file", location=Location(str(path)),
                        code="DG-FILE-UNREADABLE") from None
    if len(data) > limit:
        raise error(f"{what}过大，超过 {_size(limit)}，不予处理 / file too large (limit {_size(limit)})",
                    location=Location(str(path)), code="DG-FILE-TOO-LARGE")
    return data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


# --- writing ---------------------------------------------------------------------------------

_serial = itertools.count()
#: Temporary names tried before giving up: names are unique per process, so a taken one is a
#: leftover from a crashed process with the same pid, or planted; a hundred in a row is an attack.
MAX_TEMPORARY_TRIES = 100
_HELD = (signal.SIGINT, getattr(signal, "SIGTERM", signal.SIGINT))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C/SIGTERM back for a few system calls (they are delivered right after), so a
    temporary file is never created without being recorded, or half-removed."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    old = mask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _temporary_name(target: Path) -> str:
    from .names import MAX_NAME_BYTES, cut

    tail = f".{os.getpid()}.{next(_serial)}.part"
    return "." + cut(target.name, MAX_NAME_BYTES - 1 - len(tail)) + tail


def open_temporary(target: Path) -> tuple[int, str]:
    """Create a temporary file next to ``target`` exclusively, never through a symlink; (fd, path)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | _CLOEXEC
    for _ in range(MAX_TEMPORARY_TRIES):
        tmp = os.path.join(target.parent, _temporary_name(target))
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:   # left over from a crashed process with the same pid, or planted
            continue
    raise FileExistsError(f"no free temporary name next to {target}")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_atomic(path: PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file + rename; never leaves a partial file."""
    target = Path(path)
    if target.is_dir():
        raise OutputError("输出路径是一个文件夹 / output path is a directory", location=Location(str(target)),
                          hint="请给出文件名，例如 -o 方案.docx，或用 --kind all -o 文件夹/。")
    folder = target.parent
    if not folder.is_dir():
        raise OutputError("输出文件夹不存在 / output folder does not exist", location=Location(str(folder)),
                          hint="请先创建该文件夹，或换一个输出路径。")
    tmp = None
    try:
        with _signals_held():
            fd, tmp = open_temporary(target)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        with _signals_held():
            if tmp is not None:
                _remove(tmp)
        where = folder if tmp is None else target
        raise OutputError(f"无法写入{'输出文件夹' if tmp is None else '文件'}：{exc.strerror} / cannot write "
                          f"{'to the output folder' if tmp is None else 'the file'}", location=Location(str(where)),
                          hint="请检查文件夹权限，或换一个输出路径；文件可能正被 Word/WPS 打开。") from None
    except BaseException:   # interrupted (Ctrl-C, a batch being stopped): no partial file left behind
        with _signals_held():
            if tmp is not None:
                _remove(tmp)
        raise
    return target


class Terminated(BaseException):
    """SIGTERM arrived (see :func:`stop_on_sigterm`).  Like KeyboardInterrupt it is no
    :class:`Exception`, so nothing that handles errors swallows it while it unwinds."""


_sigterm_depth = 0


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Let SIGTERM unwind the program like Ctrl-C for the duration, so ``finally`` blocks run:
    temporary files are removed, worker processes and LibreOffice are stopped.  It leaves the
    outermost such block as :class:`SystemExit` with code 143 (128 + SIGTERM).  Does nothing
    outside the main thread (only it can set signal handlers)."""
    global _sigterm_depth
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    if _sigterm_depth:          # an outer block already handles it (and converts it at its end)
        _sigterm_depth += 1
        try:
            yield
        finally:
            _sigterm_depth -= 1
        return

    def _stop(signum: int, frame: Optional[FrameType]) -> NoReturn:
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, _stop)
    _sigterm_depth = 1
    try:
        yield
    except Terminated as stop:
        raise SystemExit(128 + stop.args[0]) from None
    finally:
        _sigterm_depth = 0
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


__all__ = ["open_regular", "read_regular", "open_temporary", "write_atomic", "stop_on_sigterm", "Terminated"]
