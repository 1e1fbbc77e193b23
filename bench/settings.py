"""Benchmark-only settings: production settings plus, when asked, cache-wrapped fallback views.

Used only when the public site's own views are not in the tree yet (BENCH_WRAP_VIEWS=1); the
figures then say so. Everything else is summit.settings unchanged.
"""

import os

from summit.settings import *  # noqa: F403

if os.environ.get("BENCH_WRAP_VIEWS") == "1":
    ROOT_URLCONF = "bench.urls_wrapped"
