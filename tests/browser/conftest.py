"""Playwright on Debian's Chromium. Never downloads a browser (`playwright install` is not used).

Without /usr/bin/chromium the browser tests skip, unless SUMMIT_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("SUMMIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here.")
        pytest.skip("needs chromium: sudo apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture
def screenshot(page, request):
    """Save a named screenshot under SCREENSHOT_DIR/<test name>/ (CI keeps the folder)."""
    root = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts/screenshots"))
    folder = root / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _page_settles(request):
    """Let the page finish its own requests (favicon, share images, charts) before the test
    ends: a request still running on the live server when the test database goes away fails
    in the server's thread, after the test itself passed."""
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    if page is not None and not page.is_closed():
        # A page that never settles is the test's own business, not this fixture's.
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=5_000)
