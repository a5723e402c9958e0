"""The web app: a small WSGI application (PEP 3333), stateless.

Every request carries the whole campaign (the form's values, or an uploaded file) and gets back
problems, a preview or a file; the server keeps nothing between requests, so any number of people
can use one instance, behind any WSGI server, without seeing each other's data.  Rendering runs
in worker processes under a time limit (:mod:`docgen.serve.workers`); request bodies are capped.

Routes::

    GET  /                    the page (form generated from the schema, preview, downloads)
    GET  /static/<file>       the page's script and style sheet (shipped in the package)
    GET  /api/form            the form description (JSON)
    POST /api/check           {values, kind, name} → {problems, preview, tidied}
    POST /api/open?name=…     a campaign file's bytes → {values, problems}
    POST /api/yaml            {values, name} → the campaign file (YAML)
    POST /api/docx?kind=…     {values, name} → the .docx of one kind
    POST /api/zip             {values, name} → every kind and the YAML in a .zip
    POST /api/pdf?kind=…      {values, name} → the PDF of one kind (LibreOffice)
    POST /api/pages?kind=…    {values, name} → page images of one kind (LibreOffice + pdftoppm)
"""
from __future__ import annotations

import json
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, TextIO, TypeVar
from urllib.parse import parse_qs, quote

from . import documents as jobs
from .form import campaign_form
from .workers import Busy, TimedOut, Workers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

#: An answer: status line, headers, body.
Response = tuple[str, list[tuple[str, str]], bytes]
_T = TypeVar("_T")

