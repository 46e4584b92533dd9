"""Several `smaudit serve` instances on one database, as behind a load balancer: real servers in
subprocesses with their PDF worker processes, on SQLite (one data folder) and PostgreSQL."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import pytest
from web_server import CSRF_RE, PASSWORD, Browser, ServeProcess, wait_for_pdf

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"


class Server(ServeProcess):
    """One instance: the mini questionnaire, resume links on the public address."""

    def __init__(self, data: Path, db: str | None, env: dict[str, str]):
        super().__init__(data, "--questionnaire", str(MINI), "--public-url", "https://audit.example.nl",
                         *(["--db", db] if db else []), env=env)


@pytest.fixture
def two_servers(tmp_path, database):
    from werkzeug.security import generate_password_hash

    env = {"SMAUDIT_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD, method="pbkdf2")}
    # On PostgreSQL each instance gets a data folder of its own: nothing may be needed from it.
    folders = (tmp_path / "a", tmp_path / "b") if database else (tmp_path / "data",) * 2
    servers = [Server(folders[0], database, env), Server(folders[1], database, env)]
    yield servers
    for server in servers:
        server.stop()


def test_a_company_moves_between_instances_and_gets_its_pdf(two_servers):
    a, b = two_servers
    browser = Browser()
    status, page, _ = browser.get(a.base + "/start/en")
    status, _, headers = browser.post(b.base + "/start/en",  # form from A, sent to B
                                      {"csrf_token": CSRF_RE.search(page.decode()).group(1),
                                       "name": "Twee Servers BV"})
    assert status == 303, status
    token = re.search(r"/s/([A-Za-z0-9_-]{43})/1", headers["Location"]).group(1)
    answers = {1: {"q_plan": "written", "shown": "plan channels"},
               2: {"q_people": "3", "q_hours": "4", "q_guidelines": "yes",
                   "shown": "people hours guidelines remarks"}}
    for number, form in answers.items():
        first, second = (a, b) if number == 1 else (b, a)
        status, page, _ = browser.get(f"{first.base}/s/{token}/{number}")
        assert status == 200
        # The resume link is the configured public address, whatever Host the request had.
        assert f"https://audit.example.nl/s/{token}" in page.decode()
        status, body, _ = browser.post(f"{second.base}/s/{token}/{number}",
                                       {"csrf_token": CSRF_RE.search(page.decode()).group(1), **form})
        assert status == 303, body[:2000]
    # The last page queued the report; a worker process of either instance renders it.
    body, headers = wait_for_pdf(browser, f"{a.base}/s/{token}/report.pdf", waiting=b"being prepared")
    assert body.startswith(b"%PDF") and 'filename="twee-servers-bv.pdf"' in headers["Content-Disposition"]
    status, again, _ = browser.get(f"{b.base}/s/{token}/report.pdf")  # cached for this version
    assert status == 200 and again == body
    logs = a.stop() + b.stop()
    assert token not in logs  # no resume token in any log line


def test_login_throttle_is_shared_by_instances(two_servers):
    a, b = two_servers
    browser = Browser()

    def auth(password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()}

    for n in range(3):  # three typos are free
        assert browser.get(a.base + "/admin/", auth(f"typo {n}"))[0] == 401
    assert browser.get(b.base + "/admin/", auth(PASSWORD))[0] == 200  # and the right one works after them
    for n in range(4):
        assert browser.get((a if n % 2 else b).base + "/admin/", auth(f"guess {n}"))[0] == 401
    # The fourth wrong password in a row makes the address wait 1 s, on every instance.
    status, _, headers = browser.get(b.base + "/admin/", auth(PASSWORD))
    assert status == 429 and int(headers["Retry-After"]) >= 1


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _gone(pids: set[int], seconds: float) -> set[int]:
    """The pids still alive (zombies count as gone) after waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        alive = set()
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.add(pid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_stopping_or_killing_the_server_leaves_no_render_worker_behind(tmp_path, how):
    """A service manager stops `smaudit serve` with SIGTERM; a crash is a SIGKILL. Either way its
    PDF workers must not stay behind polling the database for ever."""
    server = Server(tmp_path / "data", None, {})
    workers = _children(server.process.pid)
    assert workers, "the server has no worker processes to check"
    if how == "SIGTERM":
        server.stop()
    else:
        server.process.kill()
        server.process.wait(timeout=20)
    left = _gone(workers, 30)
    assert not left, f"left running after {how}: " + "; ".join(
        Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:120] for pid in left)
