"""Word, OFD and bad office files built at test time (no binary fixtures).

DOCX files are made with python-docx; what it cannot make (numbering definitions, tracked
changes, text boxes) is added as the WordprocessingML that Word itself writes. OFD files are
written as the zip of XML that GB/T 33190 describes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import docx
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def docx_bytes(build: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xml(fragment: str):
    """A WordprocessingML element from its markup (the w: prefix and friends declared)."""
    head, _, rest = fragment.partition(">")
    closing = head.endswith("/")
    head = head[:-1] if closing else head
    return parse_xml(f"{head} {NSDECL}{'/' if closing else ''}>{rest}")


def add_numbering(document, abstract_id: int, num_id: int, levels: list[tuple[str, str]]) -> None:
    """A list definition: one (numFmt, lvlText) per level, and a w:num that uses it."""
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
                   for i, (fmt, text) in enumerate(levels))
    abstract = xml(f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(xml(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))


def numbered(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def replace_members(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The zip with members replaced, added (new names) or dropped (None)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in changes:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for member, content in changes.items():
            if content is not None:
                target.writestr(member, content)
    return out.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with one member's inflated size in the central directory changed to `size`
    (what a bomb's directory truthfully says, without the test inflating gigabytes)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(out[at + 28:at + 30], "little")
        if out[at + 46:at + 46 + name_len] == name.encode():
            out[at + 24:at + 28] = size.to_bytes(4, "little")
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def billion_laughs(root: str = "w:document") -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
            f'<{root} xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></{root}>').encode()


def zip_bomb_member(size: int = 8 * 1024 * 1024) -> bytes:
    """Zeros: they deflate about a thousand times, as a bomb's payload does."""
    return b"\0" * size


# ---------------------------------------------------------------------------------- OFD

OFD_NS = "http://www.ofdspec.org/2016"


@dataclass
class Text:
    """One TextObject: text at (x, y) mm (the baseline), size in mm, one em per character
    unless `step` says otherwise."""

    text: str
    x: float
    y: float
    size: float = 5.6
    step: float | None = None
    font: str = "1"
    weight: int = 400


@dataclass
class OfdPage:
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # ruling lines x0 y0 x1 y1 (mm)
    box: tuple[float, float] = (210.0, 297.0)


def _text_object(i: int, t: Text) -> str:
    step = t.step if t.step is not None else t.size
    width = step * len(t.text)
    delta = f' DeltaX="g {len(t.text) - 1} {step:g}"' if len(t.text) > 1 else ""
    # The Boundary holds the object; the TextCode's X/Y are relative to it (Y is the baseline).
    return (f'<ofd:TextObject ID="{i}" Boundary="{t.x:g} {t.y - t.size:g} {width:g} {t.size * 1.2:g}" '
            f'Font="{t.font}" Size="{t.size:g}" Weight="{t.weight}">'
            f'<ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{t.size:g}"{delta}>{_escape(t.text)}</ofd:TextCode></ofd:TextObject>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ofd_bytes(pages: list[OfdPage], fonts: dict[str, str] | None = None, order: Callable[[list], list] = list,
              content: Callable[[int, str], str] | None = None) -> bytes:
    """An OFD package: OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml.

    `order` reorders each page's objects as written (producers write them in any order);
    `content` may rewrite a page's Content.xml (for bad-file cases).
    """
    fonts = fonts or {"1": "宋体"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.1" '
                   'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>'
                   '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_list = "".join(f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                   '<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
                   '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                   '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                   f'<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>')
        font_list = "".join(f'<ofd:Font ID="{k}" FontName="{v}" FamilyName="{v}"/>' for k, v in fonts.items())
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" '
                   f'BaseLoc="Res"><ofd:Fonts>{font_list}</ofd:Fonts></ofd:Res>')
        for n, page in enumerate(pages):
            objects = [_text_object(200 + i, t) for i, t in enumerate(page.texts)]
            for k, (x0, y0, x1, y1) in enumerate(page.lines):
                w, h = max(x1 - x0, 0.0), max(y1 - y0, 0.0)
                objects.append(f'<ofd:PathObject ID="{500 + k}" Boundary="{x0:g} {y0:g} {max(w, 0.3):g} {max(h, 0.3):g}" '
                               f'LineWidth="0.3"><ofd:AbbreviatedData>M 0 0 L {w:g} {h:g}</ofd:AbbreviatedData>'
                               '</ofd:PathObject>')
            xml_text = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Area>'
                        f'<ofd:PhysicalBox>0 0 {page.box[0]:g} {page.box[1]:g}</ofd:PhysicalBox></ofd:Area><ofd:Content>'
                        f'<ofd:Layer ID="{300 + n}" Type="Body">{"".join(order(objects))}</ofd:Layer>'
                        '</ofd:Content></ofd:Page>')
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", content(n, xml_text) if content else xml_text)
    return out.getvalue()
