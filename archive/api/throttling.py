"""Rate limits for anonymous clients, read from settings when each request is checked."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """
    DRF's per-address limit for anonymous clients. DRF's own class reads the rates once, at
    import; this one reads `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]` each time, so a
    changed setting takes effect at once. An empty rate means no limit.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
