"""A lean, hardened reader for the cell values of .xlsx sheets.

openpyxl builds an object per cell and parses through the pure-Python ElementTree
parser (for defusedxml), which made reading a 10,000-row workbook the slowest part
of an import. This reader feeds the sheet XML straight to expat and keeps only values.

Safety matches defusedxml's: a DOCTYPE (the only way to declare entities) is refused
before any entity can be expanded, and external entities are never fetched. Anything
this reader does not understand raises `Unsupported`, and the caller falls back to openpyxl.
"""

import datetime
import posixpath
import re
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_COLUMN = re.compile(r"([A-Z]+)(\d+)$")


class EntitiesRefused(Exception):
    """The XML declares a DOCTYPE: possible entity expansion bomb."""


class Unsupported(Exception):
    """Structure this reader does not handle; use openpyxl instead."""


def _parser(start=None, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*args):
        raise EntitiesRefused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _parse(archive, name, start=None, end=None, text=None):
    parser = _parser(start, end, text)
    with archive.open(name) as stream:
        parser.ParseFile(stream)


def _tag(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _rels(archive, part: str) -> dict:
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found = {}
    if rels_name not in archive.namelist():
        return found

    def start(name, attrs):
        if _tag(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs["Target"]
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[attrs["Id"]] = (attrs.get("Type", "").rsplit("/", 1)[-1], path)

    _parse(archive, rels_name, start=start)
    return found


def _workbook(archive):
    sheets, date1904 = [], False

    def start(name, attrs):
        nonlocal date1904
        tag = _tag(name)
        if tag == "sheet":
            sheets.append((attrs["name"], attrs.get(f"{REL} id") or attrs.get("r:id")))
        elif tag == "workbookPr":
            date1904 = attrs.get("date1904") in ("1", "true")

    _parse(archive, "xl/workbook.xml", start=start)
    return sheets, date1904


def _shared_strings(archive, path) -> list[str]:
    strings, parts, state = [], [], {"in_t": False, "skip": 0}

    def start(name, attrs):
        tag = _tag(name)
        if tag == "si":
            parts.clear()
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True

    def end(name):
        tag = _tag(name)
        if tag == "si":
            strings.append("".join(parts))
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            parts.append(data)

    if path:
        _parse(archive, path, start, end, text)
    return strings


def _date_styles(archive, path) -> set[int]:
    """Indexes of cell formats (the `s` attribute) that display dates or times."""
    custom, formats, state = {}, [], {"xfs": False}

    def start(name, attrs):
        tag = _tag(name)
        if tag == "numFmt":
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["xfs"] = True
        elif tag == "xf" and state["xfs"]:
            formats.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if _tag(name) == "cellXfs":
            state["xfs"] = False

    if path:
        _parse(archive, path, start, end)
    dates = set()
    for index, fmt_id in enumerate(formats):
        code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "")
        if code and is_date_format(code):
            dates.add(index)
    return dates


_LOCAL = {}


def _local(name: str) -> str:
    """The element's local name; cached, since a sheet repeats a handful of names."""
    local = _LOCAL.get(name)
    if local is None:
        local = name.rsplit(" ", 1)[-1]
        if len(_LOCAL) < 256:  # a hostile file may invent endless names
            _LOCAL[name] = local
    return local


class _SheetReader:
    """Collects (row number, values) and formula cells without a stored result."""

    def __init__(self, strings, date_styles, epoch):
        self.strings, self.date_styles, self.epoch = strings, date_styles, epoch
        self.rows, self.uncached = [], set()
        self.row_number, self.values = 0, None
        self.cell = None
        self.text_parts, self.capture = [], None

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            reference = attrs.get("r")
            if reference:
                found = _COLUMN.match(reference)
                if not found:
                    raise Unsupported(reference)
                column = column_index_from_string(found.group(1)) - 1
            else:
                column = len(self.values)
            self.cell = {"col": column, "t": attrs.get("t", "n"), "s": attrs.get("s"), "v": None}
            self.cell["f"] = False
        elif tag == "row":
            self.row_number = int(attrs.get("r") or self.row_number + 1)
            self.values = []
        elif tag in ("v", "t") and self.cell is not None:
            self.text_parts, self.capture = [], tag
        elif tag == "f" and self.cell is not None:
            self.cell["f"] = True
        elif tag == "rPh":
            self.capture = None

    def text(self, data):
        if self.capture:
            self.text_parts.append(data)

    def end(self, name):
        tag = _local(name)
        if tag in ("v", "t") and self.cell is not None and self.capture:
            joined = "".join(self.text_parts)
            self.cell["v"] = joined if self.cell["v"] is None else self.cell["v"] + joined
            self.capture = None
        elif tag == "c" and self.cell is not None:
            self._store(self.cell)
            self.cell = None
        elif tag == "row":
            self.rows.append((self.row_number, self.values))
            self.values = None

    def _store(self, cell):
        raw, kind = cell["v"], cell["t"]
        if cell["f"] and (raw is None or raw == ""):
            self.uncached.add((self.row_number, cell["col"]))
            value = None
        elif raw is None:
            value = None
        elif kind == "s":
            value = self.strings[int(raw)]
        elif kind in ("inlineStr", "str"):
            value = raw
        elif kind == "b":
            value = raw in ("1", "true")
        elif kind == "e":
            value = raw
        elif kind == "d":
            value = datetime.datetime.fromisoformat(raw)
        else:
            number = float(raw)
            if cell["s"] is not None and int(cell["s"]) in self.date_styles:
                value = from_excel(number, self.epoch)
            elif number.is_integer() and "." not in raw and "E" not in raw.upper():
                value = int(raw)
            else:
                value = number
        if self.values is None:
            raise Unsupported("cell outside a row")
        while len(self.values) < cell["col"]:
            self.values.append(None)
        self.values.append(value)


def read_sheets(archive: zipfile.ZipFile):
    """[(sheet name, [(row number, values)], {(row, col) of uncached formulas})]."""
    sheets, date1904 = _workbook(archive)
    rels = _rels(archive, "xl/workbook.xml")
    by_type = {kind: path for kind, path in rels.values()}
    strings = _shared_strings(archive, by_type.get("sharedStrings"))
    date_styles = _date_styles(archive, by_type.get("styles"))
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    result = []
    for name, rel_id in sheets:
        kind, path = rels.get(rel_id, (None, None))
        if kind != "worksheet":
            continue  # chart sheets and dialog sheets hold no table
        reader = _SheetReader(strings, date_styles, epoch)
        _parse(archive, path, reader.start, reader.end, reader.text)
        result.append((name, reader.rows, reader.uncached))
    return result
