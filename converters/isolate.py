"""Run a reader of untrusted binary files in a child process, bounded in time and memory.

A native library (PDFium) can hang on a crafted file, allocate without limit or crash
outright; in the converter's own process any of these would stop the whole build. A forked
child inherits the loaded library (no start-up cost beyond the fork), gets an address-space
limit, is killed at its deadline, and hands its result back pickled through a pipe.
Where there is no fork (not Linux or macOS) the function simply runs in-process.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any


class IsolationError(Exception):
    """The child ran out of time or memory, crashed, or raised (`reason` says which)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _address_space() -> int:
    """Bytes of address space this process holds now (0 where /proc does not tell)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_isolated(fn: Callable[..., Any], *args: Any, timeout: float, memory: int) -> Any:
    """`fn(*args)` in a forked child with `timeout` seconds and `memory` more bytes of address space."""
    if not hasattr(os, "fork"):
        return fn(*args)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        try:
            import faulthandler
            import resource

            faulthandler.disable()  # a crash is the parent's to report, not a traceback dump

            limit = _address_space() + memory  # on top of what the child inherits
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            payload = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", ""))
        except BaseException as err:  # everything goes back to the parent as a report
            payload = pickle.dumps(("error", f"{type(err).__name__}: {err}"))
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(w, view):]
        finally:
            os._exit(0)
    os.close(w)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise IsolationError("timeout", f"{timeout:.0f} s")
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(r)
        _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        raise IsolationError("crashed", signal.Signals(os.WTERMSIG(status)).name)
    if not chunks:
        raise IsolationError("crashed", "no result")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    raise IsolationError(kind, value)
