"""Batches: many campaign files → many documents, over a process pool.

A county issues one plan and every department, school and street office under it
writes its own plan, speech and summary: hundreds to thousands of documents at once.
:func:`render_batch` renders them all::

    result = docgen.render_batch(["units/"], kinds=("plan", "speech"), output_dir="out/", jobs=4)
    for item in result.failed:
        print(item.source, item.error)

How it scales
    Inputs are split into chunks and sent to ``jobs`` worker processes (default: every
    core).  Each worker compiles a template once (the per-process cache of
    :mod:`docgen.templating`) and writes its documents itself, so results carry paths
    and error texts, never document bytes, and memory stays flat however large the batch.
    ``jobs=1`` renders in-process.  With ``pdf=True`` each chunk's .docx files are
    converted by ONE LibreOffice start (:func:`docgen.pdf.convert`), so LibreOffice
    starts a handful of times per worker, not once per document.

Where documents go (never two documents to one file)
    * One input file: its documents go straight into ``output_dir`` (or next to the
      file when there is none), named after their titles — like ``docgen render``.
    * Several inputs, or any folder among the sources: each input file gets its own
      sub-folder, named after the file (``单位A.yaml`` → ``单位A/``).  Files found in a
      folder keep their relative path (``units/schools/一中.yaml`` → ``out/schools/一中/``).
      Without ``output_dir`` the sub-folder is created next to the input file.
    * Remaining collisions get a numeric suffix, decided before any rendering and
      independent of ``jobs``: two inputs ``a.yaml`` and ``a.yml`` → ``a/`` and
      ``a (2)/``; two kinds with the same title → ``标题.docx`` and ``标题 (2).docx``.

Folders are searched recursively for ``*.yaml`` and ``*.yml``, in sorted order, skipping
hidden files and folders (``.git``).  A failing input never stops the batch: every
error is collected in the :class:`BatchResult`, with the file, line and field of the
problem, and :attr:`BatchResult.exit_code` is 2 when some input was invalid, 1 for other
failures, 0 when everything was written.
"""
from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NoReturn, Optional, Sequence, Union

from .errors import DocgenError, InputError, Location, OutputError, Problem
from .files import stop_on_sigterm
from .names import folder_name, unique

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext
    from types import FrameType

    from .model import Campaign
    from .package import FileIdentity

PathLike = Union[str, os.PathLike[str]]
Progress = Callable[[int, int], None]

YAML_SUFFIXES = (".yaml", ".yml")

#: Inputs per work unit without PDF: small enough to balance the workers and move the
#: progress bar, large enough that inter-process traffic is negligible.
MAX_CHUNK = 16
#: Inputs per work unit with PDF: each unit is one LibreOffice start (~1.5 s, then ~0.15 s a
#: document), so units are large (one per worker for mid-sized batches) but capped so a big
#: batch still shows progress and balances the workers...
MAX_PDF_CHUNK = 100
#: ...and at least this many, so a small batch is not split across LibreOffice starts that
#: would cost more (starting is heavier than converting a dozen documents) than they save.
MIN_PDF_CHUNK = 16


