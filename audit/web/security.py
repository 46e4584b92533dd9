"""Secrets in the data folder, the admin password, and slowing down wrong passwords."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

SECRET_FILE = "secret_key"
PASSWORD_FILE = "admin_password"  # holds a werkzeug hash, never the password
PASSWORD_ENV = "SMAUDIT_ADMIN_PASSWORD_HASH"


def _write_private(path: Path, text: str) -> None:
    """Create `path` readable by its owner only (0600); an existing file is replaced whole."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def secret_key(data_dir: Path) -> str:
    """The app's SECRET_KEY: generated once, then read from the data folder."""
    path = data_dir / SECRET_FILE
    if not path.exists():
        _write_private(path, secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def set_password(data_dir: Path, password: str) -> Path:
    from werkzeug.security import generate_password_hash

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / PASSWORD_FILE
    _write_private(path, generate_password_hash(password, method="scrypt"))
    return path


def password_hash(data_dir: Path) -> str | None:
    """The admin password hash: the environment variable wins over the file."""
    env = os.environ.get(PASSWORD_ENV, "").strip()
    if env:
        return env
    path = data_dir / PASSWORD_FILE
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def check_password(hashed: str | None, password: str) -> bool:
    from werkzeug.security import check_password_hash

    if not hashed or not password:
        return False
    try:
        return check_password_hash(hashed, password)
    except (ValueError, TypeError):
        return False


class LoginThrottle:
    """Per client address: each wrong password doubles a waiting time (capped).

    While an address waits, its attempts are refused without looking at the password, so a
    guesser gets a few tries a minute at most and no worker thread sleeps long. Every wrong
    password also costs a short `penalty` sleep. `sleep` and `clock` are injectable for tests.
    """

    def __init__(self, base: float = 1.0, cap: float = 60.0, penalty: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.base, self.cap, self.penalty = base, cap, penalty
        self.sleep, self.clock = sleep, clock
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds this address must still wait before it may try again (0 = may try)."""
        with self._lock:
            return max(0.0, self._until.get(address, 0.0) - self.clock())

    def failure(self, address: str) -> float:
        with self._lock:
            n = self._failures.get(address, 0) + 1
            self._failures[address] = n
            delay = min(self.cap, self.base * 2 ** (n - 1))
            self._until[address] = self.clock() + delay
            if len(self._failures) > 10_000:  # bound memory under a spray of addresses
                self._failures.clear()
                self._until.clear()
        self.sleep(self.penalty)
        return delay

    def success(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
            self._until.pop(address, None)
