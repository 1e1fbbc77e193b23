"""The apply stage writes new awards and their history rows as simple_history would."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from awards.importing import services, workbook
from awards.models import Award
from tests.test_import_workbook import wipe

pytestmark = pytest.mark.django_db


def test_new_awards_and_history_rows_keep_every_value(edition_2022):
    moment = timezone.make_aware(datetime.datetime(2023, 1, 2, 3, 4, 5))
    Award.objects.filter(award_list__slug="self-media", position=1).update(
        withdrawn_at=moment, withdrawal_reason="撤销原因", rank=3, level="一等奖"
    )
    before = list(Award.objects.order_by("award_list__slug", "position").values())
    data = workbook.export_workbook(edition_2022)
    wipe()
    user = User.objects.create_user("importer", is_staff=True)
    # The fixture's own first history rows (awards.corrections, 载入初始数据) stay behind.
    started = timezone.now()

    services.apply_import(data, "x.xlsx", user=user)

    after = list(Award.objects.order_by("award_list__slug", "position").values())
    history = Award.history.filter(history_type="+", history_date__gte=started)
    withdrawn = history.get(withdrawn_at__isnull=False)
    # Verification codes are not in the workbook: an import into an empty database mints new
    # ones (an import over existing awards keeps theirs, tests/test_verification.py).
    ids = {"id": 0, "award_list_id": 0, "nominee_id": 0, "verification_code": ""}
    assert [{**row, **ids, "case_id": bool(row["case_id"])} for row in after] == [
        {**row, **ids, "case_id": bool(row["case_id"])} for row in before
    ]
    assert history.count() == len(after)
    assert {h.id for h in history} == {row["id"] for row in after}
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {
        (user.pk, "表格导入")
    }
    assert (withdrawn.withdrawn_at, withdrawn.withdrawal_reason, withdrawn.rank) == (
        moment,
        "撤销原因",
        3,
    )
