"""System packages some tests need, and what happens when one is missing.

Without the package such a test skips, naming the apt command that installs it; under
SUMMIT_REQUIRE_SYSTEM_PACKAGES=1 (set by .ci/run, which installs them all) it fails instead.
Mark a test or module with `@pytest.mark.system_packages("fonts-noto-cjk", …)`; the hook in
tests/conftest.py does the rest. (The browser tests have their own switch,
SUMMIT_REQUIRE_BROWSER, in tests/browser/conftest.py.)
"""

import ctypes.util
import functools
import os
import shutil
import subprocess

import pytest


def _font_family_installed(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return family in listing


# Debian package name: (is it usable here?, apt package to install).
CHECKS = {
    "fonts-noto-cjk": lambda: _font_family_installed("Noto Serif CJK SC"),
    "poppler-utils": lambda: shutil.which("pdftotext") is not None,
    "libzbar0": lambda: ctypes.util.find_library("zbar") is not None,
    "libreoffice-calc-nogui": lambda: shutil.which("soffice") is not None,
}


@functools.cache
def missing(package: str) -> bool:
    return not CHECKS[package]()


def require(*packages: str) -> None:
    """Skip (or fail under SUMMIT_REQUIRE_SYSTEM_PACKAGES=1) when a package is missing."""
    absent = [package for package in packages if missing(package)]
    if not absent:
        return
    command = "sudo apt-get install " + " ".join(absent)
    if os.environ.get("SUMMIT_REQUIRE_SYSTEM_PACKAGES") == "1":
        pytest.fail(f"Required system packages are missing: {command}")
    pytest.skip(f"needs {', '.join(absent)}: {command}")
