"""The 404 page in a real Chromium: served by a web server for any missing URL (as GitHub Pages
does) and opened from the unzipped offline bundle. Both scripts, styled, search working, and
not one request to another host."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from test_site import N000, notice_of, search


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers a missing path with the site's 404.html, status 404."""

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def offline_root(project: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline-404")
    subprocess.run([sys.executable, "-m", "hooks.offline", "-o", str(out / "bundle.zip")], cwd=project, check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    with zipfile.ZipFile(out / "bundle.zip") as zf:
        zf.extractall(out / "unzipped")
    return out / "unzipped" / "archive-offline"


def _open(browser, url: str, script: str | None = None):
    """A page at `url` that records every request and every failed or refused response."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    if script:  # the script the reader chose last time (archive.js keeps it in localStorage)
        context.add_init_script(f"try {{ localStorage.setItem('archive.script', '{script}'); }} catch (e) {{}}")
    page = context.new_page()
    page.set_default_timeout(15000)
    seen = {"requests": [], "failed": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and r.url != url and seen["failed"].append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    response = page.goto(url)
    return context, page, response, seen


def _check_page(page, seen, script: str, origin: str) -> None:
    heading = page.locator("article h1").inner_text()
    assert "页面不存在" in heading and "頁面不存在" in heading
    body = page.locator("article").inner_text()
    assert "Not found" not in body and "简体首页" in body and "繁體首頁" in body
    assert page.evaluate("document.documentElement.lang") == ("zh-Hant" if script == "hant" else "zh")
    # Material's stylesheet applies: the header is a fixed, coloured bar.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    hrefs = search(page, "巡視整改")
    assert f"{script}:{N000}" in {notice_of(h) for h in hrefs}
    assert all(f"/{script}/notices/" in h for h in hrefs), hrefs
    assert "正在初始化搜索引擎" not in page.locator(".md-search-result__meta").inner_text()
    page.keyboard.press("Escape")  # close the search
    home = page.locator("article a", has_text="繁體首頁" if script == "hant" else "简体首页")
    home.click()
    page.wait_for_url(f"**/{script}/index.html")
    assert page.locator(".notice-list .notice-item").count() == 5
    assert seen["failed"] == [] and seen["errors"] == []
    leaving = [u for u in seen["requests"] if not u.startswith((origin, "data:", "blob:"))]
    assert leaving == []


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_404_page_of_a_missing_url_works_in_its_script(browser, pages_url, script):
    context, page, response, seen = _open(browser, f"{pages_url}/{script}/notices/no-such-notice.html")
    assert response.status == 404
    _check_page(page, seen, script, pages_url)
    context.close()


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_the_404_page_opened_from_the_offline_bundle_works(browser, offline_root, script):
    context, page, _response, seen = _open(browser, (offline_root / "404.html").as_uri(), script)
    _check_page(page, seen, script, "file://")
    context.close()
