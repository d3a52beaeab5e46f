"""Kept for the import of ``projects/live.py`` only: the supervisors of a centre are
``agents.selectors.centre_supervisors``. Remove once that import reads from there."""

from agents.selectors import centre_supervisors

__all__ = ["centre_supervisors"]
