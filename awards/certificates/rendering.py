"""Certificates as PDF: the data each one shows, the HTML template, WeasyPrint, batches, zips.

A batch is laid out once as one document (one page per award); a zip writes each page of that
document as its own PDF, so both cost one layout pass (timings in docs/performance.md).
"""

import base64
import io
import mimetypes
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from awards import codes, collector, identity
from awards.certificates import wording
from awards.certificates.models import CertificateDesign
from awards.models import Award, AwardList, Edition

LANGUAGES = ("zh-hans", "en")


class CertificateUnavailable(Exception):
    """Certificates cannot be made on this machine (a font or library is missing)."""


@dataclass(frozen=True)
class Certificate:
    """Everything one certificate page shows, already in its language."""

    award: Award
    language: str
    event: str
    title: str
    salutation: str
    paragraphs: list[str]
    issuers: list[str]
    date: str
    code: str
    url: str
    qr: str
    seal: str

    @property
    def salutation_size(self) -> str:
        # No auto-fit in CSS paged media: long names get a smaller size so one page holds them.
        length = len(self.salutation)
        return "l" if length <= 14 else "m" if length <= 26 else "s" if length <= 44 else "xs"


# --- Fonts and libraries -------------------------------------------------------------


@lru_cache(maxsize=8)
def _font_files(family: str) -> tuple[str, ...]:
    result = subprocess.run(
        ["fc-list", f"{family}:lang=zh-cn", "file"],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return tuple(line for line in result.stdout.splitlines() if line.strip())


def check_fonts() -> None:
    """Refuse before rendering when the CJK font is missing: WeasyPrint would draw boxes."""
    family = settings.CERTIFICATE_FONT
    if shutil.which("fc-list") is None:
        raise CertificateUnavailable(
            _(
                "无法检查服务器上的字体:没有找到 fc-list 命令(fontconfig)。"
                "请管理员安装 fontconfig 和 fonts-noto-cjk 后重试。"
            )
        )
    if not _font_files(family):
        raise CertificateUnavailable(
            _(
                "服务器上没有证书所用的中文字体「%(font)s」,生成的证书会把汉字显示成方框,"
                "所以没有生成。请管理员安装字体(Debian/Ubuntu:apt-get install fonts-noto-cjk),"
                "或用环境变量 CERTIFICATE_FONT 指定一个已安装的中文字体。"
            )
            % {"font": family}
        )


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        raise CertificateUnavailable(
            _("服务器缺少生成 PDF 所需的程序库(WeasyPrint / Pango):%(error)s") % {"error": error}
        ) from error
    return weasyprint


# --- What each certificate shows -----------------------------------------------------


def awards_for(*, edition: Edition, award_list: AwardList | None = None):
    """The current (not withdrawn) awards of an edition or one of its lists, in list order."""
    awards = Award.objects.current().filter(award_list__edition=edition)
    if award_list is not None:
        awards = awards.filter(award_list=award_list)
    return awards.select_related(
        "award_list__edition", "nominee", "case", "case__nominee"
    ).order_by("award_list__position", "award_list__pk", "position")


def verification_url(award: Award, *, base_url: str, language: str) -> str:
    with translation.override(language):
        path = reverse("awards:verify", kwargs={"code": codes.grouped(award.verification_code)})
    return base_url.rstrip("/") + path


def _seal_data_uri(design: CertificateDesign) -> str:
    if not design.seal:
        return ""
    with design.seal.open("rb") as file:  # through the storage API: local disk or S3 alike
        data = file.read()
    mime = mimetypes.guess_type(design.seal.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _values(award: Award, design: CertificateDesign, event: str) -> dict[str, str]:
    edition = award.award_list.edition
    rank = _("第%(rank)s名") % {"rank": award.rank} if award.rank else ""
    both = " ".join(part for part in (rank, award.level) if part)
    # The name as announced, never the nominee's later name: a certificate reprinted after a
    # rename or a merge still reads as the award was given.
    announced = award.name_as_announced
    organization = announced if award.case_id else ""
    return {
        "recipient": organization or announced,
        "nominee": announced,
        "case_title": award.case.title if award.case_id else "",
        "organization": organization,
        "event": event,
        "edition": edition.name,
        "year": str(edition.year),
        "list": award.award_list.shown_name,
        "rank": rank,
        "level": award.level,
        # Chinese runs straight on (荣获「…」一等奖); English needs a separator.
        "rank_level": (" — " + both if translation.get_language() == "en" else both)
        if both
        else "",
        "date": formats.date_format(design.issued_on or edition.held_on, "DATE_FORMAT"),
        "hosted_by": edition.hosted_by,
        "organized_by": edition.organized_by,
        "code": codes.grouped(award.verification_code),
    }


def build(
    awards: Iterable[Award], *, base_url: str, language: str = "zh-hans"
) -> list[Certificate]:
    """The certificates of these awards (withdrawn ones are refused by the callers)."""
    designs, seals, built = {}, {}, []
    with translation.override(language):
        event = identity.current().short_name
        for award in awards:
            edition = award.award_list.edition
            if edition.pk not in designs:
                designs[edition.pk] = CertificateDesign.for_edition(edition)
                seals[edition.pk] = _seal_data_uri(designs[edition.pk])
            design = designs[edition.pk]
            values = _values(award, design, event)
            title, text = design.texts(language=language, cases=award.award_list.is_case_list)
            lines = wording.fill(text, values) or [values["recipient"]]
            url = verification_url(award, base_url=base_url, language=language)
            colon = ": " if language == "en" else "\uff1a"
            issuers = [
                f"{label}{colon}{name}"
                for label, name in (
                    (_("主办单位"), edition.hosted_by),
                    (_("承办单位"), edition.organized_by),
                )
                if name
            ]
            built.append(
                Certificate(
                    award=award,
                    language=language,
                    event=event,
                    title=title,
                    salutation=lines[0],
                    paragraphs=[_code_kept_whole(line, values["code"]) for line in lines[1:]],
                    issuers=issuers,
                    date=values["date"],
                    code=values["code"],
                    url=url,
                    qr=qr_png(url),
                    seal=seals[edition.pk],
                )
            )
    return built


def _code_kept_whole(line: str, code: str) -> SafeString:
    """The paragraph as HTML, with the verification code on one line wherever it falls.

    A code is read off paper and typed back: broken at one of its hyphens, it reads as two
    groups and pdftotext even joins them without the hyphen.
    """
    whole = format_html('<span class="nowrap">{}</span>', code)
    return mark_safe(whole.join(conditional_escape(part) for part in line.split(code)))


# 4 pixels per module (a version 3 code, 29 modules, is 116 px): the stylesheet prints it at
# 26 mm without smoothing (image-rendering: pixelated, so the PDF says /Interpolate false),
# as sharp as vector art. An SVG was a path of some 290 points per code, which WeasyPrint
# parses and draws point by point: the PNG makes a 48-certificate PDF 0.2 s of CPU cheaper.
QR_SCALE = 4


def qr_png(url: str) -> str:
    """The QR code of `url` as a PNG data URI, without a quiet zone (the page around is white)."""
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=0)


# --- PDF and zip ---------------------------------------------------------------------


def html(certificates: list[Certificate]) -> str:
    language = certificates[0].language if certificates else "zh-hans"
    with translation.override(language):
        return render_to_string(
            "awards/certificates/certificate.html",
            {"certificates": certificates, "font": settings.CERTIFICATE_FONT, "lang": language},
        )


def document(certificates: list[Certificate]):
    """The laid-out WeasyPrint document: one A4 landscape page per certificate."""
    check_fonts()
    weasyprint = _weasyprint()
    with collector.paused():
        return weasyprint.HTML(string=html(certificates)).render()


def pdf(certificates: list[Certificate]) -> bytes:
    laid_out = document(certificates)
    with collector.paused():
        return laid_out.write_pdf()


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}


