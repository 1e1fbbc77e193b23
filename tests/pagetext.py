"""Read rendered pages the way a visitor does: the text of elements, found by tag and class."""

import re
from html.parser import HTMLParser

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, tag: str, cls: str | None, attr: str | None):
        super().__init__(convert_charrefs=True)
        self.tag, self.cls, self.attr = tag, cls, attr
        self.open: list[list] = []  # [depth, parts] of matching elements still open
        self.depth = 0
        self.found: list[str] = []

    def _matches(self, tag, attrs) -> bool:
        if tag != self.tag:
            return False
        classes = (dict(attrs).get("class") or "").split()
        return self.cls is None or self.cls in classes

    def handle_starttag(self, tag, attrs):
        if self._matches(tag, attrs) and self.attr:
            self.found.append(dict(attrs).get(self.attr) or "")
        if tag in VOID:
            return
        self.depth += 1
        if self._matches(tag, attrs) and not self.attr:
            # Reserve the slot now so nested matches stay in document order.
            self.found.append("")
            self.open.append([self.depth, [], len(self.found) - 1])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.open and self.open[-1][0] == self.depth:
            _, parts, slot = self.open.pop()
            text = re.sub(r"\s+", " ", "".join(parts)).strip()
            self.found[slot] = text
            if self.open:
                self.open[-1][1].append(text)
        self.depth -= 1

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def texts(html: str | bytes, tag: str, cls: str | None = None) -> list[str]:
    """Whitespace-collapsed text of every <tag class="cls"> element, in document order."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector(tag, cls, None)
    collector.feed(html)
    return collector.found


def attrs(html: str | bytes, tag: str, attr: str, cls: str | None = None) -> list[str]:
    """The value of `attr` on every matching <tag>, in document order."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector(tag, cls, attr)
    collector.feed(html)
    return collector.found


class _MetaCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key:
            self.found[key] = values.get("content") or ""


def metas(html: str | bytes) -> dict[str, str]:
    """<meta name|property=… content=…> as a dict."""
    collector = _MetaCollector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return collector.found