# --- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    """What went wrong, as plain data (a :class:`DocgenError` does not survive pickling intact).

    ``str(failure)`` is the text the CLI prints; ``problems`` carry file, line, column and field.
    """

    error_type: str
    exit_code: int
    text: str
    message: str
    problems: tuple[Problem, ...] = ()
    hint: Optional[str] = None

    @classmethod
    def of(cls, error: BaseException) -> "Failure":
        if isinstance(error, DocgenError):
            return cls(type(error).__name__, error.exit_code, str(error), error.message,
                       tuple(error.problems), error.hint)
        text = f"内部错误 / internal error: {type(error).__name__}: {error}"
        return cls(type(error).__name__, 1, text, text, (Problem(text),),
                   "请把输入文件和这条信息报告给维护者。/ please report this with the input file.")

    @property
    def location(self) -> Location:
        """Where the (first) problem is."""
        return self.problems[0].location if self.problems else Location()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ItemResult:
    """One document of one input (``kind`` is None when the input itself could not be used).

    ``status`` is ``"written"``, ``"skipped"`` (``--kind all`` and the campaign lacks the data
    for this kind; ``error`` says what) or ``"failed"`` (``error`` says why; ``output`` is set
    when only the PDF failed).
    """

    source: Path
    kind: Optional[str]
    status: str
    output: Optional[Path] = None
    pdf: Optional[Path] = None
    error: Optional[Failure] = None
    warnings: tuple[str, ...] = ()    # texts of the DocgenWarnings rendering this document issued

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class BatchResult:
    """Everything a batch did, in input order (independent of ``jobs``)."""

    items: list[ItemResult] = field(default_factory=list)
    sources: int = 0
    jobs: int = 1
    seconds: float = 0.0

    @property
    def written(self) -> list[ItemResult]:
        """Items whose .docx was written (and PDF, when asked)."""
        return [i for i in self.items if i.status == "written"]

    @property
    def skipped(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "skipped"]

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def outputs(self) -> list[Path]:
        """Paths of the written .docx files."""
        return [i.output for i in self.items if i.output is not None]

    @property
    def exit_code(self) -> int:
        """0 all written; 2 some input invalid; 1 other failures (the CLI's exit code)."""
        return max((i.error.exit_code if i.error else 1 for i in self.failed), default=0)   # failed: always an error

    @property
    def documents_per_second(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds else 0.0


# --- inputs and where their documents go --------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One input file and the folder its documents go to."""

    source: Path
    folder: Optional[Path]   # None: next to the source file (single-input batches without output_dir)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_inputs(folder: Path) -> list[Path]:
    """Campaign files under ``folder``, recursively, sorted; hidden files and folders are skipped."""
    found = [p for p in folder.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
             and not _is_hidden(p, folder)]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def no_inputs_error(folder: Path) -> InputError:
    """The error for a folder that holds no campaign file (``render`` and ``validate`` alike)."""
    return InputError("文件夹中没有 .yaml/.yml 活动文件 / no campaign files (*.yaml, *.yml) in folder",
                      location=Location(str(folder)))


def plan_jobs(sources: Iterable[PathLike], output_dir: Optional[PathLike] = None) -> tuple[list[Job], list[ItemResult]]:
    """Expand ``sources`` (files and folders) into :class:`Job` s; ``(jobs, problems)``.

    ``problems`` are :class:`ItemResult` failures for folders without campaign files.  Files that
    do not exist are kept as jobs: loading them reports the error the usual way.
    """
    paths = [Path(s) for s in sources]
    out = Path(output_dir) if output_dir is not None else None
    found: list[tuple[Path, Path, Path]] = []          # (source file, root folder for the sub-folder, relative key)
    problems: list[ItemResult] = []
    for src in paths:
        if src.is_dir():
            files = find_inputs(src)
            if not files:
                problems.append(ItemResult(src, None, "failed", error=Failure.of(no_inputs_error(src))))
            for f in files:
                rel = f.relative_to(src).with_suffix("")
                # Sub-folders are named after files and folders: made safe like document names, so
                # that "...yaml" (stem "..") or "CON.yaml" never lands outside -o or on a device.
                found.append((f, out if out is not None else src, Path(*[folder_name(p) for p in rel.parts])))
        else:
            found.append((src, out if out is not None else src.parent, Path(folder_name(src.stem))))

    seen: set[str] = set()
    distinct = []
    for f, root, key in found:   # the same file named twice (or via its folder) is rendered once
        ident = os.path.normcase(os.path.abspath(f))
        if ident not in seen:
            seen.add(ident)
            distinct.append((f, root, key))

    if len(distinct) == 1 and not any(s.is_dir() for s in paths):
        f, _, _ = distinct[0]
        return [Job(f, out)], problems

    taken: dict[str, set[str]] = {}          # folder → sub-folder names given out (case-insensitive)
    jobs = []
    for f, root, key in distinct:
        parent = root / key.parent
        names = taken.setdefault(os.path.normcase(os.path.abspath(parent)), set())
        jobs.append(Job(f, parent / unique(key.name or "campaign", "", names)))
    return jobs, problems


# --- rendering (runs in the workers) ------------------------------------------------------------

@dataclass(frozen=True)
class RenderOptions:
    """What to render for each campaign and how (the same for every input of a batch)."""

    kinds: tuple[str, ...]
    kind_all: bool
    pdf: bool
    template: Optional[str]
    template_dir: Optional[str]
    force: bool = False
    protected: frozenset[FileIdentity] = frozenset()   # file identities (device, inode) never to be written over


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents); :class:`OutputError` (exit 2) when that is not possible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹：{exc.strerror} / cannot create output folder",
                          location=Location(str(folder)), hint="请检查文件夹权限，或换一个输出路径。") from None


