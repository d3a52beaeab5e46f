"""Absolute links (calendar feeds, e-mails, QR codes, the printed notice's form links).

Where the system is reached decides them, in this order:

1. ``CRM_SITE_URL``, when set: the one public address (behind a proxy, the address users type);
2. the request's own address (scheme, host and port the user reached), when there is a request;
3. ``CRM_DEFAULT_SITE_URL`` for work without a request (e-mails sent by the Celery worker): the
   run command sets it from its ``--host`` and ``--port`` for the processes it starts.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest | None = None) -> str:
    """The address the system is reached at, without a trailing slash."""
    if settings.CRM_SITE_URL:
        return settings.CRM_SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.CRM_DEFAULT_SITE_URL.rstrip("/")


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    return site_url(request) + "/" + path.lstrip("/")


def site_host() -> str:
    """The host name that names this system in identifiers (calendar UIDs): the configured
    address, never a request's, so one event keeps one UID however the feed is reached."""
    return urlsplit(settings.CRM_SITE_URL or settings.CRM_DEFAULT_SITE_URL).hostname or "localhost"
