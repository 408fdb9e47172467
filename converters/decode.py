"""Raw notice bytes → text, with the encoding found and every doubt reported.

Notices arrive as UTF-8, UTF-16, GBK/GB18030 or Big5, usually without a declaration.
Short Chinese texts fool statistical detectors, so candidates that decode strictly are
compared by how plausible their characters are; charset-normalizer only rescues files
that no Chinese codec decodes plausibly. Bytes are never dropped silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from converters.notice import Issue
from converters.text import MARKUP_TAG, TABLE_MARKS, contains_any

MAX_BYTES = 20 * 1024 * 1024

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Big5 variants in order of preference: big5hkscs and cp950 are not supersets of
# Python's big5 (they disagree on C6A1–C7FC), so they are only used when big5 fails.
_BIG5_FAMILY = ("big5", "big5hkscs", "cp950")
_GB_NAMES = frozenset({"gb2312", "gbk", "gb18030"})  # codecs.lookup names
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]+")  # a regex: str.translate costs a dict lookup per character
# C0 controls that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20), 0x7F])
_BINARY_SHARE = 0.10
_PLAUSIBLE = 0.5  # Below this plausibility score an encoding choice is reported as a guess.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S)
_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·"
    + "".join(map(chr, range(0x3000, 0x3040)))
    + "".join(map(chr, range(0xFF01, 0xFF5F)))
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text (line ends normalised, zero-width characters removed) and its doubts."""

    text: str
    encoding: str
    issues: list[Issue]


_TABLE_MARK = re.compile(f"[{TABLE_MARKS}]+")


def size_refusal(size: int, name: str, max_bytes: int = MAX_BYTES) -> Issue | None:
    """The error for a file too large to convert, or None; callers check before reading."""
    if size <= max_bytes:
        return None
    return _error("too-large", f"{name}: {_size(size)} is over the {_size(max_bytes)} limit; not decoded")


def decode(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> Decoded:
    """Decode a raw notice file; HTML pages (by suffix or content) are reduced to their article."""
    if refusal := size_refusal(len(data), name, max_bytes):
        return Decoded("", "", [refusal])
    issues: list[Issue] = []
    html = name.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(data[:1024].decode("latin-1")))
    decoded = _decode_text(data, name, issues, _meta_charset(data) if html else None)
    if decoded is None:
        return Decoded("", "", issues)
    text, encoding = decoded
    # The table marks are the converters' own (converters.text): raw text may not carry them.
    if contains_any(TABLE_MARKS, text):
        text = _TABLE_MARK.sub("", text)
    if not html and _HTML_START.match(text[:1024]):  # e.g. an HTML page saved as UTF-16
        html = True
    elif html and not MARKUP_TAG.search(text):
        # Named .html but no tag in it: plain text saved under the wrong name. Read as a page,
        # its line breaks would be spaces and its paragraphs, title included, one line.
        html = False
    if html:
        from converters.html_text import html_to_text  # beautifulsoup4 is imported only for pages

        text, encoding = html_to_text(text), f"{encoding} (html)"
    if contains_any(_ZERO_WIDTH_CHARS, text):
        text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        what = "has no article text" if html else "is empty or only whitespace"
        # Which codec fits a few spaces is moot.
        issues = [i for i in issues if i.code != "encoding-guessed"]
        issues.append(_error("empty", f"{name} {what}"))
    return Decoded(text, encoding, issues)


