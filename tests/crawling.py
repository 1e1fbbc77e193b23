"""Crawl helpers: every URL pattern of the URLconf, filled with real and wrong values.

The crawl tests (tests/test_crawl_admin.py, tests/test_crawl_public.py) read the patterns from
the resolver, so a page added to the URLconf is requested without anyone listing it. A
parameter the crawl has no real values for gets wrong ones of its converter (WRONG); teach the
test's `fill` its real values to crawl the page's success path too.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import product
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from django.utils import translation


@dataclass(frozen=True)
class Route:
    """One pattern: its whole route text (prefixes joined), namespace and name."""

    text: str
    namespace: str
    name: str | None

    def converter(self, param: str) -> str:
        """The converter of a path() parameter ("int", "slug", …), "str" for a regex group."""
        match = re.search(rf"<(\w+):{param}>", self.text)
        return match.group(1) if match else "str"

    @property
    def params(self) -> list[str]:
        """Parameter names in order; positional regex groups are named "_0", "_1", …"""
        names, position = [], 0
        for match in _PARAM.finditer(self.text):
            if match.group("route") or match.group("regex"):
                names.append(match.group("route") or match.group("regex"))
            else:
                names.append(f"_{position}")
                position += 1
        return names

    def build(self, values: dict[str, str]) -> str:
        """The path with each parameter replaced by its value (a regex's ^ and $ dropped)."""
        position = iter(range(1000))

        def replace(match):
            name = match.group("route") or match.group("regex") or f"_{next(position)}"
            return values[name]

        return "/" + _PARAM.sub(replace, self.text).replace("^", "").replace("$", "")


# <conv:name> or <name> (path()), (?P<name>…) or (…) (re_path()); group bodies hold no "(".
_PARAM = re.compile(
    r"<(?:\w+:)?(?P<route>\w+)>|\(\?P<(?P<regex>\w+)>[^()]*\)|\((?!\?)[^()]*\)",
)


def routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URLPattern below `resolver`, depth first, as Route objects."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            # i18n_patterns: every language's prefix ("" for Chinese, "en/").
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    language_prefix = pattern.pattern.language_prefix
                yield from routes(pattern, prefix + language_prefix, namespace)
            continue
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from routes(pattern, text, inner)
        elif isinstance(pattern, URLPattern):
            yield Route(text=text, namespace=namespace, name=pattern.name)


def regex_choices(route: Route, param: str) -> list[str] | None:
    """A named regex group made of plain alternatives (app_label: auth|axes|awards)."""
    match = re.search(rf"\(\?P<{param}>([\w|]+)\)", route.text)
    return match.group(1).split("|") if match else None


# Wrong values by converter, for a parameter the crawl knows no real values of (a page added
# since): the page is still requested, with values it must refuse politely.
WRONG = {
    "int": ["0", "1", "9" * 25],
    "slug": ["no-such-slug", "a" * 1000],
    "uuid": ["00000000-0000-4000-8000-000000000000"],
}
WRONG_TEXT = ["no-such-thing", "%00", "x" * 1000]


def expand(route: Route, fill) -> list[str]:
    """Every path for a route: the product of each parameter's values from `fill`.

    `fill(route, param)` returns the values to try, or None when it knows none: then the
    converter's wrong values stand in (WRONG), so a new page is still crawled.
    """
    params = route.params
    choices = []
    for param in params:
        values = fill(route, param)
        if values is None:
            values = WRONG.get(route.converter(param), WRONG_TEXT)
        choices.append([str(value) for value in values])
    combinations = product(*choices)
    return [route.build(dict(zip(params, values, strict=True))) for values in combinations]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def links(response, base: str) -> list[str]:
    """Same-site links (path and query) of an HTML answer, resolved against its URL."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = _Links()
    parser.feed(response.content.decode(errors="replace"))
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


_ID = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/)")


def shape(url: str) -> str:
    """A link with the ids in its path blanked: award 7's and award 8's change page are one
    shape, so a crawl that follows links visits each kind of page once instead of every
    record (the records themselves come from the URLconf's expansion)."""
    parts = urlsplit(url)
    return _ID.sub("/*", parts.path) + (f"?{parts.query}" if parts.query else "")


def fetch(client, url: str):
    """GET `url`, reading a streamed answer to the end: the test client's wrapper then closes
    the file (media) without firing request_finished, which would close the test's DB
    connection."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def failure(url: str, response) -> tuple:
    """(url, status, the view's exception) of an answer the crawl refuses."""
    error = getattr(response, "exc_info", None)
    return (url, response.status_code, repr(error[1]) if error else "")
