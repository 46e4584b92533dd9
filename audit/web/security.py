"""Secrets in the data folder, the admin password, and slowing down wrong passwords."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.store import Store

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


def secret_key(store: Store, data_dir: Path) -> str:
    """The app's SECRET_KEY (signs sessions and CSRF tokens): generated once and kept in the
    database, so every instance on it accepts every other's cookies. A key file left by an
    earlier version in the data folder is taken over, so open forms stay valid."""
    def make() -> str:
        legacy = data_dir / SECRET_FILE
        return legacy.read_text(encoding="utf-8").strip() if legacy.is_file() else secrets.token_hex(32)

    return str(store.setting("secret_key", make))


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
    """Per client address, kept in the database: shared by threads, processes, instances, restarts.

    Checking a password first reserves the address's single check slot, so parallel guesses
    from one address get one check at a time, the others a 429. The first `free` wrong
    passwords cost only a short `penalty` pause (a consultant's typo must not lock them out of
    the right password); after that each wrong one doubles the wait (capped), during which
    the address is refused without its password being looked at. A right password clears it.
    `sleep` and `clock` (wall-clock seconds, the same in every process) are injectable for tests.
    """

    HOLD = 10.0  # seconds a reserved check slot stays taken if a process dies while checking

    def __init__(self, base: float = 1.0, cap: float = 60.0, penalty: float = 0.5, free: int = 3,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time):
        self.base, self.cap, self.penalty, self.free = base, cap, penalty, free
        self.sleep, self.clock = sleep, clock
        self.store: Store | None = None  # set by create_app

    def delay(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** (failures - self.free - 1))

    def acquire(self, address: str) -> float:
        """0.0: this request may check one password now; else seconds to wait first."""
        assert self.store is not None
        return self.store.throttle_acquire(address, self.clock(), self.HOLD)

    def failure(self, address: str) -> float:
        assert self.store is not None
        self.sleep(self.penalty)  # still holding the slot: no parallel guess meanwhile
        delay = self.store.throttle_failure(address, self.clock(), self.delay)
        if secrets.randbelow(100) == 0:
            self.store.throttle_prune(self.clock() - self.cap * 10)
        return delay

    def success(self, address: str) -> None:
        assert self.store is not None
        self.store.throttle_success(address)
