"""Archive scale benchmark: `./archive bench [--n 1000] [--keep DIR] [--json FILE]`
(`./archive bench --traditional`: the Traditional conversion benchmark, benchmarks.traditional).

Generates N raw notices (benchmarks.generate), then, in a temporary working copy of the site
(mkdocs.yml, hooks/, overrides/, docs/ without docs/*/notices, and a snapshot of converters/ so
that edits made meanwhile do not change the converter version between builds), measures:

- conversion throughput: `converters.build.build_archive` on all cores with a fresh cache,
  in MB/s of raw notice bytes (and on 2 cores when the machine has more);
- full site build: `mkdocs build --strict` with a cold converter cache;
- rebuild after adding one notice: time, and how many notices the hook reconverted
  (from its "archive: … N reconverted" log line, else counted with build_archive and a copy
  of the warm cache);
- the index page (hans): bytes and DOM elements, against a budget that holds at any N;
- site size, median and largest notice page (HTML plus the files only that notice links to,
  such as its raw copies; not the search index), the search index one script's reader may load
  and its ratio to the UTF-8 bytes of that script's notices' Markdown without front matter; with
  --search, also first-result latency and recall@10 in Chromium (benchmarks.search_latency);
- peak memory: max RSS of each child process (os.wait4) and of all children
  (resource.getrusage(RUSAGE_CHILDREN));
- PDF reading (benchmarks.pdf): pages per second for PDFs with a text layer (the development
  corpus's PDFs when present, else PDFs typeset for the benchmark) and the reader's peak memory;
- the yardstick: a bare `mkdocs build` of the same generated Markdown pages with a minimal
  mkdocs.yml (theme material, no hooks, search plugin with lang en, jieba made unimportable so
  Material does not segment Han text), and the ratio full build / yardstick.

Each figure is printed next to its target (PASS/FAIL). Targets for N=5000 (≤ 10 min, ≤ 4 GB) are
extrapolated linearly ("est.") when N is not 5000. If conversion is below 5 MB/s the converter is
profiled with cProfile on a sample (single process) and the hot spots are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import pdf as pdf_bench
from .generate import generate, notice_name, notice_text

ROOT = Path(__file__).resolve().parent.parent
MB = 1e6
TARGET_RATIO = 1.5
TARGET_PAGE = 150 * 1024
TARGET_MBPS = 5.0
TARGET_5000_SECONDS = 600
TARGET_5000_BYTES = 4 * 1024**3
RECONVERTED = re.compile(r"(\d+) reconverted")
REUSED = re.compile(r"(\d+) of (\d+) notice pages and (\d+) of (\d+) listing pages written again")
TARGET_ADD_ONE = 0.10  # a rebuild after adding one notice, as a share of the full build (issue #17)
YARDSTICK_YML = """\
site_name: Yardstick
theme:
  name: material
plugins:
  - search:
      lang: en
nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def copy_site(work: Path) -> None:
    """mkdocs.yml, hooks/, overrides/ and docs/ minus the generated docs/*/notices."""
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("hooks", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name, ignore=ignore)
    docs = ROOT / "docs"

    def skip_notices(folder: str, names: list[str]) -> set[str]:
        skip = set(ignore(folder, names))
        if Path(folder).parent == docs:  # docs/<script>/notices
            skip |= {n for n in names if n == "notices"}
        return skip

    if docs.is_dir():
        shutil.copytree(docs, work / "docs", ignore=skip_notices)
    else:
        (work / "docs").mkdir()
    # A snapshot of the converters, imported by the hook (from the site root) and by this process: the
    # converter version, hence the cache keys, must not change between the build and the rebuild even if
    # someone edits converters/ meanwhile.
    shutil.copytree(ROOT / "converters", work / "converters", ignore=ignore)


