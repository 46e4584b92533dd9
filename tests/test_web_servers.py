"""The servers the web tests start (tests/web_server.py), on a machine other test runs share.

The in-thread server stops without writing into other files: a browser left with a page that
reloads itself keeps sending requests on its kept-alive connection after the test, and
waitress's `server.close()` alone closed the wake-up pipe its request threads write to; the next
test's files got that descriptor number and those threads' bytes (the axe test's next site then
failed with "file is not a database" under load)."""

from __future__ import annotations

import http.client
import os
import tempfile
import threading
import time

import web_server
from web_server import ServeProcess, app_in_thread


def _slow_app(environ, start_response):  # type: ignore[no-untyped-def]
    time.sleep(0.3)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def _reloading_page(base: str, stop: threading.Event) -> None:
    """A page that reloads itself every 0.2 s on one kept-alive connection until the server goes."""
    connection = http.client.HTTPConnection(base.split("//")[1], timeout=5)
    while not stop.is_set():
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            return
        time.sleep(0.2)


def test_a_stopped_server_writes_nothing_into_the_next_tests_files():
    stop = threading.Event()
    with app_in_thread(_slow_app) as base:
        client = threading.Thread(target=_reloading_page, args=(base, stop), daemon=True)
        client.start()
        time.sleep(0.5)  # a request is being served when the test ends
    # The next test opens its files at once: they get the descriptor numbers just freed.
    files = [tempfile.TemporaryFile() for _ in range(6)]
    try:
        time.sleep(1.5)  # the page would have reloaded several times by now
        assert [os.pread(f.fileno(), 64, 0) for f in files] == [b""] * len(files)
    finally:
        stop.set()
        client.join(timeout=10)
        for f in files:
            f.close()


def test_serve_starts_again_on_another_port_when_its_port_was_taken(tmp_path, monkeypatch):
    """The port is free when chosen, but another test run may take it before `serve` binds it:
    the server is started again on another port, and never mistaken for the one that answers."""
    import socket
    import urllib.request

    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    taken = squatter.getsockname()[1]
    ports = iter([taken])
    free_port = web_server.free_port
    monkeypatch.setattr(web_server, "free_port", lambda: next(ports, None) or free_port())
    try:
        with ServeProcess(tmp_path / "data", env={"SMAUDIT_REGISTER": "off"}) as server:
            assert server.port != taken
            assert (tmp_path / f"serve-data-{taken}.log").read_text().lower().count("address already in use")
            assert urllib.request.urlopen(server.base + "/", timeout=10).status == 200
    finally:
        squatter.close()