STATIC = Path(__file__).resolve().parent / "static"
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8"}
_SECURITY_HEADERS = [
    # Everything comes from this server (works offline, no CDN); the preview's inline styles are data.
    ("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Limits:
    """How much one request may ask for."""

    max_body_bytes: int = 2 * 1024 * 1024   # an uploaded file or the form's data (a large campaign is ~50 KB)
    render_seconds: float = 20.0            # validate + render (+ zip) one request
    pdf_seconds: float = 120.0              # LibreOffice, which starts cold


class HTTPError(Exception):
    """An answer other than 200, with a message for the page (Chinese first, English alongside)."""

    def __init__(self, status: str, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.body = {"error": message, **extra}


def capabilities() -> dict[str, bool]:
    """What this machine can make beyond .docx: PDF (LibreOffice) and page images (+ pdftoppm)."""
    from ..pdf import find_soffice

    has_pdf = find_soffice() is not None
    return {"pdf": has_pdf, "pages": has_pdf and shutil.which("pdftoppm") is not None}


def _content_disposition(filename: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class App:
    """The WSGI application.  ``workers`` renders (a :class:`Workers` is made when not given)."""

    def __init__(self, *, workers: Optional[Workers] = None, limits: Limits = Limits()):
        self.workers = workers or Workers()
        self.limits = limits
        self._page: Optional[bytes] = None
        self._page_lock = threading.Lock()
        self.routes: dict[tuple[str, str], Callable[[WSGIEnvironment], Response]] = {
            ("GET", "/"): self.page,
            ("GET", "/api/form"): self.form,
            ("POST", "/api/check"): self.check,
            ("POST", "/api/open"): self.open,
            ("POST", "/api/yaml"): self.yaml,
            ("POST", "/api/docx"): self.docx,
            ("POST", "/api/zip"): self.zip,
            ("POST", "/api/pdf"): self.pdf,
            ("POST", "/api/pages"): self.pages,
        }

    # --- WSGI ----------------------------------------------------------------------------------
    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "/") or "/"
        try:
            if method in ("GET", "HEAD") and path.startswith("/static/"):
                status, headers, body = self.static(path[len("/static/"):])
            else:
                handler = self.routes.get(("GET" if method == "HEAD" else method, path))
                if handler is None:
                    if any(p == path for _, p in self.routes):
                        raise HTTPError("405 Method Not Allowed", "不支持的请求方法 / method not allowed")
                    raise HTTPError("404 Not Found", "没有这个页面 / not found")
                status, headers, body = handler(environ)
        except HTTPError as error:
            status, headers, body = self._json(error.body, error.status)
        except TimedOut:
            status, headers, body = self._json(
                {"error": f"生成超时（超过 {self.limits.render_seconds:g} 秒），已停止。请减少内容后重试。"
                          " / rendering took too long and was stopped"}, "503 Service Unavailable")
        except Busy:
            status, headers, body = self._json(
                {"error": "服务器正忙，请稍后重试 / the server is busy, try again shortly"}, "503 Service Unavailable")
        except Exception as error:  # noqa: BLE001 - a bug must not show a traceback page to users
            errors: TextIO = environ["wsgi.errors"] if "wsgi.errors" in environ else sys.stderr
            errors.write(f"docgen serve: {method} {path}: {error!r}\n")
            status, headers, body = self._json(
                {"error": f"内部错误 / internal error: {type(error).__name__}"}, "500 Internal Server Error")
        headers = headers + _SECURITY_HEADERS + [("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    # --- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _json(payload: Any, status: str = "200 OK") -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return status, [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")], body

    @staticmethod
    def _file(filename: str, content: bytes, content_type: str) -> Response:
        return "200 OK", [("Content-Type", content_type), ("Content-Disposition", _content_disposition(filename)),
                          ("Cache-Control", "no-store")], content

    @staticmethod
    def _query(environ: WSGIEnvironment, name: str, default: str = "") -> str:
        query: str = environ.get("QUERY_STRING", "")
        return parse_qs(query).get(name, [default])[0]

    def _body(self, environ: WSGIEnvironment) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError("400 Bad Request", "请求长度无效 / bad Content-Length") from None
        if length > self.limits.max_body_bytes:
            limit = self.limits.max_body_bytes // 1024
            raise HTTPError("413 Payload Too Large", f"文件太大（{length // 1024} KB），上限 {limit} KB / too large")
        return environ["wsgi.input"].read(length) if length > 0 else b""

    def _request(self, environ: WSGIEnvironment) -> tuple[Any, str]:
        """(form values, file name) from a JSON body."""
        try:
            payload = json.loads(self._body(environ).decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise HTTPError("400 Bad Request", "请求内容不是有效的 JSON / body is not valid JSON") from None
        if not isinstance(payload, dict):
            raise HTTPError("400 Bad Request", "请求内容应为 JSON 对象 / body must be a JSON object")
        name = payload.get("name")
        return payload.get("values"), name if isinstance(name, str) and name else jobs.DEFAULT_NAME

    def _kind(self, environ: WSGIEnvironment) -> str:
        from .. import kinds

        kind = self._query(environ, "kind", "plan")
        if kind not in kinds.KINDS:
            raise HTTPError("400 Bad Request", f"没有“{kind}”这种文档 / unknown document kind",
                            known=list(kinds.KINDS))
        return kind

    def _run(self, function: Callable[..., _T], *args: Any, seconds: Optional[float] = None) -> _T:
        return self.workers.run(function, *args, timeout=seconds or self.limits.render_seconds)

    def _download(self, result: jobs.Result, content_type: str) -> Response:
        if "content" in result:
            return self._file(result["filename"], result["content"], content_type)
        if "missing" in result:
            raise HTTPError("422 Unprocessable Entity", result["missing"]["message"], missing=result["missing"])
        if "problems" in result:
            count = len(result["problems"])
            raise HTTPError("422 Unprocessable Entity", f"还有 {count} 处问题需要修改 / {count} problem(s) to fix",
                            problems=result["problems"])
        raise HTTPError("500 Internal Server Error", result.get("error", "生成失败 / failed"), hint=result.get("hint", ""))

    # --- routes --------------------------------------------------------------------------------
    def page(self, environ: WSGIEnvironment) -> Response:
        with self._page_lock:       # built once (the form from the schema, the kinds), then served as is
            if self._page is None:
                self._page = self._build_page()
        return "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], self._page

    def _build_page(self) -> bytes:
        from .. import __version__, kinds

        config = {"version": __version__, "form": campaign_form(), "default_name": jobs.DEFAULT_NAME,
                  "kinds": [{"name": k.name, "label": k.label} for k in kinds.KINDS.values()],
                  "capabilities": capabilities(), "max_body_bytes": self.limits.max_body_bytes}
        # JSON inside <script>: "<" escaped so no value can close the element.
        text = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        return html.replace("{{CONFIG}}", text).replace("{{VERSION}}", __version__).encode("utf-8")

    def static(self, name: str) -> Response:
        path = STATIC / name
        if "/" in name or "\\" in name or name.startswith(".") or path.suffix not in _STATIC_TYPES \
                or name == "index.html" or not path.is_file():
            raise HTTPError("404 Not Found", "没有这个文件 / not found")
        return "200 OK", [("Content-Type", _STATIC_TYPES[path.suffix]), ("Cache-Control", "no-cache")], path.read_bytes()

    def form(self, environ: WSGIEnvironment) -> Response:
        return self._json(campaign_form())

    def check(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        return self._json(self._run(jobs.check, values, self._kind(environ), name))

    def open(self, environ: WSGIEnvironment) -> Response:
        raw = self._body(environ)
        name = Path(self._query(environ, "name", jobs.DEFAULT_NAME)).name or jobs.DEFAULT_NAME
        result = self._run(jobs.open_file, raw, name)
        return self._json({**result, "name": name})

    def yaml(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        result = self._run(jobs.source_file, values, name)
        return self._file(result["filename"], result["content"], "application/yaml; charset=utf-8")

    def docx(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        return self._download(self._run(jobs.document, values, self._kind(environ), name), DOCX_TYPE)

    def zip(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        return self._download(self._run(jobs.bundle, values, name), "application/zip")

    def pdf(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        seconds = self.limits.pdf_seconds
        result = self._run(jobs.pdf, values, self._kind(environ), name, seconds, seconds=seconds + 10)
        return self._download(result, "application/pdf")

    def pages(self, environ: WSGIEnvironment) -> Response:
        values, name = self._request(environ)
        seconds = self.limits.pdf_seconds
        result = self._run(jobs.pages, values, self._kind(environ), name, seconds, seconds=seconds + 10)
        if "pages" not in result:
            self._download(result, "")
        return self._json(result)


def make_app(**options: Any) -> App:
    """A new app (``workers=``, ``limits=``); for WSGI servers: ``gunicorn 'docgen.serve:make_app()'``."""
    return App(**options)
