"""Uploads: refused by size before they are read or stored, nothing left behind, previews expire."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from awards.importing.models import PendingImport
from tests.test_import_admin import client_for, upload

pytestmark = pytest.mark.django_db

NOMINEE_IMPORT = "/admin/awards/nominee/import/"
WORKBOOK_IMPORT = "/admin/awards/edition/workbook/import/"


def per_model_upload(client, content: bytes, name="n.csv", fmt=0):
    return client.post(
        NOMINEE_IMPORT,
        {"resource": 0, "format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def stale_preview() -> PendingImport:
    pending = PendingImport.objects.create(kind="resource", content=b"old")
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    return pending


@pytest.mark.parametrize("url", [NOMINEE_IMPORT, WORKBOOK_IMPORT])
def test_upload_far_over_the_limit_is_refused_before_its_body_is_read(
    edition_2022, settings, url, make_organizer
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100 * 1024
    big = SimpleUploadedFile("big.xlsx", b"x" * (1024 * 1024))

    response = client_for(make_organizer()).post(
        url, {"resource": 0, "format": 1, "file": big, "import_file": big}
    )

    assert response.status_code == 302
    assert response["Location"] == url
    assert not hasattr(response.wsgi_request, "_files")  # Django never parsed the body
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "文件太大(1.0\xa0MB),上限是 100.0\xa0KB。请拆分后分批导入。"
    ]
    assert PendingImport.objects.count() == 0


def test_anonymous_oversized_post_is_refused_with_413(db, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024

    response = Client().post(
        NOMINEE_IMPORT, {"import_file": SimpleUploadedFile("x", b"x" * 200_000)}
    )

    assert response.status_code == 413
    assert not hasattr(response.wsgi_request, "_files")


def test_per_model_upload_just_over_the_limit_is_refused_before_it_is_stored(
    edition_2022, settings, make_organizer
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100

    response = per_model_upload(client_for(make_organizer()), "名称,类型\n".encode() + b"x" * 101)

    assert response.context["form"].errors["import_file"] == [
        "文件太大(115\xa0字节),上限是 100\xa0字节。请拆分后分批导入。"
    ]
    assert PendingImport.objects.count() == 0


def test_per_model_upload_that_cannot_be_read_leaves_nothing_stored(edition_2022, make_organizer):
    response = per_model_upload(
        client_for(make_organizer()), b"PK\x03\x04broken", name="n.xlsx", fmt=1
    )

    assert response.context["form"].errors["import_file"] == ["文件已损坏,无法作为 .xlsx 打开。"]
    assert PendingImport.objects.count() == 0


def test_per_model_upload_with_row_errors_leaves_nothing_stored(edition_2022, make_organizer):
    response = per_model_upload(client_for(make_organizer()), "名称,类型\n新账号,公众号\n".encode())

    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert PendingImport.objects.count() == 0


def test_per_model_preview_keeps_its_file_until_confirmed(edition_2022, make_organizer):
    response = per_model_upload(client_for(make_organizer()), "名称,类型\n新账号,自媒体\n".encode())

    assert response.context["confirm_form"] is not None
    assert PendingImport.objects.count() == 1


@pytest.mark.parametrize("kind", ["per-model", "workbook"])
def test_each_new_upload_purges_previews_older_than_a_day(edition_2022, kind, make_organizer):
    old = stale_preview()
    client = client_for(make_organizer())

    if kind == "per-model":
        per_model_upload(client, "名称,类型\n新账号,自媒体\n".encode())
    else:
        upload(client, b"", name="empty.xlsx")

    assert not PendingImport.objects.filter(pk=old.pk).exists()


def test_preview_older_than_a_day_cannot_be_confirmed_even_before_a_purge(
    edition_2022, make_organizer
):
    user = make_organizer()
    pending = PendingImport.objects.create(kind="workbook", user=user, content=b"x")
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    response = client_for(user).get(f"{WORKBOOK_IMPORT}{pending.pk}/", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "这次导入已过期或已完成,请重新上传文件。"
    ]
