import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled


class TokenGuessing(Throttled):
    default_detail = _("错误令牌尝试次数过多，请稍后再试。")
    default_code = "throttled"


def token_failure_keys(address: str | None) -> tuple[str, str]:
    base = f"crm:api-token-failures:{address or 'unknown'}"
    return base, f"{base}:until"


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # no token offered: nothing to count
        count_key, until_key = token_failure_keys(get_client_ip_address(request))
        if (cache.get(count_key) or 0) >= settings.API_TOKEN_FAILURE_LIMIT:
            until = cache.get(until_key) or time.time()
            raise TokenGuessing(wait=max(1, round(until - time.time())))
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            window = settings.API_TOKEN_COOLOFF_SECONDS
            # The window starts at the first wrong token and is not extended by later ones.
            cache.add(until_key, time.time() + window, window)
            cache.add(count_key, 0, window)
            try:
                cache.incr(count_key)
            except ValueError:  # expired between add and incr
                cache.set(count_key, 1, window)
            raise
