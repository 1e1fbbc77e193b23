"""A process serving public pages never loads the word segmenter or pypinyin (issue 21).

Together they are about 90 MB per worker. Public pages spell names from the forms stored with
them (awards.pinyin.stored_forms, docs/romanization.md), so only writers load them.
"""

import json
import os

import pytest

from tests.processes import last_json, run_python

DICTIONARIES = ("pypinyin", "rjieba")

# A fresh database with the 2022 record, as a deployment has it (migrate, then the fixture).
_SETUP = r"""
import summit.wsgi
from django.core.management import call_command

call_command("migrate", verbosity=0)
call_command("loaddata", "summit_2022", "site_chengdu", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
"""

# What a preloaded gunicorn worker runs: summit.wsgi, then public requests.
_SERVE = r"""
import json, sys
import summit.wsgi
from django.test import Client

loaded_at_start = [name for name in ("pypinyin", "rjieba") if name in sys.modules]
client = Client(HTTP_HOST="127.0.0.1")
answers = {}
for path in sys.argv[1:]:
    response = client.get(path)
    answers[path] = [response.status_code, response.content.decode()]
print(json.dumps({
    "loaded_at_start": loaded_at_start,
    "loaded": sorted(name for name in ("pypinyin", "rjieba") if name in sys.modules),
    "answers": answers,
}))
"""

PATHS = (
    "/2022/",
    "/en/2022/",
    "/nominees/chengdu-fabu/",
    "/en/nominees/chengdu-fabu/",
    "/search/?q=chengdu",
    "/en/search/?q=cdfb",
    "/search/?q=成都",
)


@pytest.fixture
def production_env(tmp_path):
    # The production profile (DEBUG off) on a database file of its own.
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "summit.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "lean-worker-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/lean.sqlite3",
        "CACHE_URL": "dummy://",
        "LOG_LEVEL": "CRITICAL",
    }


def test_a_public_worker_serves_pages_and_search_without_the_dictionaries(production_env):
    run_python(_SETUP, production_env)

    served = last_json(run_python(_SERVE, production_env, *PATHS))

    assert {path: status for path, (status, _body) in served["answers"].items()} == dict.fromkeys(
        PATHS, 200
    )
    assert served["loaded_at_start"] == []
    assert served["loaded"] == []
    # The stored forms did the spelling: the English page shows the reading aid, and a pinyin
    # query found and highlighted the name.
    english = served["answers"]["/en/nominees/chengdu-fabu/"][1]
    assert '<span class="romanized">(Chengdu Fabu)</span>' in english
    found = served["answers"]["/search/?q=chengdu"][1]
    assert "<mark>成都</mark>发布" in found


def test_a_worker_that_saves_a_name_loads_them(production_env):
    run_python(_SETUP, production_env)
    save = (
        "import json, sys, summit.wsgi\n"
        "from awards.models import Nominee\n"
        "nominee = Nominee.objects.get(slug='chengdu-fabu')\n"
        "nominee.aliases = ['蓉城发布']\n"
        "nominee.save()\n"
        "loaded = sorted(n for n in ('pypinyin', 'rjieba') if n in sys.modules)\n"
        "print(json.dumps([loaded, nominee.pinyin]))\n"
    )

    loaded, stored = last_json(run_python(save, production_env))

    assert loaded == ["pypinyin", "rjieba"]
    assert json.loads(stored)["蓉城发布"] == [["蓉城", ["rong", "cheng"]], ["发布", ["fa", "bu"]]]
