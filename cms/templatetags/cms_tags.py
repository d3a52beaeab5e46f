from django import template
from django.utils.html import format_html
from wagtail.models import Site

from cms.selectors import catalogue_item_by_code

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The sections under the site's home page, for the site header."""
    site = Site.find_for_request(context.get("request"))
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu()


@register.simple_tag(takes_context=True)
def site_search_url(context) -> str:
    site = Site.find_for_request(context.get("request"))
    root = site.root_page.specific if site else None
    return root.url + root.reverse_subpage("search") if hasattr(root, "reverse_subpage") else ""


@register.simple_tag(takes_context=True)
def catalogue_item_link(context, code: str, text: str = ""):
    """A link to a catalogue item's guide page; the plain name when there is no
    catalogue page, nothing when the item is gone from the catalogue."""
    from cms.models import CataloguePage

    item = catalogue_item_by_code(code)
    if item is None:
        return ""
    catalogue = CataloguePage.objects.live().first()
    label = text or item.name
    if catalogue is None:
        return format_html("<p>{}</p>", label)
    url = catalogue.url + catalogue.reverse_subpage("item", args=(item.pk,))
    return format_html('<p class="item-link"><a href="{}">{}</a></p>', url, label)
