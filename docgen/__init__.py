"""docgen — campaign YAML → Chinese official documents (公文) laid out to GB/T 9704-2012.

Typical use::

    import docgen
    campaign = docgen.load("campaign.yaml")          # validated, normalised, typed
    data = docgen.render(campaign, kind="plan")       # .docx bytes
    path = docgen.render_file("campaign.yaml", kind="plan", output="out/")

Heavy modules (python-docx, lxml, Jinja) load only when a document is rendered,
so ``import docgen`` and the CLI start fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (DocgenError, DocgenWarning, InputError, Location, MissingDataError, OutputError, PdfError, Problem,
                     SourceError, TemplateError, ValidationError)

__version__ = "0.1.0"

_LAZY = {
    "load": "api", "loads": "api", "validate": "api", "render": "api", "render_file": "api",
    "title": "api", "output_name": "api", "to_pdf": "api", "Campaign": "model", "kinds": None, "check": "checker",
    "render_batch": "batch", "BatchResult": "batch",
}

if TYPE_CHECKING:  # pragma: no cover
    from .api import load, loads, output_name, render, render_file, title, to_pdf, validate
    from .batch import BatchResult, render_batch
    from .checker import check
    from .model import Campaign


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    import importlib

    module = _LAZY[name]
    if module is None:
        return importlib.import_module(f".{name}", __name__)
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = ["DocgenError", "DocgenWarning", "InputError", "Location", "MissingDataError", "OutputError", "PdfError", "Problem",
           "SourceError", "TemplateError", "ValidationError", "load", "loads", "validate", "render", "render_file",
           "to_pdf", "title", "output_name", "Campaign", "check", "render_batch", "BatchResult", "kinds", "__version__"]


def __dir__() -> list[str]:
    """The public API (what ``dir(docgen)`` and editors' completion show), loaded or not."""
    return sorted(__all__)
