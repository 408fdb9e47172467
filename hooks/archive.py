"""MkDocs hook: convert notices/ before every build and add the archive's generated pages.

Events only; the work is done by converters.build (conversion) and hooks.site (pages, feeds).
- on_pre_build: take the checkout's build lock (converters.lock), build_archive(notices/, docs/)
  → docs/{hans,hant}/notices/*.md, read them back
- on_post_build (last): write the data exports and the period calendars (hooks/exports.py,
  hooks/ics.py), then release the lock; on_build_error, on_shutdown: release the lock
- on_files: add index/year/issuer/about pages, Atom feeds and raw copies as virtual files
- on_env: a per-build store for template fragments shared by many pages; the archive's template
  helpers (`archive_t`, `cn_date`); the autoescaping environment of the generated pages' parts
- on_page_read_source: a notice's Markdown without the front matter on_pre_build already parsed
- on_page_markdown: page meta (generated pages), per-page script, switch link, notice template
  and the data of its header, escaped meta
- on_page_context: the sections of generated pages (overrides/partials/archive/), rendered from
  their data into the page's HTML
- on_nav, on_pre_page, on_post_page: notice pages whose inputs did not change since the previous
  build are written again from its output instead of rendered (hooks/incremental.py)
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.archive")
STATE: dict = {}
NOTICE = re.compile(r"^(hans|hant)/notices/[^/]+\.md$")
LISTING = re.compile(r"^(hans|hant)/(years|issuers)/[^/]+\.md$")  # a year's or an issuer's notices
# Front matter values that Material's templates print without escaping (title in <title>, header,
# nav, footer…): they become Markup(escaped text), which `|e` leaves unchanged.
# The UTF-8 copy of a text notice is made by on_files: a change to this file makes every copy again.
READING_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
RAW_TEXT_KEYS = ("title", "issuer", "source", "editor", "byline", "published", "signed_date", "description")


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    STATE["root"] = root
    from converters.scripts import DEFAULT_STANDARD, check_standard
    from hooks.markdown_text import ParagraphAnchors, TextInline
    from hooks.text import set_standard, t

    # The Traditional standard of the site (README: "Traditional standard"), for the notices
    # and the interface alike; it is part of the conversion cache's key.
    try:
        STATE["traditional"] = check_standard(str(config.extra.get("traditional") or DEFAULT_STANDARD))
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml extra.traditional: {exc}") from exc
    set_standard(STATE["traditional"])
    from hooks import site

    try:  # how many of the newest notices the index page lists (README: "The site")
        site.INDEX_LIMIT = max(1, int(config.extra.get("index_limit") or site.INDEX_LIMIT))
    except (TypeError, ValueError) as exc:
        raise PluginError(f"mkdocs.yml extra.index_limit: {exc}") from exc
    try:  # how many notices a page of a year's or an issuer's listing holds
        site.LIST_PAGE = max(1, int(config.extra.get("list_page_size") or site.LIST_PAGE))
    except (TypeError, ValueError) as exc:
        raise PluginError(f"mkdocs.yml extra.list_page_size: {exc}") from exc

    # Not in mkdocs.yml: `mkdocs` (the console script) could not import hooks/ when it reads it.
    if not any(isinstance(e, TextInline) for e in config.markdown_extensions):
        config.markdown_extensions.append(TextInline())
    if not any(isinstance(e, ParagraphAnchors) for e in config.markdown_extensions):
        config.markdown_extensions.append(ParagraphAnchors(t("hans", "permalink")))


def on_pre_build(config):
    from hooks import site

    try:
        from converters.build import build_archive
    except ImportError as exc:  # pragma: no cover - only while the converters are being written
        raise PluginError(f"converters.build is not available: {exc}") from exc
    root: Path = STATE["root"]
    docs = Path(config.docs_dir)
    _lock(root)
    try:
        report = build_archive(root / "notices", docs, cache_dir=root / ".cache" / "converters",
                               standard=STATE.get("traditional", "s2tw"))
    except OSError as err:  # docs/ full or read-only: every page is whole (written by rename)
        raise PluginError(f"archive: cannot write {err.filename or docs}: {err.strerror or err}") from None
    archive = site.load_archive(docs, problems=getattr(report, "problems", []))
    STATE["archive"] = archive
    # The pages' bodies for the JSONL export: MkDocs takes them from `archive.bodies` one by one.
    STATE["bodies"] = dict(archive.bodies)
    _prepare_reuse(config, root)
    STATE["front_matter"] = {}
    _log_problems(report)
    log.info(
        "archive: %d notices, %d reconverted, %d problems",
        len(archive.entries["hans"]), getattr(report, "converted", 0), len(archive.problems),
    )
    # Reproducible builds: MkDocs stamps pages (sitemap lastmod, sitemap.xml.gz mtime) with
    # SOURCE_DATE_EPOCH if set, else "now". Use the newest notice date unless the caller set one.
    if "SOURCE_DATE_EPOCH" not in os.environ or STATE.get("epoch_from_hook"):
        newest = date.fromisoformat(archive.newest_date or "2000-01-01")
        stamp = datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
        STATE["epoch_from_hook"] = True


def _prepare_reuse(config, root: Path) -> None:
    """The previous build's notice pages, moved aside before MkDocs empties the site folder
    (hooks/incremental.py); without them (a folder that cannot be written) every page is rendered."""
    from hooks.incremental import PageReuse, record_path

    site_dir = Path(config.site_dir)
    reuse = PageReuse(site_dir, record_path(root / ".cache", site_dir))
    try:
        reuse.prepare()
    except OSError as err:
        log.warning("archive: previous pages not reused (%s)", err)
        reuse = None
    STATE["reuse"] = reuse
    logging.getLogger("mkdocs.commands.build").addFilter(QUIET)


def _finish_reuse(ok: bool) -> None:
    logging.getLogger("mkdocs.commands.build").removeFilter(QUIET)
    reuse = STATE.pop("reuse", None)
    if reuse is not None:
        if ok:
            def count(names) -> int:
                return sum(1 for src in names if NOTICE.match(src))

            log.info("archive: %d of %d notice pages and %d of %d listing pages written again without rendering, "
                     "%d of %d raw copies moved back",
                     count(reuse.reused), count(reuse.written), len(reuse.reused) - count(reuse.reused),
                     len(reuse.written) - count(reuse.written), reuse.restored, len(reuse.files))
        reuse.finish(ok)


def on_nav(nav, config, files):
    reuse = STATE.get("reuse")
    if reuse is not None:
        reuse.set_signature(config, nav)
    return nav


def on_pre_page(page, config, files):
    """A notice page, or a year's or issuer's listing, whose inputs are those of the page the
    previous build wrote: not rendered."""
    from hooks.incremental import data_bytes

    reuse = STATE.get("reuse")
    src = page.file.src_uri
    if reuse is None:
        return page
    source = None
    archive = STATE.get("archive")
    if NOTICE.match(src) and archive is not None and src in archive.digests:
        source = archive.digests[src]  # the Markdown file's digest, read once in on_pre_build
    elif NOTICE.match(src) and page.file.abs_src_path:
        source = Path(page.file.abs_src_path)
    elif LISTING.match(src) and (generated := STATE.get("generated", {}).get(src)) is not None:
        source = data_bytes(generated.meta, generated.blocks)
    if source is not None and reuse.consider(src, source, page.file.dest_uri):
        page.render = lambda config, files: setattr(page, "content", "")
    return page


def on_post_page(output, page, config):
    """A reused page's previous file is moved into place; MkDocs, given no output, writes nothing
    (and its "Page skipped" line is left out of the log, QuietReuse)."""
    reuse = STATE.get("reuse")
    if reuse is not None and page.file.src_uri in reuse.reused:
        reuse.restore(page.file.src_uri, Path(page.file.abs_dest_path))
        return ""
    return output


class QuietReuse(logging.Filter):
    """Drops MkDocs' "Page skipped … empty output" line for the pages written again from the
    previous build (one per page: thousands of lines saying nothing)."""

    def filter(self, record: logging.LogRecord) -> bool:
        reuse = STATE.get("reuse")
        if reuse is None or not str(record.msg).startswith("Page skipped: '"):
            return True
        return str(record.msg).split("'", 2)[1] not in reuse.reused


QUIET = QuietReuse()


def _reused(page) -> bool:
    reuse = STATE.get("reuse")
    return reuse is not None and page.file.src_uri in reuse.reused


def _lock(root: Path) -> None:
    """Hold the checkout's build lock from here to the end of the build (on_post_build or
    on_build_error): a second build waits, then stops with a clear message."""
    from converters.lock import BuildLock, LockTimeout

    lock = STATE.get("lock") or BuildLock(root / ".cache" / "build.lock", lambda text: log.info("%s", text))
    STATE["lock"] = lock
    try:
        lock.acquire()
    except LockTimeout as err:
        raise PluginError(f"build not started: {err}") from None


def _unlock() -> None:
    lock = STATE.get("lock")
    if lock is not None:
        lock.release()


@event_priority(-300)  # after hooks/search.py has written the last files (-200)
def on_post_build(config):
    ok = False
    try:
        _write_data(config)
        ok = True
    finally:
        _finish_reuse(ok)
        _unlock()


def _write_data(config) -> None:
    """site/data/notices.{json,csv,jsonl} and site/{hans,hant}/periods.ics: data, no page."""
    from hooks import exports, ics

    archive = STATE.get("archive")
    if archive is None:
        return
    site_url = config.site_url or ""
    files = exports.exports(archive, STATE.pop("bodies", {}), Path(config.docs_dir), site_url)
    for script in ("hans", "hant"):
        files[f"{script}/periods.ics"] = ics.periods_ics(archive, script, site_url)
    exports.write_files(Path(config.site_dir), sorted(files.items()))


def on_build_error(error):
    _finish_reuse(False)
    _unlock()


def on_shutdown():
    _unlock()


def _log_problems(report) -> None:
    """Every problem by file, code and reason, as the about page lists them. A refused file's
    errors are logged as errors, which `mkdocs build --strict` (`./archive build`) turns into
    exit status 1; a published notice's problems are logged as information."""
    from converters.build import format_problem

    refused = set(report.refused)
    for name, issue in sorted(report.problems, key=lambda p: (p[0], p[1].severity != "error")):
        if issue.severity == "error" and name in refused:
            log.error("%s", format_problem(name, issue))
        else:
            log.info("%s", format_problem(name, issue))


