"""The client IP django-axes counts login failures against, proxy-aware by configuration.

django-axes 8 reads AXES_IPWARE_* settings only when django-ipware is installed, which it
is not here; without this callable every client behind a proxy would share the proxy's
address and one attacker could lock everybody out.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    """The first configured header that holds an address, honouring AXES_PROXY_COUNT.

    With N trusted proxies in front, each appends the address it saw to
    X-Forwarded-For, so the client is the N-th entry from the right; entries further
    left were written by the client itself and cannot be trusted.
    """
    proxy_count = settings.SUMMIT_PROXY_COUNT
    for header in settings.SUMMIT_IP_HEADERS:
        addresses = [part.strip() for part in request.META.get(header, "").split(",")]
        addresses = [address for address in addresses if address]
        if not addresses:
            continue
        if not proxy_count:
            # No proxy count given: the header is taken as it is (the proxy overwrites it).
            return addresses[0]
        if len(addresses) >= proxy_count:
            return addresses[-proxy_count]
        # Fewer entries than proxies: the request did not come through them; try the next.
    return request.META.get("REMOTE_ADDR")
