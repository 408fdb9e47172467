"""Publication periods as an iCalendar file per script: site/hans/periods.ics, site/hant/periods.ics.

One all-day VEVENT per notice with a period (RFC 5545: DTSTART;VALUE=DATE on the first day,
DTEND on the day after the last, as DTEND is exclusive), so a reader subscribes to the 公示
deadlines. Everything is a function of the notices, so two builds give the same bytes:
the UID comes from the notice id and the script, DTSTAMP from the notice's own date (the
property must be a UTC time; the clock would make every build differ). TEXT values are
escaped (backslash, semicolon, comma, newline) and every line folded at 75 octets without
splitting a UTF-8 sequence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from hooks.exports import site_link
from hooks.site import Archive, Entry
from hooks.text import cn_date, t

PRODID = "-//notice-archive//publication periods//ZH"
FOLD_OCTETS = 75
# TEXT may not hold control characters other than HTAB (RFC 5545 3.3.11); newlines are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT property value: \\ ; , and newlines escaped, other control characters dropped."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (CRLF, then one space), cut
    between characters, never inside one's UTF-8 bytes."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > FOLD_OCTETS:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _day(iso: str) -> str:
    return iso.replace("-", "")


def event(e: Entry, script: str, site_url: str) -> list[str]:
    """The VEVENT of one notice's period (unfolded content lines)."""
    period = e.period
    assert period is not None
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    link = site_link(e.url, site_url, "../")
    if not site_url:  # relative to the calendar, which lies in the script's folder
        link = link.removeprefix(f"../{script}/")
    label = t(script, "period")
    days = f"（{t(script, 'period_days', days=period['days'])}）" if period.get("days") else ""
    description = [f"{t(script, 'issuer')}：{e.issuer}" if e.issuer else "",
                   f"{t(script, 'doc_number')}：{e.meta['doc_number']}" if e.meta.get("doc_number") else "",
                   f"{label}：{t(script, 'period_range', start=cn_date(period['start']), end=cn_date(period['end']))}"
                   + days,
                   f"{t(script, 'period_original')}{period['text']}" if period.get("text") else "",
                   link]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{e.id}.{script}.period@notice-archive",
        f"DTSTAMP:{_day(e.date or period['start'])}T000000Z",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(f'{e.title}（{label}）')}",
        f"DESCRIPTION:{escape_text(chr(10).join(d for d in description if d))}",
    ]
    # URL is a URI (RFC 3986: absolute); without a site_url the link is in the description only.
    if site_url:
        lines.append(f"URL;VALUE=URI:{link}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def periods_ics(archive: Archive, script: str, site_url: str) -> str:
    """The calendar of every notice period in `script`, by first day then id."""
    name = escape_text(f"{t(script, 'site_name')} · {t(script, 'period')}")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME:{name}", f"X-WR-CALNAME:{name}", "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D"]
    entries = sorted((e for e in archive.entries.get(script, []) if e.period), key=lambda e: (e.period["start"], e.id))
    for e in entries:
        lines += event(e, script, site_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