def on_serve(server, config, builder):
    """Watch docs/ but not the notice pages the build writes there (docs/<script>/notices):
    watching them, every save would build twice, the second time for the build's own output."""
    docs = Path(config.docs_dir)
    server.unwatch(config.docs_dir)
    for entry in sorted(docs.iterdir()):
        generated = entry.is_dir() and (entry / "notices").is_dir()
        server.watch(str(entry), recursive=not generated)  # a script folder: its own files only
    return server


def on_files(files, config):
    from hooks import site

    archive = STATE["archive"]
    root: Path = STATE["root"]

    def add(src_uri: str, **kwargs) -> None:
        old = files.get_file_from_path(src_uri)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, src_uri, **kwargs))

    STATE["generated"] = site.generated_pages(archive)
    for src_uri, page in STATE["generated"].items():
        add(src_uri, content=page.markdown)
    feed = config.theme.get_env().overlay(autoescape=True).get_template("partials/archive/feed.html")
    for script in ("hans", "hant"):
        add(f"{script}/feed.xml", content=feed.render(site.feed_data(archive, script, config.site_url or "")))
    # Raw originals: text as .txt (shown, never executed) with a UTF-8 copy; PDF, Word and OFD
    # files under their own suffix (site.raw_copies), so the browser opens them as what they are.
    # A copy the previous build made from the same bytes (the notice's raw_sha256, which the
    # conversion cache's key holds) is moved back instead (hooks/incremental.py).
    reuse = STATE.get("reuse")
    seen = set()
    for entry in archive.entries["hans"] + archive.entries["hant"]:
        raw = entry.meta.get("raw")
        path = (root / str(raw)).resolve() if raw else None
        copy = archive.raw.get(str(raw)) if raw else None
        if not path or not copy or path in seen or not path.is_file() or root not in path.parents:
            continue
        seen.add(path)
        sha = str(entry.meta.get("raw_sha256") or "")
        encoding = str(entry.meta.get("encoding") or "utf-8")
        if not (reuse and sha and reuse.restore_file(copy.original, f"original\0{raw}\0{sha}")):
            add(copy.original, abs_src_path=str(path))
        if copy.reading is None or (reuse and sha and reuse.restore_file(
                copy.reading, f"reading\0{raw}\0{sha}\0{encoding}\0{READING_VERSION}")):
            continue
        data = path.read_bytes()
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("utf-8", errors="replace")
        # A BOM makes browsers read it as UTF-8 even when the server sends no charset.
        add(copy.reading, content="\ufeff" + text.lstrip("\ufeff"))
    return files


