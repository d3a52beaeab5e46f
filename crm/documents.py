"""Printed documents (the one-time notice, a visit's record) as PDF, made by WeasyPrint.

One font configuration per process: WeasyPrint builds a new one (fontconfig set-up) for every
document unless given one. WeasyPrint and Pango are not documented as safe to share between
threads, so documents of one process are made one at a time (the work is CPU-bound under the
GIL anyway)."""

import functools
import threading

_render_lock = threading.Lock()


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
