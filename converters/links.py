"""`./archive check-links`: which notices' `source_url`s no longer answer as they did.

A 公示 often disappears from its official site when its period ends; the archive keeps the
proof. This reads every sidecar's `source_url` (no conversion) and asks each URL once (a
notice sharing a URL with another costs no second request), at most `limit` URLs, `jobs` at a
time, each request bounded by `timeout` seconds for the whole answer, its body by MAX_BODY
bytes, its redirects by MAX_REDIRECTS. A link is broken when:

- the answer is an HTTP status of 400 or more, or a redirect chain that never ends;
- a redirect lands on a front page ("/", "/index.html"…) of the same or another host: the
  page is gone and the site sends readers home, the commonest way an official notice vanishes;
- no answer comes within the timeout, or none at all (no such host, connection refused, TLS);
- the content changed: where the archived raw file is text or a saved page and the answer is
  text/plain or text/html, every line of the archived text (letters and digits only, as the
  lossless accounting compares) must still be somewhere in the page's visible text.

Standard library only (urllib): one GET per URL and hop, nothing a library would add.
"""

from __future__ import annotations

import http.client
import re
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .build import list_raw
from .decode import decode
from .readers import kind_of
from .sidecar import load_sidecar
from .text import skeleton

DEFAULT_LIMIT = 200
DEFAULT_TIMEOUT = 10.0
DEFAULT_JOBS = 4
MAX_REDIRECTS = 5
MAX_BODY = 5 * 1024 * 1024
USER_AGENT = "notice-archive-check-links/1 (Python urllib)"
_FRONT_PAGE = re.compile(r"/*(?:(?:index|default|home|main)(?:\.[A-Za-z]{2,6})?)?", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
BROKEN = ("http-error", "home-redirect", "too-many-redirects", "timeout", "unreachable", "changed")


@dataclass(frozen=True)
class Link:
    """A notice file (as the build names it, `notices/x.txt`) and its sidecar's source_url."""

    notice: str
    url: str
    raw: Path
    retrieved: str | None = None


@dataclass(frozen=True)
class Result:
    """What a URL answered: `kind` is "ok", "moved" (a redirect to a working page) or one of
    BROKEN; `final` the URL that answered last."""

    kind: str
    detail: str
    status: int | None = None
    final: str = ""

    @property
    def broken(self) -> bool:
        return self.kind in BROKEN


@dataclass
class Answer:
    status: int
    reason: str
    url: str
    content_type: str
    body: bytes
    complete: bool
    redirected: bool


class _Timeout(Exception):
    """The whole answer did not arrive within the timeout."""


def collect(notices_dir: Path) -> tuple[list[Link], list[str]]:
    """Every notice with a source_url, by file name; and a note for each invalid source_url."""
    raws, _ = list_raw(notices_dir)
    links, notes = [], []
    for raw in raws:
        name = f"{notices_dir.name}/{raw.relative_to(notices_dir).as_posix()}"
        data, issues = load_sidecar(raw, notices_dir)
        notes += [f"{name}: not checked, {i.message}" for i in issues if "'source_url'" in i.message]
        if data.get("source_url"):
            links.append(Link(name, data["source_url"], raw, data.get("retrieved")))
    return links, notes


def request_url(url: str) -> str:
    """An IRI as copied from an address bar (Chinese path, IDN host) as the URI to request:
    host in IDNA, other non-ASCII characters percent-encoded, the fragment dropped."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe="")
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port is not None else "")
    safe = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit((parts.scheme.lower(), netloc, quote(parts.path, safe=safe) or "/",
                       quote(parts.query, safe=safe), ""))


def is_front_page(url: str) -> bool:
    """A site's home page: "/", "/index.html", "/default.aspx"… (the query does not matter)."""
    return bool(_FRONT_PAGE.fullmatch(urlsplit(url).path))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers: each hop is checked and counted here."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _read(response, deadline: float) -> tuple[bytes, bool]:
    """The body, at most MAX_BODY bytes, by the deadline; and whether it is whole."""
    chunks, size = [], 0
    while size <= MAX_BODY:
        if time.monotonic() > deadline:
            raise _Timeout
        chunk = response.read1(64 * 1024)  # what has arrived: a trickling server cannot hold it
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:MAX_BODY], False


