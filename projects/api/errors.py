"""One error body for the whole API: ``{"code": ..., "detail": "<中文说明>"}``, plus
``fields`` when the request data itself is malformed.

Status codes: 400 for a refusal a service explains (``ValidationError`` with its code)
and for malformed data (``invalid``); 401 without credentials; 403 when the user may
see the object but not do this to it; 404 for anything the user may not see; 409
when the item's state is not the one the action needs (``transition_not_allowed``)
or changed under the client (``concurrent_change``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT_CODES = frozenset({"transition_not_allowed", "concurrent_change"})


def _code_of(error: DjangoValidationError) -> str:
    errors = error.error_list if hasattr(error, "error_list") else [e for es in error.error_dict.values() for e in es]
    return next((e.code for e in errors if e.code), "invalid")


class ServiceRefusal(exceptions.APIException):
    """A service's ValidationError, carried through DRF's handler unchanged."""

    def __init__(self, error: DjangoValidationError):
        self.code = _code_of(error)
        self.status_code = status.HTTP_409_CONFLICT if self.code in CONFLICT_CODES else status.HTTP_400_BAD_REQUEST
        self.fields = error.message_dict if hasattr(error, "error_dict") else None
        super().__init__(detail="；".join(error.messages), code=self.code)


def _flatten(detail, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        return [
            m for key, value in detail.items() for m in _flatten(value, f"{key}：" if key != "non_field_errors" else "")
        ]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value, prefix)]
    return [f"{prefix}{detail}"]


def _body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, ServiceRefusal):
        body = {"code": exc.code, "detail": str(exc.detail)}
        if exc.fields:
            body["fields"] = exc.fields
        return body
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return {"code": "invalid", "detail": "；".join(_flatten(fields)), "fields": fields}
    return {"code": getattr(exc.detail, "code", None) or exc.default_code, "detail": str(exc.detail)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ServiceRefusal(exc)
    elif isinstance(exc, Http404):
        # Django's message names the model; a client learns only that it is not there.
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _body(exc)
    return response
