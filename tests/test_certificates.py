"""Certificates: real PDFs read back as text and as a scanned QR code, one page each."""

import io
import zipfile
from urllib.parse import unquote

import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from awards import codes, services
from awards.certificates import rendering, wording
from awards.certificates.models import CertificateDesign
from awards.models import Award, Case, Nominee
from tests.certificate_helpers import fonts, image_rows, page_count, pdf_text, qr_codes
from tests.factories import AwardFactory

pytestmark = [
    pytest.mark.django_db,
    # Certificates are set in Noto Serif CJK and read back with poppler and zbar.
    pytest.mark.system_packages("fonts-noto-cjk", "poppler-utils", "libzbar0"),
]

BASE = "https://awards.example.org"
# Full-width colon and comma, as the default Chinese wording prints them.
COLON, COMMA = "\uff1a", "\uff0c"


def _pdf(awards, language="zh-hans"):
    return rendering.pdf(rendering.build(awards, base_url=BASE, language=language))


def _flat(text: str) -> str:
    # pdftotext breaks long lines where the page does; names are compared without the breaks.
    return "".join(text.split())


def _verify_url(award):
    return f"{BASE}/verify/{codes.grouped(award.verification_code)}/"


# --- One certificate per kind of list -------------------------------------------------


def test_nominee_certificate_shows_name_list_edition_issuers_and_code(edition_2022):
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    text = pdf_text(_pdf([award]))

    assert f"成都发布{COLON}" in text
    assert f"在2022成都市政务新媒体峰会中{COMMA}荣获「2022年优秀政务新媒体」。" in text
    assert f"主办单位{COLON}成都市委网信办" in text
    assert f"承办单位{COLON}成都市互联网文化协会" in text
    assert "2022年12月15日" in text
    assert "成都市政务新媒体峰会" in text
    assert codes.grouped(award.verification_code) in text


def test_case_certificate_shows_case_title_and_organization(edition_2022):
    award = Award.objects.filter(case__isnull=False).select_related("case__nominee").first()

    text = _flat(pdf_text(_pdf([award])))

    assert f"{award.case.nominee.name}{COLON}" in text
    assert f"《{award.case.title}》" in text
    assert f"「{award.award_list.name}」" in text
    assert codes.grouped(award.verification_code) in text


def test_certificate_qr_code_decodes_to_the_verification_url(edition_2022):
    award = Award.objects.get(award_list__slug="gov-new-media", position=2)

    assert qr_codes(_pdf([award])) == [_verify_url(award)]


def test_english_certificate_links_to_the_english_verification_page(edition_2022):
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    data = _pdf([award], language="en")

    assert "Certificate of Honour" in pdf_text(data)
    assert qr_codes(data) == [rendering.verification_url(award, base_url=BASE, language="en")]


def test_certificate_shows_rank_and_level_when_set():
    award = AwardFactory(rank=3, level="一等奖", nominee__name="成都发布")

    text = pdf_text(_pdf([award]))

    assert f"荣获「{award.award_list.name}」第3名 一等奖。" in text


def test_certificate_embeds_a_subset_of_the_cjk_font(edition_2022):
    award = Award.objects.first()

    listing = fonts(_pdf([award]))

    # Lines: header, rule, one font; "yes yes yes" = embedded, subset, with a Unicode map.
    rows = listing.splitlines()[2:]
    assert len(rows) == 1
    assert "Noto-Serif-CJK-SC" in rows[0]
    assert rows[0].split()[-5:-2] == ["yes", "yes", "yes"]


# --- Long names stay on one page ------------------------------------------------------


