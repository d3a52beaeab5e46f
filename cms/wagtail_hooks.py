from wagtail import hooks

from crm.uploads import file_response


# Last, after Wagtail's own hook that enforces collection view restrictions.
@hooks.register("before_serve_document", order=100)
def document_serve(document, request):
    """Every document goes out through the one safe file response (type by content,
    nosniff, sandbox) instead of Wagtail's, which trusts the file's extension. Wagtail
    takes only a plain HttpResponse from this hook, so the file is read whole (documents
    are at most CRM_UPLOAD_MAX_BYTES)."""
    return file_response(document.file, download_name=document.filename, streaming=False)
