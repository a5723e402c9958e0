"""Shared by the serve tests: calling the WSGI app without a server, and campaigns to fill."""
from __future__ import annotations

import io
import json
from typing import Any, Optional
from wsgiref.util import setup_testing_defaults


class Response:
    def __init__(self, status: str, headers: list, body: bytes):
        self.status = status
        self.code = int(status.split()[0])
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(app, method: str, path: str, body: Optional[Any] = None, *, query: str = "",
         raw: Optional[bytes] = None, headers: Optional[dict] = None) -> Response:
    """One request through the WSGI interface (PEP 3333), as a WSGI server would make it."""
    data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b"")
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update({"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                    "CONTENT_LENGTH": str(len(data)), "wsgi.input": io.BytesIO(data)})
    environ.update(headers or {})
    captured: dict = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, response_headers

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):       # a WSGI server always closes the iterable
            chunks.close()
    return Response(captured["status"], captured["headers"], body)


def plain_values(data: Any) -> Any:
    """What a browser holds for ``data``: every number typed as text (inputs hold strings)."""
    if isinstance(data, dict):
        return {k: plain_values(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain_values(v) for v in data]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return str(data)
    return data


def small_campaign(**extra: Any) -> dict:
    """A campaign never seen in the samples: a hospital's 无烟医院 campaign, two tasks, no extras."""
    values = {
        "unit": {"name": "青溪县人民医院", "short_name": "县医院"},
        "campaign": {"name": "无烟医院创建"},
        "tasks": [
            {"id": "signs", "title": "完善禁烟标识", "content": "在门诊、病房和楼梯间张贴统一的禁烟标识。",
             "owners": ["后勤保障科"], "due": "2026-05-31"},
            {"id": "patrol", "title": "开展控烟巡查", "owners": ["医务科", "各临床科室"]},
        ],
    }
    values.update(extra)
    return values
