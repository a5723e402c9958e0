"""Headless Debian Chromium for the end-to-end tests (and docs/serve_screenshots.py).

Playwright drives the system's Chromium (``apt-get install chromium``), never a browser of its
own download.  The flags keep Chromium quiet on a machine without network or display, as root.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"]


def find_chromium() -> Optional[str]:
    """Chromium's executable: $DOCGEN_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH."""
    for candidate in (os.environ.get("DOCGEN_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def unavailable() -> Optional[str]:
    """Why no browser test can run here (None when one can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        return "no Chromium on this machine (Debian/Ubuntu: apt-get install chromium; tests/run.sh does it as root)"
    return None


def could_install_browser() -> bool:
    """Root on a Debian-like machine in CI: tests/run.sh installs Chromium, so a missing one is a failure."""
    return bool(os.environ.get("CI")) and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def launch(playwright):
    return playwright.chromium.launch(executable_path=find_chromium(), args=ARGS, headless=True)


class Server:
    """``docgen serve --no-browser --port 0`` in a subprocess, as a user starts it."""

    def __init__(self, cwd: Path):
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
        root = Path(__file__).resolve().parents[2]
        env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--no-browser", "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            self.stop()
            raise RuntimeError(f"docgen serve did not start: {line}{self.process.stderr.read()}")
        self.url = match.group(0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
