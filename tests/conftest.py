"""Site fixtures: a copy of the project built with the real MkDocs, served on 127.0.0.1, and a
real Chromium (Debian's, driven by Playwright). Used by tests/test_site*.py.

The site is built from a temporary copy of the project (mkdocs.yml, hooks/, overrides/, docs/
assets, converters/, notices/) so that test builds never race each other or a developer's
`mkdocs serve` over docs/{hans,hant}/notices/ in the working tree.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests measure correctness, not speed (benchmarks do that): on a loaded 2-core CI
# machine a slow example is not a failure.
settings.register_profile("archive", deadline=None)
settings.load_profile("archive")

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "converters")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"


def fresh_python(code: str, stdin: bytes = b"") -> str:
    """Run `code` in a fresh interpreter of this environment (the project and tests/ importable)
    and return what it printed; fails the test on a non-zero exit. For what the test process's
    own state would hide: memory it freed earlier serves a child's bounded allocations, a module
    it imported cannot be made missing."""
    run = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, timeout=120, cwd=ROOT,
                         env={"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    return run.stdout.decode()


def copy_project(dest: Path, notices: Path | None = None) -> Path:
    """A buildable copy of the project in dest/, with notices from `notices` (default: the real ones)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        else:
            shutil.copy2(src, dest / part)
    docs = ROOT / "docs"
    shutil.copytree(
        docs, dest / "docs", ignore=shutil.ignore_patterns("__pycache__", "notices"), dirs_exist_ok=True
    )
    if notices is not None:
        shutil.copytree(notices, dest / "notices", symlinks=True)
    else:
        shutil.copytree(ROOT / "notices", dest / "notices")
    return dest


def run_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project copy (what `./archive build` runs), whatever its status."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_site(project: Path, site_dir: Path, refused: bool = False, **env: str) -> float:
    """`mkdocs build --strict` of a project copy; returns the wall time in seconds. A build with a
    refused file must exit 1 with only the refused files' errors; any other must pass."""
    started = time.monotonic()
    result = run_build(project, site_dir, **env)
    if result.returncode != (1 if refused else 0):
        pytest.fail(f"mkdocs build exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    if refused:
        lines = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
        stray = [line for line in lines if not line.startswith("ERROR") or ": 错误 [" not in line]
        assert lines and not stray, stray
        assert f"Aborted with {len(lines)} errors in strict mode!" in result.stdout + result.stderr
    return time.monotonic() - started


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def site(project: Path) -> Path:
    """The site built once per session from the five sample notices."""
    site_dir = project / "site"
    seconds = build_site(project, site_dir)
    (project / "build-seconds.txt").write_text(f"{seconds:.2f}\n")
    return site_dir


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def served(site: Path):
    """For a fixture (`yield from`): the site served on 127.0.0.1 while the fixture lives."""
    server, url = serve(site)
    try:
        yield site, url
    finally:
        server.shutdown()
        server.server_close()


def built_and_served(project: Path):
    """For a fixture (`yield from`): project/site built strictly, then served as `served` does."""
    build_site(project, project / "site")
    yield from served(project / "site")


def script_pages(browser, url: str):
    """For a fixture (`yield from`): get(script) → one page per script of the site at `url`, opened
    on its index once (the search index loads once, not per test), with its JS errors collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pages = {}

    def get(script: str):
        if script not in pages:
            page = context.new_page()
            page.set_default_timeout(10000)
            page.js_errors = []
            page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
            page.goto(f"{url}/{script}/index.html")
            pages[script] = page
        return pages[script]

    try:
        yield get
    finally:
        context.close()


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built site served by Python's http.server on 127.0.0.1 (random port)."""
    for _, url in served(site):
        yield url


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("The browser tests need Debian's chromium (apt-get install chromium) or CHROMIUM=/path")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