def fetch(url: str, timeout: float) -> Answer:
    """GET `url`, following up to MAX_REDIRECTS redirects (http and https only)."""
    current, redirected = url, False
    for _ in range(MAX_REDIRECTS + 1):
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(request_url(current), headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            response = _OPENER.open(request, timeout=timeout)
        except urllib.error.HTTPError as err:
            response = err
        with response:
            status = response.status if hasattr(response, "status") else response.code
            location = response.headers.get("Location")
            if status in (301, 302, 303, 307, 308) and location:
                target = urljoin(current, location.strip())
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    return Answer(status, f"redirect to a non-web address {target[:80]}", target, "", b"", True, True)
                current, redirected = target, True
                continue
            body, complete = _read(response, deadline)
            content_type = response.headers.get("Content-Type") or ""
            return Answer(status, str(getattr(response, "reason", "") or ""), current, content_type, body, complete,
                          redirected)
    raise _TooManyRedirects(current)


class _TooManyRedirects(Exception):
    pass


def check(link: Link, timeout: float) -> Result:
    """One URL's verdict (never raises)."""
    try:
        answer = fetch(link.url, timeout)
    except (_Timeout, TimeoutError):
        return Result("timeout", f"no whole answer within {timeout:g} s")
    except _TooManyRedirects as err:
        return Result("too-many-redirects", f"more than {MAX_REDIRECTS} redirects (last {err})")
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError):
            return Result("timeout", f"no answer within {timeout:g} s")
        return Result("unreachable", f"no answer: {reason}")
    except (OSError, ssl.SSLError, ValueError, http.client.HTTPException) as err:  # reset, bad TLS, bad status line
        return Result("unreachable", f"no answer: {type(err).__name__}: {err}")
    if answer.status >= 400:
        return Result("http-error", f"HTTP {answer.status} {answer.reason}".strip(), answer.status, answer.url)
    if answer.status >= 300 or answer.status < 200:
        return Result("http-error", f"HTTP {answer.status} {answer.reason}".strip(), answer.status, answer.url)
    if answer.redirected and is_front_page(answer.url) and not is_front_page(link.url):
        return Result("home-redirect", f"redirected to a front page {answer.url}", answer.status, answer.url)
    changed = content_change(link, answer)
    if changed:
        return Result("changed", changed, answer.status, answer.url)
    if answer.redirected:
        return Result("moved", f"now at {answer.url}", answer.status, answer.url)
    return Result("ok", "", answer.status, answer.url)


# --------------------------------------------------------------------------- content


class _Visible(HTMLParser):
    """A page's visible text: every text node outside script, style and template."""

    SKIP = frozenset({"script", "style", "template", "noscript", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def page_text(body: bytes, content_type: str) -> str:
    """The answer's text: decoded by its declared charset (header, then <meta>), else as the
    converter decodes a raw file; for HTML its visible text."""
    html = "html" in content_type.lower()
    declared = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_-]+)", content_type, re.I)
    charset = declared.group(1) if declared else None
    if html and not charset and (meta := _CHARSET.search(body[:4096])):
        charset = meta.group(1).decode("ascii")
    try:
        text = body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        text = decode(body, "page.txt").text
    if not html:
        return text
    parser = _Visible()
    parser.feed(text)
    parser.close()
    return "\n".join(parser.parts)


def content_change(link: Link, answer: Answer) -> str:
    """Why the page no longer holds the archived text, or "" (also where it cannot be told:
    a PDF, Word or OFD original, an answer that is not text, a body over MAX_BODY)."""
    kind = answer.content_type.split(";")[0].strip().lower()
    if kind not in ("text/html", "text/plain", "application/xhtml+xml", ""):
        return ""
    try:
        data = link.raw.read_bytes()
    except OSError:
        return ""
    if kind_of(data, link.raw.name) is not None or not answer.complete:
        return ""
    if data == answer.body:
        return ""
    archived = [line for line in decode(data, link.raw.name).text.splitlines() if skeleton(line)]
    live = skeleton(page_text(answer.body, answer.content_type or "text/html"))
    missing = [line for line in archived if skeleton(line) not in live]
    if not missing:
        return ""
    first = " ".join(missing[0].split())
    first = first if len(first) <= 40 else first[:39] + "…"
    return f"{len(missing)} of {len(archived)} lines of the archived text are not on the page (first: «{first}»)"


# --------------------------------------------------------------------------- report


def check_links(links: list[Link], limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT,
                jobs: int = DEFAULT_JOBS) -> tuple[dict[str, Result], list[str]]:
    """URL → result for the first `limit` distinct URLs (in notice order), and the URLs left."""
    urls = list(dict.fromkeys(link.url for link in links))
    todo, left = urls[:max(0, limit)], urls[max(0, limit):]
    first = {}
    for link in links:
        first.setdefault(link.url, link)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = dict(zip(todo, pool.map(lambda url: check(first[url], timeout), todo), strict=True))
    return results, left


def report(links: list[Link], results: dict[str, Result], left: list[str], notes: list[str],
           quiet: bool = False, today: Callable[[], date] = date.today) -> tuple[list[str], bool]:
    """The lines to print, one per notice (by file name), and whether a link is broken."""
    lines = list(notes)
    broken = False
    for link in sorted(links, key=lambda link: link.notice):
        result = results.get(link.url)
        if result is None:
            continue
        broken |= result.broken
        if link.retrieved and link.retrieved > today().isoformat():
            lines.append(f"{link.notice}: note: retrieved {link.retrieved} is in the future")
        if result.broken:
            lines.append(f"{link.notice}: broken [{result.kind}] {result.detail}: {link.url}")
        elif not quiet:
            status = f" ({result.status})" if result.status else ""
            tail = f" → {result.final}" if result.kind == "moved" else ""
            lines.append(f"{link.notice}: {result.kind}{status} {link.url}{tail}")
    counts = {"ok": 0, "broken": 0}
    for result in results.values():
        counts["broken" if result.broken else "ok"] += 1
    summary = f"checked {len(results)} links: {counts['ok']} fine, {counts['broken']} broken"
    if left:
        summary += f"; {len(left)} not checked (over the limit of {len(results)} requests)"
    lines.append(summary)
    return lines, broken
