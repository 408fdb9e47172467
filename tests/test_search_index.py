"""The search index builder (hooks/search_index.py) on notice text; the browser side is test_search.py."""

from __future__ import annotations

from pathlib import Path

from converters.scripts import to_script
from hooks import search_index as si

ROOT = Path(__file__).resolve().parent.parent


def doc(notice_id: str, title: str, text: str, issuer: str = "", script: str = "hans") -> si.Doc:
    if script == "hant":
        title, text, issuer = to_script(title, "hant"), to_script(text, "hant"), to_script(issuer, "hant")
    return si.Doc(notice_id, title, "2023-04-04", issuer, text)


def archive(*rows: tuple[str, str, str]) -> dict[str, list[si.Doc]]:
    return {s: [doc(i, t, x, issuer="中共广东省港澳办党组", script=s) for i, t, x in rows] for s in si.SCRIPTS}


def decode(data: bytes):
    return si.decode_payload(data)[1]


def shard_of(index: si.Index, gram: str) -> dict:
    meta = decode(index.files["meta"])
    return decode(index.files[f"p/{si.gram_hash(gram) % meta['shards']:03x}"])


def lookup(index: si.Index, gram: str) -> list[int]:
    numbers, total = [], 0
    for step in shard_of(index, gram).get(gram, []):
        total += step
        numbers.append(total)
    return numbers


def counts(index: si.Index, gram: str) -> list[int]:
    shard = shard_of(index, gram)
    return shard["#tf"].get(gram) or [1] * len(shard.get(gram, []))


def test_plain_text_drops_markup_and_keeps_escaped_characters():
    body = "# 关于巡视整改的通报\n\n邮箱：gab&#95;db@gd.gov.cn，&lt;b&gt;不是标签&lt;/b&gt;\n\n<p class=\"notice-date\">2023年4月4日</p>\n"
    assert si.plain_text(body) == "关于巡视整改的通报\n邮箱：gab_db@gd.gov.cn，<b>不是标签</b>\n2023年4月4日"


def test_read_doc_leaves_the_title_line_out_of_the_text(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: 关于巡视整改的通报\nnotice_id: n1\nissuer: 省港澳办\nsigned_date: '2023-04-04'\n---\n\n"
                    "# 关于巡视整改的通报\n\n现将整改情况予以公布。\n", encoding="utf-8")
    d = si.read_doc(path)
    assert (d.id, d.title, d.date, d.issuer) == ("n1", "关于巡视整改的通报", "2023-04-04", "省港澳办")
    assert d.text == "省港澳办\n现将整改情况予以公布。"  # the issuer is searchable even when the body lacks it


def test_fold_table_joins_the_scripts_full_width_forms_and_case():
    texts = {"hans": ["巡视整改着力推进ＡＢＣ，港澳办"], "hant": ["巡視整改著力推進ＡＢＣ，港澳辦"]}
    table, aligned = si.fold_table(texts)
    fold = si.folder(table)
    assert aligned == [True]
    assert fold("巡視整改著力推進ＡＢＣ") == fold("巡视整改着力推进abc") == "巡视整改着力推进abc"
    assert fold("港澳辦２０２３年") == "港澳办2023年"
    assert "發" not in table  # only characters that can meet the archive's text are shipped


def test_grams_are_unigrams_and_bigrams_of_the_word_characters_across_punctuation():
    # A phrase copied without the text's comma (港澳办2023) is found: its bigram 办2 is indexed.
    assert si.grams("港澳办，2023") == {"港", "澳", "办", "港澳", "澳办", "办2", "2", "0", "3", "20", "02", "23"}
    assert si.gram_counts("巡视整改，巡视")["巡视"] == 2


def test_postings_carry_each_grams_count_in_each_notice_for_bm25():
    index = si.build_index(archive(
        ("a", "关于巡视的通知", "巡视整改。巡视整改。巡视整改。"),
        ("b", "关于整改的通知", "巡视整改一次。"),
        ("c", "通知", "没有这个词。"),
    ), curated=[])
    assert lookup(index, "巡视") == [0, 1]
    assert counts(index, "巡视") == [4, 1]  # the title's occurrence counts too
    assert counts(index, "视整") == [3, 1]
    rows = decode(index.files["hans/docs"])
    lengths = [row[4] for row in rows]
    assert lengths[0] > lengths[2] and decode(index.files["meta"])["avglen"] == round(sum(lengths) / 3, 1)


def test_every_substring_is_found_through_its_bigrams_in_either_script():
    index = si.build_index(archive(
        ("a", "中国农业发展银行关于贷款的通知", "中国农业发展银行决定。"),
        ("b", "关于巡视整改进展情况的通报", "省委第十五巡视组反馈了意见。"),
    ), curated=[])
    for gram, expected in (("农业", [0]), ("业发", [0]), ("巡视", [1]), ("十五", [1]), ("通报", [1])):
        assert lookup(index, gram) == expected, gram
    hant_text = decode(index.files["hant/t/b"])
    assert "巡視組" in hant_text and not hant_text.startswith("關於巡視整改")  # title kept apart


