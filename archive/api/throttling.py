"""Rate limits for anonymous clients, read from settings when each request is checked."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from ..security import client_ip_address


class AnonymousRateThrottle(AnonRateThrottle):
    """
    DRF's per-address limit for anonymous clients. DRF's own class reads the rates once, at
    import; this one reads `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]` each time, so a
    changed setting takes effect at once. An empty rate means no limit.

    Clients are told apart by the address the admin's lock-out uses (`client_ip_address`):
    DRF's own `get_ident` keys them by the whole X-Forwarded-For header, which a client writes
    itself, so a new header each time meant a new allowance each time.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip_address(request)
