"""``docgen serve``: a local web app to fill a campaign in a browser, see the document, download it.

The form is generated from ``schemas/campaign.schema.json`` (:mod:`.form`), checked by docgen's
own validator, previewed from the rendered .docx (:mod:`.preview`) and saved as YAML
(:mod:`.yamlio`), which stays the source of truth.  The app (:mod:`.app`) is plain WSGI and keeps
no state between requests; :mod:`.server` runs it on the standard library's server.

For a shared deployment: ``gunicorn -w 4 'docgen.serve:make_app()'`` (any WSGI server works).
"""
from __future__ import annotations

from .app import App, Limits, make_app
from .server import serve

__all__ = ["App", "Limits", "make_app", "serve"]
