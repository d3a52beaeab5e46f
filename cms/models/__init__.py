"""The public site's models: its page types (pages.py) and what its visitors write
(contact.py, which cms/services.py imports without the pages that call it)."""

from cms.models.contact import *
from cms.models.pages import *
