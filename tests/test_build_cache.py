"""The conversion cache reconverts exactly what a change affects: a notice's bytes, its
sidecar, or the converter itself (checked with a real copy of the package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converters.build import build_archive

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "notices").glob("00[0-2]_*.txt"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    notices = tmp_path / "notices"
    notices.mkdir()
    for path in SAMPLES:
        shutil.copy(path, notices / path.name)
    return notices


def _build(notices: Path) -> int:
    return build_archive(notices, notices.parent / "docs", notices.parent / "cache", jobs=1).converted


def test_a_second_build_converts_nothing(archive):
    assert _build(archive) == len(SAMPLES)
    assert _build(archive) == 0


def test_a_dead_builds_half_written_entry_goes_even_when_everything_is_cached(archive):
    _build(archive)
    leftover = archive.parent / "cache" / ".0123abcd.json.tmp-999999999-1"  # no such process
    leftover.write_text("archive-cache 1 trunc", encoding="utf-8")
    assert _build(archive) == 0
    assert not leftover.exists()


def test_changing_one_notice_reconverts_only_it(archive):
    _build(archive)
    target = archive / SAMPLES[1].name
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明：本通报另附联系方式。\n", encoding="utf-8")
    assert _build(archive) == 1
    assert "补充说明" in (archive.parent / "docs" / "hans" / "notices" / f"{target.stem}.md").read_text(encoding="utf-8")


def test_adding_or_changing_a_sidecar_reconverts_only_its_notice(archive):
    _build(archive)
    sidecar = archive / f"{SAMPLES[0].stem}.meta.yml"
    sidecar.write_text("editor: 张三\n", encoding="utf-8")
    assert _build(archive) == 1
    sidecar.write_text("editor: 李四\n", encoding="utf-8")
    assert _build(archive) == 1
    from hooks.site import read_page

    _, meta = read_page(archive.parent / "docs" / "hans" / "notices" / f"{SAMPLES[0].stem}.md")
    assert meta["editor"] == "李四"


def test_adding_a_notice_converts_exactly_one(archive):
    _build(archive)
    shutil.copy(ROOT / "notices" / "003_811b4a0d5a14526d.txt", archive / "003_811b4a0d5a14526d.txt")
    assert _build(archive) == 1


def test_a_changed_converter_reconverts_everything(archive, tmp_path):
    """A copy of the package with one changed line has another version, so nothing is reused."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "converters", code / "converters", ignore=shutil.ignore_patterns("__pycache__"))
    script = ("import sys; from pathlib import Path; from converters.build import build_archive; "
              "n = Path(sys.argv[1]); print(build_archive(n, n.parent / 'docs', n.parent / 'cache', jobs=1).converted)")

    def build_with_copy() -> int:
        run = subprocess.run([sys.executable, "-c", script, str(archive)], cwd=code, capture_output=True, text=True, check=True)
        return int(run.stdout.strip().splitlines()[-1])

    assert build_with_copy() == len(SAMPLES)
    assert build_with_copy() == 0
    structure = code / "converters" / "structure.py"
    structure.write_text(structure.read_text(encoding="utf-8") + "\n# a changed converter\n", encoding="utf-8")
    assert build_with_copy() == len(SAMPLES)


def test_an_upgraded_conversion_library_reconverts_everything(archive, tmp_path):
    """The installed version of OpenCC (or jieba, pypinyin…) is part of the converter's version:
    a different OpenCC is simulated with a stand-in distribution's metadata earlier on the path."""
    script = ("import sys; from pathlib import Path; from converters.build import build_archive; "
              "n = Path(sys.argv[1]); print(build_archive(n, n.parent / 'docs', n.parent / 'cache', jobs=1).converted)")

    def build(extra_path: Path | None = None) -> int:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(extra_path or ""), str(ROOT)])))
        run = subprocess.run([sys.executable, "-c", script, str(archive)], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)
        return int(run.stdout.strip().splitlines()[-1])

    assert build() == len(SAMPLES)
    assert build() == 0
    fake = tmp_path / "site-packages"
    dist = fake / "OpenCC-99.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: OpenCC\nVersion: 99.0\n", encoding="utf-8")
    assert build(fake) == len(SAMPLES)
    assert build(fake) == 0
