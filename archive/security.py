"""
Who is asking: the client's address, as the admin's login lock-out (django-axes) and the API's
rate limit both see it, so that neither can be dodged by a header the client writes.

Without a proxy the address is the socket's peer; X-Forwarded-For then comes from the client
and is ignored. Behind a TLS proxy (DJANGO_BEHIND_TLS_PROXY) every request arrives from the
proxy, so the proxy's word is taken instead: it appends the real client address to
X-Forwarded-For, and the right-most entry is the one it wrote. Entries further left come from
the client and could be forged, so they are never trusted.

Also the page a locked-out address sees.
"""

import math

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_ip_address(request):
    """The address our own proxy saw the request come from, or the socket peer without one."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """
    The page django-axes shows a locked-out address (AXES_LOCKOUT_CALLABLE): status 429, how
    long to wait in whole minutes, and a Retry-After header saying the same to machines.
    """
    wait = settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    response = render(
        request,
        "admin/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": minutes,
            "site_title": admin.site.site_title,
            "site_header": admin.site.site_header,
        },
        status=429,
    )
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response
