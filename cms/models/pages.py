"""The public site's page types. Pages that mirror CRM data (directory, catalogue,
zones) read it live through cms/selectors.py and agents' selectors: editors write
only the prose around it (and an agent's photo and biography)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PagePermissionTester,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from agents.models import ProxyAgent
from agents.selectors import agent_directory
from cms import selectors
from cms.blocks import EXPLAINER_BLOCKS
from cms.public_forms import (
    CatalogueFilterForm,
    ContactRequestForm,
    DirectoryFilterForm,
    SearchForm,
    StatusLookupForm,
)
from cms.search import bigrams
from crm.forms import bad_request

__all__ = [
    "AgentBiography",
    "AgentDirectoryPage",
    "BigramIndexed",
    "CataloguePage",
    "HomePage",
    "PolicyExplainerPage",
    "PolicyIndexPage",
    "StandardPage",
    "ZoneIndexPage",
]


class BigramIndexed:
    """Pages whose text the search index holds as Chinese bigrams (cms/search.py)."""

    bigram_fields: tuple[str, ...] = ()

    def search_bigrams(self) -> str:
        texts = [self.title, self.search_description]
        texts += [str(getattr(self, name) or "") for name in self.bigram_fields]
        return bigrams(" ".join(texts))


BIGRAM_SEARCH = index.SearchField("search_bigrams")


class WorkflowPermissionTester(PagePermissionTester):
    """Where a moderation workflow is on (the explainers), only a moderator (门户审核) or an
    administrator publishes: an editor, who may publish elsewhere, submits for review.
    Every door that publishes asks this (the editor's buttons, the create and edit views,
    bulk publishing, copies, the admin API)."""

    def _moderator(self) -> bool:
        from cms.apps import MODERATOR_GROUP

        return self.user.is_superuser or self.user.groups.filter(name=MODERATOR_GROUP).exists()

    def _publishes_here(self) -> bool:
        return self.page.get_workflow() is None or self._moderator()

    def can_publish(self) -> bool:
        return super().can_publish() and self._publishes_here()

    def can_publish_subpage(self) -> bool:
        return super().can_publish_subpage() and self._publishes_here()


class WorkflowPublishing:
    """Pages whose publishing follows their workflow (WorkflowPermissionTester)."""

    def permissions_for_user(self, user):
        return WorkflowPermissionTester(user, self)


# Requests to be contacted, per visitor address.
CONTACT_RATE = "5/h"

SECTION_TYPES = [
    "cms.AgentDirectoryPage",
    "cms.PolicyIndexPage",
    "cms.CataloguePage",
    "cms.ZoneIndexPage",
    "cms.StandardPage",
]


class SectionPage(WorkflowPublishing, BigramIndexed, Page):
    """A section under the home page: an editor-written introduction above the live part."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), BIGRAM_SEARCH]
    bigram_fields = ("intro",)
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True


