"""``docgen serve``: the app on the standard library's WSGI server, one thread per request.

For one person (or a small office) this is all that is needed.  For many people run the same
app under a production WSGI server instead, e.g. ``gunicorn -w 4 'docgen.serve:make_app()'``.
"""
from __future__ import annotations

import errno
import os
import socket
import socketserver
import sys
import threading
import time
import webbrowser
from typing import Callable, Optional, Union
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .app import App


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True      # a slow download never keeps Ctrl+C from stopping the server
    allow_reuse_address = True


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    """No log line per request (the terminal shows what matters: the address, and errors)."""

    def log_request(self, code: Union[int, str] = "-", size: Union[int, str] = "-") -> None:  # noqa: D401 - wsgiref hook
        if str(code).startswith("5"):
            super().log_request(code, size)


def bind(app: App, host: str, port: Optional[int]) -> WSGIServer:
    """A server for ``app`` on ``host``:``port``; with no port, 8000 or the next free one."""
    candidates = [port] if port is not None else list(range(8000, 8020)) + [0]
    server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
    last: Optional[OSError] = None
    for candidate in candidates:
        try:
            server = make_server(host, candidate, app, server_class=server_class, handler_class=_QuietHandler)
            return server
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                raise
            last = exc
    from ..errors import InputError

    reason = last.strerror if last else "no free port"
    raise InputError(f"无法在 {host}:{port if port is not None else '8000'} 上启动：{reason} / cannot listen there",
                     hint="换一个端口再试，例如 --port 8080。")


def url_of(server: WSGIServer) -> str:
    host, port = server.server_address[:2]
    if isinstance(host, bytes):   # the socket API allows it; an IP server's host is text
        host = host.decode()
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    return f"http://{shown}:{port}/"


def browse(url: str) -> bool:
    """Open ``url`` in the desktop's browser (in the background); False where there is no desktop —
    on a Linux box without a display Python would start a text browser inside this terminal."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    return True


def _warm(app: App) -> None:
    """Get ready while the browser starts: build the page, then start the workers (so neither the
    page nor the first preview waits)."""
    from . import documents

    try:
        app.page({})
        app.workers.warm(documents.warm)
    except Exception as exc:  # noqa: BLE001 - a broken install shows up on the first real request
        print(f"提示 / warning: 预热失败 / warm-up failed: {exc}", file=sys.stderr)


def serve(host: str = "127.0.0.1", port: Optional[int] = None, *, open_browser: bool = True,
          echo: Callable[[str], None] = print, app: Optional[App] = None) -> None:
    """Run the app until Ctrl+C: bind, announce the address, open the browser, warm the workers."""
    started = time.perf_counter()
    app = app or App()
    server = bind(app, host, port)
    url = url_of(server)
    echo(f"docgen serve：已启动 {url}（{(time.perf_counter() - started) * 1000:.0f} 毫秒）/ running at {url}")
    echo("在浏览器中填写活动、预览并下载公文；按 Ctrl+C 停止。/ press Ctrl+C to stop.")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo("提示 / warning: 同一网络中的其他人也能打开此地址（各人的数据互不相见）。"
             " / others on the network can open this address (each person's data stays their own).")
    threading.Thread(target=_warm, args=(app,), daemon=True).start()
    if open_browser and not browse(url):
        echo(f"请在浏览器中打开 {url} / open {url} in a browser")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        echo("已停止 / stopped")
    finally:
        server.server_close()
        app.workers.close()
        sys.stdout.flush()
