"""A corpus of hostile and broken notices, described in Python and written at test time.

Every case is a file name, its exact bytes, an optional sidecar (NAME.meta.yml) and what
the build must do with it: publish it (possibly with named warnings) or refuse it with a
named error. Writing the files at test time keeps odd names, symlinks and encodings out
of git while the bytes stay deterministic.

    python tests/hostile/make_corpus.py DEST     # write the corpus to DEST/ to look at it
"""

from __future__ import annotations

import codecs
import hashlib
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# A short, well-formed notice; most cases are variations of it.
BASE = (
    "关于2023年度优秀志愿者评选结果的公示\n"
    "根据《志愿服务条例》和有关评选办法，经个人申报、单位推荐、综合评审，"
    "拟确定张三等十名同志为2023年度优秀志愿者，现予以公示。\n"
    "公示期限：2023年3月25日至4月15日。公示期间，如有异议，请以书面形式向市志愿服务中心反映。\n"
    "联系电话：010-12345678\n"
    "市志愿服务中心\n"
    "2023年3月24日\n"
)
TRADITIONAL = (
    "關於2023年度優秀志願者評選結果的公示\n"
    "根據《志願服務條例》和有關評選辦法，經個人申報、單位推薦、綜合評審，"
    "擬確定張三等十名同志為2023年度優秀志願者，現予以公示。\n"
    "公示期限：2023年3月25日至4月15日。公示期間，如有異議，請以書面形式向市志願服務中心反映。\n"
    "市志願服務中心\n"
    "2023年3月24日\n"
)
# Strings that are syntax in YAML, Markdown, HTML or Jinja.
HOSTILE_TITLES = (
    '标题: "引号" 与 \'单引号\'',
    "# 井号开头的标题",
    "--- 三条横线 ---",
    "{{ config.site_name }} 与 {% raw %}",
    "<img src=x onerror=alert(1)>图片",
    "[点此领取](javascript:alert(1)) 与 ![图](x.png)",
    "*强调* 与 **加粗** 与 `代码` 与 | 表格 |",
    # Markup around or inside a title line: still the title (judged by its words), shown as written.
    "<b>关于做好某某工作的通知</b>",
    "关于<script>alert(1);</script>的通知",
    '<span style="font-size:22pt;font-family:宋体">关于做好春季防火工作的通知</span>',
)
# The title the page shows when a hostile title is the notice's first line: cleaned like
# any line ("标题:" → "标题："). None: "!" makes the line no title, and the derived
# title is cut at that "!" (open: an ASCII "!" before "[" is no sentence end).
TEXT_TITLES = {0: '标题："引号" 与 \'单引号\'', 5: None}
# Character references and a URL written out in a text notice: shown as these characters.
ENTITIES = "符号&lt;与&amp;、&#60;和&#x3C;照原样写出，网址http://example.gov.cn/a?a=1;b=2见附件。"
SENTENCE = "为进一步加强和改进机关作风建设，切实提高服务群众的能力和水平，现就有关事项通知如下。"


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what the build must do with it."""

    name: str  # path inside the notices folder
    data: bytes
    expect: str = "publish"  # "publish" | "refuse" | "report" (a non-notice file, reported)
    codes: tuple[str, ...] = ()  # issue codes that must be reported for this file
    sidecar: bytes | None = None
    sidecar_link: bool = False  # the sidecar is a symlink to a file outside the folder
    title: str | None = None  # the exact title the page must show
    text: str | None = None  # the text this file's bytes stand for, when it is text
    same_as: str | None = None  # a duplicate of this earlier case
    link: str | None = None  # the file is a symlink to this path (relative to the notices folder)
    note: str = ""


@dataclass
class Corpus:
    root: Path
    cases: list[Case] = field(default_factory=list)

    def case(self, name: str) -> Case:
        return next(c for c in self.cases if c.name == name)


def _notice(title: str, body: str | None = None) -> str:
    """A small notice; without a body, one of its own (duplicates are the only copies)."""
    body = body or f"{SENTENCE}本通知所称“{title}”，以本文为准。"
    return f"{title}\n{body}\n市志愿服务中心\n2023年3月24日\n"


def cases() -> list[Case]:
    """The whole corpus, in a fixed order."""
    utf8 = BASE.encode("utf-8")
    out = [
        Case("utf8.txt", utf8, text=BASE, title="关于2023年度优秀志愿者评选结果的公示"),
        Case("utf8-bom.txt", codecs.BOM_UTF8 + utf8, text=BASE, same_as="utf8.txt"),
        # 𠮷 (U+20BB7) exists only in GB18030's four-byte range, not in GBK.
        Case("gb18030.txt", (BASE + "附：𠮷字说明。\n").encode("gb18030"), text=BASE + "附：𠮷字说明。\n"),
        Case("gbk.txt", BASE.replace("联系电话", "联络电话").encode("gbk"), text=BASE.replace("联系电话", "联络电话")),
        Case("big5.txt", TRADITIONAL.encode("big5"), text=TRADITIONAL),
        Case("utf16le.txt", codecs.BOM_UTF16_LE + BASE.encode("utf-16-le"), text=BASE, same_as="utf8.txt"),
        Case("utf16be.txt", codecs.BOM_UTF16_BE + BASE.encode("utf-16-be"), text=BASE, same_as="utf8.txt"),
        Case("crlf.txt", BASE.replace("\n", "\r\n").encode(), text=BASE, same_as="utf8.txt"),
        Case("cr.txt", BASE.replace("\n", "\r").encode(), text=BASE, same_as="utf8.txt"),
        Case("tabs.txt", BASE.replace("根据", "\t\t根据").replace("：", "：\t").encode(), text=BASE, same_as="utf8.txt"),
        Case("fullwidth-digits.txt", BASE.replace("2023年3月24日", "２０２３年３月２４日").encode(),
             text=BASE, same_as="utf8.txt"),
        Case("zero-width.txt", BASE.replace("志愿", "志\u200b愿").replace("公示", "公\u200d示\ufeff").encode(),
             text=BASE, same_as="utf8.txt"),
        Case("ideographic-space.txt", BASE.replace("\n根据", "\n\u3000\u3000根据").replace("\n公示", "\n\u3000\u3000公示").encode(),
             text=BASE, same_as="utf8.txt"),
        Case("combining.txt", _notice("关于Cafe\u0301与Pe\u0301rez活动的通知").encode(),
             text=_notice("关于Café与Pérez活动的通知")),
        Case("long-line.txt", ("超长单行" + SENTENCE * 8000).encode(), note="a 1 MB single line"),
        Case("empty.txt", b"", expect="refuse", codes=("empty",)),
        Case("whitespace.txt", " \n\t\n\u3000\u3000\n\r\n".encode(), expect="refuse", codes=("empty",)),
        Case("binary.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IHDR" + bytes(range(256)), expect="refuse",
             codes=("binary",)),
        Case("furniture-only.txt", "2025年02月05日16:44 来源:旗帜微平台\n相关专题 |\n".encode(), expect="refuse",
             codes=("no-text",)),
        Case("impossible-date.txt",
             _notice("关于征求意见的公告", "公开期限：2023年2月30日至3月5日。" + SENTENCE)
             .replace("2023年3月24日", "2023年2月30日").encode(),
             codes=("impossible-date",)),
        Case("reversed-period.txt", _notice("关于征求意见的公告", "公开期限：2023年4月15日至2023年3月25日。" + SENTENCE).encode(),
             codes=("period-reversed",)),
        Case("sidecar-unknown.txt", _notice("关于召开座谈会的通知").encode(), codes=("sidecar-unknown-field",),
             sidecar="title: 座谈会通知\ncolour: red\n".encode(), title="座谈会通知"),
        Case("sidecar-bad-yaml.txt", _notice("关于召开培训会的通知").encode(), codes=("sidecar-yaml",),
             sidecar=b"title: [unclosed\n  issuer: : :\n", title="关于召开培训会的通知"),
        Case("sidecar-symlink.txt", _notice("关于召开推进会的通知").encode(), codes=("sidecar-outside",),
             sidecar=b"title: \xe6\x9d\xa5\xe8\x87\xaa\xe5\xa4\x96\xe9\x83\xa8\n", sidecar_link=True,
             title="关于召开推进会的通知"),
        Case("script-body.txt", _notice("关于网站安全检查的通知",
                                        "请检查页面中是否含有<script>alert(document.cookie)</script>等代码，"
                                        "以及 <iframe src=//evil.example> 与 &lt;b&gt; 实体。").encode()),
        Case("entities.txt", _notice("关于字符写法的通知", ENTITIES).encode(), title="关于字符写法的通知"),
        Case("markdown-body.txt", _notice(
            "关于格式的说明",
            "# 不是标题\n1. 不是列表\n- 不是列表\n> 不是引用\n    缩进不是代码\n| a | b |\n|---|---|\n"
            "[链接](http://evil.example) **粗** _斜_ `码` ==记== ~~删~~ :smile: $x$ \\(y\\)\n"
            "---\n===\n*[HTML]: 缩写\n[^1]: 脚注\n{: .cls #id }\n术语\n: 定义\n!!! note \"告诫\"\n--8<-- \"/etc/passwd\"",
        ).encode()),
        Case("page.html", (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>关于开展安全检查的通知_某某市政府网</title>"
            "<script>var x = '<p>不是正文</p>';</script><style>p{color:red}</style></head><body>"
            "<nav class='nav'><a href='/'>首页</a> | <a href='/x'>政务公开</a></nav>"
            "<div class='article'><h1>关于开展安全检查的通知</h1>"
            "<p>各单位：为切实做好安全生产工作，经研究，决定开展安全检查。请于2023年3月31日前完成自查并报送结果。</p>"
            "<p onclick='alert(1)'>联系人：李四<script>alert('inline')</script></p>"
            "<p>某某市应急管理局</p><p>2023年3月20日</p></div>"
            "<div class='share'>分享到：微信 微博</div><footer>版权所有</footer></body></html>"
        ).encode(), title="关于开展安全检查的通知"),
        Case("a b.txt", _notice("关于空格文件名的通知").encode()),
        Case("a-b.txt", _notice("关于连字符文件名的通知").encode()),
        Case("Case.txt", _notice("关于大写文件名的通知").encode()),
        Case("case.txt", _notice("关于小写文件名的通知").encode()),
        # The id "a b.txt" gets is a-b-<hash>: a file named so must not take its page.
        Case(f"a-b-{hashlib.sha1(b'a b').hexdigest()[:8]}.txt", _notice("关于冒名编号的通知").encode()),
        Case("2023/notice.txt", _notice("关于二〇二三年目录的通知").encode()),
        Case("2024/notice.txt", _notice("关于二〇二四年目录的通知").encode()),
        Case("关于 中文 文件名.txt", _notice("关于中文文件名的通知").encode()),
        Case("copy-1.txt", _notice("关于重复提交的通知", SENTENCE + "此文被放入两次。").encode()),
        Case("copy-2.txt", _notice("关于重复提交的通知", SENTENCE + "此文被放入两次。").encode(), same_as="copy-1.txt"),
        Case("near-copy.txt", ("发布时间：2023-03-24 10:00 来源：某某网\n"
                               + _notice("关于重复提交的通知", SENTENCE + "此文 被放入两次。")).encode(),
             same_as="copy-1.txt", note="the same text with a furniture line and a stray space"),
        Case("dangling.txt", b"", expect="report", codes=("unreadable",), link="missing-target.txt"),
        Case("outside-link.txt", b"", expect="report", codes=("outside",), link="../outside/secret.txt"),
        Case("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", expect="report", codes=("pdf-corrupt",),
             note="a PDF cut off after its first object"),
        Case("form.docx", b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml", expect="refuse", codes=("corrupt",),
             note="a Word document cut off inside its first member's header"),
        Case("bomb.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>"
                                + b" " * (8 << 20) + b"</w:document>"}), expect="refuse", codes=("zip-bomb",),
             note="a document part that inflates a thousand times"),
        Case("laughs.ofd", _zip({"OFD.xml": b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa">'
                                 b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ofd:OFD>&b;</ofd:OFD>'}),
             expect="refuse", codes=("xml-entities",), note="an OFD whose root declares entities"),
    ]
    for i, title in enumerate(HOSTILE_TITLES):
        out.append(Case(f"title-{i}.txt", _notice(title).encode(), title=TEXT_TITLES.get(i, title)))
        out.append(Case(f"sidecar-title-{i}.txt", _notice(f"关于第{i}号标题的通知").encode(), title=title,
                        sidecar=("title: " + _yaml_quote(title) + "\n").encode()))
    return out


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (2023, 3, 24, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sidecar_name(name: str) -> str:
    path = Path(name)
    return str(path.with_name(f"{path.stem}.meta.yml"))


def write_corpus(dest: Path) -> Corpus:
    """Write every case under dest/notices/ (symlink targets under dest/outside/)."""
    notices = dest / "notices"
    notices.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(notices, cases())
    for case in corpus.cases:
        path = notices / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.link:
            (dest / "outside").mkdir(exist_ok=True)
            (dest / "outside" / "secret.txt").write_text(_notice("不应被发布的外部文件"), encoding="utf-8")
            path.symlink_to(case.link)
        else:
            path.write_bytes(case.data)
        if case.sidecar is None:
            continue
        side = notices / sidecar_name(case.name)
        if case.sidecar_link:
            target = dest / "outside" / side.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(case.sidecar)
            side.symlink_to(target)
        else:
            side.write_bytes(case.sidecar)
    return corpus


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    written = write_corpus(Path(sys.argv[1]))
    print(f"{len(written.cases)} cases written to {written.root}")
