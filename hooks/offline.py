"""Build the offline bundle: `python -m hooks.offline` (run by `./archive offline`).

Builds the site with Material's offline plugin (ARCHIVE_OFFLINE=true, see mkdocs.yml) into a
temporary directory and writes a deterministic zip: entries sorted, one fixed timestamp, fixed
permissions, everything under one top folder. Unzip it anywhere and open index.html from the
file system: pages, search (search_index.js + the vendored iframe-worker shim) and raw files
work without a server and without any request leaving the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = "archive-offline"
# 1980-01-01 is the earliest time a zip can store; a fixed value keeps the bytes reproducible.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Source maps are for debugging Material itself; they would add ~40% to the bundle.
SKIP_SUFFIXES = (".map",)


def build_site(site_dir: Path, config: Path) -> None:
    env = dict(os.environ, ARCHIVE_OFFLINE="true")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site_dir)]
    subprocess.run(cmd, cwd=config.parent, env=env, check=True)


def write_zip(site_dir: Path, out: Path, top: str = TOP) -> int:
    """Zip site_dir deterministically; returns the number of files."""
    files = sorted(
        (p for p in site_dir.rglob("*") if p.is_file() and not p.name.endswith(SKIP_SUFFIXES)),
        key=lambda p: p.relative_to(site_dir).as_posix(),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, regardless of the building OS
            zf.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(out)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.offline", description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "dist" / "archive-offline.zip")
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, help="keep the built offline site here (default: temporary)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="archive-offline-") as tmp:
        site_dir = args.site_dir.resolve() if args.site_dir else Path(tmp) / "site"
        build_site(site_dir, args.config_file.resolve())
        count = write_zip(site_dir, args.output)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 1e6:.1f} MB, {time.monotonic() - started:.1f} s")
    print(f"Unzip it and open {TOP}/index.html in a browser; no server or network needed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
