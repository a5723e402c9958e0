"""Where docgen's bundled files are: the templates/ and schemas/ folders.

In a source checkout they are the top-level folders; in an installed package
setup.cfg maps them to the ``docgen.templates`` and ``docgen.schemas`` packages.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _folder(name: str) -> Path:
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir() and (_PACKAGE_DIR.parent / "setup.cfg").is_file():
        return checkout
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    raise FileNotFoundError(f"docgen installation is incomplete: folder {name!r} not found")


def templates_dir() -> Path:
    """Folder holding the built-in .docx templates (and their readable sources under src/)."""
    return _folder("templates")


def schema_path() -> Path:
    """Path of ``campaign.schema.json``, the data contract."""
    return _folder("schemas") / "campaign.schema.json"


def starter_path() -> Path:
    """The commented starter campaign that ``docgen init`` writes."""
    return templates_dir() / "starter.yaml"
