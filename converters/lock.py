"""One build at a time per checkout: an exclusive `flock` on `.cache/build.lock`.

A second build waits for the first (saying so), and stops with a clear message after
ARCHIVE_LOCK_TIMEOUT seconds (default 600) instead of racing it over docs/, site/ and the
cache. The kernel drops the lock when its holder dies, so a killed build never leaves a stale
lock. Where the lock file cannot be created (a read-only checkout) the build goes on unlocked.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock
    fcntl = None  # type: ignore[assignment]


class LockTimeout(RuntimeError):
    """Another build held the lock for longer than we were willing to wait."""


class BuildLock:
    def __init__(self, path: Path, say: Callable[[str], None]) -> None:
        self.path, self.say = Path(path), say
        self._fd: int | None = None

    def acquire(self, timeout: float | None = None) -> bool:
        """Hold the lock (waiting for another build); False if it could not be created."""
        if fcntl is None or self._fd is not None:
            return self._fd is not None
        timeout = float(os.environ.get("ARCHIVE_LOCK_TIMEOUT", 600)) if timeout is None else timeout
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            self.say(f"build lock {self.path} unavailable ({err.strerror}): building without it")
            return False
        deadline, told = time.monotonic() + timeout, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(f"another build of this checkout holds {self.path} "
                                      f"(pid {_holder(fd)}); gave up after {timeout:g} s") from None
                if not told:
                    self.say(f"another build of this checkout is running (pid {_holder(fd)}); waiting for it")
                    told = True
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode().strip() or "?"
    except OSError:
        return "?"
