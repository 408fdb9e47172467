"""Zip containers (DOCX, OFD) opened with their size checked before anything is inflated.

A zip's central directory states every member's inflated size, and `zipfile` never returns
more than that size for a member (a lying entry ends in a CRC or length error instead), so
checking the directory first bounds memory: a bomb (a few KB inflating to gigabytes) is
refused before one member is inflated. Only the XML parts a reader needs are ever inflated,
each checked for its size and compression ratio first; images and other media never are, so
a white scan that compresses a thousand times does not count against a document.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from .notice import Issue

MAX_MEMBERS = 10_000
# What all members together may inflate to; a notice's text, styles and images fit in far less.
MAX_TOTAL = 256 * 1024 * 1024
# XML compresses 5-20 times, rarely 100; bombs compress a thousand times and more. Only
# members large enough to matter are held to it (a tiny member may compress any amount).
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
# One XML part we parse.
MAX_PART = 64 * 1024 * 1024


class ZipRefused(Exception):
    """The container cannot be read safely; `issue` says why, naming the file."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def _error(code: str, message: str) -> ZipRefused:
    return ZipRefused(Issue(code, message, severity="error"))


@dataclass
class Container:
    """An opened zip whose directory passed the checks; members are read by name."""

    zip: zipfile.ZipFile
    name: str  # the notice's file name, for messages
    members: dict[str, zipfile.ZipInfo]

    def has(self, member: str) -> bool:
        return member in self.members

    def read(self, member: str, limit: int = MAX_PART) -> bytes:
        """A member's bytes; ZipRefused when it is missing, too large or damaged."""
        info = self.members.get(member)
        if info is None:
            raise _error("corrupt", f"{self.name}: 缺少 {member}，文件不完整或不是此类文档")
        if info.file_size > limit:
            raise _error("too-large", f"{self.name}: {member} 解压后 {info.file_size} 字节，超过 {limit} 字节的上限")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _error("zip-bomb", f"{self.name}: {member} 压缩比 {ratio}:1，超过 {MAX_RATIO}:1（疑为压缩炸弹），未解压")
        try:
            with self.zip.open(info) as fh:
                return fh.read(limit + 1)[:limit]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as err:
            # RuntimeError: an encrypted member; NotImplementedError: a compression method zipfile lacks.
            raise _error("corrupt", f"{self.name}: {member} 已损坏，无法解压（{err}）") from err


def open_zip(data: bytes, name: str) -> Container:
    """Open a zip container from its bytes, refusing bombs and damaged directories."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as err:
        raise _error("corrupt", f"{name}: 不是完整的 zip 文件，可能已截断或损坏（{err}）") from err
    if len(infos) > MAX_MEMBERS:
        raise _error("zip-bomb", f"{name}: 压缩包有 {len(infos)} 个成员，超过 {MAX_MEMBERS} 个的上限，未解压")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise _error("zip-bomb", f"{name}: 解压后共 {total} 字节，超过 {MAX_TOTAL} 字节的上限（疑为压缩炸弹），未解压")
    members = {i.filename.lstrip("/"): i for i in infos if not i.is_dir()}
    return Container(archive, name, members)
