"""Reading rendered certificates the way a person would: text from the PDF, the QR code from
a page image (pdftoppm, then zbar through pyzbar)."""

import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pyzbar.pyzbar import decode


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def image_rows(data: bytes) -> list[list[str]]:
    """The rows of `pdfimages -list`: page num type width height color comp bpc enc interp …
    (an RGBA PNG also brings an "smask" row)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout
    return [row.split() for row in listing.splitlines()[2:]]


def page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes, *, page: int = 1) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(path),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        (image,) = Path(folder).glob("page*.png")
        return [symbol.data.decode() for symbol in decode(Image.open(image))]


def fonts(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
