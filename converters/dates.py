"""Dates as notices write them: 2023年3月25日, 二〇二三年三月二十五日, and periods
("公开期限：2023年3月25日至4月15日") whose end omits the year or month it shares with
the start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零Ｏ一二三四五六七八九十"
_NUM = rf"(?:\d{{1,4}}|[{_CN}]{{1,4}})"
# year? month? day — full form, or the shorter forms a period's end may take.
DATE = re.compile(rf"(?:(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*)?(?:(?P<m>{_NUM})\s*月\s*)?(?P<d>{_NUM})\s*[日号]")
FULL_DATE = re.compile(rf"(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]")
ISO_DATE = re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
_LEAD_WORDS = ("公开期限", "公示期限", "公示期间", "公示时间", "公示日期", "公示期", "公开时间", "公开期", "公告期",
               "公告期限", "征求意见时间", "意见反馈时间", "反馈时间", "受理时间", "公開期限", "公示期間", "公示時間",
               "公開時間", "公告期間")
_PERIOD_LEAD = f"(?:{'|'.join(_LEAD_WORDS)})"
_RANGE_OPENERS = "自从從于於"  # "自A至B进行公示": the range before the verb
_RANGE = (rf"(?P<start>{FULL_DATE.pattern.replace('?P<', '?P<s')})"
          rf"(?:\s*\d{{1,2}}[:：]\d{{2}})?\s*(?:起)?\s*(?:至|到|—+|－|-|~|～|－－)\s*"
          rf"(?P<end>{DATE.pattern.replace('?P<', '?P<e')})")
# "公示期：A至B" — the usual order — or "自A至B进行公示", the range before the verb.
# The lookahead names every character a match can start with: re then skips to those in C
# instead of trying the whole alternation at every position of the text.
PERIOD = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in _LEAD_WORDS}))}{_RANGE_OPENERS}])"
    rf"(?:{_PERIOD_LEAD}\s*(?:为|為|是|自|从|從)?\s*[:：]?\s*(?:自|从|從)?\s*{_RANGE}"
    rf"|[{_RANGE_OPENERS}]\s*{_RANGE.replace('?P<', '?P<x')}(?:\d{{1,2}}[:：]\d{{2}})?\s*(?:止)?\s*(?:期间|期間)?\s*"
    r"[，,]?\s*(?:在[^。；]{1,20})?(?:进行|進行|予以)?(?:公示|公开|公開|公告))"
)


class DateError(ValueError):
    """A date that cannot exist (2023年2月30日); `excerpt` is the wording it came from."""

    def __init__(self, message: str, excerpt: str = "") -> None:
        super().__init__(message)
        self.excerpt = excerpt


_CN_TENS = re.compile(r"([一二三四五六七八九])?十([一二三四五六七八九])?")


def cn_number(token: str) -> int:
    """'2023', '二〇二三', '十五', '二十五', '三十一' → int; DateError for '十十' or '三四十'."""
    if token.isdecimal():
        return int(token)
    if m := _CN_TENS.fullmatch(token):
        return (_DIGIT[m[1]] if m[1] else 1) * 10 + (_DIGIT[m[2]] if m[2] else 0)
    if not token or any(ch not in _DIGIT for ch in token):
        raise DateError(f"{token} 不是有效的数字")
    value = 0
    for ch in token:
        value = value * 10 + _DIGIT[ch]
    return value


def make_date(y: str | int, m: str | int, d: str | int) -> date:
    yi, mi, di = (v if isinstance(v, int) else cn_number(v) for v in (y, m, d))
    try:
        return date(yi, mi, di)
    except ValueError as err:
        raise DateError(f"{yi}年{mi}月{di}日 不是有效日期") from err


def parse_date(text: str) -> date | None:
    """The first full date in text (Chinese or ISO form), or None; DateError if impossible."""
    m = FULL_DATE.search(text) or ISO_DATE.search(text)
    return make_date(m["y"], m["m"], m["d"]) if m else None


@dataclass(frozen=True)
class FoundPeriod:
    start: date
    end: date
    text: str


def find_period(text: str) -> FoundPeriod | None:
    """The publication period stated in the text; DateError if a date is impossible."""
    found = PERIOD.search(text)
    if not found:
        return None
    # Both alternatives name their groups alike; the second with an "x" in front.
    prefix = "" if found["sy"] else "x"
    m = {k: found[prefix + k] for k in ("sy", "sm", "sd", "ey", "em", "ed")}
    wording = found.group(0)
    try:
        start = make_date(m["sy"], m["sm"], m["sd"])
        end_y = cn_number(m["ey"]) if m["ey"] else start.year
        end_m = cn_number(m["em"]) if m["em"] else start.month
        end = make_date(end_y, end_m, m["ed"])
        if end < start and not m["ey"]:
            end = make_date(end_y + 1, end_m, m["ed"])  # 12月20日至1月5日 crosses a year
    except DateError as err:
        raise DateError(str(err), wording) from err
    return FoundPeriod(start, end, wording)
