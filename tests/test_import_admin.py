"""Admin screens: workbook upload → preview → confirm, export, template, permissions."""

import datetime
import io
import re
import tempfile

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from awards.importing import workbook
from awards.importing.models import PendingImport
from awards.models import Award, Nominee

pytestmark = pytest.mark.django_db

XLSX = workbook.XLSX_CONTENT_TYPE


def viewer() -> User:
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def changed_workbook(edition) -> bytes:
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition)))
    book["2022年优秀自媒体"]["F2"] = "一等奖"  # 等级
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="2022.xlsx"):
    return client.post(
        "/admin/awards/edition/workbook/import/",
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def self_media_level() -> str:
    return Award.objects.get(award_list__slug="self-media", position=1).level


def test_changelist_shows_workbook_buttons_to_organizer(edition_2022, make_organizer):
    response = client_for(make_organizer()).get("/admin/awards/edition/")

    links = re.findall(
        r'<a href="([^"]+)"[^>]*>(导入工作簿|导出工作簿|下载模板)</a>', response.text
    )
    assert links == [
        ("/admin/awards/edition/workbook/import/", "导入工作簿"),
        ("/admin/awards/edition/workbook/export/", "导出工作簿"),
        ("/admin/awards/edition/workbook/template/", "下载模板"),
    ]


def test_upload_shows_row_by_row_preview_and_writes_nothing(edition_2022, make_organizer):
    client = client_for(make_organizer())

    preview = client.get(upload(client, changed_workbook(edition_2022))["Location"])

    assert preview.status_code == 200
    assert self_media_level() == ""
    assert preview.context["plan"].summary() == "新增 0 行,修改 1 行,不变 53 行,跳过 0 行。"
    assert "等级:(空) → 一等奖" in preview.text
    assert PendingImport.objects.count() == 1


def test_confirm_applies_the_preview_and_removes_the_pending_file(edition_2022, make_organizer):
    client = client_for(make_organizer())
    preview = client.get(upload(client, changed_workbook(edition_2022))["Location"])
    fingerprint = preview.context["confirm_form"].initial["fingerprint"]

    response = client.post(
        preview.request["PATH_INFO"],
        {"fingerprint": fingerprint, "change_reason": "等级更正"},
        follow=True,
    )

    assert self_media_level() == "一等奖"
    assert [str(m) for m in response.context["messages"]] == [
        "导入完成:新增 0 行,修改 1 行,不变 53 行,跳过 0 行。"
    ]
    assert PendingImport.objects.count() == 0


def test_preview_on_one_server_and_confirm_on_another(edition_2022, settings, make_organizer):
    user = make_organizer()
    server_a, server_b = client_for(user), client_for(user)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"}
    }
    preview = server_a.get(upload(server_a, changed_workbook(edition_2022))["Location"])
    fingerprint = preview.context["confirm_form"].initial["fingerprint"]
    # The second server has its own cache and its own temp folder.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    cache.clear()

    with tempfile.TemporaryDirectory() as other_tmp:
        settings.FILE_UPLOAD_TEMP_DIR = other_tmp
        server_b.post(
            preview.request["PATH_INFO"], {"fingerprint": fingerprint, "change_reason": "更正"}
        )

    assert self_media_level() == "一等奖"


def test_another_user_cannot_confirm_someone_elses_preview(edition_2022, make_organizer):
    owner_client = client_for(make_organizer("owner"))
    preview = owner_client.get(upload(owner_client, changed_workbook(edition_2022))["Location"])
    fingerprint = preview.context["confirm_form"].initial["fingerprint"]

    client_for(make_organizer("other")).post(
        preview.request["PATH_INFO"], {"fingerprint": fingerprint}
    )

    assert self_media_level() == ""


def test_bad_file_shows_its_message_and_keeps_nothing(edition_2022, make_organizer):
    client = client_for(make_organizer())

    preview = client.get(upload(client, b"", name="empty.xlsx")["Location"], follow=True)

    assert [str(i) for i in preview.context["error"].issues] == ["文件是空的。"]
    assert PendingImport.objects.count() == 0


def test_upload_over_the_limit_is_refused_before_parsing(edition_2022, settings, make_organizer):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100

    response = upload(client_for(make_organizer()), b"x" * 101, name="big.csv")

    assert response.context["form"].errors["file"] == [
        "文件太大(101\xa0字节),上限是 100\xa0字节。请拆分后分批导入。"
    ]
    assert PendingImport.objects.count() == 0


