"""Sidecar NAME.meta.yml: an archivist's metadata corrections, validated field by field."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from converters.notice import Issue, Period
from converters.sidecar import MAX_SIDECAR_BYTES, load_sidecar, parse_sidecar_text, sidecar_path

GOOD = """\
title: 中共广东省港澳办党组关于巡视整改进展情况的通报
issuer: 中共广东省港澳办党组
signed_date: 2023-01-18
published: "2023-01-20T09:30"
period:
  start: 2023-01-20
  end: 2023-01-29
  text: 公示期为2023年1月20日至1月29日
source: 广东省人民政府港澳事务办公室网站
editor: 李将辉
byline: 记者 廉维亮
script: hans
year: 2023
"""


def _errors(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.code, i.severity) for i in issues]


def test_sidecar_sits_next_to_the_notice_with_the_same_stem(tmp_path: Path) -> None:
    assert sidecar_path(tmp_path / "001_5ca1341a2a8eb917.txt") == tmp_path / "001_5ca1341a2a8eb917.meta.yml"


def test_every_allowed_field_is_normalised() -> None:
    data, issues = parse_sidecar_text(GOOD, "001.meta.yml")
    assert issues == []
    assert data == {
        "title": "中共广东省港澳办党组关于巡视整改进展情况的通报",
        "issuer": "中共广东省港澳办党组",
        "signed_date": "2023-01-18",
        "published": "2023-01-20T09:30",
        "period": {"start": "2023-01-20", "end": "2023-01-29", "text": "公示期为2023年1月20日至1月29日"},
        "source": "广东省人民政府港澳事务办公室网站",
        "editor": "李将辉",
        "byline": "记者 廉维亮",
        "script": "hans",
        "year": 2023,
    }
    assert Period(**data["period"]).days == 10


def test_dates_may_be_quoted_and_published_may_be_a_plain_date() -> None:
    data, issues = parse_sidecar_text('signed_date: "2022-02-24"\npublished: 2022-03-01\n', "a.meta.yml")
    assert (data, issues) == ({"signed_date": "2022-02-24", "published": "2022-03-01"}, [])


def test_impossible_date_is_an_error_naming_file_and_field_and_other_fields_survive() -> None:
    data, issues = parse_sidecar_text("title: 通报\nsigned_date: 2023-02-30\n", "002.meta.yml")
    assert data == {"title": "通报"}
    (issue,) = issues
    assert (issue.code, issue.severity) == ("sidecar-invalid", "warning")
    assert "002.meta.yml" in issue.message
    assert "signed_date" in issue.message
    assert "2023-02-30" in issue.message


def test_period_ending_before_it_starts_is_an_error() -> None:
    text = "period:\n  start: 2023-10-26\n  end: 2023-10-20\nyear: 2023\n"
    data, issues = parse_sidecar_text(text, "p.meta.yml")
    assert data == {"year": 2023}
    assert _errors(issues) == [("sidecar-invalid", "warning")]
    assert "period" in issues[0].message and "before" in issues[0].message


def test_unknown_field_is_an_error_with_a_suggestion() -> None:
    data, issues = parse_sidecar_text("titel: 通报\nissuer: 省委巡视组\n", "u.meta.yml")
    assert data == {"issuer": "省委巡视组"}
    (issue,) = issues
    assert (issue.code, issue.severity) == ("sidecar-unknown-field", "warning")
    assert "'titel'" in issue.message and "did you mean 'title'" in issue.message
    assert "u.meta.yml" in issue.message


def test_bad_yaml_is_an_error_with_its_position() -> None:
    data, issues = parse_sidecar_text("title: [关于巡视整改\nissuer: x\n", "bad.meta.yml")
    assert data == {}
    (issue,) = issues
    assert (issue.code, issue.severity) == ("sidecar-yaml", "warning")
    assert "bad.meta.yml" in issue.message and "line" in issue.message


@pytest.mark.parametrize("text", ["- title\n- issuer\n", "只有一句话\n", "42\n"])
def test_a_sidecar_that_is_not_a_mapping_is_an_error(text: str) -> None:
    data, issues = parse_sidecar_text(text, "list.meta.yml")
    assert data == {}
    assert _errors(issues) == [("sidecar-not-mapping", "warning")]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("title: 2023\n", "title"),  # a number where text is expected
        ("issuer:\n", "issuer"),  # no value
        ("title: |\n  第一行\n  第二行\n", "title"),
        ("year: '2023'\n", "year"),
        ("year: 1900\n", "year"),
        ("year: true\n", "year"),
        ("script: traditional\n", "script"),
        ("published: 2023-01-20 9:30\n", "published"),
        ("published: 2023-01-20T24:00\n", "published"),
        ("signed_date: 2023/01/18\n", "signed_date"),
        ("signed_date: 2023年1月18日\n", "signed_date"),
        ("period: 2023-01-20\n", "period"),
        ("period: {start: 2023-01-20}\n", "period"),
        ("period: {start: 2023-01-20, end: 2023-13-01}\n", "period"),
        ("period: {start: 2023-01-20, end: 2023-01-29, days: 10}\n", "period"),
    ],
)
def test_wrong_types_and_values_are_errors_naming_the_field(text: str, field: str) -> None:
    data, issues = parse_sidecar_text(text, "t.meta.yml")
    assert data == {}
    (issue,) = issues
    assert (issue.code, issue.severity) == ("sidecar-invalid", "warning")
    assert f"'{field}'" in issue.message


def test_a_field_given_twice_is_an_error_and_neither_value_is_used() -> None:
    data, issues = parse_sidecar_text("title: 甲\ntitle: 乙\nyear: 2022\n", "d.meta.yml")
    assert data == {"year": 2022}
    assert _errors(issues) == [("sidecar-duplicate", "warning")]


def test_empty_sidecar_is_only_a_warning() -> None:
    assert parse_sidecar_text("# 待补充\n", "e.meta.yml") == (
        {},
        [Issue("sidecar-empty", "e.meta.yml is empty; delete it or add fields")],
    )


def test_missing_sidecar_gives_nothing(tmp_path: Path) -> None:
    assert load_sidecar(tmp_path / "001.txt", tmp_path) == ({}, [])


def test_sidecar_file_is_loaded(tmp_path: Path) -> None:
    notice = tmp_path / "001.txt"
    notice.write_text("通报\n", encoding="utf-8")
    (tmp_path / "001.meta.yml").write_text(GOOD, encoding="utf-8")
    data, issues = load_sidecar(notice, tmp_path)
    assert issues == []
    assert data["title"] == "中共广东省港澳办党组关于巡视整改进展情况的通报"


def test_symlinked_sidecar_pointing_outside_the_root_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "notices", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.yml").write_text("title: 不该读到\n", encoding="utf-8")
    (root / "001.meta.yml").symlink_to(outside / "secret.yml")
    data, issues = load_sidecar(root / "001.txt", root)
    assert data == {}
    assert _errors(issues) == [("sidecar-outside", "warning")]
    assert "001.meta.yml" in issues[0].message


def test_symlinked_sidecar_inside_the_root_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "real.yml").write_text("title: 通报\n", encoding="utf-8")
    (tmp_path / "001.meta.yml").symlink_to(tmp_path / "real.yml")
    assert _errors(load_sidecar(tmp_path / "001.txt", tmp_path)[1]) == [("sidecar-outside", "warning")]


def test_sidecar_reached_through_a_symlinked_directory_outside_the_root_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "notices", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (outside / "001.meta.yml").write_text("title: 通报\n", encoding="utf-8")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    data, issues = load_sidecar(root / "linked" / "001.txt", root)
    assert data == {}
    assert _errors(issues) == [("sidecar-outside", "warning")]


def test_oversized_sidecar_is_refused(tmp_path: Path) -> None:
    (tmp_path / "001.meta.yml").write_text("# " + "注" * MAX_SIDECAR_BYTES + "\n", encoding="utf-8")
    data, issues = load_sidecar(tmp_path / "001.txt", tmp_path)
    assert data == {}
    assert _errors(issues) == [("sidecar-too-large", "warning")]


def test_sidecar_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "001.meta.yml").write_bytes("title: 通报\n".encode("gb18030"))
    assert _errors(load_sidecar(tmp_path / "001.txt", tmp_path)[1]) == [("sidecar-unreadable", "warning")]


def _laughs(levels: int, width: int) -> str:
    """A YAML alias bomb: each level lists the previous one `width` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\ntitle: *l{levels - 1}\n"


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (4, 8), (3, 5)])
def test_an_alias_bomb_is_refused_at_once_as_a_warning_naming_the_file(levels: int, width: int) -> None:
    text = _laughs(levels, width)
    assert len(text) < 1000
    started = time.perf_counter()
    data, issues = parse_sidecar_text(text, "bomb.meta.yml")
    assert time.perf_counter() - started < 1
    if (levels, width) == (3, 5):  # 125 values from 10 aliases: read, the list refused as a title
        assert ("sidecar-invalid", "warning") in _errors(issues)
        assert all(len(i.excerpt) <= 60 for i in issues)
        return
    assert data == {}
    assert _errors(issues) == [("sidecar-too-complex", "warning")]
    assert issues[0].message.startswith("bomb.meta.yml: ")


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    data, issues = parse_sidecar_text("title: " + "[" * 5000 + "]" * 5000 + "\n", "deep.meta.yml")
    assert data == {} and _errors(issues) == [("sidecar-too-complex", "warning")]
    data, issues = parse_sidecar_text("period: {start: 2024-01-01, end: 2024-02-01, text: 一月}\n", "ok.meta.yml")
    assert issues == [] and data["period"]["end"] == "2024-02-01"


