"""The build survives its own faults: each fault is injected against the real build
(`mkdocs build --strict`, what `./archive build` runs, and `python -m converters build`)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

from converters.scripts import to_script

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
        assert item and item[1] == "warning" and item[2] == "警告", script  # not 错误: it is published


def test_a_rejected_sidecar_value_is_a_warning_in_the_log_and_on_the_page(tmp_path):
    """The notice is published with the sidecar's other fields: the log and the page both say 警告."""
    sidecar = "signed_date: 2024-02-30\nissuer: 示范市人民政府办公室\n".encode()
    notices = _notices(tmp_path / "in", **{f"{SAMPLE.stem}.meta.yml": sidecar})
    result = _cli(notices, tmp_path / "docs", "--no-cache")
    assert result.returncode == 0, result.stderr
    logged = re.search(rf"^{re.escape(SAMPLE.name)}: (\S+) \[sidecar-invalid\] .*signed_date", result.stderr, re.M)
    assert logged and logged[1] == "警告", result.stderr
    project = copy_project(tmp_path / "project", notices=notices)
    built = run_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    for script in ("hans", "hant"):
        page = (project / "site" / script / "notices" / f"{SAMPLE.stem}.html").read_text(encoding="utf-8")
        assert to_script("示范市人民政府办公室", script) in page  # the sidecar's valid field applies
        item = re.search(r'<li><span class="badge badge--(\w+)">([^<]+)</span>[^<]*meta\.yml: field [^<]*?signed_date', page)
        assert item and (item[1], item[2]) == ("warning", logged[1]), script
        about = (project / "site" / script / "about.html").read_text(encoding="utf-8")
        row = re.search(rf'<code>{re.escape(SAMPLE.name)}</code></td><td><span class="badge badge--(\w+)">([^<]+)</span>'
                        r"</td><td><code>sidecar-invalid</code>", about)
        assert row and (row[1], row[2]) == ("warning", logged[1]), script


def test_a_readme_under_notices_is_reported_as_not_a_notice_and_the_build_still_exits_0(tmp_path):
    readmes = {"README.md": b"# Notices\n\nRaw files, one per notice.\n", "README.txt": "本文件夹存放原始公告。\n".encode(),
               "2024__readme": b"notes\n"}
    notices = _notices(tmp_path, **readmes)
    result = _cli(notices, tmp_path / "docs", "--no-cache")
    assert result.returncode == 0, result.stderr
    for name in readmes:
        rel = name.replace("__", "/")
        assert re.search(rf"^{re.escape(rel)}: 警告 \[not-a-notice\] ", result.stderr, re.M), (rel, result.stderr)
    published = [p.name for p in (tmp_path / "docs" / "hans" / "notices").glob("*.md")]
    assert published == [f"{SAMPLE.stem}.md"]
    # Any other file no reader knows stays an error: only a folder's README is documentation.
    (notices / "notes.md").write_bytes(b"# notes\n")
    other = _cli(notices, tmp_path / "docs", "--no-cache")
    assert other.returncode == 1 and re.search(r"^notes\.md: 错误 \[unsupported\] ", other.stderr, re.M), other.stderr


