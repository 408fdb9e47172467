"""A rebuild renders only the notice pages whose inputs changed, and its site is, byte for byte,
the site a clean build of the same notices gives (hooks/incremental.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import copy_project

NOTICES = {
    "a.txt": ("关于开展安全生产检查的通知", "某某市应急管理局", "2023年3月2日", "请各单位于3月底前完成自查。"),
    "b.txt": ("关于公布第一批示范单位名单的公示", "某某省教育厅", "2023年5月8日",
              "公示期：2023年5月8日至5月15日。对公示对象有异议的，请在公示期内反映。"),
    "c.txt": ("关于做好防汛准备工作的通知", "某某县水利局", "2024年6月1日", "各乡镇要落实值班制度。"),
    "d.txt": ("关于调整办事大厅开放时间的通告", "某某区政务服务中心", "2024年7月9日", "自8月1日起，周六上午开放。"),
}


def _write(folder: Path, name: str, title: str, issuer: str, day: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n各有关单位：\n{body}\n特此通知。\n{issuer}\n{day}\n", encoding="utf-8")


def _build(project: Path) -> tuple[int, int]:
    """A strict build into project/site: (notice pages written again, notice pages); the year
    and issuer listings' figures are in LISTED."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    m = re.search(r"archive: (\d+) of (\d+) notice pages and (\d+) of (\d+) listing pages written again",
                  result.stderr)
    assert m, result.stderr
    LISTED[:] = [int(m.group(3)), int(m.group(4))]
    raw = re.search(r"(\d+) of (\d+) raw copies moved back", result.stderr)
    assert raw, result.stderr
    RAW[:] = [int(raw.group(1)), int(raw.group(2))]
    search = re.search(r"search: .*?(\d+) of (\d+) files as they were", result.stderr)
    assert search, result.stderr
    SEARCH[:] = [int(search.group(1)), int(search.group(2))]
    return int(m.group(1)), int(m.group(2))


LISTED: list[int] = []
RAW: list[int] = []  # raw copies moved back from the previous build, raw copies
SEARCH: list[int] = []  # search index files moved back from the previous build, files


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_after_add_edit_delete_and_rename_is_a_clean_build_byte_for_byte(tmp_path):
    notices = tmp_path / "in" / "notices"
    for name, fields in NOTICES.items():
        _write(notices, name, *fields)
    project = copy_project(tmp_path / "project", notices=notices)
    assert _build(project) == (0, 8)
    assert _build(project) == (8, 8)  # nothing changed: nothing rendered
    assert LISTED[0] == LISTED[1] > 0  # nor any year or issuer listing
    assert RAW[0] == RAW[1] > 0  # nor any raw copy written again
    assert SEARCH[1] - SEARCH[0] == 3  # of the search index, only the docs tables and meta are made again

    live = project / "notices"
    _write(live, "e.txt", "关于征集年度重点课题的通知", "某某市社会科学界联合会", "2025年1月6日",
           "申报截止时间为2025年2月28日。")  # a new year, a new issuer, the newest date
    _write(live, "b.txt", *NOTICES["b.txt"][:3], "公示期：2023年5月8日至5月22日。")  # edited
    (live / "c.txt").unlink()  # deleted
    (live / "d.txt").rename(live / "d2.txt")  # renamed: another id, another page
    assert _build(project) == (2, 8)  # only a.txt's two pages are as they were
    assert 2 <= LISTED[0] < LISTED[1]  # a.txt's issuer pages are; its year's are not (b.txt changed)
    assert RAW == [2, 8]  # a.txt's two raw copies (as published and in UTF-8); the renamed d2.txt's are new
    assert 0 < SEARCH[0] < SEARCH[1]

    clean = copy_project(tmp_path / "clean", notices=live)
    _build(clean)
    built, expected = _tree(project / "site"), _tree(clean / "site")
    assert sorted(built) == sorted(expected)
    assert [name for name in expected if built[name] != expected[name]] == []
    assert not [p for p in (project / "site").iterdir() if p.name.startswith(".")]  # no previous pages left


def test_a_changed_template_renders_every_notice_page_again(tmp_path):
    notices = tmp_path / "in" / "notices"
    for name, fields in list(NOTICES.items())[:2]:
        _write(notices, name, *fields)
    project = copy_project(tmp_path / "project", notices=notices)
    _build(project)
    before = _tree(project / "site")
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "{#- edited -#}\n", encoding="utf-8")
    assert _build(project) == (0, 4)
    assert _tree(project / "site") == before


def test_a_build_that_fails_midway_leaves_nothing_to_reuse(tmp_path):
    """The record is removed when a build starts and written when it succeeds: after a build
    that broke while writing pages, the next one renders every page and equals a clean build."""
    notices = tmp_path / "in" / "notices"
    _write(notices, "a.txt", *NOTICES["a.txt"])
    project = copy_project(tmp_path / "project", notices=notices)
    _build(project)
    template = project / "overrides" / "notice.html"
    good = template.read_text(encoding="utf-8")
    broken = re.sub(r"{% block (\w+) %}", r"{% block \1 %}{{ page.no_such_field.broken }}", good, count=1)
    assert broken != good
    template.write_text(broken, encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
                            text=True, timeout=600)
    assert failed.returncode == 1
    assert not [p for p in (project / "site").iterdir() if p.name.startswith(".")]
    template.write_text(good, encoding="utf-8")
    assert _build(project) == (0, 2)
    clean = copy_project(tmp_path / "clean", notices=project / "notices")
    _build(clean)
    assert _tree(project / "site") == _tree(clean / "site")
