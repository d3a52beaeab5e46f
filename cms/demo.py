"""Demo of the public site: the page tree at the default site's root (home, agent
directory, policy explainers from the five seed documents, catalogue, zones) and the
moderation workflow on the explainers. Everything else the pages show comes live from
the CRM's own demo."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from cms.apps import MODERATOR_GROUP, editor_page_permissions_sync
from cms.explainers import SEEDS, explainer_body
from cms.models import (
    AgentBiography,
    AgentDirectoryPage,
    CataloguePage,
    HomePage,
    PolicyExplainerPage,
    PolicyIndexPage,
    StandardPage,
    ZoneIndexPage,
)

HOME_INTRO = (
    "<p>投资项目代办服务中心为企业投资项目提供<b>全程免费代办</b>：企业首次联系的代办员即为该项目的负责人"
    "（首问负责制），从立项到竣工验收全程跟踪，直至正式移交。</p>"
    "<p>每个审批事项都有承诺时限（不超过法定时限的一半）。企业开办3个工作日、不动产登记5个工作日、"
    "工业建设项目施工许可50个工作日——下表是近12个月的实际办结情况，每日自动更新。</p>"
)
SECTIONS = [
    (AgentDirectoryPage, "directory", "代办员名录", "<p>找到您所在区域、熟悉您项目类型的代办员，免费为您代办。</p>"),
    (PolicyIndexPage, "policies", "政策解读", "<p>相关改革文件的要点，以问答的形式说明。</p>"),
    (CataloguePage, "catalogue", "代办事项目录", "<p>可以代办的审批事项、所需材料和办理时限。</p>"),
    (ZoneIndexPage, "zones", "园区区域评估", "<p>已完成区域评估的园区，项目落地可直接使用评估成果。</p>"),
]
# A page of editors' prose (StandardPage), linked from the home page's sections.
ABOUT = (
    "about",
    "关于代办服务",
    (
        "<h2>我们做什么</h2><p>代办服务中心的专职代办员为企业投资项目<b>无偿代办</b>审批手续：从项目立项、"
        "规划许可、施工许可到竣工验收，代为准备材料、提交申请、跟踪进度、领取结果。</p>"
        "<h2>三项承诺</h2><ul><li>首问负责：企业首次联系的代办员负责到底，直至项目正式移交。</li>"
        "<li>一次告知：接洽时一次性告知项目所需的全部材料，不让企业补第二次清单。</li>"
        "<li>限时办结：每个事项都有承诺时限，不超过法定时限的一半。</li></ul>"
    ),
)
WORKFLOW_NAME = "政策解读审核"
# The moderator who approves what the demo's editor (crm/demo.py) submits.
MODERATOR = {"username": "moderator", "full_name": "郑文博", "phone": "0515-88201021"}


def _child(parent: Page, model, slug: str, **fields) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    return parent.add_child(instance=model(slug=slug, **fields)), True


def _home() -> tuple[HomePage, int]:
    """The home page at the default site's root (Wagtail's "Welcome" page goes)."""
    created = 0
    if Collection.get_first_root_node() is None:  # a flushed database has no libraries' root either
        Collection.add_root(name="全部文件")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a flushed database (the browser tests' live server) has no tree
            Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
            root = Page.add_root(title="全部页面", slug="root")
        home = root.add_child(instance=HomePage(title="投资项目代办服务", slug="site", intro=HOME_INTRO))
        created += 1
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="投资项目代办服务")
    elif site.root_page_id != home.pk:
        welcome = site.root_page
        site.root_page = home
        site.save(update_fields=["root_page"])
        if type(welcome.specific) is Page and not welcome.get_children().exists():
            welcome.delete()
    return home, created


def _workflow(policies: Page) -> int:
    """Explainers and agents' biographies are published after a moderator (门户审核)
    approves them."""
    from django.contrib.auth.models import Group

    if WorkflowPage.objects.filter(page=policies).exists():
        return 0
    moderators, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task, _ = GroupApprovalTask.objects.get_or_create(name="门户审核员审核")
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(page=policies, workflow=workflow)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(AgentBiography), defaults={"workflow": workflow}
    )
    return 1


def _moderator() -> int:
    """The moderator's account, in the group 门户审核 (with the editor's role, so they land on
    the editor's page and reach the Wagtail admin)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from crm.accounts.models import User
    from crm.accounts.roles import GROUP_NAMES, Role
    from crm.demo import DEMO_PASSWORD

    user = User.objects.filter(username=MODERATOR["username"]).first()
    created = user is None
    if created:
        user = User(**MODERATOR, password=make_password(DEMO_PASSWORD))
        user.full_clean()
        user.save()
    user.groups.add(Group.objects.get(name=MODERATOR_GROUP), Group.objects.get(name=GROUP_NAMES[Role.EDITOR]))
    return int(created)


def load(stdout) -> int:
    with transaction.atomic():
        home, created = _home()
        # What a migrate grants (editors write and publish, 门户审核 reviews), also on a flushed
        # database whose page tree the demo has just made.
        editor_page_permissions_sync(sender=None)
        created += _moderator()
        pages = {}
        for model, slug, title, intro in SECTIONS:
            pages[slug], new = _child(home, model, slug, title=title, intro=intro, show_in_menus=True)
            created += new
        slug, title, body = ABOUT
        created += _child(home, StandardPage, slug, title=title, body=body, show_in_menus=True)[1]
        for seed in SEEDS:
            created += _child(
                pages["policies"],
                PolicyExplainerPage,
                seed.slug,
                title=seed.title,
                document_number=seed.document_number,
                issuing_body=seed.issuing_body,
                issued_on=seed.issued_on,
                summary=seed.summary,
                body=explainer_body(seed),
            )[1]
        created += _workflow(pages["policies"])
    stdout.write(
        f"门户网站：首页、{len(SECTIONS)} 个栏目、政策解读 {len(SEEDS)} 篇（新建 {created} 项），政策解读须经审核后发布"
        f"（编辑 editor 提交，审核员 {MODERATOR['username']} 批准）"
    )
    return created
