"""Find Chinese a reader of an English page would meet outside the parts marked as Chinese."""

import re
from html.parser import HTMLParser

# Han characters, CJK punctuation (、《》“” are ASCII-free forms) and full-width forms.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "area", "base", "col"}
# Attributes a browser shows or reads aloud.
SHOWN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
UNSHOWN = {"script", "style", "template"}


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", "")]
        self.leaks: list[str] = []

    def _lang(self) -> str:
        return self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang") or self._lang()
        if lang != "zh-Hans":
            for name in SHOWN_ATTRIBUTES:
                if CHINESE.search(values.get(name) or ""):
                    self.leaks.append(f"<{tag} {name}={values[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Pop to the matching element (tolerates implied end tags such as </p>).
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if any(tag in UNSHOWN for tag, _ in self.stack):
            return
        if self._lang() != "zh-Hans" and CHINESE.search(data):
            self.leaks.append(data.strip())


def chinese_outside_marks(html: str | bytes) -> list[str]:
    """Text nodes and shown attributes holding Chinese outside any lang="zh-Hans" element."""
    scan = _Scan()
    scan.feed(html.decode() if isinstance(html, bytes) else html)
    return scan.leaks
