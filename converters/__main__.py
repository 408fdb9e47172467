"""Command line: `python -m converters convert FILE... [--json]`,
`python -m converters build NOTICES DOCS [--strict]` and `python -m converters check-links [NOTICES]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .build import DEFAULT_CACHE, build_archive, format_problems, tty_progress
from .lock import BuildLock, LockTimeout
from .markdown import render_markdown
from .pipeline import convert_file
from .scripts import DEFAULT_STANDARD, STANDARDS


def _convert(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: 没有这个文件", file=sys.stderr)
            status = 1
            continue
        notice = convert_file(path, path.parent)
        for issue in notice.warnings:
            print(f"{name}: {issue.severity} [{issue.code}] {issue.message} {issue.excerpt}", file=sys.stderr)
        if args.json:
            data = notice.to_dict()
            data["markdown"] = {s: render_markdown(notice, s, args.traditional) for s in ("hans", "hant")}
            print(json.dumps(data, ensure_ascii=False, sort_keys=False))
        else:
            print(render_markdown(notice, args.script or notice.script, args.traditional))
        if notice.errors:
            status = 1
    return status


def _build(args: argparse.Namespace) -> int:
    lock = BuildLock(DEFAULT_CACHE.parent / "build.lock", lambda text: print(text, file=sys.stderr))
    try:
        lock.acquire()
    except LockTimeout as err:
        print(f"build not started: {err}", file=sys.stderr)
        return 2
    try:
        report = build_archive(Path(args.notices), Path(args.docs), None if args.no_cache else DEFAULT_CACHE,
                               args.jobs, tty_progress, args.traditional)
    except OSError as err:  # docs/ full or read-only: every page is whole (written by rename)
        print(f"build failed: cannot write {err.filename or args.docs}: {err.strerror or err}", file=sys.stderr)
        return 1
    finally:
        lock.release()
    text = format_problems(report)
    if text:
        print(text, file=sys.stderr)
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    print(f"{len(report.notices)} notices published, {report.converted} converted, "
          f"{errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if report.refused or (args.strict and report.problems) else 0


def _check_links(args: argparse.Namespace) -> int:
    from . import links

    folder = Path(args.notices)
    if not folder.is_dir():
        print(f"{args.notices}: 没有这个文件夹", file=sys.stderr)
        return 2
    found, notes = links.collect(folder)
    results, left = links.check_links(found, args.limit, args.timeout, args.jobs)
    lines, broken = links.report(found, results, left, notes, args.quiet)
    print("\n".join(lines), flush=True)
    return 1 if broken else 0


def _at_least(low: float, kind: type):
    def parse(text: str):
        value = kind(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}")
        return value
    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m converters", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="convert raw notices and print Markdown or JSON lines")
    conv.add_argument("files", nargs="+")
    conv.add_argument("--json", action="store_true", help="one JSON object per notice per line")
    conv.add_argument("--script", choices=("hans", "hant"), help="Markdown script (default: the original)")
    conv.set_defaults(func=_convert)
    help_std = f"Traditional standard: s2tw (Taiwan), s2hk (Hong Kong), s2t (OpenCC); default {DEFAULT_STANDARD}"
    conv.add_argument("--traditional", choices=STANDARDS, default=DEFAULT_STANDARD, help=help_std)
    build = sub.add_parser("build", help="convert a notices folder into docs/{hans,hant}/notices")
    build.add_argument("notices")
    build.add_argument("docs")
    build.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too, not only errors")
    build.add_argument("--no-cache", action="store_true")
    build.add_argument("--traditional", choices=STANDARDS, default=DEFAULT_STANDARD, help=help_std)
    build.set_defaults(func=_build)
    check = sub.add_parser("check-links", help="report the notices whose source_url no longer answers")
    check.add_argument("notices", nargs="?", default="notices", help="the notices folder (default: notices)")
    check.add_argument("--limit", type=_at_least(0, int), default=200, help="at most this many URLs (default 200)")
    check.add_argument("--timeout", type=_at_least(0.1, float), default=10.0, help="seconds per request (default 10)")
    check.add_argument("--jobs", type=_at_least(1, int), default=4, help="requests at a time (default 4)")
    check.add_argument("--quiet", action="store_true", help="print only broken links and the summary")
    check.set_defaults(func=_check_links)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `… --json | head`: the reader left; no traceback for that
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
