import pytest
from wagtail.models import Page, Site

from cms.models import AgentDirectoryPage, CataloguePage, HomePage, PolicyExplainerPage, PolicyIndexPage, ZoneIndexPage


@pytest.fixture
def site_tree(db):
    """The public site's tree as the demo builds it: a home page at the default site's
    root with its four sections and one explainer."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="投资项目代办服务", slug="site-home", intro="<p>免费代办</p>"))
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    welcome.delete()  # Wagtail's "Welcome to your new Wagtail site!", which the demo removes too
    sections = {}
    for key, model, title, slug in (
        ("directory", AgentDirectoryPage, "代办员名录", "directory"),
        ("policies", PolicyIndexPage, "政策解读", "policies"),
        ("catalogue", CataloguePage, "代办事项目录", "catalogue"),
        ("zones", ZoneIndexPage, "园区区域评估", "zones"),
    ):
        sections[key] = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
    explainer = sections["policies"].add_child(
        instance=PolicyExplainerPage(
            title="不见面审批改革解读",
            slug="bujianmian",
            issuing_body="盐都区人民政府办公室",
            document_number="都政办发〔2017〕95号",
            summary="企业开办3个工作日、不动产登记5个工作日、工业项目施工许可50个工作日。",
            body=[
                ("question_answer", {"question": "什么是3550？", "answer": "<p>三个目标时限。</p>"}),
                ("key_figure", {"figure": "3 / 5 / 50", "unit": "个工作日", "caption": "3550目标"}),
            ],
        )
    )
    return {"home": home, "explainer": explainer, **sections}
