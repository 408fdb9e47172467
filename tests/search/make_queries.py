"""Regenerate tests/search/queries.yml: the search query set and, for each query, the notices it
must find, computed by an oracle that is independent of any search engine.

    .venv/bin/python -m tests.search.make_queries [--out tests/search/queries.yml]
                                                 [--generated-docs DIR] [--n 1000]

The queries are the QUERIES list below (category, script of the page it is typed on, query, why).
For each query the oracle

1. converts the query to Simplified with OpenCC (t2s), whatever script it is typed in;
2. splits it at spaces into terms (a query with a space means AND: every term must occur);
3. lists every notice whose converted Simplified Markdown (title from the front matter + the body
   without front matter, HTML tags and heading marks removed, HTML entities decoded) contains
   every term, separately for

   - the sample archive: `converters.build.build_archive(notices/, DOCS)` (ids like 000_cba325303ee0ceab);
   - the generated archive of N = 1000 notices: `python -m benchmarks.generate 1000 RAW` (seed 0)
     then `build_archive(RAW, DOCS)` (ids like 00000_c3d636c1e99a705c). generate(n) is a prefix of
     generate(1000), so the expected ids of a smaller generated archive are the ids below n.

A phrase never matches across two paragraphs (each paragraph is one line of the Markdown), so
what the oracle finds is what a reader would see on the page. The expected ids are written out in
queries.yml, so the query set is data in the repository; after a converter change that alters the
text, rerun this script and review the diff (the table it prints gives the counts per query,
including within the first 120 generated notices, the archive tests/test_search.py builds).

`--generated-docs DIR` reuses a docs folder already built from generate(1000) (DIR/hans/notices);
without it the archive is generated and converted in a temporary folder (about 20 s on 2 cores).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "queries.yml"
TEST_SITE_N = 120  # the generated notices tests/test_search.py builds (for the review table only)

# (category, script of the page it is typed on, query, why)
QUERIES: list[tuple[str, str, str, str]] = [
    # Both scripts: the same words typed on Simplified and on Traditional pages.
    ("script", "hans", "巡视整改", "the archive's core term, Simplified"),
    ("script", "hant", "巡視整改", "the same term typed in Traditional on a Traditional page"),
    ("script", "hans", "港澳办", "short name of the Hong Kong and Macao office, Simplified"),
    ("script", "hant", "港澳辦", "the same short name in Traditional (办/辦)"),
    ("script", "hans", "横琴", "place name, Simplified 横"),
    ("script", "hant", "橫琴", "the same place, Traditional 橫"),
    ("script", "hans", "粤港澳大湾区", "programme name, Simplified"),
    ("script", "hant", "粵港澳大灣區", "programme name, Traditional (粤/粵, 湾/灣, 区/區)"),
    # Sub-words of long agency and programme names (a segmenter keeps the long word whole).
    ("subword", "hans", "农业", "inside 农业农村厅 (issuers such as 中共湖南省农业农村厅党组)"),
    ("subword", "hans", "港澳", "inside 港澳事务办公室 / 港澳办 / 粤港澳"),
    ("subword", "hans", "事务办公室", "tail of 港澳事务办公室"),
    ("subword", "hant", "事務辦", "crosses the word boundary 事務|辦公室"),
    ("subword", "hans", "营商环境", "inside the title topic 优化营商环境工作情况"),
    ("subword", "hans", "城乡建设", "inside 住房和城乡建设厅"),
    ("subword", "hans", "医疗保障", "inside 医疗保障局 and 医疗保障领域"),
    ("subword", "hans", "侨务", "inside 人民政府侨务办公室"),
    ("subword", "hant", "壯族", "inside 廣西壯族自治區"),
    ("subword", "hans", "第九轮巡视", "inside 十九届中央第九轮巡视整改"),
    # Phrases that cross a hard line wrap in the raw PDF-layout text (joined by the converter).
    ("wrap", "hans", "中国共产党巡视工作条例", "001: 《中国共产党巡 / 视工作条例》 on two raw lines"),
    ("wrap", "hans", "省委第十巡视组", "001: …，省委 / 第十巡视组对… on two raw lines"),
    ("wrap", "hans", "2022年5月中旬", "001: 2022 年 5 月 / 中旬 (a wrap and stray spaces)"),
    ("wrap", "hant", "粵港澳青少年交往交流交融", "001: 青少年交 / 往交流交融, typed in Traditional"),
    ("wrap", "hans", "云南省发展和改革委员会", "00019 (PDF layout): 云南省发展 / 和改革委员会"),
    ("wrap", "hans", "贵州省交通运输厅", "00056 (PDF layout): 贵州省交 / 通运输厅"),
    ("wrap", "hant", "自治區發展和改革委員會", "00066 (PDF layout, Traditional): 自治區發展 / 和改革委員會"),
    ("wrap", "hans", "琴澳引才聚才", "00064 (PDF layout): 促进琴 / 澳引才聚才"),
    # Dates and numbers.
    ("number", "hans", "2023年3月", "a month: the signing date of 000"),
    ("number", "hans", "第十五巡视组", "inspection team number, Chinese numerals"),
    ("number", "hant", "第十五巡視組", "the same in Traditional"),
    ("number", "hans", "010-68576785", "telephone number of 000"),
    ("number", "hans", "510031", "postcode of 001"),
    ("number", "hant", "0756-8938790", "telephone number of 002, typed on a Traditional page"),
    ("number", "hans", "0958-60029297", "telephone number of generated notice 00000"),
    ("number", "hans", "2023年10月28日", "full signing date of generated notice 00000"),
    # Names of people and places.
    ("name", "hans", "蔡奇", "person named in 003"),
    ("name", "hant", "郭文奇", "person named in 003, on a Traditional page"),
    ("name", "hant", "王東峰", "person named in 004, Traditional (东/東)"),
    ("name", "hans", "广州市越秀区", "address in 001"),
    ("name", "hans", "澳门新街坊", "project name in 002"),
    # Issuers.
    ("issuer", "hans", "中共国务院港澳事务办公室党组", "issuer of 000 (signature)"),
    ("issuer", "hans", "中共广东省委横琴工委", "issuer of 002"),
    ("issuer", "hans", "中共武汉市机关事务管理局机关委员会", "issuer of generated 00000"),
    ("issuer", "hant", "天津市機關事務管理局", "generated issuer, typed in Traditional"),
    ("issuer", "hant", "廣西壯族自治區統計局", "generated issuer, Traditional"),
    # Title words.
    ("title", "hant", "檢視整改", "title topic 开展主题教育检视整改情况, Traditional"),
    ("title", "hans", "信息公开", "title topic 政府信息公开工作年度报告"),
    ("title", "hans", "座谈会", "title word of 004 (座谈会在北京召开)"),
    ("title", "hant", "秘書長", "title word of 004, Traditional"),
    # Several words separated by a space: every word must occur (AND).
    ("multiword", "hans", "巡视 整改", "two words, AND"),
    ("multiword", "hant", "巡視 整改", "two words, AND, Traditional"),
    ("multiword", "hans", "武汉市 营商环境", "a place and a title topic"),
    ("multiword", "hans", "广州市 生态环境厅", "a city and an organ: only their combination is rare"),
    ("multiword", "hant", "天津市 2018年8月", "a place and a month, Traditional page"),
    ("multiword", "hant", "澳門 青年 創業", "three words, Traditional"),
    ("multiword", "hans", "农业 巡视", "a sub-word and a common word"),
]

_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^#{1,6} ", re.M)
_TITLE = re.compile(r"^title: (.*)$", re.M)


def notice_text(markdown: str) -> str:
    """Title + body of a converted notice's Markdown: what a reader sees, one paragraph a line."""
    if not markdown.startswith("---\n"):
        raise ValueError("no front matter")
    front, _, body = markdown[4:].partition("\n---\n")
    meta = yaml.safe_load(front) or {}
    title = str(meta.get("title") or "")
    body = _HEADING.sub("", _TAG.sub("", body))
    return html.unescape(title + "\n" + body)


