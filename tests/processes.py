"""A second Python process for tests that need one fresh (worker start-up, lean workers)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(script: str, env: dict, *args: str, timeout: int = 300) -> str:
    """Run `script` with `python -c` from the project folder; its stdout (fails on exit != 0)."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    ).stdout


def last_json(output: str):
    """The JSON a script printed last (Django may print before it)."""
    return json.loads(output.strip().splitlines()[-1])
