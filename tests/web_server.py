"""Real servers for the web tests, started one way: `smaudit serve` in a subprocess (a free port,
waiting until it answers, its log on failure, stopped with SIGTERM as a service manager does), or
the app behind waitress in a thread of the test process; plus a company's HTTP client with its own
cookies and the wait for a PDF that the worker processes render."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"  # the /admin password of the servers these tests start
START_SECONDS = 180  # `smaudit serve` answers in 1-3 s; a loaded 2-core machine can take far longer


def free_port() -> int:
    """A port nobody listens on now (the kernel's choice); see ServeProcess for the race after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeProcess:
    """`smaudit serve --data DATA OPTIONS...` on 127.0.0.1, with one PDF worker and four threads.

    `serve` takes a port number, so the port is chosen free just before the start; when another
    program takes it in between (other test runs share the machine), the server stops with
    "Address already in use" and is started again on another port. Any other failure to answer
    raises with the end of the server's log. Use as a context manager, or call stop()."""

    def __init__(self, data: Path, *options: str, env: dict[str, str] | None = None, attempts: int = 3):
        self.data = data
        for _ in range(attempts):
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
            self.log = data.parent / f"serve-{data.name}-{self.port}.log"
            command = [sys.executable, "-m", "audit", "serve", "--port", str(self.port), "--data", str(data),
                       "--render-workers", "1", "--threads", "4", *options]
            with open(self.log, "wb") as log:
                self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                                env={**os.environ, **(env or {})})
            if self._answers():
                return
            text = self.stop()
            if "address already in use" not in text.lower():
                raise AssertionError(f"`smaudit serve` did not answer on {self.base}: " + text[-3000:])
        raise AssertionError(f"`smaudit serve` found no free port in {attempts} tries: " + text[-3000:])

    def _answers(self) -> bool:
        """Whether this server listens (waitress logs that it serves on our port: an answer alone
        could come from another test run's server that took the port) and answers GET /, before
        it exits or START_SECONDS pass."""
        listening = f"waitress: Serving on {self.base}".encode()
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if listening in self.log.read_bytes():
                try:
                    urllib.request.urlopen(self.base + "/", timeout=5).read()
                    return True
                except OSError:
                    pass
            time.sleep(0.1)
        return False

    def stop(self) -> str:
        """Stop the server with SIGTERM (its PDF workers stop with it) and return its log. A
        server that does not stop within 20 s is killed, and that is an error."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
                raise AssertionError("`smaudit serve` did not stop on SIGTERM within 20 s: "
                                     + self.log.read_text(errors="replace")[-3000:]) from None
        return self.log.read_text(errors="replace")

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def app_in_thread(app: Any, threads: int = 4) -> Iterator[str]:
    """The app behind waitress (the way `smaudit serve` runs it, without its worker processes) on
    a free port of 127.0.0.1, in a thread of this process: yields its base address.

    Stopped in waitress's own order: first its request threads (each finishes the request it is
    on), then, inside the server's loop, every connection, its wake-up pipe and the listening
    socket. `server.close()` alone closes the pipe while request threads still write to it (a
    browser's last requests): those writes then went to whatever file next got that descriptor
    number, such as the next test's new SQLite database ("file is not a database")."""
    from waitress import create_server, wasyncore

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown(timeout=30)
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=30)
        assert not thread.is_alive(), "the test server's loop did not stop"


class Browser:
    """One company's browser: its own cookies, sent to whichever server it likes; redirects are
    returned, not followed."""

    def __init__(self) -> None:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict]:
        return self._open(urllib.request.Request(url, headers=headers or {}))

    def post(self, url: str, form: dict) -> tuple[int, bytes, dict]:
        data = urllib.parse.urlencode(form, doseq=True).encode()
        return self._open(urllib.request.Request(url, data=data))

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes, dict]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


NOSCRIPT_RELOAD = b'<noscript><meta http-equiv="refresh" content="1"></noscript>'


def wait_for_pdf(browser: Browser, url: str, waiting: bytes = b"", seconds: float = 90) -> tuple[bytes, dict]:
    """The PDF at `url` once a worker has rendered it: until then every answer must be the
    progress page (202, asking again after a second, reloading itself without JavaScript, saying
    `waiting`)."""
    deadline = time.monotonic() + seconds
    while True:
        status, body, headers = browser.get(url)
        if status == 200:
            return body, headers
        assert status == 202 and headers.get("Retry-After") == "1" and NOSCRIPT_RELOAD in body \
            and waiting in body, (status, headers, body[:500])
        assert time.monotonic() < deadline, f"the PDF was not rendered within {seconds} s"
        time.sleep(0.3)
