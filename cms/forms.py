"""Wagtail's document and image forms with the checks every upload gets
(crm/uploads.py): size limit and type by content."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from crm.uploads import DOCUMENT_KINDS, IMAGE_KINDS, UploadValidator


def _checked(form, kinds):
    file = form.cleaned_data.get("file")
    if isinstance(file, UploadedFile):
        UploadValidator(kinds)(file)
    return file


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        return _checked(self, DOCUMENT_KINDS)


class ImageForm(BaseImageForm):
    def clean_file(self):
        return _checked(self, IMAGE_KINDS)