def load_texts(docs: Path, script: str = "hans") -> dict[str, str]:
    """{notice id: text} of every notice Markdown file in docs/<script>/notices/."""
    return {p.stem: notice_text(p.read_text(encoding="utf-8")) for p in sorted((docs / script / "notices").glob("*.md"))}


def terms_of(query: str) -> list[str]:
    import opencc

    return opencc.OpenCC("t2s").convert(query).split()


def matches(texts: dict[str, str], query: str) -> list[str]:
    """Ids of the notices whose Simplified text contains every term of the query."""
    terms = terms_of(query)
    return sorted(notice for notice, text in texts.items() if all(term in text for term in terms))


def build_docs(notices: Path, docs: Path, cache: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from converters.build import build_archive

    report = build_archive(notices, docs, cache_dir=cache)
    print(f"{notices}: {len(report.notices)} notices converted into {docs}", file=sys.stderr)


def make(generated_docs: Path | None, n: int, work: Path) -> dict:
    samples_docs = work / "samples-docs"
    build_docs(ROOT / "notices", samples_docs, work / "cache")
    if generated_docs is None:
        from benchmarks.generate import generate

        raw = work / "generated-raw"
        generate(n, raw)
        generated_docs = work / "generated-docs"
        build_docs(raw, generated_docs, work / "cache")
    samples = load_texts(samples_docs)
    generated = {k: v for k, v in load_texts(generated_docs).items() if int(k.split("_")[0]) < n}
    if len(generated) != n:
        raise SystemExit(f"{generated_docs}: {len(generated)} generated notices below {n}, expected {n}")
    entries, rows = [], []
    for category, script, query, why in QUERIES:
        found_s, found_g = matches(samples, query), matches(generated, query)
        in_test = len(found_s) + sum(int(k.split("_")[0]) < TEST_SITE_N for k in found_g)
        rows.append((category, script, query, len(found_s), len(found_g), in_test))
        entries.append({"query": query, "script": script, "category": category, "why": why,
                        "expected": {"samples": found_s, "generated": found_g}})
    return {"entries": entries, "rows": rows, "generated_n": n}


def dump(result: dict) -> str:
    header = (
        "# The search query set (issue #5): each query, the script of the page it is typed on, and the\n"
        "# notices it must find in the 5 sample notices (samples) and in the generated archive of\n"
        f"# {result['generated_n']} notices (generated; seed 0, python -m benchmarks.generate). Generated by\n"
        "# tests/search/make_queries.py from an OpenCC t2s + substring oracle: do not edit by hand, rerun it.\n"
    )
    data = {"generated_n": result["generated_n"], "queries": result["entries"]}
    return header + yaml.dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.search.make_queries", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--generated-docs", type=Path, help="docs folder built from generate(1000), reused")
    parser.add_argument("--n", type=int, default=1000, help="size of the generated archive (default 1000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="make-queries-") as tmp:
        result = make(args.generated_docs, args.n, Path(tmp))
    empty = []
    print(f"{'category':<10} {'script':<6} {'samples':>7} {'gen':>5} {'test':>5}  query")
    for category, script, query, n_s, n_g, n_t in result["rows"]:
        print(f"{category:<10} {script:<6} {n_s:>7} {n_g:>5} {n_t:>5}  {query}")
        if not n_t:
            empty.append(query)
    args.out.write_text(dump(result), encoding="utf-8")
    print(f"{len(result['rows'])} queries written to {args.out}", file=sys.stderr)
    if empty:
        print(f"no expected notice in the test archive (samples + first {TEST_SITE_N}): {', '.join(empty)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
