"""Schemathesis against the live API: every operation of /api/v1/openapi.json, generated
inputs (valid and invalid), every check on. The answers must match the document: statuses,
content types, bodies, headers. Runs the schemathesis CLI against pytest's live server with the
2022 fixture loaded, bounded in examples and time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
EXAMPLES = os.environ.get("SUMMIT_SCHEMATHESIS_EXAMPLES", "25")


@pytest.mark.django_db(transaction=True)
def test_live_api_matches_its_openapi_document(live_server, tmp_path):
    from django.core.management import call_command

    call_command("loaddata", "summit_2022", verbosity=0)

    result = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            EXAMPLES,
            "--seed",
            "17",
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " 0 failures" in result.stdout or "No issues found" in result.stdout, result.stdout
