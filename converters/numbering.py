"""Word's automatic numbering (numbering.xml) rendered as the text the reader sees.

A numbered heading's "一、" or "（一）" is not in the paragraph's text: Word draws it from the
list definition and a running counter. Structure recognises headings by their enumerators,
so the labels are rendered exactly as Word would show them and put back in front of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"  # tab, space or nothing
    legal: bool = False  # isLgl: every level's number shown in Arabic digits
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never
    style: str | None = None  # the paragraph style bound to this level


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # lvl overrides


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return el.get(f"{W}val", default) if el is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(el: etree._Element, base: Level | None = None) -> Level:
    lvl = base or Level()
    restart = el.find(f"{W}lvlRestart")
    return Level(
        start=_int(_val(el.find(f"{W}start")), lvl.start),
        fmt=_val(el.find(f"{W}numFmt"), lvl.fmt) or lvl.fmt,
        text=_val(el.find(f"{W}lvlText"), lvl.text) if el.find(f"{W}lvlText") is not None else lvl.text,
        suffix=_val(el.find(f"{W}suff"), lvl.suffix) or lvl.suffix,
        legal=el.find(f"{W}isLgl") is not None and _val(el.find(f"{W}isLgl"), "1") not in ("0", "false", "off"),
        restart=_int(_val(restart), 0) if restart is not None else lvl.restart,
        style=_val(el.find(f"{W}pStyle"), lvl.style),
    )


class Numbering:
    """List definitions and the counters that advance as numbered paragraphs are read in order."""

    def __init__(self, root: etree._Element | None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for ab in root.iter(f"{W}abstractNum"):
            levels = {_int(lvl.get(f"{W}ilvl"), 0): _level(lvl) for lvl in ab.iter(f"{W}lvl")}
            self.abstract[ab.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            entry = _Num(_val(num.find(f"{W}abstractNumId"), "") or "")
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                if (start := override.find(f"{W}startOverride")) is not None:
                    entry.starts[ilvl] = _int(_val(start), 1)
                if (lvl := override.find(f"{W}lvl")) is not None:
                    entry.levels[ilvl] = _level(lvl, self.abstract.get(entry.abstract, {}).get(ilvl))
            self.nums[num.get(f"{W}numId", "")] = entry

    def level_for_style(self, num_id: str, style: str) -> int | None:
        """The level of a list that a paragraph style is bound to (w:lvl/w:pStyle)."""
        for ilvl, lvl in self._levels(num_id).items():
            if lvl.style == style:
                return ilvl
        return None

    def _levels(self, num_id: str) -> dict[int, Level]:
        num = self.nums.get(num_id)
        if num is None:
            return {}
        levels = dict(self.abstract.get(num.abstract, {}))
        levels.update(num.levels)
        for ilvl, start in num.starts.items():
            levels[ilvl] = replace(levels.get(ilvl, Level()), start=start)
        return levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list `num_id` at level `ilvl` ("一、", "（二）", "1.2"), advancing
        its counter; "" for bullets, a level without number or an unknown list."""
        num = self.nums.get(num_id)
        levels = self._levels(num_id)
        if num is None or not levels or num_id == "0":
            return ""
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        # Lists made from one definition continue each other's numbering, unless one restarts it.
        key = f"num:{num_id}" if num.starts or num.levels else f"abstract:{num.abstract}"
        counters = self._counters.setdefault(key, [None] * LEVELS)
        lvl = levels.get(ilvl, Level())
        current = counters[ilvl]
        counters[ilvl] = lvl.start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            if levels.get(deeper, Level()).restart != 0:
                counters[deeper] = None
        if lvl.fmt in ("bullet", "none"):
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            of = levels.get(k, Level())
            value = counters[k] if counters[k] is not None else of.start
            return format_number(value, "decimal" if lvl.legal and k != ilvl else of.fmt)

        text = re.sub(r"%([1-9])", number, lvl.text)
        if not text:
            return ""
        # What Word puts between label and text: a tab or a space, nothing after a mark that
        # already separates ("一、", "（一）", "1.").
        if lvl.suffix == "nothing" or not text[-1].isalnum():
            return text
        return text + " "


_COUNTING = "零一二三四五六七八九"
_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_count(n: int, digits: str = _COUNTING, units: str = "十百千", legal: bool = False) -> str:
    """一, 十, 十一, 二十, 一百零五 … (up to 9999); legal numerals keep the leading 壹 of 壹拾."""
    if not 0 < n < 10000:
        return str(n)
    parts = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(("" if d == 1 and unit == units[0] and not parts and not legal else digits[d]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _letters(n: int, base: str) -> str:
    # Word's letters repeat past Z: A … Z, AA, BB …
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, mark in _ROMAN:
        while n >= value:
            out.append(mark)
            n -= value
    return "".join(out)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats (ST_NumberFormat); decimal for the rest."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, _LEGAL_DIGITS, "拾佰仟", legal=True)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)
