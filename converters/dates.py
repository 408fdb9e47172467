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
# A date line that lost its 年/月/日: only as a whole line ("20231213"), never inside text.
BARE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])")
_LEAD_WORDS = ("公开期限", "公示期限", "公示期间", "公示时间", "公示日期", "公示期", "公开时间", "公开期", "公告期",
               "公告期限", "征求意见时间", "意见反馈时间", "反馈时间", "受理时间", "公開期限", "公示期間", "公示時間",
               "公開時間", "公告期間", "公示期為")
_PERIOD_LEAD = f"(?:{'|'.join(_LEAD_WORDS)})"
_OPENER = "(?:自|从|從|于|於)"
# "公示期为20天，" / "5个工作日（": a duration may stand between the lead and the dates.
_DURATION = rf"(?:(?:\d{{1,3}}|[{_CN}]{{1,3}})\s*[个個]?\s*(?:工作日|自然日|日|天)\s*[，,（(]?\s*(?:即\s*)?)"
_TIME = r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)"
_DASH = r"(?:至|到|—+|－+|-+|~|～|–)"
_ISO_START = r"(?P<y>\d{4})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})"
_ISO_END = r"(?:(?P<y>\d{4})[./-])?(?:(?P<m>\d{1,2})[./-])?(?P<d>\d{1,2})(?!\d)"
# A verb that publishes: what a range before it is the period of (not an inspection, 巡视/巡察).
_VERB = r"(?:进行|進行|予以)?(?:公示|公开|公開|公告)"
_LONG_VERB = r"(?:进行|進行|予以)?公示"
_NOT_PUBLISHING = re.compile(r"巡视|巡察|巡視|督察|進駐|进驻")


def _named(pattern: str, prefix: str) -> str:
    return pattern.replace("?P<", f"?P<{prefix}")


def _range(n: int) -> str:
    """Start and end of a range; a start's time ("9:00") and an end's "止/结束" may be written."""
    chinese = (rf"(?P<c{n}start>{_named(FULL_DATE.pattern, f'c{n}s')}){_TIME}?\s*(?:起)?\s*[，,]?\s*{_DASH}\s*"
               rf"(?P<c{n}end>{_named(DATE.pattern, f'c{n}e')}){_TIME}?")
    iso = (rf"(?P<i{n}start>{_named(_ISO_START, f'i{n}s')}){_TIME}?\s*(?:起)?\s*[，,]?\s*(?:至|到|~|～|—+|-+|–)\s*"
           rf"(?P<i{n}end>{_named(_ISO_END, f'i{n}e')}){_TIME}?")
    return rf"(?:{chinese}|{iso})\s*(?:止|结束|結束)?"


# "公示期：A至B" — the usual order, a duration or an opener may come between — or
# "自A至B进行公示", "A至B，X在…对名单进行公示": the range before the verb.
# The lookahead names every character a match can start with: re then skips to those in C
# instead of trying the whole alternation at every position of the text.
PERIOD = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in _LEAD_WORDS}))}{_OPENER[3:-1].replace('|', '')}\d{_CN}])"
    rf"(?:{_PERIOD_LEAD}\s*(?:为|為|是)?\s*[:：]?\s*{_DURATION}?{_OPENER}?\s*{_range(1)}"
    rf"|{_OPENER}\s*{_range(2)}{_TIME}?\s*(?:期间|期間)?\s*[，,]?\s*(?:在[^。；]{{1,20}})?{_VERB}"
    rf"|(?<![\d{_CN}年月]){_range(3)}(?P<between>[^。；;！？]{{0,60}}?){_LONG_VERB})"
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
    m = FULL_DATE.search(text) or ISO_DATE.search(text) or BARE_DATE.fullmatch(text.strip().rstrip("。."))
    return make_date(m["y"], m["m"], m["d"]) if m else None


@dataclass(frozen=True)
class FoundPeriod:
    start: date
    end: date
    text: str


def find_period(text: str) -> FoundPeriod | None:
    """The publication period stated in the text; DateError if a date is impossible."""
    for found in PERIOD.finditer(text):
        if found["between"] and _NOT_PUBLISHING.search(found["between"]):
            continue
        groups = {k[-2:]: v for k, v in found.groupdict().items() if v and k[-2:] in ("sy", "sm", "sd", "ey", "em", "ed")}
        wording = found.group(0)
        try:
            start = make_date(groups["sy"], groups["sm"], groups["sd"])
            end_y = cn_number(groups["ey"]) if "ey" in groups else start.year
            end_m = cn_number(groups["em"]) if "em" in groups else start.month
            end = make_date(end_y, end_m, groups["ed"])
            if end < start and "ey" not in groups:
                end = make_date(end_y + 1, end_m, groups["ed"])  # 12月20日至1月5日 crosses a year
        except DateError as err:
            raise DateError(str(err), wording) from err
        return FoundPeriod(start, end, wording)
    return None
