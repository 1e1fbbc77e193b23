"""Uploads are stored under random names: a draft's seal is at no guessable address."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from awards.certificates.models import CertificateDesign
from awards.identity.models import SiteSettings
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _png(name="seal.png"):
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 0, 0, 255)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_draft_seal_is_stored_under_a_random_name_and_not_its_own(client):
    draft = EditionFactory(year=2031, draft=True)

    design = CertificateDesign.objects.create(edition=draft, seal=_png("seal.png"))

    guessed = client.get("/media/certificates/seals/seal.png")
    stored = client.get(f"/media/{design.seal.name}")
    b"".join(stored.streaming_content)  # read to the end, which closes the file

    assert re.fullmatch(r"certificates/seals/[0-9a-f]{32}\.png", design.seal.name)
    assert (guessed.status_code, stored.status_code) == (404, 200)


def test_two_uploads_of_one_name_get_two_names():
    first = CertificateDesign.objects.create(edition=EditionFactory(year=2031), seal=_png())
    second = CertificateDesign.objects.create(edition=EditionFactory(year=2032), seal=_png())

    assert first.seal.name != second.seal.name


def test_site_logo_gets_a_random_name_too():
    identity = SiteSettings.get_solo()
    identity.logo = _png("logo.PNG")
    identity.save()

    assert re.fullmatch(r"site/[0-9a-f]{32}\.png", identity.logo.name)
