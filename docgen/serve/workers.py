"""Rendering under a time limit: each job runs in a worker process that is killed when it overruns.

A render is milliseconds, but a request is arbitrary input and a PDF is a LibreOffice run, so
the app never renders in its own process: :class:`Workers` keeps a few single-process pools
("slots"); a job takes a free slot, and a slot whose job outlives its limit is terminated and
replaced, which stops that job (and only that job) for certain.  Workers start from a fork
server where there is one (fast, and safe in a threaded server), else by spawning.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

_T = TypeVar("_T")


class Busy(Exception):
    """Every worker stayed busy for longer than a job may take."""


class TimedOut(Exception):
    """The job ran longer than its limit and was stopped."""


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Children fork from a server that has docgen's rendering modules imported already.
        context.set_forkserver_preload(["docgen.serve.documents"])
        return context
    return multiprocessing.get_context("spawn")


class Workers:
    """``processes`` worker slots; :meth:`run` calls a module-level function in one of them."""

    def __init__(self, processes: int = 2):
        self.processes = max(1, processes)
        self._free: queue.Queue[Pool] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        self._closed = False

    def _new_slot(self) -> Pool:
        return _context().Pool(1)

    def _take(self, wait: float) -> Pool:
        with self._lock:
            if self._closed:
                raise Busy("workers are shut down")
            if self._free.empty() and self._started < self.processes:
                self._started += 1
                return self._new_slot()
        try:
            return self._free.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"no worker free within {wait:g}s") from None

    def run(self, function: Callable[..., _T], *args: Any, timeout: float) -> _T:
        """``function(*args)`` in a worker; :class:`TimedOut` after ``timeout`` seconds,
        :class:`Busy` when no worker frees up within that time either."""
        slot = self._take(timeout)
        healthy = False
        try:
            result = slot.apply_async(function, args).get(timeout)
            healthy = True
            return result
        except multiprocessing.TimeoutError:
            raise TimedOut(f"stopped after {timeout:g}s") from None
        finally:
            if healthy:
                self._free.put(slot)
            else:                      # overran, failed or died: replace it
                slot.terminate()
                with self._lock:
                    replacement = None if self._closed else self._new_slot()
                if replacement is not None:
                    self._free.put(replacement)

    def warm(self, function: Callable[..., object], *args: Any) -> None:
        """Start every slot and run ``function`` in each (so the first real job is fast)."""
        slots = [self._take(60) for _ in range(self.processes)]
        for slot in slots:
            try:
                slot.apply(function, args)
            finally:
                self._free.put(slot)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
        while True:
            try:
                slot = self._free.get_nowait()
            except queue.Empty:
                break
            slot.terminate()
            slot.join()

