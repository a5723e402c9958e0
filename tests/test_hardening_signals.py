"""Signals during a batch (issue 14): Ctrl-C to the whole process group leaves no .part files;
SIGTERM to the batch parent stops its workers and their LibreOffice, and nothing is written after
the parent has exited."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardening_support import reference_text, snapshot


def make_inputs(folder: Path, count: int) -> None:
    folder.mkdir()
    text = reference_text()
    for i in range(count):
        (folder / f"unit{i:04d}.yaml").write_text(text.replace("临川市教育局", f"第{i}单位"), encoding="utf-8")


def start(args, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def children_of() -> dict:
    """pid → parent pid of every process (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    return parents


def descendants(pid: int) -> set:
    parents = children_of()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def parts_under(folder: Path) -> list:
    return [p for p in folder.rglob("*.part")] if folder.exists() else []


def test_ctrl_c_to_the_process_group_leaves_no_part_files(tmp_path):
    make_inputs(tmp_path / "in", 250)
    out = tmp_path / "out"
    proc = start(["render", "in", "--kind", "all", "-o", "out", "--jobs", "2"], tmp_path)
    try:
        wait_for(lambda: len(list(out.rglob("*.docx"))) >= 30, 120, "the first documents")
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    assert proc.returncode != 0 and "Traceback" not in text, text
    written = len(list(out.rglob("*.docx")))
    assert written < 250 * 6, "the batch finished before the interrupt: nothing was tested"
    assert parts_under(out) == []
    time.sleep(1)                                   # nothing in the group keeps writing
    assert len(list(out.rglob("*.docx"))) == written and parts_under(out) == []


def test_sigterm_to_the_batch_parent_stops_workers_and_libreoffice(tmp_path):
    make_inputs(tmp_path / "in", 40)
    out = tmp_path / "out"
    proc = start(["render", "in", "-o", "out", "--jobs", "2", "--pdf"], tmp_path)
    try:
        family: set = set()

        def libreoffice_running() -> bool:
            family.update(descendants(proc.pid))
            return any("soffice" in cmdline(pid) for pid in family)

        wait_for(libreoffice_running, 180, "LibreOffice to start")
        family.update(descendants(proc.pid))
        os.kill(proc.pid, signal.SIGTERM)           # the parent only, as a service manager would
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert proc.returncode == 128 + signal.SIGTERM, (proc.returncode, text)
    wait_for(lambda: not any(alive(pid) for pid in family), 20, "workers and LibreOffice to stop")
    after_exit = snapshot(out)
    time.sleep(2)
    assert snapshot(out) == after_exit              # nobody writes after the parent is gone
    assert parts_under(out) == []
    assert not list(out.rglob("*.pdf")) or len(list(out.rglob("*.pdf"))) < 40