def test_longest_names_of_the_fixture_and_a_60_character_name_fit_one_page(edition_2022):
    longest_nominee = max(Nominee.objects.all(), key=lambda n: len(n.name))
    longest_case = max(Case.objects.all(), key=lambda c: len(c.title))
    awards = [
        Award.objects.filter(nominee=longest_nominee).first(),
        Award.objects.get(case=longest_case),
        AwardFactory(nominee__name="成都" + "超长名称" * 14 + "政务", rank=1, level="特别荣誉奖"),
    ]
    assert len(awards[2].nominee.name) == 60

    data = _pdf(awards)

    assert page_count(data) == 3
    text = _flat(pdf_text(data))
    assert longest_nominee.name in text
    assert longest_case.title in text
    assert awards[2].nominee.name in text


# --- Wording --------------------------------------------------------------------------


def test_edited_wording_is_used_with_its_placeholders(edition_2022):
    CertificateDesign.objects.create(
        edition=edition_2022,
        title="获奖证书",
        wording="致{nominee}\n{year}年度「{list}」获奖单位,验证码{code}。",
    )
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    text = pdf_text(_pdf([award]))

    assert "获奖证书" in _flat(text)  # the title is letter-spaced
    assert "致成都发布" in text
    # The code may move whole to the next line, as the font's widths fall
    # (test_the_code_is_never_broken_across_lines): the sentence is compared without breaks.
    assert (
        f"2022年度「2022年优秀政务新媒体」获奖单位,验证码{codes.grouped(award.verification_code)}。"
        in _flat(text)
    )


def test_the_code_is_never_broken_across_lines(edition_2022):
    # Lead-ins of every length walk the code across the line's end, wherever the font's
    # widths put it; a page holds some six such paragraphs, so they come in batches.
    design = CertificateDesign.objects.create(edition=edition_2022, title="获奖证书")
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)
    code = codes.grouped(award.verification_code)
    first, *_, last = code.split("-")

    for batch in (range(16, 22), range(22, 28), range(28, 34), range(34, 40)):
        design.wording = "致{nominee}\n" + "\n".join("验" * n + "{code}。" for n in batch)
        design.save()
        text = pdf_text(_pdf([award]))

        assert text.count(f"{code}。") == len(batch)
        assert [
            line
            for line in text.splitlines()
            if (first in line or last in line) and code not in line
        ] == []


def test_markup_in_the_wording_stays_text(edition_2022):
    CertificateDesign.objects.create(
        edition=edition_2022, title="获奖证书", wording="致{nominee}\n<b>验证码</b>{code}"
    )
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    text = pdf_text(_pdf([award]))

    assert f"<b>验证码</b>{codes.grouped(award.verification_code)}" in _flat(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{winner}获奖", "未知的占位符「{winner}」。可用的占位符:{recipient}、"),
        ("{nominee.__class__}", "未知的占位符「{nominee.__class__}」"),
        ("{nominee!r}", "占位符「{nominee}」后面不能加冒号或感叹号,只写 {nominee}。"),
        ("{nominee", "花括号不成对"),
        ("x" * 301, "证书文字最多 300 个字(现在 301 个)"),
    ],
)
def test_bad_wording_is_refused_with_a_chinese_message(text, message):
    with pytest.raises(ValidationError) as error:
        wording.validate_wording(text)

    assert error.value.messages[0].startswith(message)


def test_hostile_wording_is_printed_as_text_not_markup(edition_2022):
    CertificateDesign.objects.create(
        edition=edition_2022, wording="{recipient}\n<b>加粗</b><img src=x onerror=alert(1)>"
    )
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    html = rendering.html(rendering.build([award], base_url=BASE))
    text = pdf_text(_pdf([award]))

    assert "&lt;b&gt;加粗&lt;/b&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>加粗</b><img src=x onerror=alert(1)>" in text


# --- Missing fonts --------------------------------------------------------------------


def test_missing_font_is_explained_instead_of_rendering_boxes(edition_2022, settings, admin_client):
    settings.CERTIFICATE_FONT = "Nonexistent Font SC"
    award = Award.objects.first()

    response = admin_client.get(reverse("admin:awards_award_certificate", args=(award.pk,)))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "服务器上没有证书所用的中文字体「Nonexistent Font SC」" in response.content.decode()
    assert "apt-get install fonts-noto-cjk" in response.content.decode()