def protected_files(sources: Iterable[PathLike], kinds: Sequence[str], *, template: Optional[PathLike] = None,
                    template_dir: Optional[PathLike] = None) -> frozenset[FileIdentity]:
    """Identities of the files a render reads — campaign files and the templates of ``kinds`` — which
    no output may replace."""
    from . import api
    from .package import file_identity

    files = [Path(s) for s in sources]
    for kind in kinds:
        try:
            files.append(api.template_path(kind, template=template, template_dir=template_dir))
        except DocgenError:
            pass
    return frozenset(i for i in map(file_identity, files) if i is not None)


def write_documents(campaign: Campaign, folder: Path, opts: RenderOptions,
                    source: Optional[Path] = None) -> list[ItemResult]:
    """Render ``opts.kinds`` of ``campaign`` into ``folder``: one :class:`ItemResult` per kind.

    Names come from the titles, made unique within the folder (two kinds with one title →
    ``标题.docx`` and ``标题 (2).docx``); a file there that docgen did not write, or that was
    changed since, is kept (see :func:`docgen.package.keep_changed`) unless ``opts.force``.
    """
    from . import api
    from .errors import MissingDataError, collect_warnings
    from .package import keep_changed, write_atomic

    source = source if source is not None else Path(campaign.source or "<campaign>")
    made = folder.is_dir()
    used: set[str] = set()
    results = []
    for kind in opts.kinds:
        try:
            with collect_warnings() as notes:
                data = api.render(campaign, kind, template=opts.template, template_dir=opts.template_dir)
                if not made:
                    make_folder(folder)
                    made = True
                target = keep_changed(folder / api.output_name(campaign, kind), force=opts.force, used=used,
                                      protected=opts.protected)
                path = write_atomic(target, data)
            del data
        except MissingDataError as error:
            status = "skipped" if opts.kind_all else "failed"
            results.append(ItemResult(source, kind, status, error=Failure.of(error)))
            continue
        except Exception as error:  # noqa: BLE001 - one document failing must not stop the others
            results.append(ItemResult(source, kind, "failed", error=Failure.of(error)))
            continue
        results.append(ItemResult(source, kind, "written", output=path,
                                  warnings=tuple(str(note) for note in notes)))
    return results


def _render_job(job: Job, opts: RenderOptions) -> list[ItemResult]:
    from . import api

    try:
        campaign = api.load(job.source)
    except Exception as error:  # noqa: BLE001 - a broken input must not stop the batch
        return [ItemResult(job.source, None, "failed", error=Failure.of(error))]
    folder = job.folder
    if folder is None:
        folder = Path(campaign.source).parent if campaign.source else Path.cwd()
    return write_documents(campaign, folder, opts, job.source)