def git_state() -> dict:
    """Commit and uncommitted changes of the files the benchmark copies."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    paths = ["mkdocs.yml", "hooks", "overrides", "docs", "converters"]
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "modified": git("status", "--porcelain", "--", *paths).splitlines()}


def run_child(cmd: list[str], cwd: Path, env: dict[str, str], log_file: Path) -> dict:
    """Run a command; its wall time, exit code, max RSS (bytes) and log text."""
    start = time.perf_counter()
    with log_file.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    text = log_file.read_text(encoding="utf-8", errors="replace")
    return {"seconds": seconds, "returncode": proc.returncode, "max_rss": usage.ru_maxrss * 1024, "log": text}


def mkdocs(work: Path, log_file: Path, *, strict: bool = True, pythonpath: list[Path] = ()) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*map(str, pythonpath), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("ARCHIVE_OFFLINE", None)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", *(["--strict"] if strict else [])]
    result = run_child(cmd, work, env, log_file)
    if result["returncode"]:
        tail = "\n".join(result["log"].splitlines()[-15:])
        log(f"{' '.join(cmd[2:])} in {work} exited with {result['returncode']}:\n{tail}")
    return result


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.links.append(value)


def local_files(page: Path, site: Path) -> set[Path]:
    """Files in the site that a page links to or loads (not pages, not other sites)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    found = set()
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.suffix != ".html" and target.is_relative_to(site.resolve()):
            found.add(target)
    return found


TARGET_INDEX_BYTES, TARGET_INDEX_ELEMENTS = 500 * 1024, 15_000  # the index page at any N (issue #14)


def index_page_size(site: Path) -> dict:
    """The Simplified index page: bytes and DOM elements (what the browser builds and lays out)."""
    from bs4 import BeautifulSoup

    page = site / "hans" / "index.html"
    if not page.is_file():
        return {}
    html = page.read_text(encoding="utf-8")
    return {"bytes": len(html.encode()), "elements": len(BeautifulSoup(html, "html.parser").find_all(True))}


def page_sizes(site: Path) -> dict:
    """Notice pages: HTML plus the files that only this notice links to (raw copies…)."""
    pages = sorted(site.glob("*/notices/*.html"))
    links = {page: local_files(page, site) for page in pages}
    owners: dict[Path, set[str]] = {}
    for page, files in links.items():
        for f in files:
            owners.setdefault(f, set()).add(page.stem)
    sizes = {}
    for page, files in links.items():
        own = [f for f in files if owners[f] == {page.stem}]
        sizes[page] = (page.stat().st_size, sum(f.stat().st_size for f in own))
    if not sizes:
        return {"pages": 0}
    totals = {p: html + own for p, (html, own) in sizes.items()}
    largest = max(totals, key=totals.get)
    return {
        "pages": len(sizes),
        "median_bytes": int(statistics.median(totals.values())),
        "median_html_bytes": int(statistics.median(h for h, _ in sizes.values())),
        "largest_bytes": totals[largest],
        "largest_html_bytes": sizes[largest][0],
        "largest_page": largest.relative_to(site).as_posix(),
    }


def search_index_bytes(site: Path) -> int:
    """The search index of one script: what a reader of the Simplified pages may load (the
    archive's own index, see benchmarks.search_latency.index_bytes), else Material's index."""
    from .search_latency import index_bytes

    if (site / "search" / "meta.js").is_file():
        return index_bytes(site, "hans")[0]
    return sum(p.stat().st_size for p in site.rglob("search_index.json"))


def text_bytes(docs: Path) -> int:
    """UTF-8 bytes of the Simplified notices' Markdown without front matter."""
    from .search_latency import text_bytes as script_text_bytes

    return script_text_bytes(docs, "hans")


