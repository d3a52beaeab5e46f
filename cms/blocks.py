"""StreamField blocks shared by the public site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("解答"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("问答")
        template = "cms/blocks/question_answer.html"


class KeyFigureBlock(blocks.StructBlock):
    """A figure the policy promises, such as "3 / 5 / 50 个工作日"."""

    figure = blocks.CharBlock(label=_("数字"), max_length=40)
    unit = blocks.CharBlock(label=_("单位"), max_length=20, required=False)
    caption = blocks.CharBlock(label=_("说明"), max_length=120)

    class Meta:
        icon = "table"
        label = _("关键数字")
        template = "cms/blocks/key_figure.html"


class CatalogueLinkBlock(blocks.StructBlock):
    """A link to an item of the proxy-item catalogue (its guide page), by item code."""

    item_code = blocks.CharBlock(label=_("事项编码"), max_length=40)
    text = blocks.CharBlock(label=_("链接文字"), max_length=120, required=False)

    class Meta:
        icon = "link"
        label = _("代办事项链接")
        template = "cms/blocks/catalogue_link.html"


EXPLAINER_BLOCKS = [
    ("question_answer", QuestionAnswerBlock()),
    ("text", blocks.RichTextBlock(label=_("正文"), features=["h3", "bold", "link", "ol", "ul"])),
    ("key_figure", KeyFigureBlock()),
    ("catalogue_link", CatalogueLinkBlock()),
]