def on_env(env, config, files):
    from hooks import site
    from hooks.text import T, cn_date, cn_datetime, normalized, standard, t

    env.globals["archive_fragments"] = site.Fragments()
    # Interface strings for templates (partials/footer.html), in the configured Traditional standard.
    env.globals["archive_text"] = {script: {key: t(script, key) for key in T[script]} for script in T}
    # The strings archive.js shows, in the page's __config (overrides/main.html).
    env.globals["archive_js_text"] = {script: {key[3:]: value for key, value in strings.items() if key.startswith("js_")}
                                      for script, strings in env.globals["archive_text"].items()}
    # Material's own strings on Traditional pages, in the configured standard (partials/language.html).
    env.filters["archive_traditional"] = lambda text: normalized(str(text), standard())
    env.globals["archive_t"] = t  # archive_t(script, key, n=…): a formatted interface string
    env.filters["cn_date"] = cn_date
    env.filters["cn_datetime"] = cn_datetime
    # The generated pages' parts render with autoescaping on (as their templates also ask), the
    # rest of the theme as Material expects (it escapes with `| e` where it must).
    STATE["parts_env"] = env.overlay(autoescape=True)
    return env


def on_template_context(context, template_name, config):
    """The error page of the offline bundle: relative URLs (it lies at the bundle's root and is
    opened from the file system), where MkDocs gives every error page absolute ones."""
    offline = config.plugins.get("material/offline")
    if template_name == "404.html" and offline is not None and offline.config.enabled:
        context["base_url"] = "."
    return context


