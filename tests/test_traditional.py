"""Simplified ⇄ Traditional conversion word by word, in the configured standard (issue 12):
seed errors, the archive's phrase table, personal names, the setting, originals left as
written, the interface's forms, and search across both scripts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import opencc
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from converters.build import build_archive, settings_version
from converters.markdown import escape, render_markdown
from converters.notice import Block, Notice
from converters.pipeline import convert_file
from converters.scripts import DEFAULT_STANDARD, STANDARDS, check_standard, to_script
from converters.wordconv import _CLAUSE, _IDEOGRAPHS, _apply, convert, load_phrases, names_in
from hooks import search_index as si
from hooks import text as interface

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# Phrases OpenCC matches across a word boundary (plain OpenCC's wrong form, the right one).
SEEDS = [
    ("好干部", "好乾部", "好幹部"),
    ("35个中央机关", "35箇中央機關", "35個中央機關"),
    ("命名表彰", "命名錶彰", "命名表彰"),
    ("发展并发挥", "發展併發揮", "發展並發揮"),
    ("新征程", "新徵程", "新征程"),
    ("法定制度", "法定製度", "法定制度"),
]


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize(("simplified", "wrong", "right"), SEEDS)
def test_seed_errors_of_phrases_across_word_boundaries_are_gone(simplified, wrong, right, standard):
    assert opencc.OpenCC(standard).convert(simplified) == wrong  # why segmentation is needed
    assert convert([f"要{simplified}的作用。"], standard) == [f"要{right}的作用。"]
    assert to_script(simplified, "hant", standard) == right
    assert to_script(right, "hans") == simplified  # and back, word by word too


@pytest.mark.parametrize(("simplified", "traditional"), sorted(load_phrases().items()))
@pytest.mark.parametrize("standard", STANDARDS)
def test_every_phrase_table_entry_is_applied_both_ways(simplified, traditional, standard):
    assert to_script(f"各单位{simplified}。", "hant", standard) == f"各單位{traditional}。"
    assert to_script(f"各單位{traditional}。", "hans") == f"各单位{simplified}。"


@pytest.mark.parametrize(("simplified", "traditional"), [
    ("向党中央汇报工作", "向黨中央匯報工作"), ("香港回归祖国", "香港回歸祖國"), ("开诚布公地交流", "開誠布公地交流"),
    ("对表对标抓落实", "對表對標抓落實"), ("本办法自发布之日起施行", "本辦法自發布之日起施行"),
])
def test_the_archives_own_choices(simplified, traditional):
    assert to_script(simplified, "hant") == traditional


@pytest.mark.parametrize(("simplified", "traditional"), [
    ("余仁洪同志任县长", "余仁洪同志任縣長"),
    ("范长江同志", "范長江同志"),
    ("种明出席会议", "种明出席會議"),
    ("钟南山院士", "鍾南山院士"),
])
def test_personal_names_keep_their_surnames(simplified, traditional):
    assert to_script(simplified, "hant") == traditional


def test_surname_characters_in_ordinary_words_are_converted_as_words():
    text = "其余部分在规范范围内，党委关于各种钟表的意见。"
    assert to_script(text, "hant") == "其餘部分在規範範圍內，黨委關於各種鐘錶的意見。"


def test_names_listed_by_the_notice_keep_their_surnames_in_the_body():
    assert names_in(["（记者 党国英 于红）", "钟表厂"]) == {"党国英", "于红"}
    notice = Notice(id="n", source_path="n.txt", encoding="utf-8", script="hans", title="座谈会召开",
                    blocks=[Block("para", "会议由于红主持，党国英发言。"), Block("byline", "记者 党国英 于红")])
    page = render_markdown(notice, "hant")
    assert "會議由于紅主持，党國英發言。" in page and "記者 党國英 于紅" in page
    assert to_script("会议由于红主持，党国英发言。", "hant") == "會議由於紅主持，黨國英發言。"  # without the list


def test_names_in_a_table_or_a_list_of_names_keep_their_surnames_in_the_body():
    rows = (("姓名", "单位"), ("余  建", "规划局"), ("范小明", "其余单位"))
    notice = Notice(id="n", source_path="n.txt", encoding="utf-8", script="hans", title="拟推荐人选公示",
                    blocks=[Block("para", "余建为拟推荐人选。"), Block.table(rows),
                            Block("para", "党国英、钟伟、于海洋"), Block("para", "党国英同志和钟伟同志表现突出。")])
    page = render_markdown(notice, "hant")
    assert "余建為擬推薦人選。" in page  # from the table
    assert "党國英同志和鍾偉同志表現突出。" in page  # from the list of names
    assert "其餘單位" in page  # a cell holding a word, not a name
    # Without the table and the list, word segmentation alone reads no name there:
    assert to_script("余建为拟推荐人选。", "hant") == "餘建為擬推薦人選。"
    assert to_script("党国英同志和钟伟同志表现突出。", "hant") == "黨國英同志和鍾偉同志表現突出。"


@pytest.mark.parametrize("standard", STANDARDS)
def test_converting_only_the_clauses_that_can_change_equals_segmenting_everything(standard):
    texts = [b.text for b in convert_file(ROOT / "notices" / "000_cba325303ee0ceab.txt").blocks]
    texts += ["余仁洪同志", "好干部发展并发挥作用", "新征程上汇报工作", "了解群众的头发", "𠀾字在第二平面"]
    joined = "\n".join(texts)
    plain = opencc.OpenCC(standard).convert(joined)
    everything = _apply(joined, plain, [m.span() for m in _CLAUSE.finditer(joined)], standard, frozenset(), joined)
    assert convert(texts, standard) == everything.split("\n")
    back = convert(convert(texts, standard), "t2s")
    hant = "\n".join(convert(texts, standard))
    simplified = opencc.OpenCC("t2s").convert(hant)
    assert back == _apply(hant, simplified, [m.span() for m in _CLAUSE.finditer(hant)], "t2s", frozenset(),
                          simplified).split("\n")


@pytest.mark.parametrize("config", [*STANDARDS, "t2s"])
def test_opencc_converts_no_character_alone_outside_the_ranges_of_the_character_table(config):
    # Clauses without a sensitive word are converted with the table alone: a character OpenCC
    # converts elsewhere would be left as it is.
    outside = [chr(c) for c in range(0x20, 0x110000) if c != 0x0A and not 0xD800 <= c < 0xE000
               and not any(lo <= c < hi for lo, hi in _IDEOGRAPHS)]
    assert opencc.OpenCC(config).convert("\n".join(outside)).split("\n") == outside


@pytest.mark.parametrize("standard", ["s2tw", "s2hk"])
def test_the_regional_standards_chained_from_s2t_equal_opencc_own_configuration(standard):
    from converters.wordconv import opencc_converter

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "notices").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.glob("*/*.txt"))]
    texts += ["着力发展并发挥作用，后台里面的头发，干部的乾坤", "于是余下的钟表厂里了解群众"]
    joined = "\n".join(texts)
    assert opencc_converter(standard).convert(joined) == opencc.OpenCC(standard).convert(joined)


# --------------------------------------------------------------------------- the setting


def test_the_standard_is_a_setting_with_three_values():
    assert DEFAULT_STANDARD == "s2tw" and set(STANDARDS) == {"s2tw", "s2hk", "s2t"}
    text = "为群众解决问题，王东峰秘书长"
    assert to_script(text, "hant", "s2tw") == "為群眾解決問題，王東峰秘書長"
    assert to_script(text, "hant", "s2hk") == "為羣眾解決問題，王東峯秘書長"
    assert to_script(text, "hant", "s2t") == "爲羣衆解決問題，王東峯祕書長"
    with pytest.raises(ValueError, match="s2twp"):
        check_standard("s2twp")  # rewrites vocabulary: not for official text


def test_the_standard_is_part_of_the_cache_key_and_reconverts(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    shutil.copy(ROOT / "notices" / "000_cba325303ee0ceab.txt", notices)
    assert len({settings_version(s) for s in STANDARDS}) == 3
    runs = [build_archive(notices, tmp_path / "docs", tmp_path / "cache", jobs=1, standard=s).converted
            for s in ("s2tw", "s2tw", "s2hk", "s2tw")]
    assert runs == [1, 0, 1, 0]


def test_mkdocs_yml_sets_the_standard_for_notices_and_interface():
    from hooks import archive

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.extra["traditional"] == "s2tw"
    try:
        config.extra["traditional"] = "s2hk"
        archive.on_config(config)
        assert archive.STATE["traditional"] == "s2hk"
        assert interface.t("hant", "warnings_lead") == "自動轉換時發現以下問題，閲讀時請對照原始文件："
        config.extra["traditional"] = "s2twp"
        with pytest.raises(PluginError, match="traditional"):
            archive.on_config(config)
    finally:
        config.extra["traditional"] = "s2tw"
        archive.on_config(config)
    assert interface.t("hant", "warnings_lead") == "自動轉換時發現以下問題，閱讀時請對照原始文件："


def test_interface_strings_are_written_in_the_taiwan_standard():
    t2tw = opencc.OpenCC("t2tw")
    for key, text in interface.T["hant"].items():
        assert t2tw.convert(text) == text, key
        assert "爲" not in text
    assert "為" in interface.T["hant"]["timeline_desc"]
    script = (ROOT / "docs" / "assets" / "archive.js").read_text(encoding="utf-8")  # the browser's strings
    for run in re.findall(r"[\u4e00-\u9fff（）{}d]+", script):
        assert t2tw.convert(run) == run and "爲" not in run, run
    t2hk = opencc.OpenCC("t2hk")
    for text in interface.T["hant"].values():
        shown = interface.in_standard(text, "s2hk")
        assert t2hk.convert(shown) == shown
        assert interface.in_standard(text, "s2t") == opencc.OpenCC("tw2t").convert(text)


# --------------------------------------------------------------------------- originals


def _traditional_originals() -> list[Path]:
    """The sample written in Traditional, and the corpus's notices whose gold says so."""
    import json

    paths = [ROOT / "notices" / "004_af567c2eb27d93a5.txt"]
    for gold in sorted(CORPUS.glob("*/[0-9][0-9][0-9].json")) if CORPUS.is_dir() else []:
        raw = gold.with_suffix(".txt" if gold.parent.name == "web" else ".pdf")
        if gold.parent.name in ("web", "pdf") and json.loads(gold.read_text(encoding="utf-8")).get("script") == "hant":
            paths.append(raw)
    return paths


