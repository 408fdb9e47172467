"""XML from untrusted containers, parsed without entities, DTDs or network access.

OOXML and OFD parts never declare a DTD, so one that does is refused outright (that is
where entity expansion, "billion laughs", and external entities live); the parser itself
also resolves no entity and fetches nothing, as a second line.
"""

from __future__ import annotations

from lxml import etree

from .notice import Issue

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)
_DECLARATIONS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY")
                      for codec in ("ascii", "utf-16-le", "utf-16-be"))


def _out_of_memory(err: etree.XMLSyntaxError) -> bool:
    """Whether libxml2 failed to allocate; its message is then often just "unknown error"."""
    no_memory = etree.ErrorTypes.ERR_NO_MEMORY
    return (err.code == no_memory or any(entry.type == no_memory for entry in err.error_log)
            or "memory" in str(err).lower())


class XmlRefused(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def parse(data: bytes, what: str) -> etree._Element:
    """The root element of an XML part; XmlRefused (naming `what`) for a DTD or broken XML."""
    if any(mark in data for mark in _DECLARATIONS):
        raise XmlRefused(Issue("xml-entities", f"{what} 声明了 DTD 或实体（可能是实体膨胀攻击），拒绝解析", severity="error"))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        if _out_of_memory(err):  # libxml2 could not allocate: a limit, not a broken file
            raise MemoryError(str(err)) from err
        raise XmlRefused(Issue("corrupt", f"{what} 不是完整的 XML（{err}）", severity="error")) from err
    if root is None:
        raise XmlRefused(Issue("corrupt", f"{what} 是空的 XML", severity="error"))
    return root
