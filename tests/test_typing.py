"""The package type-checks under ``mypy --strict`` (configuration in setup.cfg's ``[mypy]``), so the
``py.typed`` it ships promises something: integrators' type checkers read docgen's own annotations."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                                reason="mypy is not installed (pip install -e '.[test]' brings it)")


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    # From the checkout's root, as a developer runs it: setup.cfg's [mypy] section applies.
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_mypy_strict_is_clean_on_the_whole_package():
    result = _mypy("--strict", "docgen")
    assert result.returncode == 0, f"mypy --strict docgen failed:\n{result.stdout}{result.stderr}"
    checked = re.search(r"no issues found in (\d+) source files", result.stdout)
    assert checked, result.stdout
    # Every module was checked: none left out by the configuration.
    assert int(checked.group(1)) == len(list((ROOT / "docgen").rglob("*.py")))


def test_mypy_strict_reports_what_it_should(tmp_path):
    """The same command and configuration fail on untyped code (the test above can fail)."""
    sample = tmp_path / "untyped.py"
    sample.write_text("def twice(x):\n    return x * 2\n", encoding="utf-8")
    result = _mypy("--strict", "--cache-dir", str(tmp_path / "cache"), str(sample))
    assert result.returncode == 1
    assert "[no-untyped-def]" in result.stdout