def _decode_text(data: bytes, name: str, issues: list[Issue], declared: str | None) -> tuple[str, str] | None:
    """(text, encoding), or None for a binary file (its issue already added)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _lossless(data[len(bom) :], codec, label, name, issues)
            return (text, label) if _textual(text, name, issues) else None
    if b"\x00" in data:
        guessed = _bomless_utf16(data)
        if guessed is not None:
            text, codec = guessed
            issues.append(Issue("encoding-guessed", f"{name}: no BOM, looks like {codec}", _excerpt(text, 0)))
            return text, codec
        issues.append(_error("binary", f"{name} contains NUL bytes: not a text file"))
        return None
    if not _textual_bytes(data, name, issues):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _report_replacements(text, name, issues)
        return text, "utf-8"
    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            issues.append(Issue("encoding-guessed", f"{name}: declared charset {declared} does not fit the bytes"))
        else:
            detected = _detect(data, name, found := []) if _score(text) < _PLAUSIBLE else None
            if detected is None or _score(detected[0]) <= _score(text):
                _report_replacements(text, name, issues)
                return text, declared
            # The declaration lies (a Big5 page labelled gb2312): its decoding reads as rare
            # characters where another reads as common Chinese.
            issues.append(Issue("encoding-guessed", f"{name}: declared charset {declared} does not fit the text; "
                                                    f"read as {detected[1]}", _excerpt(detected[0], 0)))
            issues += [i for i in found if i.code != "encoding-guessed"]
            return detected
    return _detect(data, name, issues)


def _detect(data: bytes, name: str, issues: list[Issue]) -> tuple[str, str]:
    """Pick among strict gb18030/Big5 decodings by plausibility; fall back to a lossy one."""
    candidates: list[tuple[float, str, str]] = []  # (score, encoding, text)
    for family in (("gb18030",), _BIG5_FAMILY):
        for codec in family:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            candidates.append((_score(text), codec, text))
            break
    candidates.sort(key=lambda c: c[0], reverse=True)

    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        # Only very short texts tie. charset-normalizer is right less often than this
        # archive's prior (mainland notices → GB) on them, so the prior decides.
        _, codec, text = candidates[0] if candidates[0][1] == "gb18030" else candidates[1]
        tied = " and ".join(c[1] for c in candidates)
        issues.append(Issue("encoding-guessed", f"{name}: {tied} are equally plausible; chose {codec}", _excerpt(text, 0)))
        _report_replacements(text, name, issues)
        return text, codec
    # Nothing decodes plausibly (damaged bytes, or not Chinese at all): let charset-normalizer
    # compete with the best lossy decoding, which pays for each U+FFFD in its score.
    lossy = candidates or [_lossy_candidate(data)]
    if lossy[0][0] < _PLAUSIBLE:
        guess = _normalizer_guess(data)
        if guess is not None and _score(guess[0]) > lossy[0][0]:
            issues.append(
                Issue(
                    "encoding-guessed",
                    f"{name}: encoding {guess[1]} guessed by charset-normalizer",
                    _excerpt(guess[0], 0),
                )
            )
            _report_replacements(guess[0], name, issues)
            return guess
    score, codec, text = lossy[0]
    if not candidates:
        issues.append(_undecodable(data, codec, text, name))
        return text, codec
    if score < _PLAUSIBLE:
        issues.append(
            Issue(
                "encoding-guessed",
                f"{name}: decoded as {codec}, but few characters are common Chinese",
                _excerpt(text, 0),
            )
        )
    _report_replacements(text, name, issues)
    return text, codec


def _lossy_candidate(data: bytes) -> tuple[float, str, str]:
    """Nothing decodes strictly: the decoding with errors="replace" that reads best."""
    options = [
        (_score(text), codec, text)
        for codec in ("utf-8", "gb18030", "big5hkscs")
        for text in [data.decode(codec, errors="replace")]
    ]
    return max(options, key=lambda o: o[0])


def _lossless(data: bytes, codec: str, label: str, name: str, issues: list[Issue]) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        issues.append(_undecodable(data, codec, text, name, label))
        return text
    _report_replacements(text, name, issues)
    return text


def _undecodable(data: bytes, codec: str, text: str, name: str, label: str = "") -> Issue:
    try:
        data.decode(codec)
        where = ""
    except UnicodeDecodeError as err:
        where = f" at byte {err.start} (0x{data[err.start]:02x})"
    bad = text.count("\ufffd")
    visible = sum(1 for ch in text if not ch.isspace()) or 1
    severity = "error" if bad / visible > 0.5 else "warning"
    return Issue(
        "undecodable",
        f"{name}: not valid {label or codec}{where}; decoded as {codec} with {bad} unreadable byte sequence(s) shown as U+FFFD",
        _excerpt(text, text.find("\ufffd")),
        severity,
    )


def _report_replacements(text: str, name: str, issues: list[Issue]) -> None:
    """U+FFFD in a cleanly decoded file means an earlier tool already lost characters."""
    count = text.count("\ufffd")
    if count:
        issues.append(
            Issue(
                "replacement-chars",
                f"{name}: contains {count} U+FFFD replacement character(s): text was lost before archiving",
                _excerpt(text, text.find("\ufffd")),
            )
        )


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: NUL high bytes of ASCII characters sit on one parity only."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    if odd >= 0.05 * half and odd > 4 * even:
        codec = "utf-16-le"
    elif even >= 0.05 * half and even > 4 * odd:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    plausible = text.isascii() or _score(text) >= _PLAUSIBLE
    return (text, codec) if controls == 0 and plausible else None


def _textual_bytes(data: bytes, name: str, issues: list[Issue]) -> bool:
    controls = len(data) - len(data.translate(None, delete=_CONTROL_BYTES))
    if data and controls / len(data) > _BINARY_SHARE:
        issues.append(_error("binary", f"{name}: {controls} of {len(data)} bytes are control codes: not a text file"))
        return False
    return True


def _textual(text: str, name: str, issues: list[Issue]) -> bool:
    """Decoded (BOM) text: NULs or many control characters still mean binary."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    if "\x00" in text or (text and controls / len(text) > _BINARY_SHARE):
        issues.append(_error("binary", f"{name}: decoded text is full of control characters: not a text file"))
        return False
    return True