def safe_name(text: str, taken: set[str], *, suffix: str = ".pdf", limit: int = 80) -> str:
    """A file name every system accepts, unique among `taken` (compared case-insensitively)."""
    base = _UNSAFE.sub("_", text).strip(" .")[:limit].strip(" .") or "certificate"
    if base.split(".")[0].upper() in _RESERVED:
        base = f"_{base}"
    candidate, n = base + suffix, 2
    while candidate.casefold() in taken:
        candidate, n = f"{base}-{n}{suffix}", n + 1
    taken.add(candidate.casefold())
    return candidate


def zip_bytes(certificates: list[Certificate], *, folders: bool) -> bytes:
    """One PDF per award, named after the nominee; with `folders`, one folder per list."""
    laid_out = document(certificates)
    buffer = io.BytesIO()
    folder_names: dict[int, str] = {}
    # File names are unique per folder; folder names among themselves.
    taken: dict[str, set[str]] = {"": set()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, certificate in enumerate(certificates):
            award = certificate.award
            folder = ""
            if folders:
                if award.award_list_id not in folder_names:
                    label = f"{award.award_list.position:02d}-{award.award_list.shown_name}"
                    folder_names[award.award_list_id] = safe_name(label, taken[""], suffix="") + "/"
                folder = folder_names[award.award_list_id]
            name = safe_name(
                f"{award.position:02d}-{award.name_as_announced}", taken.setdefault(folder, set())
            )
            with collector.paused():
                page = laid_out.copy([laid_out.pages[index]]).write_pdf()
            archive.writestr(folder + name, page)
    return buffer.getvalue()