def _convert(results: list[ItemResult]) -> list[ItemResult]:
    """PDFs for every written item of a chunk, with one LibreOffice start."""
    from . import pdf

    outputs = {i: r.output for i, r in enumerate(results) if r.status == "written" and r.output is not None}
    todo = list(outputs)
    for attempt in (1, 2):
        if not todo:
            break
        try:
            pdfs = pdf.convert([outputs[i] for i in todo])
        except Exception as error:  # noqa: BLE001
            # LibreOffice names the documents it could not convert; when that is only some of
            # them, those fail and the others get one more try (else one bad file sinks a chunk).
            text = str(error)
            named = [i for i in todo if str(outputs[i].resolve()) in text]
            retry = attempt == 1 and 0 < len(named) < len(todo)
            for i in (named if retry else todo):
                r = results[i]
                results[i] = ItemResult(r.source, r.kind, "failed", output=r.output, error=Failure.of(error),
                                        warnings=r.warnings)
            todo = [i for i in todo if i not in named] if retry else []
            continue
        for i, path in zip(todo, pdfs):
            r = results[i]
            results[i] = ItemResult(r.source, r.kind, r.status, output=r.output, pdf=path, warnings=r.warnings)
        break
    return results


def _run_chunk(chunk: Sequence[Job], opts: RenderOptions) -> list[ItemResult]:
    try:
        results = []
        for job in chunk:
            results.extend(_render_job(job, opts))
        return _convert(results) if opts.pdf else results
    except SystemExit as stop:
        if not _IN_WORKER:
            raise
        # SIGTERM from the parent (see _worker_init): temporary files and LibreOffice were cleaned
        # up while this unwound; end the process now rather than let the pool hand it more work.
        os._exit(stop.code if isinstance(stop.code, int) else 1)


# --- the batch ------------------------------------------------------------------------------------

def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _chunks(jobs_list: list[Job], workers: int, pdf: bool) -> list[list[Job]]:
    n = len(jobs_list)
    if pdf:
        size = min(MAX_PDF_CHUNK, max(MIN_PDF_CHUNK, math.ceil(n / workers)))
    else:
        size = min(MAX_CHUNK, math.ceil(n / (workers * 4)))
    size = max(1, size)
    return [jobs_list[i:i + size] for i in range(0, n, size)]


def _context(name: Optional[str]) -> BaseContext:
    import multiprocessing

    if name is None:
        # fork: workers start instantly and inherit the parent's compiled templates.
        name = "fork" if sys.platform.startswith("linux") else None
    return multiprocessing.get_context(name)


_IN_WORKER = False
_PR_SET_PDEATHSIG = 1   # linux/prctl.h