@pytest.mark.parametrize("path", _traditional_originals(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_traditional_notice_page_in_its_own_script_is_its_cleaned_text(path):
    notice = convert_file(path, path.parent)
    assert notice.script == "hant"
    for standard in STANDARDS:
        body = render_markdown(notice, "hant", standard).split("\n---\n", 1)[1]
        lines = si.plain_text(body).splitlines()
        want = [notice.title] + [c for b in notice.blocks for c in ([b.text] if not b.rows else
                                                                    [c for row in b.rows for c in row])]
        assert lines == [" ".join(t.split()) for t in want if t.strip()]
        for block in notice.blocks:
            assert escape(block.text) in body


# --------------------------------------------------------------------------- search


def test_search_finds_word_by_word_conversions_from_either_script_with_aligned_folding():
    hans = "余仁洪同志是好干部，发展并发挥作用，新征程上开诚布公地汇报。"
    hant = to_script(hans, "hant")
    assert hant == "余仁洪同志是好幹部，發展並發揮作用，新征程上開誠布公地匯報。"
    docs = {"hans": [si.Doc("a", "通知", "2024-01-01", "", hans)], "hant": [si.Doc("a", "通知", "2024-01-01", "", hant)]}
    table, aligned = si.fold_table({"hans": [hans], "hant": [hant]})
    fold = si.folder(table)
    assert aligned == [True] and fold(hant) == fold(hans)
    index = si.build_index(docs, curated=[])
    meta = si.decode_payload(index.files["meta"])[1]
    for query in ("余仁洪", "好幹部", "好干部", "發展並發揮", "新征程", "匯報", "汇报", "餘仁洪", "開誠佈公"):
        folded = fold(query)
        assert folded in fold(hant), query
        for gram in (folded[i:i + 2] for i in range(len(folded) - 1)):
            shard = si.decode_payload(index.files[f"p/{si.gram_hash(gram) % meta['shards']:03x}"])[1]
            assert gram in shard, (query, gram)
        start = fold(hant).index(folded)
        assert re.sub(r"\s", "", hant[start:start + len(folded)]) == hant[start:start + len(folded)]


def test_the_interface_follows_the_configured_standard_in_templates_and_scripts(tmp_path):
    """With `traditional: s2t`, the strings archive.js shows and Material's own strings on the
    Traditional pages are in OpenCC's forms (爲), as the notices' Traditional text is."""
    import json

    from bs4 import BeautifulSoup
    from conftest import build_site, copy_project

    notices = tmp_path / "in"
    notices.mkdir()
    (notices / "n.txt").write_text("关于开展检查的通知\n各单位：\n为做好工作，现将有关事项通知如下。\n某某局\n2024年1月2日\n",
                                   encoding="utf-8")
    project = copy_project(tmp_path / "project", notices=notices)
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("traditional: s2tw", "traditional: s2t"), encoding="utf-8")
    build_site(project, tmp_path / "site")
    for page in ("hant/index.html", "hant/about.html"):
        soup = BeautifulSoup((tmp_path / "site" / page).read_text(encoding="utf-8"), "html.parser")
        config = json.loads(soup.find(id="__config").string)
        assert config["archive_text"]["legend"] == "紅色虛線框爲本月（{d}）。"  # hand-written 為, in s2t forms
        assert set(config["archive_text"]) == {k[3:] for k in interface.T["hant"] if k.startswith("js_")}
        for text in config["translations"].values():
            assert interface.normalized(text, "s2t") == text, text
        assert "爲" in soup.get_text() and "為" not in soup.get_text()  # the notice's title has neither
