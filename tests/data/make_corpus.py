"""Generate the corpus of awkward and hostile spreadsheet files the import must survive.

Nothing here is a hand-edited binary: every file is built from code, so a reader can
see exactly what is inside. Tests call `make_corpus(directory)` once per session;
run `python tests/data/make_corpus.py DIR` to look at the files yourself.

The good files target the real 2022 fixture (list 2022年优秀自媒体).
"""

import argparse
import csv
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

FLAT_HEADER = ["年份", "榜单", "顺序", "获奖对象", "对象类型", "名次", "等级"]
SELF_MEDIA = ["李伯清", "温江人不知道的温江事", "王大山Sanmei", "看透成都", "朱铁雄", "法山叔"]
LEVELS = ["一等奖", "一等奖", "二等奖", "二等奖", "三等奖", "三等奖"]
# Rows of the 2022 self-media list, each given a level: importing them changes six awards.
GOOD_ROWS = [
    [2022, "2022年优秀自媒体", i, name, "", "", level]
    for i, (name, level) in enumerate(zip(SELF_MEDIA, LEVELS, strict=True), start=1)
]
FORMULA_NAMES = ["=1+1", "+8613800000000", "-负号开头的账号", "@成都发布", '=HYPERLINK("x")']


def _csv_text(header, rows) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _xlsx(header, rows, title="Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_zip(data: bytes, replace: dict) -> bytes:
    """Copy an xlsx, replacing some members' content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content)
    return out.getvalue()


def _cfb(streams: dict) -> bytes:
    """A minimal OLE2 compound file (what Excel uses for .xls and password-protected .xlsx).

    Version 3, 512-byte sectors; each stream padded to 4096 bytes so it lives in regular
    sectors (no mini stream needed). Sector 0 holds the FAT, sector 1 the directory.
    """
    sector = 512
    names = list(streams)
    payloads = [streams[n].ljust(4096, b"\0") for n in names]
    data_sectors = [len(p) // sector for p in payloads]
    total = 2 + sum(data_sectors)
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # FAT sector, end of directory chain
    starts, cursor = [], 2
    for count in data_sectors:
        starts.append(cursor)
        fat.extend([*range(cursor + 1, cursor + count), 0xFFFFFFFE])
        cursor += count
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    assert total <= sector // 4

    def entry(name, kind, start, size, child=0xFFFFFFFF, right=0xFFFFFFFF):
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    for index, (name, start) in enumerate(zip(names, starts, strict=True)):
        right = index + 2 if index + 1 < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, start, len(streams[name]), right=right)
    directory = directory.ljust(sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    header = header.ljust(sector, b"\0")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + directory + b"".join(payloads)


def _zip_bomb(size_mb: int = 120) -> bytes:
    """A real xlsx-shaped zip whose one sheet inflates to `size_mb` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size_mb):
                member.write(chunk)
    return out.getvalue()


XML_BOMB_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def _xml_bomb() -> bytes:
    good = _xlsx(FLAT_HEADER, GOOD_ROWS)
    workbook_xml = zipfile.ZipFile(io.BytesIO(good)).read("xl/workbook.xml").decode()
    body = workbook_xml.split("?>", 1)[1] if workbook_xml.startswith("<?xml") else workbook_xml
    body = body.replace("<sheets>", "<sheets>&lol9;", 1)
    return _rewrite_zip(good, {"xl/workbook.xml": (XML_BOMB_DTD + body).encode()})


def _million_rows() -> bytes:
    """A sheet that declares Excel's last row, as LibreOffice sometimes does."""
    good = _xlsx(FLAT_HEADER, GOOD_ROWS)
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace('<dimension ref="A1:G7"/>', '<dimension ref="A1:G1048576"/>')
    blank = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t> </t></is></c></row>'
    sheet = sheet.replace("</sheetData>", blank + "</sheetData>")
    return _rewrite_zip(good, {"xl/worksheets/sheet1.xml": sheet.encode()})


def _formula_without_value() -> bytes:
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][5] = "=1+1"  # openpyxl stores the formula and no computed value
    return _xlsx(FLAT_HEADER, rows)


