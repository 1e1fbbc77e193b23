"""A workbook exported on one site imports into another, empty site as the same record (issue 22).

Site A is the test database. Site B is a second, empty database that `manage.py` migrates, fills
and dumps in a child process, as an organizer moving from a test site to the real one would:
a second SQLite file, or, when the tests run on PostgreSQL (as CI does), a second database on
the same server.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from awards import services
from awards.importing import workbook
from awards.models import Award, Case, Nominee

ROOT = Path(settings.BASE_DIR)
RECORD = ("awards.edition", "awards.awardlist", "awards.nominee", "awards.case", "awards.award")


def public_record(dump: str) -> list:
    """The record tables by natural keys, in a fixed order: ids and row order differ by site.

    Left out: the moment of the last write, and the certificates' verification codes, which a
    workbook does not carry (each site issues its own certificates).
    """
    records = json.loads(dump)
    for record in records:
        record["fields"].pop("updated_at", None)
        record["fields"].pop("verification_code", None)
    return sorted(records, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))


def dump_here() -> list:
    out = io.StringIO()
    call_command("dumpdata", *RECORD, natural_foreign=True, natural_primary=True, stdout=out)
    return public_record(out.getvalue())


class SiteB:
    """An empty second site: its own database, reached only through manage.py."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.url, self._drop = self._create()

    def _create(self):
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.folder / 'site-b.sqlite3'}", None
        import psycopg

        db = connection.settings_dict
        name = f"{db['NAME']}_site_b"
        server = {
            "host": db["HOST"] or "localhost",
            "port": db["PORT"] or 5432,
            "user": db["USER"],
            "password": db["PASSWORD"],
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

        url = "postgres://{user}:{password}@{host}:{port}/".format(**server) + name
        return url, drop

    def manage(self, *args) -> str:
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "summit.settings"}
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def dump(self) -> list:
        dumped = self.manage("dumpdata", *RECORD, "--natural-foreign", "--natural-primary")
        return public_record(dumped)

    def close(self):
        if self._drop is not None:
            self._drop()


@pytest.fixture
def site_b(tmp_path):
    site = SiteB(tmp_path)
    site.manage("migrate", "--noinput", "-v", "0")
    yield site
    site.close()


@pytest.fixture
def corrected_2022(edition_2022):
    """The 2022 record after a corrected case title, a corrected nominee name (its 网址标识
    stays the old name's) and a withdrawal."""
    case = Case.objects.get(title="运动让生活更美好——推动体育运动更好融入人民群众的美好生活")
    case.title = "运动让生活更美好:推动体育运动更好融入人民群众的美好生活"
    case.save()
    nominee = Nominee.objects.get(name="微成都")
    nominee.name = "微成都(更正)"
    nominee.save()
    award = Award.objects.filter(award_list__slug="self-media").order_by("position")[1]
    # To the second: a spreadsheet cell keeps no microseconds (awards.importing.cells).
    moment = timezone.now().replace(microsecond=0)
    services.withdraw_award(award=award, reason="经核实不符合评选条件", now=moment)
    return edition_2022


@pytest.mark.django_db
def test_workbook_from_site_a_gives_site_b_the_same_record(corrected_2022, site_b, tmp_path):
    path = tmp_path / "2022.xlsx"
    path.write_bytes(workbook.export_workbook(corrected_2022))
    record_a = dump_here()

    imported = site_b.manage("import_awards", str(path))
    record_b = site_b.dump()

    assert imported.strip() == "导入完成:新增 54 行,修改 0 行,不变 0 行,跳过 0 行。"
    assert record_b == record_a


@pytest.mark.django_db
def test_second_import_into_site_b_changes_nothing(corrected_2022, site_b, tmp_path):
    path = tmp_path / "2022.xlsx"
    path.write_bytes(workbook.export_workbook(corrected_2022))
    site_b.manage("import_awards", str(path))
    first = site_b.dump()

    again = site_b.manage("import_awards", str(path))

    assert again.strip() == "导入完成:文件与数据库一致,没有需要更改的内容(54 行不变,0 行跳过)。"
    assert site_b.dump() == first
