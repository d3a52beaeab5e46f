"""Logging filters."""

import logging

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