def on_page_read_source(page, config):
    """A notice's body without its front matter, which on_pre_build has parsed already:
    YAML parsing is a tenth of MkDocs' own work per notice, worth doing once, not twice."""
    archive = STATE.get("archive")
    body = archive.bodies.pop(page.file.src_uri, None) if archive else None
    if body is not None:
        STATE["front_matter"][page.file.src_uri] = archive.front_matter[page.file.src_uri]
    return body


def _restore_meta(page) -> None:
    """The front matter of a notice read by on_page_read_source, or of a generated page."""
    src = page.file.src_uri
    meta = STATE.get("front_matter", {}).pop(src, None)
    generated = STATE.get("generated", {}).get(src)
    if meta is None and generated is not None:
        meta = generated.meta
    if meta is not None:
        page.meta = dict(meta)


def on_page_markdown(markdown, page, config, files):
    from hooks import provenance, site, versions

    _restore_meta(page)
    if _reused(page):  # written again from the previous build's page (on_post_page)
        page.meta["template"] = "archive-reused.html"
        return ""
    src = page.file.src_uri
    meta = page.meta
    script = meta.get("script") if meta.get("script") in ("hans", "hant") else src.split("/", 1)[0]
    if script not in ("hans", "hant"):
        script = "hans"
    meta["script"] = script
    alt = files.get_file_from_path(site.alternate_src(src, meta))
    other = "hant" if script == "hans" else "hans"
    meta["alt_url"] = alt.url if alt else f"{other}/index.html"
    meta["alt_script"] = other
    for key, value in site.page_strings(script).items():
        meta[key] = value

    archive = STATE.get("archive")
    if NOTICE.match(src) and archive is not None:
        entry = archive.by_id(script).get(str(meta.get("notice_id") or Path(src).stem))
        issuer_key = entry.issuer_key if entry else site.UNKNOWN
        year = entry.year if entry else site.UNKNOWN
        meta["template"] = "notice.html"
        meta["notice_header"] = site.notice_header(
            meta, script, src, f"{script}/issuers/{issuer_key}.md", f"{script}/years/{year}.md"
        )
        meta["notice_source"] = site.notice_source(meta, script, src, archive.raw.get(str(meta.get("raw") or "")))
        meta["notice_strings"] = site.source_strings(script)
        meta["notice_version"] = versions.notice_note(meta, script, src)
        meta["notice_provenance"] = provenance.provenance(meta, script)
        meta["notice_cite"] = provenance.citation(meta, script, config.site_url or "", page.file.url)
        meta["crumbs"] = site.breadcrumbs(entry, script, src) if entry else []
    for key in RAW_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)
    return markdown


def on_page_content(html, page, config, files):
    from hooks.text import T, t

    if _reused(page):
        return ""
    script = page.meta.get("script")
    if script in T and script != "hans":  # the toc extension writes one permalink title, the Simplified one
        html = html.replace(f'title="{t("hans", "permalink")}"', f'title="{t(script, "permalink")}"')
    return html


def on_page_context(context, page, config, nav):
    """A generated page's sections, rendered from their data by their templates (the theme's
    environment exists from on_env on, after every page's Markdown is rendered)."""
    if _reused(page):
        return context
    generated = STATE.get("generated", {}).get(page.file.src_uri)
    if generated is not None:
        env = STATE["parts_env"]
        script = page.meta.get("script", "hans")

        def render(part) -> str:
            return env.get_template(part.template).render(page=page, config=config, script=script, **part.data)

        page.content = generated.fill(page.content, render)
    return context
