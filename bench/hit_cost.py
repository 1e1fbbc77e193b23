"""In-process cost of one request through the WSGI handler: a cached page (uncompressed and
brotli), a static file, the data-state check a hit makes, and the state query it runs at most
every 250 ms. Run by bench/bench_pages.py; prints one JSON line.

No HTTP server and no load tool: this separates what the app spends per request from what
gunicorn, the kernel and the load tool add.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402

from awards import datastate  # noqa: E402

application = get_wsgi_application()


def call(path: str, accept_encoding: str = "") -> int:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9",
        "HTTP_ACCEPT_ENCODING": accept_encoding,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    status = []
    body = application(environ, lambda s, h: status.append(s))
    size = sum(len(chunk) for chunk in body)
    if hasattr(body, "close"):
        body.close()
    assert status[0].startswith("200"), (path, status)
    return size


def per_call_us(func, repeat: int) -> float:
    func()
    best = []
    for _ in range(5):  # the best of five batches: the machine is shared
        started = time.perf_counter()
        for _ in range(repeat):
            func()
        best.append((time.perf_counter() - started) / repeat * 1e6)
    return round(min(best), 1)


def main():
    page, static = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    result = {
        "page_us": per_call_us(lambda: call(page), repeat),
        "static_us": per_call_us(lambda: call(static), repeat),
        "page_br_us": per_call_us(lambda: call(page, "gzip, deflate, br"), repeat),
        "static_br_us": per_call_us(lambda: call(static, "gzip, deflate, br"), repeat),
        # What a hit spends on the data state now, and the query it replaced (run at most
        # once per PUBLIC_CACHE_STALENESS_MS per process).
        "state_check_us": per_call_us(datastate.token, repeat),
        "state_query_us": per_call_us(datastate.refresh, repeat),
        "healthz_us": per_call_us(lambda: call("/healthz"), repeat),
    }
    result["in_process_ratio"] = round(result["static_us"] / result["page_us"], 3)
    result["in_process_ratio_br"] = round(result["static_br_us"] / result["page_br_us"], 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
