"""Generate a deterministic archive of N raw notices from the five sample notices in `notices/`.

    python -m benchmarks.generate N OUT_DIR [--seed S] [--samples DIR]

The samples are cut into a pool of headings and body paragraphs, which are recombined into new
notices (about 20 KB of UTF-8 each on average, 7–32 KB) with a title, an intro, sections headed
一、 / （一） / 1., a closing paragraph with a publication period
(公开期限：YYYY年M月D日至M月D日), a signature and a date line. Issuers, dates, sizes and layouts
vary per notice:

- web layout: one paragraph per line (sometimes indented with blank lines between, sometimes with
  half-width punctuation), a header stamp line ("2025年02月05日16:44 来源:旗帜微平台") and
  trailer furniture ("【编辑:…】", "相关专题 |", …);
- PDF-extracted layout: hard-wrapped at 26–30 CJK characters per line with a blank line between
  lines, stray spaces around numbers ("2021 年 10 月") and a title split over two lines;
- about a third are converted to Traditional characters (OpenCC s2t) before layout.

Notice i depends only on (seed, i) and the samples, so `generate(n + 1)` is `generate(n)` plus one
notice: that is how the benchmark adds one notice to an existing archive.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "notices"

H1 = re.compile(r"^([一二三四五六七八九十]+)、")
H2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
H3 = re.compile(r"^(\d+)[.．、]")
# Pinyin annotations after characters in one sample: 國(guó)
PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
FURNITURE = re.compile(
    r"来源[:：]|來源[:：]|【编辑|相关专题|扫一扫|本文摘要|欢迎广大干部群众|公开期限|联系方式|联系电话|邮政信箱|"
    r"^[(（]记者|^[(（].*网站[)）]$|^·|^\d{4}\s*年\s*\d+\s*月\s*\d+\s*日$"
)
CLOSING = "，。、；：？！”’）》」』"
CN_NUM = "一二三四五六七八九十"
REGIONS = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区", "广州市", "深圳市", "珠海市", "杭州市", "南京市", "成都市", "武汉市", "西安市", "沈阳市",
)
ORGANS = (
    "港澳事务办公室", "人民政府办公厅", "发展和改革委员会", "教育厅", "科学技术厅", "民政厅", "司法厅", "财政厅",
    "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅", "商务厅", "文化和旅游厅",
    "卫生健康委员会", "审计厅", "市场监督管理局", "统计局", "医疗保障局", "机关事务管理局", "外事办公室",
    "人民政府侨务办公室", "政协办公厅",
)
TOPICS = (
    "巡视整改进展情况", "巡察整改情况", "巡视整改阶段性进展情况", "落实全面从严治党主体责任情况",
    "政府信息公开工作年度报告", "党风廉政建设工作情况", "深化机关党建工作情况", "审计发现问题整改情况",
    "开展主题教育检视整改情况", "优化营商环境工作情况",
)
SUPERIORS = ("省委", "市委", "中央", "自治区党委", "市委巡察")
SOURCES = ("旗帜微平台", "中央纪委国家监委网站", "人民网", "新华网", "本网", "政府门户网站", "学习强国")
EDITORS = ("唐炜妮", "李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊")
TRAILERS = (
    "（中央纪委国家监委网站）",
    "【编辑:{editor}】",
    "相关专题 |\n· 党建专题 |",
    "微信“扫一扫”添加“学习大国”",
    "责任编辑：{editor}",
)
DAY0, DAY1 = date(2015, 1, 1), date(2025, 6, 30)


@dataclass
class Pool:
    h1: list[str] = field(default_factory=list)  # heading texts without their number
    h2: list[str] = field(default_factory=list)
    h3: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def _width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _clean(text: str) -> str:
    text = PINYIN.sub("", text)
    # PDF-extracted spacing: "2021 年 10 月", "机关 党委"
    text = re.sub(r"(?<=[^\x00-\x7f])[ \u3000]+(?=[^\x00-\x7f])", "", text)
    text = re.sub(r"(?<=[^\x00-\x7f])[ \u3000]+(?=[0-9])|(?<=[0-9])[ \u3000]+(?=[^\x00-\x7f])", "", text)
    # Half-width punctuation in web copies → full width (not inside numbers such as 8:30)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text)
    return text.translate(str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}))


def _paragraphs(text: str) -> list[str]:
    """Logical paragraphs of one sample, whichever layout it has."""
    lines = [line.strip(" \t\u3000\xa0\ufeff") for line in text.splitlines()]
    filled = [line for line in lines if line]
    if not filled:
        return []
    wrapped = (len(lines) - len(filled)) / len(lines) > 0.3 and sorted(map(_width, filled))[len(filled) // 2] < 32
    if not wrapped:
        return filled
    paragraphs, current = [], ""
    for line in filled:
        current += line
        if _width(line) < 24:  # a short line ends its paragraph
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _heading(text: str) -> str:
    """A heading from a numbered paragraph: its first sentence, without the number."""
    text = text.rstrip("。；")
    head = re.split(r"[。；]", text, maxsplit=1)[0]
    return head if 6 <= len(head) <= 60 else ""


@lru_cache(maxsize=4)
def load_pool(samples: Path = SAMPLES) -> Pool:
    import opencc

    t2s = opencc.OpenCC("t2s")
    pool = Pool()
    for path in sorted(samples.glob("*.txt")):
        for raw in _paragraphs(path.read_text(encoding="utf-8", errors="replace")):
            para = t2s.convert(_clean(raw))
            if FURNITURE.search(para):
                continue
            for pattern, target in ((H1, pool.h1), (H2, pool.h2), (H3, pool.h3)):
                match = pattern.match(para)
                if match:
                    rest = para[match.end():]
                    head = _heading(rest)
                    if head:
                        target.append(head)
                    body = rest[len(head):].lstrip("。；")
                    if len(body) >= 40:
                        pool.body.append(body)
                    break
            else:
                if len(para) >= 40 and para[-1] in "。；！？”）":
                    pool.body.append(para)
                elif 8 <= len(para) <= 60 and para[-1] not in "。；：" and not para.endswith("通报"):
                    pool.h2.append(para)  # subtitles of news-style samples
    if not pool.body or not pool.h1 or not pool.h2:
        raise SystemExit(f"{samples}: too few paragraphs to recombine")
    pool.h3 = pool.h3 or [h for h in pool.h2 if len(h) < 30]
    return pool


def _d(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn(n: int) -> str:
    return CN_NUM[n - 1] if n <= 10 else "十" + CN_NUM[n - 11]


def _notice(rng: random.Random, pool: Pool) -> tuple[str, str, list[str], str]:
    """(title, issuer, paragraphs, signature date line) of one notice, Simplified, one paragraph a string."""
    region, organ = rng.choice(REGIONS), rng.choice(ORGANS)
    issuer = rng.choice((f"中共{region}{organ}党组", f"{region}{organ}", f"中共{region}{organ}机关委员会"))
    title = f"{issuer}关于{rng.choice(TOPICS)}的通报"
    signed = DAY0 + timedelta(days=rng.randrange((DAY1 - DAY0).days))
    start = signed - timedelta(days=rng.randint(150, 400))
    end = start + timedelta(days=rng.randint(30, 90))
    fed = end + timedelta(days=rng.randint(20, 80))
    superior = rng.choice(SUPERIORS)
    span = f"{_d(start)}至{end.month}月{end.day}日" if start.year == end.year else f"{_d(start)}至{_d(end)}"
    paragraphs = [
        f"根据{superior}统一部署，{span}，{superior}第{_cn(rng.randint(1, 15))}巡视组对{issuer}进行了巡视。"
        f"{_d(fed)}，{superior}巡视组向{issuer}反馈了巡视意见。按照巡视工作有关要求，现将巡视整改进展情况予以公布。"
    ]
    target = rng.uniform(7000, 30000) / 3  # characters: mostly 3-byte CJK in UTF-8
    size = len(paragraphs[0])
    n1 = 0
    while size < target and n1 < 20:
        n1 += 1
        paragraphs.append(f"{_cn(n1)}、{rng.choice(pool.h1)}")
        for n2 in range(1, rng.randint(2, 5)):
            if size >= target:
                break
            paragraphs.append(f"（{_cn(n2)}）{rng.choice(pool.h2)}")
            if rng.random() < 0.3:
                for n3 in range(1, rng.randint(3, 5)):
                    paragraphs.append(f"{n3}.{rng.choice(pool.h3)}。{rng.choice(pool.body)}")
            else:
                paragraphs.extend(rng.choice(pool.body) for _ in range(rng.randint(1, 3)))
            size = sum(map(len, paragraphs))
    closing = "欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议，请及时向我们反映。"
    if rng.random() < 0.8:
        until = signed + timedelta(days=rng.randint(10, 40))
        closing += f"公开期限：{_d(signed)}至{until.month}月{until.day}日。" if until.year == signed.year else \
            f"公开期限：{_d(signed)}至{_d(until)}。"
    closing += (f"联系电话：0{rng.randint(10, 999)}-{rng.randint(60000000, 89999999)}；"
                f"电子邮箱：xszg{rng.randint(1, 999)}@{rng.choice(('gd', 'bj', 'sh', 'zj', 'sc'))}.gov.cn。")
    paragraphs.append(closing)
    return title, issuer, paragraphs, _d(signed)


def _web(rng: random.Random, title: str, issuer: str, paragraphs: list[str], dated: str) -> str:
    lines = [title]
    if rng.random() < 0.6:
        stamp = re.sub(r"(\d+)年(\d+)月(\d+)日", lambda m: f"{m[1]}年{int(m[2]):02d}月{int(m[3]):02d}日", dated)
        lines.append(f"{stamp}{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d} 来源:{rng.choice(SOURCES)}")
    lines += [*paragraphs, issuer, dated]
    if rng.random() < 0.7:
        editor = rng.choice(EDITORS)
        lines += [t.format(editor=editor) for t in rng.sample(TRAILERS, rng.randint(1, 3))]
    text = "\n\n".join("  " + line for line in lines) if rng.random() < 0.5 else "\n".join(lines)
    if rng.random() < 0.5:  # half-width punctuation, as on many web pages
        text = text.translate(str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"}))
    return text + "\n" * rng.randint(0, 1)


def _pdf(rng: random.Random, title: str, issuer: str, paragraphs: list[str], dated: str) -> str:
    width = rng.randint(26, 30)
    split = title.find("关于")
    lines = [" " + title[:split], title[split:]] if split > 0 else [title]
    for para in [*paragraphs, issuer, dated]:
        para = re.sub(r"(?<=[\u4e00-\u9fff])(\d+)", r" \1", para)  # stray spaces: "2021 年 10 月"
        para = re.sub(r"(\d+)(?=[\u4e00-\u9fff])", r"\1 ", para)
        if len(para) > 40 and rng.random() < 0.2:  # a stray space inside a word
            cut = rng.randrange(10, len(para) - 10)
            para = para[:cut] + " " + para[cut:]
        line, used = "", 0.0
        for char in re.findall(r"[\x21-\x7e]+|.", para):  # numbers and Latin words are not broken
            w = _width(char)
            if used + w > width and char not in CLOSING:  # no punctuation at the start of a line
                lines.append((" " if rng.random() < 0.03 else "") + line)
                line, used = "", 0.0
            line += char
            used += w
        lines.append(line)
    return "\n\n".join(lines) + "\n"


def notice_text(index: int, seed: int = 0, samples: Path = SAMPLES) -> str:
    """The raw text of notice `index` of the archive generated with `seed`."""
    import opencc

    rng = random.Random(f"{seed}:{index}")
    pool = load_pool(samples)
    title, issuer, paragraphs, dated = _notice(rng, pool)
    pdf = rng.random() < 0.4
    if rng.random() < 0.33:
        s2t = _s2t(opencc)
        title, issuer, dated = s2t.convert(title), s2t.convert(issuer), s2t.convert(dated)
        paragraphs = [s2t.convert(p) for p in paragraphs]
    return (_pdf if pdf else _web)(rng, title, issuer, paragraphs, dated)


@lru_cache(maxsize=1)
def _s2t(opencc):
    return opencc.OpenCC("s2t")


def notice_name(index: int, text: str) -> str:
    return f"{index:05d}_{hashlib.sha1(text.encode()).hexdigest()[:16]}.txt"


def generate(n: int, out_dir: Path, seed: int = 0, samples: Path = SAMPLES) -> list[Path]:
    """Write notices 0..n-1 into out_dir (created if missing) and return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        text = notice_text(index, seed, samples)
        path = out_dir / notice_name(index, text)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of notices")
    parser.add_argument("out_dir", type=Path, help="folder for the raw notices (created if missing)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of sample notices (default: notices/)")
    args = parser.parse_args(argv)
    paths = generate(args.n, args.out_dir, args.seed, args.samples)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} notices, {total / 1e6:.1f} MB, {total / max(len(paths), 1) / 1e3:.1f} KB on average in {args.out_dir}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
