"""Checks every service shares."""

from django.core.exceptions import ValidationError
from django.db import models


def text_required(value: str, error: models.TextChoices) -> str:
    """The text stripped, or the refusal ``error`` (its label and code) when it is empty."""
    if not (value or "").strip():
        raise ValidationError(error.label, code=error.value)
    return value.strip()