# --- Organizer downloads --------------------------------------------------------------


@pytest.mark.usefixtures("organizer")
def test_award_admin_page_links_its_certificate(edition_2022, client):
    award = Award.objects.first()

    page = client.get(reverse("admin:awards_award_change", args=(award.pk,)))
    response = client.get(reverse("admin:awards_award_certificate", args=(award.pk,)))

    assert codes.grouped(award.verification_code) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert page_count(response.content) == 1


@pytest.mark.usefixtures("organizer")
def test_withdrawn_award_gets_no_certificate(client):
    award = services.withdraw_award(award=AwardFactory(), reason="重复评选")

    response = client.get(reverse("admin:awards_award_certificate", args=(award.pk,)))

    assert response.status_code == 409
    assert "这个奖项已撤销,不再生成证书。" in response.content.decode()


@pytest.mark.usefixtures("organizer")
def test_list_as_one_pdf_has_one_page_per_current_award(edition_2022, client):
    url = reverse("admin:awards_edition_certificates", args=(edition_2022.pk,))

    response = client.get(url, {"format": "pdf", "list": "top-cases"})

    assert response.status_code == 200
    assert page_count(response.content) == 5
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.usefixtures("organizer")
def test_edition_zip_holds_one_pdf_per_award_named_after_the_nominee(edition_2022, client):
    url = reverse("admin:awards_edition_certificates", args=(edition_2022.pk,))

    response = client.get(url, {"format": "zip"})

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 48
    assert len(set(names)) == 48
    assert "01-2022年优秀政务新媒体/01-成都发布.pdf" in names


@pytest.mark.usefixtures("organizer")
def test_file_names_keep_the_name_as_announced_after_a_rename(edition_2022, client):
    nominee = Nominee.objects.get(name="成都发布")
    nominee.name = "成都发布2030"
    nominee.save()
    award = nominee.awards.get(award_list__slug="gov-new-media")
    url = reverse("admin:awards_edition_certificates", args=(edition_2022.pk,))

    names = zipfile.ZipFile(io.BytesIO(client.get(url, {"format": "zip"}).content)).namelist()
    one = client.get(reverse("admin:awards_award_certificate", args=(award.pk,)))

    assert "01-2022年优秀政务新媒体/01-成都发布.pdf" in names
    assert not any("2030" in name for name in names)
    assert "成都发布2030" not in unquote(one["Content-Disposition"])
    assert "成都发布.pdf" in unquote(one["Content-Disposition"])


@pytest.mark.usefixtures("organizer")
def test_batch_beyond_the_web_limit_points_to_the_command(edition_2022, settings, client):
    settings.CERTIFICATE_WEB_LIMIT = 10
    url = reverse("admin:awards_edition_certificates", args=(edition_2022.pk,))

    response = client.get(url, {"format": "pdf"})

    assert response.status_code == 413
    assert "python manage.py export_certificates 2022 -o DIR" in response.content.decode()


@pytest.mark.usefixtures("organizer")
def test_certificates_page_and_design_preview_render(edition_2022, client):
    design = CertificateDesign.objects.create(edition=edition_2022)

    page = client.get(reverse("admin:awards_edition_certificates", args=(edition_2022.pk,)))
    preview = client.get(reverse("admin:certificates_certificatedesign_change", args=(design.pk,)))

    assert page.status_code == 200
    assert preview.status_code == 200
    assert (
        f"在2022成都市政务新媒体峰会中{COMMA}荣获「2022年优秀政务新媒体」。"
        in preview.content.decode()
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("成都发布", "成都发布.pdf"),
        ('a/b\\c:d*e?"f<g>h|', "a_b_c_d_e_f_g_h_.pdf"),
        ("CON", "_CON.pdf"),
        ("...", "certificate.pdf"),
    ],
)
def test_file_names_are_safe(name, expected):
    assert rendering.safe_name(name, set()) == expected