def _worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle; SIGTERM (the parent stopping the batch)
    unwinds normally, so a running LibreOffice is stopped and temporary files are removed.  On
    Linux the kernel also sends SIGTERM should the parent die without stopping its workers
    (killed with SIGKILL, out of memory), so no worker keeps writing after it."""
    import signal

    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _stop(signum: int, frame: Optional[FrameType]) -> NoReturn:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _stop)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:   # the parent died before prctl took effect
            os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and stop the workers now (a batch can be long: don't finish it)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except Exception:  # noqa: BLE001 - already gone
            pass
    for process in processes:
        process.join(timeout=10)


def _warm(opts: RenderOptions) -> None:
    """Compile the templates in the parent so forked workers inherit them (errors surface per item)."""
    from . import api, templating

    for kind in opts.kinds:
        try:
            templating.load(api.template_path(kind, template=opts.template, template_dir=opts.template_dir))
        except Exception:  # noqa: BLE001 - reported per document by the workers
            pass


def render_batch(sources: Union[PathLike, Iterable[PathLike]], kinds: Union[str, Sequence[str]] = ("plan",),
                 output_dir: Optional[PathLike] = None, *, jobs: Optional[int] = None, pdf: bool = False,
                 template: Optional[PathLike] = None, template_dir: Optional[PathLike] = None,
                 progress: Optional[Progress] = None, mp_context: Optional[str] = None,
                 force: bool = False) -> BatchResult:
    """Render ``kinds`` of every campaign file in ``sources`` (files and folders, recursively).

    ``kinds`` is a kind name, a list of them, or ``"all"`` (every kind; kinds a campaign lacks
    the data for are skipped, not failed).  ``jobs`` worker processes (default: every core;
    1 renders in-process).  ``progress(done, total)`` is called with the number of input
    files finished so far.  ``mp_context`` picks the multiprocessing start method ("fork",
    "spawn"; default fork on Linux).  A file in the way that docgen did not write, or that was
    changed since it did, is kept and the document gets a suffixed name, unless ``force``; no
    output ever replaces a campaign file or template in use.  Never raises for a bad input: see
    :class:`BatchResult`.  SIGTERM (in the main thread) stops the workers and LibreOffice and
    removes temporary files, as Ctrl-C does.
    """
    with stop_on_sigterm():
        return _render_batch(sources, kinds, output_dir, jobs=jobs, pdf=pdf, template=template,
                             template_dir=template_dir, progress=progress, mp_context=mp_context, force=force)


def _render_batch(sources: Union[PathLike, Iterable[PathLike]], kinds: Union[str, Sequence[str]],
                  output_dir: Optional[PathLike], *, jobs: Optional[int], pdf: bool, template: Optional[PathLike],
                  template_dir: Optional[PathLike], progress: Optional[Progress], mp_context: Optional[str],
                  force: bool) -> BatchResult:
    from . import kinds as _kinds

    started = time.perf_counter()
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    kind_all = kinds == "all" or (not isinstance(kinds, str) and list(kinds) == ["all"])
    if kind_all:
        names = tuple(_kinds.KINDS)
    else:
        names = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        names = tuple(_kinds.get(k).name for k in names)   # unknown kind: InputError now, not per file
    if output_dir is not None:
        out = Path(output_dir)
        if out.exists() and not out.is_dir():
            raise OutputError("输出位置应是文件夹 / output must be a folder for a batch", location=Location(str(out)))
        make_folder(out)
    job_list, problems = plan_jobs(sources, output_dir)
    opts = RenderOptions(names, kind_all, pdf, str(template) if template else None,
                    str(template_dir) if template_dir else None, force,
                    protected_files([j.source for j in job_list], names, template=template, template_dir=template_dir))

    total = len(job_list)
    workers = max(1, min(jobs or default_jobs(), total or 1))
    chunks = _chunks(job_list, workers, pdf)
    workers = min(workers, len(chunks)) or 1
    done = 0
    if progress:
        progress(0, total)
    by_chunk: dict[int, list[ItemResult]] = {}
    pool: Optional[ProcessPoolExecutor] = None
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        context = _context(mp_context)
        if context.get_start_method() == "fork":
            _warm(opts)
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)
        except (OSError, NotImplementedError, ImportError):  # no process support here (e.g. no /dev/shm)
            workers = 1
    if pool is None:
        for index, chunk in enumerate(chunks):
            by_chunk[index] = _run_chunk(chunk, opts)
            done += len(chunk)
            if progress:
                progress(done, total)
    else:
        from concurrent.futures import FIRST_COMPLETED, wait

        try:
            pending = {pool.submit(_run_chunk, chunk, opts): index for index, chunk in enumerate(chunks)}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    try:
                        by_chunk[index] = future.result()
                    except Exception as error:  # noqa: BLE001 - a worker died (killed, out of memory)
                        failure = Failure.of(error)
                        by_chunk[index] = [ItemResult(j.source, None, "failed", error=failure)
                                           for j in chunks[index]]
                    done += len(chunks[index])
                    if progress:
                        progress(done, total)
        except BaseException:      # Ctrl-C, or an error in a progress callback
            _stop_workers(pool)
            raise
        pool.shutdown(wait=True)

    items = list(problems)
    for index in range(len(chunks)):
        items.extend(by_chunk[index])
    return BatchResult(items, sources=total, jobs=workers, seconds=time.perf_counter() - started)


__all__ = ["render_batch", "BatchResult", "ItemResult", "Failure", "Job", "plan_jobs", "find_inputs",
           "default_jobs", "RenderOptions", "write_documents", "protected_files", "make_folder"]
