"""Bad input never breaks the archive, never injects markup, never loses a notice.

The corpus (tests/hostile/make_corpus.py) is written into a temporary folder and built
with the real build_archive and the real CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hostile.make_corpus import ENTITIES, Case, Corpus, write_corpus

from converters.build import BuildReport, build_archive
from converters.scripts import to_script

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("hans", "hant")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Corpus, BuildReport, Path]:
    base = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(base)
    report = build_archive(corpus.root, base / "docs", cache_dir=base / "cache", jobs=2)
    return corpus, report, base / "docs"


def _problems(report: BuildReport, case: Case) -> list:
    return [issue for name, issue in report.problems if name == case.name]


def _notice(report: BuildReport, case: Case):
    found = [n for n in report.notices if n.source_path == f"notices/{case.name}"]
    assert len(found) <= 1
    return found[0] if found else None


def _page(docs: Path, script: str, notice_id: str) -> tuple[dict, str]:
    text = (docs / script / "notices" / f"{notice_id}.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def test_every_file_is_published_or_reported_by_name(built):
    corpus, report, docs = built
    for case in corpus.cases:
        notice = _notice(report, case)
        codes = {i.code for i in _problems(report, case)}
        assert set(case.codes) <= codes, (case.name, codes)
        if case.expect == "publish":
            assert notice is not None, (case.name, codes)
            for script in SCRIPTS:
                meta, _ = _page(docs, script, notice.id)
                assert meta["raw"] == f"notices/{case.name}"
        else:
            assert notice is None, case.name
            assert any(i.severity == "error" for i in _problems(report, case)), case.name


def test_readable_text_is_published_with_a_visible_warning(built):
    corpus, report, docs = built
    for case in corpus.cases:
        if case.expect != "publish" or not case.codes:
            continue
        notice = _notice(report, case)
        for script in SCRIPTS:
            meta, _ = _page(docs, script, notice.id)
            assert set(case.codes) <= {w["code"] for w in meta["warnings"]}, case.name


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "a":
            self._in_link = True
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if not self._in_link and self.texts:
            self.texts[-1] += data


def _site_extensions() -> list:
    path = ROOT / "mkdocs.yml"
    if not path.exists():
        return ["toc", "attr_list", "md_in_html", "tables", "admonition"]
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in config.get("markdown_extensions", [])]


def test_pages_render_as_text_only(built):
    """Only p/h1–h6 (plus the notice-* tail paragraphs and toc's permalinks), and the
    text shown is exactly the notice's title and blocks."""
    _corpus, report, docs = built
    extensions = [e for e in _site_extensions() if e != "toc"] + ["toc"]
    assert report.notices
    for notice in report.notices:
        for script in SCRIPTS:
            _meta, body = _page(docs, script, notice.id)
            parser = _Elements()
            parser.feed(markdown.markdown(body, extensions=extensions))
            for tag, attrs in parser.elements:
                if tag == "a":
                    assert attrs.get("class") == "headerlink", (notice.source_path, tag, attrs)
                elif tag == "p":
                    assert set(attrs) <= {"class"} and attrs.get("class", "notice-").startswith("notice-"), attrs
                else:
                    assert re.fullmatch(r"h[1-6]", tag) and set(attrs) <= {"id"}, (notice.source_path, tag, attrs)
            expected = [notice.title] + [b.text for b in notice.blocks]
            expected = [" ".join(to_script(t, script).split()) for t in expected]
            assert [t.strip() for t in parser.texts] == expected, notice.source_path
            assert "<" not in re.sub(r'<p class="notice-[a-z]+">|</p>', "", body), notice.source_path


def test_character_references_in_a_text_notice_are_shown_as_written(built):
    """"&lt;" in a .txt is four characters: kept by every cleaning stage, and rendered so that
    the page shows them, not "<"."""
    corpus, report, docs = built
    notice = _notice(report, corpus.case("entities.txt"))
    assert ENTITIES in [b.text for b in notice.blocks]
    extensions = [e for e in _site_extensions() if e != "toc"] + ["toc"]
    for script in SCRIPTS:
        _meta, body = _page(docs, script, notice.id)
        parser = _Elements()
        parser.feed(markdown.markdown(body, extensions=extensions))
        assert " ".join(to_script(ENTITIES, script).split()) in [t.strip() for t in parser.texts], script


def test_front_matter_loads_and_keeps_hostile_titles_exactly(built):
    corpus, report, docs = built
    for case in corpus.cases:
        notice = _notice(report, case)
        if notice is None:
            continue
        meta, _ = _page(docs, "hans", notice.id)
        assert meta["title"] == to_script(notice.title, "hans")
        assert meta["notice_id"] == notice.id
        if case.title is not None:
            assert notice.title == case.title, case.name
            assert meta["title"] == case.title, case.name
            assert meta["title_derived"] is False, case.name  # the page must not say 原文无标题


def test_ids_never_collide_and_no_page_is_overwritten(built):
    _corpus, report, docs = built
    ids = [n.id for n in report.notices]
    assert len(ids) == len(set(ids))
    for script in SCRIPTS:
        pages = sorted((docs / script / "notices").glob("*.md"))
        assert sorted(p.stem for p in pages) == sorted(ids)
        raws = [_page(docs, script, p.stem)[0]["raw"] for p in pages]
        assert len(raws) == len(set(raws))
    collided = {name for name, issue in report.problems if issue.code == "id-collision"}
    assert {"2024/notice.txt", "a-b-7dbde935.txt"} <= collided


def test_copies_are_reported_and_only_copies(built):
    corpus, report, _ = built
    clusters: dict[str, list[str]] = {}
    for case in corpus.cases:
        root = case.same_as or case.name
        clusters.setdefault(root, []).append(case.name)
    reported = {name for name, issue in report.problems if issue.code == "duplicate"}
    expected = {name for names in clusters.values() for name in sorted(names)[1:]}
    assert reported == expected


def test_two_builds_give_byte_identical_docs(built, tmp_path):
    corpus, _, first = built
    cold = tmp_path / "cold"
    build_archive(corpus.root, cold, cache_dir=None, jobs=1)
    warm = tmp_path / "warm"
    again = build_archive(corpus.root, warm, cache_dir=first.parent / "cache", jobs=2)
    assert again.converted == 0  # every result came from the cache
    trees = [{p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}
             for d in (first, cold, warm)]
    assert trees[0] == trees[1] == trees[2]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "converters", "build", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_fails_on_errors_and_names_every_unpublished_file(built, tmp_path):
    corpus, _, _ = built
    result = _cli(str(corpus.root), str(tmp_path / "docs"), "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    for case in corpus.cases:
        if case.expect != "publish":
            assert re.search(rf"^{re.escape(case.name)}: 错误 ", result.stderr, re.M), case.name


def test_cli_exit_status_for_warnings_only(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    text = "关于征求意见的公告\n公开期限：2023年4月15日至2023年3月25日。请各单位认真研究并提出意见。\n"
    (notices / "reversed.txt").write_text(text, encoding="utf-8")
    warned = _cli(str(notices), str(tmp_path / "docs"), "--no-cache", cwd=tmp_path)
    assert warned.returncode == 0 and "period-reversed" in warned.stderr
    strict = _cli(str(notices), str(tmp_path / "docs"), "--no-cache", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    (notices / "reversed.txt").write_text(text.replace("2023年3月25日", "2023年5月25日"), encoding="utf-8")
    clean = _cli(str(notices), str(tmp_path / "docs"), "--no-cache", "--strict", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr


def test_a_50_mb_notice_is_refused_quickly_with_a_clear_message(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    line = ("为进一步加强和改进机关作风建设，切实提高服务群众的能力和水平。" * 20 + "\n").encode()
    with (notices / "huge.txt").open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    (notices / "small.txt").write_text("关于召开会议的通知\n请各单位准时参加会议，不得缺席。\n", encoding="utf-8")
    start = time.perf_counter()
    result = _cli(str(notices), str(tmp_path / "docs"), "--no-cache", "--jobs", "1", cwd=tmp_path)
    elapsed = time.perf_counter() - start
    assert result.returncode == 1
    assert re.search(r"^huge\.txt: 错误 \[too-large\] .*50\.\d MB.* limit", result.stderr, re.M), result.stderr
    assert (tmp_path / "docs" / "hans" / "notices" / "small.md").exists()
    assert elapsed < 15, f"{elapsed:.1f}s"
