"""MkDocs hook: the archive's search index, built beside the page rendering.

Events only; the index itself is hooks/search_index.py (built from what changed by
hooks/search_build.py), the reader's side assets/search/worker.js.
- on_pre_build: the previous build's index is moved aside before MkDocs empties the site, so that
  its unchanged files can be moved back.
- on_config: the worker's URL carries a hash of its code (overrides/main.html puts it in
  Material's config), so a changed worker is never taken from a browser's cache.
- on_files: the notices are converted (hooks/archive.py, on_pre_build) and the site folder is
  clean, so start building the index into site/search/ in a second process: MkDocs renders pages
  on one core while the index is built on the other.
- on_post_build: wait for it, then write the small search_index.json (and .js for file://) that
  Material's UI loads per script (its `config` carries the index version and the page's script).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search")
STATE: dict = {}
# Material's highlighter splits the `h` parameter of a result link at this separator.
SEPARATOR = r"[\s\u200b]+"


WORKER = "assets/search/worker.js"


def on_config(config):
    """Name the worker with a hash of its code (`?v=`), so that browsers holding an older worker
    in their cache fetch the new one with the new index."""
    worker = Path(config.docs_dir) / WORKER
    digest = hashlib.sha1(worker.read_bytes()).hexdigest()[:10] if worker.is_file() else "0"
    config.extra["search_worker"] = f"{WORKER}?v={digest}"
    return config


PREVIOUS = ".previous-search-"  # + pid: the previous build's index, moved aside while MkDocs empties the site


def on_pre_build(config):
    """Move the previous build's index out of the way of MkDocs' cleaning, when a record of it
    says what it was made from (hooks/search_build.py): its unchanged files are moved back."""
    from hooks.incremental import remove_leftovers
    from hooks.search_build import record_path

    site_dir = Path(config.site_dir)
    root = Path(config.config_file_path).resolve().parent
    STATE["record"] = record_path(root / ".cache", site_dir)
    STATE["previous"] = None
    remove_leftovers(site_dir, PREVIOUS)
    current, previous = site_dir / "search", site_dir / f"{PREVIOUS}{os.getpid()}"
    if STATE["record"].is_file() and current.is_dir() and not current.is_symlink():
        try:
            os.replace(current, previous)
            STATE["previous"] = previous
        except OSError as err:
            log.info("search: previous index not reused (%s)", err)


def _start(docs_dir: Path, out_dir: Path) -> Future:
    from converters.atomic import die_with_parent
    from hooks import search_build

    shutil.rmtree(out_dir, ignore_errors=True)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    future = pool.submit(search_build.build_from_docs, docs_dir, out_dir, STATE.get("record"), STATE.get("previous"))
    pool.shutdown(wait=False)
    return future


def _drop_previous() -> None:
    previous = STATE.pop("previous", None)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


@event_priority(-200)  # after hooks/archive.py has added the generated pages
def on_files(files, config):
    STATE["future"] = _start(Path(config.docs_dir), Path(config.site_dir) / "search")
    return files


@event_priority(-200)  # after every other post-build step
def on_post_build(config):
    future: Future | None = STATE.pop("future", None)
    if future is None:
        return
    waited = time.perf_counter()
    try:
        figures = future.result()
    except Exception as exc:  # the child's traceback is in the chained exception
        raise PluginError(f"search index: {exc}") from exc
    finally:
        _drop_previous()
    from converters.atomic import write_atomic

    site_dir = Path(config.site_dir)
    for script in ("hans", "hant"):
        stub = {
            "config": {"lang": ["zh"], "separator": SEPARATOR, "pipeline": [],
                       "archive": {"script": script, "version": figures["version"]}},
            "docs": [],
        }
        text = json.dumps(stub, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        out = site_dir / script / "search"
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / "search_index.json", text)
        # From file:// Material loads the index with a <script> element instead of fetch().
        write_atomic(out / "search_index.js", f"var __index = {text}")
    waited = time.perf_counter() - waited
    log.info(
        "search: %d notices, index %.1f MB for %.1f MB of text per script (%.2f×), %d of %d files as they were; "
        "built in %s s, the build waited %.1f s for it",
        figures["notices"], figures["index_bytes"]["hans"] / 1e6, figures["text_bytes"]["hans"] / 1e6,
        figures["index_bytes"]["hans"] / max(1, figures["text_bytes"]["hans"]), figures["reused"], figures["files"],
        " + ".join(f"{v:.1f} ({k})" for k, v in figures["seconds"].items()), waited,
    )


def on_build_error(error):
    _drop_previous()
