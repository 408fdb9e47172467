"""jieba's dictionary served from a sorted key list answers exactly like jieba's own."""

from __future__ import annotations

import jieba
import pytest

from converters import words
from converters.words import tokenizer

PHRASES = ["邮政编码", "中华人民共和国", "修好三门课改革当先锋", "全国地方政协秘书长", "abc 12", "\u3400\u9fff\uf900", ""]


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_same_entries_as_jiebas_dictionary(reference):
    freq = tokenizer().FREQ
    assert tokenizer().total == reference.total and len(freq) == len(reference.FREQ)
    for key in [*list(reference.FREQ)[::997], "邮政编", "不是词语吧", "zzz", "\U00020000"]:
        assert (key in freq) == (key in reference.FREQ)
        assert freq.get(key) == reference.FREQ.get(key)


@pytest.mark.parametrize("text", PHRASES)
def test_segments_like_jieba(reference, text):
    assert list(tokenizer().cut(text, HMM=False)) == list(reference.cut(text, HMM=False))


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch, reference):
    monkeypatch.setattr(words.tempfile, "tempdir", str(tmp_path))
    path = words._cache_path(jieba)
    path.write_bytes(b"not marshal data")
    assert words._load(path) is None
    words.tokenizer.cache_clear()
    try:
        assert list(tokenizer().cut("邮政编码", HMM=False)) == list(reference.cut("邮政编码", HMM=False))
        assert words._load(path) is not None
    finally:
        words.tokenizer.cache_clear()
