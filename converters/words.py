"""jieba's word segmentation, with its dictionary loaded in a tenth of the time.

jieba keeps its dictionary (every word and every prefix of a word → frequency) as a dict
of half a million entries; unmarshalling it takes most of a second, in every worker
process. Here the same entries are kept as one sorted list of keys and an array of
frequencies, cached next to jieba's own cache: loading that is one string split. jieba's
own algorithm then segments with lookups by bisection, so its output is the same.
"""

from __future__ import annotations

import marshal
import sys
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType

_FORMAT = 1


class SortedFreq(Mapping[str, int]):
    """A read-only mapping over sorted keys and their values, looked up by bisection.

    Answers are remembered: segmenting asks about the same few thousand strings again
    and again, and a dict answers faster than a bisection.
    """

    def __init__(self, keys: list[str], values: array) -> None:
        self._keys = keys
        self._values = values
        self._seen: dict[str, int | None] = {}

    def _value(self, key: str) -> int | None:
        try:
            return self._seen[key]
        except KeyError:
            i = bisect_left(self._keys, key)
            found = self._values[i] if i < len(self._keys) and self._keys[i] == key else None
            self._seen[key] = found
            return found

    def __getitem__(self, key: str) -> int:
        value = self._value(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._value(key) is not None

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        value = self._value(key)
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _import_jieba() -> ModuleType:
    """jieba, imported without pkg_resources where nothing has imported that yet.

    jieba only uses pkg_resources to open its own dictionary file and opens it by path
    without it; importing pkg_resources is half of jieba's import time, in every worker.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: jieba's fallback
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba Tokenizer for the default dictionary, its FREQ served by `SortedFreq`."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    path = _cache_path(jieba)
    loaded = _load(path)
    if loaded is None:
        tk.initialize()  # jieba's own (slow) load, once per machine and jieba version
        keys = sorted(tk.FREQ)
        freqs = array("q", (tk.FREQ[k] for k in keys))
        _save(path, tk.total, keys, freqs)
        loaded = tk.total, SortedFreq(keys, freqs)
    tk.total, tk.FREQ = loaded
    tk.initialized = True
    return tk


def _cache_path(jieba: ModuleType) -> Path:
    """Named after jieba's version and its dictionary file, so a new dictionary is reread."""
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = dictionary.stat()
    name = f"converters-jieba-{_FORMAT}-{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}.cache"
    return Path(tempfile.gettempdir()) / name


def _load(path: Path) -> tuple[int, SortedFreq] | None:
    try:
        fmt, total, keys, values = marshal.loads(path.read_bytes())
        freqs = array("q")
        freqs.frombytes(values)
        key_list = keys.split("\n")
    except (OSError, ValueError, TypeError, EOFError, AttributeError):
        return None  # missing or unreadable: rebuilt from jieba's dictionary
    if fmt != _FORMAT or not isinstance(total, int) or len(key_list) != len(freqs):
        return None
    return total, SortedFreq(key_list, freqs)


def _save(path: Path, total: int, keys: list[str], freqs: array) -> None:
    """Write atomically; a cache that cannot be written only costs the next process time."""
    from .atomic import save_cache

    save_cache(path, marshal.dumps((_FORMAT, total, "\n".join(keys), freqs.tobytes())))
