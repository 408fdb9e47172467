"""`./archive check-links` against a local HTTP server (127.0.0.1) answering 200, 404, redirects
(to another page, to the home page of this host and of another) and not at all in time."""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import ROOT

from converters.links import Link, check, is_front_page, request_url

ARCHIVED = "关于某事项的公示\n现将有关情况公示如下。\n公示期为2024年5月6日至5月10日。\n某某局\n"


class Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[Counter] = Counter()

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Handler.hits[self.path] += 1
        path = self.path.split("?", 1)[0]
        port = self.server.server_address[1]
        page = "<html><head><title>t</title><script>var x = '不在正文';</script></head><body><nav>首页 | 通知公告</nav>" \
               + "".join(f"<p>{line}</p>" for line in ARCHIVED.splitlines()) + "<footer>版权所有</footer></body></html>"
        if path in ("/", "/ok", "/ok-again"):
            self._send(200, page.encode())
        elif path == "/gbk":
            self._send(200, page.replace("utf-8", "gbk").encode("gbk"), "text/html; charset=gbk")
        elif path == "/plain":
            self._send(200, ARCHIVED.encode(), "text/plain; charset=utf-8")
        elif path == "/changed":
            self._send(200, page.replace("5月10日", "5月20日").encode())
        elif path == "/gone":
            self._send(404, b"not here")
        elif path == "/to-home":
            self._send(302, Location="/")
        elif path == "/to-other-home":
            self._send(301, Location=f"http://localhost:{port}/index.html")
        elif path == "/index.html":
            self._send(200, b"<html><body>welcome</body></html>")
        elif path == "/renamed":
            self._send(301, Location="/ok-again")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/slow":
            time.sleep(3)
            with contextlib.suppress(OSError):  # the checker gave up long ago
                self._send(200, page.encode())
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 something else", "application/pdf")
        else:
            self._send(500, b"?")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def write_notices(folder: Path, urls: dict[str, str | None]) -> Path:
    notices = folder / "notices"
    notices.mkdir()
    for stem, url in urls.items():
        (notices / f"{stem}.txt").write_text(ARCHIVED, encoding="utf-8")
        if url is not None:
            (notices / f"{stem}.meta.yml").write_text(f"source_url: '{url}'\n", encoding="utf-8")
    return notices


def run(notices: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}  # 127.0.0.1 directly
    return subprocess.run([sys.executable, "-m", "converters", "check-links", str(notices), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_broken_links_are_named_by_notice_file_and_the_exit_status_is_1(server, tmp_path):
    Handler.hits.clear()
    notices = write_notices(tmp_path, {
        "a-ok": f"{server}/ok", "a-ok-twin": f"{server}/ok", "b-gone": f"{server}/gone",
        "c-home": f"{server}/to-home", "d-other-home": f"{server}/to-other-home", "e-slow": f"{server}/slow",
        "f-changed": f"{server}/changed", "g-moved": f"{server}/renamed", "h-loop": f"{server}/loop",
        "i-plain": f"{server}/plain", "j-gbk": f"{server}/gbk", "k-pdf": f"{server}/pdf",
        "l-none": None, "m-bad": "javascript:alert(1)",
    })
    started = time.monotonic()
    result = run(notices, "--timeout", "0.5")
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    lines = {line.split(":", 1)[0]: line for line in result.stdout.splitlines() if line.startswith("notices/")}
    expect = {"a-ok": "ok (200)", "a-ok-twin": "ok (200)", "b-gone": "broken [http-error] HTTP 404",
              "c-home": "broken [home-redirect]", "d-other-home": "broken [home-redirect]",
              "e-slow": "broken [timeout]", "f-changed": "broken [changed] 1 of 4 lines",
              "g-moved": "moved (200)", "h-loop": "broken [too-many-redirects]", "i-plain": "ok (200)",
              "j-gbk": "ok (200)", "k-pdf": "ok (200)"}
    for stem, verdict in expect.items():
        assert lines[f"notices/{stem}.txt"].startswith(f"notices/{stem}.txt: {verdict}"), lines[f"notices/{stem}.txt"]
    assert "公示期为2024年5月6日至5月10日" in lines["notices/f-changed.txt"]
    assert "notices/l-none.txt" not in lines
    assert lines["notices/m-bad.txt"].startswith("notices/m-bad.txt: not checked") and "'source_url'" in lines[
        "notices/m-bad.txt"]
    assert result.stdout.splitlines()[-1] == "checked 11 links: 5 fine, 6 broken"
    # One request per distinct URL (two notices share /ok), redirects followed at most 5 times.
    assert Handler.hits["/ok"] == 1 and Handler.hits["/loop"] == 6
    # The same run, the same report, whatever order the answers came in.
    again = run(notices, "--timeout", "0.5", "--jobs", "1")
    assert again.stdout == result.stdout


def test_the_limit_bounds_the_requests_and_working_links_exit_0(server, tmp_path):
    Handler.hits.clear()
    notices = write_notices(tmp_path, {f"n{i}": f"{server}/ok?n={i}" for i in range(5)})
    result = run(notices, "--limit", "2", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sum(Handler.hits.values()) == 2
    assert result.stdout.splitlines() == ["checked 2 links: 2 fine, 0 broken; 3 not checked (over the limit of 2 requests)"]


def test_urls_as_copied_from_an_address_bar_are_requested_encoded():
    assert request_url("https://例子.中国/公示/通知.html?名=值#正文") == (
        "https://xn--fsqu00a.xn--fiqs8s/%E5%85%AC%E7%A4%BA/%E9%80%9A%E7%9F%A5.html?%E5%90%8D=%E5%80%BC")
    assert request_url("http://x.org:8080/a%20b") == "http://x.org:8080/a%20b"
    assert [is_front_page(u) for u in ("http://x/", "http://x", "http://x/index.shtml?a=1", "http://x/zwgk/a.html",
                                        "http://x/zwgk/index.html")] == [True, True, True, False, False]


def test_a_closed_port_is_unreachable(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    raw = tmp_path / "x.txt"
    raw.write_text(ARCHIVED, encoding="utf-8")
    result = check(Link("notices/x.txt", f"http://127.0.0.1:{port}/x", raw), 2.0)
    assert result.kind == "unreachable" and result.broken


def test_a_capture_date_in_the_future_is_noted(tmp_path):
    from datetime import date

    from converters.links import Result, report

    link = Link("notices/x.txt", "https://x.example.org/a", tmp_path / "x.txt", "2031-05-01")
    lines, broken = report([link], {link.url: Result("ok", "", 200, link.url)}, [], [],
                           today=lambda: date(2030, 1, 1))
    assert not broken
    assert lines[0] == "notices/x.txt: note: retrieved 2031-05-01 is in the future"
    lines, _ = report([link], {link.url: Result("ok", "", 200, link.url)}, [], [], today=lambda: date(2031, 5, 1))
    assert not any("future" in line for line in lines)


def test_a_server_that_answers_garbage_is_unreachable_not_a_crash(tmp_path):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def garbage():
        conn, _ = listener.accept()
        conn.recv(1024)
        conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        conn.close()

    threading.Thread(target=garbage, daemon=True).start()
    raw = tmp_path / "x.txt"
    raw.write_text(ARCHIVED, encoding="utf-8")
    result = check(Link("notices/x.txt", f"http://127.0.0.1:{listener.getsockname()[1]}/x", raw), 2.0)
    listener.close()
    assert result.kind == "unreachable", result
