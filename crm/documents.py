"""Printed documents (the one-time notice, a visit's record) as PDF, made by WeasyPrint; a frozen
document's PDF is made once and kept (``pdf_of_frozen_html``).

One font configuration per process: WeasyPrint builds a new one (fontconfig set-up) for every
document unless given one. WeasyPrint and Pango are not documented as safe to share between
threads, so documents of one process are made one at a time (the work is CPU-bound under the
GIL anyway)."""

import functools
import hashlib
import logging
import threading

from django.core.cache import cache

logger = logging.getLogger(__name__)

_render_lock = threading.Lock()
# How long a document made once is kept (a frozen document's PDF never changes).
KEPT_SECONDS = 30 * 24 * 3600


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration  # heavy import (Pango, fonts): only where a PDF is made

    return FontConfiguration()


def pdf_from_html(html: str) -> bytes:
    """The PDF of a whole HTML document. No base URL: the documents carry their styles
    inline and no external resources, so WeasyPrint fetches nothing."""
    from weasyprint import HTML

    with _render_lock:
        return HTML(string=html).write_pdf(font_config=_font_config())


def pdf_of_frozen_html(html: str) -> bytes:
    """The PDF of a document that never changes once issued (the one-time notice): the
    same HTML makes the same PDF, so it is made once and kept in the cache under the
    HTML's digest; a later download costs the template, not the layout. A cache that is
    down only means making it again."""
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    try:
        kept = cache.get(key)
    except Exception:  # the cache is a saving, never a reason to fail a download
        logger.warning("document cache unreachable; making the PDF again", exc_info=True)
        kept = None
    if kept is not None:
        return kept
    pdf = pdf_from_html(html)
    try:
        cache.set(key, pdf, KEPT_SECONDS)
    except Exception:
        logger.warning("document cache unreachable; the PDF is not kept", exc_info=True)
    return pdf
