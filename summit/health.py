"""/healthz: is this instance able to answer? One trivial database query, nothing else."""

import time

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    """200 with {"status": "ok"} when the database answers, 503 otherwise.

    No session, template, cache or ORM model is touched, so the answer costs one round trip
    to the database. The SSL redirect skips this path (SECURE_REDIRECT_EXEMPT) so that a load
    balancer can probe over plain HTTP.
    """
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": type(error).__name__},
            status=503,
        )
    return JsonResponse(
        {"status": "ok", "database_ms": round((time.perf_counter() - started) * 1000, 1)}
    )