def test_file_names_are_unique_ignoring_case():
    taken = set()

    names = [rendering.safe_name(n, taken) for n in ("ABC", "abc", "a/b", "a_b")]

    assert names == ["ABC.pdf", "abc-2.pdf", "a_b.pdf", "a_b-2.pdf"]


# --- Command --------------------------------------------------------------------------


def test_export_certificates_writes_one_file_per_award_of_a_list(edition_2022, tmp_path):
    call_command(
        "export_certificates",
        "2022",
        "--list",
        "top-cases",
        "-o",
        str(tmp_path),
        "--base-url",
        BASE,
        "--combined",
        verbosity=0,
    )

    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 6
    assert "2022-top-cases.pdf" in files
    award = Award.objects.get(award_list__slug="top-cases", position=1)
    single = tmp_path / f"01-{award.nominee.name}.pdf"
    assert qr_codes(single.read_bytes()) == [_verify_url(award)]


def test_export_certificates_refuses_an_unknown_list(edition_2022, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2022 年没有网址标识为「nope」的榜单"):
        call_command(
            "export_certificates", "2022", "--list", "nope", "-o", str(tmp_path), "--base-url", BASE
        )


# --- Seal image ------------------------------------------------------------------------


def _png(size=(200, 200)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 20, 20, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_uploaded_seal_is_printed_on_the_certificate(edition_2022, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    design = CertificateDesign(edition=edition_2022)
    design.seal = SimpleUploadedFile("seal.png", _png(), content_type="image/png")
    design.full_clean()
    design.save()
    award = Award.objects.first()

    with_seal = _pdf([award])
    design.seal.delete()
    without = _pdf([award])

    assert (tmp_path / "certificates" / "seals").is_dir()
    # The QR code is a picture too (awards.certificates.rendering.qr_png): the seal is the second.
    assert (_images(with_seal), _images(without)) == (2, 1)


def test_oversized_seal_is_refused_with_a_chinese_message(edition_2022):
    from django.core.files.uploadedfile import SimpleUploadedFile

    design = CertificateDesign(edition=edition_2022)
    design.seal = SimpleUploadedFile("seal.png", _png() + b"\0" * (2 * 1024 * 1024))

    with pytest.raises(ValidationError) as error:
        design.full_clean()

    assert error.value.message_dict["seal"][0].startswith("印章图片不能超过 2 MB")


def _images(data: bytes) -> int:
    return sum(1 for row in image_rows(data) if row[2] == "image")


def test_qr_code_is_a_picture_printed_without_smoothing(edition_2022):
    award = Award.objects.first()

    data = _pdf([award])

    (row,) = image_rows(data)
    url = rendering.verification_url(award, base_url=BASE, language="zh-hans")
    size = segno.make(url, error="m").symbol_size(border=0)[0] * rendering.QR_SCALE
    assert (row[3], row[4], row[9]) == (str(size), str(size), "no")
    assert qr_codes(data) == [url]


@pytest.mark.usefixtures("organizer")
def test_saving_a_design_leads_back_to_the_editions_certificates(edition_2022, client):
    url = reverse("admin:certificates_certificatedesign_add")
    form = {
        "edition": edition_2022.pk,
        "title": "荣誉证书",
        "wording": "{recipient}\n特发此证。",
        "case_wording": "{organization}\n特发此证。",
        "title_en": "Certificate",
        "wording_en": "{recipient}",
        "case_wording_en": "{organization}",
    }

    refused = client.post(url, {**form, "wording": "{获奖者}"})
    saved = client.post(url, form)

    assert "未知的占位符「{获奖者}」" in refused.content.decode()
    assert saved.status_code == 302
    assert saved["Location"] == reverse(
        "admin:awards_edition_certificates", args=(edition_2022.pk,)
    )
    assert CertificateDesign.objects.get(edition=edition_2022).wording == "{recipient}\n特发此证。"
