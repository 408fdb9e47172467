"""`./archive serve` (mkdocs serve with the hooks) on a copy of the project: one save, one rebuild."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(log: Path, pattern: str, count: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = len(re.findall(pattern, log.read_text(encoding="utf-8", errors="replace")))
        if found >= count:
            return found
        time.sleep(0.2)
    return len(re.findall(pattern, log.read_text(encoding="utf-8", errors="replace")))


def test_saving_a_notice_rebuilds_once_and_reconverts_only_it(tmp_path):
    project = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload",
             "-a", f"127.0.0.1:{_free_port()}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert _wait_for(log, r"Serving on", 1, 120) == 1, log.read_text()
        time.sleep(1.0)  # the watcher is set up after the first build
        notice = next(p for p in sorted((project / "notices").glob("*.txt")))
        notice.write_text(notice.read_text(encoding="utf-8") + "\n补充说明：本通报另附联系方式。\n", encoding="utf-8")
        assert _wait_for(log, r"Documentation built", 2, 120) >= 2, log.read_text()
        time.sleep(6.0)  # long enough for a rebuild the build's own writes would trigger
        text = log.read_text(encoding="utf-8", errors="replace")
        assert text.count("Detected file changes") == 1, text
        assert re.search(r"archive: \d+ notices, 1 reconverted", text), text
    finally:
        server.terminate()
        server.wait(timeout=30)