def markdown_bytes(docs: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").encode()) for p in docs.glob("*/notices/*.md"))


def convert(notices: Path, docs: Path, cache: Path, jobs: int | None) -> dict:
    from converters.build import build_archive

    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(docs, ignore_errors=True)
    raw = sum(p.stat().st_size for p in notices.iterdir() if p.is_file())
    start = time.perf_counter()
    report = build_archive(notices, docs, cache_dir=cache, jobs=jobs)
    seconds = time.perf_counter() - start
    codes: dict[str, int] = {}
    for _, issue in report.problems:
        codes[issue.code] = codes.get(issue.code, 0) + 1
    return {"jobs": jobs or os.cpu_count(), "seconds": seconds, "raw_bytes": raw, "mb_per_s": raw / MB / seconds,
            "converted": report.converted, "published": len(report.notices), "problems": codes}


def profile(notices: Path, count: int, top: int = 25) -> str:
    """cProfile of converting `count` notices in this process (no cache): the hot spots."""
    from converters.build import _convert_one
    from converters.scripts import DEFAULT_STANDARD

    files = sorted(notices.iterdir())[:count]
    _convert_one((str(files[0]), str(notices), None, DEFAULT_STANDARD))  # warm-up: imports, dictionaries, OpenCC
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    for f in files:
        _convert_one((str(f), str(notices), None, DEFAULT_STANDARD))
    prof.disable()
    seconds = time.perf_counter() - start
    raw = sum(f.stat().st_size for f in files)
    out = io.StringIO()
    out.write(f"cProfile: {len(files)} notices, {raw / MB:.2f} MB in {seconds:.2f} s under the profiler "
              f"({raw / MB / seconds:.2f} MB/s on one core)\n")
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    text = out.getvalue().replace(str(ROOT) + os.sep, "")
    return re.sub(r"\n{3,}", "\n\n", text)


def verdict(ok: bool | None, estimated: bool = False) -> str:
    if ok is None:
        return "n/a"
    return ("est. " if estimated else "") + ("PASS" if ok else "FAIL")


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def bench(n: int, work: Path, seed: int, do_profile: bool | None) -> dict:
    fig: dict = {"n": n, "seed": seed, "cpus": os.cpu_count(), "python": sys.version.split()[0], "git": git_state()}
    copy_site(work)
    sys.path.insert(0, str(work))  # this process converts with the same snapshot of converters/
    notices = work / "notices"
    log(f"generating {n} notices in {notices}")
    start = time.perf_counter()
    generate(n, notices, seed)
    fig["generate_seconds"] = time.perf_counter() - start
    fig["raw_bytes"] = sum(p.stat().st_size for p in notices.iterdir())

    # 1. Converter throughput (this process + its worker pool), fresh cache.
    scratch = work / ".bench"
    log("converting with build_archive on all cores, fresh cache")
    fig["convert"] = convert(notices, scratch / "docs", scratch / "cache", None)
    if (os.cpu_count() or 1) > 2:
        log("converting with build_archive on 2 cores, fresh cache")
        fig["convert_2_cores"] = convert(notices, scratch / "docs", scratch / "cache", 2)
    else:
        fig["convert_2_cores"] = fig["convert"] if os.cpu_count() == 2 else None
    shutil.rmtree(scratch / "cache", ignore_errors=True)
    fig["markdown_bytes"] = markdown_bytes(scratch / "docs")

    # 2. Full site build, cold converter cache.
    shutil.rmtree(work / ".cache", ignore_errors=True)
    log("full build: mkdocs build --strict, cold converter cache")
    full = mkdocs(work, work / "build-full.log")
    fig["full_build"] = {k: full[k] for k in ("seconds", "returncode", "max_rss")}
    match = RECONVERTED.search(full["log"])
    fig["full_build"]["reconverted"] = int(match[1]) if match else None
    site = work / "site"
    fig["site_bytes"] = tree_size(site) if site.is_dir() else None
    fig["site_files"] = sum(1 for p in site.rglob("*") if p.is_file()) if site.is_dir() else None
    fig["notice_pages"] = page_sizes(site) if site.is_dir() else {"pages": 0}
    fig["index_page"] = index_page_size(site) if site.is_dir() else {}
    fig["search_index_bytes"] = search_index_bytes(site) if site.is_dir() else None
    fig["archive_text_bytes"] = text_bytes(work / "docs")
    if fig["search_index_bytes"] is not None and fig["archive_text_bytes"]:
        fig["search_index_ratio"] = fig["search_index_bytes"] / fig["archive_text_bytes"]

    # 3. The yardstick: the same Markdown, bare MkDocs + Material, search without jieba.
    yard = work / "yardstick"
    shutil.rmtree(yard, ignore_errors=True)
    (yard / "docs").mkdir(parents=True)
    (yard / "mkdocs.yml").write_text(YARDSTICK_YML, encoding="utf-8")
    (yard / "docs" / "index.md").write_text("# Yardstick\n", encoding="utf-8")
    for md in (work / "docs").glob("*/notices/*.md"):
        target = yard / "docs" / md.relative_to(work / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(md, target)
    hide = yard / "hide-jieba"
    hide.mkdir()
    (hide / "jieba.py").write_text('raise ImportError("jieba hidden by benchmarks.run (yardstick)")\n', encoding="utf-8")
    log("yardstick: bare mkdocs build of the same Markdown (no hooks, search lang en, no jieba)")
    plain = mkdocs(yard, work / "build-yardstick.log", strict=False, pythonpath=[hide])
    fig["yardstick"] = {k: plain[k] for k in ("seconds", "returncode", "max_rss")}
    ysite = yard / "site"
    if ysite.is_dir():
        fig["yardstick"]["site_bytes"] = tree_size(ysite)
        fig["yardstick"]["search_index_bytes"] = search_index_bytes(ysite)
        fig["yardstick"]["pages"] = sum(1 for _ in ysite.glob("*/notices/*/index.html"))
    fig["full_over_yardstick"] = full["seconds"] / plain["seconds"]

    # 4. Rebuild with nothing changed, then after adding one notice (warm cache, previous site).
    log("rebuild with nothing changed: mkdocs build --strict")
    same = mkdocs(work, work / "build-unchanged.log")
    fig["rebuild_unchanged"] = {k: same[k] for k in ("seconds", "returncode", "max_rss")}
    reused = REUSED.search(same["log"])
    fig["rebuild_unchanged"]["pages_reused"] = f"{reused[1]} of {reused[2]} + {reused[3]} of {reused[4]}" if reused else None
    keep_cache = None
    if not match:  # the hook does not say how many it reconverted: count with a copy of the warm cache
        keep_cache = scratch / "warm-cache"
        shutil.rmtree(keep_cache, ignore_errors=True)
        if (work / ".cache" / "converters").is_dir():
            shutil.copytree(work / ".cache" / "converters", keep_cache)
    text = notice_text(n, seed)
    (notices / notice_name(n, text)).write_text(text, encoding="utf-8")
    log("rebuild after adding one notice: mkdocs build --strict, warm converter cache")
    again = mkdocs(work, work / "build-rebuild.log")
    fig["rebuild"] = {k: again[k] for k in ("seconds", "returncode", "max_rss")}
    reused = REUSED.search(again["log"])
    fig["rebuild"]["pages_reused"] = f"{reused[1]} of {reused[2]} + {reused[3]} of {reused[4]}" if reused else None
    match = RECONVERTED.search(again["log"])
    if match:
        fig["rebuild"]["converted"], fig["rebuild"]["counted_by"] = int(match[1]), "hook log"
    else:
        from converters.build import build_archive

        report = build_archive(notices, scratch / "docs", cache_dir=keep_cache, jobs=1)
        fig["rebuild"]["converted"], fig["rebuild"]["counted_by"] = report.converted, "build_archive, warm cache"

    fig["peak_rss_children"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    fig["peak_rss_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    log("PDF reading: text layers and whole conversions (benchmarks.pdf)")
    fig["pdf"] = pdf_bench.measure()

    slow = fig["convert_2_cores"] and fig["convert_2_cores"]["mb_per_s"] < TARGET_MBPS
    if do_profile or (do_profile is None and slow):
        log("profiling the converter (cProfile, one process)")
        fig["profile"] = profile(notices, min(40, n))
    return fig


def targets(fig: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) rows."""
    rows = []
    c = fig["convert"]
    average = fig["raw_bytes"] / fig["n"] / 1e3
    rows.append(("raw notices", f"{fig['n']} files, {fig['raw_bytes'] / MB:.1f} MB ({average:.1f} KB avg)", "", ""))
    c2 = fig.get("convert_2_cores")
    same = c2 is c or c2 == c
    rows.append((f"conversion, all {c['jobs']} cores", f"{c['mb_per_s']:.2f} MB/s ({c['seconds']:.1f} s, "
                 f"{c['converted']} converted)", f"≥ {TARGET_MBPS:g} MB/s" if same else "",
                 verdict(c["mb_per_s"] >= TARGET_MBPS) if same else ""))
    if not same:
        rows.append(("conversion, 2 cores", f"{c2['mb_per_s']:.2f} MB/s" if c2 else "n/a (fewer than 2 cores)",
                     f"≥ {TARGET_MBPS:g} MB/s", verdict(c2["mb_per_s"] >= TARGET_MBPS if c2 else None)))
    fb, ys = fig["full_build"], fig["yardstick"]
    status = "" if fb["returncode"] == 0 else f" (exit {fb['returncode']})"
    rows.append(("full build (--strict, cold cache)", f"{fb['seconds']:.1f} s{status}", "", verdict(fb["returncode"] == 0)))
    rows.append(("yardstick (bare mkdocs build)", f"{ys['seconds']:.1f} s" + ("" if ys["returncode"] == 0 else
                 f" (exit {ys['returncode']})"), "", ""))
    ratio = fig["full_over_yardstick"]
    rows.append(("full build / yardstick", f"{ratio:.2f}×", f"≤ {TARGET_RATIO}×", verdict(ratio <= TARGET_RATIO)))
    ru = fig.get("rebuild_unchanged")
    if ru:
        rows.append(("rebuild, nothing changed", f"{ru['seconds']:.1f} s = {ru['seconds'] / fb['seconds']:.0%} of the full "
                     f"build ({ru['pages_reused'] or '?'} notice + listing pages reused)", "", verdict(ru["returncode"] == 0)))
    rb = fig["rebuild"]
    share = rb["seconds"] / fb["seconds"]
    rows.append(("rebuild after adding 1 notice", f"{rb['seconds']:.1f} s = {share:.0%} of the full build "
                 f"({rb.get('pages_reused') or '?'} notice + listing pages reused)", f"≤ {TARGET_ADD_ONE:.0%}",
                 verdict(rb["returncode"] == 0 and share <= TARGET_ADD_ONE)))
    rows.append(("  notices converted for it", f"{rb['converted']} ({rb['counted_by']})", "= 1", verdict(rb["converted"] == 1)))
    if fig["site_bytes"] is not None:
        rows.append(("site size", f"{human(fig['site_bytes'])} in {fig['site_files']} files", "", ""))
    pages = fig["notice_pages"]
    if pages.get("pages"):
        rows.append(("notice page, median", f"{human(pages['median_bytes'])} (HTML {human(pages['median_html_bytes'])})",
                     "", ""))
        rows.append(("notice page, largest", f"{human(pages['largest_bytes'])} (HTML {human(pages['largest_html_bytes'])}, "
                     f"{pages['largest_page']})", "≤ 150 KB", verdict(pages["largest_bytes"] <= TARGET_PAGE)))
    index = fig.get("index_page") or {}
    if index:
        ok = index["bytes"] <= TARGET_INDEX_BYTES and index["elements"] <= TARGET_INDEX_ELEMENTS
        rows.append(("index page (hans)", f"{human(index['bytes'])}, {index['elements']} elements",
                     "≤ 500 KB, ≤ 15000 elements", verdict(ok)))
    if fig.get("search_index_bytes") is not None:
        ratio = fig.get("search_index_ratio")
        rows.append(("search index, one script", f"{human(fig['search_index_bytes'])} = {ratio:.2f}× the notices' text "
                     f"({human(fig['archive_text_bytes'])})" if ratio else human(fig["search_index_bytes"]),
                     "≤ 1×", verdict(ratio <= 1) if ratio else ""))
        if ys.get("search_index_bytes"):
            rows.append(("  yardstick search index", human(ys["search_index_bytes"]), "", ""))
    rows.append(("peak RSS, full build", human(fb["max_rss"]), "", ""))
    rows.append(("peak RSS, rebuild", human(rb["max_rss"]), "", ""))
    rows.append(("peak RSS, yardstick", human(ys["max_rss"]), "", ""))
    rows.append(("peak RSS, any child (RUSAGE_CHILDREN)", human(fig["peak_rss_children"]), "", ""))
    rows.append(("peak RSS, this process", human(fig["peak_rss_self"]), "", ""))
    if fig.get("pdf"):
        rows += pdf_bench.rows(fig["pdf"])
    scale = 5000 / fig["n"]
    est = fig["n"] != 5000
    seconds, memory = fb["seconds"] * scale, max(fb["max_rss"], fig["peak_rss_children"]) * (scale if est else 1)
    label = "N=5000 full build" + (f" (×{scale:.3g} from N={fig['n']})" if est else "")
    rows.append((label, f"{seconds / 60:.1f} min", "≤ 10 min", verdict(seconds <= TARGET_5000_SECONDS, est)))
    rows.append(("N=5000 peak memory" + (" (linear est., upper bound)" if est else ""), human(memory), "≤ 4 GB",
                 verdict(memory <= TARGET_5000_BYTES, est)))
    return rows


def table(rows: list[tuple[str, str, str, str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    out = []
    for row in rows:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _width(text: str) -> int:
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of generated notices (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR (must be empty or missing) and keep it: notices, docs, site, logs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--search", action="store_true",
                        help="also measure search latency and recall@10 in Chromium (benchmarks.search_latency)")
    parser.add_argument("--traditional", action="store_true",
                        help="only the Traditional conversion benchmark (benchmarks.traditional)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--profile", action="store_true", default=None, help="always profile the converter")
    group.add_argument("--no-profile", dest="profile", action="store_false", help="never profile the converter")
    args = parser.parse_args(argv)
    if args.traditional:
        from .traditional import main as traditional

        return traditional([])
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        work, tmp = args.keep.resolve(), None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="archive-bench-")
        work = Path(tmp.name)
    try:
        start = time.perf_counter()
        fig = bench(args.n, work, args.seed, args.profile)
        fig["total_seconds"] = time.perf_counter() - start
        if args.search and (work / "site").is_dir():
            from .search_latency import measure

            log("search latency and recall@10 in Chromium (benchmarks.search_latency)")
            fig["search"] = measure(work / "site", work / "docs", log=lambda *_: None)
    finally:
        if tmp:
            tmp.cleanup()
    rows = targets(fig)
    fig["targets"] = [{"figure": r[0], "value": r[1], "target": r[2], "verdict": r[3]} for r in rows if r[3]]
    print(f"Archive scale benchmark: N={fig['n']}, seed {fig['seed']}, {fig['cpus']} CPUs, Python {fig['python']}, "
          f"{fig['total_seconds']:.0f} s in all" + (f", kept in {work}" if args.keep else ""))
    git = fig["git"]
    print(f"code: commit {git['commit'] or '?'}" + (f" + {len(git['modified'])} uncommitted changes" if git["modified"] else ""))
    print(table([("figure", "value", "target", ""), *rows]))
    problems = fig["convert"]["problems"]
    if problems:
        print("converter problems: " + ", ".join(f"{k} {v}" for k, v in sorted(problems.items(), key=lambda kv: -kv[1])))
    if fig.get("search"):
        from .search_latency import print_report

        print_report(fig["search"])
    if fig.get("profile"):
        print()
        print(fig["profile"])
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = fig["full_build"]["returncode"] or fig["rebuild"]["returncode"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
