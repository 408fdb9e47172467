""".doc and Kingsoft .wps go through LibreOffice headless: a hard timeout that takes the whole
process group, a profile per conversion, and an error naming the file when LibreOffice is
missing or fails. Stand-in `soffice` scripts on PATH play a missing, failing or hanging
LibreOffice; the real one (when installed) converts documents built at test time."""

from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from office_files import add_numbering, docx_bytes, numbered

from converters.docx_flow import read_legacy
from converters.office_convert import to_docx
from converters.pipeline import convert_bytes

REAL = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(REAL is None, reason="LibreOffice (soffice) is not installed")


def _fake(tmp_path: Path, monkeypatch, script: str) -> Path:
    """A stand-in soffice on a PATH that holds nothing else of LibreOffice."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin" if script else str(bin_dir))
    if not script:
        fake.unlink()
    return bin_dir


def test_a_missing_libreoffice_is_an_error_naming_the_file(tmp_path, monkeypatch):
    _fake(tmp_path, monkeypatch, "")
    data, issue = to_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "notices/old.wps", ".wps")
    assert data is None and issue.code == "no-libreoffice" and issue.severity == "error"
    assert "notices/old.wps" in issue.message


def test_a_hanging_conversion_is_killed_with_its_helpers(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    # soffice starts a helper (as oosplash starts soffice.bin) and both hang.
    _fake(tmp_path, monkeypatch, f"sleep 300 & echo $! >> {pids}\necho $$ >> {pids}\nsleep 300\n")
    start = time.monotonic()
    data, issue = to_docx(b"doc", "hang.wps", ".wps", timeout=1.0)
    assert time.monotonic() - start < 5
    assert data is None and issue.code == "office-timeout" and "hang.wps" in issue.message
    time.sleep(0.2)
    assert not [pid for pid in map(int, pids.read_text().split()) if _alive(pid)]


def _alive(pid: int) -> bool:
    """Running, not gone and not a zombie waiting for a parent that no longer reaps it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_failing_conversion_is_an_error_with_what_libreoffice_said(tmp_path, monkeypatch):
    _fake(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded'\nexit 1\n")
    data, issue = to_docx(b"doc", "broken.doc", ".doc")
    assert data is None and issue.code == "office-failed" and "broken.doc" in issue.message
    assert "could not be loaded" in issue.excerpt


def test_each_conversion_gets_a_profile_of_its_own(tmp_path, monkeypatch):
    seen = tmp_path / "profiles"
    _fake(tmp_path, monkeypatch, f'for a in "$@"; do case "$a" in -env:UserInstallation=*) echo "$a" >> {seen};; esac; done\nexit 1\n')
    for _ in range(2):
        to_docx(b"doc", "a.doc", ".doc")
    profiles = seen.read_text().split()
    assert len(profiles) == 2 and len(set(profiles)) == 2
    assert all(p.startswith("-env:UserInstallation=file:///") for p in profiles)


def test_an_encrypted_package_is_reported_without_starting_libreoffice(tmp_path, monkeypatch):
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    _fake(tmp_path, monkeypatch, f"touch {tmp_path / 'started'}\nexit 1\n")
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_bytes(lambda d: d.add_paragraph("机密"))), ).encrypt("pw", encrypted)
    read = read_legacy(encrypted.getvalue(), "locked.doc")
    assert [i.code for i in read.issues] == ["encrypted"]
    assert not (tmp_path / "started").exists()


# ------------------------------------------------------------------ with LibreOffice itself

def _legacy(tmp_path: Path, fmt: str = "doc") -> bytes:
    """A Word 97 file made by LibreOffice from a DOCX built here."""
    def build(d):
        add_numbering(d, 90, 90, [("chineseCounting", "%1、")])
        d.add_paragraph("关于开展档案整理工作的通知")
        d.add_paragraph("各科室：")
        d.add_paragraph("为做好档案管理工作，现将有关事项通知如下。")
        numbered(d.add_paragraph("整理范围"), 90, 0)
        d.add_paragraph("二〇二三年形成的文件材料。")
        numbered(d.add_paragraph("工作要求"), 90, 0)
        d.add_paragraph("请于月底前完成。")
        d.add_paragraph("某某市档案馆")
        d.add_paragraph("2024年3月1日")

    source = tmp_path / "source.docx"
    source.write_bytes(docx_bytes(build))
    subprocess.run([REAL, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", fmt,
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    return (tmp_path / f"source.{fmt}").read_bytes()


@needs_libreoffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_a_legacy_word_file_is_read_through_libreoffice(tmp_path, suffix):
    notice = convert_bytes(_legacy(tmp_path), f"notices/old{suffix}")
    assert notice.read_by == "word" and not notice.errors
    assert notice.title == "关于开展档案整理工作的通知"
    assert [b.text for b in notice.blocks if b.kind == "heading"] == ["一、整理范围", "二、工作要求"]
    assert notice.signed_date == "2024-03-01" and notice.issuer == "某某市档案馆"


@needs_libreoffice
def test_parallel_conversions_do_not_collide(tmp_path):
    data = _legacy(tmp_path)
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda n: to_docx(data, f"n{n}.doc", ".doc"), range(3)))
    assert all(d and i is None for d, i in results)


@needs_libreoffice
def test_a_wps_file_libreoffice_cannot_read_is_an_error_not_a_crash():
    notice = convert_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"WordDocument".decode().encode("utf-16-le") + b"\x00" * 600,
                           "notices/garbage.wps")
    assert notice.errors and notice.errors[0].code in ("office-failed", "office-timeout", "no-text")
    assert "garbage.wps" in notice.errors[0].message and notice.blocks == []