def _many_notices(base: Path, count: int) -> Path:
    """`count` distinct notices (the samples, each with its own closing line), enough work for
    the workers to be busy when the build is killed."""
    folder = base / "notices"
    folder.mkdir(parents=True)
    samples = sorted((ROOT / "notices").glob("*.txt"))
    for i in range(count):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (folder / f"n{i:03d}.txt").write_text(f"{text}\n附件{i + 1}：联系人名单（第{i + 1}批）\n", encoding="utf-8")
    return folder


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid`, from /proc (no psutil)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if not fields.get("State", "").startswith("Z"):
            parents[int(status.parent.name)] = int(fields["PPid"])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _kill_when_busy(command: list[str], cwd: Path, delay: float, env: dict | None = None) -> set[int]:
    """Start a build, SIGKILL it `delay` s after its workers appear; its descendants then."""
    proc = subprocess.Popen(command, cwd=cwd, env=env or {**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before it could be killed"
    time.sleep(delay)
    workers |= _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return workers


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _gone(pids: set[int], seconds: float = 5) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _alive(pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_and_the_next_build_repairs_everything(tmp_path):
    notices = _many_notices(tmp_path, 120)
    clean = tmp_path / "clean"
    assert _cli(notices, clean, "--no-cache").returncode == 0
    docs = tmp_path / "docs"  # the CLI caches in .cache/converters under its working folder
    for delay in (0.0, 0.7, 1.9):  # early, mid-conversion, later (some entries already cached)
        workers = _kill_when_busy([sys.executable, "-m", "converters", "build", str(notices), str(docs), "--jobs", "2"],
                                  tmp_path, delay)
        assert workers, "no worker was started"
        assert _gone(workers) == set(), f"workers left running after SIGKILL at {delay} s"
        for page in docs.rglob("*"):
            assert not page.is_file() or page.stat().st_size > 0, page
    assert _cli(notices, docs, "--jobs", "2").returncode == 0
    assert _tree(docs) == _tree(clean)
    assert not [p for p in tmp_path.rglob(".*.tmp-*")], "temporary files left behind"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_site_build_leaves_no_process_and_the_next_build_gives_the_same_site(tmp_path):
    project = copy_project(tmp_path / "project", notices=_many_notices(tmp_path / "in", 60))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(project / "site")]
    for delay in (0.3, 2.5):
        workers = _kill_when_busy(command, project, delay, env)
        assert _gone(workers) == set(), f"processes left running after SIGKILL at {delay} s"
    assert run_build(project, project / "site").returncode == 0
    clean = copy_project(tmp_path / "clean", notices=project / "notices")
    assert run_build(clean, clean / "site").returncode == 0
    assert _tree(project / "site") == _tree(clean / "site")
    assert _tree(project / "docs") == _tree(clean / "docs")


def test_two_site_builds_at_once_wait_for_each_other_and_give_the_clean_site(tmp_path):
    project = copy_project(tmp_path / "project", notices=_many_notices(tmp_path / "in", 40))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")]
    for _ in range(2):
        builds = [subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True) for _ in range(2)]
        outputs = [b.communicate(timeout=600) for b in builds]
        assert [b.returncode for b in builds] == [0, 0], outputs
        assert sum("another build of this checkout is running" in err for _, err in outputs) == 1, outputs
    clean = copy_project(tmp_path / "clean", notices=project / "notices")
    assert run_build(clean, clean / "site").returncode == 0
    assert _tree(project / "site") == _tree(clean / "site")


def test_a_build_that_cannot_get_the_lock_stops_with_a_clear_message(tmp_path):
    import fcntl

    notices = _notices(tmp_path)
    lock = tmp_path / ".cache" / "build.lock"
    lock.parent.mkdir()
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHIVE_LOCK_TIMEOUT": "1"}
        result = subprocess.run([sys.executable, "-m", "converters", "build", str(notices), str(tmp_path / "docs")],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert "another build of this checkout holds" in result.stderr and "pid 4242" in result.stderr, result.stderr
        assert not (tmp_path / "docs").exists()
        project = copy_project(tmp_path / "project", notices=notices)
        project_lock = project / ".cache" / "build.lock"
        project_lock.parent.mkdir()
        with project_lock.open("w") as held_too:
            fcntl.flock(held_too, fcntl.LOCK_EX)
            site = run_build(project, project / "site", ARCHIVE_LOCK_TIMEOUT="1")
        assert site.returncode == 1 and "build not started: another build" in site.stderr, site.stderr
    assert _cli(notices, tmp_path / "docs").returncode == 0  # the lock is free again


# --------------------------------------------------------------------------- cache faults


def _project_with_cache(tmp_path: Path, count: int = 6) -> Path:
    project = copy_project(tmp_path / "project", notices=_many_notices(tmp_path / "in", count))
    assert run_build(project, project / "site").returncode == 0
    return project


def _clean_site(tmp_path: Path, notices: Path) -> dict[str, bytes]:
    clean = copy_project(tmp_path / "clean", notices=notices)
    assert run_build(clean, clean / "site").returncode == 0
    return _tree(clean / "site")


def _entries(project: Path) -> list[Path]:
    return sorted((project / ".cache" / "converters").glob("*.json"))


def test_corrupt_cache_entries_are_discarded_with_a_warning_and_rebuilt(tmp_path):
    project = _project_with_cache(tmp_path)
    entries = _entries(project)
    assert len(entries) == 6
    text = entries[4].read_text(encoding="utf-8")
    edited = re.sub(r'"title": "', '"title": "<b>改</b>', text, count=1)
    assert edited != text
    damage = {
        entries[0]: entries[0].read_bytes()[: len(entries[0].read_bytes()) // 2],  # truncated
        entries[1]: b"",  # emptied
        entries[2]: b"{}",
        entries[3]: b"\xff\xfe\x00garbage",
        entries[4]: edited.encode(),  # well-formed, edited: fails its checksum
        entries[5]: entries[0].read_bytes(),  # another key's entry under this key
    }
    for path, data in damage.items():
        path.write_bytes(data)
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for path in damage:
        assert re.search(rf"cache entry {path.name} failed its integrity check \(.+\): discarded and rebuilt",
                         result.stderr), (path.name, result.stderr)
    assert _tree(project / "site") == _clean_site(tmp_path, project / "notices")
    assert len(_entries(project)) == 6
    again = run_build(project, project / "site")  # the rebuilt entries are good again
    assert again.returncode == 0 and "cache entry" not in again.stderr, again.stderr


def test_a_forged_cache_entry_never_becomes_markup(tmp_path):
    """An entry edited with its checksum recomputed passes the check. Where the notice's page in
    docs/ is still what the entry was rendered as, that page (the build's own output) stays;
    where it is not, the Markdown is rendered from the forged notice anew, so a tag in its title
    is text on the page."""
    from converters.build import CACHE_MAGIC, _checksum

    project = _project_with_cache(tmp_path, 1)
    entry = _entries(project)[0]
    payload = entry.read_text(encoding="utf-8").split("\n", 1)[1]
    forged = re.sub(r'"title": "', '"title": "<b id=forged>伪</b>', payload, count=1)
    entry.write_text(f"{CACHE_MAGIC} {_checksum(entry.stem, forged)}\n{forged}", encoding="utf-8")
    pages = [project / "docs" / s / "notices" / "n000.md" for s in ("hans", "hant")]
    before = [p.read_bytes() for p in pages]
    assert run_build(project, project / "site").returncode == 0
    assert [p.read_bytes() for p in pages] == before
    for p in pages:
        p.unlink()
    assert run_build(project, project / "site").returncode == 0
    page = (project / "site" / "hans" / "notices" / "n000.html").read_text(encoding="utf-8")
    assert "&lt;b id=forged&gt;伪&lt;/b&gt;" in page
    assert "<b id=forged>" not in page


def _can_mount() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _can_mount(), reason="needs mount namespaces (root in a container, or CAP_SYS_ADMIN)")
@pytest.mark.parametrize("mount", ["size=4k", "ro"])
def test_a_full_or_read_only_cache_folder_means_a_warning_and_a_build_without_cache(tmp_path, mount):
    """The cache folder is a tiny tmpfs (4 KB: full after the first entry) or a read-only one,
    in a private mount namespace; the real strict build runs inside it."""
    project = copy_project(tmp_path / "project", notices=_many_notices(tmp_path / "in", 6))
    cache = project / ".cache" / "converters"
    cache.mkdir(parents=True)
    options = "size=4k" if mount == "size=4k" else "size=64k,ro"
    script = (f"mount -t tmpfs -o {options} tmpfs {cache} && cd {project} && "
              f"{sys.executable} -m mkdocs build --strict --quiet -d {project / 'site'} && ls -a {cache}")
    for _ in range(2):
        result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert ".tmp-" not in result.stdout, result.stdout  # no partial entry left in the full cache
        assert re.search(r"conversion cache \S+ not writable \((No space left on device|Read-only file system)\): "
                         r"building without storing results", result.stderr), result.stderr
    assert _tree(project / "site") == _clean_site(tmp_path, project / "notices")
    assert not list(cache.iterdir())  # the mount is gone with its namespace: nothing was written here


def test_a_cache_that_fills_up_mid_build_is_said_once_then_left_alone(tmp_path, monkeypatch, caplog):
    """ENOSPC from the cache writer after the second entry (a patched writer, in-process, so it
    runs where mount namespaces do not)."""
    import errno

    from converters import atomic, build

    notices = _many_notices(tmp_path, 5)
    cache = tmp_path / "cache"
    written = []

    def filling(path, data):
        if Path(path).parent == cache:
            if len(written) >= 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written.append(path)
        atomic.write_atomic(path, data)

    monkeypatch.setattr(build, "write_atomic", filling)
    report = build.build_archive(notices, tmp_path / "docs", cache, jobs=1)
    assert len(report.notices) == 5
    assert "conversion cache" in caplog.text and "No space left on device" in caplog.text
    assert caplog.text.count("not writable") == 1  # said once, then the cache is left alone
    assert len(list(cache.glob("*.json"))) == 2 and not list(cache.glob(".*"))
    monkeypatch.undo()
    clean = build.build_archive(notices, tmp_path / "clean", None, jobs=1)
    assert len(clean.notices) == 5 and _tree(tmp_path / "docs") == _tree(tmp_path / "clean")
    assert build.build_archive(notices, tmp_path / "docs", cache, jobs=1).converted == 3


# --------------------------------------------------------------------------- every file


def _notice_text(title: str) -> str:
    return f"{title}\n各有关单位：\n现将有关事项通知如下，请认真贯彻执行。联系电话：12345678。\n示范市人民政府办公室\n2024年5月6日\n"


def _raw_links(page: str) -> list[str]:
    return re.findall(r'<a[^>]+href="([^"]*raw/[^"]+)"', page)


def test_every_file_under_notices_is_published_once_or_reported(tmp_path):
    from urllib.parse import unquote

    from hooks.site import read_page

    notices = tmp_path / "in" / "notices"
    files = {
        "main.txt": _notice_text("关于开展档案检查的通知"),
        ".hidden.txt": _notice_text("关于隐藏文件的通知"),
        ".drafts/draft.txt": _notice_text("关于草稿的通知"),
        "orphan.meta.yml": "title: 无主的附注\n",
        "sub/real.txt": _notice_text("关于子目录的通知"),
        "Case.txt": _notice_text("关于大写文件名的通知"),
        "case.txt": _notice_text("关于小写文件名的通知"),
        "x.html": "<html><body><h1>关于网页文件的通知</h1><p>现将有关事项通知如下，请认真执行。</p></body></html>",
        "x.html.txt": _notice_text("关于同名文本的通知"),
        "README.md": "# 原始公告\n每个文件一份公告。\n",
    }
    for name, text in files.items():
        (notices / name).parent.mkdir(parents=True, exist_ok=True)
        (notices / name).write_text(text, encoding="utf-8")
    (notices / "link.txt").symlink_to("main.txt")  # published once, as main.txt
    (notices / "linkdir").symlink_to("sub")  # not followed: sub/real.txt is published
    (notices / "to-draft.txt").symlink_to(".drafts/draft.txt")  # the only way to it: published
    project = copy_project(tmp_path / "project", notices=notices)
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr  # nothing refused: warnings only
    docs = project / "docs" / "hans" / "notices"
    published = {}
    for md in docs.glob("*.md"):
        raw = read_page(md)[1]["raw"]
        published[raw.removeprefix("notices/")] = md.stem
    assert sorted(published) == ["Case.txt", "case.txt", "main.txt", "sub/real.txt", "to-draft.txt", "x.html",
                                 "x.html.txt"]
    about = (project / "site" / "hans" / "about.html").read_text(encoding="utf-8")
    reported = {"link.txt": "symlink", "linkdir": "linked-folder", ".hidden.txt": "hidden",
                ".drafts/draft.txt": "hidden", "orphan.meta.yml": "sidecar-orphan", "case.txt": "case-collision",
                "README.md": "not-a-notice"}
    for name, code in reported.items():
        assert re.search(rf"<code>{re.escape(name)}</code>.*?{code}", about, re.S), (name, code)
    # Every raw link of every published notice works and gives that notice's own bytes, and no
    # two raw copies share a path, even on a disk that ignores case.
    targets = []
    for name, notice_id in published.items():
        page = (project / "site" / "hans" / "notices" / f"{notice_id}.html").read_text(encoding="utf-8")
        links = _raw_links(page)
        assert links, name
        for href in links:
            target = (project / "site" / "hans" / "notices" / unquote(href)).resolve()
            assert target.is_file(), (name, href)
            expected = (notices / name).read_bytes()
            assert target.read_bytes().lstrip("\ufeff".encode()) == expected, (name, href)
            targets.append(target.relative_to(project / "site").as_posix())
    assert len({t.casefold() for t in targets}) == len(targets) == len(set(targets)), targets


@pytest.mark.skipif(not _can_mount(), reason="needs mount namespaces (root in a container, or CAP_SYS_ADMIN)")
def test_a_full_docs_folder_is_a_clear_error_and_leaves_no_half_written_page(tmp_path):
    notices = _many_notices(tmp_path, 6)
    pages = tmp_path / "docs" / "hans" / "notices"
    pages.mkdir(parents=True)
    script = (f"mount -t tmpfs -o size=40k tmpfs {pages} && cd {tmp_path} && "
              f"{sys.executable} -m converters build {notices} {tmp_path / 'docs'} --no-cache --jobs 1; "
              f"echo status=$?; ls -a {pages}; for f in {pages}/*.md; do tail -c 1 \"$f\" | od -An -c; done")
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert "status=1" in result.stdout, (result.stdout, result.stderr)
    assert re.search(r"^build failed: cannot write \S+\.md: No space left on device$", result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr
    assert ".tmp-" not in result.stdout  # no temporary file left
    written = result.stdout.count("\\n")  # every page that is there ends with its final newline
    assert written >= 1 and result.stdout.count(".md") == written, result.stdout


def test_many_cache_hits_are_checked_by_the_workers_too(tmp_path, caplog):
    """From LOADS_FOR_POOL hits on, the workers read the entries: a bad one is still discarded,
    said and rebuilt, and the pages are those of a clean build."""
    from converters import build

    notices = _many_notices(tmp_path, build.LOADS_FOR_POOL + 6)
    cache = tmp_path / "cache"
    build.build_archive(notices, tmp_path / "docs", cache, jobs=2)
    entries = sorted(cache.glob("*.json"))
    for path in entries[:3]:
        path.write_bytes(path.read_bytes()[:-20])
    caplog.clear()
    again = build.build_archive(notices, tmp_path / "docs", cache, jobs=2)
    err = caplog.text
    assert again.converted == 0 and len(again.notices) == len(entries)
    for path in entries[:3]:
        assert f"cache entry {path.name} failed its integrity check" in err, err
    build.build_archive(notices, tmp_path / "clean", None, jobs=1)
    assert _tree(tmp_path / "docs") == _tree(tmp_path / "clean")
    assert sorted(cache.glob("*.json")) == entries