class HomePage(WorkflowPublishing, BigramIndexed, RoutablePageMixin, Page):
    intro = RichTextField(_("服务介绍"), blank=True, features=["h2", "h3", "bold", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), BIGRAM_SEARCH]
    bigram_fields = ("intro",)
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_TYPES
    max_count = 1

    class Meta:
        verbose_name = _("门户首页")

    @path("search/")
    def search(self, request):
        """Pages of the site and items of the catalogue holding the words asked for."""
        form = SearchForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return bad_request(request, form, back=self.url)
        q = form.cleaned_data.get("q", "") if form.is_bound else ""
        pages = items = []
        if q:
            pages = list(Page.objects.live().descendant_of(self).search(bigrams(q), operator="and"))
            items = list(selectors.catalogue_items(q=q)[:50])
        catalogue = CataloguePage.objects.live().descendant_of(self).first()
        return self.render(
            request,
            context_overrides={"search_form": form, "q": q, "pages": pages, "items": items, "catalogue": catalogue},
            template="cms/search_page.html",
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = selectors.public_figures(timezone.localdate())
        context["status_form"] = StatusLookupForm()
        context["sections"] = self.get_children().live().in_menu().specific()
        return context


class StandardPage(WorkflowPublishing, BigramIndexed, Page):
    """A page of editor-written prose (服务指南, 联系我们, …)."""

    body = RichTextField(_("正文"), features=["h2", "h3", "bold", "link", "ol", "ul", "document-link", "image"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body"), BIGRAM_SEARCH]
    bigram_fields = ("body",)
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")


class AgentDirectoryPage(RoutablePageMixin, SectionPage):
    """Every agent in post, from agents' data; a visitor may ask one of them to call
    (``<agent pk>/contact/``, rate-limited per address)."""

    class Meta:
        verbose_name = _("代办员名录")

    @path("")
    def directory(self, request):
        form = DirectoryFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return bad_request(request, form, back=self.url)
        data = form.cleaned_data if form.is_bound else {}
        agents = agent_directory()
        if zone := data.get("zone"):
            agents = [agent for agent in agents if agent.zone_id == zone.pk]
        if speciality := data.get("speciality"):
            agents = [agent for agent in agents if speciality in agent.specialties]
        biographies = {bio.agent_id: bio for bio in AgentBiography.objects.filter(live=True).select_related("photo")}
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "agents": [(agent, biographies.get(agent.pk)) for agent in agents],
            },
        )

    @path("<int:agent_pk>/contact/")
    def contact(self, request, agent_pk):
        from cms.services import contact_request_record

        agent = next((agent for agent in agent_directory() if agent.pk == agent_pk), None)
        if agent is None:
            raise Http404
        form = ContactRequestForm(request.POST if request.method == "POST" else None)
        limited = request.method == "POST" and is_ratelimited(
            request, group="cms.contact", key="ip", rate=CONTACT_RATE, method="POST", increment=True
        )
        if limited:
            form.add_error(None, _("提交过于频繁，请稍后再试，或直接拨打代办员的电话。"))
        elif form.is_bound and form.is_valid():
            try:
                _request, created = contact_request_record(
                    agent=ProxyAgent.objects.get(pk=agent.pk), **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self.render(
                    request,
                    context_overrides={"agent": agent, "sent": True, "repeated": not created},
                    template="cms/contact_page.html",
                )
        response = self.render(
            request, context_overrides={"agent": agent, "form": form}, template="cms/contact_page.html"
        )
        if limited:
            response.status_code = 429
        return response


class PolicyIndexPage(SectionPage):
    subpage_types = ["cms.PolicyExplainerPage"]

    class Meta:
        verbose_name = _("政策解读栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["explainers"] = PolicyExplainerPage.objects.child_of(self).live().order_by("-issued_on", "title")
        return context


class PolicyExplainerPage(WorkflowPublishing, BigramIndexed, Page):
    document_number = models.CharField(_("文件编号"), max_length=100, blank=True)
    issuing_body = models.CharField(_("发文机关"), max_length=200)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    summary = models.TextField(_("摘要"), max_length=1000)
    body = StreamField(EXPLAINER_BLOCKS, verbose_name=_("解读内容"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("document_number"),
        FieldPanel("issuing_body"),
        FieldPanel("issued_on"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
        BIGRAM_SEARCH,
    ]
    bigram_fields = ("document_number", "issuing_body", "summary", "body")
    parent_page_types = ["cms.PolicyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政策解读")


class CataloguePage(RoutablePageMixin, SectionPage):
    """The proxy-item catalogue, and one guide page per item (``items/<pk>/``)."""

    class Meta:
        verbose_name = _("代办事项目录")

    @path("")
    def catalogue(self, request):
        form = CatalogueFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return bad_request(request, form, back=self.url)
        data = form.cleaned_data if form.is_bound else {}
        items = selectors.catalogue_items(department=data.get("department"), q=data.get("q", ""))
        return self.render(request, context_overrides={"filter_form": form, "items": items})

    @path("items/<int:item_pk>/")
    def item(self, request, item_pk):
        item = selectors.catalogue_item(item_pk)
        if item is None:
            raise Http404
        return self.render(request, context_overrides={"item": item}, template="cms/catalogue_item_page.html")


class ZoneIndexPage(RoutablePageMixin, SectionPage):
    """Every zone, and one page per zone (``<pk>/``) with its regional assessment
    reports in force."""

    class Meta:
        verbose_name = _("园区区域评估")

    @path("")
    def zones(self, request):
        return self.render(request, context_overrides={"zones": selectors.public_zones()})

    @path("<int:zone_pk>/")
    def zone(self, request, zone_pk):
        zone = get_object_or_404(selectors.public_zones(), pk=zone_pk)
        reports = selectors.zone_reports_in_force(zone, timezone.localdate())
        return self.render(request, context_overrides={"zone": zone, "reports": reports}, template="cms/zone_page.html")


class AgentBiography(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """What the directory shows of an agent beyond the CRM: a photo and a biography,
    published through the moderation workflow (the directory shows the live version)."""

    agent = models.OneToOneField(
        "agents.ProxyAgent", verbose_name=_("代办员"), on_delete=models.CASCADE, related_name="biography"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = RichTextField(_("个人简介"), blank=True, features=["bold", "link"])

    panels = [FieldPanel("agent"), FieldPanel("photo"), FieldPanel("biography")]

    class Meta:
        verbose_name = _("代办员简介")
        verbose_name_plural = _("代办员简介")

    def __str__(self) -> str:
        return str(self.agent)
