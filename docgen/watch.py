"""``docgen render --watch``: run a render again whenever one of its files is saved.

It polls modification times (no dependency, and it works where file-system events do not:
network shares, editors that save by writing a new file and renaming it).  A round that
fails is reported and the watch goes on — the file is usually half-edited; Ctrl-C ends it.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable, Optional

#: Seconds between two looks at the files: short enough to feel immediate, long enough to cost nothing.
INTERVAL = 0.5

Snapshot = dict[str, Optional[tuple[int, int, int]]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Modification time, size and inode of each path (None for a path that is gone)."""
    state: Snapshot = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            state[str(path)] = None
            continue
        state[str(path)] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return state


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or modified between two snapshots."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def _round(run: Callable[[], None], on_error: Callable[[BaseException], None]) -> None:
    try:
        run()
    except SystemExit:       # the round reported its own failures
        pass
    except Exception as error:  # noqa: BLE001 - a failed round must not end the watch
        on_error(error)


def watch(run: Callable[[], None], paths: Callable[[], Iterable[Path]], *,
          on_error: Callable[[BaseException], None], say: Optional[Callable[[str], None]] = None,
          interval: float = INTERVAL) -> None:
    """Call ``run`` now and after every change to the files ``paths()`` lists (asked anew each
    poll, so files added to a watched folder count); return when interrupted (Ctrl-C)."""
    if say is None:
        import click

        def say(message: str) -> None:
            click.echo(message, err=True)

    try:
        state = snapshot(paths())
        _round(run, on_error)
        say("正在监视文件变化，保存后自动重新生成，按 Ctrl-C 结束 / watching for changes; Ctrl-C to stop")
        while True:
            time.sleep(interval)
            current = snapshot(paths())
            if current == state:
                continue
            # An editor may write a file in several steps: wait until two looks agree.
            while True:
                time.sleep(interval / 2)
                settled = snapshot(paths())
                if settled == current:
                    break
                current = settled
            names = "、".join(Path(p).name for p in changed(state, current))
            state = current
            say(f"[{time.strftime('%H:%M:%S')}] 已修改 / changed: {names}，重新生成 / rendering again")
            _round(run, on_error)
    except KeyboardInterrupt:
        say("已停止监视 / stopped watching")
