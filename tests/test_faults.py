"""The build survives its own faults: each fault is injected against the real build
(`mkdocs build --strict`, what `./archive build` runs, and `python -m converters build`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

SAMPLE = ROOT / "notices" / "000_cba325303ee0ceab.txt"


def _notices(base: Path, **extra: bytes) -> Path:
    """A notices folder with one good sample notice and the given extra files."""
    folder = base / "notices"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    for name, data in extra.items():
        path = folder / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def _cli(notices: Path, docs: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "converters", "build", str(notices), str(docs), *args],
                          cwd=notices.parent, env=env, capture_output=True, text=True, timeout=300)


REFUSED = {"binary.txt": (bytes(range(256)) * 20, "binary"), "empty.txt": (b"", "empty"),
           "picture.png": (b"\x89PNG\r\n\x1a\n", "unsupported")}


def test_strict_site_build_exits_1_and_names_every_refused_file(tmp_path):
    notices = _notices(tmp_path / "in", **{name: data for name, (data, _) in REFUSED.items()})
    project = copy_project(tmp_path / "project", notices=notices)
    result = run_build(project, project / "site")
    assert result.returncode == 1, result.stderr
    for name, (_, code) in REFUSED.items():
        assert re.search(rf"^ERROR\s+-\s+{re.escape(name)}: 错误 \[{code}\] \S", result.stderr, re.M), result.stderr
    assert (project / "site" / "hans" / "notices" / f"{SAMPLE.stem}.html").exists()  # the rest is built
    for name in REFUSED:
        (project / "notices" / name).unlink()
    clean = run_build(project, project / "site")
    assert clean.returncode == 0, clean.stderr


def test_cli_build_exits_1_and_names_every_refused_file(tmp_path):
    notices = _notices(tmp_path, **{name: data for name, (data, _) in REFUSED.items()})
    result = _cli(notices, tmp_path / "docs", "--no-cache")
    assert result.returncode == 1
    for name, (_, code) in REFUSED.items():
        assert re.search(rf"^{re.escape(name)}: 错误 \[{code}\] \S", result.stderr, re.M), result.stderr
    for name in REFUSED:
        (notices / name).unlink()
    assert _cli(notices, tmp_path / "docs", "--no-cache").returncode == 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


def _alias_bomb() -> bytes:
    """Billion laughs: nine levels of nine aliases, a few hundred bytes that expand to 9**9 values."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return ("\n".join(lines) + "\ntitle: *l8\n").encode()


def test_an_alias_bomb_sidecar_is_refused_quickly_and_the_notice_published_with_a_warning(tmp_path):
    bomb = _alias_bomb()
    assert len(bomb) < 600
    notices = _notices(tmp_path / "in", **{f"{SAMPLE.stem}.meta.yml": bomb})
    result = _cli(notices, tmp_path / "docs", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{SAMPLE.name}: 警告 \[sidecar-too-complex\] {SAMPLE.stem}\.meta\.yml: ", result.stderr,
                     re.M), result.stderr
    assert len(result.stderr) < 5000
    project = copy_project(tmp_path / "project", notices=notices)
    started = time.monotonic()
    built = run_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    assert time.monotonic() - started < 60
    for script in ("hans", "hant"):
        page = (project / "site" / script / "notices" / f"{SAMPLE.stem}.html").read_text(encoding="utf-8")
        item = re.search(r'<li><span class="badge badge--(\w+)">([^<]+)</span>[^<]*meta\.yml: not read', page)
        assert item and item[1] == "warning" and item[2] == "提示", script  # not 错误: it is published
