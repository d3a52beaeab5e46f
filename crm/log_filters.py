"""Logging filters."""

import logging
import time

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404

CLIENT_ERRORS = (PermissionDenied, Http404, SuspiciousOperation)


class OneLineClientErrors(logging.Filter):
    """A refused or missing page (403, 404, 400 for a suspicious request) is the client's
    doing, not a fault: log its one line ("Forbidden (Permission denied): /path") without
    the traceback. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, CLIENT_ERRORS) and getattr(record, "status_code", 400) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class OnceAMinute(logging.Filter):
    """For a library that logs a traceback every time it retries (channels_redis' pub/sub
    receiver, every second while Redis is down): the same message passes at most once a
    minute, as one line naming the error."""

    seconds = 60

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._last: dict[tuple[str, str], float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        if now - self._last.get(key, float("-inf")) < self.seconds:
            return False
        self._last[key] = now
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            record.msg = f"{record.msg} ({type(error).__name__}: {error}; repeats are silenced for a minute)"
            record.exc_info = None
            record.exc_text = None
        return True
