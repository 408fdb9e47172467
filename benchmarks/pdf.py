"""PDF reading benchmark: pages per second for PDFs with a text layer, and peak memory.

`python -m benchmarks.pdf [--dir DIR] [--rounds N] [--json FILE]`; `./archive bench` runs it too.

Reads the development corpus's PDFs (`../shared/corpus/pdf`) when they are there, else PDFs
typeset here (benchmarks' own, with the test's typesetter, in three measures). Measured in a
child process of its own, so that its peak memory is the PDF reader's and nothing else's:

- text layer: `pdf_text.read_pdf` (PDFium in its bounded child), pages per second;
- whole conversion: `pipeline.convert_bytes` (text layer, layout, text stages, structure);
- peak memory: the largest resident set of the measuring process and of the readers it forked.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


def generated(count: int = 12) -> list[tuple[str, bytes]]:
    """PDFs typeset here: a notice of a few pages with headings and a table, in three measures."""
    from tests.pdfmaker import Heading, Measure, Table, typeset

    sentence = "为进一步做好档案整理工作，根据有关规定，经研究决定，现就有关事项通知如下，请各单位结合实际认真贯彻执行。"
    measures = [Measure(), Measure(size=11, title_size=15, left=60, right=540, leading=1.5, header="某某局 公开信息"),
                Measure(size=12, title_size=18, left=70, right=525, indent=0, footer="- {n} -")]
    out = []
    for k in range(count):
        body: list = [sentence * (1 + k % 3)]
        for h in range(1 + k % 4):
            body += [Heading(f"{'一二三四'[h]}、工作安排"), sentence * 2, sentence]
        if k % 2:
            body.append(Table([["序号", "单位", "人数"]] + [[str(i), f"第{i}档案馆", str(i * 3)] for i in range(1, 30)],
                              [50, 200, 80]))
        out.append((f"generated-{k}.pdf", typeset(["某某市档案局关于做好", "档案整理工作的通知"], body,
                                                  ["某某市档案局", "2024年5月20日"], measures[k % 3])))
    return out


def _peak() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


def run(folder: Path | None, rounds: int) -> dict:
    """The figures, measured in this process (see `measure` for a clean child)."""
    import pypdfium2 as pdfium

    from converters.pdf_text import read_pdf
    from converters.pipeline import convert_bytes

    if folder and folder.is_dir() and any(folder.glob("*.pdf")):
        files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.pdf"))]
        source = str(folder)
    else:
        files, source = generated(), "generated"
    pages = 0
    for _, data in files:
        pdf = pdfium.PdfDocument(data)
        pages += len(pdf)
        pdf.close()
    before = _peak()
    read_by: set[str] = set()
    start = time.perf_counter()
    for _ in range(rounds):
        for name, data in files:
            read_by.add(read_pdf(data, name).read_by)
    layer = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for name, data in files:
            convert_bytes(data, name)
    whole = time.perf_counter() - start
    return {"source": source, "files": len(files), "pages": pages, "rounds": rounds,
            "text_layer_pages_per_s": pages * rounds / layer, "convert_pages_per_s": pages * rounds / whole,
            "seconds_per_page": whole / (pages * rounds), "peak_rss": _peak(), "rss_before": before,
            "read_by": sorted(read_by)}


def measure(folder: Path | None = CORPUS, rounds: int = 3, python: str = sys.executable) -> dict:
    """`run` in a child process of its own (its peak memory is the reader's)."""
    cmd = [python, "-m", "benchmarks.pdf", "--json", "-", "--rounds", str(rounds)]
    if folder:
        cmd += ["--dir", str(folder)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-500:]}
    return json.loads(proc.stdout)


def rows(fig: dict) -> list[tuple[str, str, str, str]]:
    """Rows for `benchmarks.run`'s table: (figure, value, target, verdict)."""
    if "error" in fig:
        return [("PDF text layers", f"failed: {fig['error'][-120:]}", "", "")]
    what = f"{fig['files']} PDFs, {fig['pages']} pages ({fig['source']})"
    return [
        ("PDF text layer, pages/s (1 core)", f"{fig['text_layer_pages_per_s']:.1f} ({what})", "", ""),
        ("PDF conversion, pages/s (1 core)", f"{fig['convert_pages_per_s']:.1f} ({fig['seconds_per_page'] * 1000:.0f} ms a page)",
         "", ""),
        ("PDF reading, peak RSS", f"{fig['peak_rss'] / 1024**2:.0f} MB", "", ""),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=None, help=f"folder of PDFs (default: {CORPUS} if present)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON ('-': standard output only)")
    args = parser.parse_args(argv)
    fig = run(args.dir or CORPUS, max(1, args.rounds))
    if args.json == "-":
        print(json.dumps(fig))
        return 0
    for figure, value, _, _ in rows(fig):
        print(f"{figure}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
