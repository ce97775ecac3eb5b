"""
Rate limits for anonymous clients, read from settings when each request is checked, and told to
clients in the IETF draft's `RateLimit-*` headers on every API response.
"""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from ..security import client_ip_address

# Where the throttle leaves the headers for this request, on Django's request object (the
# throttle runs in the view, or in the page cache for a page it serves).
RATE_LIMIT_ATTRIBUTE = "_archive_rate_limit_headers"


class AnonymousRateThrottle(AnonRateThrottle):
    """
    DRF's per-address limit for anonymous clients. DRF's own class reads the rates once, at
    import; this one reads `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]` each time, so a
    changed setting takes effect at once. An empty rate means no limit.

    Clients are told apart by the address the admin's lock-out uses (`client_ip_address`):
    DRF's own `get_ident` keys them by the whole X-Forwarded-For header, which a client writes
    itself, so a new header each time meant a new allowance each time.

    After each check it notes the quota for the response (draft-ietf-httpapi-ratelimit-headers):
    `RateLimit-Limit` requests per window, `RateLimit-Remaining` of them, `RateLimit-Reset`
    seconds until the oldest counted request leaves the window (the window slides, so that is
    when the next request is allowed again after a 429, as `Retry-After` says), and
    `RateLimit-Policy` as `<limit>;w=<window seconds>`.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip_address(request)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None:
            django_request = getattr(request, "_request", request)
            setattr(django_request, RATE_LIMIT_ATTRIBUTE, self.quota_headers())
        return allowed

    def quota_headers(self):
        remaining = max(self.num_requests - len(self.history), 0)
        reset = self.duration - (self.now - self.history[-1]) if self.history else 0
        return {
            "RateLimit-Limit": str(self.num_requests),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(max(math.ceil(reset), 0)),
            "RateLimit-Policy": f"{self.num_requests};w={self.duration}",
        }


class RateLimitHeadersMiddleware:
    """
    Puts the quota the throttle noted on the response, whoever answered: the API view, the
    page cache, or a 304. It sits above the page cache, so that a kept page never keeps one
    client's quota for the next.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in getattr(request, RATE_LIMIT_ATTRIBUTE, {}).items():
            response[name] = value
        return response
