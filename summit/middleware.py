"""Request logging: one line per request on stdout, with method, path, status and duration."""

import logging
import time

logger = logging.getLogger("summit.request")

# Paths whose successful answers are not logged: a load balancer probes them every few
# seconds, and those lines would drown the real traffic. Failures are still logged.
QUIET_PATHS = frozenset({"/healthz"})


class RequestLogMiddleware:
    """Times the whole stack below it, static files and redirects included.

    It sits first in MIDDLEWARE so that the duration covers every other middleware and the
    status is the one the client receives. Gunicorn's own access log stays off, so each
    request is logged exactly once, in the same format under runserver and gunicorn.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        if request.path in QUIET_PATHS and response.status_code < 400:
            return response
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s %.1fms",
            request.method,
            # Percent-encoded, so a decoded %0A cannot start a forged second line.
            request.get_full_path(),
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
            },
        )
        return response
