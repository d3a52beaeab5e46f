from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import AgentBiography
from cms.selectors import moderation_awaiting
from crm.uploads import file_response


@hooks.register("insert_global_admin_js")
def widgets_started_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("cms/admin_init.js"))


# Last, after Wagtail's own hook that enforces collection view restrictions.
@hooks.register("before_serve_document", order=100)
def document_serve(document, request):
    """Every document goes out through the one safe file response (type by content,
    nosniff, sandbox) instead of Wagtail's, which trusts the file's extension. Wagtail
    takes only a plain HttpResponse from this hook, so the file is read whole (documents
    are at most CRM_UPLOAD_MAX_BYTES)."""
    return file_response(document.file, download_name=document.filename, streaming=False)


class AgentBiographyViewSet(SnippetViewSet):
    """Editors add what the CRM does not hold: an agent's photo and biography."""

    model = AgentBiography
    icon = "user"
    menu_label = _("代办员简介")
    add_to_admin_menu = True
    list_display = ["agent"]


register_snippet(AgentBiographyViewSet)


class AwaitingModerationPanel(Component):
    """The dashboard's list of everything awaiting moderation, for editors as for
    moderators (Wagtail's own panels show a moderator what they may approve and an
    editor only what they submitted themselves)."""

    name = "cms_awaiting_moderation"
    template_name = "cms/admin/awaiting_moderation_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["states"] = moderation_awaiting()
        return context


@hooks.register("construct_homepage_panels")
def awaiting_moderation_on_the_dashboard(request, panels):
    panels.append(AwaitingModerationPanel())
