"""Legacy Word (.doc) and Kingsoft WPS (.wps) files → DOCX bytes through LibreOffice headless.

Only LibreOffice reads these binary formats well, so it is used when it is installed and
reported by name when it is not. Each conversion runs in a fresh temporary folder with its
own LibreOffice profile (-env:UserInstallation), so parallel workers never share a profile
or a lock, in a process group of its own under a hard timeout: real .wps files have hung
LibreOffice, and killing the group takes its helper processes with it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .notice import Issue

TIMEOUT = 60.0  # seconds for one conversion; a normal one takes a few
_PROGRAMS = ("soffice", "libreoffice")


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return next((found for name in _PROGRAMS if (found := shutil.which(name))), None)


def to_docx(data: bytes, name: str, suffix: str, timeout: float = TIMEOUT,
            infilter: str | None = None) -> tuple[bytes | None, Issue | None]:
    """The file converted to DOCX, or None and the error that names the file and the reason.

    `infilter` names LibreOffice's import filter where the bytes already say the format: left
    to guess, LibreOffice reads a file it cannot parse as plain text, and garbage would be
    published as a notice.
    """
    program = soffice()
    if program is None:
        return None, Issue("no-libreoffice", f"{name}: 读取 {suffix} 文件需要 LibreOffice（soffice），本机未安装；"
                           "请安装 libreoffice-writer-nogui 或将文件另存为 .docx", severity="error")
    with tempfile.TemporaryDirectory(prefix="notice-office-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"  # the archive's file name may hold anything; this one is safe
        source.write_bytes(data)
        out = work / "out"
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
                   *([f"--infilter={infilter}"] if infilter else []),
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    cwd=work, env=env, start_new_session=True)
        except OSError as err:
            return None, Issue("office-failed", f"{name}: 无法启动 LibreOffice（{err}）", severity="error")
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return None, Issue("office-timeout", f"{name}: LibreOffice 转换超过 {timeout:g} 秒未完成，已终止", severity="error")
        finally:
            _kill_group(proc)  # helpers it left behind (oosplash, soffice.bin) go with it
        result = out / "input.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            said = " ".join(output.decode("utf-8", "replace").split())[-200:]
            return None, Issue("office-failed", f"{name}: LibreOffice 无法转换此文件（退出码 {proc.returncode}）",
                               said, severity="error")
        return result.read_bytes(), None


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
