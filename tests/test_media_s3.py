"""Uploaded files on an S3-compatible bucket: a real S3 server (moto in server mode) on loopback."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.identity.models import SiteSettings
from tests.pagetext import attrs
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse
from tests.test_identity import _settings_form, png

pytestmark = pytest.mark.django_db

BUCKET = "summit-media"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto_server from moto[server], started for this module and stopped after it."""
    executable = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    port = _free_port()
    server = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=0.5)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    client.create_bucket(Bucket=BUCKET)
    # The same options summit/settings.py builds from MEDIA_S3_* variables.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                **CREDENTIALS,
                "querystring_auth": False,
                "location": "media",
                "file_overwrite": False,
                # MEDIA_S3_ACL: the bucket has no public policy, so each file is made public.
                "default_acl": "public-read",
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_logo_uploaded_in_admin_lands_in_the_bucket_and_pages_link_it(s3_storage, s3_endpoint):
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password="x-secret-42"))
    logo = png((12, 12), "blue")

    admin.post(
        "/admin/identity/sitesettings/",
        {
            **_settings_form(),
            "logo": SimpleUploadedFile("logo.png", logo, content_type="image/png"),
        },
    )

    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    stored = SiteSettings.get_solo().logo
    assert keys == [f"media/{stored.name}"]
    src = attrs(Client().get("/").content, "img", "src", "site-logo")
    assert src == [f"{s3_endpoint}/{BUCKET}/media/{stored.name}"]
    with urllib.request.urlopen(src[0], timeout=5) as response:
        assert response.read() == logo


def test_a_second_upload_gets_a_new_name_and_never_overwrites(s3_storage):
    first = SiteSettings.objects.create(name="某活动")
    first.logo.save("logo.png", SimpleUploadedFile("logo.png", png()))
    old_name = first.logo.name

    first.logo.save("logo.png", SimpleUploadedFile("logo.png", png(color="green")))

    keys = sorted(item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert first.logo.name != old_name
    assert keys == sorted([f"media/{old_name}", f"media/{first.logo.name}"])