def libreoffice_convert(source: Path, target: Path, fmt: str, infilter: str = "") -> Path | None:
    """`source` saved by LibreOffice Calc as `fmt` (xlsx, xls, ods) at `target`.

    None when soffice is not installed. `infilter` reads a CSV as UTF-8, comma-separated.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            *([f"--infilter={infilter}"] if infilter else []),
            "--outdir",
            out,
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(out) / f"{source.stem}.{fmt}", target)
        return target


CSV_UTF8 = "CSV:44,34,76,1"


def make_corpus(directory) -> dict:
    """Write every corpus file into `directory`; returns {name: path}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    good = _csv_text(FLAT_HEADER, GOOD_ROWS)
    files = {
        "gbk.csv": good.encode("gbk"),
        "utf8.csv": good.encode("utf-8"),
        "utf8_bom.csv": ("\ufeff" + good).encode("utf-8"),
        "spaced_headers.csv": _csv_text(
            [" 年份", "榜\u3000单", "顺序 ", "\u3000获奖对象\u3000", "对象 类型", "名次", "等级"],
            GOOD_ROWS,
        ).encode("utf-8"),
        "formula_names.csv": _csv_text(
            FLAT_HEADER,
            [
                [2022, "2022年优秀自媒体", 6 + i, name, "自媒体", "", ""]
                for i, name in enumerate(FORMULA_NAMES, start=1)
            ],
        ).encode("utf-8"),
        "unknown_nominee.csv": _csv_text(
            FLAT_HEADER, [*GOOD_ROWS[:5], [2022, "2022年优秀自媒体", 7, "看透 成都吧", "", "", ""]]
        ).encode("utf-8"),
        "duplicate_key.csv": _csv_text(
            FLAT_HEADER, [*GOOD_ROWS, [2022, "2022年优秀自媒体", 3, "成都发布", "", "", ""]]
        ).encode("utf-8"),
        "wrong_types.csv": _csv_text(
            FLAT_HEADER,
            [*GOOD_ROWS[:3], [2022, "2022年优秀自媒体", "第四", "看透成都", "", "一", ""]],
        ).encode("utf-8"),
        "over_length.csv": _csv_text(
            FLAT_HEADER, [[2022, "2022年优秀自媒体", 7, "长" * 201, "自媒体", "", ""]]
        ).encode("utf-8"),
        "missing_column.csv": _csv_text(
            ["年份", "榜单", "顺序", "等级"], [[2022, "2022年优秀自媒体", 1, "一等奖"]]
        ).encode("utf-8"),
        "extra_column.csv": _csv_text([*FLAT_HEADER, "获奖单位"], [[*GOOD_ROWS[0], "x"]]).encode(
            "utf-8"
        ),
        "header_only.csv": _csv_text(FLAT_HEADER, []).encode("utf-8"),
        "header_only.xlsx": _xlsx(FLAT_HEADER, []),
        "empty.csv": b"",
        "empty.xlsx": b"",
        "blank_sheet.xlsx": _xlsx([], []),
        "zip_bomb.xlsx": _zip_bomb(),
        "xml_bomb.xlsx": _xml_bomb(),
        "million_rows.xlsx": _million_rows(),
        "formula_no_value.xlsx": _formula_without_value(),
        "encrypted.xlsx": _cfb(
            {
                "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40),
                "EncryptedPackage": struct.pack("<Q", 1024) + os.urandom(1024),
            }
        ),
        "renamed.xls.xlsx": _cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}),
    }
    paths = {}
    for name, content in files.items():
        path = directory / name
        path.write_bytes(content)
        paths[name] = path
    # The good CSV as LibreOffice (and so WPS users who pick these formats) saves it.
    for fmt in ("xlsx", "xls", "ods"):
        target = directory / f"libreoffice.{fmt}"
        if libreoffice_convert(paths["utf8.csv"], target, fmt, CSV_UTF8) is not None:
            paths[target.name] = target
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    args = parser.parse_args(argv)
    for name, path in make_corpus(args.directory).items():
        print(f"{path.stat().st_size:>10}  {name}")


if __name__ == "__main__":
    sys.exit(main())
