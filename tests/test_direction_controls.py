"""Bidirectional controls (U+202A–U+202E, U+2066–U+2069) never reach a name, title or reason:
refused with a Chinese message by full_clean (admin, imports, services), stripped where text is
cleaned (awards.text.clean_text: spreadsheet cells, reasons)."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Award, Nominee
from awards.text import DIRECTION_CONTROLS, clean_text
from tests.factories import AwardFactory, EditionFactory, NomineeFactory

pytestmark = pytest.mark.django_db

SPOOF = "XSSRTL\u202egnp.exe\u202c"
CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_direction_control_is_stripped_by_clean_text(control):
    assert clean_text(f" 成都{control}发布 ") == "成都发布"


def test_nominee_name_with_override_is_refused_in_chinese():
    nominee = Nominee(name=SPOOF, kind=Nominee.Kind.ACCOUNT)

    with pytest.raises(ValidationError) as refused:
        nominee.full_clean()

    assert refused.value.message_dict["name"] == [
        "不能包含改变文字方向的隐藏控制字符(U+202A–U+202E、U+2066–U+2069):"
        "它们会让文字显示成另一个样子。请删去后再保存。"
    ]


def test_edition_name_with_isolate_is_refused():
    edition = EditionFactory.build(year=2033, name="2033\u2067峰会\u2069")

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert list(refused.value.message_dict) == ["name"]


def test_withdrawal_reason_loses_its_controls():
    award = AwardFactory()

    services.withdraw_award(award=award, reason="\u202e抄袭\u202c")

    assert Award.objects.get(pk=award.pk).withdrawal_reason == "抄袭"


def test_admin_refuses_the_spoofed_name_with_the_chinese_message(client):
    client.force_login(User.objects.create_superuser("root", password="x-secret-42"))
    nominee = NomineeFactory(name="成都发布")

    response = client.post(
        f"/admin/awards/nominee/{nominee.pk}/change/",
        {"name": SPOOF, "kind": "account", "aliases": "", "description": "", "url": ""},
    )

    assert response.status_code == 200
    assert "不能包含改变文字方向的隐藏控制字符" in response.content.decode()
    assert Nominee.objects.get(pk=nominee.pk).name == "成都发布"
    assert DIRECTION_CONTROLS.search(SPOOF)