def test_the_relaxation_dictionary_is_fixed_whatever_notices_the_archive_holds():
    # How a phrase found nowhere is split must not change when unrelated notices are added.
    small = si.build_index(archive(("a", "关于巡视整改的通报", "整改情况。")), curated=["港澳辦"])
    large = si.build_index(archive(
        ("a", "关于巡视整改的通报", "整改情况。"),
        ("b", "中共广东省港澳办党组关于部门党组成员分工的通知", "根据《部门党组成员分工办法》规定。"),
    ), curated=["港澳辦"])
    assert small.files["words"] == large.files["words"]
    words = set(decode(small.files["words"]))
    assert {"港澳辦", "巡视", "整改", "部门"} <= words  # curated (as written) and jieba's common words
    assert "部门党组成员分工办法" not in words and "中共广东省港澳办党组" not in words


def test_index_files_are_deterministic_and_smaller_than_text_at_archive_scale():
    rows = []
    sample = "".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "notices").glob("*.txt")))
    paragraphs = [p.strip() for p in sample.splitlines() if len(p.strip()) > 20]
    for n in range(60):
        rows.append((f"n{n:03d}", f"关于第{n}号通知的通报", "\n".join(paragraphs[n % 7::3][:40])))
    first, second = si.build_index(archive(*rows), curated=[]), si.build_index(archive(*rows), curated=[])
    assert first.files == second.files and first.version == second.version
    assert first.index_bytes["hans"] < first.text_bytes["hans"]


def _rebuilt(before: dict[str, list[si.Doc]], after: dict[str, list[si.Doc]]):
    """The index of `after` built from `before`'s record and files, and built from nothing."""
    import marshal

    from hooks import search_build

    first = search_build.build(before, curated=[])
    record = marshal.loads(marshal.dumps(first.record))  # as the record file holds it
    second = search_build.build(after, curated=[], previous=record, available=set(first.index.files))
    files = {**{key: first.index.files[key] for key in second.kept}, **second.index.files}
    return files, second, search_build.build(after, curated=[])


FILLER = [(f"z{n}", f"关于第{n}批示范单位的公示", f"公示期：2023年5月{n + 1}日至5月{n + 8}日。") for n in range(12)]


def test_an_index_rebuilt_from_the_previous_one_is_the_index_built_from_nothing():
    rows = [("b", "关于巡视整改的通报", "整改情况。"), ("d", "关于农业发展的通知", "中国农业发展银行决定。"),
            ("f", "关于防汛的通知", "各乡镇要落实值班制度。"), *FILLER]
    before = archive(*rows)
    after = archive(("a", "关于新课题的通知", "申报截止时间为2月28日。"),  # added first: every number moves
                    ("b", "关于巡视整改的通报", "整改情况有变。"),  # edited
                    ("e", "关于农业发展的通知", "中国农业发展银行决定。"),  # d renamed to e
                    ("f", "关于防汛的通知", "各乡镇要落实值班制度。"), *FILLER)  # as they were
    files, rebuilt, clean = _rebuilt(before, after)
    assert rebuilt.updated and files == clean.index.files and rebuilt.index.version == clean.index.version
    assert {"words", "hans/t/f", "hant/t/f"} <= rebuilt.kept and "hans/t/b" not in rebuilt.kept
    assert rebuilt.index.index_bytes == clean.index.index_bytes
    files, rebuilt, clean = _rebuilt(after, after)
    assert files == clean.index.files and set(rebuilt.index.files) == {"meta", "hans/docs", "hant/docs"}


def test_a_notice_that_changes_the_fold_table_indexes_the_notices_it_folds_again():
    # 著 is its own class until a notice writes 着 where its other script has 著: then the older
    # notice, which only has 著, folds (and is found) otherwise, though its own text is the same.
    filler = archive(*FILLER)
    old = si.Doc("c", "通报", "2023-01-01", "", "成绩显著。")
    before = {"hans": [old, *filler["hans"]], "hant": [si.Doc("c", "通報", "2023-01-01", "", "成績顯著。"), *filler["hant"]]}
    after = {"hans": [si.Doc("a", "通知", "2023-01-02", "", "着力推进着力推进。"), *before["hans"]],
             "hant": [si.Doc("a", "通知", "2023-01-02", "", "著力推進著力推進。"), *before["hant"]]}
    files, rebuilt, clean = _rebuilt(before, after)
    assert si.folder(decode(clean.index.files["meta"])["fold"])("著") == "着"
    assert rebuilt.updated and files == clean.index.files