def test_a_huge_key_or_value_is_shown_truncated() -> None:
    _data, issues = parse_sidecar_text(f"'{'键' * 300}': 1\nyear: [{', '.join(['1'] * 1000)}]\n", "big.meta.yml")
    assert {i.code for i in issues} == {"sidecar-unknown-field", "sidecar-invalid"}
    assert all(len(i.message) < 400 and len(i.excerpt) <= 60 for i in issues), issues


def test_provenance_fields_are_kept_as_written() -> None:
    text = ("source_url: https://www.example.gov.cn/zwgk/2024/通知.html?id=7#正文\n"
            "retrieved: 2024-03-02\n"
            "archive_url: 'http://web.archive.org/web/20240302000000/https://www.example.gov.cn/a'\n")
    data, issues = parse_sidecar_text(text, "p.meta.yml")
    assert issues == []
    assert data == {"source_url": "https://www.example.gov.cn/zwgk/2024/通知.html?id=7#正文",
                    "retrieved": "2024-03-02",
                    "archive_url": "http://web.archive.org/web/20240302000000/https://www.example.gov.cn/a"}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("javascript:alert(1)", "http:// or https://"),
        ("'JaVaScRiPt:alert(1)//http://x'", "http:// or https://"),
        ("data:text/html,<b>x</b>", "cannot hold"),
        ("ftp://files.example.org/a.txt", "http:// or https://"),
        ("/zwgk/a.html", "http:// or https://"),
        ("'https://x.org/a\"onmouseover=\"alert(1)'", "cannot hold"),
        ("https://x.org/<script>", "cannot hold"),
        ("'https://x.org/a b'", "a space"),
        ('"https://x.org/a\\tb"', "control character U+0009"),
        ('"https://x.org/\\x00"', "control character U+0000"),
        ('"https://x.org/\\u202egnp.exe"', "invisible character (U+202E)"),
        ("https://x.org\\@evil.org/", "cannot hold"),
        ("https://user:secret@x.org/", "password"),
        ("http:///no-host", "no host"),
        ("https://x.org:70000/", "port"),
        ("https://x.org/%E4%B8%zz", "hexadecimal"),
        ("2024", "text"),
        ("[https://x.org/]", "text"),
        ("'https://x.org/" + "a" * 3000 + "'", "limit is 2048"),
    ],
)
def test_a_bad_url_is_a_warning_naming_file_field_and_reason(value: str, reason: str) -> None:
    for field in ("source_url", "archive_url"):
        data, issues = parse_sidecar_text(f"{field}: {value}\nyear: 2024\n", "u.meta.yml")
        assert data == {"year": 2024}, value
        (issue,) = issues
        assert (issue.code, issue.severity) == ("sidecar-invalid", "warning")
        assert issue.message.startswith(f"u.meta.yml: field '{field}': "), issue.message
        assert reason in issue.message, issue.message
        assert len(issue.excerpt) <= 60


@pytest.mark.parametrize(("value", "reason"), [("2024-02-30", "not a real date"), ("1990-12-31", "outside"),
                                               ("2101-01-01", "outside"), ("2024-03-02T10:00", "not a date"),
                                               ("yesterday", "not a date")])
def test_a_bad_capture_date_is_a_warning(value: str, reason: str) -> None:
    data, issues = parse_sidecar_text(f"retrieved: {value}\n", "r.meta.yml")
    assert data == {}
    (issue,) = issues
    assert "'retrieved'" in issue.message and reason in issue.message, issue.message
