from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def widgets_started_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("cms/admin_init.js"))
