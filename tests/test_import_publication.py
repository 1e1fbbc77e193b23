"""An import never unpublishes by omission; taking something off the site needs its own yes."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from awards.importing import services, workbook
from awards.models import Edition

pytestmark = pytest.mark.django_db

UNPUBLISH_WARNING = "取消发布:2022成都市政务新媒体峰会将变回草稿,公众将看不到它。"


def with_publication(edition, value) -> bytes:
    """The edition's own workbook with its 发布时间 cell set to `value`."""
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition)))
    sheet = book["届次"]
    row = next(row for row in sheet.iter_rows() if row[0].value == "发布时间")
    row[1].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def organizer_client() -> Client:
    user = User.objects.create_user("organizer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="组织者"))
    client = Client()
    client.force_login(user)
    return client


def preview(client, data: bytes):
    response = client.post(
        "/admin/awards/edition/workbook/import/",
        {"file": SimpleUploadedFile("2022.xlsx", data, content_type=workbook.XLSX_CONTENT_TYPE)},
    )
    return client.get(response["Location"])


def test_blank_publication_cell_keeps_a_published_edition_published(edition_2022):
    published_at = edition_2022.published_at
    data = with_publication(edition_2022, None)

    plan = services.apply_import(data, "2022.xlsx", reason="重新导入")

    edition = Edition.objects.get(year=2022)
    assert (plan.has_changes, plan.removals) == (False, [])
    assert (edition.published_at, edition.is_public) == (published_at, True)


def test_blank_publication_cell_makes_a_new_edition_a_draft(edition_2022):
    data = with_publication(edition_2022, "")
    edition_2022.delete()

    services.apply_import(data, "2022.xlsx")

    assert Edition.objects.get(year=2022).published_at is None


def test_explicit_draft_is_a_removal_refused_without_its_own_confirmation(edition_2022):
    data = with_publication(edition_2022, "草稿")

    with pytest.raises(services.RemovalsUnconfirmed) as refused:
        services.apply_import(data, "2022.xlsx", reason="撤回核对")

    assert refused.value.plan.removals == [UNPUBLISH_WARNING]
    assert Edition.objects.get(year=2022).is_public is True


def test_explicit_draft_with_confirmation_unpublishes(edition_2022):
    data = with_publication(edition_2022, "草稿")

    services.apply_import(data, "2022.xlsx", reason="撤回核对", confirm_removals=True)

    assert Edition.objects.get(year=2022).published_at is None


def test_admin_preview_heads_with_the_warning_and_asks_a_separate_confirmation(edition_2022):
    client = organizer_client()
    page = preview(client, with_publication(edition_2022, "草稿"))
    fingerprint = page.context["confirm_form"].initial["fingerprint"]

    refused = client.post(
        page.request["PATH_INFO"], {"fingerprint": fingerprint, "change_reason": "撤回核对"}
    )
    still_public = Edition.objects.get(year=2022).is_public
    accepted = client.post(
        page.request["PATH_INFO"],
        {"fingerprint": fingerprint, "change_reason": "撤回核对", "confirm_removals": "on"},
    )

    warning = page.text.index("警告:这次导入会从公开网站上撤下以下内容")
    assert warning < page.text.index('class="import-summary"') and UNPUBLISH_WARNING in page.text
    assert "confirm_removals" in page.context["confirm_form"].fields
    assert refused.status_code == 200 and still_public is True
    assert refused.context["confirm_form"].errors["confirm_removals"] == [
        "这次导入会让公众看不到部分内容(见预览顶部的警告),请单独确认后再导入。"
    ]
    assert accepted.status_code == 302, accepted.context["confirm_form"].errors
    assert Edition.objects.get(year=2022).published_at is None


def test_admin_asks_no_removal_confirmation_for_an_ordinary_import(edition_2022):
    page = preview(organizer_client(), with_publication(edition_2022, None))

    assert page.status_code == 200
    assert page.context["plan"].removals == []
    assert "警告:这次导入会从公开网站上撤下以下内容" not in page.text


def test_cli_refuses_an_unpublish_without_confirm_removals(edition_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    path.write_bytes(with_publication(edition_2022, "草稿"))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_awards", str(path), reason="撤回核对", stderr=err)
    still_public = Edition.objects.get(year=2022).is_public
    call_command(
        "import_awards",
        str(path),
        reason="撤回核对",
        confirm_removals=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    assert still_public is True
    assert UNPUBLISH_WARNING in err.getvalue()
    assert Edition.objects.get(year=2022).published_at is None


def test_template_instructions_say_a_blank_publication_keeps_the_state():
    lines = workbook.HELP_LINES

    assert "    发布时间:新届次留空即为草稿;已有届次留空则保持现状(已发布的仍然发布)。" in lines