def _score(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese, minus garbage (U+FFFD, PUA, C1).

    Mis-decoded GBK/Big5 turns into rare hanzi, kana and private-use characters instead;
    on the notices in notices/, the right codec wins for every sample of 12+ characters.
    """
    common_chars = _common()
    total = common = bad = 0
    for ch in text:
        code = ord(ch)
        if code < 128 or ch.isspace():
            continue
        total += 1
        if ch in common_chars or ch in _PUNCT:
            common += 1
        elif code == 0xFFFD or 0xE000 <= code <= 0xF8FF or 0x80 <= code <= 0x9F:
            bad += 1
    return (common - 3 * bad) / total if total else 0.0


@cache
def _common() -> frozenset[str]:
    """GB2312 level 1 hanzi, plus Big5 level 1 hanzi that GB2312 lacks (Traditional-only forms).

    Big5 level 1 characters that GB2312 puts in its rare level 2 are left out: as Big5
    it has 5401 "common" characters against GB2312's 3755, and mis-decoded GBK lands in them.
    """
    gb_common, gb_all, big5_common = set(), set(), set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            ch = bytes([lead, trail]).decode("gb2312", errors="ignore")
            gb_all.update(ch)
            if 0xB0 <= lead <= 0xD7:
                gb_common.update(ch)
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440–C67E
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            ch = bytes([lead, trail]).decode("big5", errors="ignore")
            if ch and "\u4e00" <= ch <= "\u9fff":
                big5_common.add(ch)
    return frozenset(gb_common | (big5_common - gb_all))


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best strict decoding, labelled like ours (GB codecs → gb18030)."""
    from charset_normalizer import from_bytes  # imported only for the rare file that needs it

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    family = _family(best.encoding)
    return text, best.encoding if family in (None, "big5") else family


def _family(encoding: str | None) -> str | None:
    """Codec name for comparing choices: GB codecs → gb18030 (their superset), Big5 variants → big5."""
    try:
        canonical = codecs.lookup(encoding or "").name
    except LookupError:
        return None
    if canonical in _GB_NAMES:
        return "gb18030"
    return "big5" if canonical in _BIG5_FAMILY else canonical


def _meta_charset(data: bytes) -> str | None:
    """The Chinese codec an HTML page declares; other declarations are too often wrong to trust."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    family = _family(match.group(1).decode("ascii"))
    return family if family in ("gb18030", "big5") else None


def _excerpt(text: str, at: int, width: int = 30) -> str:
    if at < 0:
        return ""
    return text[max(0, at - width) : at + width].replace("\r", "")


def _error(code: str, message: str) -> Issue:
    return Issue(code, message, severity="error")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB ({n} bytes)" if n >= 1024 * 1024 else f"{n} bytes"
