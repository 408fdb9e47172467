"""Provenance: the sidecar's source_url / retrieved / archive_url and the raw file's SHA-256 and
size, carried from the conversion to the page's front matter."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from converters.markdown import render_markdown
from converters.pipeline import convert_bytes, convert_file

TEXT = "关于某项工作的公示\n各单位：\n现予公示，公示期为2024年3月1日至3月7日。\n某某局\n2024年2月28日\n"


def _front(markdown: str) -> dict:
    return yaml.safe_load(markdown.split("---\n", 2)[1])


def test_the_raw_files_hash_and_size_are_those_of_its_bytes() -> None:
    data = TEXT.encode("gb18030")
    notice = convert_bytes(data, "notices/x.txt")
    assert notice.raw_sha256 == hashlib.sha256(data).hexdigest() and notice.raw_bytes == len(data)
    for script in ("hans", "hant"):
        meta = _front(render_markdown(notice, script))
        assert (meta["raw_sha256"], meta["raw_bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
        assert meta["source_url"] is meta["retrieved"] is meta["archive_url"] is None


def test_sidecar_provenance_reaches_both_pages_unconverted(tmp_path: Path) -> None:
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "p.txt").write_text(TEXT, encoding="utf-8")
    (notices / "p.meta.yml").write_text(
        "source_url: https://www.example.gov.cn/公示/发展.html\nretrieved: 2024-03-02\n"
        "archive_url: https://web.archive.org/web/2024/https://www.example.gov.cn/\n", encoding="utf-8")
    notice = convert_file(notices / "p.txt", notices)
    assert notice.warnings == []
    for script in ("hans", "hant"):
        meta = _front(render_markdown(notice, script))
        # A URL is an address, not text: 发展 stays as written on the Traditional page.
        assert meta["source_url"] == "https://www.example.gov.cn/公示/发展.html"
        assert meta["retrieved"] == "2024-03-02"
        assert meta["archive_url"] == "https://web.archive.org/web/2024/https://www.example.gov.cn/"


def test_a_capture_date_before_the_notices_own_date_is_a_warning_and_not_used(tmp_path: Path) -> None:
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "q.txt").write_text(TEXT, encoding="utf-8")
    (notices / "q.meta.yml").write_text("retrieved: 2024-02-01\nsource_url: https://x.example.org/q\n",
                                        encoding="utf-8")
    notice = convert_file(notices / "q.txt", notices)
    assert notice.retrieved is None and notice.source_url == "https://x.example.org/q"
    (issue,) = notice.warnings
    assert issue.code == "sidecar-invalid" and issue.severity == "warning"
    assert issue.message.startswith("q.meta.yml: field 'retrieved': 2024-02-01") and "2024-02-28" in issue.message
    assert notice.blocks  # published all the same