def test_row_errors_are_listed_and_no_confirm_button_is_offered(edition_2022, make_organizer):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book["2022年优秀自媒体"]["B2"] = "李伯青"
    book["2022年优秀自媒体"]["D2"] = None  # 对象类型
    book["2022年优秀自媒体"]["J2"] = None  # 对象网址标识: a row typed by hand
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(make_organizer())

    preview = client.get(upload(client, buffer.getvalue())["Location"])

    assert preview.context["plan"].issue_lines() == [
        "工作表「2022年优秀自媒体」第2行「获奖对象」:找不到『李伯青』,你是不是要找『李伯清』?"
        "如果是新的获奖对象,请在「对象类型」中选择类型。"
    ]
    assert "确认导入" not in preview.text


def test_viewer_cannot_import_but_can_export(edition_2022):
    client = client_for(viewer())

    refused = client.get("/admin/awards/edition/workbook/import/")
    exported = client.get("/admin/awards/edition/workbook/export/?year=2022&format=xlsx")

    assert refused.status_code == 403
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="summit-awards-2022.xlsx"'
    assert load_workbook(io.BytesIO(exported.content)).sheetnames[1:3] == ["届次", "榜单"]


def test_staff_without_view_permission_cannot_export(edition_2022):
    user = User.objects.create_user("nobody", password="pw", is_staff=True)

    response = client_for(user).get("/admin/awards/edition/workbook/export/?year=2022")

    assert response.status_code == 403


@pytest.mark.parametrize(("kind", "start"), [("csv", b"\xef\xbb\xbf"), ("json", b"{")])
def test_export_in_csv_and_json(edition_2022, kind, start, make_organizer):
    response = client_for(make_organizer()).get(
        f"/admin/awards/edition/workbook/export/?year=2022&format={kind}"
    )

    assert response.content.startswith(start)


def test_template_download_is_a_workbook(db, make_organizer):
    response = client_for(make_organizer()).get("/admin/awards/edition/workbook/template/")

    assert response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "填写说明"


def test_import_export_permissions_follow_settings(edition_2022, make_organizer):
    organizer_client, viewer_client = client_for(make_organizer()), client_for(viewer())

    assert organizer_client.get("/admin/awards/nominee/import/").status_code == 200
    assert viewer_client.get("/admin/awards/nominee/import/").status_code == 403
    assert viewer_client.get("/admin/awards/nominee/export/").status_code == 200


def test_per_model_import_preview_and_confirm_on_different_servers(
    edition_2022, settings, make_organizer
):
    user = make_organizer()
    server_a, server_b = client_for(user), client_for(user)
    content = "名称,类型\n成都发布,媒体\n新账号,自媒体\n".encode("gbk")

    dry_run = server_a.post(
        "/admin/awards/nominee/import/",
        {
            "resource": 0,
            "format": 0,
            "import_file": SimpleUploadedFile("n.csv", content, content_type="text/csv"),
        },
    )
    confirm = dry_run.context["confirm_form"].initial
    with tempfile.TemporaryDirectory() as other_tmp:
        settings.FILE_UPLOAD_TEMP_DIR = other_tmp
        tempfile.tempdir, saved = other_tmp, tempfile.tempdir
        try:
            server_b.post("/admin/awards/nominee/process_import/", confirm)
        finally:
            tempfile.tempdir = saved

    assert Nominee.objects.get(name="成都发布").kind == "media"
    assert Nominee.objects.get(name="新账号").kind == "self_media"
    assert PendingImport.objects.count() == 0


def test_per_model_import_shows_chinese_reason_for_unreadable_file(edition_2022, make_organizer):
    response = client_for(make_organizer()).post(
        "/admin/awards/nominee/import/",
        {
            "resource": 0,
            "format": 1,
            "import_file": SimpleUploadedFile("n.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xx"),
        },
    )

    assert response.context["form"].errors["import_file"] == [
        "无法读取这个工作簿(CalamineError)。"
        "请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx,再导入。"
    ]


def test_abandoned_previews_older_than_a_day_are_purged(db):
    old = PendingImport.objects.create(kind="workbook", content=b"x")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    fresh = PendingImport.objects.create(kind="workbook", content=b"y")
    out = io.StringIO()

    call_command("purge_pending_imports", stdout=out)

    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert out.getvalue() == "已删除 1 个过期的导入预览。\n"
