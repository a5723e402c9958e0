"""Rendering under a time limit: each job runs in a process of its own that is killed when it overruns.

A render is milliseconds, but a request is arbitrary input and a PDF is a LibreOffice run, so
the app never renders in its own process.  Each job gets a fresh process, forked from a fork
server that has docgen's rendering modules imported already (fast, and safe in a threaded
server; spawning where there is no fork server).  A process that outlives its limit is killed,
which stops that job, and only that job, for certain.  Plain processes and a pipe, rather than
a ``multiprocessing.Pool``: terminating a pool whose worker is mid-task can hang on the pool's
own handler threads, and a server must never hang.
"""
from __future__ import annotations

import multiprocessing
import threading
from typing import Any, Callable, TypeVar, cast

_T = TypeVar("_T")

#: Seconds a finished job's process gets to exit before it is killed (it has nothing left to do).
_EXIT_GRACE = 5.0


class Busy(Exception):
    """Every worker stayed busy for longer than a job may take."""


class TimedOut(Exception):
    """The job ran longer than its limit and was stopped."""


class WorkerFailed(Exception):
    """The job raised an unexpected error, or its process died (the text says which)."""


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Children fork from a server that has docgen's rendering modules imported already.
        context.set_forkserver_preload(["docgen.serve.documents"])
        return context
    return multiprocessing.get_context("spawn")


def _call(connection: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the job's process: run the job, send back ``(True, result)`` or ``(False, error text)``."""
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which decides
        outcome = (False, f"{type(error).__name__}: {error}")
    try:
        connection.send(outcome)
    finally:
        connection.close()


class Workers:
    """At most ``processes`` jobs at once; :meth:`run` calls a module-level function in a process."""

    def __init__(self, processes: int = 2):
        self.processes = max(1, processes)
        self._slots = threading.BoundedSemaphore(self.processes)
        self._lock = threading.Lock()
        self._running: set[Any] = set()
        self._closed = False

    def run(self, function: Callable[..., _T], *args: Any, timeout: float) -> _T:
        """``function(*args)`` in a worker process; :class:`TimedOut` after ``timeout`` seconds,
        :class:`Busy` when no slot frees up within that time either, :class:`WorkerFailed` when
        the job raised or its process died."""
        if self._closed or not self._slots.acquire(timeout=timeout):
            raise Busy(f"no worker free within {timeout:g}s")
        try:
            context = _context()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_call, args=(sender, function, args), daemon=True)
            with self._lock:
                if self._closed:
                    raise Busy("workers are shut down")
                process.start()
                self._running.add(process)
            sender.close()   # the child holds the only writer: EOF when it dies
            try:
                if not receiver.poll(timeout):
                    raise TimedOut(f"stopped after {timeout:g}s")
                try:
                    ok, value = receiver.recv()
                except EOFError:
                    raise WorkerFailed(f"the worker process died (exit code {process.exitcode})") from None
            finally:
                receiver.close()
                self._stop(process)
            if not ok:
                raise WorkerFailed(value)
            return cast(_T, value)   # what function returned, back through the pipe
        finally:
            self._slots.release()

    def _stop(self, process: Any) -> None:
        process.join(_EXIT_GRACE if process.exitcode is None and not self._closed else 0)
        if process.is_alive():
            process.kill()
            process.join()
        with self._lock:
            self._running.discard(process)

    def warm(self, function: Callable[..., Any], *args: Any) -> None:
        """Start the fork server and run ``function`` once (so the first real job is fast)."""
        self.run(function, *args, timeout=60)

    def close(self) -> None:
        """Stop every running job."""
        with self._lock:
            self._closed = True
            running = list(self._running)
        for process in running:
            process.kill()
            process.join()
