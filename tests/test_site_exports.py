"""The data side of the real build: site/data/notices.{json,csv,jsonl} and site/{hans,hant}/periods.ics,
checked against the notices' own front matter and raw bytes, with hostile sidecar values."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from conftest import build_site, copy_project
from mkdocs.utils.meta import get_data

from hooks.exports import COLUMNS, FORMULA_START, dumps, notices_csv

SITE_URL = "https://archive.example.org/sub/"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/","点我"),标题;含\\反斜杠'
HOSTILE_ISSUER = "<img src=x onerror=alert(1)>"
HOSTILE_PERIOD = '含逗号,分号;反斜杠\\和"引号"与<b>标签</b>'
LONG_TITLE = "关于" + "很长的标题" * 600 + "的公示"
NOTICES = {
    "period.txt": "关于拟推荐先进集体的公示\n各有关单位：\n经研究，现将拟推荐名单予以公示，公示期为2024年5月6日至2024年5月10日。\n"
                  "联系电话：010-12345678\n某某市测试委员会\n2024年5月6日\n",
    "hostile.txt": "关于测试的公示\n各单位：\n现予公示，公示期为2024年6月1日至2024年6月3日。\n某某局\n2024年5月31日\n",
    "long.txt": "关于测试的公示\n各单位：\n现予公示，公示期为2024年8月1日至2024年8月9日。\n某某局\n2024年7月30日\n",
    "trad.txt": "關於調整辦公時間的公告\n各單位：\n自即日起調整辦公時間，公示期為2024年7月1日至2024年7月5日。\n某某縣政府\n2024年6月28日\n",
    "noperiod.txt": "关于召开会议的通知\n各部门：\n定于下周召开工作会议。\n某某办公室\n2024年4月1日\n",
}
SIDECARS = {
    "period.meta.yml": "source_url: https://www.example.gov.cn/gs/2024/通知.html?id=5\nretrieved: 2024-05-07\n"
                       "archive_url: https://web.archive.org/web/20240507/https://www.example.gov.cn/gs/2024/\n"
                       "doc_number: 测委〔2024〕8号\n",
    "hostile.meta.yml": f"title: '{HOSTILE_TITLE}'\nissuer: '{HOSTILE_ISSUER}'\ndoc_number: '-2+3;第1,2号'\n"
                        f"period: {{start: 2024-06-01, end: 2024-06-03, text: '{HOSTILE_PERIOD}'}}\n"
                        "source_url: javascript:alert(1)\n"
                        "archive_url: 'https://web.archive.org/web/2024/https://x.example/a?q=1,2;3'\n",
    "long.meta.yml": f"title: {LONG_TITLE}\nretrieved: 2024-07-31\n",
}
TEXT_COLUMNS = {"title", "issuer", "doc_number", "source", "editor", "byline"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    notices = tmp_path_factory.mktemp("export-notices") / "notices"
    notices.mkdir()
    for name, text in {**NOTICES, **SIDECARS}.items():
        (notices / name).write_text(text, encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("export-project"), notices=notices)
    build_site(project, project / "site")
    build_site(project, project / "site-url", SITE_URL=SITE_URL)
    return project


def fronts(project: Path, script: str) -> dict[str, dict]:
    return {p.stem: get_data(p.read_text(encoding="utf-8"))[1]
            for p in sorted((project / "docs" / script / "notices").glob("*.md"))}


def data_files(site: Path) -> dict[str, bytes]:
    names = ["data/notices.json", "data/notices.csv", "data/notices.jsonl", "hans/periods.ics", "hant/periods.ics"]
    return {name: (site / name).read_bytes() for name in names}


def test_json_export_holds_every_notice_as_its_pages_and_raw_file_say(built):
    site = built / "site"
    data = json.loads((site / "data" / "notices.json").read_text(encoding="utf-8"))
    hans, hant = fronts(built, "hans"), fronts(built, "hant")
    assert data["format"] == "notice-archive-export" and data["version"] == 1
    records = {r["id"]: r for r in data["notices"]}
    assert [r["id"] for r in data["notices"]] == sorted(hans) == sorted(records)
    assert data["count"] == len(NOTICES)
    for notice_id, record in records.items():
        meta, meta_t = hans[notice_id], hant[notice_id]
        for key in TEXT_COLUMNS:
            assert record[key] == {"hans": meta[key], "hant": meta_t[key]}, key
        assert record["original_script"] == meta["original_script"]
        assert (record["signed_date"], record["published"]) == (meta["signed_date"], meta["published"])
        if meta["period"]:
            assert {k: record["period"][k] for k in ("start", "end", "days")} == {
                k: meta["period"][k] for k in ("start", "end", "days")}
            assert record["period"]["text"] == {"hans": meta["period"]["text"], "hant": meta_t["period"]["text"]}
        else:
            assert record["period"] is None
        raw_bytes = (built / meta["raw"]).read_bytes()
        assert record["raw"]["path"] == meta["raw"]
        assert record["raw"]["sha256"] == hashlib.sha256(raw_bytes).hexdigest()
        assert record["raw"]["bytes"] == len(raw_bytes)
        # Links are relative to data/ and resolve to the pages and the byte-exact original.
        for script in ("hans", "hant"):
            assert record["pages"][script] == f"../{script}/notices/{notice_id}.html"
            assert (site / "data" / record["pages"][script]).is_file()
        assert (site / "data" / record["raw"]["url"]).read_bytes() == raw_bytes
        assert record["provenance"] == {k: meta[k] for k in ("source_url", "retrieved", "archive_url")}
    period = records["period"]
    assert period["provenance"] == {"source_url": "https://www.example.gov.cn/gs/2024/通知.html?id=5",
                                    "retrieved": "2024-05-07",
                                    "archive_url": "https://web.archive.org/web/20240507/https://www.example.gov.cn/gs/2024/"}
    assert period["doc_number"]["hans"] == "测委〔2024〕8号" and period["warnings"] == []
    hostile = records["hostile"]
    # Raw text, never HTML-escaped; the refused URL is absent and its warning names file and field.
    assert hostile["title"]["hans"] == HOSTILE_TITLE and hostile["issuer"]["hans"] == HOSTILE_ISSUER
    assert hostile["provenance"]["source_url"] is None
    assert hostile["provenance"]["archive_url"] == "https://web.archive.org/web/2024/https://x.example/a?q=1,2;3"
    (warning,) = hostile["warnings"]
    assert warning["code"] == "sidecar-invalid" and "hostile.meta.yml: field 'source_url'" in warning["message"]
    assert records["trad"]["original_script"] == "hant"


def test_csv_export_opens_as_utf8_and_no_cell_is_a_formula(built):
    raw = (built / "site" / "data" / "notices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # newlines only inside quoted cells
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    records = {r["id"]: r for r in json.loads((built / "site" / "data" / "notices.json").read_text())["notices"]}
    assert [row["id"] for row in rows] == list(records)

    def unguard(cell: str) -> str:
        return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell

    hans, hant = fronts(built, "hans"), fronts(built, "hant")
    for row in rows:
        assert not any(cell.startswith(FORMULA_START) for cell in row.values()), row
        for key in TEXT_COLUMNS:
            assert unguard(row[f"{key}_hans"]) == (hans[row["id"]][key] or "")
            assert unguard(row[f"{key}_hant"]) == (hant[row["id"]][key] or "")
        record = records[row["id"]]
        assert row["raw_sha256"] == record["raw"]["sha256"] and int(row["raw_bytes"]) == record["raw"]["bytes"]
        assert row["period_end"] == (record["period"] or {}).get("end", "")
        assert row["provenance_source_url"] == (record["provenance"]["source_url"] or "")
        assert int(row["warning_count"]) == len(record["warnings"])
    hostile = next(row for row in rows if row["id"] == "hostile")
    assert hostile["title_hans"] == "'" + HOSTILE_TITLE  # shown as text, not run as HYPERLINK
    assert hostile["doc_number_hans"] == "'-2+3;第1,2号"
    assert hostile["period_text_hans"] == HOSTILE_PERIOD  # commas, quotes and markup survive the quoting
    assert hostile["issuer_hans"] == HOSTILE_ISSUER
    assert "[sidecar-invalid]" in hostile["warnings"]
    assert next(row for row in rows if row["id"] == "long")["title_hans"] == LONG_TITLE


def test_csv_quoting_survives_newlines_quotes_and_formulas_in_any_field():
    base = json.loads(dumps({"id": "x", "original_script": "hans", "title_derived": False, "date": None,
                             "signed_date": None, "published": None, "read_by": "text",
                             "period": None, "warnings": [], "pages": {}, "raw": {}, "provenance": {}}))
    nasty = ['a,b', 'say "hi"', "two\nlines", "=1+1", "@SUM(A1)", "＝1", "\tx", "-1", "\x00nul", "\r\rcr"]
    rows = []
    for value in nasty:
        record = dict(base, title={"hans": value, "hant": value}, issuer={"hans": None, "hant": None})
        rows.append(record)
    parsed = list(csv.DictReader(io.StringIO(notices_csv(rows).removeprefix("\ufeff"), newline="")))
    assert len(parsed) == len(nasty)
    for value, row in zip(nasty, parsed, strict=True):
        cell = row["title_hans"]
        assert not cell.startswith(FORMULA_START)
        assert "\x00" not in cell
        expected = value.replace("\x00", "\ufffd")
        assert cell in (expected, "'" + expected), (value, cell)


def test_jsonl_export_is_one_notice_per_line_with_both_scripts_text(built):
    raw = (built / "site" / "data" / "notices.jsonl").read_text(encoding="utf-8")
    lines = raw.splitlines()  # the strictest line splitting Python has (U+2028, NEL…)
    assert raw.endswith("\n") and len(lines) == len(raw.split("\n")) - 1 == len(NOTICES)
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    by_id = {r["id"]: r for r in records}
    period = by_id["period"]["text"]
    assert "经研究，现将拟推荐名单予以公示" in period["hans"] and "經研究，現將" in period["hant"]
    assert period["hans"].splitlines()[0] == "各有关单位："  # the title is a field of its own
    assert "自即日起調整辦公時間" in by_id["trad"]["text"]["hant"]
    for record in records:
        for script in ("hans", "hant"):
            text = record["text"][script]
            assert text and "&#" not in text and "<p" not in text and not text.startswith("#")
    assert by_id["hostile"]["title"]["hans"] == HOSTILE_TITLE
    sample = dumps({"text": "a\u2028b\u2029c\x85d"})
    assert sample.splitlines() == [sample] and json.loads(sample)["text"] == "a\u2028b\u2029c\x85d"


def _calendar(site: Path, script: str) -> tuple[bytes, icalendar.Calendar]:
    data = (site / script / "periods.ics").read_bytes()
    return data, icalendar.Calendar.from_ical(data)


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_period_calendar_parses_with_one_all_day_event_per_period(built, script):
    site = built / "site"
    data, calendar = _calendar(site, script)
    assert data.endswith(b"END:VCALENDAR\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75 and b"\n" not in line and b"\r" not in line
        line.decode("utf-8")  # folding never cuts a character's bytes
    metas = fronts(built, script)
    with_period = {i: m for i, m in metas.items() if m["period"]}
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(with_period) == len(NOTICES) - 1
    label = "公开期限" if script == "hans" else "公開期限"
    for notice_id, meta in with_period.items():
        event = events[f"{notice_id}.{script}.period@notice-archive"]
        start, end = date.fromisoformat(meta["period"]["start"]), date.fromisoformat(meta["period"]["end"])
        assert event.decoded("DTSTART") == start and not hasattr(event.decoded("DTSTART"), "hour")
        assert event.decoded("DTEND") == end + timedelta(days=1)
        assert str(event["SUMMARY"]) == f"{meta['title']}（{label}）"
        description = str(event["DESCRIPTION"])
        link = description.splitlines()[-1]
        assert link == f"notices/{notice_id}.html" and (site / script / link).is_file()
        assert "URL" not in event  # a relative link is no URI: in the description only
        if meta["period"]["text"]:
            assert meta["period"]["text"] in description
    assert str(events[f"hostile.{script}.period@notice-archive"]["SUMMARY"]).startswith(
        HOSTILE_TITLE if script == "hans" else "=HYPERLINK")


def test_with_a_site_url_links_are_absolute_and_uids_do_not_change(built):
    plain, absolute = built / "site", built / "site-url"
    data = json.loads((absolute / "data" / "notices.json").read_text(encoding="utf-8"))
    for record in data["notices"]:
        assert record["pages"]["hant"] == f"{SITE_URL}hant/notices/{record['id']}.html"
        assert record["raw"]["url"].startswith(SITE_URL + "raw/")
    for script in ("hans", "hant"):
        events = {str(e["UID"]): e for e in _calendar(absolute, script)[1].walk("VEVENT")}
        before = {str(e["UID"]): e for e in _calendar(plain, script)[1].walk("VEVENT")}
        assert events.keys() == before.keys()
        assert [e.decoded("DTSTAMP") for e in events.values()] == [e.decoded("DTSTAMP") for e in before.values()]
        for uid, event in events.items():
            url = f"{SITE_URL}{script}/notices/{uid.split('.')[0]}.html"
            assert str(event["URL"]) == url and str(event["DESCRIPTION"]).endswith(url)


def test_exports_are_byte_identical_across_builds(built, tmp_path):
    build_site(built, tmp_path / "again")
    assert data_files(tmp_path / "again") == data_files(built / "site")
