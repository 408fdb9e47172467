"""OCR benchmark on the scanned development corpus: `python -m benchmarks.ocr [--dpi 150,200,300]`.

Also part of `./archive bench` when `../shared/corpus/scanned` is there. For every scanned PDF
(image-only pages) it measures, in a child process pinned to 2 cores (CI's machine):

- seconds per page (wall clock, rendering included) and CPU seconds per page, model loading
  apart (it happens once per process);
- character accuracy against the gold text (title + blocks + signature + date line, whitespace
  removed): 1 − edit distance / gold length, over the whole corpus. Three readings:
  `raw` is the OCR's lines in reading order (top to bottom, left to right on each page), as the
  recogniser wrote them; `raw, widths folded` is the same with full- and half-width forms
  identified (（ = (, ： = :), i.e. the recogniser's characters without the punctuation stage;
  `converted` is the converter's own output for the file (layout, tables, punctuation), when
  the PDF reader is installed;
- peak memory (max RSS) of the child.

`--dpi` repeats the raw measurement at other render resolutions (accuracy against resolution).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "scanned"
CORES = 2


def gold_text(gold: dict) -> str:
    parts = [gold.get("title") or ""]
    for block in gold.get("blocks", []):
        parts.append(block.get("text") or "".join("".join(row) for row in block.get("rows", [])))
    parts += [gold.get("signature") or "", gold.get("date_line") or ""]
    return "".join("".join(parts).split())


def notice_text(notice: dict) -> str:
    """The converter's reading in the gold's terms: signature and date are among its blocks."""
    parts = [notice.get("title") or ""] + [b.get("text") or "" for b in notice.get("blocks", [])]
    return "".join("".join(parts).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999, Hyyrö's formulation): one pass over b
    with a's positions as bits of a Python integer, fast enough for pages of text."""
    if not a:
        return len(b)
    m = len(a)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def fold_widths(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("〔", "[").replace("〕", "]")


def accuracy(pairs: list[tuple[str, str]]) -> float:
    """1 − total edit distance / total gold length over (gold, read) pairs."""
    errors = sum(edit_distance(g, r) for g, r in pairs)
    return 1 - errors / max(sum(len(g) for g, _ in pairs), 1)


def reading_order(pages) -> str:
    """Lines top to bottom, those whose middles fall within one line's height left to right."""
    out = []
    for page in pages:
        band: list = []
        for line in sorted(page.lines, key=lambda ln: (ln.y0 + ln.y1) / 2):
            if band and (line.y0 + line.y1) / 2 > band[0].y1:
                out += [ln.text for ln in sorted(band, key=lambda ln: ln.x0)]
                band = []
            band.append(line)
        out += [ln.text for ln in sorted(band, key=lambda ln: ln.x0)]
    return "".join("".join(out).split())


def _child(corpus: Path, dpis: list[float], convert: bool) -> dict:
    """Runs in the pinned child: everything measured here is the OCR's alone."""
    import pypdfium2 as pdfium

    from converters import ocr

    started = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - started
    files = sorted(corpus.glob("*.pdf"))
    result: dict = {"files": len(files), "model_load_seconds": load, "threads": ocr._threads(), "runs": []}
    for dpi in dpis:
        ocr.DPI = dpi
        pages = 0
        wall = cpu = 0.0
        pairs, folded, issues = [], [], []
        for path in files:
            data = path.read_bytes()
            count = len(pdfium.PdfDocument(data))
            t, c = time.perf_counter(), time.process_time()
            read = ocr.ocr_pdf_pages(data, list(range(count)), issues)
            wall += time.perf_counter() - t
            cpu += time.process_time() - c
            pages += count
            gold = gold_text(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
            text = reading_order(read)
            pairs.append((gold, text))
            folded.append((fold_widths(gold), fold_widths(text)))
        result["runs"].append({"dpi": dpi, "pages": pages, "seconds_per_page": wall / max(pages, 1),
                               "cpu_seconds_per_page": cpu / max(pages, 1), "accuracy_raw": accuracy(pairs),
                               "accuracy_folded": accuracy(folded), "issues": [i.code for i in issues],
                               "per_file": {p.stem: round(accuracy([f]), 4) for p, f in zip(files, folded, strict=True)}})
    ocr.DPI = dpis[0]
    if convert:
        result["converted"] = _converted(files)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _converted(files: list[Path]) -> dict | None:
    """The converter's own output for each scan, when it reads PDFs (the `pdf` reader)."""
    from converters.pipeline import convert_file

    pairs, read_by = [], []
    started = time.perf_counter()
    for path in files:
        notice = convert_file(path)
        if not notice.blocks:
            return None  # no PDF reader in this converter yet
        read_by.append(getattr(notice, "read_by", None))
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        pairs.append((gold_text(gold), notice_text(notice.to_dict())))
    return {"accuracy": accuracy(pairs), "seconds": time.perf_counter() - started, "read_by": read_by}


def measure(corpus: Path = CORPUS, dpis: list[float] | None = None, convert: bool = True) -> dict:
    """Run the measurement in a child process on `CORES` cores; its figures as a dict."""
    dpis = dpis or [200.0]
    cmd = [sys.executable, "-m", "benchmarks.ocr", "--child", "--corpus", str(corpus),
           "--dpi", ",".join(f"{d:g}" for d in dpis)] + ([] if convert else ["--no-convert"])
    cpus = sorted(os.sched_getaffinity(0))[:CORES] if hasattr(os, "sched_getaffinity") else []
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600,
                         preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
    if run.returncode:
        raise RuntimeError(f"OCR benchmark failed:\n{run.stderr[-3000:]}")
    fig = json.loads(run.stdout.strip().splitlines()[-1])
    fig["cores"] = len(cpus) or os.cpu_count()
    return fig


def report(fig: dict) -> str:
    lines = [f"OCR on {fig['files']} scanned PDFs ({fig['runs'][0]['pages']} pages), {fig['cores']} cores, "
             f"{fig['threads']} threads: model loaded once in {fig['model_load_seconds']:.2f} s; "
             f"peak memory {fig['peak_rss_mb']:.0f} MB"]
    for run in fig["runs"]:
        lines.append(f"  {run['dpi']:g} dpi: {run['seconds_per_page']:.2f} s/page "
                     f"({run['cpu_seconds_per_page']:.2f} CPU s/page), "
                     f"character accuracy raw {run['accuracy_raw']:.4f}, widths folded {run['accuracy_folded']:.4f}"
                     + (f"; issues: {', '.join(run['issues'])}" if run["issues"] else ""))
        lines.append("    per file, widths folded: " + ", ".join(f"{k} {v:.3f}" for k, v in run["per_file"].items()))
    conv = fig.get("converted")
    if conv:
        lines.append(f"  converted (layout, tables, punctuation): character accuracy {conv['accuracy']:.4f}, "
                     f"{conv['seconds']:.1f} s for all files")
    elif "converted" in fig:
        lines.append("  converted: the converter does not read PDFs yet")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ocr", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dpi", default="200", help="render resolutions, comma-separated (default 200)")
    parser.add_argument("--no-convert", dest="convert", action="store_false", help="skip the converter's own reading")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    dpis = [float(d) for d in args.dpi.split(",") if d.strip()]
    if args.child:
        print(json.dumps(_child(args.corpus, dpis, args.convert)))
        return 0
    if not any(args.corpus.glob("*.pdf")):
        print(f"no scanned PDFs in {args.corpus}", file=sys.stderr)
        return 1
    fig = measure(args.corpus, dpis, args.convert)
    print(report(fig))
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
