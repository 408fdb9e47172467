"""Crash-safe file writes and worker processes that die with their parent.

A build killed at any point must leave no truncated output and no worker behind: outputs go
to a temporary file beside the target and are renamed over it (a rename is atomic on POSIX),
and every worker asks the kernel to kill it when its parent dies (Linux), or watches for it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

TMP_MARK = ".tmp-"


def temporary_name(path: Path) -> Path:
    """A hidden name beside `path`, unique to this process: MkDocs and globs skip dotfiles."""
    return path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{threading.get_ident()}")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` whole or not at all (the old content stays on any failure)."""
    path = Path(path)
    tmp = temporary_name(path)
    try:
        with tmp.open("wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError as err:  # ENOSPC from write() names no file: name the target
        tmp.unlink(missing_ok=True)
        raise OSError(err.errno, err.strerror, str(path)) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_cache(path: Path, data: bytes) -> None:
    """Write a machine-local cache file whole, or not at all: one that cannot be written only
    costs the next process the time to compute it again."""
    with suppress(OSError):
        write_atomic(path, data)


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files that dead processes left in `folder` (not recursive); how many.
    A live writer's file is kept: its pid is in the name."""
    removed = 0
    for path in folder.glob(f".*{TMP_MARK}*"):
        pid = path.name.rsplit(TMP_MARK, 1)[1].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the process that started it dies.

    On Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere, or if that fails, a
    daemon thread checks the parent's pid every half second. A parent that died before this
    ran is caught by comparing getppid() with the pid it passed."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent:
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
